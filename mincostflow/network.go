// Package mincostflow solves the minimum-cost flow problem exactly, with
// the primal network simplex method, and proves each answer optimal with
// the dual: node potentials under which every arc satisfies complementary
// slackness, checked by Verify.
//
// It is its own top-level package, next to geo, because it is a general
// algorithm that knows nothing of participants or offers: the allocation
// planner in matching builds a network and reads the flow back, and the
// planner benchmark exports the same network in DIMACS format for LEMON.
// Go has no maintained min-cost-flow library, and the planner needs the
// dual for its proof of optimality, which most solvers do not expose.
//
// The method follows LEMON's NetworkSimplex (Kovács, "Minimum-cost flow
// algorithms: an experimental evaluation", 2015): a spanning-tree basis
// stored as parent, thread and subtree-size arrays, an artificial root
// joined to every node (so disconnected and infeasible networks need no
// special case), block search pivoting (scan blocks of √m arcs, enter the
// most negative reduced cost found), and strongly feasible trees — the
// leaving arc is the last blocking arc met on the cycle in the direction
// of flow — so degenerate pivots cannot cycle.
//
// Numbers are int64. Solve refuses (ErrTooLarge) a network whose costs,
// capacities or supplies could overflow the potentials or the total cost,
// instead of returning a wrong answer.
package mincostflow

import (
	"errors"
	"fmt"
	"math"
)

// Inf is the capacity of an arc without an upper bound.
const Inf int64 = math.MaxInt64

// Errors of Solve.
var (
	// ErrInfeasible: no flow meets every supply within the capacities.
	ErrInfeasible = errors.New("mincostflow: infeasible: no flow meets the supplies within the capacities")
	// ErrUnbounded: a cycle of negative cost has no capacity bound.
	ErrUnbounded = errors.New("mincostflow: unbounded: a negative-cost cycle has infinite capacity")
	// ErrTooLarge: the numbers could overflow int64 arithmetic.
	ErrTooLarge = errors.New("mincostflow: costs, capacities or supplies too large for exact int64 arithmetic")
)

// Network is a directed graph with a supply per node (positive: the node
// sends flow, negative: it receives) and a capacity and cost per arc. Nodes
// and arcs are numbered from 0 in the order they are added. Lower bounds
// are always 0.
type Network struct {
	supply   []int64
	from, to []int32
	capacity []int64
	cost     []int64
}

// NewNetwork returns a network with nodes nodes and room for arcs arcs.
func NewNetwork(nodes, arcs int) *Network {
	return &Network{
		supply:   make([]int64, nodes),
		from:     make([]int32, 0, arcs),
		to:       make([]int32, 0, arcs),
		capacity: make([]int64, 0, arcs),
		cost:     make([]int64, 0, arcs),
	}
}

// AddNode adds a node with supply 0 and returns its number.
func (g *Network) AddNode() int {
	g.supply = append(g.supply, 0)
	return len(g.supply) - 1
}

// AddArc adds an arc from → to that carries at most capacity (Inf for no
// bound) at cost per unit, and returns its number. It panics on an unknown
// node or a negative capacity: those are programming errors.
func (g *Network) AddArc(from, to int, capacity, cost int64) int {
	if from < 0 || from >= len(g.supply) || to < 0 || to >= len(g.supply) {
		panic(fmt.Sprintf("mincostflow: arc %d→%d: no such node (have %d)", from, to, len(g.supply)))
	}
	if capacity < 0 {
		panic(fmt.Sprintf("mincostflow: arc %d→%d: negative capacity %d", from, to, capacity))
	}
	g.from = append(g.from, int32(from))
	g.to = append(g.to, int32(to))
	g.capacity = append(g.capacity, capacity)
	g.cost = append(g.cost, cost)
	return len(g.from) - 1
}

// SetSupply sets what node sends (positive) or receives (negative).
func (g *Network) SetSupply(node int, supply int64) { g.supply[node] = supply }

// Supply returns the supply of node.
func (g *Network) Supply(node int) int64 { return g.supply[node] }

// Nodes is the number of nodes.
func (g *Network) Nodes() int { return len(g.supply) }

// Arcs is the number of arcs.
func (g *Network) Arcs() int { return len(g.from) }

// Arc returns arc a.
func (g *Network) Arc(a int) (from, to int, capacity, cost int64) {
	return int(g.from[a]), int(g.to[a]), g.capacity[a], g.cost[a]
}

// Solution is an optimal flow and its proof.
type Solution struct {
	// Flow is the flow on each arc.
	Flow []int64
	// Cost is the total cost, Σ flow × cost.
	Cost int64
	// Potential is the dual: one value per node such that the reduced
	// cost of an arc u→v, cost + Potential[u] − Potential[v], is ≥ 0 when
	// the arc is empty, ≤ 0 when it is full and 0 in between. Verify
	// checks exactly this.
	Potential []int64
	// Pivots is the number of simplex pivots the solve took.
	Pivots int
}

// limits checks that every number Solve computes fits in int64: potentials
// are sums of at most n+1 tree-arc costs, each at most the artificial cost
// (max |cost| + 1) · (n + 1); flows are at most the total supply plus the
// finite capacities. Float sums are exact enough here: the limit has a
// factor 4 of room. maxCost is the largest |cost|. It returns the
// artificial cost.
func (g *Network) limits(maxCost int64) (int64, error) {
	n := int64(len(g.supply)) + 1
	// 4·n·art must fit, with art = (maxCost+1)·n: potentials, and reduced
	// costs of three of them.
	const limit = math.MaxInt64 / 4
	if maxCost+1 > limit/n/n {
		return 0, ErrTooLarge
	}
	art := (maxCost + 1) * n
	// No arc carries more than the total supply plus the finite
	// capacities (a basic solution routes the supply and saturates some
	// arcs); that bounds every flow and the total cost.
	var bound float64
	for _, s := range g.supply {
		if s > 0 {
			bound += float64(s)
		}
	}
	for _, c := range g.capacity {
		if c != Inf {
			bound += float64(c)
		}
	}
	if bound > limit {
		return 0, ErrTooLarge
	}
	var total float64
	for _, c := range g.capacity {
		total += math.Min(float64(c), bound) * float64(maxCost)
	}
	if total > limit {
		return 0, ErrTooLarge
	}
	return art, nil
}
