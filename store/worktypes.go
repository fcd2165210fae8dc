package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

type workTypeRow struct {
	ID           string    `db:"id"`
	Code         string    `db:"code"`
	Name         string    `db:"name"`
	Description  string    `db:"description"`
	PhysicalLoad string    `db:"physical_load"`
	Environment  string    `db:"environment"`
	Version      int       `db:"version"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

const workTypeColumns = `id, code, name, description, physical_load, environment, version, created_at, updated_at`

func (r workTypeRow) domain() *plekwijzer.WorkType {
	return &plekwijzer.WorkType{
		ID: r.ID, Code: r.Code, Name: r.Name, Description: r.Description,
		PhysicalLoad: plekwijzer.Load(r.PhysicalLoad), Environment: plekwijzer.Environment(r.Environment),
		ESCOCodes: []string{}, Skills: []string{},
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// FindWorkTypes implements plekwijzer.WorkTypeStore.
func (db *DB) FindWorkTypes(ctx context.Context, f plekwijzer.WorkTypeFilter) ([]*plekwijzer.WorkType, int, error) {
	var w where
	if f.Query != "" {
		w.add(`(lower(name) LIKE ? ESCAPE '\' OR code LIKE ? ESCAPE '\')`, likePattern(f.Query), likePattern(f.Query))
	}
	if f.PhysicalLoad != "" {
		w.add("physical_load = ?", f.PhysicalLoad)
	}
	if f.Environment != "" {
		w.add("environment = ?", f.Environment)
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM work_types"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []workTypeRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+workTypeColumns+" FROM work_types"+w.String()+" ORDER BY lower(name), id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out, err := db.workTypes(ctx, db.db, rows)
	return out, total, db.translate(err)
}

// workTypes turns rows into work types with their ESCO codes and skills,
// loaded for all rows at once.
func (db *DB) workTypes(ctx context.Context, q querier, rows []workTypeRow) ([]*plekwijzer.WorkType, error) {
	out, byID, ids := indexRows(rows, func(r workTypeRow) (string, *plekwijzer.WorkType) { return r.ID, r.domain() })
	if len(ids) == 0 {
		return out, nil
	}
	var codes []struct {
		WorkTypeID string `db:"work_type_id"`
		Code       string `db:"esco_code"`
	}
	if err := db.selectIn(ctx, q, &codes, `SELECT work_type_id, esco_code FROM work_type_esco_codes WHERE work_type_id IN (?) ORDER BY work_type_id, position`, ids); err != nil {
		return nil, err
	}
	for _, c := range codes {
		byID[c.WorkTypeID].ESCOCodes = append(byID[c.WorkTypeID].ESCOCodes, c.Code)
	}
	var skills []struct {
		WorkTypeID string `db:"work_type_id"`
		SkillID    string `db:"skill_id"`
	}
	if err := db.selectIn(ctx, q, &skills, `SELECT work_type_id, skill_id FROM work_type_skills WHERE work_type_id IN (?) ORDER BY work_type_id, position`, ids); err != nil {
		return nil, err
	}
	for _, s := range skills {
		byID[s.WorkTypeID].Skills = append(byID[s.WorkTypeID].Skills, s.SkillID)
	}
	return out, nil
}

// WorkType implements plekwijzer.WorkTypeStore.
func (db *DB) WorkType(ctx context.Context, id string) (*plekwijzer.WorkType, error) {
	w, err := db.workType(ctx, db.db, id, "")
	return w, db.translate(err)
}

func (db *DB) workType(ctx context.Context, q querier, id, lock string) (*plekwijzer.WorkType, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r workTypeRow
	if err := db.get(ctx, q, &r, "SELECT "+workTypeColumns+" FROM work_types WHERE id = ?"+lock, id); err != nil {
		return nil, db.translate(err)
	}
	ws, err := db.workTypes(ctx, q, []workTypeRow{r})
	if err != nil {
		return nil, err
	}
	return ws[0], nil
}

// CreateWorkType implements plekwijzer.WorkTypeStore.
func (db *DB) CreateWorkType(ctx context.Context, w *plekwijzer.WorkType) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error { return db.insertWorkType(ctx, tx, w) })
}

