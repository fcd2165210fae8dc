package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

type participantRow struct {
	ID              string           `db:"id"`
	Code            string           `db:"code"`
	CoachID         string           `db:"coach_id"`
	ReferrerID      *string          `db:"referrer_id"`
	TargetGroup     string           `db:"target_group"`
	Phase           string           `db:"phase"`
	Postcode        string           `db:"postcode"`
	MaxTravelKm     int              `db:"max_travel_km"`
	SupervisionNeed int              `db:"supervision_need"`
	LoadCapacity    string           `db:"load_capacity"`
	Wheelchair      bool             `db:"wheelchair"`
	LanguageLevel   string           `db:"language_level"`
	WaitingSince    *plekwijzer.Date `db:"waiting_since"`
	DesiredDayParts *int             `db:"desired_day_parts"`
	Ladder          *int             `db:"ladder"`
	Version         int              `db:"version"`
	CreatedAt       time.Time        `db:"created_at"`
	UpdatedAt       time.Time        `db:"updated_at"`
}

const participantColumns = `id, code, coach_id, referrer_id, target_group, phase, postcode, max_travel_km,
	supervision_need, load_capacity, wheelchair, language_level, waiting_since, desired_day_parts, ladder, version, created_at, updated_at`

func (r participantRow) domain() *plekwijzer.Participant {
	return &plekwijzer.Participant{
		ID: r.ID, Code: r.Code, CoachID: r.CoachID, ReferrerID: r.ReferrerID,
		TargetGroup: plekwijzer.TargetGroup(r.TargetGroup), Phase: plekwijzer.Phase(r.Phase),
		Availability: []plekwijzer.DayPart{}, Postcode: r.Postcode, MaxTravelKm: r.MaxTravelKm,
		Skills: []plekwijzer.SkillLevel{}, Interests: []string{}, Avoid: []string{},
		SupervisionNeed: r.SupervisionNeed, LoadCapacity: plekwijzer.Load(r.LoadCapacity),
		Wheelchair: r.Wheelchair, LanguageLevel: r.LanguageLevel, LearningGoals: []string{},
		SharedWith: []string{}, WaitingSince: r.WaitingSince, DesiredDayParts: r.DesiredDayParts, Ladder: r.Ladder, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// FindParticipants implements plekwijzer.ParticipantStore.
func (db *DB) FindParticipants(ctx context.Context, f plekwijzer.ParticipantFilter) ([]*plekwijzer.Participant, int, error) {
	w := participantWhere(f)
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM participants"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []participantRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+participantColumns+" FROM participants"+w.String()+" ORDER BY code"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out, err := db.participants(ctx, db.db, rows)
	return out, total, db.translate(err)
}

// participantWhere turns a filter (but its page) into conditions.
func participantWhere(f plekwijzer.ParticipantFilter) where {
	var w where
	if f.IDs != nil {
		ids := validIDs(f.IDs)
		if len(ids) == 0 {
			w.add("1 = 0")
		} else {
			marks := strings.Repeat("?, ", len(ids))
			args := make([]any, len(ids))
			for i, id := range ids {
				args[i] = id
			}
			w.add("id IN ("+marks[:len(marks)-2]+")", args...)
		}
	}
	if f.VisibleTo != "" {
		// The caseload and the shares through their indexes: an OR with
		// a subquery would read every participant.
		w.add(`id IN (SELECT id FROM participants WHERE coach_id = ? UNION ALL SELECT participant_id FROM participant_shares WHERE coach_id = ?)`, f.VisibleTo, f.VisibleTo)
	}
	if f.CoachID != "" {
		w.add("coach_id = ?", f.CoachID)
	}
	if f.ReferrerID != "" {
		w.add("referrer_id = ?", f.ReferrerID)
	}
	if f.TargetGroup != "" {
		w.add("target_group = ?", f.TargetGroup)
	}
	if f.Phase != "" {
		w.add("phase = ?", f.Phase)
	}
	if f.DayPart != "" {
		w.add("EXISTS (SELECT 1 FROM participant_availability a WHERE a.participant_id = participants.id AND a.day_part = ?)", f.DayPart)
	}
	if f.Code != "" {
		w.add("code = ?", f.Code)
	}
	if f.Waiting != nil {
		if *f.Waiting {
			w.add("waiting_since IS NOT NULL")
		} else {
			w.add("waiting_since IS NULL")
		}
	}
	return w
}

// participants turns rows into participants with all their lists, loaded
// for all rows at once.
func (db *DB) participants(ctx context.Context, q querier, rows []participantRow) ([]*plekwijzer.Participant, error) {
	out, byID, ids := indexRows(rows, func(r participantRow) (string, *plekwijzer.Participant) { return r.ID, r.domain() })
	if len(ids) == 0 {
		return out, nil
	}
	// The lists of many participants at once, each row scanned by hand:
	// the id only to find its participant, the values kept once each.
	type link struct {
		Value string
		Kind  []byte
		Level int
	}
	in := interner{}
	var id, last, value, kind sql.RawBytes
	load := func(query string, each func(p *plekwijzer.Participant, l link)) error {
		var p *plekwijzer.Participant
		return queryByIDs(ctx, db, q, query, ids, func(rows *sql.Rows) error {
			var level int
			if err := rows.Scan(&id, &value, &kind, &level); err != nil {
				return err
			}
			if p == nil || !bytes.Equal(id, last) { // rows of one participant mostly come together
				p, last = byID[string(id)], append(last[:0], id...)
			}
			each(p, link{Value: in.of(value), Kind: kind, Level: level})
			return nil
		})
	}
	if err := load(`SELECT participant_id, day_part AS value, '' AS kind, 0 AS level FROM participant_availability WHERE participant_id IN (?)`,
		func(p *plekwijzer.Participant, l link) {
			p.Availability = append(p.Availability, plekwijzer.DayPart(l.Value))
		}); err != nil {
		return nil, err
	}
	if err := load(`SELECT participant_id, skill_id AS value, '' AS kind, level FROM participant_skills WHERE participant_id IN (?) ORDER BY participant_id, position`,
		func(p *plekwijzer.Participant, l link) {
			p.Skills = append(p.Skills, plekwijzer.SkillLevel{SkillID: l.Value, Level: l.Level})
		}); err != nil {
		return nil, err
	}
	if err := load(`SELECT participant_id, work_type_id AS value, kind, 0 AS level FROM participant_work_types WHERE participant_id IN (?) ORDER BY participant_id, position`,
		func(p *plekwijzer.Participant, l link) {
			if string(l.Kind) == "interesse" {
				p.Interests = append(p.Interests, l.Value)
			} else {
				p.Avoid = append(p.Avoid, l.Value)
			}
		}); err != nil {
		return nil, err
	}
	if err := load(`SELECT participant_id, skill_id AS value, '' AS kind, 0 AS level FROM participant_goals WHERE participant_id IN (?) ORDER BY participant_id, position`,
		func(p *plekwijzer.Participant, l link) { p.LearningGoals = append(p.LearningGoals, l.Value) }); err != nil {
		return nil, err
	}
	if err := load(`SELECT participant_id, coach_id AS value, '' AS kind, 0 AS level FROM participant_shares WHERE participant_id IN (?) ORDER BY participant_id, position`,
		func(p *plekwijzer.Participant, l link) { p.SharedWith = append(p.SharedWith, l.Value) }); err != nil {
		return nil, err
	}
	for _, p := range out {
		p.Availability = plekwijzer.SortedDayParts(p.Availability)
	}
	return out, nil
}

// Participant implements plekwijzer.ParticipantStore.
func (db *DB) Participant(ctx context.Context, id string) (*plekwijzer.Participant, error) {
	p, err := db.participant(ctx, db.db, id, "")
	return p, db.translate(err)
}

func (db *DB) participant(ctx context.Context, q querier, id, lock string) (*plekwijzer.Participant, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r participantRow
	if err := db.get(ctx, q, &r, "SELECT "+participantColumns+" FROM participants WHERE id = ?"+lock, id); err != nil {
		return nil, db.translate(err)
	}
	ps, err := db.participants(ctx, q, []participantRow{r})
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// checkParticipantRefs checks every reference of p, and that its coach and
// the coaches it is shared with are coaches.
func (db *DB) checkParticipantRefs(ctx context.Context, q querier, p *plekwijzer.Participant) error {
	var r refs
	if p.ReferrerID != nil {
		r.one("organisations", "verwijzerId", *p.ReferrerID)
	}
	skills := make([]string, len(p.Skills))
	for i, s := range p.Skills {
		skills[i] = s.SkillID
	}
	r.many("work_types", "interesses", p.Interests)
	r.many("work_types", "vermijden", p.Avoid)
	r.many("skills", "leerdoelen", p.LearningGoals)
	err := db.checkRefs(ctx, q, r)
	var pr plekwijzer.Problems
	if e, ok := err.(*plekwijzer.Error); ok && e.Code == plekwijzer.EInvalid {
		pr = e.Fields
	} else if err != nil {
		return err
	}
	miss, err := db.missing(ctx, q, "skills", skills)
	if err != nil {
		return err
	}
	for _, m := range miss {
		for i, id := range skills {
			if id == m {
				pr.Add(fmt.Sprintf("vaardigheden[%d].id", i), "bestaat niet")
			}
		}
	}
	coaches := append([]string{p.CoachID}, p.SharedWith...)
	var found []string
	if err := db.selectIn(ctx, q, &found, `SELECT id FROM users WHERE role = 'coach' AND id IN (?)`, coaches); err != nil {
		return err
	}
	isCoach := map[string]bool{}
	for _, id := range found {
		isCoach[id] = true
	}
	if !isCoach[p.CoachID] {
		pr.Add("coachId", "is geen coach")
	}
	for i, id := range p.SharedWith {
		switch {
		case !isCoach[id]:
			pr.Add(fmt.Sprintf("gedeeldMet[%d]", i), "is geen coach")
		case id == p.CoachID:
			pr.Add(fmt.Sprintf("gedeeldMet[%d]", i), "is al de coach van deze deelnemer")
		}
	}
	return pr.Err()
}

// codeTaken returns a conflict naming the field when another participant has
// the code.
func (db *DB) codeTaken(ctx context.Context, q querier, code, exceptID string) error {
	var n int
	if err := db.get(ctx, q, &n, `SELECT count(*) FROM participants WHERE code = ? AND id <> ?`, code, orNil(exceptID)); err != nil {
		return err
	}
	if n > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict, Message: "Er is al een deelnemer met deze code.",
			Fields: []plekwijzer.FieldError{{Name: "code", Reason: "is al in gebruik"}}}
	}
	return nil
}

// CreateParticipant implements plekwijzer.ParticipantStore.
func (db *DB) CreateParticipant(ctx context.Context, p *plekwijzer.Participant) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.checkParticipantRefs(ctx, tx, p); err != nil {
			return err
		}
		if err := db.codeTaken(ctx, tx, p.Code, ""); err != nil {
			return err
		}
		if p.ID == "" {
			p.ID = plekwijzer.NewID()
		}
		p.CreatedAt, p.Version = now(), 1
		p.UpdatedAt = p.CreatedAt
		if _, err := db.exec(ctx, tx, `INSERT INTO participants (`+participantColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.Code, p.CoachID, p.ReferrerID, p.TargetGroup, p.Phase, p.Postcode, p.MaxTravelKm,
			p.SupervisionNeed, p.LoadCapacity, p.Wheelchair, p.LanguageLevel, p.WaitingSince, p.DesiredDayParts, p.Ladder, p.Version, p.CreatedAt, p.UpdatedAt); err != nil {
			return err
		}
		if err := db.recordPhase(ctx, tx, p, ""); err != nil {
			return err
		}
		return db.writeParticipantLists(ctx, tx, p)
	})
}

