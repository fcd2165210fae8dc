package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
)

// The beheerder gives a user a password (made up by the service, shown
// once, or their own), links them to the identity provider and switches
// them off: then neither their password, nor their tokens, nor their
// account at the identity provider lets them in, until switched on again.
func TestAccountsAndDeactivation(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		coach := e.users["coach"]
		base := "/api/v1/gebruikers/" + coach.ID

		var l struct {
			Username   *string               `json:"gebruikersnaam"`
			Identities []plekwijzer.Identity `json:"koppelingen"`
		}
		e.do("GET", base+"/inloggen", "admin", nil).want(http.StatusOK).json(&l)
		if l.Username != nil || len(l.Identities) != 0 {
			t.Fatalf("a new user has a login: %+v", l)
		}

		// Bad input names every field and changes nothing.
		bad := e.do("PUT", base+"/wachtwoord", "admin", map[string]any{"gebruikersnaam": "X", "wachtwoord": "kort"}).want(http.StatusBadRequest).invalidParams()
		if !slices.Contains(bad, "gebruikersnaam") || !slices.Contains(bad, "wachtwoord") {
			t.Errorf("bad password input names %v", bad)
		}
		if _, err := e.db.Username(ctx, coach.ID); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
			t.Fatalf("bad input stored a login: %v", err)
		}

		// A made-up password, shown once, that works.
		var pw struct {
			Username string  `json:"gebruikersnaam"`
			Password *string `json:"wachtwoord"`
		}
		e.do("PUT", base+"/wachtwoord", "admin", map[string]any{"gebruikersnaam": "Coach.Een"}).want(http.StatusOK).json(&pw)
		if pw.Username != "coach.een" || pw.Password == nil || len(*pw.Password) < plekwijzer.MinPasswordLength {
			t.Fatalf("made-up password: %+v", pw)
		}
		if _, err := e.db.CheckPassword(ctx, "coach.een", *pw.Password); err != nil {
			t.Fatalf("the made-up password does not work: %v", err)
		}
		// One's own password is not echoed.
		pw.Password = nil
		e.do("PUT", base+"/wachtwoord", "admin", map[string]any{"gebruikersnaam": "coach.een", "wachtwoord": "een-eigen-wachtwoord"}).want(http.StatusOK).json(&pw)
		if pw.Password != nil {
			t.Error("a chosen password is sent back")
		}

		// Link to the identity provider, see it, unlink.
		id := map[string]any{"issuer": "https://login.groningen.example", "subject": "abc-123"}
		e.do("POST", base+"/koppelingen", "admin", map[string]any{"subject": ""}).want(http.StatusBadRequest)
		e.do("POST", base+"/koppelingen", "admin", id).want(http.StatusNoContent)
		e.do("POST", "/api/v1/gebruikers/"+e.users["coach2"].ID+"/koppelingen", "admin", id).want(http.StatusConflict)
		e.do("GET", base+"/inloggen", "admin", nil).want(http.StatusOK).json(&l)
		if l.Username == nil || *l.Username != "coach.een" || len(l.Identities) != 1 || l.Identities[0].Subject != "abc-123" {
			t.Fatalf("login after linking: %+v", l)
		}

		// Switched off: no password, token or identity lets them in.
		e.do("GET", "/api/v1/mij", "coach", nil).want(http.StatusOK)
		var u plekwijzer.User
		e.do("PATCH", "/api/v1/gebruikers/"+e.users["admin"].ID, "admin", map[string]any{"actief": false}).want(http.StatusConflict)
		e.do("PATCH", base, "admin", map[string]any{"actief": false}).want(http.StatusOK).json(&u)
		if u.Active || u.DeactivatedAt == nil {
			t.Fatalf("after switching off: %+v", u)
		}
		e.do("GET", "/api/v1/mij", "coach", nil).want(http.StatusUnauthorized)
		if _, err := e.db.CheckPassword(ctx, "coach.een", "een-eigen-wachtwoord"); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Errorf("a deactivated user's password: %v", err)
		}
		if got, err := e.db.UserByIdentity(ctx, plekwijzer.Identity{Issuer: "https://login.groningen.example", Subject: "abc-123"}); err != nil || got.Active {
			t.Errorf("the identity's user: %+v %v", got, err)
		}
		var off apiListUsers
		e.do("GET", "/api/v1/gebruikers?actief=false", "admin", nil).want(http.StatusOK).json(&off)
		if len(off.Items) != 1 || off.Items[0].ID != coach.ID {
			t.Errorf("deactivated users: %+v", off.Items)
		}

		// Switched on again, all works as before.
		e.do("PATCH", base, "admin", map[string]any{"actief": true}).want(http.StatusOK).json(&u)
		if !u.Active || u.DeactivatedAt != nil {
			t.Fatalf("after switching on: %+v", u)
		}
		e.do("GET", "/api/v1/mij", "coach", nil).want(http.StatusOK)

		e.do("DELETE", base+"/koppelingen", "admin", nil).want(http.StatusNoContent)
		e.do("GET", base+"/inloggen", "admin", nil).want(http.StatusOK).json(&l)
		if len(l.Identities) != 0 {
			t.Errorf("after unlinking: %+v", l.Identities)
		}
	})
}

type apiListUsers struct {
	Items []plekwijzer.User `json:"items"`
}
