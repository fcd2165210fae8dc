package matching

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/iederz/plekwijzer/mincostflow"
)

// Keeping a person's day-parts at one offer is not a flow problem: "all
// flow of a person through one offer" is an either-or constraint, and
// with it the problem contains the generalized assignment problem, which
// is NP-hard. The plan is still exact, by branch and bound over flow
// relaxations:
//
//   - The relaxation of a subproblem is the spread flow problem with some
//     (person, offer) pairs forbidden. It is integral and solved exactly;
//     its certificate is checked, so its total is a proven upper bound on
//     every one-offer plan of the subproblem.
//   - When no person is split over offers, the relaxation's plan is a
//     one-offer plan, optimal for the subproblem.
//   - Otherwise the person with the most points outside their main offer
//     (the one giving them most) is branched on: "only at the main
//     offer" and "never at the main offer". Every one-offer plan of the
//     subproblem is in one of the two.
//   - Subproblems are taken best bound first; one whose bound is not above
//     the best one-offer plan found is pruned. Each relaxation is also
//     rounded (a split person keeps their main offer) and topped up
//     first-come, which finds good plans early.
//   - When the bound of every open subproblem is at most the best plan,
//     that plan is optimal. When the budget of branches (or the deadline)
//     runs out first, the plan is the best found, and Proof.Bound the
//     highest open bound: the gap is proven, not guessed.
//
// A forbidden pair's arcs get a cost no path can pay for (more than all
// points together, against the free bypass), so the network keeps its
// shape and each relaxation starts from the previous optimal basis.

// bbNode is an open subproblem: the pairs forbidden in it, and the bound
// of its parent.
type bbNode struct {
	bound     int64
	forbidden map[int]candMask // person → forbidden candidates
	lambda    []float64        // the parent's Lagrangian prices, to start from
	seq       int
}

// candMask is a set of candidate indexes (K ≤ MaxLimit = 100 < 128).
type candMask [2]uint64

func (c candMask) has(i int) bool { return c[i>>6]&(1<<(i&63)) != 0 }
func (c *candMask) set(i int)     { c[i>>6] |= 1 << (i & 63) }
func (c candMask) count() int     { return bits.OnesCount64(c[0]) + bits.OnesCount64(c[1]) }
func allBut(n, keep int) candMask {
	var c candMask
	for i := range n {
		if i != keep {
			c.set(i)
		}
	}
	return c
}

type bbQueue []*bbNode

func (q bbQueue) Len() int { return len(q) }
func (q bbQueue) Less(i, j int) bool {
	if q[i].bound != q[j].bound {
		return q[i].bound > q[j].bound
	}
	return q[i].seq > q[j].seq // depth first among equals: finds plans sooner
}
func (q bbQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *bbQueue) Push(x any)   { *q = append(*q, x.(*bbNode)) }
func (q *bbQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}

