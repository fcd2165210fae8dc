package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestPasswords(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna, kees := e.coach(), e.coach()
		must(t, db.SetPassword(e.ctx, anna.ID, " Anna.deVries ", "correct paard batterij"))

		u, err := db.CheckPassword(e.ctx, "ANNA.DEVRIES", "correct paard batterij")
		must(t, err)
		if u.ID != anna.ID || u.Role != plekwijzer.RoleCoach {
			t.Fatalf("logged in as %+v", u)
		}
		if name, err := db.Username(e.ctx, anna.ID); err != nil || name != "anna.devries" {
			t.Fatalf("username %q, %v", name, err)
		}
		for _, tc := range []struct{ user, password string }{
			{"anna.devries", "correct paard batterij "},
			{"anna.devries", ""},
			{"onbekend", "correct paard batterij"},
			{strings.Repeat("a", 500), "x"},
		} {
			if _, err := db.CheckPassword(e.ctx, tc.user, tc.password); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
				t.Errorf("CheckPassword(%q, %q): %v, want unauthorized", tc.user, tc.password, err)
			}
		}

		// Bad input names every field; a taken username is a conflict.
		wantFields(t, db.SetPassword(e.ctx, kees.ID, "k", "kort"), plekwijzer.EInvalid, "gebruikersnaam", "wachtwoord")
		wantFields(t, db.SetPassword(e.ctx, kees.ID, "anna.devries", "een ander wachtwoord"), plekwijzer.EConflict, "gebruikersnaam")
		wantCode(t, db.SetPassword(e.ctx, plekwijzer.NewID(), "niemand", "een lang wachtwoord"), plekwijzer.ENotFound)

		// A new password replaces the old one; the username may change.
		must(t, db.SetPassword(e.ctx, anna.ID, "anna", "nieuw wachtwoord 2"))
		if _, err := db.CheckPassword(e.ctx, "anna.devries", "correct paard batterij"); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Fatalf("the old username and password still work: %v", err)
		}
		if _, err := db.CheckPassword(e.ctx, "anna", "nieuw wachtwoord 2"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.coach()
		s, secret, err := db.CreateSession(e.ctx, u.ID, time.Now().Add(time.Hour))
		must(t, err)
		if !strings.HasPrefix(secret, "pws_") || s.Token == "" || s.UserID != u.ID {
			t.Fatalf("session %+v, secret %q", s, secret)
		}
		// The session's token is an API token of the user, valid until
		// the session ends.
		au, err := db.Authenticate(e.ctx, s.Token)
		must(t, err)
		if au.ID != u.ID {
			t.Fatalf("token of %s", au.ID)
		}
		got, err := db.SessionBySecret(e.ctx, secret, time.Hour)
		must(t, err)
		if got.Token != s.Token || got.TokenID != s.TokenID || got.UserID != u.ID {
			t.Fatalf("session by secret: %+v", got)
		}
		for _, bad := range []string{"", "pws_", secret + "x", "pw_" + secret[4:], strings.Repeat("x", 200)} {
			if _, err := db.SessionBySecret(e.ctx, bad, time.Hour); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
				t.Errorf("SessionBySecret(%q): %v", bad, err)
			}
		}

		// Logging out ends the session and revokes its token.
		must(t, db.DeleteSession(e.ctx, secret))
		if _, err := db.SessionBySecret(e.ctx, secret, time.Hour); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Fatalf("session after logout: %v", err)
		}
		if _, err := db.Authenticate(e.ctx, s.Token); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Fatalf("token after logout: %v", err)
		}
		must(t, db.DeleteSession(e.ctx, secret)) // twice is fine

		// Revoking the token (a beheerder) ends the session too.
		s2, secret2, err := db.CreateSession(e.ctx, u.ID, time.Now().Add(time.Hour))
		must(t, err)
		must(t, db.DeleteToken(e.ctx, u.ID, s2.TokenID))
		if _, err := db.SessionBySecret(e.ctx, secret2, time.Hour); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Fatalf("session after its token was revoked: %v", err)
		}

		// Expired and idle sessions are refused; expired ones are cleaned up.
		_, secret3, err := db.CreateSession(e.ctx, u.ID, time.Now().Add(time.Second))
		must(t, err)
		if _, err := db.SessionBySecret(e.ctx, secret3, time.Nanosecond); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Fatalf("idle session: %v", err)
		}
		n, err := db.DeleteExpiredSessions(e.ctx, time.Now().Add(time.Minute))
		must(t, err)
		if n != 1 {
			t.Fatalf("%d expired sessions removed, want 1", n)
		}
		if _, err := db.SessionBySecret(e.ctx, secret3, time.Hour); plekwijzer.ErrorCode(err) != plekwijzer.EUnauthorized {
			t.Fatalf("expired session: %v", err)
		}
		wantCode(t, func() error {
			_, _, err := db.CreateSession(e.ctx, plekwijzer.NewID(), time.Now().Add(time.Hour))
			return err
		}(), plekwijzer.ENotFound)
	})
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		start := time.Now().Add(-time.Second)
		for range 3 {
			must(t, db.RecordLoginFailure(e.ctx, "gebruiker:anna", "adres:127.0.0.1"))
		}
		must(t, db.RecordLoginFailure(e.ctx, "gebruiker:kees", "adres:127.0.0.1"))
		for key, want := range map[string]int{"gebruiker:anna": 3, "gebruiker:kees": 1, "adres:127.0.0.1": 4, "adres:10.0.0.1": 0} {
			if n, err := db.LoginFailures(e.ctx, key, start); err != nil || n != want {
				t.Errorf("%s: %d failures (%v), want %d", key, n, err, want)
			}
		}
		if n, _ := db.LoginFailures(e.ctx, "gebruiker:anna", time.Now().Add(time.Minute)); n != 0 {
			t.Errorf("%d failures after the window", n)
		}
		must(t, db.ClearLoginFailures(e.ctx, "gebruiker:anna"))
		if n, _ := db.LoginFailures(e.ctx, "gebruiker:anna", start); n != 0 {
			t.Errorf("%d failures after clearing", n)
		}
		if n, _ := db.LoginFailures(e.ctx, "adres:127.0.0.1", start); n != 4 {
			t.Errorf("clearing a user cleared the address: %d", n)
		}
	})
}

