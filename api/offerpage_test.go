package api_test

import (
	"net/http"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestOfferContactsAndOwnCandidates reads what a coach's offer page needs:
// the organisation's partner users to contact, and the candidates for the
// offer from the coach's own caseload only (eigen=true), without the
// participants a colleague shares.
func TestOfferContactsAndOwnCandidates(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		mail := "werkplaats@example.org"
		if _, err := e.db.UpdateUser(e.t.Context(), e.users["partner"].ID, plekwijzer.UserUpdate{Email: &mail}, 0); err != nil {
			t.Fatal(err)
		}
		var contacts struct {
			Items []struct{ Naam, Email string } `json:"items"`
		}
		e.do("GET", "/api/v1/organisaties/"+e.orgA.ID+"/contactpersonen", "coach", nil).want(http.StatusOK).json(&contacts)
		if len(contacts.Items) != 1 || contacts.Items[0].Naam != "Test partner" || contacts.Items[0].Email != mail {
			t.Errorf("contacts of orgA: %+v", contacts.Items)
		}
		e.do("GET", "/api/v1/organisaties/"+roleUnknownID+"/contactpersonen", "coach", nil).want(http.StatusNotFound)

		offer := e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgA.ID, "Fietsen", "fietsenreparatie", "9713"))
		own := e.roleCreate("/deelnemers", "coach", roleParticipantBody("DN-EIGEN"))
		shared := roleParticipantBody("DN-GEDEELD")
		shared["gedeeldMet"] = []string{e.users["coach"].ID}
		e.roleCreate("/deelnemers", "coach2", shared)

		codes := func(query string) []string {
			var res struct {
				Items []struct {
					Deelnemer struct{ ID, Code string } `json:"deelnemer"`
				} `json:"items"`
			}
			e.do("GET", "/api/v1/werkplekken/"+offer+"/kandidaten"+query, "coach", nil).want(http.StatusOK).json(&res)
			var out []string
			for _, it := range res.Items {
				out = append(out, it.Deelnemer.Code)
			}
			return out
		}
		if got := codes(""); len(got) != 2 {
			t.Errorf("caseload and shares: %v", got)
		}
		if got := codes("?eigen=true"); len(got) != 1 || got[0] != "DN-EIGEN" {
			t.Errorf("own caseload: %v (own %s)", got, own)
		}
		if got := e.do("GET", "/api/v1/werkplekken/"+offer+"/kandidaten?eigen=ja", "coach", nil).want(http.StatusBadRequest).invalidParams(); len(got) != 1 || got[0] != "eigen" {
			t.Errorf("invalidParams %v", got)
		}
	})
}
