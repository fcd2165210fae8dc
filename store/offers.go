package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

type offerRow struct {
	ID               string    `db:"id"`
	OrganisationID   string    `db:"organisation_id"`
	Title            string    `db:"title"`
	Description      string    `db:"description"`
	WorkTypeID       string    `db:"work_type_id"`
	Supervision      int       `db:"supervision"`
	PhysicalLoad     string    `db:"physical_load"`
	Postcode         string    `db:"postcode"`
	PublicTransport  bool      `db:"public_transport"`
	Wheelchair       bool      `db:"wheelchair"`
	Status           string    `db:"status"`
	DevelopmentPlace bool      `db:"development_place"`
	Version          int       `db:"version"`
	CreatedAt        time.Time `db:"created_at"`
	UpdatedAt        time.Time `db:"updated_at"`
}

const offerColumns = `id, organisation_id, title, description, work_type_id, supervision, physical_load, postcode,
	public_transport, wheelchair, status, development_place, version, created_at, updated_at`

func (r offerRow) domain() *plekwijzer.Offer {
	return &plekwijzer.Offer{
		ID: r.ID, OrganisationID: r.OrganisationID, Title: r.Title, Description: r.Description,
		WorkTypeID: r.WorkTypeID, RequiredSkills: []string{}, LearnableSkills: []string{},
		Supervision: r.Supervision, PhysicalLoad: plekwijzer.Load(r.PhysicalLoad),
		Capacity: plekwijzer.Capacity{}, Postcode: r.Postcode,
		Access:       plekwijzer.Accessibility{PublicTransport: r.PublicTransport, Wheelchair: r.Wheelchair},
		TargetGroups: []plekwijzer.TargetGroup{}, Status: plekwijzer.OfferStatus(r.Status),
		DevelopmentPlace: r.DevelopmentPlace, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// FindOffers implements plekwijzer.OfferStore.
func (db *DB) FindOffers(ctx context.Context, f plekwijzer.OfferFilter) ([]*plekwijzer.Offer, int, error) {
	var w where
	if f.OrganisationID != "" {
		w.add("organisation_id = ?", f.OrganisationID)
	}
	if f.WorkTypeID != "" {
		w.add("work_type_id = ?", f.WorkTypeID)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if f.TargetGroup != "" {
		w.add(`(NOT EXISTS (SELECT 1 FROM offer_target_groups g WHERE g.offer_id = offers.id)
			OR EXISTS (SELECT 1 FROM offer_target_groups g WHERE g.offer_id = offers.id AND g.target_group = ?))`, f.TargetGroup)
	}
	if f.DayPart != "" {
		w.add("EXISTS (SELECT 1 FROM offer_capacity c WHERE c.offer_id = offers.id AND c.day_part = ?)", f.DayPart)
	}
	if f.DevelopmentPlace != nil {
		w.add("development_place = ?", *f.DevelopmentPlace)
	}
	if f.Query != "" {
		w.add(`lower(title) LIKE ? ESCAPE '\'`, likePattern(f.Query))
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM offers"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []offerRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+offerColumns+" FROM offers"+w.String()+" ORDER BY lower(title), id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out, err := db.offers(ctx, db.db, rows)
	return out, total, db.translate(err)
}

// offers turns rows into offers with their skills, capacity and target
// groups, loaded for all rows at once.
func (db *DB) offers(ctx context.Context, q querier, rows []offerRow) ([]*plekwijzer.Offer, error) {
	out, byID, ids := indexRows(rows, func(r offerRow) (string, *plekwijzer.Offer) { return r.ID, r.domain() })
	if len(ids) == 0 {
		return out, nil
	}
	var skills []struct {
		OfferID string `db:"offer_id"`
		SkillID string `db:"skill_id"`
		Kind    string `db:"kind"`
	}
	if err := db.selectIn(ctx, q, &skills, `SELECT offer_id, skill_id, kind FROM offer_skills WHERE offer_id IN (?) ORDER BY offer_id, kind, position`, ids); err != nil {
		return nil, err
	}
	for _, s := range skills {
		o := byID[s.OfferID]
		if s.Kind == "vereist" {
			o.RequiredSkills = append(o.RequiredSkills, s.SkillID)
		} else {
			o.LearnableSkills = append(o.LearnableSkills, s.SkillID)
		}
	}
	capacity, err := db.capacities(ctx, q, "offer_capacity", "offer_id", ids)
	if err != nil {
		return nil, err
	}
	for id, c := range capacity {
		byID[id].Capacity = c
	}
	var groups []struct {
		OfferID     string `db:"offer_id"`
		TargetGroup string `db:"target_group"`
	}
	if err := db.selectIn(ctx, q, &groups, `SELECT offer_id, target_group FROM offer_target_groups WHERE offer_id IN (?) ORDER BY offer_id, position`, ids); err != nil {
		return nil, err
	}
	for _, g := range groups {
		o := byID[g.OfferID]
		o.TargetGroups = append(o.TargetGroups, plekwijzer.TargetGroup(g.TargetGroup))
	}
	return out, nil
}

// Offer implements plekwijzer.OfferStore.
func (db *DB) Offer(ctx context.Context, id string) (*plekwijzer.Offer, error) {
	o, err := db.offer(ctx, db.db, id, "")
	return o, db.translate(err)
}

func (db *DB) offer(ctx context.Context, q querier, id, lock string) (*plekwijzer.Offer, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r offerRow
	if err := db.get(ctx, q, &r, "SELECT "+offerColumns+" FROM offers WHERE id = ?"+lock, id); err != nil {
		return nil, db.translate(err)
	}
	os, err := db.offers(ctx, q, []offerRow{r})
	if err != nil {
		return nil, err
	}
	return os[0], nil
}

func offerRefs(o *plekwijzer.Offer) refs {
	var r refs
	r.one("organisations", "organisatieId", o.OrganisationID)
	r.one("work_types", "werksoortId", o.WorkTypeID)
	r.many("skills", "vereisteVaardigheden", o.RequiredSkills)
	r.many("skills", "leerbareVaardigheden", o.LearnableSkills)
	return r
}

// CreateOffer implements plekwijzer.OfferStore.
func (db *DB) CreateOffer(ctx context.Context, o *plekwijzer.Offer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.checkRefs(ctx, tx, offerRefs(o)); err != nil {
			return err
		}
		if o.ID == "" {
			o.ID = plekwijzer.NewID()
		}
		// A creation time already set is kept: the demo's offers, or an
		// existing register moved in, were there before today. The API
		// never sets one (it builds offers from OfferUpdate).
		if o.CreatedAt.IsZero() || o.CreatedAt.After(time.Now()) {
			o.CreatedAt = now()
		}
		o.CreatedAt, o.Version = o.CreatedAt.UTC().Truncate(time.Microsecond), 1
		o.UpdatedAt = o.CreatedAt
		if _, err := db.exec(ctx, tx, `INSERT INTO offers (`+offerColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, o.OrganisationID, o.Title, o.Description, o.WorkTypeID, o.Supervision, o.PhysicalLoad, o.Postcode,
			o.Access.PublicTransport, o.Access.Wheelchair, o.Status, o.DevelopmentPlace, o.Version, o.CreatedAt, o.UpdatedAt); err != nil {
			return err
		}
		if err := db.writeOfferLists(ctx, tx, o); err != nil {
			return err
		}
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, o.ID)
	})
}

func (db *DB) writeOfferLists(ctx context.Context, tx *sqlx.Tx, o *plekwijzer.Offer) error {
	for _, t := range []string{"offer_skills", "offer_capacity", "offer_target_groups"} {
		if _, err := db.exec(ctx, tx, "DELETE FROM "+t+" WHERE offer_id = ?", o.ID); err != nil {
			return err
		}
	}
	for kind, ids := range map[string][]string{"vereist": o.RequiredSkills, "leerbaar": o.LearnableSkills} {
		for i, id := range ids {
			if _, err := db.exec(ctx, tx, `INSERT INTO offer_skills (offer_id, skill_id, kind, position) VALUES (?, ?, ?, ?)`, o.ID, id, kind, i); err != nil {
				return err
			}
		}
	}
	for _, d := range plekwijzer.DayParts {
		if n := o.Capacity[d]; n > 0 {
			if _, err := db.exec(ctx, tx, `INSERT INTO offer_capacity (offer_id, day_part, places) VALUES (?, ?, ?)`, o.ID, d, n); err != nil {
				return err
			}
		}
	}
	for i, g := range o.TargetGroups {
		if _, err := db.exec(ctx, tx, `INSERT INTO offer_target_groups (offer_id, target_group, position) VALUES (?, ?, ?)`, o.ID, g, i); err != nil {
			return err
		}
	}
	return nil
}

// UpdateOffer implements plekwijzer.OfferStore.
func (db *DB) UpdateOffer(ctx context.Context, id string, u plekwijzer.OfferUpdate, version int) (*plekwijzer.Offer, error) {
	var o *plekwijzer.Offer
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if o, err = db.offer(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := checkVersion(version, o.Version); err != nil {
			return err
		}
		wasOpen := o.Status == plekwijzer.OfferOpen
		o.Apply(u)
		if err := o.Validate(); err != nil {
			return err
		}
		if err := db.checkRefs(ctx, tx, offerRefs(o)); err != nil {
			return err
		}
		if wasOpen && o.Status != plekwijzer.OfferOpen {
			if err := db.notifyOfferPaused(ctx, tx, o.ID); err != nil {
				return err
			}
		}
		if u.Capacity != nil {
			if err := db.checkNotOverbooked(ctx, tx, o); err != nil {
				return err
			}
			if err := db.checkReservedCapacity(ctx, tx, o); err != nil {
				return err
			}
		}
		o.Version++
		o.UpdatedAt = now()
		if _, err := db.exec(ctx, tx, `UPDATE offers SET organisation_id = ?, title = ?, description = ?, work_type_id = ?,
			supervision = ?, physical_load = ?, postcode = ?, public_transport = ?, wheelchair = ?, status = ?,
			development_place = ?, version = ?, updated_at = ? WHERE id = ?`,
			o.OrganisationID, o.Title, o.Description, o.WorkTypeID, o.Supervision, o.PhysicalLoad, o.Postcode,
			o.Access.PublicTransport, o.Access.Wheelchair, o.Status, o.DevelopmentPlace, o.Version, o.UpdatedAt, o.ID); err != nil {
			return err
		}
		if err := db.writeOfferLists(ctx, tx, o); err != nil {
			return err
		}
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, o.ID)
	})
	return o, err
}