// The tables hold hashes only: no password, session secret or token.
func TestLoginTablesHoldNoSecrets(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			db := storetest.Open(t, url)
			e := newEnv(t, db)
			u := e.coach()
			must(t, db.SetPassword(e.ctx, u.ID, "kees", "geheim wachtwoord"))
			s, secret, err := db.CreateSession(e.ctx, u.ID, time.Now().Add(time.Hour))
			must(t, err)
			must(t, db.RecordLoginFailure(e.ctx, "gebruiker:kees"))
			raw := rawDB(t, engine, url)
			var dump strings.Builder
			for _, q := range []string{
				`SELECT username || ' ' || password_hash FROM credentials`,
				`SELECT hash || ' ' || sealed_token FROM sessions`,
				`SELECT hash FROM tokens`,
				`SELECT key_hash FROM login_failures`,
			} {
				rows, err := raw.QueryContext(e.ctx, q)
				must(t, err)
				for rows.Next() {
					var v string
					must(t, rows.Scan(&v))
					dump.WriteString(v + "\n")
				}
				must(t, rows.Err())
				rows.Close()
			}
			for _, secretText := range []string{"geheim wachtwoord", secret, s.Token, "gebruiker:kees"} {
				if strings.Contains(dump.String(), secretText) {
					t.Errorf("the database holds %q in the clear", secretText)
				}
			}
			if !strings.Contains(dump.String(), "$argon2id$v=19$m=19456,t=2,p=1$") {
				t.Errorf("no argon2id hash stored:\n%s", dump.String())
			}
		})
	}
}
