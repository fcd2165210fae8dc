package main

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
)

// textIndex is the first policy: text relevance, what a coach gets from a
// keyword search. An offer's words are those of its title, description,
// work type, organisation and the skills it asks and teaches; a person's
// words those of the work types they are interested in, their skills and
// their learning goals. An offer scores the sum over the words it shares
// with the person of each word's inverse document frequency over the
// offers (a bag of words, no bleve). Words are lower-cased, at least four
// letters, not a stop word, and cut to their first six letters (a crude
// stemmer: "fietsen" and "fietsenmaker" meet). Ties, common when a person
// has no recorded interests, are broken in a fixed pseudo-random order.
type textIndex struct {
	w     *world
	words map[string]map[string]bool // offer id → words
	idf   map[string]float64
}

// stopWords are frequent Dutch words of four letters or more.
var stopWords = map[string]bool{
	"deze": true, "door": true, "maar": true, "naar": true, "niet": true, "over": true, "voor": true, "zijn": true,
	"wordt": true, "worden": true, "kunnen": true, "samen": true, "werk": true, "werken": true, "eigen": true,
	"jouw": true, "alles": true, "goed": true, "veel": true, "daarna": true, "ook": true,
}

func newTextIndex(w *world, offers []*plekwijzer.OfferDoc) *textIndex {
	t := &textIndex{w: w, words: map[string]map[string]bool{}, idf: map[string]float64{}}
	df := map[string]int{}
	for _, d := range offers {
		o := d.Offer
		parts := []string{o.Title, o.Description, d.WorkTypeName, d.OrganisationName}
		for _, id := range slices.Concat(o.RequiredSkills, o.LearnableSkills) {
			if s, ok := w.skillByID[id]; ok {
				parts = append(parts, s.Name)
			}
		}
		ws := map[string]bool{}
		for _, p := range parts {
			for _, word := range words(p) {
				ws[word] = true
			}
		}
		t.words[o.ID] = ws
		for word := range ws {
			df[word]++
		}
	}
	for word, n := range df {
		t.idf[word] = math.Log(1 + float64(len(offers))/float64(n))
	}
	return t
}

// words splits text into normalised words.
func words(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(f)
		if len(r) < 4 || stopWords[f] {
			continue
		}
		out = append(out, string(r[:min(6, len(r))]))
	}
	return out
}

// query is the words of a person's recorded profile, sorted so that scores
// add up in the same order every run.
func (t *textIndex) query(p *plekwijzer.Participant) []string {
	var parts []string
	for _, id := range p.Interests {
		if wt, ok := t.w.wtByID[id]; ok {
			parts = append(parts, wt.Name)
		}
	}
	for _, s := range p.Skills {
		if sk, ok := t.w.skillByID[s.SkillID]; ok {
			parts = append(parts, sk.Name)
		}
	}
	for _, id := range p.LearningGoals {
		if sk, ok := t.w.skillByID[id]; ok {
			parts = append(parts, sk.Name)
		}
	}
	q := map[string]bool{}
	for _, p := range parts {
		for _, word := range words(p) {
			q[word] = true
		}
	}
	return sortedKeys(q)
}

// rank orders the offers that passed the hard constraints by text
// relevance alone.
func (t *textIndex) rank(ps *person, items []matching.Match, seed uint64) []matching.Match {
	q := t.query(ps.p)
	type scored struct {
		m     matching.Match
		score float64
		tie   uint64
	}
	all := make([]scored, len(items))
	for i, m := range items {
		score := 0.0
		for _, word := range q {
			if t.words[m.Offer.Offer.ID][word] {
				score += t.idf[word]
			}
		}
		all[i] = scored{m, score, tieBreak(seed, ps.p.ID, m.Offer.Offer.ID)}
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.tie, b.tie))
	})
	out := make([]matching.Match, len(all))
	for i, s := range all {
		out[i] = s.m
	}
	return out
}
