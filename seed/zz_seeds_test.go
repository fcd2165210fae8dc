package seed

import (
	"fmt"
	"testing"
)

func TestManySeedsTmp(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			p := mustPlan(t, seed)
			checkPlacementStory(t, p.today, p.placements, offerWorkTypes(p.offers))
			w := 0
			for _, x := range p.participants {
				if x.WaitingSince != nil {
					w++
				}
			}
			if w < 25 || w > 60 {
				t.Errorf("waiting %d", w)
			}
			if len(p.placements) < 200 {
				t.Errorf("placements %d", len(p.placements))
			}
		})
	}
}
