package dataset

import (
	"testing"

	"github.com/iederz/plekwijzer"
)

func TestGenerateIsDeterministicAndRealistic(t *testing.T) {
	a, err := Generate(400, 2000, 7)
	must(t, err)
	b, err := Generate(400, 2000, 7)
	must(t, err)
	if a.Matchable() != 2000 || len(a.Participants) != len(b.Participants) || len(a.Placements) != len(b.Placements) {
		t.Fatalf("%d matchable of %d participants, %d and %d placements from one seed", a.Matchable(), len(a.Participants), len(a.Placements), len(b.Placements))
	}
	for i := range a.Participants {
		x, y := a.Participants[i], b.Participants[i]
		if x.ID != y.ID || x.PC4 != y.PC4 || len(x.Skills) != len(y.Skills) || x.Waiting != y.Waiting {
			t.Fatalf("participant %d differs between runs: %+v / %+v", i, x, y)
		}
	}

	groups, phases := map[string]int{}, map[string]int{}
	for _, p := range a.Participants {
		groups[p.Group]++
		phases[p.Phase]++
		if len(p.Avail) < 2 || p.MaxKm < 5 || p.MaxKm > 30 || len(p.Goals) == 0 || len(p.Skills) == 0 {
			t.Fatalf("participant not complete: %+v", p)
		}
	}
	if len(groups) != len(plekwijzer.TargetGroups) || len(phases) != len(plekwijzer.Phases) {
		t.Errorf("%d target groups and %d phases present", len(groups), len(phases))
	}
	statuses := map[plekwijzer.PlacementStatus]int{}
	held := map[string][10]int{}
	for _, pl := range a.Placements {
		statuses[pl.Status]++
		if pl.Status == plekwijzer.PlacementActive {
			h := held[pl.OfferID]
			for _, dp := range pl.DayParts {
				h[dp]++
			}
			held[pl.OfferID] = h
		}
		if pl.End != "" && pl.End < pl.Start || len(pl.DayParts) == 0 {
			t.Fatalf("placement out of shape: %+v", pl)
		}
	}
	for _, s := range []plekwijzer.PlacementStatus{plekwijzer.PlacementActive, plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout, plekwijzer.PlacementCancelled} {
		if statuses[s] == 0 {
			t.Errorf("no placement %s", s)
		}
	}
	// Active placements never take more places than an offer has.
	for _, o := range a.Offers {
		for dp, n := range held[o.ID] {
			if n > o.Places[dp] {
				t.Fatalf("offer %s: %d placements hold %d places on %s", o.ID, n, o.Places[dp], plekwijzer.DayParts[dp])
			}
		}
	}
	if h := a.HeldShare(); h < 0.05 || h > 0.8 {
		t.Errorf("%.0f%% of the open places held", 100*h)
	}
}

func TestBusiestCoachAndLists(t *testing.T) {
	d, err := Generate(100, 800, 3)
	must(t, err)
	id, n := d.BusiestCoach()
	if id == "" || n < 800/len(d.Coaches) {
		t.Errorf("busiest coach %q with %d of %d matchable participants over %d coaches", id, n, d.Matchable(), len(d.Coaches))
	}
	if len(d.MatchableIDs()) != 800 || len(d.OpenOfferIDs()) != d.OpenOffers() || len(d.WaitingIDs()) == 0 {
		t.Errorf("%d matchable, %d open of %d, %d waiting", len(d.MatchableIDs()), len(d.OpenOfferIDs()), d.OpenOffers(), len(d.WaitingIDs()))
	}
	for _, o := range d.Offers {
		if o.Description == "" || o.Title == "" {
			t.Fatalf("offer without text: %+v", o)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
