package matching

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestBookingBreaches names every rule a booking breaks, with the same
// checks as ranking, and none for one that fits.
func TestBookingBreaches(t *testing.T) {
	heavy := doc("o1", wtGreen, func(d *plekwijzer.OfferDoc) {
		d.Offer.Supervision, d.Offer.PhysicalLoad, d.Offer.Access.Wheelchair = 1, plekwijzer.LoadHigh, false
	})
	pool := newPool([]*plekwijzer.OfferDoc{heavy, doc("o2", wtBike)}, Stats{})
	ps := pool.Prepare(person(func(p *plekwijzer.Participant) {
		p.Availability, p.Wheelchair = []plekwijzer.DayPart{"ma-ochtend"}, true
	}), nil)
	got, ok := pool.BookingBreaches(ps, "o1", []plekwijzer.DayPart{"ma-ochtend", "di-ochtend", "wo-middag"})
	if !ok || len(got) != 4 {
		t.Fatalf("breaches %+v, ok %v", got, ok)
	}
	var rules []string
	for _, b := range got {
		rules = append(rules, b.Rule)
	}
	if strings.Join(rules, " ") != "beschikbaarheid begeleiding fysieke-belasting rolstoel" || got[0].Reason != "De deelnemer is niet beschikbaar op di ochtend en wo middag." {
		t.Errorf("breaches %+v", got)
	}
	if got, _ := pool.BookingBreaches(ps, "o2", []plekwijzer.DayPart{"ma-ochtend"}); len(got) != 0 {
		t.Errorf("a fitting booking breaks %+v", got)
	}
	if _, ok := pool.BookingBreaches(ps, "nope", nil); ok {
		t.Error("an unknown offer was checked")
	}
}

// TestFittingCountsWhatMatchRanks: Fitting is the number of offers that
// pass every hard constraint, as Match counts them, in a random world.
func TestFittingCountsWhatMatchRanks(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 8))
	docs, people, hist := randomWorld(r, 300, 60)
	pool := newPool(docs, Stats{})
	some, excluded := 0, 0
	for _, p := range people {
		ps := pool.Prepare(p, hist[p.ID])
		res := pool.Match(ps, Options{Limit: 1})
		if n := pool.Fitting(ps); n != res.Diversity.Candidates || n != res.Considered-res.Excluded.Total() {
			t.Fatalf("%s: Fitting %d, Match passed %d of %d", p.Code, n, res.Diversity.Candidates, res.Considered)
		}
		if res.Diversity.Candidates > 0 {
			some++
		}
		excluded += res.Excluded.Total()
	}
	if some == 0 || excluded == 0 {
		t.Errorf("%d of %d people fit some offer, %d pairs excluded: the world tests nothing", some, len(people), excluded)
	}
}
