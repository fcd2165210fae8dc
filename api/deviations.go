package api

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// checkBookingRules refuses a booking of pt that breaks a hard rule of
// matching (a day-part the participant is not available, too little
// supervision, too heavy work, no wheelchair access) with a 409 that names
// every rule, unless the coach overrides them with a reason: then the
// deviation goes on pl, to be stored with it.
func (s *Server) checkBookingRules(c echo.Context, pt *plekwijzer.Participant, o *plekwijzer.Offer, pl *plekwijzer.Placement, n *plekwijzer.NewDeviation) error {
	for _, d := range pl.DayParts {
		if o.Capacity[d] == 0 {
			return nil // bad input, which the store reports first
		}
	}
	pool, err := s.matchPool.get(c.Request().Context())
	if err != nil {
		return err
	}
	// Without history: booked day-parts are the store's to check.
	breaches, ok := pool.BookingBreaches(pool.Prepare(pt, nil), pl.OfferID, pl.DayParts)
	if !ok || len(breaches) == 0 {
		return nil // an offer gone meanwhile is the store's to report
	}
	rules := make([]string, len(breaches))
	reasons := make([]string, len(breaches))
	for i, b := range breaches {
		rules[i], reasons[i] = b.Rule, b.Reason
	}
	if n == nil {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Deze plaatsing past niet bij het profiel van de deelnemer. " + strings.Join(reasons, " ") +
				" Wijk je bewust af? Geef dan de reden op (afwijking.reden).",
			Details: map[string]any{"regels": breaches}}
	}
	pl.Deviation = &plekwijzer.Deviation{Rules: rules, Reason: strings.TrimSpace(*n.Reason), By: actor(c).Name}
	return nil
}

// auditDeviation records, beside the booking itself, that it deviates from
// the rules of matching and which: the rules' keys, not the reason.
func (s *Server) auditDeviation(c echo.Context, pl *plekwijzer.Placement) error {
	if pl.Deviation == nil || pl.ParticipantID == nil {
		return nil
	}
	detail := "afwijking: " + strings.Join(pl.Deviation.Rules, ", ")
	return s.auditWith(c, plekwijzer.AuditCreate, &detail, *pl.ParticipantID)
}
