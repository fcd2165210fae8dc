package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// Limits of a search, beyond those of the root package.
const (
	// MaxSearchWords bounds the words of a query: every word becomes
	// several queries.
	MaxSearchWords = 32
	// MaxRadiusKm bounds the travel radius: the whole country fits in it.
	MaxRadiusKm = 300
	// DefaultTimeout bounds a search whose context has no deadline.
	DefaultTimeout = 2 * time.Second
)

// Typo tolerance and prefixes.
const (
	minFuzzyLen  = 5  // shorter words are matched as typed: one letter off is another word
	minFuzzy2Len = 10 // from this length two letters may be off (a two-edit automaton costs far more)
	maxFuzzyLen  = 40 // longer "words" are not words; spare the automaton
	minPrefixLen = 2
)

// maxAreaTerms is the largest number of postcode areas a radius filter
// looks up one by one (about 40 km around the city of Groningen).
const maxAreaTerms = 400

// Boosts. A hit in the title or the work type name says most; an ESCO
// label says the work is the same under another name; the description
// and the organisation say least. Typo and prefix matches count for less
// than the word itself, and a document with every word of a multi-word
// query beats one with some.
var (
	stemmedFields = []boosted{
		{fieldTitle, 3}, {fieldWorkTypeName, 3}, {fieldSynonyms, 2},
		{fieldDescription, 1}, {fieldOrganisation, 1}, {fieldEnvironment, 1},
	}
	exactFields = []boosted{
		{fieldTitle + exactSuffix, 3}, {fieldWorkTypeName + exactSuffix, 3}, {fieldSynonyms + exactSuffix, 2},
		{fieldDescription + exactSuffix, 1}, {fieldOrganisation + exactSuffix, 1},
	}
	// Typos are looked for in the names only (title, work type,
	// synonyms): each fuzzy clause builds a Levenshtein automaton and walks
	// a field's term dictionary with it, and with the descriptions included
	// that was the larger part of a query's time (docs/BENCHMARKS.md).
	fuzzyFields = exactFields[:3]
)

const (
	fuzzyBoost  = 0.3
	prefixBoost = 0.5
	allBoost    = 2 // the conjunction of every word
	codeBoost   = 3
)

type boosted struct {
	field string
	boost float64
}

// wordVariants maps formal or old Dutch word parts, which coaches meet
// in referral letters and indications, to the everyday word the
// catalogue uses. A word that contains one is also searched with the
// everyday word in its place: "rijwielhersteller" as "fietshersteller",
// an ESCO label of the bike mechanic. The parts are folded and lower
// case.
var wordVariants = []struct{ formal, everyday string }{
	{"rijwiel", "fiets"},
	{"tweewieler", "fiets"},
}

// facets names the facets of a result and the fields they count. A work
// type counts under its own id in "werksoort", as a search for that work
// type finds it with its offers.
var facets = []struct {
	name, field string
	size        int
}{
	{"soort", fieldKind, 2},
	{"werksoort", fieldWorkTypeID, 50},
	{"organisatieSoort", fieldOrgKind, len(plekwijzer.OrganisationKinds)},
	{"dagdeel", fieldFree, len(plekwijzer.DayParts)},
	{"begeleiding", fieldSupervision, plekwijzer.MaxSupervision},
	{"fysiekeBelasting", fieldLoad, len(plekwijzer.Loads)},
}

// plan is a checked query, ready to run.
type plan struct {
	text   query.Query // nil: every document, by title
	any    query.Query // when text finds nothing: any of the words (nil for one word)
	filter query.Query // at least the status filter
	offset int
	size   int
	origin *geo.Postcode // for distances
}

