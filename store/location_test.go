package store_test

import (
	"context"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestRedact: no form of a database location shows its password, not
// even a URL that does not parse.
func TestRedact(t *testing.T) {
	for _, tc := range []struct{ loc, want string }{
		{"postgres://pw:ge%heim@db:5432/pw", "postgres:(not shown: does not parse)"},
		{"postgres://pw:geheim@db:5432/pw?sslmode=require", "postgres://pw:xxxxx@db:5432/pw?sslmode=require"},
		{"postgresql://db/pw?password=geheim&sslmode=disable", "postgresql://db/pw?password=xxxxx&sslmode=disable"},
		{"host=db user=pw password=geheim dbname=pw", "host=db user=pw password=xxxxx dbname=pw"},
		{"host=db password = 'ge heim\\'s' dbname=pw", "host=db password = xxxxx dbname=pw"},
		{"mysql://pw:geheim@db/pw", "mysql://pw:xxxxx@db/pw"},
		{"data/plekwijzer.db", "data/plekwijzer.db"},
	} {
		if got := store.Redact(tc.loc); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.loc, got, tc.want)
		}
	}
}

// TestKeyValueLocation: a libpq key=value string reaches PostgreSQL.
func TestKeyValueLocation(t *testing.T) {
	if !slices.Contains(storetest.Engines(t), store.Postgres) {
		t.Skip("PostgreSQL only (PLEKWIJZER_TEST_DATABASE_URL is not set)")
	}
	u, err := url.Parse(storetest.URL(t, store.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	kv := "host=" + u.Hostname() + " port=" + u.Port() + " dbname=" + strings.TrimPrefix(u.Path, "/") +
		" user=" + u.User.Username() + " sslmode=" + u.Query().Get("sslmode")
	if pw, ok := u.User.Password(); ok {
		kv += " password='" + pw + "'"
	}
	db := storetest.Open(t, kv)
	if db.Engine() != store.Postgres {
		t.Fatalf("engine %s, want postgres", db.Engine())
	}
	if err := db.Listen(); err != nil {
		t.Errorf("listen for other replicas on a key=value location: %v", err)
	}
}

// TestOddLocationsRefused: what is neither a PostgreSQL location nor a
// plain path is refused with advice, without the password and without
// creating a file in the working folder.
func TestOddLocationsRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, loc := range []string{
		"mysql://pw:geheim@db/pw",
		"file:plekwijzer.db?geheim",
		"plekwijzer.db?_pragma=geheim",
		"postgres://pw:ge%heim@db/pw",
		"host=db password=ge heim'",
	} {
		db, err := store.Open(context.Background(), loc, nil)
		if err == nil {
			db.Close()
			t.Errorf("%q accepted", loc)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "heim") || !strings.Contains(msg, "PLEKWIJZER_DATABASE_URL") {
			t.Errorf("%q: message %q should name PLEKWIJZER_DATABASE_URL and not the password", loc, msg)
		}
	}
	if files, _ := os.ReadDir("."); len(files) > 0 {
		t.Errorf("refused locations left %d files in the working folder, e.g. %s", len(files), files[0].Name())
	}
}