func (db *DB) writeParticipantLists(ctx context.Context, tx *sqlx.Tx, p *plekwijzer.Participant) error {
	for _, t := range []string{"participant_availability", "participant_skills", "participant_work_types", "participant_goals", "participant_shares"} {
		if _, err := db.exec(ctx, tx, "DELETE FROM "+t+" WHERE participant_id = ?", p.ID); err != nil {
			return err
		}
	}
	ins := func(query string, args ...any) error {
		_, err := db.exec(ctx, tx, query, args...)
		return err
	}
	for _, d := range p.Availability {
		if err := ins(`INSERT INTO participant_availability (participant_id, day_part) VALUES (?, ?)`, p.ID, d); err != nil {
			return err
		}
	}
	for i, s := range p.Skills {
		if err := ins(`INSERT INTO participant_skills (participant_id, skill_id, level, position) VALUES (?, ?, ?, ?)`, p.ID, s.SkillID, s.Level, i); err != nil {
			return err
		}
	}
	for i, w := range p.Interests {
		if err := ins(`INSERT INTO participant_work_types (participant_id, work_type_id, kind, position) VALUES (?, ?, 'interesse', ?)`, p.ID, w, i); err != nil {
			return err
		}
	}
	for i, w := range p.Avoid {
		if err := ins(`INSERT INTO participant_work_types (participant_id, work_type_id, kind, position) VALUES (?, ?, 'vermijden', ?)`, p.ID, w, i); err != nil {
			return err
		}
	}
	for i, s := range p.LearningGoals {
		if err := ins(`INSERT INTO participant_goals (participant_id, skill_id, position) VALUES (?, ?, ?)`, p.ID, s, i); err != nil {
			return err
		}
	}
	for i, c := range p.SharedWith {
		if err := ins(`INSERT INTO participant_shares (participant_id, coach_id, position) VALUES (?, ?, ?)`, p.ID, c, i); err != nil {
			return err
		}
	}
	return nil
}

