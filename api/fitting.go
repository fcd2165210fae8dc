package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
)

// fittingItem is how many offers fit one participant now.
type fittingItem struct {
	ParticipantID string `json:"deelnemerId"`
	Fitting       int    `json:"passend"`
}

// fitting counts, for every participant the actor may see (a coach their
// caseload and shares, a beheerder everyone), the offers that pass every
// hard constraint of matching (GET /passend): one ranking pass over the
// in-memory pool per person, so a list can show it for every row at once.
// Participants who left (uitgestroomd) are not counted.
func (s *Server) fitting(c echo.Context) error {
	q := newQuery(c)
	if err := q.err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return err
	}
	items := []fittingItem{}
	err = s.eachChunk(ctx, pool, rankedFilter(c, false), func(people []*matching.Person) error {
		for _, ps := range people {
			items = append(items, fittingItem{ParticipantID: ps.P.ID, Fitting: pool.Fitting(ps)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ParticipantID
	}
	if err := s.audit(c, plekwijzer.AuditMatch, ids...); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, map[string]any{"items": items})
}

// rankedFilter selects the participants a ranking over many people covers:
// for a coach their caseload and shares (own: the caseload only), for a
// beheerder everyone.
func rankedFilter(c echo.Context, own bool) plekwijzer.ParticipantFilter {
	var f plekwijzer.ParticipantFilter
	if a := actor(c); a.Role == plekwijzer.RoleCoach {
		f.VisibleTo = a.UserID
		if own {
			f.VisibleTo, f.CoachID = "", a.UserID
		}
	}
	return f
}
