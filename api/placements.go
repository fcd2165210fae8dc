package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (s *Server) listPlacements(c echo.Context) error {
	q := newQuery(c, "deelnemerId", "werkplekId", "organisatieId", "status")
	f := plekwijzer.PlacementFilter{
		ParticipantID:  q.id("deelnemerId"),
		OfferID:        q.id("werkplekId"),
		OrganisationID: q.id("organisatieId"),
		Status:         enum(q, "status", plekwijzer.PlacementStatuses),
		Page:           q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	a := actor(c)
	switch a.Role {
	case plekwijzer.RoleCoach:
		f.CoachID = a.UserID
	case plekwijzer.RolePartner:
		if f.ParticipantID != "" {
			return forbidden("Een partner zoekt plaatsingen niet op deelnemer.")
		}
		if f.OrganisationID != "" && f.OrganisationID != a.OrganisationID {
			return forbidden("Je ziet alleen de plaatsingen bij je eigen organisatie.")
		}
		f.OrganisationID = a.OrganisationID
	}
	items, total, err := s.store.FindPlacements(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditRead, items...); err != nil {
		return err
	}
	for i, pl := range items {
		items[i] = redactPlacement(a, pl)
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

func (s *Server) getPlacement(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	pl, err := s.visiblePlacement(c, id)
	if err != nil {
		return err
	}
	return s.writePlacementView(c, http.StatusOK, plekwijzer.AuditRead, pl)
}

func (s *Server) createPlacement(c echo.Context) error {
	var in plekwijzer.NewPlacement
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	pl, err := in.PlacementOn(plekwijzer.Today())
	if err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	// A coach books only for participants they see; any other id is
	// treated as unknown, so ids cannot be probed.
	var unknown plekwijzer.Problems
	pt, err := s.participantFor(c, *pl.ParticipantID)
	if plekwijzer.ErrorCode(err) == plekwijzer.ENotFound {
		unknown.Add("deelnemerId", "bestaat niet")
	} else if err != nil {
		return err
	}
	offer, err := s.store.Offer(c.Request().Context(), pl.OfferID)
	if plekwijzer.ErrorCode(err) == plekwijzer.ENotFound {
		unknown.Add("werkplekId", "bestaat niet")
	} else if err != nil {
		return err
	}
	if err := unknown.Err(); err != nil {
		return err
	}
	if err := s.checkBookingRules(c, pt, offer, pl, in.Deviation); err != nil {
		s.metrics.booked(pl, err)
		return err
	}
	pr, err := s.bookPlacement(c, pl, in.Proposal)
	s.metrics.booked(pl, err)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditCreate, pl); err != nil {
		return err
	}
	if err := s.auditDeviation(c, pl); err != nil {
		return err
	}
	return created(c, "/plaatsingen/"+pl.ID, pl.Version, placementView{Placement: pl, Proposal: pr})
}

func (s *Server) updatePlacement(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in plekwijzer.PlacementUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	cur, err := s.placementFor(c, id)
	if err != nil {
		return err
	}
	a := actor(c)
	if a.Role == plekwijzer.RolePartner && (in.DayParts != nil || in.StartDate != nil) {
		return forbidden("Een partner legt status, einddatum en uitkomst vast; dagdelen en startdatum regelt de coach.")
	}
	if bad != nil {
		return alsoInvalid(bad, cur.Apply(in, plekwijzer.Today()))
	}
	if err := partnerStartsProposal(a, cur, in); err != nil {
		return err
	}
	pl, err := s.store.UpdatePlacement(c.Request().Context(), id, in, version)
	if err != nil {
		s.metrics.booked(nil, err)
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditUpdate, pl); err != nil {
		return err
	}
	pl = redactPlacement(a, pl)
	return writeEntity(c, http.StatusOK, pl.Version, pl)
}

// partnerStartsProposal refuses a partner's start or cancel of a
// voordracht that was not answered (a cancel: use afwijzen, with a reason);
// a start: the werkplek answers it with accepteren (POST
// /plaatsingen/{id}/antwoord), which tells the coach, and an accepted
// placement becomes active on its start date. Coaches and the beheerder
// may still start a proposal directly.
func partnerStartsProposal(a *plekwijzer.Actor, cur *plekwijzer.Placement, in plekwijzer.PlacementUpdate) error {
	if a.Role != plekwijzer.RolePartner || in.Status == nil || cur.Status != plekwijzer.PlacementProposed {
		return nil
	}
	switch *in.Status {
	case plekwijzer.PlacementActive:
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Deze voordracht is nog niet beantwoord. Beantwoord hem met accepteren (POST /plaatsingen/{id}/antwoord met besluit accepteren en de startdatum); de plaatsing begint dan op de startdatum en de coach krijgt je antwoord.",
			Details: map[string]any{"plaatsingStatus": cur.Status}}
	case plekwijzer.PlacementCancelled:
		// Cancelling would drop the voordracht without the reason and the
		// notification a decline gives the coach.
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Deze voordracht is nog niet beantwoord. Wijs hem af met een reden (POST /plaatsingen/{id}/antwoord met besluit afwijzen); de coach krijgt dan je antwoord en de plaatsen komen vrij.",
			Details: map[string]any{"plaatsingStatus": cur.Status}}
	}
	return nil
}

// auditPlacements records an access to the participants of placements
// (before redaction: a partner sees only the code, but that is theirs).
func (s *Server) auditPlacements(c echo.Context, action plekwijzer.AuditAction, pls ...*plekwijzer.Placement) error {
	ids := make([]string, 0, len(pls))
	for _, pl := range pls {
		if pl.ParticipantID != nil {
			ids = append(ids, *pl.ParticipantID)
		}
	}
	return s.audit(c, action, ids...)
}
