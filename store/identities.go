package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.IdentityStore = (*DB)(nil)

// UserByIdentity implements plekwijzer.IdentityStore.
func (db *DB) UserByIdentity(ctx context.Context, id plekwijzer.Identity) (*plekwijzer.User, error) {
	if id.Validate() != nil {
		return nil, errNotFound
	}
	var r userRow
	err := db.get(ctx, db.db, &r, `SELECT `+userColumnsOf+`
		FROM identities i JOIN users u ON u.id = i.user_id WHERE i.issuer = ? AND i.subject = ?`, id.Issuer, id.Subject)
	if err != nil {
		return nil, db.translate(err)
	}
	return r.domain(), nil
}

// CreateUserWithIdentity implements plekwijzer.IdentityStore.
func (db *DB) CreateUserWithIdentity(ctx context.Context, usr *plekwijzer.User, id plekwijzer.Identity) error {
	if err := id.Validate(); err != nil {
		return err
	}
	if err := usr.Validate(); err != nil {
		return err
	}
	saved := *usr
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.insertUser(ctx, tx, usr); err != nil {
			return err
		}
		return db.link(ctx, tx, usr.ID, id)
	})
	if err != nil {
		*usr = saved // no id for a user that was not stored
	}
	return err
}

// LinkIdentity implements plekwijzer.IdentityStore.
func (db *DB) LinkIdentity(ctx context.Context, userID string, id plekwijzer.Identity) error {
	if err := id.Validate(); err != nil {
		return err
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.user(ctx, tx, userID, db.forUpdate()); err != nil {
			return err
		}
		var owner string
		err := db.get(ctx, tx, &owner, `SELECT user_id FROM identities WHERE issuer = ? AND subject = ?`, id.Issuer, id.Subject)
		switch {
		case err == nil && owner == userID:
			return nil
		case err == nil:
			return plekwijzer.Errorf(plekwijzer.EConflict, "Dit account is al aan een andere gebruiker gekoppeld.")
		case plekwijzer.ErrorCode(db.translate(err)) != plekwijzer.ENotFound:
			return err
		}
		return db.link(ctx, tx, userID, id)
	})
}

// link inserts the link of a user to id; a user with another identity at
// the same issuer is a conflict (the unique key says so).
func (db *DB) link(ctx context.Context, tx *sqlx.Tx, userID string, id plekwijzer.Identity) error {
	_, err := db.exec(ctx, tx, `INSERT INTO identities (issuer, subject, user_id, created_at) VALUES (?, ?, ?, ?)`,
		id.Issuer, id.Subject, userID, now())
	if plekwijzer.ErrorCode(db.translate(err)) == plekwijzer.EConflict {
		return plekwijzer.Errorf(plekwijzer.EConflict, "Deze gebruiker of dit account is al gekoppeld.")
	}
	return err
}

// UnlinkIdentities implements plekwijzer.IdentityStore.
func (db *DB) UnlinkIdentities(ctx context.Context, userID string) (int, error) {
	var n int64
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.user(ctx, tx, userID, db.forUpdate()); err != nil {
			return err
		}
		var err error
		n, err = db.exec(ctx, tx, `DELETE FROM identities WHERE user_id = ?`, userID)
		return err
	})
	return int(n), err
}

// Identities implements plekwijzer.IdentityStore.
func (db *DB) Identities(ctx context.Context, userID string) ([]plekwijzer.Identity, error) {
	if _, err := db.User(ctx, userID); err != nil {
		return nil, err
	}
	out := []plekwijzer.Identity{}
	err := db.sel(ctx, db.db, &out, `SELECT issuer AS "issuer", subject AS "subject" FROM identities WHERE user_id = ? ORDER BY issuer`, userID)
	return out, db.translate(err)
}
