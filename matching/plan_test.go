package matching

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
)

// planWorld is a random planning instance: offers with free and reserved
// places on the first days of the week, and people who want some of them.
type planWorld struct {
	pool   *Pool
	docs   []*plekwijzer.OfferDoc
	people []PlanPerson
	k      int
}

var referrers = []string{"ref-gon-a", "ref-gon-b", "ref-other"}

// randomPlanWorld makes offers × people with day-parts drawn from the first
// days day-parts of the week; reserved places for the GON referrers on
// some offers.
func randomPlanWorld(r *rand.Rand, offers, people, days, maxFree int) planWorld {
	dayParts := plekwijzer.DayParts[:days]
	wts := []*plekwijzer.WorkType{wtBike, wtGreen, wtPack, wtKitchen}
	skillIDs := []string{"s-repair", "s-tools", "s-plants", "s-pack", "s-hygiene", "s-customers"}
	w := planWorld{k: 1 + r.IntN(4)}
	for i := range offers {
		d := doc(fmt.Sprintf("o%02d", i), wts[r.IntN(len(wts))], func(d *plekwijzer.OfferDoc) {
			d.Offer.OrganisationID = fmt.Sprintf("org%d", r.IntN(3))
			d.Offer.RequiredSkills = pickN(r, skillIDs, 2)
			d.Offer.LearnableSkills = pickN(r, skillIDs, 3)
			d.Offer.Postcode = postcodes[r.IntN(3)]
			d.Free = plekwijzer.Capacity{}
			for _, dp := range dayParts {
				if n := r.IntN(maxFree + 1); n > 0 && r.IntN(3) > 0 {
					d.Free[dp] = n
				}
			}
			// Reserved places: one or two contingents over this offer.
			for c := range r.IntN(3) {
				if r.IntN(2) == 0 {
					continue
				}
				res := plekwijzer.ReservedFree{ContingentID: fmt.Sprintf("c%d", c), ReferrerIDs: referrers[c : c+1+r.IntN(2)], Free: plekwijzer.Capacity{}}
				for _, dp := range dayParts {
					if r.IntN(2) == 0 {
						res.Free[dp] = 1 + r.IntN(maxFree)
					}
				}
				d.Reserved = append(d.Reserved, res)
			}
		})
		w.docs = append(w.docs, d)
	}
	w.pool = newPool(w.docs, Stats{})
	for i := range people {
		pt := person(func(p *plekwijzer.Participant) {
			p.ID, p.Code = fmt.Sprintf("p%02d", i), fmt.Sprintf("DN-%04d", i)
			p.Availability = nil
			for _, dp := range dayParts {
				if r.IntN(3) > 0 {
					p.Availability = append(p.Availability, dp)
				}
			}
			for _, s := range pickN(r, skillIDs, 3) {
				p.Skills = append(p.Skills, plekwijzer.SkillLevel{SkillID: s, Level: 1 + r.IntN(3)})
			}
			p.Interests = pickN(r, []string{wtBike.ID, wtGreen.ID, wtPack.ID, wtKitchen.ID}, 2)
			p.LearningGoals = pickN(r, skillIDs, 2)
			if r.IntN(10) == 0 {
				p.SupervisionNeed = 4 // more than any offer gives: nothing fits
			}
			if x := r.IntN(len(referrers) + 1); x < len(referrers) {
				p.ReferrerID = &referrers[x]
			}
		})
		w.people = append(w.people, PlanPerson{Person: w.pool.Prepare(pt, nil), DayParts: r.IntN(days + 1)})
	}
	return w
}

func pickN(r *rand.Rand, from []string, k int) []string {
	out := []string{}
	for _, i := range r.Perm(len(from))[:r.IntN(k+1)] {
		out = append(out, from[i])
	}
	return out
}

