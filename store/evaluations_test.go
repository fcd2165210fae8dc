package store_test

import (
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// lastMonday is the latest Monday before today.
func lastMonday() plekwijzer.Date {
	d := plekwijzer.Today().AddDays(-1)
	for d.Time().Weekday() != time.Monday {
		d = d.AddDays(-1)
	}
	return d
}

// TestEvaluations: a running placement's start evaluation is due for both
// sides after two weeks; the werkplek's evaluation keeps its scores and the
// register's attendance of that moment, tells the coach, and takes the
// moment off the werkplek's list but not off the coach's; the sweep tells
// each side once of what it still has to do; erasing the participant
// erases the evaluations.
func TestEvaluations(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.coach()
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 2}))
		partner := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID })
		today := plekwijzer.Today()
		start, end := today.AddDays(-20), today.AddDays(60)
		active := plekwijzer.PlacementActive
		pid, oid, parts := e.participant(c.ID).ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}
		pl, err := plekwijzer.NewPlacement{ParticipantID: &pid, OfferID: &oid, DayParts: &parts, StartDate: &start, EndDate: &end, Status: &active}.Placement()
		must(t, err)
		must(t, db.CreatePlacement(e.ctx, pl))

		due := func(f plekwijzer.DueFilter) []plekwijzer.DueEvaluation {
			t.Helper()
			f.Today = today
			d, err := db.DueEvaluations(e.ctx, f)
			must(t, err)
			return d
		}
		startDue := start.AddDays(14)
		for _, f := range []plekwijzer.DueFilter{{CoachID: c.ID}, {OrganisationID: o.OrganisationID}} {
			d := due(f)
			if len(d) != 1 || d[0].Kind != plekwijzer.EvaluationStart || d[0].Due != startDue || !d[0].Overdue || d[0].PlacementID != pl.ID {
				t.Fatalf("due for %+v: %+v, want the start evaluation of %s, overdue", f, d, startDue)
			}
		}
		if d := due(plekwijzer.DueFilter{CoachID: e.coach().ID}); len(d) != 0 {
			t.Errorf("another coach has due evaluations: %+v", d)
		}

		_, err = db.RecordAttendance(e.ctx, pl.ID, plekwijzer.AttendanceUpdate{Marks: []plekwijzer.AttendanceMark{
			{Date: lastMonday(), DayPart: "ma-ochtend", Status: plekwijzer.AttendancePresent}}}, partner.ID)
		must(t, err)
		ev := &plekwijzer.Evaluation{PlacementID: pl.ID, Kind: plekwijzer.EvaluationStart, Side: plekwijzer.SideWorkplace,
			WorkSkills: []plekwijzer.WorkSkillScore{{ID: "tempo", Score: 2}, {ID: "samenwerken", Score: 4}},
			Goals:      []plekwijzer.GoalScore{}, Skills: []plekwijzer.SkillLevel{}, Note: "Werkt rustig door.",
			AuthorID: &partner.ID, AuthorName: partner.Name, AuthorRole: plekwijzer.RolePartner}
		must(t, db.AddEvaluation(e.ctx, ev))
		got, err := db.Evaluations(e.ctx, pl.ID)
		must(t, err)
		if len(got) != 1 || got[0].ID != ev.ID || len(got[0].WorkSkills) != 2 || got[0].WorkSkills[0] != (plekwijzer.WorkSkillScore{ID: "tempo", Score: 2}) ||
			got[0].Note != "Werkt rustig door." || got[0].Attendance.Present != 1 || got[0].Side != plekwijzer.SideWorkplace {
			t.Fatalf("stored %+v", got)
		}
		e.wantKinds("the coach", c.ID, plekwijzer.NotifyEvaluationRecorded)
		if d := due(plekwijzer.DueFilter{OrganisationID: o.OrganisationID}); len(d) != 0 {
			t.Errorf("the werkplek still has %+v", d)
		}
		if d := due(plekwijzer.DueFilter{CoachID: c.ID}); len(d) != 1 || d[0].Side != plekwijzer.SideCoach {
			t.Errorf("the coach's part: %+v", d)
		}

		for i, want := range []int{1, 0} {
			n, err := db.NotifyUpcoming(e.ctx)
			must(t, err)
			if n != want {
				t.Errorf("sweep %d told of %d events, want %d", i+1, n, want)
			}
		}
		e.wantKinds("the coach", c.ID, plekwijzer.NotifyEvaluationRecorded, plekwijzer.NotifyEvaluation)
		e.wantKinds("the partner", partner.ID)

		feeling := &plekwijzer.ParticipantView{Feeling: 4, Says: "Leuk, ik wil meer met fietsen."}
		must(t, db.AddEvaluation(e.ctx, &plekwijzer.Evaluation{PlacementID: pl.ID, Kind: plekwijzer.EvaluationStart, Side: plekwijzer.SideCoach,
			WorkSkills: []plekwijzer.WorkSkillScore{}, Goals: []plekwijzer.GoalScore{}, Skills: []plekwijzer.SkillLevel{}, Participant: feeling,
			AuthorID: &c.ID, AuthorName: c.Name, AuthorRole: plekwijzer.RoleCoach}))
		if d := due(plekwijzer.DueFilter{}); len(d) != 0 {
			t.Errorf("both parts recorded, still due: %+v", d)
		}
		got, err = db.Evaluations(e.ctx, pl.ID)
		must(t, err)
		if len(got) != 2 || got[1].Participant == nil || *got[1].Participant != *feeling {
			t.Fatalf("the coach's part: %+v", got)
		}
		e.wantKinds("the partner", partner.ID) // the coach's part tells nobody

		e.finish(pl, plekwijzer.PlacementCompleted, "")
		must(t, db.DeleteParticipant(e.ctx, pid))
		if got, err := db.Evaluations(e.ctx, pl.ID); err != nil || len(got) != 0 {
			t.Errorf("after erasure: %d evaluations, %v", len(got), err)
		}
	})
}