func (m *planModel) solveOneOffer(ctx context.Context, net *planNetwork, maxBranches int, searchTime time.Duration, plan *Plan) ([][]taken, error) {
	if maxBranches <= 0 {
		maxBranches = DefaultMaxBranches
	}
	if searchTime <= 0 {
		searchTime = DefaultSearchTime
	}
	deadline := time.Now().Add(searchTime)
	g := net.g
	// The cost of a forbidden arc: more than every point together.
	var forbid int64 = 1
	for a := net.offset; a < g.Arcs(); a++ {
		_, _, _, c := g.Arc(a)
		forbid -= c
	}
	sv, err := mincostflow.NewSolver(g, forbid)
	if err != nil {
		return nil, fmt.Errorf("matching: plan: %w", err)
	}
	applied := map[int]candMask{}
	apply := func(forbidden map[int]candMask) {
		for i, was := range applied {
			if forbidden[i] != was {
				m.setForbidden(sv, net, i, was, forbidden[i], forbid)
			}
		}
		for i, now := range forbidden {
			if _, ok := applied[i]; !ok {
				m.setForbidden(sv, net, i, candMask{}, now, forbid)
			}
		}
		applied = make(map[int]candMask, len(forbidden))
		for i, c := range forbidden {
			applied[i] = c
		}
	}

	lg := newLagrangian(m)
	var solveTime, verifyTime time.Duration
	var best [][]taken
	bestTotal := int64(-1)
	improve := func(take [][]taken, total int64) {
		if total > bestTotal {
			best, bestTotal = take, total
		}
	}
	// fixedHeuristic places each person at the offer choice names (or
	// nowhere) and lets a flow choose the day-parts: the best plan with
	// those offers. Then, a few rounds, everyone who got fewer day-parts
	// than they want tries their next offer that could give more, kept if
	// the total rises.
	fixedHeuristic := func(choice []int32) error {
		solveFixed := func(choice []int32) ([][]taken, int64, error) {
			apply(m.fixedOffers(choice))
			start := time.Now()
			sol, err := sv.Solve(ctx)
			solveTime += time.Since(start)
			if err != nil {
				return nil, 0, err
			}
			return net.decode(sol.Flow), -sol.Cost, nil
		}
		take, total, err := solveFixed(choice)
		for round := 0; err == nil && round < repairRounds; round++ {
			improve(take, total)
			next, moved := m.nextOffers(choice, take)
			if !moved {
				break
			}
			var t [][]taken
			var tt int64
			if t, tt, err = solveFixed(next); err == nil && tt <= total {
				break
			}
			choice, take, total = next, t, tt
		}
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("matching: plan: %w", err)
		}
		if err == nil {
			improve(take, total)
		}
		return nil
	}
	proof := Proof{Method: "branch-and-bound", Verified: true}
	// A first plan before the root's Lagrangian, whose steps aim at the
	// best plan known: the spread optimum rounded, and its main offers
	// fixed.
	start := time.Now()
	if sol, err := sv.Solve(ctx); err == nil {
		take := net.decode(sol.Flow)
		improve(m.roundOneOffer(take))
		solveTime += time.Since(start)
		if err := fixedHeuristic(m.offerChoice(nil, take)); err != nil {
			return nil, err
		}
	} else {
		solveTime += time.Since(start)
	}
	q := &bbQueue{{bound: math.MaxInt64, forbidden: map[int]candMask{}, lambda: make([]float64, len(lg.places))}}
	seq := 0
	for q.Len() > 0 {
		n := heap.Pop(q).(*bbNode)
		if n.bound <= bestTotal {
			heap.Push(q, n) // every open bound is at most the best: done
			break
		}
		if proof.Branches >= maxBranches || ctx.Err() != nil || (proof.Branches > 0 && time.Now().After(deadline)) {
			heap.Push(q, n)
			break
		}
		proof.Branches++
		start = time.Now()
		// The Lagrangian bound first: cheap, and often enough to prune.
		iters := 40
		if proof.Branches == 1 {
			iters = 300
		}
		lagBound, lagChoice, feasible := lg.optimize(n.lambda, n.forbidden, iters, bestTotal)
		if feasible != nil {
			improve(feasible.days, feasible.value)
		}
		if lagBound <= bestTotal {
			solveTime += time.Since(start)
			continue
		}
		// The flow relaxation: its certificate, and a plan when nobody
		// is split.
		apply(n.forbidden)
		sol, err := sv.Solve(ctx)
		solveTime += time.Since(start)
		if err != nil {
			if ctx.Err() != nil {
				n.bound = min(n.bound, lagBound)
				heap.Push(q, n)
				break
			}
			return nil, fmt.Errorf("matching: plan: %w", err)
		}
		start = time.Now()
		cert, err := g.Verify(sol)
		verifyTime += time.Since(start)
		if err != nil {
			return nil, fmt.Errorf("matching: plan: a relaxation does not prove itself: %w", err)
		}
		proof.Pivots += sol.Pivots
		proof.ArcsChecked += cert.Arcs
		if proof.Branches == 1 {
			proof.Dual = -cert.DualValue
		}
		bound := min(lagBound, -sol.Cost)
		if bound <= bestTotal {
			continue
		}
		take := net.decode(sol.Flow)
		split, main := m.mostSplit(take)
		if split < 0 {
			improve(take, -sol.Cost)
			continue
		}
		improve(m.roundOneOffer(take))
		if proof.Branches%heuristicEvery == 1 {
			if err := fixedHeuristic(m.offerChoice(lagChoice, take)); err != nil {
				return nil, err
			}
		}
		if bound <= bestTotal {
			continue
		}
		// Branch: the split person only at their main offer, or never.
		only := copyForbidden(n.forbidden)
		only[split] = allBut(len(m.people[split].cands), main)
		never := copyForbidden(n.forbidden)
		c := never[split]
		c.set(main)
		never[split] = c
		seq++
		heap.Push(q, &bbNode{bound: bound, forbidden: never, lambda: slices.Clone(n.lambda), seq: seq})
		seq++
		heap.Push(q, &bbNode{bound: bound, forbidden: only, lambda: n.lambda, seq: seq})
	}
	proof.Bound = bestTotal
	for _, n := range *q {
		proof.Bound = max(proof.Bound, n.bound)
	}
	proof.Optimal = proof.Bound == bestTotal
	plan.Proof = proof
	plan.Timing.Solve = solveTime
	plan.Timing.Verify = verifyTime
	if best == nil {
		// Not even the root was solved (the deadline): plan nothing, but
		// keep the error visible.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		best = make([][]taken, len(m.people))
	}
	return best, nil
}

// heuristicEvery is how often (in branch-and-bound nodes, from the root)
// the fixed-offer heuristic runs: a flow solve with most arcs forbidden.
const heuristicEvery = 25

// repairRounds bounds the rounds of the fixed-offer heuristic.
const repairRounds = 6

