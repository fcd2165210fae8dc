package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (s *Server) me(c echo.Context) error {
	u, err := s.store.User(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, u)
}

func (s *Server) listUsers(c echo.Context) error {
	q := newQuery(c, "rol", "organisatieId", "actief")
	f := plekwijzer.UserFilter{
		Role:           enum(q, "rol", plekwijzer.Roles),
		OrganisationID: q.id("organisatieId"),
		Active:         q.boolean("actief"),
		Page:           q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := s.store.FindUsers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, newList(items, total, f.Page))
}

func (s *Server) getUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.store.User(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, u.Version, u)
}

func (s *Server) createUser(c echo.Context) error {
	var in plekwijzer.UserUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	var u plekwijzer.User
	u.Apply(in)
	if bad != nil {
		return alsoInvalid(bad, u.Validate())
	}
	if err := s.store.CreateUser(c.Request().Context(), &u); err != nil {
		return err
	}
	return created(c, "/gebruikers/"+u.ID, u.Version, &u)
}

func (s *Server) updateUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in plekwijzer.UserUpdate
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if in.Active != nil && !*in.Active && id == actor(c).UserID {
		return plekwijzer.Errorf(plekwijzer.EConflict, "Je kunt jezelf niet uitzetten.")
	}
	if bad != nil {
		cur, err := s.store.User(c.Request().Context(), id)
		if err != nil {
			return err
		}
		cur.Apply(in)
		return alsoInvalid(bad, cur.Validate())
	}
	u, err := s.store.UpdateUser(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	return writeEntity(c, http.StatusOK, u.Version, u)
}

func (s *Server) deleteUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if id == actor(c).UserID {
		return plekwijzer.Errorf(plekwijzer.EConflict, "Je kunt jezelf niet verwijderen.")
	}
	if err := s.store.DeleteUser(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listTokens(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ts, err := s.store.Tokens(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []*plekwijzer.Token{}
	}
	return writeJSON(c, http.StatusOK, ts)
}

// newToken is a token with its secret, shown only in the answer that
// creates it.
type newToken struct {
	*plekwijzer.Token
	Secret string `json:"token"`
}

func (s *Server) createToken(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Name    *string    `json:"naam"`
		Expires *time.Time `json:"verloopt"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Expires != nil && !plekwijzer.InDateRange(*in.Expires) {
		return invalid("verloopt", plekwijzer.DateRangeReason)
	}
	name := ""
	if in.Name != nil {
		name = *in.Name
	}
	t, secret, err := s.store.CreateToken(c.Request().Context(), id, name, in.Expires)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/gebruikers/"+id+"/tokens/"+t.ID)
	return writeJSON(c, http.StatusCreated, newToken{Token: t, Secret: secret})
}

func (s *Server) deleteToken(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	tokenID, err := pathID(c, "tokenId")
	if err != nil {
		return err
	}
	if err := s.store.DeleteToken(c.Request().Context(), id, tokenID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
