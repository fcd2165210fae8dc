package store

import (
	"context"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.RetentionStore = (*DB)(nil)

// InactiveParticipants implements plekwijzer.RetentionStore.
func (db *DB) InactiveParticipants(ctx context.Context, before plekwijzer.Date) ([]plekwijzer.InactiveParticipant, error) {
	var rows []struct {
		ID            string           `db:"id"`
		Code          string           `db:"code"`
		CoachID       string           `db:"coach_id"`
		UpdatedAt     time.Time        `db:"updated_at"`
		LastPlacement *plekwijzer.Date `db:"last_placement"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT p.id, p.code, p.coach_id, p.updated_at,
		(SELECT max(COALESCE(pl.end_date, pl.start_date)) FROM placements pl WHERE pl.participant_id = p.id) AS last_placement
		FROM participants p
		WHERE NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.participant_id = p.id AND pl.status IN ('voorgesteld', 'actief'))`); err != nil {
		return nil, db.translate(err)
	}
	var out []plekwijzer.InactiveParticipant
	for _, r := range rows {
		last := plekwijzer.DateOf(r.UpdatedAt)
		if r.LastPlacement != nil && *r.LastPlacement > last {
			last = *r.LastPlacement
		}
		if last < before {
			out = append(out, plekwijzer.InactiveParticipant{ID: r.ID, Code: r.Code, CoachID: r.CoachID, LastActivity: last})
		}
	}
	slices.SortFunc(out, func(a, b plekwijzer.InactiveParticipant) int {
		if a.LastActivity != b.LastActivity {
			if a.LastActivity < b.LastActivity {
				return -1
			}
			return 1
		}
		if a.Code < b.Code {
			return -1
		}
		return 1
	})
	return out, nil
}

// Anonymise implements plekwijzer.RetentionStore.
func (db *DB) Anonymise(ctx context.Context, ids []string, entry plekwijzer.AuditEntry) (int, error) {
	n := 0
	for _, id := range ids {
		e := entry
		e.ParticipantID = id
		err := db.transact(ctx, func(tx *sqlx.Tx) error {
			if err := db.erase(ctx, tx, id); err != nil {
				return err
			}
			return db.recordAccess(ctx, tx, []plekwijzer.AuditEntry{e})
		})
		switch plekwijzer.ErrorCode(err) {
		case "":
			n++
		case plekwijzer.EConflict, plekwijzer.ENotFound:
			// Placed again, or erased by someone else, meanwhile.
		default:
			if n > 0 {
				db.scrubbed(ctx)
			}
			return n, err
		}
	}
	if n > 0 {
		db.scrubbed(ctx)
	}
	return n, nil
}
