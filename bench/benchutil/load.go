package benchutil

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/lib/pq"
)

// DatabaseURL is the PostgreSQL server a benchmark creates its databases
// on by default: PLEKWIJZER_BENCH_DATABASE_URL, else
// PLEKWIJZER_TEST_DATABASE_URL, else the local server.
func DatabaseURL() string {
	for _, name := range []string{"PLEKWIJZER_BENCH_DATABASE_URL", "PLEKWIJZER_TEST_DATABASE_URL"} {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return DefaultDatabaseURL
}

// Table is one table's generated rows, produced on demand so that a large
// data set never sits in memory twice.
type Table struct {
	Name string
	Cols []string
	Rows func(emit func(row ...any) error) error
}

// LoadPostgres copies the tables into the database at dbURL with COPY, in
// one transaction, and analyses the database.
func LoadPostgres(ctx context.Context, dbURL string, tables []Table) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range tables {
		stmt, err := tx.PrepareContext(ctx, pq.CopyIn(t.Name, t.Cols...))
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.Name, err)
		}
		err = t.Rows(func(row ...any) error {
			_, err := stmt.ExecContext(ctx, row...)
			return err
		})
		if err == nil {
			_, err = stmt.ExecContext(ctx)
		}
		if cerr := stmt.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "ANALYZE")
	return err
}

// LoadSQLite inserts the tables into the SQLite file at path with
// multi-row INSERTs in one transaction. The connection uses the store's
// time format, so the store reads back what is written here. The caller
// registers the "sqlite" driver (package store does).
func LoadSQLite(ctx context.Context, path string, tables []Table) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_time_format=sqlite&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const perStatement = 200
	for _, t := range tables {
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.Cols)), ", ") + ")"
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			n := len(args) / len(t.Cols)
			q := "INSERT INTO " + t.Name + " (" + strings.Join(t.Cols, ", ") + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
			_, err := tx.ExecContext(ctx, q, args...)
			args = args[:0]
			return err
		}
		err := t.Rows(func(row ...any) error {
			args = append(args, row...)
			if len(args) >= perStatement*len(t.Cols) {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return fmt.Errorf("insert %s: %w", t.Name, err)
		}
	}
	return tx.Commit()
}

// StartProfile starts a CPU profile into dir/name; the function it
// returns stops it. Without dir it does nothing.
func StartProfile(dir, name string) (func(), error) {
	if dir == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// Secs writes a duration in seconds, or in milliseconds below a second.
func Secs(d time.Duration) string {
	if d < time.Second {
		return Ms(d)
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// OpenSQL opens a plain connection to the database of engine ("postgres"
// or "sqlite") at url, for the checks a benchmark runs beside the store.
// The caller registers the "sqlite" driver (package store does).
func OpenSQL(engine, url string) (*sql.DB, error) {
	if engine == "sqlite" {
		return sql.Open("sqlite", "file:"+url+"?_pragma=busy_timeout(10000)")
	}
	return sql.Open("postgres", url)
}

// Rebind turns the ? of query into $1, $2… for PostgreSQL.
func Rebind(engine, query string) string {
	if engine != "postgres" {
		return query
	}
	out, n := []byte{}, 0
	for i := range len(query) {
		if query[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, query[i])
	}
	return string(out)
}