func (w planWorld) plan(t *testing.T, oneOffer bool) *Plan {
	t.Helper()
	// No time limit on the branch and bound: a loaded machine must not
	// turn a proof into a bound.
	plan, err := w.pool.Plan(context.Background(), PlanInput{People: w.people, Candidates: w.k, DayParts: 2, OneOffer: oneOffer, SearchTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// checkPlan checks every rule of the model on a plan, independently of
// how it was made: candidates and day-parts from Match, availability,
// one place per day-part, the wanted number, capacities and reservations,
// the totals, and the proof.
func checkPlan(t *testing.T, w planWorld, plan *Plan, oneOffer bool) {
	t.Helper()
	zero := 0.0
	used := map[string]map[plekwijzer.DayPart]int{} // offer → day-part → places
	usedBy := map[string]map[plekwijzer.DayPart][]*Person{}
	var total int64
	perPerson := map[*Person][]Assignment{}
	for _, a := range plan.Assignments {
		perPerson[a.Person] = append(perPerson[a.Person], a)
	}
	for _, pp := range w.people {
		as := perPerson[pp.Person]
		want := pp.DayParts
		if want == 0 {
			want = 2
		}
		want = min(want, len(pp.P.Availability))
		res := w.pool.Match(pp.Person, Options{Limit: w.k, Diversity: &zero})
		days := map[plekwijzer.DayPart]bool{}
		n := 0
		for _, a := range as {
			i := slices.IndexFunc(res.Items, func(m Match) bool { return m.Offer == a.Offer })
			if i < 0 {
				t.Fatalf("%s placed at %s, not in their top %d", pp.P.ID, a.Offer.Offer.ID, w.k)
			}
			m := res.Items[i]
			if a.Score != m.Score || a.Rank != i+1 {
				t.Errorf("%s at %s: score %v rank %d, Match says %v rank %d", pp.P.ID, a.Offer.Offer.ID, a.Score, a.Rank, m.Score, i+1)
			}
			if a.Points != int64(len(a.DayParts))*int64(math.Round(m.Score*1000)) {
				t.Errorf("%s: %d points for %d day-parts at score %v", pp.P.ID, a.Points, len(a.DayParts), m.Score)
			}
			total += a.Points
			for _, d := range a.DayParts {
				if !slices.Contains(m.DayParts, d) {
					t.Fatalf("%s at %s on %s: not a usable day-part %v", pp.P.ID, a.Offer.Offer.ID, d, m.DayParts)
				}
				if days[d] {
					t.Fatalf("%s has two places on %s", pp.P.ID, d)
				}
				days[d] = true
				n++
				id := a.Offer.Offer.ID
				if used[id] == nil {
					used[id], usedBy[id] = map[plekwijzer.DayPart]int{}, map[plekwijzer.DayPart][]*Person{}
				}
				used[id][d]++
				usedBy[id][d] = append(usedBy[id][d], pp.Person)
			}
		}
		if n > want {
			t.Fatalf("%s got %d day-parts, wants %d", pp.P.ID, n, want)
		}
		if oneOffer && len(as) > 1 {
			t.Fatalf("%s is at %d offers with OneOffer", pp.P.ID, len(as))
		}
	}
	// Capacity: the people at an offer on a day-part fit in the places
	// for everyone plus the reserved places they may use.
	for _, d := range w.docs {
		for dp, people := range usedBy[d.Offer.ID] {
			if !fits(d, dp, people) {
				t.Fatalf("%s on %s: %d people do not fit %d free and reserved %v", d.Offer.ID, dp, len(people), d.Free[dp], d.Reserved)
			}
		}
	}
	if total != plan.Total {
		t.Errorf("assignments add up to %d, plan says %d", total, plan.Total)
	}
	if !plan.Proof.Verified || (plan.Proof.Optimal && plan.Proof.Bound != plan.Total) {
		t.Errorf("proof %+v for total %d", plan.Proof, plan.Total)
	}
	if plan.Baseline.Total > plan.Total && plan.Proof.Optimal {
		t.Errorf("first come %d beats the optimum %d", plan.Baseline.Total, plan.Total)
	}
	if got := len(plan.Unassigned) + plan.Placed; got != len(w.people) {
		t.Errorf("%d placed + %d unassigned ≠ %d people", plan.Placed, len(plan.Unassigned), len(w.people))
	}
}

// fits reports whether people fit on day-part dp of d: a bipartite
// matching of people to places (reserved places only for their referrers).
func fits(d *plekwijzer.OfferDoc, dp plekwijzer.DayPart, people []*Person) bool {
	type place struct{ refs []string } // nil: for everyone
	var places []place
	for range d.Free[dp] {
		places = append(places, place{})
	}
	for _, r := range d.Reserved {
		for range r.Free[dp] {
			places = append(places, place{r.ReferrerIDs})
		}
	}
	match := make([]int, len(places))
	for i := range match {
		match[i] = -1
	}
	may := func(p *Person, pl place) bool {
		return pl.refs == nil || p.P.ReferrerID != nil && slices.Contains(pl.refs, *p.P.ReferrerID)
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j, pl := range places {
			if seen[j] || !may(people[i], pl) {
				continue
			}
			seen[j] = true
			if match[j] < 0 || try(match[j], seen) {
				match[j] = i
				return true
			}
		}
		return false
	}
	for i := range people {
		if !try(i, make([]bool, len(places))) {
			return false
		}
	}
	return true
}

// bruteForce is the best total by trying every assignment: for each
// person and each of their day-parts, nothing or one of their top-K
// offers that has it usable; pruned by a simple bound.
func bruteForce(w planWorld, oneOffer bool) int64 {
	zero := 0.0
	type option struct {
		offer  *plekwijzer.OfferDoc
		points int64
		days   []plekwijzer.DayPart
	}
	type pers struct {
		ps   *Person
		want int
		opts []option
		best int64
	}
	var ps []pers
	for _, pp := range w.people {
		want := pp.DayParts
		if want == 0 {
			want = 2
		}
		x := pers{ps: pp.Person, want: min(want, len(pp.P.Availability))}
		for _, m := range w.pool.Match(pp.Person, Options{Limit: w.k, Diversity: &zero}).Items {
			x.opts = append(x.opts, option{m.Offer, int64(math.Round(m.Score * 1000)), m.DayParts})
			x.best = max(x.best, int64(math.Round(m.Score*1000)))
		}
		x.best *= int64(x.want)
		ps = append(ps, x)
	}
	rest := make([]int64, len(ps)+1)
	for i := len(ps) - 1; i >= 0; i-- {
		rest[i] = rest[i+1] + ps[i].best
	}
	usedBy := map[string][]*Person{} // offer/day-part → people
	key := func(o *plekwijzer.OfferDoc, d plekwijzer.DayPart) string { return o.Offer.ID + "/" + string(d) }
	var best int64
	var person func(i int, total int64)
	// day tries person i's day-parts from index j on, with n taken and
	// (oneOffer) fixed offer.
	var day func(i, j, n int, fixed *plekwijzer.OfferDoc, total int64)
	person = func(i int, total int64) {
		if total+rest[i] <= best {
			return
		}
		if i == len(ps) {
			best = total
			return
		}
		day(i, 0, 0, nil, total)
	}
	day = func(i, j, n int, fixed *plekwijzer.OfferDoc, total int64) {
		x := ps[i]
		if j == len(plekwijzer.DayParts) || n == x.want {
			person(i+1, total)
			return
		}
		d := plekwijzer.DayParts[j]
		for _, o := range x.opts {
			if !slices.Contains(o.days, d) || (oneOffer && fixed != nil && fixed != o.offer) {
				continue
			}
			k := key(o.offer, d)
			usedBy[k] = append(usedBy[k], x.ps)
			if fits(o.offer, d, usedBy[k]) {
				day(i, j+1, n+1, o.offer, total+o.points)
			}
			usedBy[k] = usedBy[k][:len(usedBy[k])-1]
		}
		day(i, j+1, n, fixed, total)
	}
	person(0, 0)
	return best
}

func TestPlanAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	n := 600
	if testing.Short() {
		n = 100
	}
	for i := range n {
		w := randomPlanWorld(r, 1+r.IntN(4), 1+r.IntN(6), 2+r.IntN(3), 2)
		for _, oneOffer := range []bool{false, true} {
			plan := w.plan(t, oneOffer)
			checkPlan(t, w, plan, oneOffer)
			if want := bruteForce(w, oneOffer); plan.Total != want {
				t.Fatalf("instance %d (oneOffer %v): plan %d, brute force %d", i, oneOffer, plan.Total, want)
			}
			if !plan.Proof.Optimal {
				t.Fatalf("instance %d: not proven optimal: %+v", i, plan.Proof)
			}
		}
	}
}

// TestPlanCandidatesAreMatches: the plan sees exactly what Match shows a
// coach: the top K offers by score, with the same usable day-parts.
func TestPlanCandidatesAreMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	w := randomPlanWorld(r, 30, 20, 10, 3)
	m, err := w.pool.newPlanModel(context.Background(), PlanInput{People: w.people, Candidates: 7})
	if err != nil {
		t.Fatal(err)
	}
	zero := 0.0
	for i, pp := range w.people {
		res := w.pool.Match(pp.Person, Options{Limit: 7, Diversity: &zero})
		cands := m.people[i].cands
		if pp.DayParts == 0 && len(pp.P.Availability) == 0 {
			continue
		}
		if len(cands) != len(res.Items) && m.people[i].want > 0 {
			t.Fatalf("%s: %d candidates, Match gives %d", pp.P.ID, len(cands), len(res.Items))
		}
		for j, e := range cands {
			it := res.Items[j]
			if w.pool.offers[e.offer].doc != it.Offer || round3(e.score) != it.Score || !slices.Equal(dayPartsOf(e.usable), it.DayParts) {
				t.Fatalf("%s candidate %d: %s %v %v, Match: %s %v %v", pp.P.ID, j,
					w.pool.offers[e.offer].doc.Offer.ID, e.score, dayPartsOf(e.usable), it.Offer.Offer.ID, it.Score, it.DayParts)
			}
		}
	}
}

// TestPlanBeatsFirstCome is the story of the issue: the first person takes
// the only place that suits the second; the plan gives both a place.
func TestPlanBeatsFirstCome(t *testing.T) {
	ma := plekwijzer.DayPart("ma-ochtend")
	one := func(id string, wt *plekwijzer.WorkType) *plekwijzer.OfferDoc {
		return doc(id, wt, func(d *plekwijzer.OfferDoc) {
			d.Free = plekwijzer.Capacity{ma: 1}
			d.Offer.Supervision = 2
		})
	}
	bike, green := one("bike", wtBike), one("green", wtGreen)
	pool := newPool([]*plekwijzer.OfferDoc{bike, green}, Stats{})
	first := pool.Prepare(person(func(p *plekwijzer.Participant) {
		p.ID, p.Availability = "first", []plekwijzer.DayPart{ma}
		p.Interests = []string{wtBike.ID, wtGreen.ID}
	}), nil)
	second := pool.Prepare(person(func(p *plekwijzer.Participant) {
		p.ID, p.Availability = "second", []plekwijzer.DayPart{ma}
		p.Interests = []string{wtBike.ID}
		p.Avoid = []string{wtGreen.ID}
	}), nil)
	plan, err := pool.Plan(context.Background(), PlanInput{People: []PlanPerson{{Person: first}, {Person: second}}})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Placed != 2 || plan.Baseline.Placed != 1 || plan.Total <= plan.Baseline.Total {
		t.Fatalf("plan places %d (total %d), first come %d (total %d); want 2 and 1",
			plan.Placed, plan.Total, plan.Baseline.Placed, plan.Baseline.Total)
	}
	for _, a := range plan.Assignments {
		if a.Person == second && a.Offer != bike {
			t.Errorf("second person at %s, want bike", a.Offer.Offer.ID)
		}
		if len(a.Reasons) == 0 {
			t.Errorf("assignment without reasons")
		}
	}
}

func TestPlanUnassignedReasons(t *testing.T) {
	ma, di := plekwijzer.DayPart("ma-ochtend"), plekwijzer.DayPart("di-ochtend")
	d := doc("o1", wtBike, func(d *plekwijzer.OfferDoc) { d.Free = plekwijzer.Capacity{ma: 1} })
	pool := newPool([]*plekwijzer.OfferDoc{d}, Stats{})
	mk := func(id string, f func(p *plekwijzer.Participant)) PlanPerson {
		return PlanPerson{Person: pool.Prepare(person(func(p *plekwijzer.Participant) { p.ID = id; f(p) }), nil)}
	}
	people := []PlanPerson{
		mk("placed", func(p *plekwijzer.Participant) {}),
		mk("lost", func(p *plekwijzer.Participant) { p.Interests = []string{wtGreen.ID} }), // scores less
		mk("never", func(p *plekwijzer.Participant) { p.Availability = nil }),
		mk("nothing", func(p *plekwijzer.Participant) { p.Avoid = []string{wtBike.ID} }),
		mk("tuesday", func(p *plekwijzer.Participant) { p.Availability = []plekwijzer.DayPart{di} }),
		// A voordracht elsewhere holds the person's only day-part.
		{Person: pool.Prepare(person(func(p *plekwijzer.Participant) { p.ID = "proposed" }), []plekwijzer.HistoryEntry{{
			ParticipantID: "proposed", OfferID: "elsewhere", WorkTypeID: wtGreen.ID, DayParts: []plekwijzer.DayPart{ma},
			Start: "2026-01-05", Status: plekwijzer.PlacementProposed}})},
	}
	plan, err := pool.Plan(context.Background(), PlanInput{People: people})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range plan.Unassigned {
		got[u.Person.P.ID] = u.Reason
		if u.Explanation == "" {
			t.Errorf("%s: no explanation", u.Person.P.ID)
		}
	}
	want := map[string]string{
		"lost": ReasonTakenByOthers, "never": ReasonNoAvailability,
		"nothing": ReasonNothingFits, "tuesday": ReasonNoFreePlace, "proposed": ReasonProposal,
	}
	if len(got) != len(want) {
		t.Fatalf("unassigned %v, want %v", got, want)
	}
	for id, r := range want {
		if got[id] != r {
			t.Errorf("%s: reason %q, want %q", id, got[id], r)
		}
	}
	if _, err := pool.Plan(context.Background(), PlanInput{People: []PlanPerson{people[0], people[0]}}); err == nil {
		t.Errorf("a person listed twice: no error")
	}
	empty, err := pool.Plan(context.Background(), PlanInput{})
	if err != nil || empty.Total != 0 || !empty.Proof.Optimal {
		t.Errorf("empty request: %+v, %v", empty, err)
	}
}

// TestPlanReservedPlaces: a reserved place goes only to its referrer's
// participant, even when someone else would score more there.
func TestPlanReservedPlaces(t *testing.T) {
	ma := plekwijzer.DayPart("ma-ochtend")
	gon := "ref-gon-a"
	d := doc("o1", wtBike, func(d *plekwijzer.OfferDoc) {
		d.Free = plekwijzer.Capacity{ma: 1}
		d.Reserved = []plekwijzer.ReservedFree{{ContingentID: "c", ReferrerIDs: []string{gon}, Free: plekwijzer.Capacity{ma: 1}}}
	})
	pool := newPool([]*plekwijzer.OfferDoc{d}, Stats{})
	var people []PlanPerson
	for i := range 3 {
		people = append(people, PlanPerson{Person: pool.Prepare(person(func(p *plekwijzer.Participant) {
			p.ID = fmt.Sprintf("p%d", i)
			p.Availability = []plekwijzer.DayPart{ma}
		}), nil)})
	}
	plan, err := pool.Plan(context.Background(), PlanInput{People: people})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Placed != 1 {
		t.Fatalf("without a GON referrer %d placed, want 1 (the reserved place stays free)", plan.Placed)
	}
	people[2].P.ReferrerID = &gon
	people[2] = PlanPerson{Person: pool.Prepare(people[2].P, nil)}
	plan, err = pool.Plan(context.Background(), PlanInput{People: people})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Placed != 2 {
		t.Fatalf("with a GON participant %d placed, want 2", plan.Placed)
	}
	for _, a := range plan.Assignments {
		if a.Person.P.ID == "p2" && !slices.Equal(a.Reserved, []plekwijzer.DayPart{ma}) {
			t.Errorf("GON participant's day-part not marked reserved: %v", a.Reserved)
		}
	}
}

func TestPlanDeadline(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	w := randomPlanWorld(r, 20, 40, 10, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.pool.Plan(ctx, PlanInput{People: w.people}); err == nil {
		t.Errorf("a cancelled context: no error")
	}
}
