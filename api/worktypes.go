package api

import (
	"context"
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

// workTypes are the catalogue the beheerder keeps (routes.go).
func (s *Server) workTypes() entity[plekwijzer.WorkType, plekwijzer.WorkTypeUpdate, *plekwijzer.WorkType] {
	return entity[plekwijzer.WorkType, plekwijzer.WorkTypeUpdate, *plekwijzer.WorkType]{
		path:   "/werksoorten",
		fresh:  func() *plekwijzer.WorkType { return &plekwijzer.WorkType{ESCOCodes: []string{}, Skills: []string{}} },
		meta:   func(w *plekwijzer.WorkType) (string, int) { return w.ID, w.Version },
		get:    func(ctx context.Context, id string) (*plekwijzer.WorkType, error) { return s.store.WorkType(ctx, id) },
		create: func(ctx context.Context, w *plekwijzer.WorkType) error { return s.store.CreateWorkType(ctx, w) },
		update: func(ctx context.Context, id string, u plekwijzer.WorkTypeUpdate, v int) (*plekwijzer.WorkType, error) {
			return s.store.UpdateWorkType(ctx, id, u, v)
		},
		destroy: func(ctx context.Context, id string) error { return s.store.DeleteWorkType(ctx, id) },
	}
}

func (s *Server) listSkills(c echo.Context) error {
	q := newQuery(c, "q", "groep")
	f := plekwijzer.SkillFilter{Query: q.str("q"), Group: q.str("groep"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	find := s.store.FindSkills
	if f.Query != "" && s.cfg.Skills != nil {
		find = s.cfg.Skills.SearchSkills
	}
	items, total, err := find(c.Request().Context(), f)
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
