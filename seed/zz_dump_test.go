package seed

import (
	"fmt"
	"testing"

	"github.com/iederz/plekwijzer"
)

func TestDump(t *testing.T) {
	p, err := newPlan(DemoOptions{Seed: 1, Today: "2026-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("orgs", len(p.organisations), "users", len(p.users), "offers", len(p.offers), "participants", len(p.participants), "placements", len(p.placements))
	for _, d := range plekwijzer.DayParts {
		n, g := 0, 0
		for _, o := range p.offers {
			if o.DevelopmentPlace {
				n += o.Capacity[d]
			}
			if isGON(o) {
				g += o.Capacity[d]
			}
		}
		fmt.Println(d, n, g)
	}
	st := map[plekwijzer.PlacementStatus]int{}
	reasons := map[string]int{}
	for _, pl := range p.placements {
		st[pl.Status]++
		if pl.Outcome != nil && pl.Outcome.DropoutReason != "" {
			reasons[pl.Outcome.DropoutReason]++
		}
	}
	fmt.Println(st, reasons)
	phases := map[plekwijzer.Phase]int{}
	waiting := 0
	for _, x := range p.participants {
		phases[x.Phase]++
		if x.WaitingSince != nil {
			waiting++
		}
	}
	fmt.Println(phases, "waiting", waiting)
	wt := map[string]string{}
	for _, o := range p.offers {
		wt[o.ID] = o.WorkTypeID
	}
	old, oldPack, recent, recentPack, tw, twPack := 0, 0, 0, 0, 0, 0
	kinds := map[string]bool{}
	for _, pl := range p.placements {
		pack := wt[pl.OfferID] == WorkTypeID("inpakken") || wt[pl.OfferID] == WorkTypeID("assemblage")
		kinds[wt[pl.OfferID]] = true
		if pl.Start < p.today.AddDays(-365) {
			old++
			if pack {
				oldPack++
			}
		} else {
			recent++
			if pack {
				recentPack++
			}
		}
		if pl.Outcome != nil && pl.Outcome.DropoutReason == "te-weinig-variatie" {
			tw++
			if pack {
				twPack++
			}
		}
	}
	fmt.Println("old", old, oldPack, "recent", recent, recentPack, "tw", tw, twPack, "worktypes used", len(kinds))
}
