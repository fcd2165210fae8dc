package store

import (
	"context"
	"time"
)

// AgeReplica makes replica id look last seen by ago earlier (tests of
// pruning with replicas that went away).
func (db *DB) AgeReplica(ctx context.Context, id string, by time.Duration) error {
	_, err := db.exec(ctx, db.db, `UPDATE search_replicas SET seen_at = ? WHERE id = ?`, replicaClock().Add(-by), id)
	return err
}
