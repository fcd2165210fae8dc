package api_test

import (
	"net/http"
	"testing"

	"github.com/iederz/plekwijzer/seed"
)

// TestTextAccepted pins what the text rules let through (the refusals are
// in TestBadInput): tab and newline stay, \r\n is kept as \n, and a query
// parameter the OpenAPI document makes a list may still be repeated.
func TestTextAccepted(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		body := `{"organisatieId":"` + e.orgA.ID + `","titel":"Fietsen\tmaken","werksoortId":"` + seed.WorkTypeID("fietsenreparatie") + `",
			"omschrijving":"regel een\r\nregel twee\nregel drie","begeleiding":2,"fysiekeBelasting":"midden",
			"capaciteit":{"ma-ochtend":1},"postcode":"9713"}`
		id := e.do("POST", "/api/v1/werkplekken", "admin", body).want(http.StatusCreated).obj()["id"].(string)
		offer := e.do("GET", "/api/v1/werkplekken/"+id, "admin", nil).want(http.StatusOK).obj()
		if offer["titel"] != "Fietsen\tmaken" {
			t.Errorf("titel %q, want the tab kept", offer["titel"])
		}
		if offer["omschrijving"] != "regel een\nregel twee\nregel drie" {
			t.Errorf("omschrijving %q, want \\r\\n stored as \\n", offer["omschrijving"])
		}
		e.do("GET", "/api/v1/publiek/werkplekken?dagdeel=ma-ochtend&dagdeel=di-middag", "", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/zoeken?q=fiets&status=open&status=gepauzeerd", "coach", nil).want(http.StatusOK)
	})
}
