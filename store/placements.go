package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
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
	ReferrerID      *string          `db:"referrer_id"`
	HoldUntil       *time.Time       `db:"hold_until"`
	CancelReason    *string          `db:"cancel_reason"`
	Version         int              `db:"version"`
	CreatedAt       time.Time        `db:"created_at"`
	UpdatedAt       time.Time        `db:"updated_at"`
}

const placementSelect = `SELECT pl.id, pl.participant_id, p.code AS participant_code, pl.target_group, pl.offer_id,
	pl.start_date, pl.end_date, ` + placementStatus + ` AS status, pl.result, pl.dropout_reason, pl.caused_by, pl.missed_hours,
	pl.referrer_id, pl.hold_until, pl.cancel_reason, pl.version, pl.created_at, pl.updated_at
	FROM placements pl LEFT JOIN participants p ON p.id = pl.participant_id`

func (r placementRow) domain() *plekwijzer.Placement {
	pl := &plekwijzer.Placement{
		ID: r.ID, ParticipantID: r.ParticipantID, OfferID: r.OfferID, DayParts: []plekwijzer.DayPart{},
		StartDate: r.StartDate, EndDate: r.EndDate, Status: plekwijzer.PlacementStatus(r.Status),
		ReferrerID: r.ReferrerID, CancelReason: r.CancelReason,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.HoldUntil != nil {
		t := r.HoldUntil.UTC()
		pl.HoldUntil = &t
	}
	if r.ParticipantCode != nil {
		pl.ParticipantCode = *r.ParticipantCode
	}
	if r.Result != nil || r.MissedHours > 0 || r.DropoutReason != nil || r.CausedBy != nil {
		pl.Outcome = &plekwijzer.Outcome{MissedHours: r.MissedHours}
		if r.Result != nil {
			pl.Outcome.Result = *r.Result
		}
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
		// The caseload and the shares through their indexes: an OR with
		// a subquery would read every participant.
		w.add(`p.id IN (SELECT id FROM participants WHERE coach_id = ? UNION ALL SELECT participant_id FROM participant_shares WHERE coach_id = ?)`, f.CoachID, f.CoachID)
	}
	if f.Status != "" {
		w.add(placementStatus+" = ?", f.Status)
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
	out, byID, ids := indexRows(rows, func(r placementRow) (string, *plekwijzer.Placement) { return r.ID, r.domain() })
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
	if err := db.readDeviations(ctx, q, byID, ids); err != nil {
		return nil, err
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
		query += db.forUpdateOf("pl")
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
// free place at offer o for the whole period — no place at all, or only
// places a contingent keeps for others; pl itself is left out of the count
// so an update does not compete with itself. cs are the contingents over o,
// locked by the caller.
func (db *DB) checkCapacity(ctx context.Context, tx *sqlx.Tx, o *plekwijzer.Offer, cs []*plekwijzer.Contingent, pl *plekwijzer.Placement) error {
	var p plekwijzer.Problems
	o.CheckOffered(&p, pl.DayParts)
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
	full := plekwijzer.FullDayParts(o.Capacity, pl.DayParts, pl.StartDate, pl.EndDate, bookings)
	reserved, err := db.reservedFull(ctx, tx, cs, pl)
	if err != nil {
		return err
	}
	if len(full) > 0 || len(reserved) > 0 {
		details := map[string]any{"volleDagdelen": plekwijzer.SortedDayParts(dedupe(append(full, reserved...)))}
		msg := "Niet op elk gekozen dagdeel is een plaats vrij voor de hele periode."
		if len(reserved) > 0 {
			details["gereserveerdeDagdelen"] = reserved
			msg = "Niet op elk gekozen dagdeel is een plaats vrij voor de hele periode; de vrije plaatsen zijn gereserveerd voor deelnemers van andere verwijzers."
		}
		return &plekwijzer.Error{Code: plekwijzer.EConflict, Message: msg, Details: details}
	}
	return nil
}

// lockContingents locks the contingents over an offer (PostgreSQL), so
// bookings at different offers of one pool take turns: each offer's own
// lock would not stop two of them from taking the last general place of
// the pool at once. Bookings take it right after the offer (and the
// participant), before anything else: the one lock order of the store is
// offers, participant, contingents, placements, outbox.
func (db *DB) lockContingents(ctx context.Context, tx *sqlx.Tx, offerID string) ([]*plekwijzer.Contingent, error) {
	return db.contingentsOfOffer(ctx, tx, offerID, db.forUpdate())
}

// reservedFull returns the day-parts in which pl would take places that
// one of the contingents cs over its offer keeps for others.
func (db *DB) reservedFull(ctx context.Context, tx *sqlx.Tx, cs []*plekwijzer.Contingent, pl *plekwijzer.Placement) ([]plekwijzer.DayPart, error) {
	today := plekwijzer.Today()
	var full []plekwijzer.DayPart
	for _, c := range cs {
		if !c.Covers(pl.StartDate, pl.EndDate) || c.Releases(pl.StartDate, today) ||
			(pl.ReferrerID != nil && slices.Contains(c.ReferrerIDs, *pl.ReferrerID)) {
			continue
		}
		pool, err := db.poolCapacity(ctx, tx, c.OfferIDs)
		if err != nil {
			return nil, err
		}
		bookings, err := db.bookings(ctx, tx, `pl.offer_id IN (?) AND pl.id <> ?`, c.OfferIDs, pl.ID)
		if err != nil {
			return nil, err
		}
		full = append(full, plekwijzer.ReservedFull(c, pool, pl.DayParts, pl.StartDate, pl.EndDate, bookings)...)
	}
	return plekwijzer.SortedDayParts(dedupe(full)), nil
}

// CreatePlacement implements plekwijzer.PlacementStore.
func (db *DB) CreatePlacement(ctx context.Context, pl *plekwijzer.Placement) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error { return db.createPlacement(ctx, tx, pl) })
}

// CreatePlacements implements plekwijzer.PlacementStore: every placement
// through the same checks as CreatePlacement, in one transaction. The
// offers and then the participants are locked first, each in id order, so
// batches and single bookings cannot wait on each other in a circle. The
// werkplek is told of each proposed one (NotifyProposalNew).
func (db *DB) CreatePlacements(ctx context.Context, pls []*plekwijzer.Placement) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		var offers, people []string
		for _, pl := range pls {
			offers = append(offers, pl.OfferID)
			if pl.ParticipantID != nil {
				people = append(people, *pl.ParticipantID)
			}
		}
		if err := db.lockOffers(ctx, tx, dedupe(offers)); err != nil {
			return err
		}
		people = dedupe(people)
		slices.Sort(people)
		for _, id := range people {
			if _, err := db.participant(ctx, tx, id, db.forUpdate()); err != nil && plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
				return err
			}
		}
		for i, pl := range pls {
			if err := db.createPlacement(ctx, tx, pl); err != nil {
				return inBatch(err, i)
			}
			// A proposed placement is a voordracht (an empty one): the
			// werkplek hears of it as of one proposed by hand. Only its
			// partners are told, so no one booking it is among them.
			if pl.Status == plekwijzer.PlacementProposed {
				if err := db.tell(ctx, tx, pl, plekwijzer.NotifyProposalNew, plekwijzer.RolePartner, &plekwijzer.Actor{}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// inBatch says which placement of a batch an error is about.
func inBatch(err error, i int) error {
	var e *plekwijzer.Error
	if !errors.As(err, &e) {
		return err
	}
	cp := *e
	cp.Details = maps.Clone(e.Details)
	if cp.Details == nil {
		cp.Details = map[string]any{}
	}
	cp.Details["plaatsing"] = i
	cp.Fields = nil
	for _, f := range e.Fields {
		cp.Fields = append(cp.Fields, plekwijzer.FieldError{Name: fmt.Sprintf("plaatsingen[%d].%s", i, f.Name), Reason: f.Reason})
	}
	return &cp
}

func (db *DB) createPlacement(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement) error {
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
	cs, err := db.lockContingents(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	if _, err := db.expireAt(ctx, tx, o.ID); err != nil {
		return err
	}
	if pl.ID == "" {
		pl.ID = plekwijzer.NewID()
	}
	pl.ReferrerID = p.ReferrerID
	if err := db.checkCapacity(ctx, tx, o, cs, pl); err != nil {
		return err
	}
	pl.ParticipantCode = p.Code
	pl.CreatedAt, pl.Version = now(), 1
	pl.UpdatedAt = pl.CreatedAt
	pl.HoldUntil = nil
	if hold := db.ProposalHold(); pl.Status == plekwijzer.PlacementProposed && hold > 0 {
		// Whole seconds: SQLite compares the stored text.
		t := pl.CreatedAt.Add(hold).Truncate(time.Second)
		pl.HoldUntil = &t
	}
	if _, err := db.exec(ctx, tx, `INSERT INTO placements (id, participant_id, target_group, referrer_id, offer_id, start_date, end_date,
		status, missed_hours, hold_until, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
		pl.ID, pl.ParticipantID, p.TargetGroup, pl.ReferrerID, pl.OfferID, pl.StartDate, pl.EndDate, pl.Status,
		pl.HoldUntil, pl.Version, pl.CreatedAt, pl.UpdatedAt); err != nil {
		return err
	}
	if err := db.writePlacementDayParts(ctx, tx, pl); err != nil {
		return err
	}
	if err := db.writeDeviation(ctx, tx, pl); err != nil {
		return err
	}
	return db.enqueuePool(ctx, tx, pl.OfferID)
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
		cs, err := db.lockContingents(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		// An expired proposal is cancelled before anyone can act on it.
		if _, err := db.expireAt(ctx, tx, o.ID); err != nil {
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
		if u.Outcome != nil {
			if err := db.keepDerivedMissedHours(ctx, tx, pl); err != nil {
				return err
			}
		}
		// Re-check capacity when the placement starts holding places again
		// or holds them on other day-parts or for a longer period.
		grows := pl.Status.HoldsPlaces() && (u.DayParts != nil || u.StartDate != nil || u.EndDate != nil)
		if grows || (pl.Status.HoldsPlaces() && !before.Status.HoldsPlaces()) {
			if err := db.checkCapacity(ctx, tx, o, cs, pl); err != nil {
				return err
			}
		}
		if err := db.savePlacement(ctx, tx, pl); err != nil {
			return err
		}
		return db.notifyWithdrawn(ctx, tx, before.Status, pl)
	})
	return pl, err
}

// keepDerivedMissedHours refuses a typed total of missed hours that
// contradicts the attendance recorded per day-part: once there are marks,
// the total is derived from them (and the next mark would overwrite it).
func (db *DB) keepDerivedMissedHours(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement) error {
	var rows []attendanceRow
	if err := db.sel(ctx, tx, &rows, `SELECT date, day_part, status FROM attendance WHERE placement_id = ?`, pl.ID); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	marks := make([]plekwijzer.AttendanceMark, len(rows))
	for i, r := range rows {
		marks[i] = plekwijzer.AttendanceMark{Date: r.Date, DayPart: r.DayPart, Status: r.Status}
	}
	derived := plekwijzer.AttendanceTotalsOf(marks).MissedHours
	if pl.Outcome.MissedHours == derived {
		return nil
	}
	var p plekwijzer.Problems
	p.Addf("uitkomst.gemisteUren", "volgt uit de aanwezigheid per dagdeel (%d uur); pas de aanwezigheid aan", derived)
	return p.Err()
}

// savePlacement writes a changed placement with the next version.
func (db *DB) savePlacement(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement) error {
	pl.Version++
	pl.UpdatedAt = now()
	var result, reason, cause *string
	missed := 0
	if pl.Outcome != nil {
		missed = pl.Outcome.MissedHours
		if pl.Outcome.Result != "" {
			result = &pl.Outcome.Result
		}
		if pl.Outcome.DropoutReason != "" {
			reason = &pl.Outcome.DropoutReason
		}
		if pl.Outcome.CausedBy != "" {
			cause = &pl.Outcome.CausedBy
		}
	}
	if _, err := db.exec(ctx, tx, `UPDATE placements SET start_date = ?, end_date = ?, status = ?, result = ?,
		dropout_reason = ?, caused_by = ?, missed_hours = ?, hold_until = ?, cancel_reason = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		pl.StartDate, pl.EndDate, storedStatus(pl.Status), result, reason, cause, missed, pl.HoldUntil, pl.CancelReason,
		pl.Version, pl.UpdatedAt, pl.ID); err != nil {
		return err
	}
	if err := db.writePlacementDayParts(ctx, tx, pl); err != nil {
		return err
	}
	return db.enqueuePool(ctx, tx, pl.OfferID)
}

// enqueuePool records that the free places of an offer changed, and with
// them those of every offer sharing a contingent with it: what is free for
// everyone depends on the whole pool.
func (db *DB) enqueuePool(ctx context.Context, tx *sqlx.Tx, offerID string) error {
	return db.enqueueOffersWhere(ctx, tx, `id = ? OR id IN (SELECT b.offer_id FROM contingent_offers a
		JOIN contingent_offers b ON b.contingent_id = a.contingent_id WHERE a.offer_id = ?)`, offerID, offerID)
}

// expireAt cancels the proposals at an offer whose hold has run out, with
// the reason "verlopen", in the caller's transaction (which holds the
// offer's lock). Capacity checks leave such proposals out anyway; this
// makes their status say so. It returns how many it cancelled.
func (db *DB) expireAt(ctx context.Context, tx *sqlx.Tx, offerID string) (int, error) {
	var rows []placementRow
	if err := db.sel(ctx, tx, &rows, placementSelect+` WHERE pl.offer_id = ? AND pl.status = 'voorgesteld'
		AND pl.hold_until IS NOT NULL AND pl.hold_until <= ? ORDER BY pl.id`+db.forUpdateOf("pl"), offerID, holdClock()); err != nil {
		return 0, err
	}
	expired, err := db.placements(ctx, tx, rows)
	if err != nil {
		return 0, err
	}
	cancelled := plekwijzer.PlacementCancelled
	for _, pl := range expired {
		// It ended the day its hold ran out (or on its start day, if later).
		if err := pl.Apply(plekwijzer.PlacementUpdate{Status: &cancelled}, plekwijzer.DateOf(*pl.HoldUntil)); err != nil {
			return 0, err
		}
		reason := plekwijzer.CancelExpired
		pl.CancelReason = &reason
		if err := db.savePlacement(ctx, tx, pl); err != nil {
			return 0, err
		}
		if err := db.notifyExpired(ctx, tx, pl.ID); err != nil {
			return 0, err
		}
	}
	return len(expired), nil
}

// ExpireProposals implements plekwijzer.PlacementStore: the periodic sweep
// of the service, one transaction per offer.
func (db *DB) ExpireProposals(ctx context.Context) (int, error) {
	var offers []string
	if err := db.sel(ctx, db.db, &offers, `SELECT DISTINCT offer_id FROM placements WHERE status = 'voorgesteld'
		AND hold_until IS NOT NULL AND hold_until <= ? ORDER BY offer_id`, holdClock()); err != nil {
		return 0, db.translate(err)
	}
	n := 0
	for _, id := range offers {
		if err := db.transact(ctx, func(tx *sqlx.Tx) error {
			if _, err := db.offer(ctx, tx, id, db.forUpdate()); err != nil {
				return err
			}
			k, err := db.expireAt(ctx, tx, id)
			n += k
			return err
		}); err != nil {
			return n, err
		}
	}
	return n, nil
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

// holding is the condition under which placement pl holds its places now:
// active, or proposed and not expired. Its argument is holdClock().
const holding = `(pl.status = 'actief' OR (pl.status = 'voorgesteld' AND (pl.hold_until IS NULL OR pl.hold_until > ?)))`

// holdClock is now as hold_until is stored: in whole seconds, so that
// SQLite's text comparison orders it right.
func holdClock() time.Time { return time.Now().UTC().Truncate(time.Second) }

// bookings returns the places held (by active placements and proposals that
// have not expired) per day-part by the placements that cond selects; cond
// may use IN (?) with a slice.
func (db *DB) bookings(ctx context.Context, q querier, cond string, args ...any) ([]plekwijzer.Booking, error) {
	var rows []struct {
		DayPart  string           `db:"day_part"`
		Start    plekwijzer.Date  `db:"start_date"`
		End      *plekwijzer.Date `db:"end_date"`
		Referrer *string          `db:"referrer_id"`
	}
	if err := db.selectIn(ctx, q, &rows, `SELECT d.day_part, pl.start_date, pl.end_date, pl.referrer_id
		FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id
		WHERE `+holding+` AND `+cond, append([]any{holdClock()}, args...)...); err != nil {
		return nil, err
	}
	out := make([]plekwijzer.Booking, len(rows))
	for i, r := range rows {
		out[i] = plekwijzer.Booking{DayPart: plekwijzer.DayPart(r.DayPart), Start: r.Start}
		if r.End != nil {
			out[i].End = *r.End
		}
		if r.Referrer != nil {
			out[i].ReferrerID = *r.Referrer
		}
	}
	return out, nil
}
