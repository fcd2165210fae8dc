package store

import (
	"context"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.ContingentStore = (*DB)(nil)

type contingentRow struct {
	ID          string           `db:"id"`
	Name        string           `db:"name"`
	ReleaseDays int              `db:"release_days"`
	StartDate   plekwijzer.Date  `db:"start_date"`
	EndDate     *plekwijzer.Date `db:"end_date"`
	Version     int              `db:"version"`
	CreatedAt   time.Time        `db:"created_at"`
	UpdatedAt   time.Time        `db:"updated_at"`
}

const contingentColumns = `id, name, release_days, start_date, end_date, version, created_at, updated_at`

func (r contingentRow) domain() *plekwijzer.Contingent {
	return &plekwijzer.Contingent{
		ID: r.ID, Name: r.Name, OfferIDs: []string{}, ReferrerIDs: []string{}, Places: plekwijzer.Capacity{},
		ReleaseDays: r.ReleaseDays, StartDate: r.StartDate, EndDate: r.EndDate, Use: []plekwijzer.ContingentUse{},
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// FindContingents implements plekwijzer.ContingentStore.
func (db *DB) FindContingents(ctx context.Context, f plekwijzer.ContingentFilter) ([]*plekwijzer.Contingent, int, error) {
	var w where
	if f.OfferID != "" {
		w.add("EXISTS (SELECT 1 FROM contingent_offers x WHERE x.contingent_id = contingents.id AND x.offer_id = ?)", f.OfferID)
	}
	if f.ReferrerID != "" {
		w.add("EXISTS (SELECT 1 FROM contingent_referrers x WHERE x.contingent_id = contingents.id AND x.organisation_id = ?)", f.ReferrerID)
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM contingents"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []contingentRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+contingentColumns+" FROM contingents"+w.String()+" ORDER BY lower(name), id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out, err := db.contingents(ctx, db.db, rows)
	if err != nil {
		return nil, 0, db.translate(err)
	}
	for _, c := range out {
		if err := db.fillUse(ctx, db.db, c); err != nil {
			return nil, 0, db.translate(err)
		}
	}
	return out, total, nil
}

// contingents turns rows into contingents with their offers, referrers and
// places, loaded for all rows at once.
func (db *DB) contingents(ctx context.Context, q querier, rows []contingentRow) ([]*plekwijzer.Contingent, error) {
	out, byID, ids := indexRows(rows, func(r contingentRow) (string, *plekwijzer.Contingent) { return r.ID, r.domain() })
	if len(ids) == 0 {
		return out, nil
	}
	var members []struct {
		ContingentID string `db:"contingent_id"`
		ID           string `db:"id"`
		Kind         string `db:"kind"`
		Position     int    `db:"position"`
	}
	if err := db.selectIn(ctx, q, &members, `SELECT contingent_id, offer_id AS id, 'werkplek' AS kind, position FROM contingent_offers WHERE contingent_id IN (?)
		UNION ALL SELECT contingent_id, organisation_id AS id, 'verwijzer' AS kind, position FROM contingent_referrers WHERE contingent_id IN (?)
		ORDER BY contingent_id, kind, position`, ids, ids); err != nil {
		return nil, err
	}
	for _, m := range members {
		c := byID[m.ContingentID]
		if m.Kind == "werkplek" {
			c.OfferIDs = append(c.OfferIDs, m.ID)
		} else {
			c.ReferrerIDs = append(c.ReferrerIDs, m.ID)
		}
	}
	places, err := db.capacities(ctx, q, "contingent_places", "contingent_id", ids)
	if err != nil {
		return nil, err
	}
	for id, c := range places {
		byID[id].Places = c
	}
	return out, nil
}

// Contingent implements plekwijzer.ContingentStore.
func (db *DB) Contingent(ctx context.Context, id string) (*plekwijzer.Contingent, error) {
	c, err := db.contingent(ctx, db.db, id, "")
	if err != nil {
		return nil, db.translate(err)
	}
	return c, db.translate(db.fillUse(ctx, db.db, c))
}

func (db *DB) contingent(ctx context.Context, q querier, id, lock string) (*plekwijzer.Contingent, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r contingentRow
	if err := db.get(ctx, q, &r, "SELECT "+contingentColumns+" FROM contingents WHERE id = ?"+lock, id); err != nil {
		return nil, db.translate(err)
	}
	cs, err := db.contingents(ctx, q, []contingentRow{r})
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// contingentsOfOffer returns the contingents whose pool holds the offer,
// locked with lock, in id order (one lock order for everyone).
func (db *DB) contingentsOfOffer(ctx context.Context, q querier, offerID, lock string) ([]*plekwijzer.Contingent, error) {
	var rows []contingentRow
	if err := db.sel(ctx, q, &rows, "SELECT "+contingentColumns+` FROM contingents
		WHERE id IN (SELECT contingent_id FROM contingent_offers WHERE offer_id = ?) ORDER BY id`+lock, offerID); err != nil {
		return nil, err
	}
	return db.contingents(ctx, q, rows)
}

// poolCapacity returns the places of the offers together per day-part.
func (db *DB) poolCapacity(ctx context.Context, q querier, offerIDs []string) (plekwijzer.Capacity, error) {
	out := plekwijzer.Capacity{}
	if len(offerIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		DayPart string `db:"day_part"`
		Places  int    `db:"places"`
	}
	if err := db.selectIn(ctx, q, &rows, `SELECT day_part, sum(places) AS places FROM offer_capacity WHERE offer_id IN (?) GROUP BY day_part`, offerIDs); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[plekwijzer.DayPart(r.DayPart)] = r.Places
	}
	return out, nil
}

// poolToday is how a contingent's pool stands today, per day-part: its
// places and the places held by the referrers' participants and by others.
type poolToday struct {
	capacity, eligible, others plekwijzer.Capacity
}

func (db *DB) poolOn(ctx context.Context, q querier, c *plekwijzer.Contingent, day plekwijzer.Date) (*poolToday, error) {
	capacity, err := db.poolCapacity(ctx, q, c.OfferIDs)
	if err != nil {
		return nil, err
	}
	bookings, err := db.bookings(ctx, q, `pl.offer_id IN (?) AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date >= ?)`, c.OfferIDs, day, day)
	if err != nil {
		return nil, err
	}
	p := &poolToday{capacity: capacity, eligible: plekwijzer.Capacity{}, others: plekwijzer.Capacity{}}
	for _, b := range bookings {
		if slices.Contains(c.ReferrerIDs, b.ReferrerID) {
			p.eligible[b.DayPart]++
		} else {
			p.others[b.DayPart]++
		}
	}
	return p, nil
}

// fillUse sets c.Use to how its places are used today; empty when the
// contingent does not apply today.
func (db *DB) fillUse(ctx context.Context, q querier, c *plekwijzer.Contingent) error {
	c.Use = []plekwijzer.ContingentUse{}
	today := plekwijzer.Today()
	if !c.Covers(today, &today) {
		return nil
	}
	p, err := db.poolOn(ctx, q, c, today)
	if err != nil {
		return err
	}
	for _, d := range plekwijzer.DayParts {
		if n := c.Places[d]; n > 0 {
			c.Use = append(c.Use, plekwijzer.ContingentUse{DayPart: d,
				ReservedUse: plekwijzer.NewReservedUse(n, p.capacity[d], p.eligible[d], p.others[d])})
		}
	}
	return nil
}

// CreateContingent implements plekwijzer.ContingentStore.
func (db *DB) CreateContingent(ctx context.Context, c *plekwijzer.Contingent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.checkContingent(ctx, tx, c); err != nil {
			return err
		}
		if c.ID == "" {
			c.ID = plekwijzer.NewID()
		}
		c.CreatedAt, c.Version = now(), 1
		c.UpdatedAt = c.CreatedAt
		if _, err := db.exec(ctx, tx, `INSERT INTO contingents (`+contingentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Name, c.ReleaseDays, c.StartDate, c.EndDate, c.Version, c.CreatedAt, c.UpdatedAt); err != nil {
			return err
		}
		if err := db.writeContingentLists(ctx, tx, c); err != nil {
			return err
		}
		// What the offers show as free for everyone changed.
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, c.OfferIDs...)
	})
	if err != nil {
		return err
	}
	return db.translate(db.fillUse(ctx, db.db, c))
}

// checkContingent checks what only the database knows: that the offers and
// organisations exist, that the offers have the places it reserves, and
// that no offer is in another contingent in an overlapping period. It locks
// the offers (PostgreSQL), in id order, before any contingent: the order
// bookings take their locks in.
func (db *DB) checkContingent(ctx context.Context, tx *sqlx.Tx, c *plekwijzer.Contingent) error {
	var r refs
	r.many("offers", "werkplekIds", c.OfferIDs)
	r.many("organisations", "verwijzerIds", c.ReferrerIDs)
	if err := db.checkRefs(ctx, tx, r); err != nil {
		return err
	}
	if err := db.lockOffers(ctx, tx, c.OfferIDs); err != nil {
		return err
	}
	pool, err := db.poolCapacity(ctx, tx, c.OfferIDs)
	if err != nil {
		return err
	}
	var p plekwijzer.Problems
	for _, d := range plekwijzer.DayParts {
		if n := c.Places[d]; n > pool[d] {
			p.Addf("plaatsen."+string(d), "de werkplekken hebben samen %d plaatsen op %s; reserveer er niet meer", pool[d], d)
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	var others []contingentRow
	if err := db.selectIn(ctx, tx, &others, "SELECT "+contingentColumns+` FROM contingents
		WHERE id <> ? AND id IN (SELECT contingent_id FROM contingent_offers WHERE offer_id IN (?)) ORDER BY id`, orNil(c.ID), c.OfferIDs); err != nil {
		return err
	}
	cs, err := db.contingents(ctx, tx, others)
	if err != nil {
		return err
	}
	var taken []string
	for _, o := range cs {
		if !o.Covers(c.StartDate, c.EndDate) {
			continue
		}
		for _, id := range c.OfferIDs {
			if slices.Contains(o.OfferIDs, id) {
				taken = append(taken, id)
			}
		}
	}
	if len(taken) > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Een werkplek kan in één periode maar in één contingent zitten; deze werkplekken zitten al in een ander.",
			Details: map[string]any{"werkplekIds": dedupe(taken)}}
	}
	return nil
}

func (db *DB) writeContingentLists(ctx context.Context, tx *sqlx.Tx, c *plekwijzer.Contingent) error {
	for _, t := range []string{"contingent_offers", "contingent_referrers", "contingent_places"} {
		if _, err := db.exec(ctx, tx, "DELETE FROM "+t+" WHERE contingent_id = ?", c.ID); err != nil {
			return err
		}
	}
	for i, id := range c.OfferIDs {
		if _, err := db.exec(ctx, tx, `INSERT INTO contingent_offers (contingent_id, offer_id, position) VALUES (?, ?, ?)`, c.ID, id, i); err != nil {
			return err
		}
	}
	for i, id := range c.ReferrerIDs {
		if _, err := db.exec(ctx, tx, `INSERT INTO contingent_referrers (contingent_id, organisation_id, position) VALUES (?, ?, ?)`, c.ID, id, i); err != nil {
			return err
		}
	}
	for _, d := range plekwijzer.DayParts {
		if n := c.Places[d]; n > 0 {
			if _, err := db.exec(ctx, tx, `INSERT INTO contingent_places (contingent_id, day_part, places) VALUES (?, ?, ?)`, c.ID, d, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateContingent implements plekwijzer.ContingentStore. Bookings lock an
// offer and then its contingents; this locks the offers (old and new) and
// then the contingent, in that same order, and starts again if the
// contingent changed between reading it and locking it.
func (db *DB) UpdateContingent(ctx context.Context, id string, u plekwijzer.ContingentUpdate, version int) (*plekwijzer.Contingent, error) {
	var c *plekwijzer.Contingent
	for attempt := 0; ; attempt++ {
		err := db.transact(ctx, func(tx *sqlx.Tx) error {
			read, err := db.contingent(ctx, tx, id, "")
			if err != nil {
				return err
			}
			c = read
			before := slices.Clone(c.OfferIDs)
			c.Apply(u)
			if err := c.Validate(); err != nil {
				return err
			}
			if err := db.lockOffers(ctx, tx, append(slices.Clone(before), c.OfferIDs...)); err != nil {
				return err
			}
			cur, err := db.contingent(ctx, tx, id, db.forUpdate())
			if err != nil {
				return err
			}
			if cur.Version != c.Version {
				return errChangedMeanwhile
			}
			if err := checkVersion(version, cur.Version); err != nil {
				return err
			}
			if err := db.checkContingent(ctx, tx, c); err != nil {
				return err
			}
			c.Version++
			c.UpdatedAt = now()
			if _, err := db.exec(ctx, tx, `UPDATE contingents SET name = ?, release_days = ?, start_date = ?, end_date = ?, version = ?, updated_at = ?
				WHERE id = ?`, c.Name, c.ReleaseDays, c.StartDate, c.EndDate, c.Version, c.UpdatedAt, c.ID); err != nil {
				return err
			}
			if err := db.writeContingentLists(ctx, tx, c); err != nil {
				return err
			}
			return db.enqueue(ctx, tx, plekwijzer.KindOffer, dedupe(append(before, c.OfferIDs...))...)
		})
		if err == errChangedMeanwhile && attempt < 5 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return c, db.translate(db.fillUse(ctx, db.db, c))
	}
}

// errChangedMeanwhile makes UpdateContingent read again.
var errChangedMeanwhile = plekwijzer.Errorf(plekwijzer.EConflict, "Iemand anders wijzigde dit contingent tegelijk. Probeer het nog eens.")

// lockOffers locks the offers (PostgreSQL) in id order, the one order in
// which every transaction takes more than one offer lock.
func (db *DB) lockOffers(ctx context.Context, tx *sqlx.Tx, ids []string) error {
	ids = validIDs(ids)
	if len(ids) == 0 || db.engine != Postgres {
		return nil
	}
	var locked []string
	return db.selectIn(ctx, tx, &locked, `SELECT id FROM offers WHERE id IN (?) ORDER BY id FOR UPDATE`, ids)
}

// DeleteContingent implements plekwijzer.ContingentStore.
func (db *DB) DeleteContingent(ctx context.Context, id string) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		c, err := db.contingent(ctx, tx, id, "")
		if err != nil {
			return err
		}
		if err := db.lockOffers(ctx, tx, c.OfferIDs); err != nil {
			return err
		}
		n, err := db.exec(ctx, tx, `DELETE FROM contingents WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotFound
		}
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, c.OfferIDs...)
	})
}

// checkReservedCapacity refuses a capacity for offer o that leaves one of
// its contingents more places reserved than its offers have (from today).
func (db *DB) checkReservedCapacity(ctx context.Context, tx *sqlx.Tx, o *plekwijzer.Offer) error {
	cs, err := db.contingentsOfOffer(ctx, tx, o.ID, "")
	if err != nil {
		return err
	}
	today := plekwijzer.Today()
	var p plekwijzer.Problems
	for _, c := range cs {
		if !c.Covers(today, nil) {
			continue
		}
		pool, err := db.poolCapacity(ctx, tx, slices.DeleteFunc(slices.Clone(c.OfferIDs), func(id string) bool { return id == o.ID }))
		if err != nil {
			return err
		}
		for _, d := range plekwijzer.DayParts {
			if have := pool[d] + o.Capacity[d]; c.Places[d] > have {
				p.Addf("capaciteit."+string(d), "contingent %q reserveert %d plaatsen op %s; de werkplekken hebben er dan samen %d", c.Name, c.Places[d], d, have)
			}
		}
	}
	if err := p.Err(); err != nil {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Met deze capaciteit zijn er minder plaatsen dan een contingent reserveert. Verklein eerst het contingent.",
			Fields:  err.(*plekwijzer.Error).Fields}
	}
	return nil
}

// reservedToday splits the free places of offers today into those free for
// everyone and those a contingent keeps for its referrers' participants
// (contingents that release places keep none today). free holds each
// offer's free places and is changed in place.
func (db *DB) reservedToday(ctx context.Context, offers []*plekwijzer.Offer, free map[string]plekwijzer.Capacity) (map[string][]plekwijzer.ReservedFree, error) {
	out := map[string][]plekwijzer.ReservedFree{}
	ids := make([]string, len(offers))
	for i, o := range offers {
		ids[i] = o.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	today := plekwijzer.Today()
	var rows []contingentRow
	if err := db.selectIn(ctx, db.db, &rows, "SELECT "+contingentColumns+` FROM contingents
		WHERE release_days = 0 AND id IN (SELECT contingent_id FROM contingent_offers WHERE offer_id IN (?)) ORDER BY id`, ids); err != nil {
		return nil, err
	}
	cs, err := db.contingents(ctx, db.db, rows)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if !c.Covers(today, &today) {
			continue
		}
		p, err := db.poolOn(ctx, db.db, c, today)
		if err != nil {
			return nil, err
		}
		for _, id := range c.OfferIDs {
			f, ok := free[id]
			if !ok {
				continue
			}
			r := plekwijzer.ReservedFree{ContingentID: c.ID, ReferrerIDs: c.ReferrerIDs, Free: plekwijzer.Capacity{}}
			for d, n := range c.Places {
				general := max(0, min(f[d], p.capacity[d]-p.others[d]-max(p.eligible[d], n)))
				if kept := f[d] - general; kept > 0 {
					r.Free[d] = kept
					setFree(f, d, general)
				}
			}
			if len(r.Free) > 0 {
				out[id] = append(out[id], r)
			}
		}
	}
	return out, nil
}

// setFree sets c[d] to n, leaving out day-parts without free places.
func setFree(c plekwijzer.Capacity, d plekwijzer.DayPart, n int) {
	if n > 0 {
		c[d] = n
	} else {
		delete(c, d)
	}
}
