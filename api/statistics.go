package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// The statistics answer managers and beheerders with aggregates only: no
// participant id or code ever, and dropout cells small enough to point at
// a person suppressed (plekwijzer.DropoutOptions).

func (s *Server) occupancyStats(c echo.Context) error {
	q := newQuery(c, "van", "tot", "werkplekId", "organisatieId")
	today := plekwijzer.Today()
	from, okFrom := q.date("van", today.AddDays(-7*12))
	to, okTo := q.date("tot", today.AddDays(7*4))
	// Whole months, as every statistic (plekwijzer.MonthPeriod).
	months := plekwijzer.MonthPeriod(from, to)
	f := plekwijzer.OccupancyFilter{From: months.From, To: months.To, OfferID: q.id("werkplekId"), OrganisationID: q.id("organisatieId")}
	if okFrom && okTo {
		switch weeks := plekwijzer.DaysBetween(f.From.Monday(), f.To.Monday())/7 + 1; {
		case weeks < 1:
			q.p.Add("tot", "ligt voor van")
		case weeks > plekwijzer.MaxOccupancyWeeks:
			q.p.Addf("tot", "hoogstens %d weken na van", plekwijzer.MaxOccupancyWeeks)
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	facts, err := s.store.OccupancyFacts(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, facts.Weekly(f.From, f.To))
}

func (s *Server) dropoutStats(c echo.Context) error {
	q := newQuery(c, "van", "tot", "soort", "doelgroep")
	f := q.statisticsFilter()
	if err := q.err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	counts, err := s.store.DropoutCountsWhere(ctx, f)
	if err != nil {
		return err
	}
	names, err := s.workTypeNames(ctx)
	if err != nil {
		return err
	}
	stats := plekwijzer.NewDropoutStats(counts, names, plekwijzer.DefaultDropoutOptions)
	return writeJSON(c, http.StatusOK, struct {
		From             *plekwijzer.Date             `json:"van"`
		To               *plekwijzer.Date             `json:"tot"`
		OrganisationKind *plekwijzer.OrganisationKind `json:"soort"`
		TargetGroup      *plekwijzer.TargetGroup      `json:"doelgroep"`
		*plekwijzer.DropoutStats
	}{nilIfEmpty(f.From), nilIfEmpty(f.To), nilIfEmpty(f.OrganisationKind), nilIfEmpty(f.TargetGroup), stats})
}

// statisticsFilter reads the period (van, tot: dates, widened to whole
// months), organisation kind (soort) and target group (doelgroep) of a
// statistic.
func (q *query) statisticsFilter() plekwijzer.StatisticsFilter {
	from, okFrom := q.date("van", "")
	to, okTo := q.date("tot", "")
	if okFrom && okTo && from != "" && to != "" && to < from {
		q.p.Add("tot", "ligt voor van")
	}
	return plekwijzer.StatisticsFilter{Period: plekwijzer.MonthPeriod(from, to),
		OrganisationKind: enum(q, "soort", plekwijzer.OrganisationKinds),
		TargetGroup:      enum(q, "doelgroep", plekwijzer.TargetGroups)}
}

func nilIfEmpty[T ~string](v T) *T {
	if v == "" {
		return nil
	}
	return &v
}

// workTypeNames names every work type, page by page.
func (s *Server) workTypeNames(ctx context.Context) (map[string]plekwijzer.WorkTypeName, error) {
	out := map[string]plekwijzer.WorkTypeName{}
	for page := 1; ; page++ {
		wts, total, err := s.store.FindWorkTypes(ctx, plekwijzer.WorkTypeFilter{Page: plekwijzer.Page{Number: page, Size: plekwijzer.MaxPageSize}})
		if err != nil {
			return nil, err
		}
		for _, w := range wts {
			out[w.ID] = plekwijzer.WorkTypeName{Code: w.Code, Name: w.Name}
		}
		if len(wts) == 0 || page*plekwijzer.MaxPageSize >= total {
			return out, nil
		}
	}
}

func (s *Server) varietyStats(c echo.Context) error {
	q := newQuery(c, "van", "tot")
	now := time.Now()
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	to, okTo := q.month("tot", thisMonth)
	from, okFrom := q.month("van", to.AddDate(0, -11, 0))
	switch months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1; {
	case !okFrom || !okTo:
	case months < 1:
		q.p.Add("tot", "ligt voor van")
	case months > plekwijzer.MaxVarietyMonths:
		q.p.Addf("tot", "hoogstens %d maanden na van", plekwijzer.MaxVarietyMonths)
	}
	if err := q.err(); err != nil {
		return err
	}
	facts, err := s.store.VarietyFacts(c.Request().Context(), plekwijzer.DateOf(from), plekwijzer.DateOf(to.AddDate(0, 1, -1)))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, facts.Monthly(from, to))
}

// date returns a date parameter, def when absent; ok is false when it is
// not a date.
func (q *query) date(name string, def plekwijzer.Date) (d plekwijzer.Date, ok bool) {
	v := plekwijzer.Date(q.c.QueryParam(name))
	if v == "" {
		return def, true
	}
	if !v.Valid() {
		q.p.Add(name, "is geen datum als 2026-01-31")
		return def, false
	}
	return v, true
}

// month returns a month parameter (2026-01) as its first day, def when
// absent; ok is false when it is not a month.
func (q *query) month(name string, def time.Time) (m time.Time, ok bool) {
	v := q.c.QueryParam(name)
	if v == "" {
		return def, true
	}
	t, err := time.Parse("2006-01", v)
	if err != nil {
		q.p.Add(name, fmt.Sprintf("is geen maand als %s", def.Format("2006-01")))
		return def, false
	}
	// The same years as every date (plekwijzer.InDateRange).
	if !plekwijzer.InDateRange(t) {
		q.p.Add(name, plekwijzer.DateRangeReason)
		return def, false
	}
	return t, true
}
