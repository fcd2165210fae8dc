package matching

import (
	"math"
	"slices"
)

// lagrangian is the Lagrangian relaxation of the one-offer problem over
// the capacities: every slot (places for everyone, or one contingent's
// reserved places, of one offer on one day-part) gets a price λ ≥ 0, and
// then each person alone takes the offer and day-parts worth most to
// them at those prices. For any prices
//
//	L(λ) = Σ_slots λ·places + Σ_people max(0, best offer's top day-parts of (points − λ))
//
// is an upper bound on every one-offer plan (a plan within capacity pays
// at most Σ λ·places). The prices are integers, so the bound is exact
// integer arithmetic. Subgradient steps lower it; at its minimum it is at
// least as tight as the linear relaxation of the integer program, much
// tighter than the spread flow when people want several day-parts.
type lagrangian struct {
	m      *planModel
	places []int64       // per slot
	cands  [][][]lagDay  // per person, per candidate: the usable day-parts
	pts    [][]int64     // per person, per candidate: points per day-part
	res    []bool        // per slot: reserved places
	offers map[int]int32 // offer → index of its first slot (general, then reserved entries), 10 per kind
}

// lagDay is a usable day-part of a candidate and the slots the person may
// take there.
type lagDay struct {
	day   int8
	slots []int32
}

func newLagrangian(m *planModel) *lagrangian {
	lg := &lagrangian{m: m, offers: map[int]int32{}}
	for _, o := range m.offerOrder() {
		op := m.places[o]
		lg.offers[o] = int32(len(lg.places))
		for d := range 10 {
			lg.places = append(lg.places, int64(op.general[d]))
			lg.res = append(lg.res, false)
		}
		for r := range op.reserved {
			for d := range 10 {
				lg.places = append(lg.places, int64(op.reserved[r][d]))
				lg.res = append(lg.res, true)
			}
		}
	}
	lg.cands = make([][][]lagDay, len(m.people))
	lg.pts = make([][]int64, len(m.people))
	for i := range m.people {
		pp := &m.people[i]
		lg.cands[i] = make([][]lagDay, len(pp.cands))
		lg.pts[i] = make([]int64, len(pp.cands))
		for c, e := range pp.cands {
			lg.pts[i][c] = points(e.score)
			first := lg.offers[e.offer]
			op := m.places[e.offer]
			for d := range 10 {
				if e.usable&(1<<d) == 0 {
					continue
				}
				var slots []int32
				for _, r := range pp.eligible[e.offer] {
					if op.reserved[r][d] > 0 {
						slots = append(slots, first+int32(10*(1+int(r))+d))
					}
				}
				if op.general[d] > 0 {
					slots = append(slots, first+int32(d))
				}
				lg.cands[i][c] = append(lg.cands[i][c], lagDay{day: int8(d), slots: slots})
			}
		}
	}
	return lg
}

// evaluate computes L(λ) and each person's best choice (into choice),
// for a subproblem with forbidden candidates; usage gets the places each
// slot would need. It reports whether the choices fit every capacity, and
// their points.
func (lg *lagrangian) evaluate(lambda []int64, forbidden map[int]candMask, usage []int64, choice []int32) (bound int64, feasible bool, value int64) {
	for s, l := range lambda {
		bound += l * lg.places[s]
	}
	clear(usage)
	var vals [10]lagPick
	for i, cands := range lg.cands {
		want := int64(lg.m.people[i].want)
		forb := forbidden[i]
		pts := lg.pts[i]
		var best int64
		bestC := int32(-1)
		for c, days := range cands {
			// Candidates come best first and prices are ≥ 0: none after
			// this one can beat best.
			if pts[c]*want <= best {
				break
			}
			if forb.has(c) {
				continue
			}
			if sum, _ := topValues(pts[c], days, lambda, int(want), vals[:0]); sum > best {
				best, bestC = sum, int32(c)
			}
		}
		bound += best
		choice[i] = bestC
		if bestC < 0 {
			continue
		}
		_, chosen := topValues(pts[bestC], cands[bestC], lambda, int(want), vals[:0])
		for _, x := range chosen {
			usage[x.slot]++
			value += pts[bestC]
		}
	}
	feasible = true
	for s, u := range usage {
		if u > lg.places[s] {
			feasible = false
			break
		}
	}
	return bound, feasible, value
}

