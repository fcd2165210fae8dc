package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestUserCreate: the printed token works against the API of a service
// started on the same database, on both engines.
func TestUserCreateAndServe(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			dataDir := t.TempDir()
			ctx := context.Background()
			var out, errOut bytes.Buffer
			args := []string{"user", "create", "--name", "Beheer Test", "--role", "beheerder", "--database-url", url, "--data-dir", dataDir}
			if err := run(ctx, args, &out, &errOut); err != nil {
				t.Fatalf("user create: %v\n%s", err, errOut.String())
			}
			var userID, token string
			if _, err := fmt.Sscanf(out.String(), "user  %s\ntoken %s\n", &userID, &token); err != nil || !strings.HasPrefix(token, "pw_") {
				t.Fatalf("user create printed %q", out.String())
			}
			if err := run(ctx, []string{"user", "create", "--name", "P", "--role", "partner", "--database-url", url}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "organisatieId") {
				t.Errorf("a partner without organisation must be refused naming organisatieId, got %v", err)
			}
			org := plekwijzer.NewID()
			if err := run(ctx, []string{"user", "create", "--name", "M", "--role", "manager", "--organisation", org, "--database-url", url}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "organisatieId") {
				t.Errorf("a manager with an organisation must be refused naming organisatieId, got %v", err)
			}

			addr := freeAddr(t)
			serveLog, stop := startServe(t, addr, "--database-url", url, "--data-dir", dataDir)
			t.Setenv("PLEKWIJZER_ADDR", addr)
			if err := run(ctx, []string{"healthcheck"}, &out, &errOut); err != nil {
				t.Errorf("healthcheck of a ready service: %v", err)
			}
			req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/mij", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Errorf("GET /mij with the printed token: %d", res.StatusCode)
			}
			stop()
			if err := run(ctx, []string{"healthcheck"}, &out, &errOut); err == nil {
				t.Error("healthcheck passes after shutdown")
			}
			if strings.Contains(serveLog.String(), token) {
				t.Error("the token reached the log")
			}
		})
	}
}

// TestServeDemo: --demo fills an empty SQLite database, prints the demo
// tokens, and a second start leaves the data alone.
func TestServeDemo(t *testing.T) {
	dataDir := t.TempDir()
	for round := 1; round <= 2; round++ {
		addr := freeAddr(t)
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		var out, log bytes.Buffer
		go func() { done <- run(ctx, []string{"--demo", "--addr", addr, "--data-dir", dataDir}, &out, &log) }()
		waitReady(t, addr, done)
		stop()
		if err := <-done; err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, log.String())
		}
		switch {
		case round == 1 && !strings.Contains(out.String(), "Demo beheerder"):
			t.Errorf("first start should print the demo tokens:\n%s", out.String())
		case round == 1 && (!strings.Contains(out.String(), demoPassword) || !strings.Contains(out.String(), "fatma")):
			t.Errorf("first start should print the demo logins:\n%s", out.String())
		case round == 2 && !strings.Contains(out.String(), "niet opnieuw geladen"):
			t.Errorf("second start should leave the data alone:\n%s", out.String())
		}
	}
	db, err := store.Open(context.Background(), filepath.Join(dataDir, "plekwijzer.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, offers, err := db.FindOffers(context.Background(), plekwijzer.OfferFilter{})
	if err != nil || offers < 60 {
		t.Errorf("demo offers: %d (%v), want at least 60", offers, err)
	}
}

func TestDatabaseURLFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "url")
	if err := os.WriteFile(path, []byte("postgres://u:geheim@db:5432/pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PLEKWIJZER_DATABASE_URL_FILE", path)
	t.Setenv("PLEKWIJZER_DATABASE_URL", "")
	cfg, err := loadConfig(flag.NewFlagSet("test", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseURL != "postgres://u:geheim@db:5432/pw" {
		t.Errorf("DatabaseURL = %q", cfg.DatabaseURL)
	}
	if m := cfg.maskedDatabaseURL(); strings.Contains(m, "geheim") {
		t.Errorf("masked URL shows the password: %s", m)
	}
}

// TestDatabasePasswordNeverLogged: a start with a database location that
// does not parse, or that cannot connect, fails without the password in
// the log (the JSON lines the service writes) or in the error, whatever
// the location's form.
func TestDatabasePasswordNeverLogged(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, loc := range []string{
		"postgres://pw:g3%heim@127.0.0.1:1/pw",                // a raw % in a generated password
		"postgres://pw:g3heim@127.0.0.1:1/pw?sslmode=disable", // parses, cannot connect
		"host=127.0.0.1 port=1 user=pw password=g3heim dbname=pw sslmode=disable",
		"host=127.0.0.1 port=1 password=g3 heim dbname=pw", // a space: does not parse
	} {
		var out, log bytes.Buffer
		err := run(context.Background(), []string{"serve", "--database-url", loc, "--addr", "127.0.0.1:0"}, &out, &log)
		if err == nil {
			t.Fatalf("%q: serve started", loc)
		}
		if !strings.Contains(log.String(), `"msg":"starting"`) {
			t.Errorf("%q: no starting line in the log: %s", loc, log.String())
		}
		for _, text := range []string{log.String(), err.Error()} {
			if strings.Contains(text, "heim") {
				t.Errorf("%q: the password reached the log or the error: %s", loc, text)
			}
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"vlieg"}, &out, &errOut); err == nil {
		t.Error("unknown command accepted")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe runs serve on addr with args until stop, which waits for a
// clean shutdown; the log is complete after stop.
func startServe(t *testing.T, addr string, args ...string) (log *bytes.Buffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	log = &bytes.Buffer{}
	go func() { done <- run(ctx, append([]string{"serve", "--addr", addr}, args...), &out, log) }()
	waitReady(t, addr, done)
	return log, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve ended with %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not shut down")
		}
	}
}

func waitReady(t *testing.T, addr string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v", err)
		default:
		}
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("service not ready within 60 s")
}

// TestRetentionCommand: the dry run and the run work on a fresh database
// (nobody is due: the store tests cover who is), the policy can be off, and
// a bad setting is refused by name.
func TestRetentionCommand(t *testing.T) {
	url := storetest.URL(t, "sqlite")
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"retention", "--dry-run", "--months", "1", "--database-url", url}, &out, &errOut); err != nil {
		t.Fatalf("retention --dry-run: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "would anonymise 0 participants") {
		t.Fatalf("dry run printed %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"retention", "--months", "1", "--database-url", url}, &out, &errOut); err != nil {
		t.Fatalf("retention: %v", err)
	}
	if !strings.Contains(out.String(), "anonymised 0 participants") {
		t.Fatalf("run printed %q", out.String())
	}
	t.Setenv("PLEKWIJZER_RETENTION_MONTHS", "0")
	if err := run(ctx, []string{"retention", "--database-url", url}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "off") {
		t.Fatalf("retention with the policy off: %v", err)
	}
	t.Setenv("PLEKWIJZER_RETENTION_MONTHS", "drie")
	if err := run(ctx, []string{"retention", "--database-url", url}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "PLEKWIJZER_RETENTION_MONTHS") {
		t.Fatalf("a bad PLEKWIJZER_RETENTION_MONTHS: %v", err)
	}
}
