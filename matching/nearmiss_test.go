package matching

import (
	"math/rand/v2"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestNearMisses on constructed cases: an offer a few km too far, one with
// too little supervision, one full on the person's day-parts but free on
// another, one that breaks two rules, one that fits, one closed and one
// avoided. The near misses are the one-rule offers (the two-rule one
// joins as there are fewer than five), each with the size of the miss and
// what to do; safety rules are only a question to the werkplek; the
// relaxations count what one step opens.
func TestNearMisses(t *testing.T) {
	far := doc("far", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9301" }) // Roden, about 15 km
	thin := doc("thin", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.Supervision = 2 })
	full := doc("full", wtKitchen, func(d *plekwijzer.OfferDoc) {
		d.Free = plekwijzer.Capacity{"ma-ochtend": 0, "ma-middag": 3}
		d.Offer.Capacity = plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 3}
	})
	double := doc("double", wtGreen, func(d *plekwijzer.OfferDoc) { d.Offer.Supervision = 1; d.Offer.PhysicalLoad = plekwijzer.LoadHigh })
	fits := doc("fits", wtBike)
	closed := doc("closed", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.Status = plekwijzer.OfferClosed })
	avoided := doc("avoided", wtPack, func(d *plekwijzer.OfferDoc) { d.Offer.Supervision = 1 })
	pool := newPool([]*plekwijzer.OfferDoc{far, thin, full, double, fits, closed, avoided}, Stats{})
	p := person(func(p *plekwijzer.Participant) {
		p.MaxTravelKm, p.SupervisionNeed = 10, 3
		p.Availability = []plekwijzer.DayPart{"ma-ochtend"}
		p.Avoid = []string{wtPack.ID}
	})
	ps := pool.Prepare(p, nil)
	if n := pool.Fitting(ps); n != 1 {
		t.Fatalf("%d offers fit, want 1 (fits)", n)
	}
	near, relax := pool.NearMisses(ps, Options{})
	got := map[string][]Miss{}
	for _, n := range near {
		got[n.Offer.Offer.ID] = n.Misses
	}
	if len(near) != 4 || len(got["double"]) != 2 || near[3].Offer.Offer.ID != "double" {
		t.Fatalf("near misses %v, want far, thin, full (one rule) and then double (two)", got)
	}
	for id, want := range map[string]Exclusion{"far": TravelRange, "thin": Supervision, "full": NoFreeDayPart} {
		if ms := got[id]; len(ms) != 1 || ms[0].Rule != want {
			t.Errorf("%s: %+v, want only %s", id, ms, want.Name())
		}
	}
	if m := got["far"][0]; m.Action != ActionProfile || m.Limit == nil || *m.Limit != 10 || m.Value == nil || *m.Value <= 10 || *m.Value > 15 {
		t.Errorf("far: %+v", m)
	}
	if m := got["thin"][0]; m.Action != ActionAsk || *m.Value != 2 || *m.Limit != 3 || m.Text != "begeleiding niveau 2, nodig is 3" {
		t.Errorf("thin: %+v", m)
	}
	for _, m := range got["double"] {
		if m.Action != ActionAsk {
			t.Errorf("a safety rule offered as something else than a question: %+v", m)
		}
	}
	if m := got["full"][0]; m.Action != ActionWait || m.Text != "vol op ma ochtend" {
		t.Errorf("full: %+v", m)
	}
	want := map[Exclusion]Relaxation{
		NoFreeDayPart: {Rule: NoFreeDayPart, DayPart: "ma-middag", ExtraOffers: 1, ExtraPlaces: 3},
		TravelRange:   {Rule: TravelRange, ExtraOffers: 1, ExtraPlaces: 2},
		Supervision:   {Rule: Supervision, ExtraOffers: 1, ExtraPlaces: 2},
	}
	if len(relax) != 3 {
		t.Fatalf("relaxations %+v", relax)
	}
	for _, r := range relax {
		w := want[r.Rule]
		if r.DayPart != w.DayPart || r.ExtraOffers != w.ExtraOffers || r.ExtraPlaces != w.ExtraPlaces {
			t.Errorf("%s: %+v, want %+v", r.Rule.Name(), r, w)
		}
	}
}

// BenchmarkNearMisses: near misses and relaxations against a ranking of
// the same participants over the same 10 000 random offers (the ratio is
// the result; bench/matchbench measures both on realistic data).
//
//	go test -run '^$' -bench NearMisses ./matching/
func BenchmarkNearMisses(b *testing.B) {
	r := rand.New(rand.NewPCG(20, 20))
	docs, people, hist := randomWorld(r, 10000, 200)
	pool := newPool(docs, Stats{})
	ps := make([]*Person, len(people))
	for i, p := range people {
		ps[i] = pool.Prepare(p, hist[p.ID])
	}
	b.Run("match", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			pool.Match(ps[i%len(ps)], Options{})
		}
	})
	b.Run("nearmisses", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			pool.NearMisses(ps[i%len(ps)], Options{})
		}
	})
}
