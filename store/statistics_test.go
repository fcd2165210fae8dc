package store_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
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

func TestOccupancyFacts(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.pool(plekwijzer.Capacity{"ma-ochtend": 3}, plekwijzer.Capacity{"ma-ochtend": 1, "di-ochtend": 2})
		a, b := p.offers[0], p.offers[1]
		c := e.contingent(p, plekwijzer.Capacity{"ma-ochtend": 1})
		elsewhere := e.offer(func(o *plekwijzer.Offer) { o.OrganisationID = e.organisation().ID })

		done := e.mustBook(e.referred(p, p.gon), a.ID, maOchtend, jan6, ptr(jan31))
		e.finish(done, plekwijzer.PlacementCompleted, "")
		running := e.mustBook(e.referred(p, nil), a.ID, maOchtend, feb1, nil)
		e.finish(running, plekwijzer.PlacementActive, "")
		e.mustBook(e.referred(p, nil), b.ID, []plekwijzer.DayPart{"di-ochtend"}, feb1, ptr(feb28)) // proposed
		cancelled := e.mustBook(e.referred(p, nil), a.ID, maOchtend, feb1, nil)
		e.finish(cancelled, plekwijzer.PlacementCancelled, "")
		db.SetProposalHold(1) // expires at once: holds nothing
		e.mustBook(e.referred(p, nil), a.ID, maOchtend, feb1, nil)
		e.mustBook(e.referred(p, nil), elsewhere.ID, maOchtend, "2024-06-03", ptr(plekwijzer.Date("2024-06-30"))) // before the weeks

		facts, err := db.OccupancyFacts(e.ctx, plekwijzer.OccupancyFilter{From: jan6, To: mar1})
		must(t, err)
		if len(facts.Offers) != 3 {
			t.Errorf("%d offers, want 3", len(facts.Offers))
		}
		var got []string
		for _, bk := range facts.Bookings {
			got = append(got, fmt.Sprintf("%s %s %s %v %v", map[string]string{a.ID: "a", b.ID: "b"}[bk.OfferID], bk.DayPart, bk.Start, bk.Proposed, bk.ReferrerID == p.gon.ID))
		}
		slices.Sort(got)
		want := []string{
			"a ma-ochtend 2025-01-06 false true",
			"a ma-ochtend 2025-02-01 false false",
			"b di-ochtend 2025-02-01 true false",
		}
		if !slices.Equal(got, want) {
			t.Errorf("bookings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(facts.Contingents) != 1 || facts.Contingents[0].ID != c.ID || facts.PoolCapacity[c.ID]["ma-ochtend"] != 4 {
			t.Errorf("contingents %+v, pool %v", facts.Contingents, facts.PoolCapacity)
		}

		// One organisation's offers; the pool's bookings come along for the
		// contingent.
		facts, err = db.OccupancyFacts(e.ctx, plekwijzer.OccupancyFilter{From: jan6, To: mar1, OfferID: b.ID})
		must(t, err)
		if len(facts.Offers) != 1 || facts.Offers[0].ID != b.ID || len(facts.Bookings) != 3 || len(facts.Contingents) != 1 {
			t.Errorf("one offer: %d offers, %d bookings, %d contingents", len(facts.Offers), len(facts.Bookings), len(facts.Contingents))
		}
		facts, err = db.OccupancyFacts(e.ctx, plekwijzer.OccupancyFilter{From: jan6, To: mar1, OrganisationID: elsewhere.OrganisationID})
		must(t, err)
		if len(facts.Offers) != 1 || len(facts.Bookings) != 0 || len(facts.Contingents) != 0 {
			t.Errorf("another organisation: %+v", facts)
		}
	})
}

func TestVarietyFacts(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		packing := e.workType(func(w *plekwijzer.WorkType) { w.Code = plekwijzer.PackingWorkTypeCode })
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 2}), func(o *plekwijzer.Offer) { o.WorkTypeID = packing.ID })
		closed := e.offer()
		coach := e.coach()
		pl := e.mustBook(e.participant(coach.ID).ID, o.ID, []plekwijzer.DayPart{"ma-ochtend", "ma-middag"}, jan6, ptr(jan31))
		e.finish(pl, plekwijzer.PlacementDropout, "te-weinig-variatie")
		e.mustBook(e.participant(coach.ID).ID, o.ID, maOchtend, feb1, nil) // proposed: not work done
		old := e.mustBook(e.participant(coach.ID).ID, closed.ID, maOchtend, "2024-03-04", ptr(plekwijzer.Date("2024-12-31")))
		e.finish(old, plekwijzer.PlacementCompleted, "")
		_, err := db.UpdateOffer(e.ctx, closed.ID, plekwijzer.OfferUpdate{Status: ptr(plekwijzer.OfferClosed)}, 0)
		must(t, err)

		facts, err := db.VarietyFacts(e.ctx, "2025-01-01", "2025-12-31")
		must(t, err)
		if facts.PackingWorkTypeID != packing.ID {
			t.Errorf("packing work type %q, want %q", facts.PackingWorkTypeID, packing.ID)
		}
		if len(facts.Work) != 1 || facts.Work[0] != (plekwijzer.WorkSpan{WorkTypeID: packing.ID, Start: jan6, End: jan31, DayParts: 2}) {
			t.Errorf("work %+v", facts.Work)
		}
		spans := map[string]plekwijzer.OfferSpan{}
		for _, s := range facts.Offers {
			spans[s.WorkTypeID] = s
		}
		today := plekwijzer.Today()
		if s := spans[packing.ID]; s.From != jan6 || s.Until != "" {
			t.Errorf("open offer on offer %+v: from its first placement, still open", s)
		}
		if s := spans[closed.WorkTypeID]; s.From != "2024-03-04" || s.Until != today {
			t.Errorf("closed offer on offer %+v: until its last change (%s)", s, today)
		}
	})
}
