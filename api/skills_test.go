package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestSkillSearchAPI: GET /vaardigheden?q= searches the skill index, so
// the words of the profile form's hint and what coaches type find
// skills; without q the catalogue is listed by name as before; a query
// too long is a 400 naming q.
func TestSkillSearchAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		list := func(q string) ([]string, int) {
			var l struct {
				Items  []plekwijzer.Skill `json:"items"`
				Total  int                `json:"totaal"`
				Source string             `json:"bron"`
			}
			e.do("GET", "/api/v1/vaardigheden?paginaGrootte=10&q="+url.QueryEscape(q), "coach", nil).want(http.StatusOK).json(&l)
			if !strings.Contains(l.Source, "ESCO") {
				t.Errorf("%q: no ESCO attribution", q)
			}
			var names []string
			for _, s := range l.Items {
				names = append(names, s.Name)
			}
			return names, l.Total
		}
		for q, want := range map[string]string{
			"fiets":            "monteren van mechanische producten",
			"koken":            "bereiden van voedsel en dranken",
			"kok":              "bereiden van voedsel en dranken",
			"klantvriendelijk": "zorgen voor klantgerichtheid",
		} {
			if names, _ := list(q); !slices.Contains(names, want) {
				t.Errorf("q=%s: %q not among %q", q, want, names)
			}
		}
		var all struct {
			Items []plekwijzer.Skill `json:"items"`
			Total int                `json:"totaal"`
		}
		e.do("GET", "/api/v1/vaardigheden?paginaGrootte=5", "partner", nil).want(http.StatusOK).json(&all)
		if all.Total < 300 || len(all.Items) != 5 || !slices.IsSortedFunc(all.Items, func(a, b plekwijzer.Skill) int {
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		}) {
			t.Errorf("without q: %d of %d, want the catalogue by name", len(all.Items), all.Total)
		}
		r := e.do("GET", "/api/v1/vaardigheden?q="+strings.Repeat("fiets", 41), "coach", nil).want(http.StatusBadRequest)
		if p := r.invalidParams(); !slices.Contains(p, "q") {
			t.Errorf("a long q: invalid %q, want q", p)
		}
	})
}
