package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (s *Server) listOrganisations(c echo.Context) error {
	q := newQuery(c, "soort", "plaats", "q")
	f := plekwijzer.OrganisationFilter{
		Kind:  enum(q, "soort", plekwijzer.OrganisationKinds),
		Place: q.str("plaats"),
		Query: q.str("q"),
		Page:  q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FindOrganisations(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

func (s *Server) getOrganisation(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.store.Organisation(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, o.Version, o)
}

func (s *Server) createOrganisation(c echo.Context) error {
	var in plekwijzer.OrganisationUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	var o plekwijzer.Organisation
	o.Apply(in)
	if bad != nil {
		return alsoInvalid(bad, o.Validate())
	}
	if err := s.store.CreateOrganisation(c.Request().Context(), &o); err != nil {
		return err
	}
	return created(c, "/organisaties/"+o.ID, o.Version, &o)
}

func (s *Server) updateOrganisation(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in plekwijzer.OrganisationUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if a := actor(c); a.Role == plekwijzer.RolePartner && a.OrganisationID != id {
		return forbidden("Je kunt alleen je eigen organisatie wijzigen.")
	}
	if bad != nil {
		cur, err := s.store.Organisation(c.Request().Context(), id)
		if err != nil {
			return err
		}
		cur.Apply(in)
		return alsoInvalid(bad, cur.Validate())
	}
	o, err := s.store.UpdateOrganisation(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, o.Version, o)
}

func (s *Server) deleteOrganisation(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteOrganisation(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
