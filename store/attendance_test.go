package store_test

import (
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestAttendancePerDate: marks per day-part date are kept, replaced on a second
// mark of the same date, totalled, and the placement's missed hours are
// derived from them; the open dates are those without a mark; only a
// started placement takes marks; deleting the participant erases them.
func TestAttendancePerDate(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 2, "wo-middag": 2}))
		p := e.participant(e.coach().ID)
		start := plekwijzer.Today().Monday().AddDays(-14) // a Monday two weeks back
		pl := e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend", "wo-middag"}, start, nil)

		// A proposal takes no marks.
		u := plekwijzer.AttendanceUpdate{Marks: []plekwijzer.AttendanceMark{{Date: start, DayPart: "ma-ochtend", Status: plekwijzer.AttendancePresent}}}
		_, err := db.RecordAttendance(e.ctx, pl.ID, u, "")
		wantCode(t, err, plekwijzer.EConflict)

		pl, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		must(t, err)
		a, err := db.Attendance(e.ctx, pl.ID)
		must(t, err)
		slots := pl.Slots(plekwijzer.Today())
		if len(a.Marks) != 0 || len(a.Open) != len(slots) || len(slots) < 4 {
			t.Fatalf("before any mark: %d marks, %d open of %d slots", len(a.Marks), len(a.Open), len(slots))
		}
		if a.Open[0] != slots[len(slots)-1] {
			t.Errorf("open dates start with %v, want the most recent %v", a.Open[0], slots[len(slots)-1])
		}

		wed := start.AddDays(2)
		u.Marks = append(u.Marks,
			plekwijzer.AttendanceMark{Date: wed, DayPart: "wo-middag", Status: plekwijzer.AttendanceExcused},
			plekwijzer.AttendanceMark{Date: start.AddDays(7), DayPart: "ma-ochtend", Status: plekwijzer.AttendanceUnexcused})
		must(t, u.Validate(pl, plekwijzer.Today()))
		a, err = db.RecordAttendance(e.ctx, pl.ID, u, "")
		must(t, err)
		want := plekwijzer.AttendanceTotals{Present: 1, Excused: 1, Unexcused: 1, MissedHours: 2 * plekwijzer.HoursPerDayPart}
		if a.Totals != want || len(a.Marks) != 3 || len(a.Open) != len(slots)-3 {
			t.Errorf("after three marks: totals %+v, %d marks, %d open; want %+v", a.Totals, len(a.Marks), len(a.Open), want)
		}
		if a.Marks[1].Date != wed || a.Marks[1].Status != plekwijzer.AttendanceExcused {
			t.Errorf("marks not by date: %+v", a.Marks)
		}
		got, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		if got.Outcome == nil || got.Outcome.MissedHours != want.MissedHours || got.Version != pl.Version+1 {
			t.Errorf("placement after marks: %+v (version %d, was %d)", got.Outcome, got.Version, pl.Version)
		}

		// The same date again replaces its mark.
		_, err = db.RecordAttendance(e.ctx, pl.ID, plekwijzer.AttendanceUpdate{Marks: []plekwijzer.AttendanceMark{
			{Date: wed, DayPart: "wo-middag", Status: plekwijzer.AttendancePresent}}}, "")
		must(t, err)
		a, err = db.Attendance(e.ctx, pl.ID)
		must(t, err)
		if want := (plekwijzer.AttendanceTotals{Present: 2, Unexcused: 1, MissedHours: plekwijzer.HoursPerDayPart}); a.Totals != want || len(a.Marks) != 3 {
			t.Errorf("after a correction: %+v, %d marks", a.Totals, len(a.Marks))
		}

		// A mark the placement does not have is refused, and changes nothing.
		e.unchanged(func() {
			_, err = db.RecordAttendance(e.ctx, pl.ID, plekwijzer.AttendanceUpdate{Marks: []plekwijzer.AttendanceMark{
				{Date: start.AddDays(1), DayPart: "di-ochtend", Status: plekwijzer.AttendancePresent}}}, "")
			wantCode(t, err, plekwijzer.EConflict)
		})

		// With marks, a typed total that contradicts them is refused, by
		// field, and changes nothing; the derived one is accepted.
		e.unchanged(func() {
			_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Outcome: &plekwijzer.Outcome{MissedHours: 40}}, 0)
			wantCode(t, err, plekwijzer.EInvalid)
			if got := fieldNames(err); len(got) != 1 || got[0] != "uitkomst.gemisteUren" {
				t.Errorf("a typed total against the marks: %v", err)
			}
		})

		// The participant's deletion erases the marks; the total stays.
		got, err = db.Placement(e.ctx, pl.ID)
		must(t, err)
		_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCompleted),
			Outcome: &plekwijzer.Outcome{Result: "betaald-werk", MissedHours: got.Outcome.MissedHours}}, 0)
		must(t, err)
		must(t, db.DeleteParticipant(e.ctx, p.ID))
		a, err = db.Attendance(e.ctx, pl.ID)
		must(t, err)
		if len(a.Marks) != 0 {
			t.Errorf("%d marks after the participant was deleted", len(a.Marks))
		}
		got, err = db.Placement(e.ctx, pl.ID)
		must(t, err)
		if got.Outcome == nil || got.Outcome.MissedHours != plekwijzer.HoursPerDayPart {
			t.Errorf("missed hours after deletion: %+v", got.Outcome)
		}
	})
}

// TestAttendanceValidate names every bad mark.
func TestAttendanceValidate(t *testing.T) {
	start := plekwijzer.Today().Monday().AddDays(-7)
	end := start.AddDays(30)
	pl := &plekwijzer.Placement{StartDate: start, EndDate: &end, DayParts: []plekwijzer.DayPart{"ma-ochtend"}}
	u := plekwijzer.AttendanceUpdate{Marks: []plekwijzer.AttendanceMark{
		{Date: start, DayPart: "ma-ochtend", Status: "aanwezig"},
		{Date: "2026-13-01", DayPart: "ma-ochtend", Status: "aanwezig"},
		{Date: start.AddDays(-7), DayPart: "ma-ochtend", Status: "aanwezig"},
		{Date: start.AddDays(1), DayPart: "di-ochtend", Status: "aanwezig"},
		{Date: start.AddDays(2), DayPart: "ma-ochtend", Status: "ziek"},
		{Date: start, DayPart: "ma-ochtend", Status: "aanwezig"},
		{Date: plekwijzer.Today().AddDays(7).Monday(), DayPart: "ma-ochtend", Status: "aanwezig"},
	}}
	wantFields(t, u.Validate(pl, plekwijzer.Today()), plekwijzer.EInvalid,
		"registraties[1].datum", "registraties[2].datum", "registraties[3].dagdeel",
		"registraties[4].dagdeel", "registraties[4].status", "registraties[5]", "registraties[6].datum")
}
