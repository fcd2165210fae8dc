package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

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

// maxFallbackShare: the any-word fallback leaves out a word found in
// more than this share of the documents. Such a word ("werk") says
// nothing on its own, and "beschut werk" fell back to four in five
// offers, the slowest search of all (docs/BENCHMARKS.md).
const maxFallbackShare = 0.2

// Boosts. A hit in the title or the work type name says most; an ESCO
// label says the work is the same under another name; the description
// and the organisation say least. Typo and prefix matches count for less
// than the word itself.
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
	longFields  = exactFields[3:] // description and organisation
)

const (
	fuzzyBoost  = 0.3
	prefixBoost = 0.5
	codeBoost   = 3
	nameBoost   = 3
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

// plan is a checked query, ready to run.
type plan struct {
	words  []string // folded, lower case; none: every document, by title
	filter query.Query
	facets bool
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
	if err := ix.unavailable(); err != nil {
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
	res, err := ix.run(ctx, p)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		return nil, err
	}
	return res, nil
}

// run searches the current index, holding it for the search so a rebuild
// does not close it underneath. Documents must have every word; when
// none has, the words that are not everywhere are enough (the fallback):
// requiring every word first keeps the usual answer precise and small,
// so ranking and facets have less to count.
func (ix *Index) run(ctx context.Context, p *plan) (out *plekwijzer.SearchResult, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	idx, err := ix.currentLocked()
	var ie *indexError
	if errors.As(err, &ie) {
		return nil, errUnavailable // a failed repair left none open
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search: panic in index: %v", r)
		}
	}()
	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer r.Close()

	ws, err := ix.lookUp(ctx, r, p.words)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	all := true
	res, fc, err := ix.search(ctx, idx, p, textQuery(ws, p.words, all))
	if err == nil && res.Total == 0 && len(ws) > 1 {
		var rare []*queryWord
		rare, err = ix.rareWords(ctx, r, ws)
		if err == nil && len(rare) > 0 {
			ws, all = rare, false
			res, fc, err = ix.search(ctx, idx, p, textQuery(ws, p.words, all))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out = ix.result(res, p, ix.newMarker(ws, all))
	if fc != nil {
		out.Facets = fc.result()
	}
	return out, nil
}

// search runs the request for p with text query text on idx, counting
// the facets when p asks for them.
func (ix *Index) search(ctx context.Context, idx bleve.Index, p *plan, text query.Query) (*bleve.SearchResult, *facetCounter, error) {
	var fc *facetCounter
	if p.facets {
		fc = newFacetCounter()
		ctx = fc.collect(ctx)
	}
	res, err := idx.SearchInContext(ctx, ix.request(p, text))
	return res, fc, err
}

// request is the bleve request for plan p with text query text (nil:
// every document).
func (ix *Index) request(p *plan, text query.Query) *bleve.SearchRequest {
	top := p.filter
	if text != nil {
		// The filter as a second part of a conjunction, not bleve's
		// boolean filter: that one scores every text match before it
		// looks at the filter; here the two advance together, and a
		// document outside the filter is never scored. Unscored, the
		// filter is one bitmap and adds nothing to the score.
		top = bleve.NewConjunctionQuery(text, unscored{p.filter})
	}
	req := bleve.NewSearchRequestOptions(top, p.size, p.offset, false)
	req.Fields = []string{fieldPostcode}
	if text != nil {
		for _, h := range highlighted {
			req.Fields = append(req.Fields, h.stored)
		}
		// By score alone: a second key, even the id, makes bleve read
		// it for every match. Equal scores keep the index's order, the
		// same on every page.
		req.SortBy([]string{"-_score"})
	} else {
		req.Score = bleve.ScoreNone
		req.SortBy([]string{fieldSort, "_id"})
	}
	return req
}

// within is geo.Within of the area's centre, remembered: it measures
// the distance to every area of the country, and coaches search again and
// again from the same place with the same radius.
func within(origin *geo.Postcode, km float64) []string {
	return areas.get(areaKey{origin.PC4, km}, func(areaKey) []string { return geo.Within(origin.Point, km) })
}

type areaKey struct {
	pc4 string
	km  float64
}

var areas = newMemo[areaKey, []string](1000)

// unscored is a query that only selects: its searcher computes no score
// (0 for every document), so bleve can answer it from its posting bitmaps.
type unscored struct{ query.Query }

func (u unscored) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.Score = bleve.ScoreNone
	options.Explain = false
	options.IncludeTermVectors = false
	return u.Query.Searcher(ctx, r, m, options)
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
	p.words = words
	p.facets = !q.NoFacets
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
	return words(ix.mapping.AnalyzerNamed(analyzerFolded), text)
}

func words(folded analysis.Analyzer, text string) []string {
	var out []string
	for _, t := range folded.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
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
	facet := func(name, v string) query.Query { return term(fieldFacets, facetTerm(name, v)) }
	if q.Kind != "" {
		must = append(must, facet(facetKind, q.Kind))
	}
	if q.WorkTypeID != "" {
		must = append(must, facet(facetWorkType, q.WorkTypeID))
	}
	for _, d := range q.DayParts {
		must = append(must, facet(facetDayPart, string(d)))
	}
	if q.OrganisationKind != "" {
		must = append(must, facet(facetOrgKind, string(q.OrganisationKind)))
	}
	if q.Supervision != 0 {
		must = append(must, facet(facetSupervision, strconv.Itoa(q.Supervision)))
	}
	if q.PhysicalLoad != "" {
		must = append(must, facet(facetLoad, string(q.PhysicalLoad)))
	}
	if q.RadiusKm > 0 && origin != nil {
		// Offers sit at their area's centre, so "within the radius" is a
		// set of areas: term lookups, much cheaper than a geo query.
		// A very wide radius covers too many areas for that; then the
		// geo query is the cheaper one.
		inRadius := within(origin, q.RadiusKm)
		if len(inRadius) <= maxAreaTerms {
			near := []query.Query{term(fieldPostcode, origin.PC4)}
			for _, pc4 := range inRadius {
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
		must = append(must, bleve.NewDisjunctionQuery(facet(facetKind, plekwijzer.KindWorkType), statusQ))
	}
	return bleve.NewConjunctionQuery(must...)
}

// result turns bleve's answer into the domain's.
func (ix *Index) result(res *bleve.SearchResult, p *plan, m *marker) *plekwijzer.SearchResult {
	out := &plekwijzer.SearchResult{
		Hits:  make([]plekwijzer.SearchHit, 0, len(res.Hits)),
		Total: int(res.Total),
	}
	for _, h := range res.Hits {
		kind, id, ok := splitDocID(h.ID)
		if !ok {
			continue
		}
		hit := plekwijzer.SearchHit{Kind: kind, ID: id, Highlights: map[string][]string{}}
		if len(p.words) > 0 {
			if !math.IsNaN(h.Score) && !math.IsInf(h.Score, 0) {
				hit.Score = h.Score
			}
			ix.highlight(&hit, h.Fields, m)
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
	return out
}
