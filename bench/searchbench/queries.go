package main

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// benchQuery is one query of the latency set: the text, where it comes
// from, and the filters of its filtered variant.
type benchQuery struct {
	Text     string
	Source   string // "werksoort", "esco", "coach", "typo"
	DayPart  plekwijzer.DayPart
	OrgKind  plekwijzer.OrganisationKind
	Postcode string
	Lat, Lon float64
}

// RadiusKm is the travel radius of every filtered query.
const RadiusKm = 15

// filterKinds are the organisation kinds the filtered queries ask for.
var filterKinds = []plekwijzer.OrganisationKind{"sociale-onderneming", "afdeling", "zorgaanbieder"}

// latencyQueries is the fixed query set: every work type name, 100 ESCO
// alternative labels, what coaches type and typos. It depends on the seed
// only, never on the size, so both sizes run the same queries.
func latencyQueries(wts []*workType, seedValue uint64) []benchQuery {
	rng := rand.New(rand.NewPCG(seedValue, 0x5eed))
	var texts []benchQuery
	for _, w := range wts {
		texts = append(texts, benchQuery{Text: w.Name, Source: "werksoort"})
	}
	labels := uniqueAltLabels(wts)
	rng.Shuffle(len(labels), func(i, j int) { labels[i], labels[j] = labels[j], labels[i] })
	n := min(100, len(labels))
	for _, l := range labels[:n] {
		texts = append(texts, benchQuery{Text: l, Source: "esco"})
	}
	for _, p := range coachPhrases {
		texts = append(texts, benchQuery{Text: p, Source: "coach"})
	}
	for _, p := range typoQueries {
		texts = append(texts, benchQuery{Text: p, Source: "typo"})
	}
	added := 0
	for _, l := range labels[n:] {
		if added == 20 {
			break
		}
		if t := typo(rng, l); t != "" {
			texts = append(texts, benchQuery{Text: t, Source: "typo"})
			added++
		}
	}
	var origins []geo.Postcode
	for _, pc := range pc4Filters {
		if p, ok := geo.Lookup(pc); ok {
			origins = append(origins, p)
		}
	}
	for i := range texts {
		q := &texts[i]
		q.DayPart = plekwijzer.DayParts[i%len(plekwijzer.DayParts)]
		q.OrgKind = filterKinds[i%len(filterKinds)]
		o := origins[i%len(origins)]
		q.Postcode, q.Lat, q.Lon = o.PC4, o.Point.Lat, o.Point.Lon
	}
	return texts
}

// uniqueAltLabels returns every ESCO alternative label once (by lower
// case), sorted.
func uniqueAltLabels(wts []*workType) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range wts {
		for _, l := range w.AltLabels {
			k := strings.ToLower(l)
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// relQuery is one query of the relevance set and the work types whose
// offers (and the work type itself) count as relevant hits.
type relQuery struct {
	Text     string
	Relevant map[string]bool // work type ids
}

// relevanceSets returns the relevance set — every ESCO alternative label
// of the occupations linked to a work type, relevant: that work type (or
// those, for a label two work types share) — and the same set with one
// typo in each query, for the labels that have a word long enough for
// one.
func relevanceSets(wts []*workType, seedValue uint64) (exact, typos []relQuery) {
	// A label is relevant to every work type that has it as a preferred
	// or an alternative label: "sloper" is an alternative label of one
	// occupation and the name of another.
	rel := map[string]map[string]bool{}
	for _, w := range wts {
		for _, l := range w.Labels {
			k := strings.ToLower(l)
			if rel[k] == nil {
				rel[k] = map[string]bool{}
			}
			rel[k][w.ID] = true
		}
	}
	rng := rand.New(rand.NewPCG(seedValue, 0x7e1))
	for _, l := range uniqueAltLabels(wts) {
		exact = append(exact, relQuery{Text: l, Relevant: rel[l]})
		if t := typo(rng, l); t != "" {
			typos = append(typos, relQuery{Text: t, Relevant: rel[l]})
		}
	}
	return exact, typos
}

// typo drops one letter, not the first or the last, from the longest word
// of s: "magazijnmedewerker" → "magazijnmedewerkr". "" when no word has
// six letters or more.
func typo(rng *rand.Rand, s string) string {
	words := strings.Fields(s)
	best := -1
	for i, w := range words {
		if n := utf8.RuneCountInString(w); n >= 6 && (best < 0 || n > utf8.RuneCountInString(words[best])) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	r := []rune(words[best])
	at := 1 + rng.IntN(len(r)-2)
	words[best] = string(append(r[:at:at], r[at+1:]...))
	return strings.Join(words, " ")
}
