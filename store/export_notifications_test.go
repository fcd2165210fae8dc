package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

// Notify writes notifications in a transaction of their own, as an event
// would in its change's transaction (tests of the notification store).
func (db *DB) Notify(ctx context.Context, ns ...plekwijzer.Notification) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error { return db.notify(ctx, tx, ns...) })
}

// NotifyThenFail writes notifications and then fails the transaction: none
// may remain.
func (db *DB) NotifyThenFail(ctx context.Context, ns ...plekwijzer.Notification) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.notify(ctx, tx, ns...); err != nil {
			return err
		}
		return plekwijzer.Errorf(plekwijzer.EConflict, "test")
	})
}

// PlacementRecipients is placementRecipients in a transaction of its own.
func (db *DB) PlacementRecipients(ctx context.Context, placementID string, coaches, partners bool) ([]string, error) {
	var ids []string
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		ids, err = db.placementRecipients(ctx, tx, placementID, coaches, partners)
		return err
	})
	return ids, err
}

// MailState is a notification's mail state and due time.
func (db *DB) MailState(ctx context.Context, id string) (string, *time.Time, error) {
	var r struct {
		State string     `db:"mail_state"`
		Due   *time.Time `db:"mail_due_at"`
	}
	err := db.get(ctx, db.db, &r, `SELECT mail_state, mail_due_at FROM notifications WHERE id = ?`, id)
	return r.State, utcPtr(r.Due), err
}