// DeleteOffer implements plekwijzer.OfferStore.
func (db *DB) DeleteOffer(ctx context.Context, id string) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.offer(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		var n int
		if err := db.get(ctx, tx, &n, `SELECT count(*) FROM placements WHERE offer_id = ?`, id); err != nil {
			return err
		}
		if n > 0 {
			return &plekwijzer.Error{Code: plekwijzer.EConflict,
				Message: "Deze werkplek heeft plaatsingen en blijft daarom bewaard. Zet de status op gesloten.",
				Details: map[string]any{"plaatsingen": n}}
		}
		if err := db.get(ctx, tx, &n, `SELECT count(*) FROM contingent_offers WHERE offer_id = ?`, id); err != nil {
			return err
		}
		if n > 0 {
			return &plekwijzer.Error{Code: plekwijzer.EConflict,
				Message: "Deze werkplek zit in een contingent. Haal hem daar eerst uit.",
				Details: map[string]any{"contingenten": n}}
		}
		if _, err := db.exec(ctx, tx, `DELETE FROM offers WHERE id = ?`, id); err != nil {
			return err
		}
		return db.enqueue(ctx, tx, plekwijzer.KindOffer, id)
	})
}

// checkNotOverbooked refuses a capacity that is smaller than what placements
// already hold from today on: shrinking an offer must not overbook it.
func (db *DB) checkNotOverbooked(ctx context.Context, tx *sqlx.Tx, o *plekwijzer.Offer) error {
	bookings, err := db.bookings(ctx, tx, `pl.offer_id = ?`, o.ID)
	if err != nil {
		return err
	}
	if over := plekwijzer.OverbookedDayParts(o.Capacity, plekwijzer.Today(), bookings); len(over) > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Er zijn meer plaatsingen dan de nieuwe capaciteit toelaat. Beëindig of verplaats eerst plaatsingen.",
			Details: map[string]any{"volleDagdelen": over}}
	}
	return nil
}

// capacities reads places per day-part from table (offer_capacity,
// contingent_places) for the owners in ids, whose key column is owner.
func (db *DB) capacities(ctx context.Context, q querier, table, owner string, ids []string) (map[string]plekwijzer.Capacity, error) {
	var rows []struct {
		Owner   string `db:"owner"`
		DayPart string `db:"day_part"`
		Places  int    `db:"places"`
	}
	if err := db.selectIn(ctx, q, &rows, "SELECT "+owner+" AS owner, day_part, places FROM "+table+" WHERE "+owner+" IN (?)", ids); err != nil {
		return nil, err
	}
	out := map[string]plekwijzer.Capacity{}
	for _, r := range rows {
		if out[r.Owner] == nil {
			out[r.Owner] = plekwijzer.Capacity{}
		}
		out[r.Owner][plekwijzer.DayPart(r.DayPart)] = r.Places
	}
	return out, nil
}
