package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

type organisationRow struct {
	ID        string    `db:"id"`
	Name      string    `db:"name"`
	Kind      string    `db:"kind"`
	Postcode  string    `db:"postcode"`
	Place     string    `db:"place"`
	Version   int       `db:"version"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

func (r organisationRow) domain() *plekwijzer.Organisation {
	return &plekwijzer.Organisation{
		ID: r.ID, Name: r.Name, Kind: plekwijzer.OrganisationKind(r.Kind), Postcode: r.Postcode,
		Place: r.Place, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

const organisationColumns = `id, name, kind, postcode, place, version, created_at, updated_at`

// FindOrganisations implements plekwijzer.OrganisationStore.
func (db *DB) FindOrganisations(ctx context.Context, f plekwijzer.OrganisationFilter) ([]*plekwijzer.Organisation, int, error) {
	var w where
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Place != "" {
		w.add("lower(place) = lower(?)", f.Place)
	}
	if f.Query != "" {
		w.add(`lower(name) LIKE ? ESCAPE '\'`, likePattern(f.Query))
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM organisations"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []organisationRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+organisationColumns+" FROM organisations"+w.String()+" ORDER BY lower(name), id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out := make([]*plekwijzer.Organisation, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// Organisation implements plekwijzer.OrganisationStore.
func (db *DB) Organisation(ctx context.Context, id string) (*plekwijzer.Organisation, error) {
	return db.organisation(ctx, db.db, id, "")
}

func (db *DB) organisation(ctx context.Context, q querier, id, lock string) (*plekwijzer.Organisation, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r organisationRow
	if err := db.get(ctx, q, &r, "SELECT "+organisationColumns+" FROM organisations WHERE id = ?"+lock, id); err != nil {
		return nil, db.translate(err)
	}
	return r.domain(), nil
}

// CreateOrganisation implements plekwijzer.OrganisationStore.
func (db *DB) CreateOrganisation(ctx context.Context, o *plekwijzer.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if o.ID == "" {
		o.ID = plekwijzer.NewID()
	}
	o.CreatedAt, o.Version = now(), 1
	o.UpdatedAt = o.CreatedAt
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		_, err := db.exec(ctx, tx, `INSERT INTO organisations (`+organisationColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, o.Name, o.Kind, o.Postcode, o.Place, o.Version, o.CreatedAt, o.UpdatedAt)
		return err
	})
}

// UpdateOrganisation implements plekwijzer.OrganisationStore.
func (db *DB) UpdateOrganisation(ctx context.Context, id string, u plekwijzer.OrganisationUpdate, version int) (*plekwijzer.Organisation, error) {
	var o *plekwijzer.Organisation
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if o, err = db.organisation(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := checkVersion(version, o.Version); err != nil {
			return err
		}
		o.Apply(u)
		if err := o.Validate(); err != nil {
			return err
		}
		o.Version++
		o.UpdatedAt = now()
		if _, err := db.exec(ctx, tx, `UPDATE organisations SET name = ?, kind = ?, postcode = ?, place = ?, version = ?, updated_at = ? WHERE id = ?`,
			o.Name, o.Kind, o.Postcode, o.Place, o.Version, o.UpdatedAt, o.ID); err != nil {
			return err
		}
		// Offers show their organisation's name and kind.
		return db.enqueueOffersWhere(ctx, tx, "organisation_id = ?", o.ID)
	})
	return o, err
}

// DeleteOrganisation implements plekwijzer.OrganisationStore.
func (db *DB) DeleteOrganisation(ctx context.Context, id string) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.organisation(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		var uses struct {
			Offers       int `db:"offers"`
			Users        int `db:"users"`
			Participants int `db:"participants"`
			Contingents  int `db:"contingents"`
		}
		if err := db.get(ctx, tx, &uses, `SELECT
			(SELECT count(*) FROM offers WHERE organisation_id = ?) AS offers,
			(SELECT count(*) FROM users WHERE organisation_id = ?) AS users,
			(SELECT count(*) FROM participants WHERE referrer_id = ?) AS participants,
			(SELECT count(*) FROM contingent_referrers WHERE organisation_id = ?) AS contingents`, id, id, id, id); err != nil {
			return err
		}
		if uses.Offers+uses.Users+uses.Participants+uses.Contingents > 0 {
			return &plekwijzer.Error{
				Code: plekwijzer.EConflict,
				Message: "Deze organisatie heeft nog werkplekken, gebruikers, verwezen deelnemers of contingenten. " +
					"Sluit of verplaats die eerst.",
				Details: map[string]any{"werkplekken": uses.Offers, "gebruikers": uses.Users, "deelnemers": uses.Participants,
					"contingenten": uses.Contingents},
			}
		}
		_, err := db.exec(ctx, tx, `DELETE FROM organisations WHERE id = ?`, id)
		return err
	})
}
