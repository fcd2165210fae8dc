package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (s *Server) listOffers(c echo.Context) error {
	q := newQuery(c, "organisatieId", "werksoortId", "status", "doelgroep", "dagdeel", "ontwikkelplek", "q")
	f := plekwijzer.OfferFilter{
		OrganisationID:   q.id("organisatieId"),
		WorkTypeID:       q.id("werksoortId"),
		Status:           enum(q, "status", plekwijzer.OfferStatuses),
		TargetGroup:      enum(q, "doelgroep", plekwijzer.TargetGroups),
		DayPart:          enum(q, "dagdeel", plekwijzer.DayParts),
		DevelopmentPlace: q.boolean("ontwikkelplek"),
		Query:            q.str("q"),
		Page:             q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RolePartner {
		if f.OrganisationID != "" && f.OrganisationID != a.OrganisationID {
			return forbidden("Je ziet alleen de werkplekken van je eigen organisatie.")
		}
		f.OrganisationID = a.OrganisationID
	}
	items, total, err := s.store.FindOffers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

func (s *Server) getOffer(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.offerFor(c, id)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, o.Version, o)
}

func (s *Server) createOffer(c echo.Context) error {
	var in plekwijzer.OfferUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RolePartner {
		if in.OrganisationID == nil {
			in.OrganisationID = &a.OrganisationID
		} else if *in.OrganisationID != a.OrganisationID {
			return forbidden("Je kunt alleen werkplekken voor je eigen organisatie aanmaken.")
		}
	}
	var o plekwijzer.Offer
	o.Apply(in)
	if bad != nil {
		return alsoInvalid(bad, o.Validate())
	}
	if err := s.store.CreateOffer(c.Request().Context(), &o); err != nil {
		return err
	}
	return created(c, "/werkplekken/"+o.ID, o.Version, &o)
}

func (s *Server) updateOffer(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in plekwijzer.OfferUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	cur, err := s.offerFor(c, id)
	if err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RolePartner && in.OrganisationID != nil && *in.OrganisationID != a.OrganisationID {
		return forbidden("Je kunt een werkplek niet aan een andere organisatie geven.")
	}
	if bad != nil {
		cur.Apply(in)
		return alsoInvalid(bad, cur.Validate())
	}
	o, err := s.store.UpdateOffer(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, o.Version, o)
}

func (s *Server) deleteOffer(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.offerFor(c, id); err != nil {
		return err
	}
	if err := s.store.DeleteOffer(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
