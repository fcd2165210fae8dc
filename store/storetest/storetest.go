// Package storetest gives tests a fresh, migrated database on every engine
// the machine offers: SQLite always, PostgreSQL when
// PLEKWIJZER_TEST_DATABASE_URL names a server. With
// PLEKWIJZER_REQUIRE_POSTGRES=1 a missing or unreachable PostgreSQL fails the
// test instead of skipping it, so CI cannot pass on SQLite alone.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/lib/pq" // the admin connection that creates test databases

	"github.com/iederz/plekwijzer/store"
)

// Engines lists the engines tests run on here.
func Engines(tb testing.TB) []string {
	tb.Helper()
	engines := []string{store.SQLite}
	if os.Getenv("PLEKWIJZER_TEST_DATABASE_URL") != "" {
		engines = append(engines, store.Postgres)
	} else if os.Getenv("PLEKWIJZER_REQUIRE_POSTGRES") == "1" {
		tb.Fatal("PLEKWIJZER_REQUIRE_POSTGRES=1 but PLEKWIJZER_TEST_DATABASE_URL is not set")
	}
	return engines
}

// Run runs fn once per engine, each as a subtest with its own new database.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fn(t, New(t, engine))
		})
	}
}

// New returns a migrated, empty database of the engine, dropped when the test
// ends.
func New(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	return Open(tb, URL(tb, engine))
}

// Open opens and migrates the database at url, closing it at cleanup.
func Open(tb testing.TB, url string) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, nil)
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate test database: %v", err)
	}
	return db
}

// URL creates a new, empty database of the engine and returns its URL; the
// database is removed when the test ends.
func URL(tb testing.TB, engine string) string {
	tb.Helper()
	if engine == store.SQLite {
		return filepath.Join(tb.TempDir(), "plekwijzer.db")
	}
	base := os.Getenv("PLEKWIJZER_TEST_DATABASE_URL")
	if base == "" {
		tb.Fatal("PostgreSQL asked for, but PLEKWIJZER_TEST_DATABASE_URL is not set")
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 8)
	rand.Read(b)
	name := "plekwijzer_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create test database (is PostgreSQL running at PLEKWIJZER_TEST_DATABASE_URL?): %v", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Logf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse PLEKWIJZER_TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
