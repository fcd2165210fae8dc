package store

import (
	"context"
	"slices"
	"time"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.StatisticsStore = (*DB)(nil)

// DropoutCounts implements plekwijzer.StatisticsStore. The target group
// comes from the placement, not the participant, so placements of deleted
// participants still count.
func (db *DB) DropoutCounts(ctx context.Context) ([]plekwijzer.DropoutCount, error) {
	return db.DropoutCountsWhere(ctx, plekwijzer.StatisticsFilter{})
}

// DropoutCountsWhere implements plekwijzer.StatisticsStore.
func (db *DB) DropoutCountsWhere(ctx context.Context, f plekwijzer.StatisticsFilter) ([]plekwijzer.DropoutCount, error) {
	var w where
	w.add("pl.status IN ('afgerond', 'uitgevallen')")
	if f.From != "" {
		w.add("pl.end_date >= ?", f.From)
	}
	if f.To != "" {
		w.add("pl.end_date <= ?", f.To)
	}
	if f.OrganisationKind != "" {
		w.add("o.organisation_id IN (SELECT id FROM organisations WHERE kind = ?)", f.OrganisationKind)
	}
	if f.TargetGroup != "" {
		w.add("pl.target_group = ?", f.TargetGroup)
	}
	var rows []struct {
		WorkType    string  `db:"work_type_id"`
		TargetGroup string  `db:"target_group"`
		Reason      *string `db:"dropout_reason"`
		Ended       int     `db:"ended"`
		Dropouts    int     `db:"dropouts"`
	}
	// One row per work type, target group and dropout reason (NULL for the
	// completed placements and dropouts without a reason), folded below.
	if err := db.sel(ctx, db.db, &rows, `SELECT o.work_type_id, pl.target_group,
		CASE WHEN pl.status = 'uitgevallen' THEN pl.dropout_reason END AS dropout_reason,
		count(*) AS ended,
		sum(CASE WHEN pl.status = 'uitgevallen' THEN 1 ELSE 0 END) AS dropouts
		FROM placements pl JOIN offers o ON o.id = pl.offer_id`+w.String()+`
		GROUP BY o.work_type_id, pl.target_group, CASE WHEN pl.status = 'uitgevallen' THEN pl.dropout_reason END
		ORDER BY o.work_type_id, pl.target_group`, w.args...); err != nil {
		return nil, db.translate(err)
	}
	var out []plekwijzer.DropoutCount
	for _, r := range rows {
		n := len(out)
		if n == 0 || out[n-1].WorkTypeID != r.WorkType || string(out[n-1].TargetGroup) != r.TargetGroup {
			out = append(out, plekwijzer.DropoutCount{WorkTypeID: r.WorkType,
				TargetGroup: plekwijzer.TargetGroup(r.TargetGroup), Reasons: map[string]int{}})
			n++
		}
		c := &out[n-1]
		c.Ended += r.Ended
		c.Dropouts += r.Dropouts
		if r.Reason != nil && r.Dropouts > 0 {
			c.Reasons[*r.Reason] += r.Dropouts
		}
	}
	return out, nil
}

// ran is the condition for placements that hold places in the statistics:
// they ran (or run), or are proposals still holding. Its argument is
// holdClock().
const ran = `(pl.status IN ('actief', 'afgerond', 'uitgevallen') OR (pl.status = 'voorgesteld' AND (pl.hold_until IS NULL OR pl.hold_until > ?)))`

// OccupancyFacts implements plekwijzer.StatisticsStore.
func (db *DB) OccupancyFacts(ctx context.Context, f plekwijzer.OccupancyFilter) (*plekwijzer.OccupancyFacts, error) {
	facts, err := db.occupancyFacts(ctx, f)
	return facts, db.translate(err)
}

func (db *DB) occupancyFacts(ctx context.Context, f plekwijzer.OccupancyFilter) (*plekwijzer.OccupancyFacts, error) {
	var w where
	if f.OfferID != "" {
		w.add("id = ?", orNil(f.OfferID))
	}
	if f.OrganisationID != "" {
		w.add("organisation_id = ?", orNil(f.OrganisationID))
	}
	var offers []struct {
		ID             string `db:"id"`
		Title          string `db:"title"`
		OrganisationID string `db:"organisation_id"`
		Status         string `db:"status"`
	}
	if err := db.sel(ctx, db.db, &offers, `SELECT id, title, organisation_id, status FROM offers`+w.String()+` ORDER BY lower(title), id`, w.args...); err != nil {
		return nil, err
	}
	facts := &plekwijzer.OccupancyFacts{Offers: []plekwijzer.OfferPlaces{}, Bookings: []plekwijzer.OfferBooking{},
		Contingents: []*plekwijzer.Contingent{}, PoolCapacity: map[string]plekwijzer.Capacity{}}
	if len(offers) == 0 {
		return facts, nil
	}
	ids := make([]string, len(offers))
	for i, o := range offers {
		ids[i] = o.ID
	}
	capacity, err := db.capacities(ctx, db.db, "offer_capacity", "offer_id", ids)
	if err != nil {
		return nil, err
	}
	for _, o := range offers {
		c := capacity[o.ID]
		if c == nil {
			c = plekwijzer.Capacity{}
		}
		facts.Offers = append(facts.Offers, plekwijzer.OfferPlaces{ID: o.ID, Title: o.Title,
			OrganisationID: o.OrganisationID, Status: plekwijzer.OfferStatus(o.Status), Capacity: c})
	}
	first, last := f.From.Monday(), f.To.Monday().AddDays(6)
	var rows []contingentRow
	if err := db.selectIn(ctx, db.db, &rows, "SELECT "+contingentColumns+` FROM contingents
		WHERE id IN (SELECT contingent_id FROM contingent_offers WHERE offer_id IN (?)) ORDER BY lower(name), id`, ids); err != nil {
		return nil, err
	}
	cs, err := db.contingents(ctx, db.db, rows)
	if err != nil {
		return nil, err
	}
	// The bookings of the offers asked for and of the contingents' pools.
	wanted := slices.Clone(ids)
	for _, c := range cs {
		if !c.Covers(first, &last) {
			continue
		}
		facts.Contingents = append(facts.Contingents, c)
		if facts.PoolCapacity[c.ID], err = db.poolCapacity(ctx, db.db, c.OfferIDs); err != nil {
			return nil, err
		}
		wanted = append(wanted, c.OfferIDs...)
	}
	var bw where
	bw.add(ran, holdClock())
	bw.add("pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date >= ?)", last, first)
	if f.OfferID != "" || f.OrganisationID != "" {
		bw.add("pl.offer_id IN (?)", dedupe(wanted))
	}
	var bookings []struct {
		OfferID  string           `db:"offer_id"`
		DayPart  string           `db:"day_part"`
		Start    plekwijzer.Date  `db:"start_date"`
		End      *plekwijzer.Date `db:"end_date"`
		Referrer *string          `db:"referrer_id"`
		Status   string           `db:"status"`
	}
	if err := db.selectIn(ctx, db.db, &bookings, `SELECT pl.offer_id, d.day_part, pl.start_date, pl.end_date, pl.referrer_id, pl.status
		FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id`+bw.String(), bw.args...); err != nil {
		return nil, err
	}
	for _, b := range bookings {
		ob := plekwijzer.OfferBooking{OfferID: b.OfferID, Proposed: b.Status == string(plekwijzer.PlacementProposed),
			Booking: plekwijzer.Booking{DayPart: plekwijzer.DayPart(b.DayPart), Start: b.Start}}
		if b.End != nil {
			ob.End = *b.End
		}
		if b.Referrer != nil {
			ob.ReferrerID = *b.Referrer
		}
		facts.Bookings = append(facts.Bookings, ob)
	}
	return facts, nil
}

// VarietyFacts implements plekwijzer.StatisticsStore. An offer counts as on
// offer from its creation, or from its first placement when that came
// first (offers registered after the fact), until its last change or last
// placement when it is no longer open.
func (db *DB) VarietyFacts(ctx context.Context, from, to plekwijzer.Date) (*plekwijzer.VarietyFacts, error) {
	facts := &plekwijzer.VarietyFacts{Offers: []plekwijzer.OfferSpan{}, Work: []plekwijzer.WorkSpan{}}
	var offers []struct {
		WorkType  string           `db:"work_type_id"`
		Status    string           `db:"status"`
		CreatedAt time.Time        `db:"created_at"`
		UpdatedAt time.Time        `db:"updated_at"`
		First     *plekwijzer.Date `db:"first_start"`
		Last      *plekwijzer.Date `db:"last_end"`
	}
	if err := db.sel(ctx, db.db, &offers, `SELECT o.work_type_id, o.status, o.created_at, o.updated_at,
		(SELECT min(pl.start_date) FROM placements pl WHERE pl.offer_id = o.id AND pl.status <> 'geannuleerd') AS first_start,
		(SELECT max(pl.end_date) FROM placements pl WHERE pl.offer_id = o.id AND pl.status <> 'geannuleerd') AS last_end
		FROM offers o`); err != nil {
		return nil, db.translate(err)
	}
	for _, o := range offers {
		span := plekwijzer.OfferSpan{WorkTypeID: o.WorkType, From: plekwijzer.DateOf(o.CreatedAt)}
		if o.First != nil && *o.First < span.From {
			span.From = *o.First
		}
		if o.Status != string(plekwijzer.OfferOpen) {
			span.Until = plekwijzer.DateOf(o.UpdatedAt)
			if o.Last != nil && *o.Last > span.Until {
				span.Until = *o.Last
			}
		}
		facts.Offers = append(facts.Offers, span)
	}
	var work []struct {
		WorkType string           `db:"work_type_id"`
		Start    plekwijzer.Date  `db:"start_date"`
		End      *plekwijzer.Date `db:"end_date"`
		DayParts int              `db:"day_parts"`
	}
	if err := db.sel(ctx, db.db, &work, `SELECT o.work_type_id, pl.start_date, pl.end_date, count(d.day_part) AS day_parts
		FROM placements pl JOIN offers o ON o.id = pl.offer_id JOIN placement_day_parts d ON d.placement_id = pl.id
		WHERE pl.status IN ('actief', 'afgerond', 'uitgevallen') AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date >= ?)
		GROUP BY pl.id, o.work_type_id, pl.start_date, pl.end_date`, to, from); err != nil {
		return nil, db.translate(err)
	}
	for _, w := range work {
		span := plekwijzer.WorkSpan{WorkTypeID: w.WorkType, Start: w.Start, DayParts: w.DayParts}
		if w.End != nil {
			span.End = *w.End
		}
		facts.Work = append(facts.Work, span)
	}
	var packing []string
	if err := db.sel(ctx, db.db, &packing, `SELECT id FROM work_types WHERE code = ?`, plekwijzer.PackingWorkTypeCode); err != nil {
		return nil, db.translate(err)
	}
	if len(packing) > 0 {
		facts.PackingWorkTypeID = packing[0]
	}
	return facts, nil
}
