package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.EvaluationStore = (*DB)(nil)

// SetEvaluationSchedule sets when evaluations are due (the default:
// plekwijzer.DefaultEvaluationSchedule). Call it before serving.
func (db *DB) SetEvaluationSchedule(s plekwijzer.EvaluationSchedule) { db.evaluationSchedule = s }

// EvaluationSchedule is the schedule in use.
func (db *DB) EvaluationSchedule() plekwijzer.EvaluationSchedule {
	if db.evaluationSchedule == (plekwijzer.EvaluationSchedule{}) {
		return plekwijzer.DefaultEvaluationSchedule
	}
	return db.evaluationSchedule
}

type evaluationRow struct {
	ID          string    `db:"id"`
	PlacementID string    `db:"placement_id"`
	Kind        string    `db:"kind"`
	Side        string    `db:"side"`
	WorkSkills  string    `db:"work_skills"`
	Goals       string    `db:"goals"`
	Skills      string    `db:"skills"`
	Note        string    `db:"note"`
	Feeling     *int      `db:"feeling"`
	Says        *string   `db:"participant_says"`
	Ladder      *int      `db:"ladder"`
	Attendance  string    `db:"attendance"`
	AuthorID    *string   `db:"author_id"`
	AuthorName  string    `db:"author_name"`
	AuthorRole  string    `db:"author_role"`
	CreatedAt   time.Time `db:"created_at"`
}

const evaluationColumns = `id, placement_id, kind, side, work_skills, goals, skills, note, feeling, participant_says, ladder,
	attendance, author_id, author_name, author_role, created_at`

func (r evaluationRow) domain() (*plekwijzer.Evaluation, error) {
	e := &plekwijzer.Evaluation{ID: r.ID, PlacementID: r.PlacementID, Kind: plekwijzer.EvaluationKind(r.Kind),
		Side: plekwijzer.EvaluationSide(r.Side), Note: r.Note, Ladder: r.Ladder, AuthorID: r.AuthorID,
		AuthorName: r.AuthorName, AuthorRole: plekwijzer.Role(r.AuthorRole), CreatedAt: r.CreatedAt.UTC()}
	for _, f := range []struct {
		text string
		into any
	}{{r.WorkSkills, &e.WorkSkills}, {r.Goals, &e.Goals}, {r.Skills, &e.Skills}, {r.Attendance, &e.Attendance}} {
		if err := json.Unmarshal([]byte(f.text), f.into); err != nil {
			return nil, err
		}
	}
	if r.Feeling != nil {
		e.Participant = &plekwijzer.ParticipantView{Feeling: *r.Feeling}
		if r.Says != nil {
			e.Participant.Says = *r.Says
		}
	}
	return e, nil
}

