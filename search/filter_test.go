package search_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// bikes is a small world of bike repair offers to filter.
type bikes struct {
	*env
	near, other, far, closed, kitchen *plekwijzer.Offer
	workType                          string
}

func newBikes(t *testing.T, db *store.DB) *bikes {
	e := newEnv(t, db)
	b := &bikes{env: e, workType: seed.WorkTypeID("fietsenreparatie")}
	b.near = e.offer("fietsenreparatie", "Fietsen repareren in de Korrewegwijk", "Je plakt banden.", func(o *plekwijzer.Offer) {
		o.Supervision, o.PhysicalLoad = 1, plekwijzer.LoadLow
		o.Capacity = plekwijzer.Capacity{"ma-ochtend": 1, "di-ochtend": 2}
		o.Postcode = "9712"
	})
	b.other = e.offer("fietsenreparatie", "Fietsenwerkplaats gemeente", "Je knapt fietsen op.", func(o *plekwijzer.Offer) {
		o.OrganisationID = e.organisation("afdeling", "9723").ID
		o.Supervision, o.PhysicalLoad = 3, plekwijzer.LoadMedium
		o.Capacity = plekwijzer.Capacity{"ma-ochtend": 2}
		o.Postcode = "9723"
	})
	b.far = e.offer("fietsenreparatie", "Fietsen maken in Amsterdam", "Je repareert fietsen.", func(o *plekwijzer.Offer) {
		o.OrganisationID = e.organisation("zorgaanbieder", "1012").ID
		o.Supervision, o.PhysicalLoad = 2, plekwijzer.LoadHigh
		o.Capacity = plekwijzer.Capacity{"ma-ochtend": 1}
		o.Postcode = "1012"
	})
	b.closed = e.offer("fietsenreparatie", "Fietsenstalling", "Je beheert de fietsen.")
	_, err := db.UpdateOffer(e.ctx, b.closed.ID, plekwijzer.OfferUpdate{Status: ptr(plekwijzer.OfferClosed)}, 0)
	must(t, err)
	b.kitchen = e.offer("keuken-catering", "Lunch in de fietsenwinkel", "Je maakt broodjes.")
	// The only place on Monday morning at near is taken.
	e.book(b.near.ID, "ma-ochtend")
	e.catchUp()
	return b
}

func (b *bikes) find(q plekwijzer.SearchQuery) *plekwijzer.SearchResult {
	b.t.Helper()
	if q.Text == "" {
		q.Text = "fietsen"
	}
	q.Page = plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}
	return b.search(q)
}

