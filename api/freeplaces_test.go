package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestFreePlacesThroughTheAPI reads the free places of an offer from a
// start date on: a full day-part says from when a place comes free, the
// weeks say what each week has free, and bad input names every field.
func TestFreePlacesThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		b := roleOfferBody(e.orgA.ID, "Werkplaats", "fietsenreparatie", "9713")
		b["capaciteit"] = map[string]int{"ma-ochtend": 2, "di-ochtend": 1}
		offer := e.roleCreate("/werkplekken", "admin", b)
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(e.capacityParticipant("DN-OPEN", ""), offer, "ma-ochtend"))
		until := rolePlacementBody(e.capacityParticipant("DN-TOT", ""), offer, "ma-ochtend")
		until["einddatum"] = "2026-04-30"
		e.roleCreate("/plaatsingen", "coach", until)

		var got plekwijzer.FreePlaces
		e.do("GET", "/api/v1/werkplekken/"+offer+"/vrij?vanaf=2026-03-04&weken=10", "coach", nil).want(http.StatusOK).json(&got)
		if got.From != "2026-03-04" || len(got.DayParts) != 2 {
			t.Fatalf("free places %+v", got)
		}
		ma, di := got.DayParts[0], got.DayParts[1]
		if ma.DayPart != "ma-ochtend" || ma.Places != 2 || ma.Free != 0 || ma.FreeFrom == nil || *ma.FreeFrom != "2026-05-01" {
			t.Errorf("ma-ochtend %+v (vrij vanaf %v)", ma, ma.FreeFrom)
		}
		if di.DayPart != "di-ochtend" || di.Places != 1 || di.Free != 1 || di.FreeFrom != nil {
			t.Errorf("di-ochtend %+v", di)
		}
		if len(got.Weeks) != 10 || got.Weeks[0].Monday != "2026-03-02" || got.Weeks[0].Week != "2026-W10" {
			t.Fatalf("weeks %+v", got.Weeks)
		}
		// The week of 27 April still has both places taken; the next has one free.
		if w := got.Weeks[8]; w.Monday != "2026-04-27" || w.Free["ma-ochtend"] != 0 || w.Free["di-ochtend"] != 1 {
			t.Errorf("week 8 %+v", w)
		}
		if w := got.Weeks[9]; w.Monday != "2026-05-04" || w.Free["ma-ochtend"] != 1 {
			t.Errorf("week 9 %+v", w)
		}
		e.do("GET", "/api/v1/werkplekken/"+offer+"/vrij?vanaf=2026-05-01&weken=0", "coach", nil).want(http.StatusOK).json(&got)
		if got.DayParts[0].Free != 1 || got.DayParts[0].FreeFrom != nil || len(got.Weeks) != 0 {
			t.Errorf("from 1 May: %+v", got)
		}

		// Every place booked without an end: full, with no day it frees.
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(e.capacityParticipant("DN-DI", ""), offer, "di-ochtend"))
		e.do("GET", "/api/v1/werkplekken/"+offer+"/vrij?vanaf=2026-06-01", "partner", nil).want(http.StatusOK).json(&got)
		if d := got.DayParts[1]; d.Free != 0 || d.FreeFrom != nil || len(got.Weeks) != 8 {
			t.Errorf("di-ochtend full for good: %+v, %d weeks", d, len(got.Weeks))
		}

		bad := e.do("GET", "/api/v1/werkplekken/"+offer+"/vrij?vanaf=morgen&weken=99", "coach", nil).want(http.StatusBadRequest).invalidParams()
		if fmt.Sprint(bad) != "[vanaf weken]" {
			t.Errorf("invalidParams %v", bad)
		}
		e.do("GET", "/api/v1/werkplekken/"+offer+"/vrij", "partner2", nil).want(http.StatusNotFound) // another organisation's offer, as GET /werkplekken/{id}
		e.do("GET", "/api/v1/werkplekken/"+roleUnknownID+"/vrij", "coach", nil).want(http.StatusNotFound)
	})
}