// TestEvaluationNotRunning: a proposal has no evaluations yet.
func TestEvaluationNotRunning(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		pl := e.placementIn(plekwijzer.PlacementProposed)
		err := db.AddEvaluation(e.ctx, &plekwijzer.Evaluation{PlacementID: pl.ID, Kind: plekwijzer.EvaluationStart, Side: plekwijzer.SideCoach,
			WorkSkills: []plekwijzer.WorkSkillScore{}, Goals: []plekwijzer.GoalScore{}, Skills: []plekwijzer.SkillLevel{}, Note: "x", AuthorName: "C", AuthorRole: plekwijzer.RoleCoach})
		if plekwijzer.ErrorCode(err) != plekwijzer.EConflict {
			t.Fatalf("evaluating a proposal: %v, want a conflict", err)
		}
		if got, _ := db.Evaluations(e.ctx, pl.ID); len(got) != 0 {
			t.Errorf("stored %+v", got)
		}
	})
}

// TestPhaseHistory: a new participant starts with its phase; a change of
// phase adds one with its reason; a reason without a new phase is refused
// and changes nothing; the history goes with the participant.
func TestPhaseHistory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.participant(e.coach().ID)
		next, why := plekwijzer.Phase("ontwikkelplek"), "Klaar voor een ontwikkelplek na drie maanden."
		_, err := db.UpdateParticipant(e.ctx, p.ID, plekwijzer.ParticipantUpdate{Phase: &next, PhaseReason: &why}, 0)
		must(t, err)
		stay := "Nog steeds hetzelfde"
		if _, err := db.UpdateParticipant(e.ctx, p.ID, plekwijzer.ParticipantUpdate{Phase: &next, PhaseReason: &stay}, 0); plekwijzer.ErrorCode(err) != plekwijzer.EInvalid {
			t.Errorf("a reason without a new phase: %v", err)
		}
		h, err := db.PhaseHistory(e.ctx, p.ID)
		must(t, err)
		today := plekwijzer.Today()
		want := []plekwijzer.PhaseChange{{Phase: p.Phase, Since: today}, {Phase: next, Since: today, Reason: why}}
		if len(h) != 2 || h[0] != want[0] || h[1] != want[1] {
			t.Fatalf("history %+v, want %+v", h, want)
		}
		must(t, db.DeleteParticipant(e.ctx, p.ID))
		if h, err := db.PhaseHistory(e.ctx, p.ID); err != nil || len(h) != 0 {
			t.Errorf("after erasure: %+v, %v", h, err)
		}
	})
}
