package store_test

import (
	"reflect"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// finish brings a proposed placement to status through legal transitions;
// a dropout gets reason.
func (e *env) finish(pl *plekwijzer.Placement, status plekwijzer.PlacementStatus, reason string) {
	e.t.Helper()
	steps := []plekwijzer.PlacementUpdate{{Status: ptr(plekwijzer.PlacementActive)}}
	switch status {
	case plekwijzer.PlacementCompleted:
		steps = append(steps, plekwijzer.PlacementUpdate{Status: &status, Outcome: &plekwijzer.Outcome{Result: "vervolgplek"}})
	case plekwijzer.PlacementDropout:
		steps = append(steps, plekwijzer.PlacementUpdate{Status: &status,
			Outcome: &plekwijzer.Outcome{Result: "geen", DropoutReason: reason, CausedBy: "deelnemer"}})
	case plekwijzer.PlacementCancelled:
		steps = []plekwijzer.PlacementUpdate{{Status: &status}}
	}
	for _, u := range steps {
		_, err := e.db.UpdatePlacement(e.ctx, pl.ID, u, 0)
		must(e.t, err)
	}
}

func TestDropoutCounts(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		got, err := db.DropoutCounts(e.ctx)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("an empty database has dropout counts %+v", got)
		}

		coach := e.coach()
		packing, garden := e.workType(), e.workType()
		places := plekwijzer.Capacity{"ma-ochtend": 10}
		atPacking := e.offer(withCapacity(places), func(o *plekwijzer.Offer) { o.WorkTypeID = packing.ID })
		atPacking2 := e.offer(withCapacity(places), func(o *plekwijzer.Offer) { o.WorkTypeID = packing.ID })
		atGarden := e.offer(withCapacity(places), func(o *plekwijzer.Offer) { o.WorkTypeID = garden.ID })
		group := func(g plekwijzer.TargetGroup) func(*plekwijzer.Participant) {
			return func(p *plekwijzer.Participant) { p.TargetGroup = g }
		}
		// Each placement its own participant and period, so none collide.
		place := func(offer *plekwijzer.Offer, g plekwijzer.TargetGroup, status plekwijzer.PlacementStatus, reason string) *plekwijzer.Participant {
			p := e.participant(coach.ID, group(g))
			e.finish(e.mustBook(p.ID, offer.ID, maOchtend, jan6, ptr(jan31)), status, reason)
			return p
		}
		const (
			status = plekwijzer.TargetGroup("statushouder")
			wmo    = plekwijzer.TargetGroup("dagbesteding-wmo")
		)
		place(atPacking, status, plekwijzer.PlacementDropout, "te-weinig-variatie")
		place(atPacking2, status, plekwijzer.PlacementDropout, "te-weinig-variatie")
		gone := place(atPacking, status, plekwijzer.PlacementDropout, "gezondheid")
		place(atPacking, status, plekwijzer.PlacementCompleted, "")
		place(atPacking, status, plekwijzer.PlacementCancelled, "") // never ran: not counted
		place(atPacking, wmo, plekwijzer.PlacementCompleted, "")
		place(atGarden, wmo, plekwijzer.PlacementDropout, "te-zwaar")
		place(atGarden, wmo, plekwijzer.PlacementCompleted, "")
		// Still running: not ended, not counted.
		e.mustBook(e.participant(coach.ID, group(wmo)).ID, atGarden.ID, maOchtend, jan6, nil)
		running := e.mustBook(e.participant(coach.ID, group(status)).ID, atPacking.ID, maOchtend, jan6, nil)
		e.finish(running, plekwijzer.PlacementActive, "")

		// The placements of a deleted participant keep counting.
		must(t, db.DeleteParticipant(e.ctx, gone.ID))

		got, err = db.DropoutCounts(e.ctx)
		must(t, err)
		want := map[[2]string]plekwijzer.DropoutCount{
			{packing.ID, string(status)}: {WorkTypeID: packing.ID, TargetGroup: status, Ended: 4, Dropouts: 3,
				Reasons: map[string]int{"te-weinig-variatie": 2, "gezondheid": 1}},
			{packing.ID, string(wmo)}: {WorkTypeID: packing.ID, TargetGroup: wmo, Ended: 1, Dropouts: 0, Reasons: map[string]int{}},
			{garden.ID, string(wmo)}: {WorkTypeID: garden.ID, TargetGroup: wmo, Ended: 2, Dropouts: 1,
				Reasons: map[string]int{"te-zwaar": 1}},
		}
		if len(got) != len(want) {
			t.Fatalf("%d counts %+v, want %d", len(got), got, len(want))
		}
		for i, c := range got {
			if i > 0 && (got[i-1].WorkTypeID > c.WorkTypeID ||
				got[i-1].WorkTypeID == c.WorkTypeID && got[i-1].TargetGroup >= c.TargetGroup) {
				t.Errorf("counts not ordered by work type and target group: %+v", got)
			}
			if w := want[[2]string{c.WorkTypeID, string(c.TargetGroup)}]; !reflect.DeepEqual(c, w) {
				t.Errorf("got %+v, want %+v", c, w)
			}
		}
	})
}
