package api_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestPartnerCannotProbeOtherOffers: to a partner, another organisation's
// offer — open, paused or closed — answers exactly like an id that names
// nothing (404, the same problem apart from its instance) on every
// operation with an offer id, and stays as it was. A paused or closed
// offer is not in the widget, so a 403 would tell that it exists.
func TestPartnerCannotProbeOtherOffers(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		paused := e.roleCreate("/werkplekken", "partner2", roleOfferBody("", "Gepauzeerd elders", "inpakken", "9723"))
		e.do("PATCH", "/api/v1/werkplekken/"+paused, "partner2", map[string]any{"status": "gepauzeerd"}).want(http.StatusOK)
		unknown := plekwijzer.NewID()
		for _, id := range []string{f.offerB, paused} {
			before := e.roleSnapshot("/werkplekken/" + id)
			for _, op := range []struct {
				method string
				body   any
			}{{"GET", nil}, {"PATCH", map[string]any{"titel": "Overgenomen"}}, {"DELETE", nil}} {
				got := e.do(op.method, "/api/v1/werkplekken/"+id, "partner", op.body).want(http.StatusNotFound).obj()
				want := e.do(op.method, "/api/v1/werkplekken/"+unknown, "partner", op.body).want(http.StatusNotFound).obj()
				delete(got, "instance")
				delete(want, "instance")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s of another organisation's offer: %v, of an unknown id: %v", op.method, got, want)
				}
			}
			e.roleUnchanged("/werkplekken/"+id, before, "partner probed it")
		}
		// Its own organisation's offers it still sees and changes.
		e.do("GET", "/api/v1/werkplekken/"+f.offerA, "partner", nil).want(http.StatusOK)
	})
}
