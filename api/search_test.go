package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

func TestSearchThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		offer := e.do("POST", "/api/v1/werkplekken", "partner", map[string]any{
			"titel": "Groenonderhoud in het park", "werksoortId": seed.WorkTypeID("groenvoorziening"),
			"omschrijving": `Snoeien en maaien. <img src=x onerror=alert(1)><script>alert(2)</script>`,
			"begeleiding":  2, "fysiekeBelasting": "hoog", "capaciteit": map[string]int{"di-ochtend": 1},
			"postcode": "9713",
		}).want(http.StatusCreated).obj()
		e.synced()

		var res struct {
			Items []struct {
				Kind       string              `json:"soort"`
				ID         string              `json:"id"`
				Highlights map[string][]string `json:"markering"`
				Free       map[string]int      `json:"vrij"`
				Distance   *float64            `json:"afstandKm"`
			} `json:"items"`
			Total  int                         `json:"totaal"`
			Facets map[string][]map[string]any `json:"facetten"`
			Source string                      `json:"bron"`
		}
		e.do("GET", "/api/v1/zoeken?q=snoeien&postcode=9712&straalKm=10", "coach", nil).want(200).json(&res)
		if res.Total != 1 || res.Items[0].ID != offer["id"] || res.Items[0].Free["di-ochtend"] != 1 || res.Items[0].Distance == nil {
			t.Fatalf("search for the new offer: %+v", res)
		}
		for field, frags := range res.Items[0].Highlights {
			for _, f := range frags {
				if strings.Contains(f, "<img") || strings.Contains(f, "<script") {
					t.Errorf("highlight %s is not HTML-safe: %s", field, f)
				}
			}
		}
		if !slices.ContainsFunc(res.Items[0].Highlights["omschrijving"], func(f string) bool {
			return strings.Contains(f, "<mark>Snoeien</mark>") && strings.Contains(f, "&lt;img")
		}) {
			t.Errorf("omschrijving highlight: %v", res.Items[0].Highlights)
		}
		if !strings.Contains(res.Source, "ESCO") || len(res.Facets["werksoort"]) == 0 {
			t.Errorf("facets %v, source %q", res.Facets, res.Source)
		}
		var bare struct {
			Total  int            `json:"totaal"`
			Facets map[string]any `json:"facetten"`
		}
		e.do("GET", "/api/v1/zoeken?q=snoeien&postcode=9712&straalKm=10&facetten=false", "coach", nil).want(200).json(&bare)
		if bare.Total != 1 || bare.Facets == nil || len(bare.Facets) != 0 {
			t.Errorf("facetten=false: total %d, facets %v", bare.Total, bare.Facets)
		}

		// The index follows the database: a booking that fills the only
		// place removes the offer from a day-part search.
		p := e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
			"code": "DN-Z-1", "doelgroep": "overig", "fase": "intake", "postcode": "9711",
			"beschikbaarheid": []string{"di-ochtend"}, "begeleidingsbehoefte": 2, "belastbaarheid": "hoog",
		}).want(http.StatusCreated).obj()
		e.do("POST", "/api/v1/plaatsingen", "coach", map[string]any{
			"deelnemerId": p["id"], "werkplekId": offer["id"], "dagdelen": []string{"di-ochtend"}, "startdatum": plekwijzer.Today(),
		}).want(http.StatusCreated)
		e.synced().do("GET", "/api/v1/zoeken?q=snoeien&dagdeel=di-ochtend", "coach", nil).want(200).json(&res)
		if res.Total != 0 {
			t.Errorf("a full offer is found for its full day-part: %+v", res.Items)
		}
		// Without the day-part it is found, with the place shown taken:
		// the hit carries the offer as it is now.
		e.do("GET", "/api/v1/zoeken?q=snoeien&soort=werkplek", "coach", nil).want(200).json(&res)
		if res.Total != 1 || res.Items[0].ID != offer["id"] || res.Items[0].Free["di-ochtend"] != 0 {
			t.Errorf("after the booking: %+v", res.Items)
		}
		e.do("DELETE", "/api/v1/werkplekken/"+offer["id"].(string), "admin", nil).want(http.StatusConflict)
	})
}

func TestSearchBadInput(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		for _, tc := range []struct {
			query string
			names []string
		}{
			{"q=" + urlQuery(strings.Repeat("fiets ", 40)), []string{"q"}},
			{"pagina=20&paginaGrootte=100", []string{"pagina"}},
			{"paginaGrootte=500", []string{"paginaGrootte"}},
			{"postcode=1000&straalKm=5", []string{"postcode"}},
			{"straalKm=5", []string{"straalKm"}},
			{"straalKm=veel&postcode=9712", []string{"straalKm"}},
			{"dagdeel=za-ochtend&dagdeel=ma-ochtend&begeleiding=9&soort=persoon", []string{"begeleiding", "dagdeel", "soort"}},
			{"status=weg&organisatieSoort=bank&fysiekeBelasting=zwaar&werksoort=abc", []string{"fysiekeBelasting", "organisatieSoort", "status", "werksoort"}},
			{"wat=dan", []string{"wat"}},
			{"q=" + urlQuery("fiets\x00"), []string{"q"}}, // control characters are refused (issue 17)
			{"q=fiets&q=band", []string{"q"}},             // q is no list
			{"facetten=misschien", []string{"facetten"}},
		} {
			r := e.do("GET", "/api/v1/zoeken?"+tc.query, "coach", nil).want(http.StatusBadRequest)
			got := r.invalidParams()
			slices.Sort(got)
			if !slices.Equal(slices.Compact(got), tc.names) {
				t.Errorf("%s: invalidParams %v, want %v", tc.query, got, tc.names)
			}
		}
		for _, q := range []string{`"`, `*`, `titel:fiets`, `(`, `fiets AND`, `+-~^`, `\`} {
			e.do("GET", "/api/v1/zoeken?q="+urlQuery(q), "coach", nil).want(http.StatusOK)
		}
	})
}

func urlQuery(s string) string { return url.QueryEscape(s) }
