package plekwijzer_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/iederz/plekwijzer"
)

func TestNewTimeline(t *testing.T) {
	t.Parallel()
	p := &plekwijzer.Participant{ID: "p", Code: "DN-1"}
	end := func(d plekwijzer.Date) *plekwijzer.Date { return &d }
	two := []plekwijzer.DayPart{"ma-ochtend", "di-ochtend"}
	entries := []plekwijzer.TimelineEntry{
		{PlacementID: "3", WorkTypeID: "fiets", StartDate: "2026-03-01", Status: plekwijzer.PlacementActive, DayParts: two},
		{PlacementID: "1", WorkTypeID: "inpak", StartDate: "2026-01-01", EndDate: end("2026-01-10"), Status: plekwijzer.PlacementDropout, DayParts: two},
		{PlacementID: "x", WorkTypeID: "tuin", StartDate: "2026-02-01", Status: plekwijzer.PlacementCancelled, DayParts: two},
		{PlacementID: "2", WorkTypeID: "inpak", StartDate: "2026-02-01", EndDate: end("2026-02-10"), Status: plekwijzer.PlacementCompleted, DayParts: two},
		{PlacementID: "4", WorkTypeID: "tuin", StartDate: "2026-04-01", Status: plekwijzer.PlacementProposed, DayParts: two},
	}
	tl := plekwijzer.NewTimeline(p, entries, "2026-03-20")
	var order []string
	var soFar []int
	for _, e := range tl.Placements {
		order = append(order, e.PlacementID)
		soFar = append(soFar, e.WorkTypesSoFar)
	}
	if got := fmt.Sprint(order); got != "[1 2 x 3 4]" {
		t.Errorf("order %s", got)
	}
	if got := fmt.Sprint(soFar); got != "[1 1 1 2 2]" {
		t.Errorf("werksoortenTotNu %s", got)
	}
	if !tl.Placements[0].NewWorkType || tl.Placements[1].NewWorkType || tl.Placements[2].NewWorkType || !tl.Placements[3].NewWorkType || tl.Placements[4].NewWorkType {
		t.Errorf("nieuweWerksoort %+v", tl.Placements)
	}
	// Packing 20 days, bikes 20 days (up to today): equal, so ln 2.
	if len(tl.WorkTypes) != 2 || tl.WorkTypes[0].Days != 20 || tl.WorkTypes[0].Placements != 2 || tl.WorkTypes[0].Latest != "2026-02-01" ||
		tl.WorkTypes[1].Days != 20 || tl.Shannon != math.Round(math.Log(2)*1e4)/1e4 {
		t.Errorf("work types %+v, shannon %v", tl.WorkTypes, tl.Shannon)
	}
	if empty := plekwijzer.NewTimeline(p, nil, "2026-03-20"); len(empty.Placements) != 0 || len(empty.WorkTypes) != 0 || empty.Shannon != 0 {
		t.Errorf("no placements: %+v", empty)
	}
}
