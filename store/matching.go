package store

import (
	"context"
	"time"

	"github.com/iederz/plekwijzer"
)

// bulkChunk bounds the ids in one IN list: both engines limit the number of
// parameters of a statement.
const bulkChunk = 2000

// chunks calls fn with successive parts of ids of at most bulkChunk.
func chunks(ids []string, fn func(part []string) error) error {
	for len(ids) > 0 {
		n := min(len(ids), bulkChunk)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// Histories implements plekwijzer.MatchStore.
func (db *DB) Histories(ctx context.Context, participantIDs []string) (map[string][]plekwijzer.HistoryEntry, error) {
	out := make(map[string][]plekwijzer.HistoryEntry, len(participantIDs))
	err := chunks(participantIDs, func(part []string) error {
		var rows []struct {
			PlacementID    string           `db:"id"`
			ParticipantID  string           `db:"participant_id"`
			OfferID        string           `db:"offer_id"`
			WorkTypeID     string           `db:"work_type_id"`
			OrganisationID string           `db:"organisation_id"`
			Start          plekwijzer.Date  `db:"start_date"`
			End            *plekwijzer.Date `db:"end_date"`
			Status         string           `db:"status"`
			Result         *string          `db:"result"`
		}
		if err := db.selectIn(ctx, db.db, &rows, `SELECT pl.id, pl.participant_id, pl.offer_id, o.work_type_id, o.organisation_id,
			pl.start_date, pl.end_date, pl.status, pl.result
			FROM placements pl JOIN offers o ON o.id = pl.offer_id
			WHERE pl.participant_id IN (?) ORDER BY pl.participant_id, pl.start_date, pl.id`, part); err != nil {
			return err
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.PlacementID
		}
		parts, err := db.placementDayParts(ctx, ids)
		if err != nil {
			return err
		}
		for _, r := range rows {
			h := plekwijzer.HistoryEntry{
				ParticipantID: r.ParticipantID, PlacementID: r.PlacementID, OfferID: r.OfferID,
				WorkTypeID: r.WorkTypeID, OrganisationID: r.OrganisationID, DayParts: parts[r.PlacementID],
				Start: r.Start, End: r.End, Status: plekwijzer.PlacementStatus(r.Status),
			}
			if r.Result != nil {
				h.Result = *r.Result
			}
			out[r.ParticipantID] = append(out[r.ParticipantID], h)
		}
		return nil
	})
	return out, db.translate(err)
}

// placementDayParts returns the day-parts of each placement, in calendar
// order.
func (db *DB) placementDayParts(ctx context.Context, ids []string) (map[string][]plekwijzer.DayPart, error) {
	out := make(map[string][]plekwijzer.DayPart, len(ids))
	err := chunks(ids, func(part []string) error {
		var rows []struct {
			PlacementID string `db:"placement_id"`
			DayPart     string `db:"day_part"`
		}
		if err := db.selectIn(ctx, db.db, &rows, `SELECT placement_id, day_part FROM placement_day_parts WHERE placement_id IN (?)`, part); err != nil {
			return err
		}
		for _, r := range rows {
			out[r.PlacementID] = append(out[r.PlacementID], plekwijzer.DayPart(r.DayPart))
		}
		return nil
	})
	for id, ds := range out {
		out[id] = plekwijzer.SortedDayParts(ds)
	}
	return out, err
}

// RecentProposals implements plekwijzer.MatchStore.
func (db *DB) RecentProposals(ctx context.Context, since time.Time) (map[string]int, error) {
	var rows []struct {
		OrganisationID string `db:"organisation_id"`
		N              int    `db:"n"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT o.organisation_id, count(*) AS n FROM placements pl JOIN offers o ON o.id = pl.offer_id
		WHERE pl.created_at >= ? GROUP BY o.organisation_id`, since.UTC()); err != nil {
		return nil, db.translate(err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.OrganisationID] = r.N
	}
	return out, nil
}

// MatchableParticipants implements plekwijzer.MatchStore.
func (db *DB) MatchableParticipants(ctx context.Context, f plekwijzer.ParticipantFilter) ([]*plekwijzer.Participant, error) {
	return db.MatchableParticipantsAfter(ctx, f, "", 0)
}

// MatchableParticipantsAfter implements plekwijzer.MatchStore; limit 0
// means no limit.
func (db *DB) MatchableParticipantsAfter(ctx context.Context, f plekwijzer.ParticipantFilter, after string, limit int) ([]*plekwijzer.Participant, error) {
	w := participantWhere(f)
	w.add("phase <> 'uitgestroomd'")
	if after != "" {
		w.add("code > ?", after)
	}
	q := "SELECT " + participantColumns + " FROM participants" + w.String() + " ORDER BY code"
	if limit > 0 {
		q += " LIMIT ?"
		w.args = append(w.args, limit)
	}
	var rows []participantRow
	if err := db.sel(ctx, db.db, &rows, q, w.args...); err != nil {
		return nil, db.translate(err)
	}
	out := make([]*plekwijzer.Participant, 0, len(rows))
	for len(rows) > 0 {
		n := min(len(rows), bulkChunk)
		ps, err := db.participants(ctx, db.db, rows[:n])
		if err != nil {
			return nil, db.translate(err)
		}
		out = append(out, ps...)
		rows = rows[n:]
	}
	return out, nil
}
