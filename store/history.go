package store

import (
	"context"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.HistoryStore = (*DB)(nil)

// PlacementHistory implements plekwijzer.HistoryStore.
func (db *DB) PlacementHistory(ctx context.Context, participantID string) ([]plekwijzer.TimelineEntry, error) {
	if !plekwijzer.ValidID(participantID) {
		return nil, errNotFound
	}
	var rows []placementRow
	if err := db.sel(ctx, db.db, &rows, placementSelect+` WHERE pl.participant_id = ?`, participantID); err != nil {
		return nil, db.translate(err)
	}
	pls, err := db.placements(ctx, db.db, rows)
	if err != nil || len(pls) == 0 {
		return []plekwijzer.TimelineEntry{}, db.translate(err)
	}
	offers := make([]string, len(pls))
	for i, pl := range pls {
		offers[i] = pl.OfferID
	}
	var info []struct {
		ID           string `db:"id"`
		Title        string `db:"title"`
		Organisation string `db:"org_name"`
		WorkType     string `db:"work_type_id"`
		Code         string `db:"wt_code"`
		Name         string `db:"wt_name"`
	}
	if err := db.selectIn(ctx, db.db, &info, `SELECT o.id, o.title, g.name AS org_name, o.work_type_id, w.code AS wt_code, w.name AS wt_name
		FROM offers o JOIN organisations g ON g.id = o.organisation_id JOIN work_types w ON w.id = o.work_type_id
		WHERE o.id IN (?)`, dedupe(offers)); err != nil {
		return nil, db.translate(err)
	}
	byOffer := make(map[string]int, len(info))
	for i, x := range info {
		byOffer[x.ID] = i
	}
	out := make([]plekwijzer.TimelineEntry, len(pls))
	for i, pl := range pls {
		x := info[byOffer[pl.OfferID]]
		out[i] = plekwijzer.TimelineEntry{PlacementID: pl.ID, OfferID: pl.OfferID, OfferTitle: x.Title,
			OrganisationName: x.Organisation, WorkTypeID: x.WorkType, WorkTypeCode: x.Code, WorkTypeName: x.Name,
			DayParts: pl.DayParts, StartDate: pl.StartDate, EndDate: pl.EndDate, Status: pl.Status, Outcome: pl.Outcome}
	}
	return out, nil
}

// WaitingList implements plekwijzer.HistoryStore.
func (db *DB) WaitingList(ctx context.Context, f plekwijzer.WaitingFilter) ([]plekwijzer.WaitingEntry, int, error) {
	var w where
	w.add("p.waiting_since IS NOT NULL")
	if f.VisibleTo != "" {
		// The caseload and the shares through their indexes: an OR with
		// a subquery would read every participant.
		w.add(`p.id IN (SELECT id FROM participants WHERE coach_id = ? UNION ALL SELECT participant_id FROM participant_shares WHERE coach_id = ?)`, f.VisibleTo, f.VisibleTo)
	}
	if f.TargetGroup != "" {
		w.add("p.target_group = ?", f.TargetGroup)
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM participants p"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []struct {
		ID           string          `db:"id"`
		Code         string          `db:"code"`
		CoachID      string          `db:"coach_id"`
		TargetGroup  string          `db:"target_group"`
		Phase        string          `db:"phase"`
		WaitingSince plekwijzer.Date `db:"waiting_since"`
		Proposed     bool            `db:"proposed"`
	}
	args := append([]any{holdClock()}, w.args...)
	if err := db.sel(ctx, db.db, &rows, `SELECT p.id, p.code, p.coach_id, p.target_group, p.phase, p.waiting_since,
		EXISTS (SELECT 1 FROM placements pl WHERE pl.participant_id = p.id AND pl.status = 'voorgesteld'
			AND (pl.hold_until IS NULL OR pl.hold_until > ?)) AS proposed
		FROM participants p`+w.String()+` ORDER BY p.waiting_since, p.code`+page(f.Page), args...); err != nil {
		return nil, 0, db.translate(err)
	}
	today := plekwijzer.Today()
	out := make([]plekwijzer.WaitingEntry, len(rows))
	for i, r := range rows {
		out[i] = plekwijzer.WaitingEntry{ParticipantID: r.ID, Code: r.Code, CoachID: r.CoachID,
			TargetGroup: plekwijzer.TargetGroup(r.TargetGroup), Phase: plekwijzer.Phase(r.Phase),
			WaitingSince: r.WaitingSince, DaysWaiting: max(0, plekwijzer.DaysBetween(r.WaitingSince, today)), Proposed: r.Proposed}
	}
	return out, total, nil
}
