package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.MailQueue = (*DB)(nil)

// The notifications table is the mail worker's outbox. A worker claims due
// mail by writing its name and a lease time on the rows; on PostgreSQL the
// claim skips rows another worker's claim has locked (FOR UPDATE SKIP
// LOCKED), so instances on one database never claim the same mail; SQLite
// has one writer at a time, so the claim's UPDATE … WHERE lease expired is
// already exclusive. The outcome is written only by the lease's owner. A
// worker that dies between the mail server's accept and that write leaves
// the lease to run out, and the mail is sent again: duplicated, never lost.

// mailDue is the condition of a notification whose mail may be claimed now.
const mailDue = `mail_state IN ('pending', 'digest') AND mail_due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)`

// skipLocked makes a claim pass over rows another transaction holds.
func (db *DB) skipLocked() string {
	if db.engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ClaimMail implements plekwijzer.MailQueue.
func (db *DB) ClaimMail(ctx context.Context, owner string, at time.Time, limit int, lease time.Duration) ([]*plekwijzer.OutgoingMail, error) {
	var out []*plekwijzer.OutgoingMail
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		t := at.UTC().Truncate(time.Second)
		set := `UPDATE notifications SET lease_owner = ?, lease_until = ?, attempts = attempts + 1,
			first_attempt_at = COALESCE(first_attempt_at, ?) WHERE id IN `
		args := []any{owner, t.Add(lease), t}
		var ids []string
		// Direct mails, oldest first.
		if err := db.sel(ctx, tx, &ids, set+`(SELECT id FROM notifications WHERE mail_state = 'pending' AND `+mailDue+`
			ORDER BY mail_due_at, id LIMIT ?`+db.skipLocked()+`) RETURNING id`, append(args, t, t, limit)...); err != nil {
			return err
		}
		// Whole digests of as many users as there is room for.
		var users []string
		if room := limit - len(ids); room > 0 {
			if err := db.sel(ctx, tx, &users, `SELECT DISTINCT user_id FROM notifications WHERE mail_state = 'digest' AND `+mailDue+`
				ORDER BY user_id LIMIT ?`, t, t, room); err != nil {
				return err
			}
		}
		if len(users) > 0 {
			q, qargs, err := sqlx.In(set+`(SELECT id FROM notifications WHERE mail_state = 'digest' AND user_id IN (?) AND `+mailDue+db.skipLocked()+`) RETURNING id`,
				append(args, users, t, t)...)
			if err != nil {
				return err
			}
			var more []string
			if err := db.sel(ctx, tx, &more, q, qargs...); err != nil {
				return err
			}
			ids = append(ids, more...)
		}
		var err error
		out, err = db.outgoing(ctx, tx, ids)
		return err
	})
	return out, err
}

// outgoing loads the claimed notifications with their recipients and
// groups them into mails: one per direct notification, one per user's
// digest.
func (db *DB) outgoing(ctx context.Context, tx *sqlx.Tx, ids []string) ([]*plekwijzer.OutgoingMail, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []struct {
		notificationRow
		State        string    `db:"mail_state"`
		Attempts     int       `db:"attempts"`
		FirstAttempt time.Time `db:"first_attempt_at"`
		Name         string    `db:"name"`
		Email        string    `db:"email"`
	}
	if err := db.selectIn(ctx, tx, &rows, `SELECT n.id, n.user_id, n.kind, n.placement_id, n.offer_id, n.participant_code, n.offer_title,
		n.text, n.link, n.created_at, n.read_at, n.mail_state, n.attempts, n.first_attempt_at, u.name, u.email
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id IN (?) ORDER BY n.user_id, n.created_at, n.id`, ids); err != nil {
		return nil, err
	}
	var out []*plekwijzer.OutgoingMail
	digests := map[string]*plekwijzer.OutgoingMail{}
	for _, r := range rows {
		m := digests[r.UserID]
		if r.State != mailDigest || m == nil {
			m = &plekwijzer.OutgoingMail{UserID: r.UserID, Name: r.Name, Email: r.Email, Digest: r.State == mailDigest,
				Attempts: r.Attempts, FirstAttempt: r.FirstAttempt.UTC()}
			out = append(out, m)
			if m.Digest {
				digests[r.UserID] = m
			}
		}
		m.Attempts = max(m.Attempts, r.Attempts)
		if r.FirstAttempt.Before(m.FirstAttempt) {
			m.FirstAttempt = r.FirstAttempt.UTC()
		}
		m.Notifications = append(m.Notifications, r.domain())
	}
	return out, nil
}

// MailSent implements plekwijzer.MailQueue.
func (db *DB) MailSent(ctx context.Context, owner string, ids []string, messageID string) (bool, error) {
	var n int64
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		q, args, err := sqlx.In(`UPDATE notifications SET mail_state = ?, sent_at = ?, message_id = ?, last_error = '',
			lease_owner = '', lease_until = NULL WHERE id IN (?) AND lease_owner = ? AND mail_state IN ('pending', 'digest')`,
			mailSent, now(), messageID, ids, owner)
		if err != nil {
			return err
		}
		n, err = db.exec(ctx, tx, q, args...)
		return err
	})
	return n == int64(len(ids)), err
}

// MailNotSent implements plekwijzer.MailQueue.
func (db *DB) MailNotSent(ctx context.Context, owner string, ids []string, reason string, retryAt time.Time) error {
	state, due := mailPending, any(retryAt.UTC().Truncate(time.Second))
	if retryAt.IsZero() {
		state, due = mailFailed, nil
	}
	if len(reason) > 500 {
		reason = reason[:500]
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		// A digest that is retried stays a digest: its rows keep their
		// state and are claimed together again.
		q, args, err := sqlx.In(`UPDATE notifications SET mail_state = CASE WHEN ? = 'failed' THEN 'failed' ELSE mail_state END,
			mail_due_at = ?, last_error = ?, lease_owner = '', lease_until = NULL
			WHERE id IN (?) AND lease_owner = ? AND mail_state IN ('pending', 'digest')`, state, due, reason, ids, owner)
		if err != nil {
			return err
		}
		_, err = db.exec(ctx, tx, q, args...)
		return err
	})
}

// Invitation implements plekwijzer.MailQueue. A placement that is gone
// (erased with its participant) has no invitation.
func (db *DB) Invitation(ctx context.Context, placementID, code, offerTitle string) ([]byte, error) {
	pr, err := db.Proposal(ctx, placementID)
	switch {
	case plekwijzer.ErrorCode(err) == plekwijzer.ENotFound:
		return nil, nil
	case err != nil:
		return nil, err
	}
	return pr.Invitation(code, offerTitle, now()), nil
}