// TestFilters: every filter narrows to what is really available, and
// filters that only offers have leave work types out.
func TestFilters(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		b := newBikes(t, db)
		all := []string{b.near.ID, b.other.ID, b.far.ID, b.kitchen.ID}
		tests := []struct {
			name      string
			q         plekwijzer.SearchQuery
			offers    []string
			workTypes bool // the bike repair work type is among the hits
		}{
			{"none: open offers and work types", plekwijzer.SearchQuery{}, all, true},
			{"closed only", plekwijzer.SearchQuery{Statuses: []plekwijzer.OfferStatus{plekwijzer.OfferClosed}}, []string{b.closed.ID}, false},
			{"open and closed", plekwijzer.SearchQuery{Statuses: []plekwijzer.OfferStatus{plekwijzer.OfferOpen, plekwijzer.OfferClosed}}, append(slices.Clone(all), b.closed.ID), false},
			{"open, said so", plekwijzer.SearchQuery{Statuses: []plekwijzer.OfferStatus{plekwijzer.OfferOpen}}, all, true},
			{"free on Monday morning", plekwijzer.SearchQuery{DayParts: []plekwijzer.DayPart{"ma-ochtend"}}, []string{b.other.ID, b.far.ID, b.kitchen.ID}, false},
			{"free on Tuesday morning", plekwijzer.SearchQuery{DayParts: []plekwijzer.DayPart{"di-ochtend"}}, []string{b.near.ID}, false},
			{"free on both", plekwijzer.SearchQuery{DayParts: []plekwijzer.DayPart{"ma-ochtend", "di-ochtend"}}, nil, false},
			{"organisation kind", plekwijzer.SearchQuery{OrganisationKind: "afdeling"}, []string{b.other.ID}, false},
			{"supervision", plekwijzer.SearchQuery{Supervision: 3}, []string{b.other.ID}, false},
			{"physical load", plekwijzer.SearchQuery{PhysicalLoad: plekwijzer.LoadHigh}, []string{b.far.ID}, false},
			{"within 20 km of Groningen", plekwijzer.SearchQuery{Postcode: "9712 AB", RadiusKm: 20}, []string{b.near.ID, b.other.ID, b.kitchen.ID}, false},
			{"postcode without radius only measures", plekwijzer.SearchQuery{Postcode: "9712"}, all, true},
			{"work type", plekwijzer.SearchQuery{WorkTypeID: b.workType}, []string{b.near.ID, b.other.ID, b.far.ID}, true},
			{"offers only", plekwijzer.SearchQuery{Kind: plekwijzer.KindOffer}, all, false},
			{"work types only", plekwijzer.SearchQuery{Kind: plekwijzer.KindWorkType}, nil, true},
			{"work types with an offer filter", plekwijzer.SearchQuery{Kind: plekwijzer.KindWorkType, Supervision: 1}, nil, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := b.find(tt.q)
				if got := ids(res, plekwijzer.KindOffer); !sameSet(got, tt.offers) {
					t.Errorf("offers %v, want %v", got, tt.offers)
				}
				wts := ids(res, plekwijzer.KindWorkType)
				if got := slices.Contains(wts, b.workType); got != tt.workTypes {
					t.Errorf("bike repair work type found: %v, want %v (work types %v)", got, tt.workTypes, wts)
				}
				if !tt.workTypes && len(wts) > 0 {
					t.Errorf("work types %v, want none", wts)
				}
				if tt.q.WorkTypeID != "" && !slices.Equal(wts, []string{b.workType}) {
					t.Errorf("work types %v, want only the one asked for", wts)
				}
				if res.Total != len(res.Hits) {
					t.Errorf("total %d, %d hits on one page", res.Total, len(res.Hits))
				}
			})
		}
	})
}

// TestDistance: with a postcode every offer says how far it is; work
// types do not.
func TestDistance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		b := newBikes(t, db)
		res := b.find(plekwijzer.SearchQuery{Postcode: "9712"})
		for _, h := range res.Hits {
			switch {
			case h.Kind == plekwijzer.KindWorkType && h.DistanceKm != nil:
				t.Errorf("work type %s has a distance", h.ID)
			case h.Kind == plekwijzer.KindOffer && h.DistanceKm == nil:
				t.Errorf("offer %s has no distance", h.ID)
			}
		}
		if d := hit(res, plekwijzer.KindOffer, b.near.ID).DistanceKm; *d != 0 {
			t.Errorf("offer in the same postcode area is %v km away", *d)
		}
		if d := *hit(res, plekwijzer.KindOffer, b.other.ID).DistanceKm; d <= 0 || d > 20 {
			t.Errorf("offer elsewhere in Groningen is %v km away", d)
		}
		if d := *hit(res, plekwijzer.KindOffer, b.far.ID).DistanceKm; d < 100 || d > 250 {
			t.Errorf("offer in Amsterdam is %v km away", d)
		}
		res = b.find(plekwijzer.SearchQuery{Postcode: "9712", RadiusKm: 300})
		if hit(res, plekwijzer.KindOffer, b.far.ID) == nil {
			t.Error("Amsterdam is within 300 km of Groningen")
		}
		res = b.find(plekwijzer.SearchQuery{})
		for _, h := range res.Hits {
			if h.DistanceKm != nil {
				t.Errorf("%s %s has a distance without a postcode", h.Kind, h.ID)
			}
		}
	})
}

func fc(value string, n int) plekwijzer.FacetCount {
	return plekwijzer.FacetCount{Value: value, Count: n}
}

