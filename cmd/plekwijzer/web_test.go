package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestUserPasswords: user create and user password give users a login for
// the web pages, from standard input or a file, never half: a bad
// password creates no user.
func TestUserPasswords(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			ctx := context.Background()
			var out, errOut bytes.Buffer
			stdin = strings.NewReader("een goed wachtwoord\n")
			t.Cleanup(func() { stdin = os.Stdin })
			args := []string{"user", "create", "--name", "Coach Test", "--role", "coach", "--username", "Coach.Test", "--password-stdin", "--database-url", url}
			if err := run(ctx, args, &out, &errOut); err != nil {
				t.Fatalf("user create: %v\n%s", err, errOut.String())
			}
			if !strings.Contains(out.String(), "username coach.test") {
				t.Fatalf("user create printed %q", out.String())
			}
			db, err := store.Open(ctx, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			u, err := db.CheckPassword(ctx, "coach.test", "een goed wachtwoord")
			if err != nil || u.Name != "Coach Test" {
				t.Fatalf("login of the new user: %v, %v", u, err)
			}

			// A password that breaks the rules: no user at all.
			_, before, _ := db.FindUsers(ctx, plekwijzer.UserFilter{})
			stdin = strings.NewReader("kort\n")
			err = run(ctx, []string{"user", "create", "--name", "Kort", "--role", "coach", "--username", "kort", "--password-stdin", "--database-url", url}, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "wachtwoord") {
				t.Errorf("a short password: %v", err)
			}
			// A username that is taken: no user either.
			t.Setenv("PLEKWIJZER_PASSWORD", "nog een goed wachtwoord")
			err = run(ctx, []string{"user", "create", "--name", "Dubbel", "--role", "coach", "--username", "coach.test", "--database-url", url}, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "gebruikersnaam") {
				t.Errorf("a taken username: %v", err)
			}
			if _, after, _ := db.FindUsers(ctx, plekwijzer.UserFilter{}); after != before {
				t.Errorf("refused logins left users behind: %d, was %d", after, before)
			}
			if err := run(ctx, []string{"user", "create", "--name", "X", "--role", "coach", "--password", "zonder naam!", "--database-url", url}, &out, &errOut); err == nil {
				t.Error("a password without a username was accepted")
			}

			// user password, from a file.
			file := filepath.Join(t.TempDir(), "wachtwoord")
			if err := os.WriteFile(file, []byte("uit een bestand 123\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("PLEKWIJZER_PASSWORD", "")
			t.Setenv("PLEKWIJZER_PASSWORD_FILE", file)
			if err := run(ctx, []string{"user", "password", "--user", u.ID, "--username", "coach.nieuw", "--database-url", url}, &out, &errOut); err != nil {
				t.Fatalf("user password: %v", err)
			}
			if _, err := db.CheckPassword(ctx, "coach.nieuw", "uit een bestand 123"); err != nil {
				t.Errorf("login after user password: %v", err)
			}
			if _, err := db.CheckPassword(ctx, "coach.test", "een goed wachtwoord"); err == nil {
				t.Error("the old login still works")
			}
		})
	}
}

func TestDemoUsernames(t *testing.T) {
	for name, want := range map[string]string{
		"Coach Fatma Y.": "fatma", "Demo beheerder": "beheerder", "Partner Hüseyin A. (Buurtklussers Selwerd)": "huseyin",
		"Partner Jan-Willem S. (Recyclepunt)": "janwillem", "Manager Wietske D.": "wietske", "Ab": "coach",
	} {
		role := plekwijzer.RoleCoach
		if strings.HasPrefix(name, "Demo") {
			role = plekwijzer.RoleAdmin
		}
		if got := demoUsername(&plekwijzer.User{Name: name, Role: role}); got != want {
			t.Errorf("demoUsername(%q) = %q, want %q", name, got, want)
		}
	}
}
