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

// HoldAuditWrites blocks writes to the audit log until release is called:
// PostgreSQL by an exclusive lock on the table, SQLite by holding its one
// write lock. Tests use it to make concurrent callers queue.
func (db *DB) HoldAuditWrites(ctx context.Context) (release func(), err error) {
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if db.engine == Postgres {
		if _, err := tx.ExecContext(ctx, `LOCK TABLE audit_log IN EXCLUSIVE MODE`); err != nil {
			tx.Rollback()
			return nil, err
		}
	} else if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS hold_writes (x integer)`); err != nil {
		tx.Rollback()
		return nil, err
	}
	return func() { tx.Rollback() }, nil
}

// AuditWaiting is the number of RecordAccess callers in the commit under
// way or queued for the next.
func (db *DB) AuditWaiting() int {
	db.audits.mu.Lock()
	defer db.audits.mu.Unlock()
	return db.audits.writing + len(db.audits.queue)
}

// AuditLanes is how many audit commits run at once.
func (db *DB) AuditLanes() int { return db.auditLanes() }
