package store_test

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestMigrateTwiceIsANoOp(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		latest := db.LatestSchemaVersion()
		if latest < 1 {
			t.Fatalf("LatestSchemaVersion %d", latest)
		}
		o := e.organisation()
		for range 2 {
			must(t, db.Migrate(e.ctx))
			v, err := db.SchemaVersion(e.ctx)
			must(t, err)
			if v != latest {
				t.Errorf("schema version %d after migrating again, want %d", v, latest)
			}
		}
		got, err := db.Organisation(e.ctx, o.ID)
		must(t, err)
		assertSame(t, got, o)
	})
}

func TestMigrateEmptyDatabase(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		fresh, err := store.Open(ctx, storetest.URL(t, db.Engine()), nil)
		must(t, err)
		t.Cleanup(func() { fresh.Close() })
		if v, err := fresh.SchemaVersion(ctx); err != nil || v != 0 {
			t.Errorf("an empty database has schema version %d (%v), want 0", v, err)
		}
		must(t, fresh.Migrate(ctx))
		if v, err := fresh.SchemaVersion(ctx); err != nil || v != fresh.LatestSchemaVersion() {
			t.Errorf("schema version %d (%v) after migrating, want %d", v, err, fresh.LatestSchemaVersion())
		}
	})
}

func TestMigrateRefusesDowngrade(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		url := storetest.URL(t, db.Engine())
		db = storetest.Open(t, url)
		raw := rawDB(t, db.Engine(), url)
		if _, err := raw.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'toekomst', '2030-01-01T00:00:00Z')`); err != nil {
			t.Fatalf("record a migration from the future: %v", err)
		}

		err := db.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "downgrade") {
			t.Errorf("Migrate on a newer schema: %v, want an error that mentions the downgrade", err)
		}
		// A second program starting on the same database refuses too.
		other, err := store.Open(ctx, url, nil)
		must(t, err)
		t.Cleanup(func() { other.Close() })
		if err := other.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "downgrade") {
			t.Errorf("Migrate from a second connection: %v, want a refused downgrade", err)
		}
		if v, err := db.SchemaVersion(ctx); err != nil || v != 999 {
			t.Errorf("schema version %d (%v), want 999 left alone", v, err)
		}
	})
}

// TestSchemaConstraints writes rows through plain SQL, past the store's
// validation: the database itself must refuse the ones that break a rule.
// Each case first writes a good row the same way, so a refusal is the
// rule's doing and not a mistake in the statement.
func TestSchemaConstraints(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		url := storetest.URL(t, db.Engine())
		db = storetest.Open(t, url)
		e := newEnv(t, db)
		org, wt := e.organisation(), e.workType()
		raw := rawDB(t, db.Engine(), url)

		const ts = "2025-01-01T00:00:00Z"
		offerID := plekwijzer.NewID()
		insertOffer := `INSERT INTO offers (id, organisation_id, title, work_type_id, supervision, physical_load, postcode, status, created_at, updated_at)
			VALUES (?, ?, 'Werkplek', ?, ?, 'laag', '9712', 'open', '` + ts + `', '` + ts + `')`
		insertPlacement := `INSERT INTO placements (id, target_group, offer_id, start_date, end_date, status, created_at, updated_at)
			VALUES (?, 'overig', ?, '2025-02-01', ?, 'voorgesteld', '` + ts + `', '` + ts + `')`
		insertOrg := `INSERT INTO organisations (id, name, kind, postcode, place, created_at, updated_at)
			VALUES (?, 'Org', 'overig', ?, 'Groningen', '` + ts + `', '` + ts + `')`
		insertUser := `INSERT INTO users (id, name, role, organisation_id, created_at, updated_at) VALUES (?, 'U', 'partner', ?, '` + ts + `', '` + ts + `')`
		insertWorkType := `INSERT INTO work_types (id, code, name, physical_load, environment, created_at, updated_at)
			VALUES (?, ?, 'W', 'laag', 'binnen', '` + ts + `', '` + ts + `')`
		type stmt struct {
			query string
			args  []any
		}
		for _, tc := range []struct {
			name      string
			good, bad stmt
			refusal   string // part of the error, in lower case
		}{
			{"offer supervision 9",
				stmt{insertOffer, []any{offerID, org.ID, wt.ID, 2}},
				stmt{insertOffer, []any{plekwijzer.NewID(), org.ID, wt.ID, 9}}, "check"},
			{"negative places",
				stmt{`INSERT INTO offer_capacity (offer_id, day_part, places) VALUES (?, 'ma-ochtend', 1)`, []any{offerID}},
				stmt{`INSERT INTO offer_capacity (offer_id, day_part, places) VALUES (?, 'di-ochtend', -1)`, []any{offerID}}, "check"},
			{"unknown day-part",
				stmt{`INSERT INTO offer_capacity (offer_id, day_part, places) VALUES (?, ?, 1)`, []any{offerID, "vr-middag"}},
				stmt{`INSERT INTO offer_capacity (offer_id, day_part, places) VALUES (?, ?, 1)`, []any{offerID, "za-ochtend"}}, "check"},
			{"placement ending before it starts",
				stmt{insertPlacement, []any{plekwijzer.NewID(), offerID, "2025-03-01"}},
				stmt{insertPlacement, []any{plekwijzer.NewID(), offerID, "2025-01-01"}}, "check"},
			{"postcode that is no PC4",
				stmt{insertOrg, []any{plekwijzer.NewID(), "9712"}},
				stmt{insertOrg, []any{plekwijzer.NewID(), "0971"}}, "check"},
			{"partner without organisation",
				stmt{insertUser, []any{plekwijzer.NewID(), org.ID}},
				stmt{insertUser, []any{plekwijzer.NewID(), nil}}, "check"},
			{"work-type code that is no slug",
				stmt{insertWorkType, []any{plekwijzer.NewID(), "fietsen-reparatie"}},
				stmt{insertWorkType, []any{plekwijzer.NewID(), "Fietsen Reparatie"}}, "check"},
			{"duplicate work-type code",
				stmt{insertWorkType, []any{plekwijzer.NewID(), "kringloop"}},
				stmt{insertWorkType, []any{plekwijzer.NewID(), "kringloop"}}, "unique"},
			{"offer of an organisation that does not exist",
				stmt{insertOffer, []any{plekwijzer.NewID(), org.ID, wt.ID, 1}},
				stmt{insertOffer, []any{plekwijzer.NewID(), plekwijzer.NewID(), wt.ID, 1}}, "foreign key"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := raw.ExecContext(ctx, rebind(db.Engine(), tc.good.query), tc.good.args...); err != nil {
					t.Fatalf("the good row is refused: %v", err)
				}
				_, err := raw.ExecContext(ctx, rebind(db.Engine(), tc.bad.query), tc.bad.args...)
				if err == nil || !strings.Contains(strings.ToLower(err.Error()), tc.refusal) {
					t.Errorf("the bad row: %v, want a %s violation", err, tc.refusal)
				}
			})
		}
	})
}
