package api

import (
	"context"
	"crypto/rand"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// How a user logs in, for the beheerder: the username and password for the
// web pages, and the accounts at the identity provider (single sign-on) the
// user is linked to. What the command line's `user password`, `user link`
// and `user unlink` do, over the API.

// accountStore is the part of the store that keeps logins. store.DB has
// it; a store without it answers 501 on these routes.
type accountStore interface {
	SetPassword(ctx context.Context, userID, username, password string) error
	Username(ctx context.Context, userID string) (string, error)
	plekwijzer.IdentityStore
}

// login is how one user logs in (GET /gebruikers/{id}/inloggen).
type login struct {
	Username   *string               `json:"gebruikersnaam"`
	Identities []plekwijzer.Identity `json:"koppelingen"`
}

func (s *Server) accounts() (accountStore, error) {
	a, ok := s.store.(accountStore)
	if !ok {
		return nil, &echo.HTTPError{Code: http.StatusNotImplemented, Message: "Deze opslag bewaart geen inloggegevens."}
	}
	return a, nil
}

func (s *Server) getLogin(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).err(); err != nil {
		return err
	}
	a, err := s.accounts()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ids, err := a.Identities(ctx, id)
	if err != nil {
		return err
	}
	out := login{Identities: ids}
	switch name, err := a.Username(ctx, id); {
	case err == nil:
		out.Username = &name
	case plekwijzer.ErrorCode(err) != plekwijzer.ENotFound:
		return err
	}
	return writeJSON(c, http.StatusOK, out)
}

// newPassword is the answer to a password change: the username, and the
// password only when the service made it up (shown this once).
type newPassword struct {
	Username string  `json:"gebruikersnaam"`
	Password *string `json:"wachtwoord,omitempty"`
}

// setPassword gives a user a username and a password: the one sent, or,
// without one, a new random password that the answer shows once.
func (s *Server) setPassword(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Username *string `json:"gebruikersnaam"`
		Password *string `json:"wachtwoord"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	var username, password string
	if in.Username != nil {
		username = plekwijzer.NormalizeUsername(*in.Username)
	}
	generated := in.Password == nil || *in.Password == ""
	if generated {
		password = oneTimePassword()
	} else {
		password = *in.Password
	}
	if err := plekwijzer.ValidateCredentials(username, password); err != nil {
		return err
	}
	a, err := s.accounts()
	if err != nil {
		return err
	}
	if err := a.SetPassword(c.Request().Context(), id, username, password); err != nil {
		return err
	}
	out := newPassword{Username: username}
	if generated {
		out.Password = &password
	}
	return writeJSON(c, http.StatusOK, out)
}

// oneTimePassword is 16 characters from an alphabet without look-alikes
// (no 0/O, 1/l/I): about 90 bits, easy to read out or type over.
func oneTimePassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// linkIdentity links a user to an account at the identity provider.
func (s *Server) linkIdentity(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Issuer  *string `json:"issuer"`
		Subject *string `json:"subject"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	var ident plekwijzer.Identity
	if in.Issuer != nil {
		ident.Issuer = *in.Issuer
	}
	if in.Subject != nil {
		ident.Subject = *in.Subject
	}
	if err := ident.Validate(); err != nil {
		return err
	}
	a, err := s.accounts()
	if err != nil {
		return err
	}
	if err := a.LinkIdentity(c.Request().Context(), id, ident); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// unlinkIdentities removes every link of a user to the identity provider.
func (s *Server) unlinkIdentities(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, err := s.accounts()
	if err != nil {
		return err
	}
	if _, err := a.UnlinkIdentities(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
