package api

import (
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

const actorKey = "plekwijzer.actor"

// actor returns the authenticated user of the request, or nil.
func actor(c echo.Context) *plekwijzer.Actor {
	a, _ := c.Get(actorKey).(*plekwijzer.Actor)
	return a
}

// authenticate checks the bearer token and remembers who is asking, in the
// Echo context and in the request context (the store and audit read it
// there).
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="plekwijzer"`)
			return plekwijzer.Errorf(plekwijzer.EUnauthorized, "Log in met een geldig token (Authorization: Bearer …).")
		}
		u, err := s.store.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			if plekwijzer.ErrorCode(err) == plekwijzer.EUnauthorized {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="plekwijzer", error="invalid_token"`)
			}
			return err
		}
		a := u.Actor()
		c.Set(actorKey, a)
		c.SetRequest(c.Request().WithContext(plekwijzer.WithActor(c.Request().Context(), a)))
		return next(c)
	}
}

// allow lets only the given roles through: the role half of the rules of
// shared/API.md, declared next to each route in routes.go. The other half —
// which participants, offers and placements a coach or partner may touch —
// is in policy.go.
func allow(roles ...plekwijzer.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			a := actor(c)
			if a == nil || !slices.Contains(roles, a.Role) {
				return forbidden("Je rol mag dit niet.")
			}
			return next(c)
		}
	}
}
