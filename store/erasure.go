package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Erasure that reaches the files. A DELETE only marks rows as gone: SQLite
// keeps the bytes in free space of its pages and in the write-ahead log,
// PostgreSQL keeps the dead row versions in the table's pages until a
// vacuum. So every erasure (one participant, or a retention batch) ends
// with scrub, which does what each engine allows:
//
//   - SQLite runs with secure_delete on every connection (openSQLite), so
//     a deleted row's bytes are overwritten with zeros in the page that
//     held it; scrub then checkpoints the write-ahead log into the database
//     file and truncates the log, so the old page images that still hold
//     the row are gone from the -wal file too.
//   - PostgreSQL: scrub rewrites the tables an erasure touches (participants
//     and every table that refers to it, and the notifications) with
//     VACUUM FULL, so the dead row versions are not in the table's files.
//     What stays — in the write-ahead log until its segments are recycled,
//     in WAL archives and backups for their retention — is written down in
//     docs/SECURITY.md.
//
// A scrub that fails does not undo the erasure (it is committed): it is
// logged, without any personal data, and the next erasure scrubs again.

// eraseCopies removes copies of a participant's code that outlive the
// profile on anonymous records: a notification about a placement names the
// code in a field and in its sentence, and the placement stays. The
// sentence keeps its meaning with "een gewiste deelnemer" in place of the
// code. Run in the erasure's transaction, before the profile is deleted
// (the placement's participant is still known).
func (db *DB) eraseCopies(ctx context.Context, tx *sqlx.Tx, participantID string) error {
	var code string
	if err := db.get(ctx, tx, &code, `SELECT code FROM participants WHERE id = ?`, participantID); err != nil {
		return err
	}
	_, err := db.exec(ctx, tx, `UPDATE notifications SET participant_code = '', text = substr(replace(text, ?, ?), 1, 500)
		WHERE placement_id IN (SELECT id FROM placements WHERE participant_id = ?)`, code, erasedName, participantID)
	return err
}

// erasedName stands for an erased participant in a sentence that named
// their code.
const erasedName = "een gewiste deelnemer"

// scrub makes what erasures deleted unreadable from the database files, as
// far as the engine allows (see above).
func (db *DB) scrub(ctx context.Context) error {
	// The erasure is committed; a client that gave up must not stop the
	// scrub halfway.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if db.engine == SQLite {
		return db.checkpoint(ctx)
	}
	return db.vacuumErased(ctx)
}

// checkpoint copies the write-ahead log into the SQLite file and truncates
// it to zero bytes. A reader that still uses an old snapshot keeps the
// checkpoint from finishing; it is retried for a while (busy_timeout waits
// too).
func (db *DB) checkpoint(ctx context.Context) error {
	if db.memory() {
		return nil
	}
	var busy, logPages, done int
	for attempt := 0; ; attempt++ {
		row := db.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
		if err := row.Scan(&busy, &logPages, &done); err != nil {
			return fmt.Errorf("store: checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if attempt == 20 {
			return fmt.Errorf("store: checkpoint: still busy (%d of %d pages copied)", done, logPages)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("store: checkpoint: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// memory reports whether this is a private in-memory SQLite database,
// which has no files to scrub.
func (db *DB) memory() bool { return db.engine == SQLite && db.url == ":memory:" }

// vacuumErased rewrites participants, every table with a foreign key to
// it (found in the catalogue, so a table added later is included) and the
// notifications that carried the code. A plain VACUUM only marks a dead
// row's space as free: its bytes stay in the page (and in the unique index
// on the code) until something else is written there. VACUUM FULL writes
// each table and its indexes anew without the dead rows and removes the old
// files. It holds an exclusive lock on one table at a time while it copies
// it; lockTimeout keeps it from queueing every other query behind a long
// transaction: such a table is skipped, reported, and rewritten by the
// next erasure.
func (db *DB) vacuumErased(ctx context.Context) error {
	conn, err := db.db.Connx(ctx)
	if err != nil {
		return fmt.Errorf("store: vacuum after erasure: %w", err)
	}
	defer conn.Close()
	var tables []string
	if err := conn.SelectContext(ctx, &tables, `SELECT DISTINCT conrelid::regclass::text FROM pg_constraint
		WHERE contype = 'f' AND confrelid = 'participants'::regclass ORDER BY 1`); err != nil {
		return fmt.Errorf("store: tables to vacuum: %w", err)
	}
	tables = append([]string{"participants", "notifications"}, tables...)
	if err := waitForOlderTransactions(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `SET lock_timeout = '`+lockTimeout+`'`); err != nil {
		return fmt.Errorf("store: vacuum after erasure: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `RESET lock_timeout`)
	var failed []string
	for _, t := range tables {
		// VACUUM cannot run in a transaction; the names come from the
		// catalogue, quoted by regclass where they need it.
		if _, err := conn.ExecContext(ctx, `VACUUM (FULL) `+t); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", t, err))
		}
	}
	if failed != nil {
		return fmt.Errorf("store: vacuum after erasure: %s", strings.Join(failed, "; "))
	}
	return nil
}

// waitForOlderTransactions waits until no transaction that began before
// now can still see the erased rows: a dead row version is kept, by VACUUM
// FULL too, while any transaction of the server that was running when it
// died has not ended, or a transaction in this database still holds an
// older snapshot. Requests are short, so this is a wait of milliseconds;
// after olderTransactionsWait the vacuum runs anyway and what it had to
// keep waits for the next erasure.
func waitForOlderTransactions(ctx context.Context, conn *sqlx.Conn) error {
	var next string
	var now time.Time
	if err := conn.QueryRowxContext(ctx, `SELECT pg_snapshot_xmax(pg_current_snapshot())::text, clock_timestamp()`).Scan(&next, &now); err != nil {
		return fmt.Errorf("store: vacuum after erasure: %w", err)
	}
	deadline := time.Now().Add(olderTransactionsWait)
	for {
		var done bool
		if err := conn.QueryRowxContext(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8
			AND NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
				AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < $2)`, next, now).Scan(&done); err != nil {
			return fmt.Errorf("store: vacuum after erasure: %w", err)
		}
		if done || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("store: vacuum after erasure: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// olderTransactionsWait bounds waitForOlderTransactions.
const olderTransactionsWait = 30 * time.Second

// lockTimeout is how long the vacuum after an erasure waits for a table.
const lockTimeout = "2s"

// scrubbed runs scrub after a committed erasure and logs a failure: the
// erasure stands either way.
func (db *DB) scrubbed(ctx context.Context) {
	if err := db.scrub(ctx); err != nil {
		db.log.Warn("erased data could not be scrubbed from the database files; the next erasure tries again",
			"engine", db.engine, "err", err)
	}
}
