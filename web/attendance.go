package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// Attendance on the placement's page: the werkplek (or the coach) marks
// each day-part date the participant was expected as present, absent with
// notice or absent without notice; the missed hours are the API's total
// of those marks.

func (a *App) mountAttendance(e *echo.Echo) {
	e.POST("/plaatsingen/:id/aanwezigheid", a.handle(a.recordAttendance, plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin))
}

// attendanceShown bounds the rows of the attendance form: the most recent
// day-part dates, marked or not.
const attendanceShown = 12

// attendanceRow is one day-part date of the attendance form.
type attendanceRow struct {
	Date    plekwijzer.Date
	DayPart plekwijzer.DayPart
	Status  plekwijzer.AttendanceStatus // "" when not marked yet
}

// Key names the row's radio buttons: attendance fields are "aw-" + Key.
func (r attendanceRow) Key() string { return string(r.Date) + "_" + string(r.DayPart) }

// AttendanceChoices are the columns of the attendance form.
func (placementData) AttendanceChoices() []option {
	out := make([]option, len(plekwijzer.AttendanceStatuses))
	for i, s := range plekwijzer.AttendanceStatuses {
		out[i] = option{string(s), label("aanwezigheid", string(s))}
	}
	return out
}

// loadAttendance reads a started placement's attendance for its page.
func (p *page) loadAttendance(d *placementData) error {
	if !d.Pl.Status.RecordsAttendance() {
		return nil
	}
	var att plekwijzer.Attendance
	if err := p.api.get("/plaatsingen/"+d.Pl.ID+"/aanwezigheid", nil, &att); err != nil {
		return err
	}
	d.Attendance = &att
	var rows []attendanceRow
	for _, s := range att.Open {
		rows = append(rows, attendanceRow{Date: s.Date, DayPart: s.DayPart})
	}
	for _, m := range att.Marks {
		rows = append(rows, attendanceRow{Date: m.Date, DayPart: m.DayPart, Status: m.Status})
	}
	slices.SortFunc(rows, func(x, y attendanceRow) int {
		if c := strings.Compare(string(y.Date), string(x.Date)); c != 0 {
			return c
		}
		return y.DayPart.Index() - x.DayPart.Index()
	})
	d.AttendanceRows = rows[:min(attendanceShown, len(rows))]
	return nil
}

// recordAttendance sends the marked rows of the form to the API.
func (a *App) recordAttendance(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	var u plekwijzer.AttendanceUpdate
	for name, vs := range form {
		key, ok := strings.CutPrefix(name, "aw-")
		date, dayPart, ok2 := strings.Cut(key, "_")
		if !ok || !ok2 || len(vs) == 0 || vs[0] == "" {
			continue
		}
		u.Marks = append(u.Marks, plekwijzer.AttendanceMark{Date: plekwijzer.Date(date), DayPart: plekwijzer.DayPart(dayPart), Status: plekwijzer.AttendanceStatus(vs[0])})
	}
	slices.SortFunc(u.Marks, func(x, y plekwijzer.AttendanceMark) int { return strings.Compare(string(x.Date), string(y.Date)) })
	var errs formErrors
	if len(u.Marks) == 0 {
		errs.add("registraties", "kies bij minstens één dagdeel of de deelnemer er was")
		errs.Message = "Er is niets ingevuld. Er is nog niets opgeslagen."
		return a.showPlacement(p, http.StatusUnprocessableEntity, nil, &errs)
	}
	err = p.api.put("/plaatsingen/"+id+"/aanwezigheid", u, nil)
	if errs.addAll(err) {
		return a.showPlacement(p, http.StatusUnprocessableEntity, nil, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect("/plaatsingen/"+id, "bijgewerkt")
}
