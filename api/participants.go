package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (s *Server) listParticipants(c echo.Context) error {
	q := newQuery(c, "coachId", "verwijzerId", "doelgroep", "fase", "dagdeel", "code", "wachtend")
	f := plekwijzer.ParticipantFilter{
		CoachID:     q.id("coachId"),
		ReferrerID:  q.id("verwijzerId"),
		TargetGroup: enum(q, "doelgroep", plekwijzer.TargetGroups),
		Phase:       enum(q, "fase", plekwijzer.Phases),
		DayPart:     enum(q, "dagdeel", plekwijzer.DayParts),
		Code:        q.str("code"),
		Waiting:     q.boolean("wachtend"),
		Page:        q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RoleCoach {
		f.VisibleTo = a.UserID
	}
	items, total, err := s.store.FindParticipants(c.Request().Context(), f)
	if err != nil {
		return err
	}
	ids := make([]string, len(items))
	for i, p := range items {
		ids[i] = p.ID
	}
	if err := s.audit(c, plekwijzer.AuditRead, ids...); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

func (s *Server) getParticipant(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return err
	}
	if err := s.audit(c, plekwijzer.AuditRead, p.ID); err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, p.Version, p)
}

func (s *Server) createParticipant(c echo.Context) error {
	var in plekwijzer.ParticipantUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RoleCoach {
		if in.CoachID == nil {
			in.CoachID = &a.UserID
		} else if *in.CoachID != a.UserID {
			return forbidden("Een coach maakt deelnemers aan in de eigen caseload.")
		}
	}
	var p plekwijzer.Participant
	p.Apply(in)
	// A new participant has no change of phase to give a reason for.
	if err := p.ValidateChange(in, p.Phase); err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	if err := s.store.CreateParticipant(c.Request().Context(), &p); err != nil {
		return err
	}
	if err := s.audit(c, plekwijzer.AuditCreate, p.ID); err != nil {
		return err
	}
	return created(c, "/deelnemers/"+p.ID, p.Version, &p)
}

func (s *Server) updateParticipant(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in plekwijzer.ParticipantUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return err
	}
	if (in.CoachID != nil && *in.CoachID != p.CoachID || in.SharedWith != nil) && !mayManageParticipant(actor(c), p) {
		return forbidden("Alleen de eigen coach kan een deelnemer overdragen of delen.")
	}
	if bad != nil {
		was := p.Phase
		p.Apply(in)
		return alsoInvalid(bad, p.ValidateChange(in, was))
	}
	p, err = s.store.UpdateParticipant(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	if err := s.audit(c, plekwijzer.AuditUpdate, id); err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, p.Version, p)
}

func (s *Server) deleteParticipant(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return err
	}
	if !mayManageParticipant(actor(c), p) {
		return forbidden("Alleen de eigen coach kan een deelnemer verwijderen.")
	}
	if err := s.store.DeleteParticipant(c.Request().Context(), id); err != nil {
		return err
	}
	if err := s.audit(c, plekwijzer.AuditDelete, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
