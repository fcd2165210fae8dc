package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

type placementRow struct {
	ID              string           `db:"id"`
	ParticipantID   *string          `db:"participant_id"`
	ParticipantCode *string          `db:"participant_code"`
	TargetGroup     string           `db:"target_group"`
	OfferID         string           `db:"offer_id"`
	StartDate       plekwijzer.Date  `db:"start_date"`
	EndDate         *plekwijzer.Date `db:"end_date"`
	Status          string           `db:"status"`
	Result          *string          `db:"result"`
	DropoutReason   *string          `db:"dropout_reason"`
	CausedBy        *string          `db:"caused_by"`
	MissedHours     int              `db:"missed_hours"`
	Version         int              `db:"version"`
	CreatedAt       time.Time        `db:"created_at"`
	UpdatedAt       time.Time        `db:"updated_at"`
}

const placementSelect = `SELECT pl.id, pl.participant_id, p.code AS participant_code, pl.target_group, pl.offer_id,
	pl.start_date, pl.end_date, pl.status, pl.result, pl.dropout_reason, pl.caused_by, pl.missed_hours,
	pl.version, pl.created_at, pl.updated_at
	FROM placements pl LEFT JOIN participants p ON p.id = pl.participant_id`

func (r placementRow) domain() *plekwijzer.Placement {
	pl := &plekwijzer.Placement{
		ID: r.ID, ParticipantID: r.ParticipantID, OfferID: r.OfferID, DayParts: []plekwijzer.DayPart{},
		StartDate: r.StartDate, EndDate: r.EndDate, Status: plekwijzer.PlacementStatus(r.Status),
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.ParticipantCode != nil {
		pl.ParticipantCode = *r.ParticipantCode
	}
	if r.Result != nil {
		pl.Outcome = &plekwijzer.Outcome{Result: *r.Result, MissedHours: r.MissedHours}
		if r.DropoutReason != nil {
			pl.Outcome.DropoutReason = *r.DropoutReason
		}
		if r.CausedBy != nil {
			pl.Outcome.CausedBy = *r.CausedBy
		}
	}
	return pl
}

// FindPlacements implements plekwijzer.PlacementStore.
func (db *DB) FindPlacements(ctx context.Context, f plekwijzer.PlacementFilter) ([]*plekwijzer.Placement, int, error) {
	var w where
	if f.ParticipantID != "" {
		w.add("pl.participant_id = ?", f.ParticipantID)
	}
	if f.OfferID != "" {
		w.add("pl.offer_id = ?", f.OfferID)
	}
	if f.OrganisationID != "" {
		w.add("EXISTS (SELECT 1 FROM offers o WHERE o.id = pl.offer_id AND o.organisation_id = ?)", f.OrganisationID)
	}
	if f.CoachID != "" {
		w.add(`(p.coach_id = ? OR EXISTS (SELECT 1 FROM participant_shares s WHERE s.participant_id = p.id AND s.coach_id = ?))`, f.CoachID, f.CoachID)
	}
	if f.Status != "" {
		w.add("pl.status = ?", f.Status)
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM placements pl LEFT JOIN participants p ON p.id = pl.participant_id"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []placementRow
	if err := db.sel(ctx, db.db, &rows, placementSelect+w.String()+" ORDER BY pl.start_date DESC, pl.id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out, err := db.placements(ctx, db.db, rows)
	return out, total, db.translate(err)
}

func (db *DB) placements(ctx context.Context, q querier, rows []placementRow) ([]*plekwijzer.Placement, error) {
	out := make([]*plekwijzer.Placement, len(rows))
	byID := make(map[string]*plekwijzer.Placement, len(rows))
	ids := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
		byID[r.ID] = out[i]
		ids[i] = r.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	var parts []struct {
		PlacementID string `db:"placement_id"`
		DayPart     string `db:"day_part"`
	}
	if err := db.selectIn(ctx, q, &parts, `SELECT placement_id, day_part FROM placement_day_parts WHERE placement_id IN (?)`, ids); err != nil {
		return nil, err
	}
	for _, d := range parts {
		pl := byID[d.PlacementID]
		pl.DayParts = append(pl.DayParts, plekwijzer.DayPart(d.DayPart))
	}
	for _, pl := range out {
		pl.DayParts = plekwijzer.SortedDayParts(pl.DayParts)
	}
	return out, nil
}

// Placement implements plekwijzer.PlacementStore.
func (db *DB) Placement(ctx context.Context, id string) (*plekwijzer.Placement, error) {
	pl, err := db.placement(ctx, db.db, id, "")
	return pl, db.translate(err)
}

func (db *DB) placement(ctx context.Context, q querier, id, lock string) (*plekwijzer.Placement, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r placementRow
	query := placementSelect + " WHERE pl.id = ?"
	if lock != "" {
		query += " FOR UPDATE OF pl"
	}
	if err := db.get(ctx, q, &r, query, id); err != nil {
		return nil, db.translate(err)
	}
	ps, err := db.placements(ctx, q, []placementRow{r})
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// lockOffer reads and locks the offer a booking goes to. On PostgreSQL the
// row lock makes concurrent bookings of one offer wait for each other; on
// SQLite the IMMEDIATE transaction already did.
func (db *DB) lockOffer(ctx context.Context, tx *sqlx.Tx, id string) (*plekwijzer.Offer, error) {
	o, err := db.offer(ctx, tx, id, db.forUpdate())
	if plekwijzer.ErrorCode(err) == plekwijzer.ENotFound {
		return nil, &plekwijzer.Error{Code: plekwijzer.EInvalid, Message: "De invoer is niet geldig.",
			Fields: []plekwijzer.FieldError{{Name: "werkplekId", Reason: "bestaat niet"}}}
	}
	return o, err
}

// checkCapacity returns a conflict listing the day-parts of pl that have no
// free place at offer o for the whole period; pl itself is left out of the
// count so an update does not compete with itself.
func (db *DB) checkCapacity(ctx context.Context, tx *sqlx.Tx, o *plekwijzer.Offer, pl *plekwijzer.Placement) error {
	var p plekwijzer.Problems
	for i, d := range pl.DayParts {
		if o.Capacity[d] == 0 {
			p.Addf(fmt.Sprintf("dagdelen[%d]", i), "deze werkplek heeft geen plaatsen op %s", d)
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	bookings, err := db.bookings(ctx, tx, `pl.offer_id = ? AND pl.id <> ?`, o.ID, pl.ID)
	if err != nil {
		return err
	}
	if err := db.checkParticipantFree(ctx, tx, pl); err != nil {
		return err
	}
	if full := plekwijzer.FullDayParts(o.Capacity, pl.DayParts, pl.StartDate, pl.EndDate, bookings); len(full) > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Niet op elk gekozen dagdeel is een plaats vrij voor de hele periode.",
			Details: map[string]any{"volleDagdelen": full}}
	}
	return nil
}

// CreatePlacement implements plekwijzer.PlacementStore.
func (db *DB) CreatePlacement(ctx context.Context, pl *plekwijzer.Placement) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		o, err := db.lockOffer(ctx, tx, pl.OfferID)
		if err != nil {
			return err
		}
		p, err := db.participant(ctx, tx, *pl.ParticipantID, db.forUpdate())
		if plekwijzer.ErrorCode(err) == plekwijzer.ENotFound {
			return &plekwijzer.Error{Code: plekwijzer.EInvalid, Message: "De invoer is niet geldig.",
				Fields: []plekwijzer.FieldError{{Name: "deelnemerId", Reason: "bestaat niet"}}}
		} else if err != nil {
			return err
		}
		if o.Status != plekwijzer.OfferOpen {
			return plekwijzer.Errorf(plekwijzer.EConflict, "Deze werkplek is %s en neemt geen deelnemers aan.", o.Status)
		}
		if pl.ID == "" {
			pl.ID = plekwijzer.NewID()
		}
		if err := db.checkCapacity(ctx, tx, o, pl); err != nil {
			return err
		}
		pl.ParticipantCode = p.Code
		pl.CreatedAt, pl.Version = now(), 1
		pl.UpdatedAt = pl.CreatedAt
		if _, err := db.exec(ctx, tx, `INSERT INTO placements (id, participant_id, target_group, offer_id, start_date, end_date,
			status, missed_hours, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
			pl.ID, pl.ParticipantID, p.TargetGroup, pl.OfferID, pl.StartDate, pl.EndDate, pl.Status,
			pl.Version, pl.CreatedAt, pl.UpdatedAt); err != nil {
			return err
		}
		if err := db.writePlacementDayParts(ctx, tx, pl); err != nil {
			return err
		}
		// The offer's free places changed.
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, pl.OfferID)
	})
}

func (db *DB) writePlacementDayParts(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement) error {
	if _, err := db.exec(ctx, tx, `DELETE FROM placement_day_parts WHERE placement_id = ?`, pl.ID); err != nil {
		return err
	}
	for _, d := range pl.DayParts {
		if _, err := db.exec(ctx, tx, `INSERT INTO placement_day_parts (placement_id, day_part) VALUES (?, ?)`, pl.ID, d); err != nil {
			return err
		}
	}
	return nil
}

// UpdatePlacement implements plekwijzer.PlacementStore.
func (db *DB) UpdatePlacement(ctx context.Context, id string, u plekwijzer.PlacementUpdate, version int) (*plekwijzer.Placement, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var pl *plekwijzer.Placement
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		// Lock the offer first, as CreatePlacement does, so bookings and
		// changes of one offer take their locks in the same order.
		var offerID string
		if err := db.get(ctx, tx, &offerID, `SELECT offer_id FROM placements WHERE id = ?`, id); err != nil {
			return err
		}
		o, err := db.offer(ctx, tx, offerID, db.forUpdate())
		if err != nil {
			return err
		}
		if pl, err = db.placement(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := checkVersion(version, pl.Version); err != nil {
			return err
		}
		before := *pl
		if err := pl.Apply(u, plekwijzer.Today()); err != nil {
			return err
		}
		// Re-check capacity when the placement starts holding places again
		// or holds them on other day-parts or for a longer period.
		grows := pl.Status.HoldsPlaces() && (u.DayParts != nil || u.StartDate != nil || u.EndDate != nil)
		if grows || (pl.Status.HoldsPlaces() && !before.Status.HoldsPlaces()) {
			if err := db.checkCapacity(ctx, tx, o, pl); err != nil {
				return err
			}
		}
		pl.Version++
		pl.UpdatedAt = now()
		var result, reason, cause *string
		missed := 0
		if pl.Outcome != nil {
			result, missed = &pl.Outcome.Result, pl.Outcome.MissedHours
			if pl.Outcome.DropoutReason != "" {
				reason = &pl.Outcome.DropoutReason
			}
			if pl.Outcome.CausedBy != "" {
				cause = &pl.Outcome.CausedBy
			}
		}
		if _, err := db.exec(ctx, tx, `UPDATE placements SET start_date = ?, end_date = ?, status = ?, result = ?,
			dropout_reason = ?, caused_by = ?, missed_hours = ?, version = ?, updated_at = ? WHERE id = ?`,
			pl.StartDate, pl.EndDate, pl.Status, result, reason, cause, missed, pl.Version, pl.UpdatedAt, pl.ID); err != nil {
			return err
		}
		if err := db.writePlacementDayParts(ctx, tx, pl); err != nil {
			return err
		}
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, pl.OfferID)
	})
	return pl, err
}

// checkParticipantFree refuses a placement on day-parts where the same
// participant already holds a place elsewhere in the same period: a person
// cannot be at two workplaces on one morning.
func (db *DB) checkParticipantFree(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement) error {
	if pl.ParticipantID == nil {
		return nil
	}
	bookings, err := db.bookings(ctx, tx, `pl.participant_id = ? AND pl.id <> ?`, *pl.ParticipantID, pl.ID)
	if err != nil {
		return err
	}
	var busy []plekwijzer.DayPart
	for _, b := range bookings {
		if slices.Contains(pl.DayParts, b.DayPart) && b.Overlaps(pl.StartDate, pl.EndDate) {
			busy = append(busy, b.DayPart)
		}
	}
	if len(busy) > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "De deelnemer heeft op deze dagdelen in die periode al een plaatsing.",
			Details: map[string]any{"bezetteDagdelen": plekwijzer.SortedDayParts(dedupe(busy))}}
	}
	return nil
}

// bookings returns the places held (by proposed and active placements) per
// day-part by the placements that cond selects.
func (db *DB) bookings(ctx context.Context, q querier, cond string, args ...any) ([]plekwijzer.Booking, error) {
	var rows []struct {
		DayPart string           `db:"day_part"`
		Start   plekwijzer.Date  `db:"start_date"`
		End     *plekwijzer.Date `db:"end_date"`
	}
	if err := db.sel(ctx, q, &rows, `SELECT d.day_part, pl.start_date, pl.end_date
		FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id
		WHERE pl.status IN ('voorgesteld', 'actief') AND `+cond, args...); err != nil {
		return nil, err
	}
	out := make([]plekwijzer.Booking, len(rows))
	for i, r := range rows {
		out[i] = plekwijzer.Booking{DayPart: plekwijzer.DayPart(r.DayPart), Start: r.Start}
		if r.End != nil {
			out[i].End = *r.End
		}
	}
	return out, nil
}
