package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
)

func (s *Server) listWorkTypes(c echo.Context) error {
	q := newQuery(c, "q", "fysiekeBelasting", "omgeving")
	f := plekwijzer.WorkTypeFilter{
		Query:        q.str("q"),
		PhysicalLoad: enum(q, "fysiekeBelasting", plekwijzer.Loads),
		Environment:  enum(q, "omgeving", plekwijzer.Environments),
		Page:         q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FindWorkTypes(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, withSource(newList(items, total, f.Page)))
}

func (s *Server) getWorkType(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	w, err := s.store.WorkType(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, w.Version, w)
}

func (s *Server) createWorkType(c echo.Context) error {
	var in plekwijzer.WorkTypeUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	w := plekwijzer.WorkType{ESCOCodes: []string{}, Skills: []string{}}
	w.Apply(in)
	if bad != nil {
		return alsoInvalid(bad, w.Validate())
	}
	if err := s.store.CreateWorkType(c.Request().Context(), &w); err != nil {
		return err
	}
	return created(c, "/werksoorten/"+w.ID, w.Version, &w)
}

func (s *Server) updateWorkType(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in plekwijzer.WorkTypeUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if bad != nil {
		cur, err := s.store.WorkType(c.Request().Context(), id)
		if err != nil {
			return err
		}
		cur.Apply(in)
		return alsoInvalid(bad, cur.Validate())
	}
	w, err := s.store.UpdateWorkType(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, w.Version, w)
}

func (s *Server) deleteWorkType(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteWorkType(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listSkills(c echo.Context) error {
	q := newQuery(c, "q", "groep")
	f := plekwijzer.SkillFilter{Query: q.str("q"), Group: q.str("groep"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FindSkills(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, withSource(newList(items, total, f.Page)))
}

func (s *Server) getSkill(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	sk, err := s.store.Skill(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, sk)
}

// sourced is a list of catalogue data with the attribution ESCO's licence
// asks for wherever its data is shown.
type sourced[T any] struct {
	list[T]
	Source string `json:"bron"`
}

func withSource[T any](l list[T]) sourced[T] {
	return sourced[T]{list: l, Source: catalogue.Attribution}
}