// AddEvaluation implements plekwijzer.EvaluationStore. The day-part
// register's totals are read in the same transaction, so the evaluation
// shows the attendance it was written with. The werkplek's evaluation
// tells the coaches (kind evaluatie-vastgelegd); the coach's own part
// tells nobody, nor does an imported one (the demo's history, which keeps
// its own CreatedAt).
func (db *DB) AddEvaluation(ctx context.Context, e *plekwijzer.Evaluation) error {
	return db.translate(db.transact(ctx, func(tx *sqlx.Tx) error {
		pl, err := db.placement(ctx, tx, e.PlacementID, "")
		if err != nil {
			return err
		}
		if pl.ParticipantID == nil {
			return plekwijzer.Errorf(plekwijzer.EConflict, "De gegevens van deze deelnemer zijn gewist; je kunt geen evaluatie meer vastleggen.")
		}
		if !pl.Status.Evaluated() {
			return plekwijzer.Errorf(plekwijzer.EConflict, "Deze plaatsing is %s; een evaluatie kan pas als de deelnemer er begonnen is.", pl.Status)
		}
		a, err := db.attendance(ctx, tx, pl)
		if err != nil {
			return err
		}
		e.Attendance = a.Totals
		e.ID = plekwijzer.NewID()
		if !e.Imported || e.CreatedAt.IsZero() {
			e.CreatedAt = now()
		}
		e.CreatedAt = e.CreatedAt.UTC().Truncate(time.Microsecond)
		texts := make([]string, 4)
		for i, v := range []any{e.WorkSkills, e.Goals, e.Skills, e.Attendance} {
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			texts[i] = string(b)
		}
		var feeling *int
		var says *string
		if e.Participant != nil {
			feeling, says = &e.Participant.Feeling, &e.Participant.Says
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO evaluations (`+evaluationColumns+`, participant_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.PlacementID, e.Kind, e.Side, texts[0], texts[1], texts[2], e.Note, feeling, says, e.Ladder,
			texts[3], e.AuthorID, e.AuthorName, e.AuthorRole, e.CreatedAt, *pl.ParticipantID); err != nil {
			return err
		}
		if e.Side != plekwijzer.SideWorkplace || e.Imported {
			return nil
		}
		by := &plekwijzer.Actor{}
		if e.AuthorID != nil {
			by.UserID = *e.AuthorID
		}
		return db.tell(ctx, tx, pl, plekwijzer.NotifyEvaluationRecorded, plekwijzer.RoleCoach, by)
	}))
}

// Evaluations implements plekwijzer.EvaluationStore.
func (db *DB) Evaluations(ctx context.Context, placementID string) ([]*plekwijzer.Evaluation, error) {
	es, err := db.evaluationsOf(ctx, db.db, []string{placementID})
	return es[placementID], db.translate(err)
}

// ParticipantEvaluations implements plekwijzer.EvaluationStore.
func (db *DB) ParticipantEvaluations(ctx context.Context, participantID string) ([]*plekwijzer.Evaluation, error) {
	if !plekwijzer.ValidID(participantID) {
		return nil, db.translate(errNotFound)
	}
	var rows []evaluationRow
	if err := db.sel(ctx, db.db, &rows, `SELECT `+evaluationColumns+` FROM evaluations WHERE participant_id = ?
		ORDER BY created_at, id`, participantID); err != nil {
		return nil, db.translate(err)
	}
	out := make([]*plekwijzer.Evaluation, 0, len(rows))
	for _, r := range rows {
		e, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// evaluationsOf reads the evaluations of placements, oldest first, by
// placement.
func (db *DB) evaluationsOf(ctx context.Context, q querier, ids []string) (map[string][]*plekwijzer.Evaluation, error) {
	out := map[string][]*plekwijzer.Evaluation{}
	for _, id := range ids {
		out[id] = []*plekwijzer.Evaluation{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []evaluationRow
	if err := db.selectIn(ctx, q, &rows, `SELECT `+evaluationColumns+` FROM evaluations WHERE placement_id IN (?)
		ORDER BY created_at, id`, ids); err != nil {
		return nil, err
	}
	for _, r := range rows {
		e, err := r.domain()
		if err != nil {
			return nil, err
		}
		out[r.PlacementID] = append(out[r.PlacementID], e)
	}
	return out, nil
}

// evaluationWindow is how long after its end a placement still has
// evaluations to do, in days: the final one, and any left open.
const evaluationWindow = 28

// DueEvaluations implements plekwijzer.EvaluationStore: the placements
// that run, or ended in the last four weeks, whose participant is not
// erased, within the filter; for each side the filter stands for (a
// coach's: the coach side; an organisation's: the werkplek side; none:
// both) the moments still to record.
func (db *DB) DueEvaluations(ctx context.Context, f plekwijzer.DueFilter) ([]plekwijzer.DueEvaluation, error) {
	out, err := db.dueEvaluations(ctx, db.db, f)
	return out, db.translate(err)
}

func (db *DB) dueEvaluations(ctx context.Context, q querier, f plekwijzer.DueFilter) ([]plekwijzer.DueEvaluation, error) {
	var w where
	w.add("pl.participant_id IS NOT NULL")
	w.add("pl.status IN ('actief', 'afgerond', 'uitgevallen')")
	w.add("(pl.end_date IS NULL OR pl.end_date >= ?)", f.Today.AddDays(-evaluationWindow))
	w.add("pl.start_date <= ?", f.Today)
	sides := []plekwijzer.EvaluationSide{plekwijzer.SideWorkplace, plekwijzer.SideCoach}
	switch {
	case f.CoachID != "":
		w.add(`(p.coach_id = ? OR EXISTS (SELECT 1 FROM participant_shares s WHERE s.participant_id = pl.participant_id AND s.coach_id = ?))`, f.CoachID, f.CoachID)
		sides = []plekwijzer.EvaluationSide{plekwijzer.SideCoach}
	case f.OrganisationID != "":
		w.add(`pl.offer_id IN (SELECT id FROM offers WHERE organisation_id = ?)`, f.OrganisationID)
		sides = []plekwijzer.EvaluationSide{plekwijzer.SideWorkplace}
	}
	var rows []placementRow
	if err := db.sel(ctx, q, &rows, placementSelect+w.String()+" ORDER BY pl.start_date, pl.id", w.args...); err != nil {
		return nil, err
	}
	// The schedule needs the dates and the status only: not the day-parts
	// and deviations db.placements would read besides.
	pls := make([]*plekwijzer.Placement, len(rows))
	for i, r := range rows {
		pls[i] = r.domain()
	}
	ids := make([]string, len(pls))
	for i, pl := range pls {
		ids[i] = pl.ID
	}
	es, err := db.evaluationsOf(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	titles, err := db.offerTitles(ctx, q, pls)
	if err != nil {
		return nil, err
	}
	s := db.EvaluationSchedule()
	out := []plekwijzer.DueEvaluation{}
	for _, pl := range pls {
		for _, side := range sides {
			for _, m := range s.Open(pl, side, es[pl.ID], f.Today) {
				out = append(out, plekwijzer.DueEvaluation{PlacementID: pl.ID, OfferID: pl.OfferID, Code: pl.ParticipantCode,
					OfferTitle: titles[pl.OfferID], Side: side, EvaluationMoment: m, Overdue: m.Due < f.Today})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b plekwijzer.DueEvaluation) int { return strings.Compare(string(a.Due), string(b.Due)) })
	return out, nil
}

// offerTitles reads the titles of the offers of pls.
func (db *DB) offerTitles(ctx context.Context, q querier, pls []*plekwijzer.Placement) (map[string]string, error) {
	var ids []string
	for _, pl := range pls {
		if !slices.Contains(ids, pl.OfferID) {
			ids = append(ids, pl.OfferID)
		}
	}
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID    string `db:"id"`
		Title string `db:"title"`
	}
	if err := db.selectIn(ctx, q, &rows, `SELECT id, title FROM offers WHERE id IN (?)`, ids); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Title
	}
	return out, nil
}

// notifyEvaluationsDue tells each side of the moments that are due today
// or overdue, once per moment and user (the key names the moment).
func (db *DB) notifyEvaluationsDue(ctx context.Context, tx *sqlx.Tx, today plekwijzer.Date) (int, error) {
	due, err := db.dueEvaluations(ctx, tx, plekwijzer.DueFilter{Today: today})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		if d.Due > today {
			continue
		}
		key := "evaluatie:" + d.PlacementID + ":" + string(d.Kind) + ":" + string(d.Due) + ":" + string(d.Side)
		var told int
		if err := db.get(ctx, tx, &told, `SELECT count(*) FROM notifications WHERE dedup_key = ?`, key); err != nil {
			return 0, err
		}
		if told > 0 {
			continue
		}
		users, err := db.placementRecipients(ctx, tx, d.PlacementID, d.Side == plekwijzer.SideCoach, d.Side == plekwijzer.SideWorkplace)
		if err != nil {
			return 0, err
		}
		ns := make([]plekwijzer.Notification, len(users))
		for i, u := range users {
			pid, oid := d.PlacementID, d.OfferID
			ns[i] = plekwijzer.Notification{UserID: u, Kind: plekwijzer.NotifyEvaluation, PlacementID: &pid, OfferID: &oid,
				Code: d.Code, OfferTitle: d.OfferTitle, Key: key}
		}
		if err := db.notify(ctx, tx, ns...); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
