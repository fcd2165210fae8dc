package store

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.AuditStore = (*DB)(nil)

// auditBatch bounds the rows of one INSERT: ten parameters a row.
const auditBatch = 500

// RecordAccess implements plekwijzer.AuditStore.
func (db *DB) RecordAccess(ctx context.Context, entries []plekwijzer.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return db.audits.record(ctx, db, entries)
}

// auditCommitMode sets how tx, which writes only audit rows, commits: see
// SetAsyncAudit.
func (db *DB) auditCommitMode(ctx context.Context, tx *sqlx.Tx) error {
	if db.engine != Postgres || !db.asyncAudit.Load() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit TO OFF`)
	return err
}

// recordAccess appends entries in the caller's transaction.
func (db *DB) recordAccess(ctx context.Context, tx *sqlx.Tx, entries []plekwijzer.AuditEntry) error {
	for len(entries) > 0 {
		n := min(len(entries), auditBatch)
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_log (at, user_id, user_name, role, on_behalf_of, action, participant_id, endpoint, request_id, detail) VALUES `)
		args := make([]any, 0, 10*n)
		for i, e := range entries[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			at := e.At
			if at.IsZero() {
				at = now()
			}
			args = append(args, at.UTC().Truncate(time.Microsecond), e.UserID, e.UserName, string(e.Role), e.OnBehalfOf,
				string(e.Action), e.ParticipantID, e.Endpoint, e.RequestID, e.Detail)
		}
		if _, err := db.exec(ctx, tx, q.String(), args...); err != nil {
			return err
		}
		entries = entries[n:]
	}
	return nil
}

type auditRow struct {
	ID            int64     `db:"id"`
	At            time.Time `db:"at"`
	UserID        string    `db:"user_id"`
	UserName      string    `db:"user_name"`
	Role          string    `db:"role"`
	OnBehalfOf    *string   `db:"on_behalf_of"`
	Action        string    `db:"action"`
	ParticipantID string    `db:"participant_id"`
	Endpoint      string    `db:"endpoint"`
	RequestID     string    `db:"request_id"`
	Detail        *string   `db:"detail"`
}

// FindAudit implements plekwijzer.AuditStore.
func (db *DB) FindAudit(ctx context.Context, f plekwijzer.AuditFilter) ([]*plekwijzer.AuditEntry, int, error) {
	var w where
	if f.ParticipantID != "" {
		w.add("participant_id = ?", f.ParticipantID)
	}
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	if f.Action != "" {
		w.add("action = ?", string(f.Action))
	}
	if f.From != nil {
		w.add("at >= ?", f.From.UTC())
	}
	if f.To != nil {
		w.add("at < ?", f.To.UTC())
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM audit_log"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []auditRow
	if err := db.sel(ctx, db.db, &rows, "SELECT id, at, user_id, user_name, role, on_behalf_of, action, participant_id, endpoint, request_id, detail FROM audit_log"+
		w.String()+" ORDER BY at DESC, id DESC"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out := make([]*plekwijzer.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = &plekwijzer.AuditEntry{
			ID: r.ID, At: r.At.UTC(), UserID: r.UserID, UserName: r.UserName, Role: plekwijzer.Role(r.Role),
			OnBehalfOf: r.OnBehalfOf, Action: plekwijzer.AuditAction(r.Action), ParticipantID: r.ParticipantID,
			Endpoint: r.Endpoint, RequestID: r.RequestID, Detail: r.Detail,
		}
	}
	return out, total, nil
}
