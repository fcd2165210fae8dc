package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

// writeDeviation records the override a placement was booked with, if any.
func (db *DB) writeDeviation(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement) error {
	d := pl.Deviation
	if d == nil {
		return nil
	}
	rules, err := json.Marshal(d.Rules)
	if err != nil {
		return err
	}
	d.At = pl.CreatedAt
	_, err = db.exec(ctx, tx, `INSERT INTO placement_deviations (placement_id, participant_id, rules, reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, pl.ID, pl.ParticipantID, string(rules), d.Reason, d.By, d.At)
	return err
}

// readDeviations adds their deviations to placements, by id.
func (db *DB) readDeviations(ctx context.Context, q querier, byID map[string]*plekwijzer.Placement, ids []string) error {
	var rows []struct {
		PlacementID string    `db:"placement_id"`
		Rules       string    `db:"rules"`
		Reason      string    `db:"reason"`
		By          string    `db:"created_by"`
		At          time.Time `db:"created_at"`
	}
	if err := db.selectIn(ctx, q, &rows, `SELECT placement_id, rules, reason, created_by, created_at FROM placement_deviations WHERE placement_id IN (?)`, ids); err != nil {
		return err
	}
	for _, r := range rows {
		d := &plekwijzer.Deviation{Reason: r.Reason, By: r.By, At: r.At.UTC()}
		if err := json.Unmarshal([]byte(r.Rules), &d.Rules); err != nil {
			return err
		}
		byID[r.PlacementID].Deviation = d
	}
	return nil
}
