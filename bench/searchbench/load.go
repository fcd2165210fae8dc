package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/lib/pq"
)

// table is one table's rows, produced on demand so 100 000 offers with
// their capacity rows never sit in memory twice.
type table struct {
	name string
	cols []string
	rows func(emit func(row ...any) error) error
}

// tables lists the rows of d in the schema of migrations/*/0001 and 0002:
// organisations, offers with their capacity, skills and target groups, and
// one outbox entry per offer, as the store's CreateOffer writes them.
func (d *dataset) tables(now time.Time) []table {
	return []table{
		{"organisations", []string{"id", "name", "kind", "postcode", "place", "version", "created_at", "updated_at"},
			func(emit func(...any) error) error {
				for _, o := range d.Orgs {
					if err := emit(o.ID, o.Name, o.Kind, o.PC4, o.Place, 1, now, now); err != nil {
						return err
					}
				}
				return nil
			}},
		{"offers", []string{"id", "organisation_id", "title", "description", "work_type_id", "supervision", "physical_load", "postcode",
			"public_transport", "wheelchair", "status", "development_place", "version", "created_at", "updated_at"},
			func(emit func(...any) error) error {
				for _, o := range d.Offers {
					if err := emit(o.ID, o.OrgID, o.Title, o.Description, o.WorkTypeID, o.Supervision, o.Load, o.PC4,
						o.PublicTransport, o.Wheelchair, o.Status, o.Dev, 1, now, now); err != nil {
						return err
					}
				}
				return nil
			}},
		{"offer_capacity", []string{"offer_id", "day_part", "places"},
			func(emit func(...any) error) error {
				for _, o := range d.Offers {
					for i, p := range o.DayParts {
						if err := emit(o.ID, p, o.Places[i]); err != nil {
							return err
						}
					}
				}
				return nil
			}},
		{"offer_skills", []string{"offer_id", "skill_id", "kind", "position"},
			func(emit func(...any) error) error {
				for _, o := range d.Offers {
					for i, s := range o.Required {
						if err := emit(o.ID, s, "vereist", i); err != nil {
							return err
						}
					}
					for i, s := range o.Learnable {
						if err := emit(o.ID, s, "leerbaar", i); err != nil {
							return err
						}
					}
				}
				return nil
			}},
		{"offer_target_groups", []string{"offer_id", "target_group", "position"},
			func(emit func(...any) error) error {
				for _, o := range d.Offers {
					for i, g := range o.Groups {
						if err := emit(o.ID, g, i); err != nil {
							return err
						}
					}
				}
				return nil
			}},
		{"search_outbox", []string{"kind", "entity_id", "created_at"},
			func(emit func(...any) error) error {
				for _, o := range d.Offers {
					if err := emit("werkplek", o.ID, now); err != nil {
						return err
					}
				}
				return nil
			}},
	}
}

// loadPostgres copies d into the database at dbURL in one transaction.
func loadPostgres(ctx context.Context, dbURL string, d *dataset) error {
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
	now := time.Now().UTC().Truncate(time.Microsecond)
	for _, t := range d.tables(now) {
		stmt, err := tx.PrepareContext(ctx, pq.CopyIn(t.name, t.cols...))
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
		err = t.rows(func(row ...any) error {
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
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "ANALYZE")
	return err
}

// loadSQLite inserts d into the SQLite file at path with multi-row
// INSERTs in one transaction. The connection uses the store's time format,
// so the store reads back what is written here.
func loadSQLite(ctx context.Context, path string, d *dataset) error {
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
	now := time.Now().UTC().Truncate(time.Microsecond)
	const perStatement = 200
	for _, t := range d.tables(now) {
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			n := len(args) / len(t.cols)
			q := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
			_, err := tx.ExecContext(ctx, q, args...)
			args = args[:0]
			return err
		}
		err := t.rows(func(row ...any) error {
			args = append(args, row...)
			if len(args) >= perStatement*len(t.cols) {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return fmt.Errorf("insert %s: %w", t.name, err)
		}
	}
	return tx.Commit()
}

// createDatabase makes a new, empty PostgreSQL database next to the one
// base names and returns its URL and a function that drops it.
func createDatabase(ctx context.Context, base, purpose string) (string, func(), error) {
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "plekwijzer_bench_" + purpose + "_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database (is PostgreSQL running at %s?): %w", redact(base), err)
	}
	drop := func() {
		admin, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// redact hides a password in a database URL.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
