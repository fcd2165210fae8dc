package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// tables lists the rows of d in the schema of migrations/*/0001 and 0002:
// organisations, offers with their capacity, skills and target groups, and
// one outbox entry per offer, as the store's CreateOffer writes them.
func (d *dataset) tables(now time.Time) []benchutil.Table {
	return []benchutil.Table{
		{Name: "organisations", Cols: []string{"id", "name", "kind", "postcode", "place", "version", "created_at", "updated_at"},
			Rows: func(emit func(...any) error) error {
				for _, o := range d.Orgs {
					if err := emit(o.ID, o.Name, o.Kind, o.PC4, o.Place, 1, now, now); err != nil {
						return err
					}
				}
				return nil
			}},
		{Name: "offers", Cols: []string{"id", "organisation_id", "title", "description", "work_type_id", "supervision", "physical_load", "postcode",
			"public_transport", "wheelchair", "status", "development_place", "version", "created_at", "updated_at"},
			Rows: func(emit func(...any) error) error {
				for _, o := range d.Offers {
					if err := emit(o.ID, o.OrgID, o.Title, o.Description, o.WorkTypeID, o.Supervision, o.Load, o.PC4,
						o.PublicTransport, o.Wheelchair, o.Status, o.Dev, 1, now, now); err != nil {
						return err
					}
				}
				return nil
			}},
		{Name: "offer_capacity", Cols: []string{"offer_id", "day_part", "places"},
			Rows: func(emit func(...any) error) error {
				for _, o := range d.Offers {
					for i, p := range o.DayParts {
						if err := emit(o.ID, p, o.Places[i]); err != nil {
							return err
						}
					}
				}
				return nil
			}},
		{Name: "offer_skills", Cols: []string{"offer_id", "skill_id", "kind", "position"},
			Rows: func(emit func(...any) error) error {
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
		{Name: "offer_target_groups", Cols: []string{"offer_id", "target_group", "position"},
			Rows: func(emit func(...any) error) error {
				for _, o := range d.Offers {
					for i, g := range o.Groups {
						if err := emit(o.ID, g, i); err != nil {
							return err
						}
					}
				}
				return nil
			}},
		{Name: "search_outbox", Cols: []string{"kind", "entity_id", "created_at"},
			Rows: func(emit func(...any) error) error {
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
	return benchutil.LoadPostgres(ctx, dbURL, d.tables(time.Now().UTC().Truncate(time.Microsecond)))
}

// loadSQLite inserts d into the SQLite file at path in one transaction.
func loadSQLite(ctx context.Context, path string, d *dataset) error {
	return benchutil.LoadSQLite(ctx, path, d.tables(time.Now().UTC().Truncate(time.Microsecond)))
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
