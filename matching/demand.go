package matching

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
)

// Demand-gap defaults: a work type counts as one a person fits well when it
// is among their best three and scores at least 0.5.
const (
	DemandTop      = 3
	DemandMinScore = 0.5
)

// DemandItem is the demand gap of one work type: how many people fit it
// well, how many of them have a fitting free place, and the day-parts where
// demand exceeds the free places.
type DemandItem struct {
	WorkType *plekwijzer.WorkType
	// Participants fit this work type well (it is among their best).
	Participants int
	// Placeable of them have at least one offer of this work type that
	// passes every hard constraint today.
	Placeable int
	// Shortage is Participants − Placeable: people for whom the work
	// type fits but no place is there.
	Shortage int
	// OpenOffers is the number of open offers of this work type.
	OpenOffers int
	// Demand counts, per day-part, the people who fit and are available
	// then; Free the free places of open offers; Short the difference
	// where demand is larger.
	Demand, Free, Short plekwijzer.Capacity
}

// DemandGap ranks the work types by how many people fit them but find no
// place: where iederz should look for partners next. Counts only, never
// who.
func (p *Pool) DemandGap(people []*Person) []DemandItem {
	t := p.NewDemandTally()
	t.Add(people)
	return t.Items()
}

// DemandTally counts the demand gap a part of the people at a time, so that
// a whole population need not be in memory at once: adding the people in
// parts gives the same items as DemandGap over all of them.
type DemandTally struct {
	p     *Pool
	byWT  [][]int // open offers per work type
	items []DemandItem
	best  []rankedWorkType
	n     int
}

type rankedWorkType struct {
	wt    int32
	score float64
}

// NewDemandTally starts a tally with the free places of the pool's open
// offers and no people yet.
func (p *Pool) NewDemandTally() *DemandTally {
	t := &DemandTally{p: p, byWT: make([][]int, len(p.workTypes)), items: make([]DemandItem, len(p.workTypes)),
		best: make([]rankedWorkType, 0, len(p.workTypes))}
	for i, wt := range p.workTypes {
		t.items[i] = DemandItem{WorkType: wt, Demand: zeroDayParts(), Free: zeroDayParts(), Short: zeroDayParts()}
	}
	for i := range p.offers {
		o := &p.offers[i]
		if o.workType < 0 || o.doc.Offer.Status != plekwijzer.OfferOpen {
			continue
		}
		t.byWT[o.workType] = append(t.byWT[o.workType], i)
		t.items[o.workType].OpenOffers++
		for d, n := range o.doc.Free {
			t.items[o.workType].Free[d] += n
		}
	}
	return t
}

// People is how many people were added.
func (t *DemandTally) People() int { return t.n }

// Add counts people: each adds to the work types among their best
// DemandTop that score at least DemandMinScore.
func (t *DemandTally) Add(people []*Person) {
	p, w := t.p, t.p.weights
	t.n += len(people)
	for _, ps := range people {
		best := t.best[:0]
		for i := range p.workTypes {
			wt := int32(i)
			if contains32(ps.avoids, wt) {
				continue
			}
			if _, s := p.workTypeScore(ps, wt, w); s >= DemandMinScore {
				best = append(best, rankedWorkType{wt, s})
			}
		}
		slices.SortFunc(best, func(a, b rankedWorkType) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.wt, b.wt)
		})
		for _, r := range best[:min(DemandTop, len(best))] {
			it := &t.items[r.wt]
			it.Participants++
			for _, d := range dayPartsOf(ps.avail) {
				it.Demand[d]++
			}
			for _, i := range t.byWT[r.wt] {
				if p.evaluate(ps, i, w).excluded == numExclusions {
					it.Placeable++
					break
				}
			}
		}
		t.best = best
	}
}

// Items is the demand gap of the people added so far, the largest
// shortage first. The tally can go on counting afterwards.
func (t *DemandTally) Items() []DemandItem {
	items := make([]DemandItem, len(t.items))
	for i, it := range t.items {
		it.Demand, it.Free, it.Short = maps.Clone(it.Demand), maps.Clone(it.Free), zeroDayParts()
		it.Shortage = it.Participants - it.Placeable
		for _, d := range plekwijzer.DayParts {
			it.Short[d] = max(0, it.Demand[d]-it.Free[d])
		}
		items[i] = it
	}
	slices.SortStableFunc(items, func(a, b DemandItem) int {
		if c := cmp.Compare(b.Shortage, a.Shortage); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Participants, a.Participants); c != 0 {
			return c
		}
		return strings.Compare(a.WorkType.Code, b.WorkType.Code)
	})
	return items
}

func zeroDayParts() plekwijzer.Capacity {
	m := make(plekwijzer.Capacity, len(plekwijzer.DayParts))
	for _, d := range plekwijzer.DayParts {
		m[d] = 0
	}
	return m
}
