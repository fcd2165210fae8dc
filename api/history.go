package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// participantTimeline shows a participant's placements and the work types
// they did: for their coaches and the beheerder only.
func (s *Server) participantTimeline(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return err
	}
	entries, err := s.store.PlacementHistory(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	if err := s.audit(c, plekwijzer.AuditRead, p.ID); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, plekwijzer.NewTimeline(p, entries, plekwijzer.Today()))
}

// waitingList lists the participants waiting for a placement, longest
// waiting first: a coach's own caseload (and shares), or everyone for the
// beheerder.
func (s *Server) waitingList(c echo.Context) error {
	q := newQuery(c, "doelgroep")
	f := plekwijzer.WaitingFilter{TargetGroup: enum(q, "doelgroep", plekwijzer.TargetGroups), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RoleCoach {
		f.VisibleTo = a.UserID
	}
	items, total, err := s.store.WaitingList(c.Request().Context(), f)
	if err != nil {
		return err
	}
	ids := make([]string, len(items))
	for i, w := range items {
		ids[i] = w.ParticipantID
	}
	if err := s.audit(c, plekwijzer.AuditRead, ids...); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}
