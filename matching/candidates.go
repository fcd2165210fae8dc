package matching

import (
	"cmp"
	"strings"
)

// Candidate is one ranked participant for an offer.
type Candidate struct {
	Person *Person
	Match  // the offer seen from this participant: score, components, reasons
}

// CandidateResult is a ranked list of participants for one offer.
type CandidateResult struct {
	Items      []Candidate
	Excluded   Excluded
	Considered int
}

// Candidates ranks people for the offer with the given id: the same hard
// constraints and components as Match, seen from the offer. ok is false
// when the offer is not in the pool.
func (p *Pool) Candidates(offerID string, people []*Person, opt Options) (res *CandidateResult, ok bool) {
	i, ok := p.byID[offerID]
	if !ok {
		return nil, false
	}
	w := p.weightsFor(opt)
	res = &CandidateResult{Considered: len(people)}
	type scored struct {
		person *Person
		e      eval
	}
	top := newBest(min(opt.limit(), len(people)), func(a, b scored) int {
		if c := cmp.Compare(b.e.score, a.e.score); c != 0 {
			return c
		}
		return strings.Compare(a.person.P.Code, b.person.P.Code)
	})
	// Only the best few are kept while everyone is checked.
	km := newKmCache(true)
	defer km.done()
	for _, ps := range people {
		e := p.evaluateWith(ps, i, w, km)
		if e.excluded != numExclusions {
			res.Excluded[e.excluded]++
			continue
		}
		top.add(scored{ps, e})
	}
	passed := top.items
	res.Items = make([]Candidate, len(passed))
	for j, s := range passed {
		res.Items[j] = Candidate{Person: s.person, Match: p.explain(s.person, s.e)}
	}
	return res, true
}
