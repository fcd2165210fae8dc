package store_test

import (
	"sync"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func newBatch(t *testing.T, items ...[3]string) []*plekwijzer.Placement {
	t.Helper()
	var out []*plekwijzer.Placement
	for _, it := range items {
		participant, offer, dp := it[0], it[1], plekwijzer.DayPart(it[2])
		parts, start := []plekwijzer.DayPart{dp}, plekwijzer.Date("2026-12-07")
		pl, err := plekwijzer.NewPlacement{ParticipantID: &participant, OfferID: &offer, DayParts: &parts, StartDate: &start}.Placement()
		must(t, err)
		out = append(out, pl)
	}
	return out
}

// A batch books all its placements or none.
func TestCreatePlacementsAllOrNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		a := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 2}))
		b := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1}))
		p1, p2, p3, p4 := e.participant(coach.ID), e.participant(coach.ID), e.participant(coach.ID), e.participant(coach.ID)

		ok := newBatch(t, [3]string{p1.ID, a.ID, "ma-ochtend"}, [3]string{p2.ID, b.ID, "ma-ochtend"})
		must(t, db.CreatePlacements(e.ctx, ok))
		if ok[0].ID == "" || ok[1].ParticipantCode != p2.Code {
			t.Fatalf("booked: %+v", ok)
		}
		e.unchanged(func() {
			// The third would take b's only place, which p2 has.
			full := newBatch(t, [3]string{p3.ID, a.ID, "ma-ochtend"}, [3]string{p4.ID, b.ID, "ma-ochtend"})
			err := db.CreatePlacements(e.ctx, full)
			wantCode(t, err, plekwijzer.EConflict)
			if d := details(err); d["plaatsing"] != 1 {
				t.Fatalf("the conflict should name the second placement: %v", d)
			}
			bad := newBatch(t, [3]string{p3.ID, a.ID, "ma-ochtend"}, [3]string{plekwijzer.NewID(), a.ID, "ma-ochtend"})
			err = db.CreatePlacements(e.ctx, bad)
			wantFields(t, err, plekwijzer.EInvalid, "plaatsingen[1].deelnemerId")
		})
	})
}

// Concurrent batches for the last places: each books whole or not at all,
// and no day-part is ever over capacity.
func TestCreatePlacementsConcurrently(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		a := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 3}))
		b := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 3}))
		const batches = 12
		var wg sync.WaitGroup
		results := make([]error, batches)
		for i := range batches {
			p, q := e.participant(coach.ID), e.participant(coach.ID)
			// Half the batches take a then b, half b then a.
			first, second := a.ID, b.ID
			if i%2 == 1 {
				first, second = b.ID, a.ID
			}
			batch := newBatch(t, [3]string{p.ID, first, "ma-ochtend"}, [3]string{q.ID, second, "ma-ochtend"})
			wg.Add(1)
			go func() { defer wg.Done(); results[i] = db.CreatePlacements(e.ctx, batch) }()
		}
		wg.Wait()
		booked := 0
		for _, err := range results {
			switch plekwijzer.ErrorCode(err) {
			case "":
				booked++
			case plekwijzer.EConflict:
			default:
				t.Fatalf("batch failed: %v", err)
			}
		}
		if booked != 3 {
			t.Fatalf("%d batches booked, want exactly 3 (3 places at each offer)", booked)
		}
		for _, o := range []string{a.ID, b.ID} {
			_, n, err := db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{OfferID: o, Page: pageOf(1, 100)})
			must(t, err)
			if n != 3 {
				t.Fatalf("offer %s holds %d placements, want 3", o, n)
			}
		}
	})
}