// Search runs q. EInvalid, naming the query keys of the API, for input it
// cannot take; an error wrapping context.DeadlineExceeded (or Canceled)
// when the search ran out of time. A context without a deadline gets
// DefaultTimeout.
func (ix *Index) Search(ctx context.Context, q plekwijzer.SearchQuery) (*plekwijzer.SearchResult, error) {
	p, err := ix.plan(q)
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	res, err := ix.run(ctx, ix.request(p, p.text))
	if err == nil && res.Total == 0 && p.any != nil {
		// Nothing has every word: show what has some of them. Requiring
		// every word first keeps the usual answer precise and small, so
		// ranking and facets have less to count.
		res, err = ix.run(ctx, ix.request(p, p.any))
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		return nil, err
	}
	return ix.result(res, p), nil
}

// request is the bleve request for plan p with text query text.
func (ix *Index) request(p *plan, text query.Query) *bleve.SearchRequest {
	var top query.Query = bleve.NewMatchAllQuery()
	if text != nil {
		top = text
	}
	if p.filter != nil {
		b := bleve.NewBooleanQuery()
		b.AddMust(top)
		b.AddFilter(p.filter) // narrows without touching the score
		top = b
	}
	req := bleve.NewSearchRequestOptions(top, p.size, p.offset, false)
	req.Fields = []string{fieldPostcode}
	if text != nil {
		for _, h := range highlighted {
			req.Fields = append(req.Fields, h.field)
		}
		req.IncludeLocations = true
		req.SortBy([]string{"-_score", "_id"})
	} else {
		req.Score = bleve.ScoreNone
		req.SortBy([]string{fieldSort, "_id"})
	}
	for _, f := range facets {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
	return req
}

// run searches the current index, holding it for the search so a rebuild
// does not close it underneath.
func (ix *Index) run(ctx context.Context, req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	idx, err := ix.currentLocked()
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search: panic in index: %v", r)
		}
	}()
	res, err = idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// plan checks q and builds its queries. Every problem is reported at