// days are the day-parts the choices take at prices λ.
func (lg *lagrangian) days(lambda []int64, choice []int32) [][]taken {
	out := make([][]taken, len(lg.cands))
	var vals [10]lagPick
	for i, c := range choice {
		if c < 0 {
			continue
		}
		_, chosen := topValues(lg.pts[i][c], lg.cands[i][c], lambda, lg.m.people[i].want, vals[:0])
		for _, x := range chosen {
			out[i] = append(out[i], taken{cand: c, day: x.day, reserved: lg.res[x.slot]})
		}
	}
	return out
}

type lagPick = struct {
	v    int64
	day  int8
	slot int32
}

// topValues is the worth of a candidate at prices λ: the want most
// valuable day-parts with a positive value (points − the cheapest slot's
// price), their sum and which.
func topValues(pts int64, days []lagDay, lambda []int64, want int, buf []lagPick) (int64, []lagPick) {
	for _, ld := range days {
		price, slot := int64(math.MaxInt64), int32(-1)
		for _, s := range ld.slots {
			if lambda[s] < price {
				price, slot = lambda[s], s
			}
		}
		if v := pts - price; slot >= 0 && v > 0 {
			buf = append(buf, lagPick{v, ld.day, slot})
		}
	}
	if len(buf) > want {
		// Insertion sort, best first: at most ten values.
		for i := 1; i < len(buf); i++ {
			for j := i; j > 0 && buf[j].v > buf[j-1].v; j-- {
				buf[j], buf[j-1] = buf[j-1], buf[j]
			}
		}
		buf = buf[:want]
	}
	var sum int64
	for _, x := range buf {
		sum += x.v
	}
	return sum, buf
}

// optimize lowers the bound by subgradient steps from the prices in
// lambda (updated in place to the best found), aiming at target (the best
// plan known). It returns the lowest bound, each person's choice at those
// prices, and, if one was seen, the best choice that fits every capacity.
func (lg *lagrangian) optimize(lambda []float64, forbidden map[int]candMask, iters int, target int64) (bound int64, choice []int32, feasible *lagFeasible) {
	prices := make([]int64, len(lambda))
	best := make([]float64, len(lambda))
	usage := make([]int64, len(lambda))
	current := make([]int32, len(lg.cands))
	bound = math.MaxInt64
	theta := 2.0
	stall := 0
	for range iters {
		for s, l := range lambda {
			prices[s] = int64(math.Round(l))
		}
		b, fits, value := lg.evaluate(prices, forbidden, usage, current)
		if fits && (feasible == nil || value > feasible.value) {
			feasible = &lagFeasible{days: lg.days(prices, current), value: value}
		}
		if b < bound {
			bound, choice = b, slices.Clone(current)
			copy(best, lambda)
			stall = 0
		} else if stall++; stall >= 5 {
			theta /= 2
			stall = 0
		}
		if bound <= target || theta < 1e-3 {
			break
		}
		var norm float64
		for s := range lambda {
			g := float64(lg.places[s] - usage[s])
			if lambda[s] <= 0 && g > 0 {
				g = 0 // the price cannot go below 0
			}
			norm += g * g
		}
		if norm == 0 {
			break // the prices are optimal
		}
		step := theta * float64(b-target) / norm
		for s := range lambda {
			lambda[s] = math.Max(0, lambda[s]-step*float64(lg.places[s]-usage[s]))
		}
	}
	copy(lambda, best)
	return bound, choice, feasible
}

// lagFeasible is a choice at some prices that fits every capacity: a
// one-offer plan.
type lagFeasible struct {
	days  [][]taken
	value int64
}