func (db *DB) insertWorkType(ctx context.Context, tx *sqlx.Tx, w *plekwijzer.WorkType) error {
	if err := db.checkRefs(ctx, tx, workTypeRefs(w)); err != nil {
		return err
	}
	if err := db.codeFree(ctx, tx, w.Code, ""); err != nil {
		return err
	}
	if w.ID == "" {
		w.ID = plekwijzer.NewID()
	}
	w.CreatedAt, w.Version = now(), 1
	w.UpdatedAt = w.CreatedAt
	if _, err := db.exec(ctx, tx, `INSERT INTO work_types (`+workTypeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.ID, w.Code, w.Name, w.Description, w.PhysicalLoad, w.Environment, w.Version, w.CreatedAt, w.UpdatedAt); err != nil {
		return err
	}
	if err := db.writeWorkTypeLists(ctx, tx, w); err != nil {
		return err
	}
	return db.enqueue(ctx, tx, plekwijzer.KindWorkType, w.ID)
}

func workTypeRefs(w *plekwijzer.WorkType) refs {
	var r refs
	r.many("skills", "vaardigheden", w.Skills)
	return r
}

// codeFree returns a conflict naming the field when another work type has
// the code: a clearer answer than the unique index gives.
func (db *DB) codeFree(ctx context.Context, q querier, code, exceptID string) error {
	var n int
	if err := db.get(ctx, q, &n, `SELECT count(*) FROM work_types WHERE code = ? AND id <> ?`, code, orNil(exceptID)); err != nil {
		return err
	}
	if n > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict, Message: "Er is al een werksoort met deze code.",
			Fields: []plekwijzer.FieldError{{Name: "code", Reason: "is al in gebruik"}}}
	}
	return nil
}

func (db *DB) writeWorkTypeLists(ctx context.Context, tx *sqlx.Tx, w *plekwijzer.WorkType) error {
	for _, stmt := range []string{`DELETE FROM work_type_esco_codes WHERE work_type_id = ?`, `DELETE FROM work_type_skills WHERE work_type_id = ?`} {
		if _, err := db.exec(ctx, tx, stmt, w.ID); err != nil {
			return err
		}
	}
	for i, c := range dedupe(w.ESCOCodes) {
		if _, err := db.exec(ctx, tx, `INSERT INTO work_type_esco_codes (work_type_id, position, esco_code) VALUES (?, ?, ?)`, w.ID, i, c); err != nil {
			return err
		}
	}
	for i, s := range w.Skills {
		if _, err := db.exec(ctx, tx, `INSERT INTO work_type_skills (work_type_id, position, skill_id) VALUES (?, ?, ?)`, w.ID, i, s); err != nil {
			return err
		}
	}
	return nil
}

// UpdateWorkType implements plekwijzer.WorkTypeStore.
func (db *DB) UpdateWorkType(ctx context.Context, id string, u plekwijzer.WorkTypeUpdate, version int) (*plekwijzer.WorkType, error) {
	var w *plekwijzer.WorkType
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if w, err = db.workType(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := checkVersion(version, w.Version); err != nil {
			return err
		}
		w.Apply(u)
		if err := w.Validate(); err != nil {
			return err
		}
		if err := db.checkRefs(ctx, tx, workTypeRefs(w)); err != nil {
			return err
		}
		if err := db.codeFree(ctx, tx, w.Code, w.ID); err != nil {
			return err
		}
		w.Version++
		w.UpdatedAt = now()
		if _, err := db.exec(ctx, tx, `UPDATE work_types SET code = ?, name = ?, description = ?, physical_load = ?, environment = ?, version = ?, updated_at = ? WHERE id = ?`,
			w.Code, w.Name, w.Description, w.PhysicalLoad, w.Environment, w.Version, w.UpdatedAt, w.ID); err != nil {
			return err
		}
		if err := db.writeWorkTypeLists(ctx, tx, w); err != nil {
			return err
		}
		// Offers show their work type's name and synonyms.
		if err := db.enqueue(ctx, tx, plekwijzer.KindWorkType, w.ID); err != nil {
			return err
		}
		return db.enqueueOffersWhere(ctx, tx, "work_type_id = ?", w.ID)
	})
	return w, err
}