// once, by the API's query key.
func (ix *Index) plan(q plekwijzer.SearchQuery) (*plan, error) {
	var probs plekwijzer.Problems
	p := &plan{}

	text := strings.ToValidUTF8(q.Text, " ")
	var words []string
	if n := utf8.RuneCountInString(text); n > plekwijzer.MaxSearchTextLength {
		probs.Addf("q", "is %d tekens lang; gebruik hoogstens %d", n, plekwijzer.MaxSearchTextLength)
	} else {
		words = ix.words(text)
		if len(words) > MaxSearchWords {
			probs.Addf("q", "bevat %d woorden; gebruik hoogstens %d", len(words), MaxSearchWords)
		}
	}

	switch q.Kind {
	case "", plekwijzer.KindOffer, plekwijzer.KindWorkType:
	default:
		probs.Addf("soort", "onbekende waarde %q; kies uit %s, %s", q.Kind, plekwijzer.KindOffer, plekwijzer.KindWorkType)
	}
	if q.WorkTypeID != "" && !plekwijzer.ValidID(q.WorkTypeID) {
		probs.Add("werksoort", "is geen geldige id")
	}
	seen := map[plekwijzer.DayPart]bool{}
	for _, d := range q.DayParts {
		switch {
		case !d.Valid():
			probs.Addf("dagdeel", "onbekend dagdeel %q; kies uit %s", d, join(plekwijzer.DayParts))
		case seen[d]:
			probs.Addf("dagdeel", "%s staat er dubbel in", d)
		}
		seen[d] = true
	}
	if q.OrganisationKind != "" && !slices.Contains(plekwijzer.OrganisationKinds, q.OrganisationKind) {
		probs.Addf("organisatieSoort", "onbekende waarde %q; kies uit %s", q.OrganisationKind, join(plekwijzer.OrganisationKinds))
	}
	if q.Supervision != 0 && (q.Supervision < plekwijzer.MinSupervision || q.Supervision > plekwijzer.MaxSupervision) {
		probs.Addf("begeleiding", "moet %d (licht) tot en met %d (intensief) zijn", plekwijzer.MinSupervision, plekwijzer.MaxSupervision)
	}
	if q.PhysicalLoad != "" && !slices.Contains(plekwijzer.Loads, q.PhysicalLoad) {
		probs.Addf("fysiekeBelasting", "onbekende waarde %q; kies uit %s", q.PhysicalLoad, join(plekwijzer.Loads))
	}
	for _, s := range q.Statuses {
		if !slices.Contains(plekwijzer.OfferStatuses, s) {
			probs.Addf("status", "onbekende waarde %q; kies uit %s", s, join(plekwijzer.OfferStatuses))
		}
	}
	if q.Postcode != "" {
		pc, ok := geo.Lookup(q.Postcode)
		if !ok {
			probs.Add("postcode", "is geen bekende Nederlandse postcode, zoals 9712 of 9712 AB")
		} else {
			p.origin = &pc
		}
	}
	switch r := q.RadiusKm; {
	case math.IsNaN(r) || r < 0 || r > MaxRadiusKm:
		probs.Addf("straalKm", "moet groter dan 0 en hoogstens %d zijn", MaxRadiusKm)
	case r > 0 && q.Postcode == "":
		probs.Add("straalKm", "kan alleen samen met een postcode")
	}

	page := q.Page
	if page.Number == 0 {
		page.Number = 1
	}
	if page.Size == 0 {
		page.Size = plekwijzer.DefaultPageSize
	}
	pageOK := true
	if page.Number < 1 {
		probs.Add("pagina", "moet 1 of hoger zijn")
		pageOK = false
	}
	if page.Size < 1 || page.Size > plekwijzer.MaxPageSize {
		probs.Addf("paginaGrootte", "moet 1 tot en met %d zijn", plekwijzer.MaxPageSize)
		pageOK = false
	}
	if pageOK && (page.Number > plekwijzer.MaxSearchOffset || page.Offset()+page.Size > plekwijzer.MaxSearchOffset) {
		probs.Addf("pagina", "gaat voorbij de eerste %d resultaten; maak de zoekvraag nauwkeuriger", plekwijzer.MaxSearchOffset)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	p.offset, p.size = page.Offset(), page.Size

	p.text = ix.textQuery(words, true)
	if len(words) > 1 {
		p.any = ix.textQuery(words, false)
	}
	p.filter = filterQuery(q, p.origin)
	return p, nil
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// words splits text into folded, lower-case words. What a coach types is
// words, never query syntax: quotes, colons, pluses and asterisks are
// separators like spaces.
func (ix *Index) words(text string) []string {
	a := ix.mapping.AnalyzerNamed(analyzerFolded)
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// stopWord reports whether the Dutch analyzer drops w ("de", "met").
func (ix *Index) stopWord(w string) bool {
	return len(ix.mapping.AnalyzerNamed(analyzerStemmed).Analyze([]byte(w))) == 0
}

// textQuery builds the query for the words: for each word a disjunction
// of the word itself on the stemmed fields, the word with a typo or two
// on the folded fields, and, for the last word, what it begins (the coach
// may still be typing). With all, a document must match every word;
// without, any word, and one with every word ranks above. No words means
// every document. The work type code typed in full matches either way.
func (ix *Index) textQuery(words []string, all bool) query.Query {
	if len(words) == 0 {
		return nil
	}
	var per []query.Query
	for i, w := range words {
		if q := ix.wordQuery(w, i == len(words)-1); q != nil {
			per = append(per, q)
		}
	}
	var clauses []query.Query
	switch {
	case len(per) == 0:
	case all:
		clauses = append(clauses, bleve.NewConjunctionQuery(per...))
	default:
		if len(per) > 1 {
			every := bleve.NewConjunctionQuery(per...)
			every.SetBoost(allBoost)
			clauses = append(clauses, every)
		}
		clauses = append(clauses, per...)
	}
	code := bleve.NewTermQuery(strings.Join(words, "-"))
	code.SetField(fieldCode)
	code.SetBoost(codeBoost)
	clauses = append(clauses, code)
	return bleve.NewDisjunctionQuery(clauses...)
}

// wordQuery is the query for one word; nil for a stop word that is not
// being typed.
func (ix *Index) wordQuery(w string, last bool) query.Query {
	var d []query.Query
	n := utf8.RuneCountInString(w)
	forms := []string{w}
	for _, v := range wordVariants {
		if strings.Contains(w, v.formal) {
			forms = append(forms, strings.Replace(w, v.formal, v.everyday, 1))
		}
	}
	if !ix.stopWord(w) {
		for _, form := range forms {
			for _, f := range stemmedFields {
				m := bleve.NewMatchQuery(form)
				m.SetField(f.field)
				m.Analyzer = analyzerStemmed
				m.SetBoost(f.boost)
				d = append(d, m)
			}
		}
		if n >= minFuzzyLen && n <= maxFuzzyLen {
			fuzziness := 1
			if n >= minFuzzy2Len {
				fuzziness = 2
			}
			for _, f := range fuzzyFields {
				fq := bleve.NewFuzzyQuery(w)
				fq.SetField(f.field)
				fq.SetFuzziness(fuzziness)
				fq.SetBoost(f.boost * fuzzyBoost)
				d = append(d, fq)
			}
		}
	}
	if last && n >= minPrefixLen {
		for _, f := range exactFields {
			pq := bleve.NewPrefixQuery(w)
			pq.SetField(f.field)
			pq.SetBoost(f.boost * prefixBoost)
			d = append(d, pq)
		}
	}
	if len(d) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(d...)
}

// filterQuery narrows the results to what q asks for. Work types have no
// status, day-parts, organisation, supervision, load or place: a filter
// on any of those, or on a status other than open alone, means offers
// only.
func filterQuery(q plekwijzer.SearchQuery, origin *geo.Postcode) query.Query {
	term := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	var must []query.Query
	if q.Kind != "" {
		must = append(must, term(fieldKind, q.Kind))
	}
	if q.WorkTypeID != "" {
		must = append(must, term(fieldWorkTypeID, q.WorkTypeID))
	}
	for _, d := range q.DayParts {
		must = append(must, term(fieldFree, string(d)))
	}
	if q.OrganisationKind != "" {
		must = append(must, term(fieldOrgKind, string(q.OrganisationKind)))
	}
	if q.Supervision != 0 {
		must = append(must, term(fieldSupervision, strconv.Itoa(q.Supervision)))
	}
	if q.PhysicalLoad != "" {
		must = append(must, term(fieldLoad, string(q.PhysicalLoad)))
	}
	if q.RadiusKm > 0 && origin != nil {
		// Offers sit at their area's centre, so "within the radius" is a
		// set of areas: term lookups, much cheaper than a geo query.
		// A very wide radius covers too many areas for that; then the
		// geo query is the cheaper one.
		areas := geo.Within(origin.Point, q.RadiusKm)
		if len(areas) <= maxAreaTerms {
			near := []query.Query{term(fieldPostcode, origin.PC4)}
			for _, pc4 := range areas {
				near = append(near, term(fieldPostcode, pc4))
			}
			must = append(must, bleve.NewDisjunctionQuery(near...))
		} else {
			g := bleve.NewGeoDistanceQuery(origin.Point.Lon, origin.Point.Lat, strconv.FormatFloat(q.RadiusKm, 'f', 3, 64)+"km")
			g.SetField(fieldLocation)
			must = append(must, g)
		}
	}

	statuses := q.Statuses
	if len(statuses) == 0 {
		statuses = []plekwijzer.OfferStatus{plekwijzer.OfferOpen}
	}
	var st []query.Query
	for _, s := range statuses {
		st = append(st, term(fieldStatus, string(s)))
	}
	statusQ := bleve.NewDisjunctionQuery(st...)
	defaultStatus := !slices.ContainsFunc(statuses, func(s plekwijzer.OfferStatus) bool { return s != plekwijzer.OfferOpen })
	offersOnly := len(q.DayParts) > 0 || q.OrganisationKind != "" || q.Supervision != 0 ||
		q.PhysicalLoad != "" || q.RadiusKm > 0 || !defaultStatus
	if offersOnly {
		// Work types have no status, so this leaves them out.
		must = append(must, statusQ)
	} else {
		must = append(must, bleve.NewDisjunctionQuery(term(fieldKind, plekwijzer.KindWorkType), statusQ))
	}
	return bleve.NewConjunctionQuery(must...)
}

// result turns bleve's answer into the domain's.
func (ix *Index) result(res *bleve.SearchResult, p *plan) *plekwijzer.SearchResult {
	out := &plekwijzer.SearchResult{
		Hits:   make([]plekwijzer.SearchHit, 0, len(res.Hits)),
		Total:  int(res.Total),
		Facets: make(map[string][]plekwijzer.FacetCount, len(facets)),
	}
	for _, h := range res.Hits {
		kind, id, ok := splitDocID(h.ID)
		if !ok {
			continue
		}
		hit := plekwijzer.SearchHit{Kind: kind, ID: id, Highlights: map[string][]string{}}
		if p.text != nil && !math.IsNaN(h.Score) && !math.IsInf(h.Score, 0) {
			hit.Score = h.Score
		}
		if p.text != nil {
			highlight(&hit, h)
		}
		if p.origin != nil && kind == plekwijzer.KindOffer {
			if pc4, ok := h.Fields[fieldPostcode].(string); ok {
				if there, ok := geo.Lookup(pc4); ok {
					km := math.Round(geo.DistanceKm(p.origin.Point, there.Point)*10) / 10
					hit.DistanceKm = &km
				}
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	for _, f := range facets {
		counts := []plekwijzer.FacetCount{}
		if fr := res.Facets[f.name]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				counts = append(counts, plekwijzer.FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		slices.SortFunc(counts, func(a, b plekwijzer.FacetCount) int {
			return cmp.Or(b.Count-a.Count, strings.Compare(a.Value, b.Value))
		})
		out.Facets[f.name] = counts
	}
	return out
}

// highlighted fields: the stored field, the folded copy whose matches
// count too, and the key in SearchHit.Highlights per kind.
var highlighted = []struct {
	field           string
	offerKey, wtKey string
	whole           bool // show whole values (titles, labels), not fragments
	maxFragments    int
}{
	{fieldTitle, "titel", "naam", true, 1},
	{fieldDescription, "omschrijving", "omschrijving", false, 2},
	{fieldWorkTypeName, "werksoort", "werksoort", true, 1},
	{fieldOrganisation, "organisatie", "organisatie", true, 1},
	{fieldSynonyms, "synoniemen", "synoniemen", true, 3},
	{fieldEnvironment, "omgeving", "omgeving", true, 1},
}

func highlight(hit *plekwijzer.SearchHit, h *search.DocumentMatch) {
	for _, hf := range highlighted {
		values := storedStrings(h.Fields[hf.field])
		if len(values) == 0 {
			continue
		}
		spans := map[int][]span{} // value index → matched byte ranges
		for _, field := range []string{hf.field, hf.field + exactSuffix} {
			for _, locs := range h.Locations[field] {
				for _, l := range locs {
					i := 0
					if len(l.ArrayPositions) > 0 {
						i = int(l.ArrayPositions[0])
					}
					spans[i] = append(spans[i], span{int(l.Start), int(l.End)})
				}
			}
		}
		var frags []string
		for i, v := range values {
			if len(frags) >= hf.maxFragments {
				break
			}
			if len(spans[i]) == 0 {
				continue
			}
			if hf.whole {
				frags = append(frags, mark(v, spans[i], 0, len(v)))
			} else {
				frags = append(frags, fragments(v, spans[i], hf.maxFragments-len(frags))...)
			}
		}
		if len(frags) > 0 {
			key := hf.offerKey
			if hit.Kind == plekwijzer.KindWorkType {
				key = hf.wtKey
			}
			hit.Highlights[key] = frags
		}
	}
}

// storedStrings returns a stored field's values: one string, or several.
func storedStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}
