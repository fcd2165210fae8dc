package store

import (
	"context"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.AttendanceStore = (*DB)(nil)

type attendanceRow struct {
	Date    plekwijzer.Date             `db:"date"`
	DayPart plekwijzer.DayPart          `db:"day_part"`
	Status  plekwijzer.AttendanceStatus `db:"status"`
}

// Attendance implements plekwijzer.AttendanceStore.
func (db *DB) Attendance(ctx context.Context, placementID string) (*plekwijzer.Attendance, error) {
	pl, err := db.placement(ctx, db.db, placementID, "")
	if err != nil {
		return nil, db.translate(err)
	}
	a, err := db.attendance(ctx, db.db, pl)
	return a, db.translate(err)
}

func (db *DB) attendance(ctx context.Context, q querier, pl *plekwijzer.Placement) (*plekwijzer.Attendance, error) {
	var rows []attendanceRow
	if err := db.sel(ctx, q, &rows, `SELECT date, day_part, status FROM attendance WHERE placement_id = ?`, pl.ID); err != nil {
		return nil, err
	}
	a := &plekwijzer.Attendance{PlacementID: pl.ID, Marks: make([]plekwijzer.AttendanceMark, len(rows)), Open: []plekwijzer.AttendanceSlot{}}
	marked := map[plekwijzer.AttendanceSlot]bool{}
	for i, r := range rows {
		d := r.Date
		a.Marks[i] = plekwijzer.AttendanceMark{Date: d, DayPart: r.DayPart, Status: r.Status}
		marked[plekwijzer.AttendanceSlot{Date: d, DayPart: r.DayPart}] = true
	}
	slices.SortFunc(a.Marks, func(x, y plekwijzer.AttendanceMark) int {
		if x.Date != y.Date {
			return compareDates(x.Date, y.Date)
		}
		return x.DayPart.Index() - y.DayPart.Index()
	})
	a.Totals = plekwijzer.AttendanceTotalsOf(a.Marks)
	if pl.Status.RecordsAttendance() {
		slots := pl.Slots(plekwijzer.Today())
		for i := len(slots) - 1; i >= 0; i-- {
			if !marked[slots[i]] {
				a.Open = append(a.Open, slots[i])
			}
		}
	}
	return a, nil
}

func compareDates(a, b plekwijzer.Date) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// RecordAttendance implements plekwijzer.AttendanceStore.
func (db *DB) RecordAttendance(ctx context.Context, placementID string, u plekwijzer.AttendanceUpdate, userID string) (*plekwijzer.Attendance, error) {
	if !plekwijzer.ValidID(placementID) {
		return nil, errNotFound
	}
	var a *plekwijzer.Attendance
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		pl, err := db.placement(ctx, tx, placementID, db.forUpdate())
		if err != nil {
			return err
		}
		if !pl.Status.RecordsAttendance() || pl.ParticipantID == nil {
			return plekwijzer.Errorf(plekwijzer.EConflict, "Aanwezigheid kan pas worden vastgelegd als de plaatsing is gestart.")
		}
		// The caller validated u; the placement may have changed since.
		if err := u.Validate(pl, plekwijzer.Today()); err != nil {
			return plekwijzer.Errorf(plekwijzer.EConflict, "De plaatsing is intussen gewijzigd; laad de pagina opnieuw.")
		}
		at := now()
		var by *string
		if userID != "" {
			by = &userID
		}
		for _, m := range u.Marks {
			if _, err := db.exec(ctx, tx, `INSERT INTO attendance (placement_id, participant_id, date, day_part, status, recorded_by, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (placement_id, date, day_part) DO UPDATE SET status = excluded.status, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
				pl.ID, *pl.ParticipantID, m.Date, m.DayPart, m.Status, by, at); err != nil {
				return err
			}
		}
		if a, err = db.attendance(ctx, tx, pl); err != nil {
			return err
		}
		// The missed hours are derived from the marks.
		if pl.Outcome == nil {
			pl.Outcome = &plekwijzer.Outcome{}
		}
		pl.Outcome.MissedHours = a.Totals.MissedHours
		return db.savePlacement(ctx, tx, pl)
	})
	return a, db.translate(err)
}
