package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Pruning the outbox. Each replica reports how far its search index has
// applied the outbox; entries that every replica heard from recently has
// applied are deleted, and search_epoch.pruned_through records up to where.
// Reports and prunes lock the one search_epoch row, so they take turns: a
// replica that reports sees every prune that could have passed it, and a
// prune sees every report made before it.

// lockEpoch locks the search_epoch row (PostgreSQL; SQLite's IMMEDIATE
// transactions already run one at a time) and returns pruned_through.
func (db *DB) lockEpoch(ctx context.Context, tx *sqlx.Tx) (int64, error) {
	var through int64
	err := db.get(ctx, tx, &through, `SELECT pruned_through FROM search_epoch`+db.forUpdate())
	return through, err
}

// replicaClock is now as seen_at is stored: whole seconds, so that SQLite's
// text comparison orders it right.
func replicaClock() time.Time { return time.Now().UTC().Truncate(time.Second) }

// ResumeReplica implements plekwijzer.OutboxStore.
func (db *DB) ResumeReplica(ctx context.Context, id string) (pos int64, known bool, prunedThrough int64, err error) {
	err = db.transact(ctx, func(tx *sqlx.Tx) error {
		if prunedThrough, err = db.lockEpoch(ctx, tx); err != nil {
			return err
		}
		var rows []int64
		if err := db.sel(ctx, tx, &rows, `SELECT position FROM search_replicas WHERE id = ?`, id); err != nil {
			return err
		}
		if known = len(rows) == 1; known {
			pos = rows[0]
		} else {
			pos = prunedThrough
		}
		return db.upsertReplica(ctx, tx, id, pos)
	})
	return pos, known, prunedThrough, err
}

// ReportIndexPosition implements plekwijzer.OutboxStore.
func (db *DB) ReportIndexPosition(ctx context.Context, id string, pos int64) (prunedThrough int64, err error) {
	err = db.transact(ctx, func(tx *sqlx.Tx) error {
		if prunedThrough, err = db.lockEpoch(ctx, tx); err != nil {
			return err
		}
		return db.upsertReplica(ctx, tx, id, pos)
	})
	return prunedThrough, err
}

func (db *DB) upsertReplica(ctx context.Context, tx *sqlx.Tx, id string, pos int64) error {
	_, err := db.exec(ctx, tx, `INSERT INTO search_replicas (id, position, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET position = excluded.position, seen_at = excluded.seen_at`, id, pos, replicaClock())
	return err
}

// PruneOutbox implements plekwijzer.OutboxStore.
func (db *DB) PruneOutbox(ctx context.Context, staleAfter time.Duration) (deleted int64, err error) {
	err = db.transact(ctx, func(tx *sqlx.Tx) error {
		through, err := db.lockEpoch(ctx, tx)
		if err != nil {
			return err
		}
		cutoff := replicaClock().Add(-staleAfter)
		// Replicas gone for a long time are forgotten; should one come
		// back, it does not know its position and rebuilds.
		if _, err := db.exec(ctx, tx, `DELETE FROM search_replicas WHERE seen_at < ?`, replicaClock().Add(-4*staleAfter)); err != nil {
			return err
		}
		var low *int64 // NULL: no replica was heard from recently
		if err := db.get(ctx, tx, &low, `SELECT min(position) FROM search_replicas WHERE seen_at >= ?`, cutoff); err != nil {
			return err
		}
		var head int64
		if err := db.get(ctx, tx, &head, `SELECT coalesce(max(seq), 0) FROM search_outbox`); err != nil {
			return err
		}
		if low == nil {
			return nil
		}
		// The head entry stays, whatever was applied: the head is the
		// outbox's highest seq, and an index ahead of the head would take
		// the database for another one.
		upTo := min(head-1, *low)
		if upTo <= through {
			return nil
		}
		if deleted, err = db.exec(ctx, tx, `DELETE FROM search_outbox WHERE seq <= ?`, upTo); err != nil {
			return err
		}
		_, err = db.exec(ctx, tx, `UPDATE search_epoch SET pruned_through = ?`, upTo)
		return err
	})
	return deleted, err
}

// OutboxPrunedThrough implements plekwijzer.OutboxStore.
func (db *DB) OutboxPrunedThrough(ctx context.Context) (int64, error) {
	var through int64
	if err := db.get(ctx, db.db, &through, `SELECT pruned_through FROM search_epoch`); err != nil {
		return 0, db.translate(err)
	}
	return through, nil
}