// DeleteWorkType implements plekwijzer.WorkTypeStore.
func (db *DB) DeleteWorkType(ctx context.Context, id string) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.workType(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		var offers int
		if err := db.get(ctx, tx, &offers, `SELECT count(*) FROM offers WHERE work_type_id = ?`, id); err != nil {
			return err
		}
		if offers > 0 {
			return &plekwijzer.Error{Code: plekwijzer.EConflict,
				Message: "Er zijn nog werkplekken met deze werksoort. Geef die eerst een andere werksoort.",
				Details: map[string]any{"werkplekken": offers}}
		}
		if _, err := db.exec(ctx, tx, `DELETE FROM work_types WHERE id = ?`, id); err != nil {
			return err
		}
		return db.enqueue(ctx, tx, plekwijzer.KindWorkType, id)
	})
}

type skillRow struct {
	ID      string `db:"id"`
	Name    string `db:"name"`
	ESCOURI string `db:"esco_uri"`
	Group   string `db:"group_name"`
}

func (r skillRow) domain() *plekwijzer.Skill {
	return &plekwijzer.Skill{ID: r.ID, Name: r.Name, ESCOURI: r.ESCOURI, Group: r.Group}
}

// FindSkills implements plekwijzer.SkillStore.
func (db *DB) FindSkills(ctx context.Context, f plekwijzer.SkillFilter) ([]*plekwijzer.Skill, int, error) {
	var w where
	if f.Query != "" {
		w.add(`lower(name) LIKE ? ESCAPE '\'`, likePattern(f.Query))
	}
	if f.Group != "" {
		w.add("lower(group_name) = lower(?)", f.Group)
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM skills"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []skillRow
	if err := db.sel(ctx, db.db, &rows, "SELECT id, name, esco_uri, group_name FROM skills"+w.String()+" ORDER BY lower(name), id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out := make([]*plekwijzer.Skill, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// Skill implements plekwijzer.SkillStore.
func (db *DB) Skill(ctx context.Context, id string) (*plekwijzer.Skill, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r skillRow
	if err := db.get(ctx, db.db, &r, "SELECT id, name, esco_uri, group_name FROM skills WHERE id = ?", id); err != nil {
		return nil, db.translate(err)
	}
	return r.domain(), nil
}

// ImportCatalogue implements plekwijzer.CatalogueStore.
func (db *DB) ImportCatalogue(ctx context.Context, skills []*plekwijzer.Skill, workTypes []*plekwijzer.WorkType) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		var have []string
		if err := db.sel(ctx, tx, &have, `SELECT esco_uri FROM skills`); err != nil {
			return err
		}
		known := make(map[string]bool, len(have))
		for _, u := range have {
			known[u] = true
		}
		added := 0
		for _, s := range skills {
			if known[s.ESCOURI] {
				continue
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO skills (id, name, esco_uri, group_name) VALUES (?, ?, ?, ?)`,
				s.ID, s.Name, s.ESCOURI, s.Group); err != nil {
				return err
			}
			added++
		}
		var n int
		if err := db.get(ctx, tx, &n, `SELECT count(*) FROM work_types`); err != nil {
			return err
		}
		if n > 0 {
			if added > 0 {
				db.log.Info("catalogue skills added", "skills", added)
			}
			return nil
		}
		for _, w := range workTypes {
			if err := w.Validate(); err != nil {
				return err
			}
			if err := db.insertWorkType(ctx, tx, w); err != nil {
				return err
			}
		}
		db.log.Info("catalogue loaded", "skills", added, "workTypes", len(workTypes))
		return nil
	})
}

// dedupe returns vs without repeats, in first-seen order.
func dedupe[T comparable](vs []T) []T {
	seen := make(map[T]bool, len(vs))
	out := vs[:0:0]
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
