package api

import (
	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// This file is the object half of the role rules (shared/API.md): which
// participants, offers and placements a coach or partner may touch. Every
// handler that loads one of those goes through these functions.
//
// A participant or placement outside a coach's reach answers 404, exactly
// like one that does not exist, so ids cannot be probed. The same holds for
// another organisation's offer as a partner sees it: the widget shows open
// offers only, and a 403 would confirm that a paused or closed offer of
// another organisation exists. Organisations are not secret (every role
// lists them), so a partner who tries to change another one gets a 403.

// participantFor loads a participant the actor may see.
func (s *Server) participantFor(c echo.Context, id string) (*plekwijzer.Participant, error) {
	p, err := s.store.Participant(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !mayViewParticipant(actor(c), p) {
		return nil, notFound()
	}
	return p, nil
}

func mayViewParticipant(a *plekwijzer.Actor, p *plekwijzer.Participant) bool {
	switch a.Role {
	case plekwijzer.RoleAdmin:
		return true
	case plekwijzer.RoleCoach:
		return p.VisibleTo(a.UserID)
	}
	return false
}

// mayManageParticipant: the coach who owns the participant (not one it is
// shared with) may hand it over, share it or delete it.
func mayManageParticipant(a *plekwijzer.Actor, p *plekwijzer.Participant) bool {
	return a.Role == plekwijzer.RoleAdmin || (a.Role == plekwijzer.RoleCoach && p.CoachID == a.UserID)
}

// offerFor loads an offer the actor may see, and so change where the
// route table lets the role change offers: a partner only its own
// organisation's (another's answers 404, as an unknown id does).
func (s *Server) offerFor(c echo.Context, id string) (*plekwijzer.Offer, error) {
	o, err := s.store.Offer(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if a := actor(c); a.Role == plekwijzer.RolePartner && o.OrganisationID != a.OrganisationID {
		return nil, notFound()
	}
	return o, nil
}

// placementFor loads a placement the actor may see: a coach those of the
// participants they see, a partner those at its own organisation's offers.
func (s *Server) placementFor(c echo.Context, id string) (*plekwijzer.Placement, error) {
	pl, err := s.visiblePlacement(c, id)
	if err != nil {
		return nil, err
	}
	return redactPlacement(actor(c), pl), nil
}

// visiblePlacement is placementFor before redaction: for the audit log,
// which records whose data a partner saw even though the partner sees only
// the code.
func (s *Server) visiblePlacement(c echo.Context, id string) (*plekwijzer.Placement, error) {
	ctx := c.Request().Context()
	pl, err := s.store.Placement(ctx, id)
	if err != nil {
		return nil, err
	}
	a := actor(c)
	switch a.Role {
	case plekwijzer.RoleAdmin:
	case plekwijzer.RoleCoach:
		if pl.ParticipantID == nil {
			return nil, notFound()
		}
		if _, err := s.participantFor(c, *pl.ParticipantID); err != nil {
			return nil, err
		}
	case plekwijzer.RolePartner:
		o, err := s.store.Offer(ctx, pl.OfferID)
		if err != nil {
			return nil, err
		}
		if o.OrganisationID != a.OrganisationID {
			return nil, notFound()
		}
	default:
		return nil, notFound()
	}
	return pl, nil
}

// redactPlacement hides the participant's id from partners: they work with
// the pseudonymous code only and can never open the profile anyway.
func redactPlacement(a *plekwijzer.Actor, pl *plekwijzer.Placement) *plekwijzer.Placement {
	if a.Role == plekwijzer.RolePartner {
		cp := *pl
		cp.ParticipantID = nil
		cp.Deviation = nil // why the coach deviated is about the participant
		return &cp
	}
	return pl
}
