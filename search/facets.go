package search

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"

	"github.com/iederz/plekwijzer"
)

// facets are the facets of a result, by name, with the most values each
// lists. A work type counts under its own id in "werksoort", as a search
// for that work type finds it with its offers.
var facets = []struct {
	name string
	size int
}{
	{facetKind, 2},
	{facetWorkType, 50},
	{facetOrgKind, len(plekwijzer.OrganisationKinds)},
	{facetDayPart, len(plekwijzer.DayParts)},
	{facetSupervision, plekwijzer.MaxSupervision},
	{facetLoad, len(plekwijzer.Loads)},
}

// facetCounter counts the values of fieldFacets over every match of one
// search. bleve's terms facet does the same, but copies every value it
// sees into a new string (at 100 000 offers, half the cost of the
// facets); counting through pointers copies a value once.
type facetCounter struct {
	counts map[string]*int
}

func newFacetCounter() *facetCounter {
	return &facetCounter{counts: map[string]*int{}}
}

// collect returns ctx with a document match handler that counts each
// match's facet values before bleve's top-N collector takes the match.
func (c *facetCounter) collect(ctx context.Context) context.Context {
	var handler search.MakeDocumentMatchHandler = func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil {
			return nil, false, err
		}
		dvr, err := sctx.IndexReader.DocValueReader([]string{fieldFacets})
		if err != nil {
			return nil, false, err
		}
		return func(d *search.DocumentMatch) error {
			if d != nil {
				if err := dvr.VisitDocValues(d.IndexInternalID, c.visit); err != nil {
					return err
				}
			}
			return next(d)
		}, loadID, nil
	}
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, handler)
}

func (c *facetCounter) visit(_ string, term []byte) {
	if n, ok := c.counts[string(term)]; ok {
		*n++
		return
	}
	n := 1
	c.counts[string(term)] = &n
}

// result returns the counts per facet, largest first, each cut to its
// facet's size; every facet is there, if only as an empty list.
func (c *facetCounter) result() map[string][]plekwijzer.FacetCount {
	out := make(map[string][]plekwijzer.FacetCount, len(facets))
	for _, f := range facets {
		out[f.name] = []plekwijzer.FacetCount{}
	}
	for term, n := range c.counts {
		name, value, _ := strings.Cut(term, "=")
		if counts, ok := out[name]; ok {
			out[name] = append(counts, plekwijzer.FacetCount{Value: value, Count: *n})
		}
	}
	for _, f := range facets {
		counts := out[f.name]
		slices.SortFunc(counts, func(a, b plekwijzer.FacetCount) int {
			return cmp.Or(b.Count-a.Count, strings.Compare(a.Value, b.Value))
		})
		out[f.name] = counts[:min(len(counts), f.size)]
	}
	return out
}
