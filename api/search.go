package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
)

// searchItem is one hit with the entity itself as the database has it (the
// source of truth), not as the index stored it.
type searchItem struct {
	plekwijzer.SearchHit
	Offer    *plekwijzer.Offer    `json:"werkplek"`
	Free     plekwijzer.Capacity  `json:"vrij"`
	WorkType *plekwijzer.WorkType `json:"werksoort"`
}

type searchAnswer struct {
	list[searchItem]
	Facets map[string][]plekwijzer.FacetCount `json:"facetten"`
	Source string                             `json:"bron"`
}

func (s *Server) search(c echo.Context) error {
	if s.cfg.Search == nil {
		return &echo.HTTPError{Code: http.StatusServiceUnavailable, Message: "Zoeken is nu niet beschikbaar."}
	}
	q := newQuery(c, "q", "soort", "werksoort", "dagdeel", "organisatieSoort", "begeleiding",
		"fysiekeBelasting", "status", "postcode", "straalKm", "facetten")
	sq := plekwijzer.SearchQuery{
		Text:             q.str("q"),
		Kind:             enum(q, "soort", []string{plekwijzer.KindOffer, plekwijzer.KindWorkType}),
		WorkTypeID:       q.id("werksoort"),
		OrganisationKind: enum(q, "organisatieSoort", plekwijzer.OrganisationKinds),
		PhysicalLoad:     enum(q, "fysiekeBelasting", plekwijzer.Loads),
		Postcode:         c.QueryParam("postcode"),
		Page:             q.page(),
	}
	if facets := q.boolean("facetten"); facets != nil {
		sq.NoFacets = !*facets
	}
	for _, d := range c.QueryParams()["dagdeel"] {
		if !plekwijzer.DayPart(d).Valid() {
			q.p.Addf("dagdeel", "onbekend dagdeel %q", d)
			continue
		}
		sq.DayParts = append(sq.DayParts, plekwijzer.DayPart(d))
	}
	for _, st := range c.QueryParams()["status"] {
		if !slices.Contains(plekwijzer.OfferStatuses, plekwijzer.OfferStatus(st)) {
			q.p.Addf("status", "onbekende status %q; kies uit open, gepauzeerd, gesloten", st)
			continue
		}
		sq.Statuses = append(sq.Statuses, plekwijzer.OfferStatus(st))
	}
	if v := c.QueryParam("begeleiding"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < plekwijzer.MinSupervision || n > plekwijzer.MaxSupervision {
			q.p.Add("begeleiding", "moet 1 tot en met 4 zijn")
		}
		sq.Supervision = n
	}
	if v := c.QueryParam("straalKm"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			q.p.Add("straalKm", "moet een getal zijn")
		}
		sq.RadiusKm = f
	}
	if err := q.err(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.SearchTimeout)
	defer cancel()
	// Searches on the index run at most GOMAXPROCS at once: more would
	// only share the same cores and hold their memory longer. The others
	// wait their turn, within the same deadline.
	select {
	case s.searchSlots <- struct{}{}:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &echo.HTTPError{Code: http.StatusServiceUnavailable, Message: "Zoeken is nu erg druk. Probeer het zo nog eens."}
		}
		return ctx.Err()
	}
	start := time.Now()
	res, err := s.cfg.Search.Search(ctx, sq)
	observe(s.metrics.search, start)
	<-s.searchSlots
	if errors.Is(err, context.DeadlineExceeded) {
		return &echo.HTTPError{Code: http.StatusServiceUnavailable, Message: "Zoeken duurde te lang. Maak de zoekvraag kleiner."}
	}
	if err != nil {
		return err
	}
	items, err := s.hydrate(c.Request().Context(), res.Hits)
	if err != nil {
		return err
	}
	facets := res.Facets
	if facets == nil {
		facets = map[string][]plekwijzer.FacetCount{}
	}
	return writeJSON(c, http.StatusOK, searchAnswer{
		list:   newList(items, res.Total, sq.Page),
		Facets: facets,
		Source: catalogue.Attribution,
	})
}

// hydrate looks up the entities of the hits in the prepared offer pool,
// which follows the database through the outbox: it reflects every write
// committed before the call, as a read from the database would, without a
// round trip per page. A hit whose entity is gone (deleted after the index
// saw it) is left out.
func (s *Server) hydrate(ctx context.Context, hits []plekwijzer.SearchHit) ([]searchItem, error) {
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]searchItem, 0, len(hits))
	for _, h := range hits {
		it := searchItem{SearchHit: h}
		if it.Highlights == nil {
			it.Highlights = map[string][]string{}
		}
		switch h.Kind {
		case plekwijzer.KindOffer:
			d, ok := pool.Offer(h.ID)
			if !ok {
				continue
			}
			it.Offer, it.Free = d.Offer, d.Free
		case plekwijzer.KindWorkType:
			w, ok := pool.WorkType(h.ID)
			if !ok {
				continue
			}
			it.WorkType = w
		default:
			continue
		}
		items = append(items, it)
	}
	return items, nil
}
