package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestCoachesList: a coach finds colleagues by name — every coach and no
// other user, with an id and a name and nothing else — and can share a
// participant with one of them by that id.
func TestCoachesList(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		// A third coach whose name sorts first, and one more beheerder
		// who must not be listed.
		for _, u := range []*plekwijzer.User{{Name: "Aaltje Coach", Role: plekwijzer.RoleCoach}, {Name: "Aa Beheer", Role: plekwijzer.RoleAdmin}} {
			if err := e.db.CreateUser(context.Background(), u); err != nil {
				t.Fatal(err)
			}
		}
		var got struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"totaal"`
		}
		e.do("GET", "/api/v1/coaches", "coach", nil).want(http.StatusOK).json(&got)
		var names []string
		for _, it := range got.Items {
			if len(it) != 2 || it["id"] == nil || it["naam"] == nil {
				t.Errorf("a coach is shown with more or less than id and name: %v", it)
			}
			names = append(names, it["naam"].(string))
		}
		if want := []string{"Aaltje Coach", "Test coach", "Test coach2"}; !slices.Equal(names, want) || got.Total != 3 {
			t.Fatalf("coaches %v (total %d), want %v", names, got.Total, want)
		}

		// Pages, like every list.
		e.do("GET", "/api/v1/coaches?pagina=2&paginaGrootte=2", "admin", nil).want(http.StatusOK).json(&got)
		if len(got.Items) != 1 || got.Items[0]["naam"] != "Test coach2" || got.Total != 3 {
			t.Errorf("second page of two: %v", got)
		}
		e.do("GET", "/api/v1/coaches?rol=beheerder", "coach", nil).want(http.StatusBadRequest)
		e.do("GET", "/api/v1/coaches", "partner", nil).want(http.StatusForbidden)
		e.do("GET", "/api/v1/coaches", "manager", nil).want(http.StatusForbidden)

		// The id from the list is what sharing takes.
		var coach2 string
		for _, it := range got.Items {
			coach2 = it["id"].(string)
		}
		if coach2 != e.users["coach2"].ID {
			t.Fatalf("coach2 listed as %s, is %s", coach2, e.users["coach2"].ID)
		}
		p := e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
			"code": "DN-DELEN-1", "doelgroep": "overig", "fase": "intake", "postcode": "9711", "beschikbaarheid": []string{"ma-ochtend"},
			"begeleidingsbehoefte": 2, "belastbaarheid": "midden",
		}).want(http.StatusCreated)
		id := p.obj()["id"].(string)
		e.do("GET", "/api/v1/deelnemers/"+id, "coach2", nil).want(http.StatusNotFound)
		e.do("PATCH", "/api/v1/deelnemers/"+id, "coach", map[string]any{"gedeeldMet": []string{coach2}}, "If-Match", p.Header.Get("ETag")).want(http.StatusOK)
		e.do("GET", "/api/v1/deelnemers/"+id, "coach2", nil).want(http.StatusOK)
	})
}
