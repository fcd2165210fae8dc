package matching

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// The ranking loops are built for speed: copies of the fields they read,
// retention per work type computed once, a cache of distances per PC4
// area, and only the top kept while checking. The reference below is the
// straightforward statement of the same ranking — every field read from
// the documents, every distance computed, every passing item sorted — and
// the optimized paths must give exactly its results.

// referenceEvaluate checks offer i for a participant straight from the
// documents. placed holds the offers where the participant has a
// placement that holds places now or later.
func (p *Pool) referenceEvaluate(ps *Person, placed map[string]bool, i int, w Weights) eval {
	o := &p.offers[i]
	e := eval{offer: i, excluded: numExclusions}
	doc := o.doc.Offer
	pt := ps.P
	switch {
	case doc.Status != plekwijzer.OfferOpen:
		e.excluded = NotOpen
	case placed[doc.ID]:
		e.excluded = AlreadyPlaced
	case slices.Contains(pt.Avoid, doc.WorkTypeID) && o.workType >= 0:
		e.excluded = Avoided
	case len(doc.TargetGroups) > 0 && !slices.Contains(doc.TargetGroups, pt.TargetGroup),
		!slices.Contains(plekwijzer.TargetGroups, pt.TargetGroup):
		e.excluded = TargetGroup
	case doc.Supervision < pt.SupervisionNeed:
		e.excluded = Supervision
	case doc.PhysicalLoad.Rank() > pt.LoadCapacity.Rank():
		e.excluded = PhysicalLoad
	case pt.Wheelchair && !doc.Access.Wheelchair:
		e.excluded = Wheelchair
	}
	if e.excluded != numExclusions {
		return e
	}
	e.distance = -1
	pp, okP := geo.Lookup(pt.Postcode)
	po, okO := geo.Lookup(doc.Postcode)
	if okP && okO {
		e.distance = geo.DistanceKm(pp.Point, po.Point)
		if e.distance > float64(pt.MaxTravelKm) {
			e.excluded = TravelRange
			return e
		}
	}
	e.usable = ps.avail & dayPartMask(o.doc.FreeFor(pt.ReferrerID))
	if e.usable == 0 {
		e.excluded = NoFreeDayPart
		return e
	}
	s := &e.scores
	s[Skills] = p.skillsFit(ps, o.required)
	s[Learning] = p.learningValue(ps, o.learnable)
	s[Interest] = interest(ps, o.workType)
	s[Variety] = variety(ps, o.workType)
	r, _ := p.risk.rate(doc.WorkTypeID, pt.TargetGroup)
	s[Retention] = p.risk.retention(r)
	s[Distance] = distanceScore(e.distance, pt.MaxTravelKm, doc.Access.PublicTransport)
	s[DayPartFit] = dayPartFit(e.usable, ps.avail)
	s[Exposure] = exposure(o.org)
	s[NextStep] = nextStep(ps, o.rung)
	e.score = s.total(w)
	return e
}

// placedAt lists the offers where a history holds places today or later.
func placedAt(h []plekwijzer.HistoryEntry) map[string]bool {
	out := map[string]bool{}
	for _, e := range h {
		if e.Status.HoldsPlaces() && (e.End == nil || *e.End >= today) {
			out[e.OfferID] = true
		}
	}
	return out
}

// referenceMatch is Match the straightforward way: evaluate every offer,
// sort all that pass, re-rank the top.
func (p *Pool) referenceMatch(ps *Person, placed map[string]bool, opt Options) *Result {
	w := p.weightsFor(opt)
	res := &Result{Considered: len(p.offers)}
	var evals []eval
	for i := range p.offers {
		e := p.referenceEvaluate(ps, placed, i, w)
		if e.excluded != numExclusions {
			res.Excluded[e.excluded]++
			continue
		}
		evals = append(evals, e)
	}
	slices.SortFunc(evals, p.byScore)
	chosen := p.diversify(evals[:min(len(evals), rerankDepth(opt.limit()))], opt.limit(), opt.diversity())
	res.Items = make([]Match, len(chosen))
	for i, e := range chosen {
		res.Items[i] = p.explain(ps, e)
	}
	res.Diversity = p.listDiversity(chosen, opt.diversity(), len(evals))
	return res
}

