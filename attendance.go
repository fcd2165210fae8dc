package plekwijzer

import (
	"context"
	"fmt"
	"time"
)

// AttendanceStatus is how a participant attended one day-part date of a
// placement.
type AttendanceStatus string

// Attendance statuses.
const (
	AttendancePresent   AttendanceStatus = "aanwezig"
	AttendanceExcused   AttendanceStatus = "afwezig-met-bericht"
	AttendanceUnexcused AttendanceStatus = "afwezig-zonder-bericht"
)

// AttendanceStatuses lists the valid statuses.
var AttendanceStatuses = []AttendanceStatus{AttendancePresent, AttendanceExcused, AttendanceUnexcused}

// HoursPerDayPart is what one missed day-part counts as in a placement's
// missed hours (gemisteUren): a morning or an afternoon of work.
const HoursPerDayPart = 4

// MaxAttendanceMarks bounds the marks of one request: half a year of
// every day-part.
const MaxAttendanceMarks = 260

// AttendanceMark is the attendance on one day-part date.
type AttendanceMark struct {
	Date    Date             `json:"datum"`
	DayPart DayPart          `json:"dagdeel"`
	Status  AttendanceStatus `json:"status"`
}

// AttendanceTotals are derived from the marks: the counts per status and
// the missed hours (every absence, HoursPerDayPart each).
type AttendanceTotals struct {
	Present     int `json:"aanwezig"`
	Excused     int `json:"afwezigMetBericht"`
	Unexcused   int `json:"afwezigZonderBericht"`
	MissedHours int `json:"gemisteUren"`
}

// Attendance is the attendance of one placement.
type Attendance struct {
	PlacementID string           `json:"plaatsingId"`
	Marks       []AttendanceMark `json:"registraties"` // by date and day-part
	Totals      AttendanceTotals `json:"totalen"`
	// Open are the day-part dates from the start until today (or the
	// end) without a mark, the most recent first.
	Open []AttendanceSlot `json:"nogTeRegistreren"`
}

// AttendanceSlot is one day-part date the participant was expected.
type AttendanceSlot struct {
	Date    Date    `json:"datum"`
	DayPart DayPart `json:"dagdeel"`
}

// AttendanceUpdate sets the marks it holds; marks of other dates stay.
type AttendanceUpdate struct {
	Marks []AttendanceMark `json:"registraties"`
}

// AttendanceTotalsOf derives the totals of marks.
func AttendanceTotalsOf(marks []AttendanceMark) AttendanceTotals {
	var t AttendanceTotals
	for _, m := range marks {
		switch m.Status {
		case AttendancePresent:
			t.Present++
		case AttendanceExcused:
			t.Excused++
		case AttendanceUnexcused:
			t.Unexcused++
		}
	}
	t.MissedHours = (t.Excused + t.Unexcused) * HoursPerDayPart
	return t
}

// Weekday is the day of the week of a day-part.
func (d DayPart) Weekday() time.Weekday { return time.Weekday(d.weekdayOffset() + 1) }

// Slots are the day-part dates of pl from its start through last (and
// no later than its end), in calendar order.
func (pl *Placement) Slots(last Date) []AttendanceSlot {
	if pl.EndDate != nil && *pl.EndDate < last {
		last = *pl.EndDate
	}
	var out []AttendanceSlot
	for d := pl.StartDate; d <= last && d.Valid(); d = d.AddDays(1) {
		wd := d.Time().Weekday()
		for _, dp := range DayParts {
			if dp.Weekday() == wd && containsDayPart(pl.DayParts, dp) {
				out = append(out, AttendanceSlot{Date: d, DayPart: dp})
			}
		}
	}
	return out
}

func containsDayPart(dps []DayPart, d DayPart) bool {
	for _, x := range dps {
		if x == d {
			return true
		}
	}
	return false
}

// Validate checks the marks against the placement on the given day:
// every mark must be on one of its day-parts, on a date of that weekday
// within its period and not after today, with a known status, each
// date and day-part once. The names are the API's
// (registraties[1].datum).
func (u AttendanceUpdate) Validate(pl *Placement, today Date) error {
	var p Problems
	if len(u.Marks) == 0 {
		p.Add("registraties", "geef minstens één registratie")
	}
	if len(u.Marks) > MaxAttendanceMarks {
		p.Addf("registraties", "hoogstens %d per keer", MaxAttendanceMarks)
	}
	seen := map[AttendanceSlot]bool{}
	for i, m := range u.Marks {
		name := fmt.Sprintf("registraties[%d]", i)
		switch {
		case !m.Date.Valid():
			p.Add(name+".datum", "geen geldige datum (jjjj-mm-dd)")
		case m.Date < pl.StartDate:
			p.Addf(name+".datum", "ligt voor de start van de plaatsing (%s)", pl.StartDate)
		case pl.EndDate != nil && m.Date > *pl.EndDate:
			p.Addf(name+".datum", "ligt na het einde van de plaatsing (%s)", *pl.EndDate)
		case m.Date > today:
			p.Add(name+".datum", "ligt in de toekomst")
		}
		switch {
		case !m.DayPart.Valid():
			p.Add(name+".dagdeel", "onbekend dagdeel")
		case !containsDayPart(pl.DayParts, m.DayPart):
			p.Add(name+".dagdeel", "de deelnemer werkt dan niet bij deze plaatsing")
		case m.Date.Valid() && m.Date.Time().Weekday() != m.DayPart.Weekday():
			p.Add(name+".dagdeel", "valt niet op de weekdag van de datum")
		}
		if !validAttendance(m.Status) {
			p.Add(name+".status", "moet aanwezig, afwezig-met-bericht of afwezig-zonder-bericht zijn")
		}
		k := AttendanceSlot{m.Date, m.DayPart}
		if seen[k] {
			p.Add(name, "deze datum en dit dagdeel staan er al eerder in")
		}
		seen[k] = true
	}
	return p.Err()
}

func validAttendance(s AttendanceStatus) bool {
	for _, x := range AttendanceStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// RecordsAttendance reports whether attendance can be recorded for a
// placement of this status: once it has started.
func (s PlacementStatus) RecordsAttendance() bool {
	return s == PlacementActive || s == PlacementCompleted || s == PlacementDropout
}

// AttendanceStore keeps attendance per day-part date.
type AttendanceStore interface {
	// Attendance returns the attendance of a placement, with Open up to
	// today; ENotFound for an unknown placement.
	Attendance(ctx context.Context, placementID string) (*Attendance, error)
	// RecordAttendance sets the marks of u (already validated against
	// the placement) as recorded by userID, and stores the derived
	// missed hours on the placement (a new version). EConflict when the
	// placement has not started or was cancelled, or u no longer fits
	// it; ENotFound for an unknown placement.
	RecordAttendance(ctx context.Context, placementID string, u AttendanceUpdate, userID string) (*Attendance, error)
}
