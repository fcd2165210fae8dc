package api_test

import (
	"testing"

	"github.com/iederz/plekwijzer/seed"
)

// TestPlanningTellsTheWerkplek: a plan booked with vastleggen proposes its
// placements, and the werkplek hears of each new voordracht as it does of
// one proposed by hand. The planner's bookings used to reach the
// werkplek's inbox without a notification (and so without a mail).
func TestPlanningTellsTheWerkplek(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgA.ID, "titel": "Fietsen repareren", "werksoortId": seed.WorkTypeID("fietsenreparatie"),
			"begeleiding": 3, "fysiekeBelasting": "midden", "capaciteit": map[string]int{"ma-ochtend": 2}, "postcode": "9713",
		})
		people := []string{e.roleCreate("/deelnemers", "coach", matchParticipant("PN-A", "ma-ochtend")),
			e.roleCreate("/deelnemers", "coach", matchParticipant("PN-B", "ma-ochtend"))}
		var booked planAnswer
		e.do("POST", "/api/v1/planningen", "coach", map[string]any{"deelnemers": people, "dagdelen": 1, "vastleggen": true}).want(200).json(&booked)
		if !booked.Booked || booked.Placed != 2 {
			t.Fatalf("plan: %+v", booked)
		}
		told := map[string]bool{}
		for _, n := range e.notes("partner").Items {
			if n.Kind == "voordracht-nieuw" && n.Placing != nil {
				told[n.Code] = true
			}
		}
		if !told["PN-A"] || !told["PN-B"] {
			t.Errorf("the werkplek was told of %v, want PN-A and PN-B", told)
		}
		for _, n := range e.notes("coach").Items {
			if n.Kind == "voordracht-nieuw" {
				t.Errorf("the coach who booked is told of her own voordracht: %+v", n)
			}
		}
	})
}
