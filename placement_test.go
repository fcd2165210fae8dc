package plekwijzer_test

import (
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
)

func date(s string) *plekwijzer.Date { d := plekwijzer.Date(s); return &d }

func TestFullDayParts(t *testing.T) {
	mo, di := plekwijzer.DayPart("ma-ochtend"), plekwijzer.DayPart("di-ochtend")
	capacity := plekwijzer.Capacity{mo: 2, di: 1}
	tests := []struct {
		name     string
		start    string
		end      *plekwijzer.Date
		existing []plekwijzer.Booking
		want     []plekwijzer.DayPart
	}{
		{"empty offer", "2026-01-01", nil, nil, nil},
		{"one of two taken", "2026-01-01", date("2026-06-30"),
			[]plekwijzer.Booking{{DayPart: mo, Start: "2026-01-01", End: "2026-12-31"}}, nil},
		{"both taken at the same time", "2026-03-01", date("2026-03-31"),
			[]plekwijzer.Booking{{DayPart: mo, Start: "2026-01-01", End: "2026-12-31"}, {DayPart: mo, Start: "2026-03-15", End: ""}},
			[]plekwijzer.DayPart{mo}},
		{"two bookings that never overlap each other use one place", "2026-01-01", date("2026-12-31"),
			[]plekwijzer.Booking{{DayPart: mo, Start: "2026-01-01", End: "2026-05-31"}, {DayPart: mo, Start: "2026-06-01", End: "2026-12-31"}},
			nil},
		{"a booking that ends the day before frees its place", "2026-06-01", nil,
			[]plekwijzer.Booking{{DayPart: di, Start: "2026-01-01", End: "2026-05-31"}}, nil},
		{"a booking that ends on the start day still holds it", "2026-06-01", nil,
			[]plekwijzer.Booking{{DayPart: di, Start: "2026-01-01", End: "2026-06-01"}}, []plekwijzer.DayPart{di}},
		{"a later open-ended booking overlaps an open-ended request", "2026-01-01", nil,
			[]plekwijzer.Booking{{DayPart: di, Start: "2030-01-01"}}, []plekwijzer.DayPart{di}},
		{"a booking after the period does not count", "2026-01-01", date("2026-01-31"),
			[]plekwijzer.Booking{{DayPart: di, Start: "2026-02-01"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plekwijzer.FullDayParts(capacity, []plekwijzer.DayPart{mo, di}, plekwijzer.Date(tt.start), tt.end, tt.existing)
			if !slices.Equal(got, tt.want) {
				t.Errorf("full = %v, want %v", got, tt.want)
			}
		})
	}
	if got := plekwijzer.FullDayParts(capacity, []plekwijzer.DayPart{"wo-ochtend"}, "2026-01-01", nil, nil); !slices.Equal(got, []plekwijzer.DayPart{"wo-ochtend"}) {
		t.Errorf("a day-part without places is full, got %v", got)
	}
}

func TestPlacementLifecycle(t *testing.T) {
	status := func(s plekwijzer.PlacementStatus) *plekwijzer.PlacementStatus { return &s }
	dropout := &plekwijzer.Outcome{Result: "geen", DropoutReason: "te-weinig-variatie", CausedBy: "werkplek", MissedHours: 12}
	tests := []struct {
		from     plekwijzer.PlacementStatus
		update   plekwijzer.PlacementUpdate
		wantCode string
		fields   []string
	}{
		{"voorgesteld", plekwijzer.PlacementUpdate{Status: status("actief")}, "", nil},
		{"voorgesteld", plekwijzer.PlacementUpdate{Status: status("geannuleerd")}, "", nil},
		{"voorgesteld", plekwijzer.PlacementUpdate{Status: status("afgerond")}, plekwijzer.EConflict, nil},
		{"actief", plekwijzer.PlacementUpdate{Status: status("voorgesteld")}, plekwijzer.EConflict, nil},
		{"actief", plekwijzer.PlacementUpdate{Status: status("uitgevallen"), Outcome: dropout}, "", nil},
		{"actief", plekwijzer.PlacementUpdate{Status: status("uitgevallen")}, plekwijzer.EInvalid, []string{"uitkomst"}},
		{"actief", plekwijzer.PlacementUpdate{Status: status("uitgevallen"), Outcome: &plekwijzer.Outcome{Result: "geen"}},
			plekwijzer.EInvalid, []string{"uitkomst.uitvalreden", "uitkomst.veroorzaaktDoor"}},
		{"actief", plekwijzer.PlacementUpdate{Status: status("afgerond"), Outcome: &plekwijzer.Outcome{Result: "betaald-werk", MissedHours: -1}},
			plekwijzer.EInvalid, []string{"uitkomst.gemisteUren"}},
		{"afgerond", plekwijzer.PlacementUpdate{Status: status("actief")}, plekwijzer.EConflict, nil},
		{"afgerond", plekwijzer.PlacementUpdate{StartDate: date("2026-02-01")}, plekwijzer.EConflict, nil},
		{"actief", plekwijzer.PlacementUpdate{Status: status("klaar")}, plekwijzer.EInvalid, []string{"status"}},
	}
	for _, tt := range tests {
		pl := &plekwijzer.Placement{Status: tt.from, StartDate: "2026-01-05", DayParts: []plekwijzer.DayPart{"ma-ochtend"}}
		if tt.from == "afgerond" {
			pl.Outcome = &plekwijzer.Outcome{Result: "opleiding"}
		}
		err := pl.Apply(tt.update, "2026-03-01")
		if got := plekwijzer.ErrorCode(err); got != tt.wantCode {
			t.Errorf("%s + %+v: code %q, want %q (%v)", tt.from, tt.update, got, tt.wantCode, err)
			continue
		}
		if tt.fields != nil {
			if got := fieldNames(err); !slices.Equal(got, tt.fields) {
				t.Errorf("%s + %+v: fields %v, want %v", tt.from, tt.update, got, tt.fields)
			}
		}
		if tt.wantCode == "" && pl.Status.Ended() && (pl.EndDate == nil || *pl.EndDate != "2026-03-01") {
			t.Errorf("%s → %s: an ending placement gets today as end date, got %v", tt.from, pl.Status, pl.EndDate)
		}
	}
}

func fieldNames(err error) []string {
	e, ok := err.(*plekwijzer.Error)
	if !ok {
		return nil
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Name)
	}
	return names
}

func TestNewPlacementNamesEveryProblem(t *testing.T) {
	bad := plekwijzer.Date("31-01-2026")
	dp := []plekwijzer.DayPart{"za-ochtend", "ma-ochtend", "ma-ochtend"}
	st := plekwijzer.PlacementStatus("afgerond")
	x := "x"
	_, err := plekwijzer.NewPlacement{ParticipantID: &x, DayParts: &dp, StartDate: &bad, Status: &st}.Placement()
	want := []string{"deelnemerId", "werkplekId", "dagdelen[0]", "dagdelen[2]", "startdatum", "status"}
	if got := fieldNames(err); !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
}