// UpdateParticipant implements plekwijzer.ParticipantStore.
func (db *DB) UpdateParticipant(ctx context.Context, id string, u plekwijzer.ParticipantUpdate, version int) (*plekwijzer.Participant, error) {
	var p *plekwijzer.Participant
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if p, err = db.participant(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := checkVersion(version, p.Version); err != nil {
			return err
		}
		was := p.Phase
		p.Apply(u)
		if err := p.ValidateChange(u, was); err != nil {
			return err
		}
		if err := db.checkParticipantRefs(ctx, tx, p); err != nil {
			return err
		}
		if err := db.codeTaken(ctx, tx, p.Code, p.ID); err != nil {
			return err
		}
		p.Version++
		p.UpdatedAt = now()
		if _, err := db.exec(ctx, tx, `UPDATE participants SET code = ?, coach_id = ?, referrer_id = ?, target_group = ?, phase = ?,
			postcode = ?, max_travel_km = ?, supervision_need = ?, load_capacity = ?, wheelchair = ?, language_level = ?,
			waiting_since = ?, desired_day_parts = ?, ladder = ?, version = ?, updated_at = ? WHERE id = ?`,
			p.Code, p.CoachID, p.ReferrerID, p.TargetGroup, p.Phase, p.Postcode, p.MaxTravelKm, p.SupervisionNeed,
			p.LoadCapacity, p.Wheelchair, p.LanguageLevel, p.WaitingSince, p.DesiredDayParts, p.Ladder, p.Version, p.UpdatedAt, p.ID); err != nil {
			return err
		}
		if p.Phase != was {
			reason := ""
			if u.PhaseReason != nil {
				reason = strings.TrimSpace(*u.PhaseReason)
			}
			if err := db.recordPhase(ctx, tx, p, reason); err != nil {
				return err
			}
		}
		return db.writeParticipantLists(ctx, tx, p)
	})
	return p, err
}

