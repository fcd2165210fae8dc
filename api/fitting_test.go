package api_test

import (
	"net/http"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestFittingThroughTheAPI counts the fitting offers of every participant
// a coach sees, from the pool: a new offer counts at once, a rule the
// offers break leaves 0, a colleague's participants are not in the list,
// and every count read is audited.
func TestFittingThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		fits := e.roleCreate("/deelnemers", "coach", roleParticipantBody("DN-PAST"))
		chair := roleParticipantBody("DN-ROLSTOEL")
		chair["rolstoel"] = true
		none := e.roleCreate("/deelnemers", "coach", chair)
		other := e.roleCreate("/deelnemers", "coach2", roleParticipantBody("DN-ANDER"))

		counts := func(user string) map[string]int {
			var res struct {
				Items []struct {
					ID      string `json:"deelnemerId"`
					Passend int    `json:"passend"`
				} `json:"items"`
			}
			e.do("GET", "/api/v1/passend", user, nil).want(http.StatusOK).json(&res)
			out := map[string]int{}
			for _, it := range res.Items {
				out[it.ID] = it.Passend
			}
			return out
		}
		if got := counts("coach"); len(got) != 2 || got[fits] != 0 || got[none] != 0 {
			t.Errorf("before any offer: %v", got)
		}
		e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgA.ID, "Fietsen", "fietsenreparatie", "9713"))
		e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgB.ID, "Kringloop", "fietsenreparatie", "9723"))
		got := counts("coach")
		if len(got) != 2 || got[fits] != 2 || got[none] != 0 {
			t.Errorf("with two offers: %v", got)
		}
		if _, seen := got[other]; seen {
			t.Error("a colleague's participant is counted for the coach")
		}
		if all := counts("admin"); len(all) != 3 || all[other] != 2 {
			t.Errorf("the beheerder's counts: %v", all)
		}
		var audit struct {
			Items []plekwijzer.AuditEntry `json:"items"`
		}
		e.do("GET", "/api/v1/audit?deelnemerId="+none+"&actie=matchen", "admin", nil).want(http.StatusOK).json(&audit)
		if len(audit.Items) == 0 || audit.Items[0].Endpoint != "GET /api/v1/passend" {
			t.Errorf("audit of the counts: %+v", audit.Items)
		}
		if got := e.do("GET", "/api/v1/passend?x=1", "coach", nil).want(http.StatusBadRequest).invalidParams(); len(got) != 1 || got[0] != "x" {
			t.Errorf("invalidParams %v", got)
		}
	})
}