// TestFacets: counts over every hit, not only the page, largest first.
func TestFacets(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		b := newBikes(t, db)
		res := b.search(plekwijzer.SearchQuery{Text: "fietsen", Page: plekwijzer.Page{Number: 1, Size: 1}})
		if len(res.Hits) != 1 || res.Total != 5 {
			t.Fatalf("%d hits, total %d; want 1 hit of 5", len(res.Hits), res.Total)
		}
		kitchenType := seed.WorkTypeID("keuken-catering")
		want := map[string][]plekwijzer.FacetCount{
			"soort":            {fc("werkplek", 4), fc("werksoort", 1)},
			"werksoort":        {fc(b.workType, 3+1), fc(kitchenType, 1)},
			"organisatieSoort": {fc("sociale-onderneming", 2), fc("afdeling", 1), fc("zorgaanbieder", 1)},
			"dagdeel":          {fc("ma-ochtend", 3), fc("di-ochtend", 1)},
			"begeleiding":      {fc("2", 2), fc("1", 1), fc("3", 1)},
			"fysiekeBelasting": {fc("midden", 2), fc("hoog", 1), fc("laag", 1)},
		}
		for name, w := range want {
			if got := res.Facets[name]; !slices.Equal(got, w) {
				t.Errorf("facet %s: %v, want %v", name, got, w)
			}
		}
		if len(res.Facets) != len(want) {
			t.Errorf("facets %v", res.Facets)
		}

		res = b.search(plekwijzer.SearchQuery{Text: "fietsen", DayParts: []plekwijzer.DayPart{"di-ochtend"}})
		for name, w := range map[string][]plekwijzer.FacetCount{
			"soort":   {fc("werkplek", 1)},
			"dagdeel": {fc("di-ochtend", 1)},
		} {
			if got := res.Facets[name]; !slices.Equal(got, w) {
				t.Errorf("filtered facet %s: %v, want %v", name, got, w)
			}
		}

		res = b.search(plekwijzer.SearchQuery{Text: "geenenkeltreffer"})
		for name, got := range res.Facets {
			if got == nil || len(got) != 0 {
				t.Errorf("facet %s of no hits: %#v, want an empty list", name, got)
			}
		}

		// Without facets: the same hits and total, no counts.
		with := b.search(plekwijzer.SearchQuery{Text: "fietsen"})
		without := b.search(plekwijzer.SearchQuery{Text: "fietsen", NoFacets: true})
		if without.Facets != nil || without.Total != with.Total || !reflect.DeepEqual(without.Hits, with.Hits) {
			t.Errorf("NoFacets: total %d, facets %v, hits %v; with facets: total %d, hits %v",
				without.Total, without.Facets, without.Hits, with.Total, with.Hits)
		}
	})
}

// TestPagination: pages do not overlap and together hold every hit; the
// total is the same on every page.
func TestPagination(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i := range 12 {
			e.offer("inpakken", fmt.Sprintf("Inpakken %02d", i), "Je pakt dozen in.")
		}
		e.catchUp()
		for _, text := range []string{"", "inpakken dozen"} {
			t.Run(fmt.Sprintf("%q", text), func(t *testing.T) {
				first := e.search(plekwijzer.SearchQuery{Text: text, Page: plekwijzer.Page{Number: 1, Size: 5}})
				seen := map[string]bool{}
				for n := 1; ; n++ {
					res := e.search(plekwijzer.SearchQuery{Text: text, Page: plekwijzer.Page{Number: n, Size: 5}})
					if res.Total != first.Total {
						t.Fatalf("page %d: total %d, page 1 said %d", n, res.Total, first.Total)
					}
					if len(res.Hits) == 0 {
						break
					}
					if len(res.Hits) > 5 {
						t.Fatalf("page %d has %d hits", n, len(res.Hits))
					}
					for _, h := range res.Hits {
						key := h.Kind + ":" + h.ID
						if seen[key] {
							t.Errorf("page %d repeats %s", n, key)
						}
						seen[key] = true
					}
				}
				if len(seen) != first.Total {
					t.Errorf("pages hold %d hits, total %d", len(seen), first.Total)
				}
				if text == "" && first.Total != 12+37 {
					t.Errorf("everything: total %d, want 12 offers and the 37 catalogue work types", first.Total)
				}
			})
		}
		// Without words, results are sorted by title.
		res := e.search(plekwijzer.SearchQuery{Kind: plekwijzer.KindOffer, Page: plekwijzer.Page{Number: 1, Size: 3}})
		var titles []string
		for _, h := range res.Hits {
			o, err := db.Offer(e.ctx, h.ID)
			must(t, err)
			titles = append(titles, o.Title)
		}
		if !slices.Equal(titles, []string{"Inpakken 00", "Inpakken 01", "Inpakken 02"}) {
			t.Errorf("first titles %v", titles)
		}
	})
}
