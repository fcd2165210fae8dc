package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestBookingRulesThroughTheAPI books against each hard rule of matching:
// refused with a 409 that names every rule broken, and nothing stored,
// unless the coach overrides with a reason, which the coach reads back,
// the werkplek never, and the audit log records.
func TestBookingRulesThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		offer := roleOfferBody(e.orgA.ID, "Zware werkplaats", "fietsenreparatie", "9713")
		offer["begeleiding"], offer["fysiekeBelasting"] = 1, "hoog"
		offer["capaciteit"] = map[string]int{"ma-ochtend": 2, "wo-middag": 2}
		offerID := e.roleCreate("/werkplekken", "admin", offer)
		pb := roleParticipantBody("DN-REGEL")
		pb["beschikbaarheid"] = []string{"ma-ochtend"}
		pb["begeleidingsbehoefte"], pb["belastbaarheid"], pb["rolstoel"] = 3, "laag", true
		p := e.roleCreate("/deelnemers", "coach", pb)

		body := rolePlacementBody(p, offerID, "wo-middag")
		refused := e.do("POST", "/api/v1/plaatsingen", "coach", body).want(http.StatusConflict).obj()
		var rules []string
		for _, r := range refused["regels"].([]any) {
			m := r.(map[string]any)
			rules = append(rules, m["regel"].(string))
			if m["reden"] == "" {
				t.Errorf("rule without a reason: %v", m)
			}
		}
		if got := strings.Join(rules, " "); got != "beschikbaarheid begeleiding fysieke-belasting rolstoel" {
			t.Errorf("rules %q; problem %v", got, refused)
		}
		if d := refused["detail"].(string); !strings.Contains(d, "niet beschikbaar op wo middag") || !strings.Contains(d, "afwijking.reden") {
			t.Errorf("detail %q", d)
		}
		if n := e.roleList("/plaatsingen?deelnemerId="+p, "coach").Total; n != 0 {
			t.Fatalf("%d placements stored after a refusal", n)
		}

		// Only the day-part: the one rule named.
		ok := roleParticipantBody("DN-PAST")
		ok["begeleidingsbehoefte"], ok["belastbaarheid"] = 1, "hoog"
		p2 := e.roleCreate("/deelnemers", "coach", ok)
		one := e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(p2, offerID, "wo-middag")).want(http.StatusConflict).obj()
		if fmt.Sprint(one["regels"]) != "[map[reden:De deelnemer is niet beschikbaar op wo middag. regel:beschikbaarheid]]" {
			t.Errorf("one rule: %v", one["regels"])
		}
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(p2, offerID, "ma-ochtend"))

		// An empty reason is bad input, naming the field.
		body["afwijking"] = map[string]any{"reden": "  "}
		if got := e.do("POST", "/api/v1/plaatsingen", "coach", body).want(http.StatusBadRequest).invalidParams(); fmt.Sprint(got) != "[afwijking.reden]" {
			t.Errorf("invalidParams %v", got)
		}
		body["afwijking"] = map[string]any{"reden": "Proefdag afgesproken met de werkbegeleider."}
		id := e.roleCreate("/plaatsingen", "coach", body)

		var pl plekwijzer.Placement
		e.do("GET", "/api/v1/plaatsingen/"+id, "coach", nil).want(http.StatusOK).json(&pl)
		d := pl.Deviation
		if d == nil || d.Reason != "Proefdag afgesproken met de werkbegeleider." || strings.Join(d.Rules, " ") != "beschikbaarheid begeleiding fysieke-belasting rolstoel" ||
			d.By != "Test coach" || d.At.IsZero() {
			t.Fatalf("deviation %+v", d)
		}
		partner := e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).obj()
		if _, seen := partner["afwijking"]; seen {
			t.Errorf("the werkplek reads the deviation: %v", partner["afwijking"])
		}
		for _, it := range e.roleList("/plaatsingen", "partner").Items {
			if _, seen := it["afwijking"]; seen {
				t.Errorf("the werkplek's list shows a deviation: %v", it)
			}
		}

		var audit struct {
			Items []plekwijzer.AuditEntry `json:"items"`
		}
		e.do("GET", "/api/v1/audit?deelnemerId="+p+"&actie=aanmaken", "admin", nil).want(http.StatusOK).json(&audit)
		found := false
		for _, a := range audit.Items {
			if a.Detail != nil {
				found = true
				if *a.Detail != "afwijking: beschikbaarheid, begeleiding, fysieke-belasting, rolstoel" || a.UserID != e.users["coach"].ID || a.Endpoint != "POST /api/v1/plaatsingen" {
					t.Errorf("audit entry %+v detail %q", a, *a.Detail)
				}
			}
		}
		if !found {
			t.Errorf("no audit entry of the deviation among %+v", audit.Items)
		}

		// Erasing the participant erases the reason with them.
		e.do("PATCH", "/api/v1/plaatsingen/"+id, "coach", map[string]any{"status": "geannuleerd"}, "If-Match", `"1"`).want(http.StatusOK)
		e.do("DELETE", "/api/v1/deelnemers/"+p, "coach", nil).want(http.StatusNoContent)
		var erased plekwijzer.Placement
		e.do("GET", "/api/v1/plaatsingen/"+id, "admin", nil).want(http.StatusOK).json(&erased)
		if erased.ParticipantID != nil || erased.Deviation != nil {
			t.Errorf("deviation kept after erasure: %+v", erased.Deviation)
		}
	})
}
