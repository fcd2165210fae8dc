package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// contact is a partner user as a coach sees them on an offer's page: whom
// to call or mail at the organisation. Nothing else of the user.
type contact struct {
	Name  string `json:"naam"`
	Email string `json:"email"`
}

// listContacts lists the partner users of an organisation with their
// e-mail (GET /organisaties/{id}/contactpersonen): the contacts a coach
// needs before proposing someone.
func (s *Server) listContacts(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.Organisation(ctx, id); err != nil {
		return err
	}
	items := []contact{}
	f := plekwijzer.UserFilter{Role: plekwijzer.RolePartner, OrganisationID: id, Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}}
	for {
		users, total, err := s.store.FindUsers(ctx, f)
		if err != nil {
			return err
		}
		for _, u := range users {
			items = append(items, contact{Name: u.Name, Email: u.Email})
		}
		if len(users) == 0 || f.Page.Number*f.Page.Size >= total {
			break
		}
		f.Page.Number++
	}
	return writeJSON(c, http.StatusOK, map[string]any{"items": items})
}
