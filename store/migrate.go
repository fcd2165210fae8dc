package store

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer/migrations"
)

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the migrations of an engine, in order.
func loadMigrations(engine string) ([]migration, error) {
	entries, err := fs.ReadDir(migrations.FS, engine)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("store: migration %s: name must be NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrations.FS, path.Join(engine, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations of %s must be numbered 1, 2, 3…; found %d at place %d", engine, m.version, i+1)
		}
	}
	return out, nil
}

// Migrate brings the schema to the newest version, each migration in its own
// transaction. It refuses a database that a newer Plekwijzer has migrated:
// running old code on a newer schema could corrupt it.
func (db *DB) Migrate(ctx context.Context) error {
	ms, err := loadMigrations(db.engine)
	if err != nil {
		return err
	}
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > len(ms) {
		return fmt.Errorf("store: the database has schema version %d, newer than this program knows (%d); a downgrade is refused — run a newer Plekwijzer", current, len(ms))
	}
	for _, m := range ms[current:] {
		err := db.transact(ctx, func(tx *sqlx.Tx) error {
			if db.engine == Postgres {
				// Two instances starting at once: the second waits here and
				// then finds the migration applied.
				if _, err := tx.ExecContext(ctx, `LOCK TABLE schema_migrations IN EXCLUSIVE MODE`); err != nil {
					return err
				}
			}
			var done int
			if err := db.get(ctx, tx, &done, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
			}
			_, err := db.exec(ctx, tx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, now().Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		db.log.Info("migrated database", "engine", db.engine, "version", m.version, "name", m.name)
	}
	return nil
}

// SchemaVersion is the newest migration applied, 0 for an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY,
		name text NOT NULL,
		applied_at text NOT NULL
	)`); err != nil {
		return 0, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	var v int
	if err := db.db.GetContext(ctx, &v, `SELECT coalesce(max(version), 0) FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("store: read schema version: %w", err)
	}
	return v, nil
}

// LatestSchemaVersion is the version Migrate brings the database to.
func (db *DB) LatestSchemaVersion() int {
	ms, _ := loadMigrations(db.engine)
	return len(ms)
}