// offerChoice is one offer per person: the one in choice, else the one
// giving them most in take, else (nothing there) none.
func (m *planModel) offerChoice(choice []int32, take [][]taken) []int32 {
	out := make([]int32, len(m.people))
	for i := range m.people {
		c := int32(-1)
		if choice != nil {
			c = choice[i]
		}
		if c < 0 {
			c, _, _, _ = m.mainCandidate(i, take[i])
		}
		out[i] = c
	}
	return out
}

// fixedOffers forbids every offer but the chosen one per person (all of
// them for a person without a choice).
func (m *planModel) fixedOffers(choice []int32) map[int]candMask {
	out := make(map[int]candMask, len(m.people))
	for i, c := range choice {
		if n := len(m.people[i].cands); n > 0 {
			out[i] = allBut(n, int(c)) // c = -1 keeps none
		}
	}
	return out
}

// nextOffers moves everyone who got fewer day-parts in take than they
// want to their next-ranked offer (after the chosen one, wrapping around)
// that has more usable day-parts than they got. It reports whether anyone
// moved.
func (m *planModel) nextOffers(choice []int32, take [][]taken) ([]int32, bool) {
	next := slices.Clone(choice)
	moved := false
	for i := range m.people {
		pp := &m.people[i]
		got, n := len(take[i]), len(pp.cands)
		if got >= pp.want || n < 2 {
			continue
		}
		for k := 1; k < n; k++ {
			c := (int(choice[i]) + k + n) % n
			if bitsSet(pp.cands[c].usable) > got {
				next[i], moved = int32(c), true
				break
			}
		}
	}
	return next, moved
}

func copyForbidden(f map[int]candMask) map[int]candMask {
	out := make(map[int]candMask, len(f)+1)
	for i, c := range f {
		out[i] = c
	}
	return out
}

// setForbidden changes the arc costs of person i from forbidding was to
// forbidding now.
func (m *planModel) setForbidden(sv *mincostflow.Solver, net *planNetwork, i int, was, now candMask, forbid int64) {
	pp := &m.people[i]
	starts := net.pairStart[i]
	for c := range pp.cands {
		if was.has(c) == now.has(c) {
			continue
		}
		cost := -points(pp.cands[c].score)
		if now.has(c) {
			cost = forbid
		}
		for a := starts[c]; a < starts[c+1]; a++ {
			sv.SetCost(net.offset+int(net.first[i]+a), cost)
		}
	}
}

// mostSplit finds the person spread over offers with the most points
// outside the offer that gives them most, and that offer (-1 for none).
func (m *planModel) mostSplit(take [][]taken) (person, main int) {
	person, main = -1, -1
	var worst int64 = -1
	for i, t := range take {
		c, top, total, offers := m.mainCandidate(i, t)
		if offers > 1 && total-top > worst {
			worst, person, main = total-top, i, int(c)
		}
	}
	return person, main
}

// mainCandidate returns the candidate that gives person i most points in
// t (of equals, the best ranked), those points, all points and the number
// of offers in t.
func (m *planModel) mainCandidate(i int, t []taken) (main int32, top, total int64, offers int) {
	var sums [MaxLimit]int64
	var seen candMask
	for _, x := range t {
		p := points(m.people[i].cands[x.cand].score)
		sums[x.cand] += p
		total += p
		seen.set(int(x.cand))
	}
	main = -1
	for c := range len(m.people[i].cands) {
		if seen.has(c) && (main < 0 || sums[c] > top) {
			main, top = int32(c), sums[c]
		}
	}
	return main, top, total, seen.count()
}

// roundOneOffer makes a one-offer plan of a spread one: each person keeps
// the offer that gives them most; then, first come, people take free
// places at their offer (or, without one, at their best offer with room).
func (m *planModel) roundOneOffer(take [][]taken) ([][]taken, int64) {
	occ := m.newOccupancy()
	out := make([][]taken, len(take))
	var total int64
	got := make([]uint16, len(take))
	chosen := make([]int32, len(take))
	for i, t := range take {
		chosen[i], _, _, _ = m.mainCandidate(i, t)
		for _, x := range t {
			if x.cand == chosen[i] {
				e := m.people[i].cands[x.cand]
				if !occ.add(&m.people[i], e.offer, int(x.day)) {
					panic("matching: plan: part of a feasible plan does not fit")
				}
				out[i] = append(out[i], x)
				got[i] |= 1 << x.day
				total += points(e.score)
			}
		}
	}
	for i := range m.people {
		pp := &m.people[i]
		for c, e := range pp.cands {
			n := len(out[i])
			if n >= pp.want || chosen[i] >= 0 && int32(c) != chosen[i] {
				continue
			}
			for d := range 10 {
				if len(out[i]) >= pp.want || e.usable&^got[i]&(1<<d) == 0 {
					continue
				}
				if occ.add(pp, e.offer, d) {
					out[i] = append(out[i], taken{cand: int32(c), day: int8(d), reserved: m.mayUseReserved(pp, e.offer, d)})
					got[i] |= 1 << d
					total += points(e.score)
				}
			}
			if len(out[i]) > n {
				chosen[i] = int32(c)
			}
		}
	}
	return out, total
}
