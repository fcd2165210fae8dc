package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// colleague is a coach as other coaches see them: the id to share a
// participant with or hand one over to, and the name to pick them by.
// Nothing else of the user (role, organisation, dates) leaves this way.
type colleague struct {
	ID   string `json:"id"`
	Name string `json:"naam"`
}

// listCoaches lists the coaches by name (GET /coaches), so that a coach can
// pick a colleague to share a participant with or to hand one over to;
// the full user list (GET /gebruikers) stays the beheerder's.
func (s *Server) listCoaches(c echo.Context) error {
	q := newQuery(c)
	f := plekwijzer.UserFilter{Role: plekwijzer.RoleCoach, Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	users, total, err := s.store.FindUsers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	items := make([]colleague, len(users))
	for i, u := range users {
		items[i] = colleague{ID: u.ID, Name: u.Name}
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}
