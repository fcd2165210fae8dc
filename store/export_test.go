package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// AgeReplica makes replica id look last seen by ago earlier (tests of
// pruning with replicas that went away).
func (db *DB) AgeReplica(ctx context.Context, id string, by time.Duration) error {
	_, err := db.exec(ctx, db.db, `UPDATE search_replicas SET seen_at = ? WHERE id = ?`, replicaClock().Add(-by), id)
	return err
}

// AuditCommitMode is the synchronous_commit an audit transaction runs
// with ("" on SQLite).
func (db *DB) AuditCommitMode(ctx context.Context) (string, error) {
	if db.engine != Postgres {
		return "", nil
	}
	var mode string
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.auditCommitMode(ctx, tx); err != nil {
			return err
		}
		return tx.GetContext(ctx, &mode, `SELECT current_setting('synchronous_commit')`)
	})
	return mode, err
}

// CommitMode is the synchronous_commit of an ordinary transaction.
func (db *DB) CommitMode(ctx context.Context) (string, error) {
	if db.engine != Postgres {
		return "", nil
	}
	var mode string
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &mode, `SELECT current_setting('synchronous_commit')`)
	})
	return mode, err
}