// DeleteParticipant implements plekwijzer.ParticipantStore. Placements stay,
// anonymous: the foreign key sets their participant to NULL.
func (db *DB) DeleteParticipant(ctx context.Context, id string) error {
	if !plekwijzer.ValidID(id) {
		return errNotFound
	}
	if err := db.transact(ctx, func(tx *sqlx.Tx) error { return db.erase(ctx, tx, id) }); err != nil {
		return err
	}
	db.scrubbed(ctx)
	return nil
}

// erase removes a participant's personal data: the profile and everything
// hanging off it. Their placements stay as anonymous records (work type,
// target group, dates, outcome) for the statistics; the referrer they kept
// goes too, since with the dates it could point at a person.
func (db *DB) erase(ctx context.Context, tx *sqlx.Tx, id string) error {
	// A running placement would keep holding its place with nobody to end
	// it; it has to be ended or cancelled first.
	var running int
	if err := db.get(ctx, tx, &running, `SELECT count(*) FROM placements WHERE participant_id = ? AND status IN ('voorgesteld', 'actief')`, id); err != nil {
		return err
	}
	if running > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Deze deelnemer heeft nog lopende plaatsingen. Beëindig of annuleer die eerst.",
			Details: map[string]any{"plaatsingen": running}}
	}
	if _, err := db.exec(ctx, tx, `UPDATE placements SET referrer_id = NULL WHERE participant_id = ?`, id); err != nil {
		return err
	}
	if err := db.eraseCopies(ctx, tx, id); err != nil {
		return err
	}
	n, err := db.exec(ctx, tx, `DELETE FROM participants WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return errNotFound
	}
	return nil
}

// recordPhase adds p's phase, from today, to its history.
func (db *DB) recordPhase(ctx context.Context, tx *sqlx.Tx, p *plekwijzer.Participant, reason string) error {
	_, err := db.exec(ctx, tx, `INSERT INTO participant_phases (id, participant_id, phase, since, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
		plekwijzer.NewID(), p.ID, p.Phase, plekwijzer.Today(), reason, now())
	return err
}

// PhaseHistory implements plekwijzer.ParticipantStore.
func (db *DB) PhaseHistory(ctx context.Context, id string) ([]plekwijzer.PhaseChange, error) {
	if !plekwijzer.ValidID(id) {
		return nil, db.translate(errNotFound)
	}
	var rows []struct {
		Phase  string          `db:"phase"`
		Since  plekwijzer.Date `db:"since"`
		Reason string          `db:"reason"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT phase, since, reason FROM participant_phases WHERE participant_id = ? ORDER BY recorded_at, id`, id); err != nil {
		return nil, db.translate(err)
	}
	out := make([]plekwijzer.PhaseChange, len(rows))
	for i, r := range rows {
		out[i] = plekwijzer.PhaseChange{Phase: plekwijzer.Phase(r.Phase), Since: r.Since, Reason: r.Reason}
	}
	return out, nil
}
