package api_test

import (
	"slices"
	"testing"

	"github.com/iederz/plekwijzer/seed"
)

// TestPlanningLeavesRowsOut: with nietVastleggen the named participants'
// assignments are planned but not booked; the others are; a bad id is a
// 400 naming it.
func TestPlanningLeavesRowsOut(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgA.ID, "titel": "Fietsen repareren", "werksoortId": seed.WorkTypeID("fietsenreparatie"),
			"begeleiding": 3, "fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 2, "di-ochtend": 2}, "postcode": "9713",
		})
		var people []string
		for _, code := range []string{"PS-A", "PS-B"} {
			people = append(people, e.roleCreate("/deelnemers", "coach", matchParticipant(code, "ma-ochtend", "di-ochtend")))
		}
		r := e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": people, "vastleggen": true, "nietVastleggen": []string{"geen-id"}}).want(400)
		if got := r.invalidParams(); !slices.Equal(got, []string{"nietVastleggen[0]"}) {
			t.Errorf("invalid %q", got)
		}
		var booked planAnswer
		e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": people, "dagdelen": 2, "vastleggen": true,
			"nietVastleggen": people[:1]}).want(200).json(&booked)
		if !booked.Booked || booked.Placed != 2 {
			t.Fatalf("plan: %+v", booked)
		}
		for _, a := range booked.Assignments {
			left := a.Participant["id"] == people[0]
			if left != (a.PlacementID == nil) {
				t.Errorf("%v: placement %v (left out: %v)", a.Participant["code"], a.PlacementID, left)
			}
		}
		var pls struct {
			Total int `json:"totaal"`
		}
		e.do("GET", "/api/v1/plaatsingen?deelnemerId="+people[0], "coach", nil).want(200).json(&pls)
		if pls.Total != 0 {
			t.Errorf("the participant left out has %d placements", pls.Total)
		}
	})
}

// TestPlanningDesiredDayParts: a profile's gewensteDagdelen is what the
// planner gives that participant, whatever the request's default; out of
// range it is a 400 naming the field; 0 goes back to the default.
func TestPlanningDesiredDayParts(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgA.ID, "titel": "Fietsen repareren", "werksoortId": seed.WorkTypeID("fietsenreparatie"),
			"begeleiding": 3, "fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 2, "di-ochtend": 2, "wo-ochtend": 2}, "postcode": "9713",
		})
		one := matchParticipant("GD-ONE", "ma-ochtend", "di-ochtend", "wo-ochtend")
		one["gewensteDagdelen"] = 1
		people := []string{e.roleCreate("/deelnemers", "coach", one),
			e.roleCreate("/deelnemers", "coach", matchParticipant("GD-DEF", "ma-ochtend", "di-ochtend", "wo-ochtend"))}
		got := func() map[string]int {
			var plan planAnswer
			e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": people, "dagdelen": 3}).want(200).json(&plan)
			n := map[string]int{}
			for _, a := range plan.Assignments {
				n[a.Participant["code"].(string)] += len(a.DayParts)
			}
			return n
		}
		if n := got(); n["GD-ONE"] != 1 || n["GD-DEF"] != 3 {
			t.Errorf("day-parts planned %v, want GD-ONE 1 (its profile) and GD-DEF 3 (the request)", n)
		}
		r := e.do("PATCH", "/api/v1/deelnemers/"+people[0], "coach", map[string]any{"gewensteDagdelen": 11}, "If-Match", `"1"`).want(400)
		if p := r.invalidParams(); !slices.Equal(p, []string{"gewensteDagdelen"}) {
			t.Errorf("invalid %q", p)
		}
		e.do("PATCH", "/api/v1/deelnemers/"+people[0], "coach", map[string]any{"gewensteDagdelen": 0}, "If-Match", `"1"`).want(200)
		if n := got(); n["GD-ONE"] != 3 {
			t.Errorf("after going back to the default: %v", n)
		}
	})
}