// referenceCandidates is Candidates the straightforward way.
func (p *Pool) referenceCandidates(offerID string, people []*Person, placed []map[string]bool, opt Options) *CandidateResult {
	i := p.byID[offerID]
	w := p.weightsFor(opt)
	res := &CandidateResult{Considered: len(people)}
	type pair struct {
		ps *Person
		e  eval
	}
	var passed []pair
	for k, ps := range people {
		e := p.referenceEvaluate(ps, placed[k], i, w)
		if e.excluded != numExclusions {
			res.Excluded[e.excluded]++
			continue
		}
		passed = append(passed, pair{ps, e})
	}
	slices.SortFunc(passed, func(a, b pair) int {
		if c := cmp.Compare(b.e.score, a.e.score); c != 0 {
			return c
		}
		return strings.Compare(a.ps.P.Code, b.ps.P.Code)
	})
	passed = passed[:min(opt.limit(), len(passed))]
	res.Items = make([]Candidate, len(passed))
	for j, x := range passed {
		res.Items[j] = Candidate{Person: x.ps, Match: p.explain(x.ps, x.e)}
	}
	return res
}

// equivalenceWorld is randomWorld with what it lacks: places reserved for
// a referrer's participants, participants with that referrer, and a
// participant and an offer at a postcode that does not exist.
func equivalenceWorld(r *rand.Rand) ([]*plekwijzer.OfferDoc, []*plekwijzer.Participant, map[string][]plekwijzer.HistoryEntry) {
	docs, people, hist := randomWorld(r, 150, 60)
	ref := "org-referrer"
	for i, d := range docs {
		if i%7 == 0 {
			d.Reserved = []plekwijzer.ReservedFree{{ContingentID: "c", ReferrerIDs: []string{ref}, Free: plekwijzer.Capacity{plekwijzer.DayParts[r.IntN(10)]: 1}}}
		}
	}
	for i, p := range people {
		if i%5 == 0 {
			p.ReferrerID = &ref
		}
	}
	docs[3].Offer.Postcode = "0000"
	people[4].Postcode = "0000"
	people[5].TargetGroup = "onbekend"
	return docs, people, hist
}

func TestOptimizedRankingEqualsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	options := []Options{
		{},
		{Limit: MaxLimit},
		{Limit: 3, Diversity: ptr(0.0)},
		{Limit: 20, Diversity: ptr(1.0)},
		{Limit: 12, Weights: &Weights{Distance: 1, Variety: 0.5, Retention: 2}},
	}
	for round := range 12 {
		docs, people, hist := equivalenceWorld(r)
		stats := Stats{
			Dropouts:  []plekwijzer.DropoutCount{{WorkTypeID: wtPack.ID, TargetGroup: "statushouder", Ended: 40, Dropouts: 25}, {WorkTypeID: wtBike.ID, TargetGroup: "overig", Ended: 9, Dropouts: 1}},
			Proposals: map[string]int{"org1": 4, "org3": 30},
		}
		pool := newPool(docs, stats)
		prepared := make([]*Person, len(people))
		placed := make([]map[string]bool, len(people))
		for k, pt := range people {
			prepared[k] = pool.Prepare(pt, hist[pt.ID])
			placed[k] = placedAt(hist[pt.ID])
		}
		for _, opt := range options {
			name := fmt.Sprintf("round %d, options %+v", round, opt)
			for k, ps := range prepared {
				got, want := pool.Match(ps, opt), pool.referenceMatch(ps, placed[k], opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: Match for %s differs from the reference:\n got %+v\nwant %+v", name, ps.P.ID, got, want)
				}
			}
			for _, d := range docs {
				got, _ := pool.Candidates(d.Offer.ID, prepared, opt)
				want := pool.referenceCandidates(d.Offer.ID, prepared, placed, opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: Candidates for %s differ from the reference:\n got %+v\nwant %+v", name, d.Offer.ID, got, want)
				}
			}
		}
	}
}

func TestBestKeepsTheTopOfASort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		n, k := r.IntN(300), r.IntN(60)
		xs := make([]int, n)
		for i := range xs {
			xs[i] = r.IntN(1000)*1000 + i // distinct: a total order
		}
		b := newBest(k, cmp.Compare[int])
		for _, x := range xs {
			b.add(x)
		}
		slices.Sort(xs)
		if want := xs[:min(k, n)]; !slices.Equal(b.items, want) {
			t.Fatalf("best %d of %d: %v, want %v", k, n, b.items, want)
		}
	}
}
