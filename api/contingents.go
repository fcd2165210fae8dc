package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (s *Server) listContingents(c echo.Context) error {
	q := newQuery(c, "werkplekId", "verwijzerId")
	f := plekwijzer.ContingentFilter{OfferID: q.id("werkplekId"), ReferrerID: q.id("verwijzerId"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FindContingents(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

// contingents are kept by the beheerder (routes.go); coaches and managers
// read them.
func (s *Server) contingents() entity[plekwijzer.Contingent, plekwijzer.ContingentUpdate, *plekwijzer.Contingent] {
	return entity[plekwijzer.Contingent, plekwijzer.ContingentUpdate, *plekwijzer.Contingent]{
		path:  "/contingenten",
		fresh: func() *plekwijzer.Contingent { return &plekwijzer.Contingent{} },
		meta:  func(k *plekwijzer.Contingent) (string, int) { return k.ID, k.Version },
		// Closures, not method values: the store is read when a request
		// comes, so a server can be built without one (route listings).
		get: func(ctx context.Context, id string) (*plekwijzer.Contingent, error) {
			return s.store.Contingent(ctx, id)
		},
		create: func(ctx context.Context, k *plekwijzer.Contingent) error { return s.store.CreateContingent(ctx, k) },
		update: func(ctx context.Context, id string, u plekwijzer.ContingentUpdate, v int) (*plekwijzer.Contingent, error) {
			return s.store.UpdateContingent(ctx, id, u, v)
		},
		destroy: func(ctx context.Context, id string) error { return s.store.DeleteContingent(ctx, id) },
	}
}
