package mincostflow

import (
	"fmt"
	"math"
)

// Certificate is what Verify established about a solution.
//
// The proof is linear-programming duality. The flow is feasible (within
// every capacity, and each node sends its supply), and the potentials π
// give every arc u→v the reduced cost r = cost + π(u) − π(v) with r ≥ 0 if
// the arc is empty, r ≤ 0 if it is full and r = 0 in between
// (complementary slackness). Then no cycle of the residual network has
// negative cost, so no feasible flow is cheaper, and the dual objective
// −Σ supply·π + Σ capacity·min(0, r) equals the cost: a lower bound on
// every feasible flow, which this flow meets.
type Certificate struct {
	Cost      int64 // Σ flow × cost
	DualValue int64 // the dual objective; equal to Cost when the proof holds
	Arcs      int   // arcs checked
	Nodes     int   // nodes checked
}

// Verify checks that sol is a feasible flow of g and that its potentials
// prove it optimal. It recomputes everything from g with overflow-checked
// arithmetic, so it does not trust Solve.
func (g *Network) Verify(sol *Solution) (Certificate, error) {
	c := Certificate{Arcs: len(g.from), Nodes: len(g.supply)}
	if len(sol.Flow) != len(g.from) || len(sol.Potential) != len(g.supply) {
		return c, fmt.Errorf("mincostflow: verify: %d flows and %d potentials for %d arcs and %d nodes",
			len(sol.Flow), len(sol.Potential), len(g.from), len(g.supply))
	}
	for v, p := range sol.Potential {
		if p == math.MinInt64 {
			return c, fmt.Errorf("mincostflow: verify: node %d has potential MinInt64", v)
		}
	}
	var ck checked
	net := make([]int64, len(g.supply)) // outflow − inflow
	var primal, dual int64
	for a, f := range sol.Flow {
		u, v, capacity, cost := g.from[a], g.to[a], g.capacity[a], g.cost[a]
		if f < 0 || (capacity != Inf && f > capacity) {
			return c, fmt.Errorf("mincostflow: verify: arc %d (%d→%d) carries %d, outside [0, %d]", a, u, v, f, capacity)
		}
		net[u] = ck.add(net[u], f)
		net[v] = ck.add(net[v], -f)
		primal = ck.add(primal, ck.mul(f, cost))
		r := ck.add(cost, ck.add(sol.Potential[u], -sol.Potential[v]))
		switch {
		case r > 0 && f != 0:
			return c, fmt.Errorf("mincostflow: verify: arc %d (%d→%d) carries %d at reduced cost %d > 0", a, u, v, f, r)
		case r < 0 && f != capacity:
			return c, fmt.Errorf("mincostflow: verify: arc %d (%d→%d) is not full (%d of %d) at reduced cost %d < 0", a, u, v, f, capacity, r)
		case r < 0:
			dual = ck.add(dual, ck.mul(capacity, r))
		}
	}
	for v, s := range g.supply {
		if net[v] != s {
			return c, fmt.Errorf("mincostflow: verify: node %d sends %d, its supply is %d", v, net[v], s)
		}
		dual = ck.add(dual, -ck.mul(s, sol.Potential[v]))
	}
	if ck.overflow {
		return c, ErrTooLarge
	}
	c.Cost, c.DualValue = primal, dual
	if primal != dual {
		return c, fmt.Errorf("mincostflow: verify: cost %d ≠ dual value %d", primal, dual)
	}
	if primal != sol.Cost {
		return c, fmt.Errorf("mincostflow: verify: the solution says cost %d, the flow costs %d", sol.Cost, primal)
	}
	return c, nil
}

// checked is int64 arithmetic that remembers an overflow. MinInt64 counts
// as an overflow too, so that negating a result is always safe.
type checked struct{ overflow bool }

func (k *checked) add(a, b int64) int64 {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) || s == math.MinInt64 {
		k.overflow = true
	}
	return s
}

func (k *checked) mul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	p := a * b
	if p/b != a || a == math.MinInt64 || b == math.MinInt64 || p == math.MinInt64 {
		k.overflow = true
	}
	return p
}
