package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestUserCreateWithEmail: user create --email stores where the user's
// notifications are mailed; an address that is none is refused naming the
// field, and no user is made.
func TestUserCreateWithEmail(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			ctx := context.Background()
			var out, errOut bytes.Buffer
			args := []string{"user", "create", "--name", "Coach Mail", "--role", "coach", "--email", "coach.mail@example.org", "--database-url", url, "--data-dir", t.TempDir()}
			if err := run(ctx, args, &out, &errOut); err != nil {
				t.Fatalf("user create --email: %v\n%s", err, errOut.String())
			}
			var userID string
			if _, err := fmt.Sscanf(out.String(), "user  %s\n", &userID); err != nil {
				t.Fatalf("user create printed %q", out.String())
			}
			db := storetest.Open(t, url)
			u, err := db.User(ctx, userID)
			if err != nil {
				t.Fatal(err)
			}
			if u.Email != "coach.mail@example.org" {
				t.Errorf("the new user's email is %q", u.Email)
			}
			_, before, err := db.FindUsers(ctx, plekwijzer.UserFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
			if err != nil {
				t.Fatal(err)
			}
			bad := []string{"user", "create", "--name", "Coach Fout", "--role", "coach", "--email", "geen adres", "--database-url", url}
			if err := run(ctx, bad, &out, &errOut); err == nil || !strings.Contains(err.Error(), "email") {
				t.Errorf("a bad address must be refused naming email, got %v", err)
			}
			if _, after, _ := db.FindUsers(ctx, plekwijzer.UserFilter{Page: plekwijzer.Page{Number: 1, Size: 1}}); after != before {
				t.Errorf("a refused user create changed the users: %d, then %d", before, after)
			}
		})
	}
}

// TestStartLogSaysWhetherMailIsOn: without PLEKWIJZER_SMTP_URL the service
// runs and its start log says mail is off; with one, it says mail is on
// and shows the URL with the password masked, never the password.
func TestStartLogSaysWhetherMailIsOn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dbURL := storetest.URL(t, store.SQLite)
	off := startServiceEnv(t, ctx, "mail-off", dbURL, t.TempDir(), []string{"PLEKWIJZER_INDEXER=off"})
	if !strings.Contains(off.log(), "mail off") {
		t.Errorf("without SMTP the start log does not say mail is off:\n%s", off.log())
	}
	off.kill()
	const password = "Zeer-Geheim-42"
	on := startServiceEnv(t, ctx, "mail-on", dbURL, t.TempDir(), []string{"PLEKWIJZER_INDEXER=off",
		"PLEKWIJZER_SMTP_URL=smtp://plekwijzer:" + password + "@127.0.0.1:9?tls=off", "PLEKWIJZER_BASE_URL=https://plekwijzer.example.org"})
	log := on.log()
	if !strings.Contains(log, "mail on") || !strings.Contains(log, "plekwijzer:xxxxx@127.0.0.1:9") {
		t.Errorf("with SMTP the start log does not say mail is on, masked:\n%s", log)
	}
	if strings.Contains(log, password) {
		t.Errorf("the SMTP password reached the log:\n%s", log)
	}
}
