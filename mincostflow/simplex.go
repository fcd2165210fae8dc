package mincostflow

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Arc states in the basis; the value is also the sign that makes a
// negative state × reduced cost mean "entering improves".
const (
	stateUpper int8 = -1 // at capacity
	stateTree  int8 = 0  // in the spanning tree
	stateLower int8 = 1  // empty
)

// Directions of a tree arc seen from the child node.
const (
	dirDown int8 = -1 // parent → child
	dirUp   int8 = 1  // child → parent
)

// simplex is the working state of one solve. Arcs are stored in a mixed
// order (LEMON's arc mixing): consecutive arcs of the input usually share
// a node, and spreading them makes each search block see all of the
// network. Arcs past the real ones are the artificial arcs to the root.
type simplex struct {
	nodes, arcs, allArcs int
	root                 int32

	src, dst []int32
	capacity []int64
	cost     []int64
	flow     []int64
	state    []int8
	pi       []int64

	// The spanning tree: parent and the arc to it, the preorder thread
	// and its reverse, subtree sizes and each subtree's last node in the
	// thread.
	parent, pred       []int32
	thread, revThread  []int32
	succNum, lastSucc  []int32
	predDir            []int8
	dirtyRevs          []int32
	inArc, join        int32
	uIn, vIn, uOut     int32
	delta              int64
	blockSize, nextArc int
	pivots             int
	order              []int32 // input arc → internal arc
}

// Solve returns a minimum-cost flow: ErrInfeasible when the supplies
// cannot be met (also when they do not sum to 0), ErrUnbounded when a
// negative cycle has no capacity bound, ErrTooLarge when the numbers could
// overflow. The network is not changed.
func (g *Network) Solve() (*Solution, error) {
	return g.SolveContext(context.Background())
}

// SolveContext is Solve that gives up with ctx's error when ctx ends.
func (g *Network) SolveContext(ctx context.Context) (*Solution, error) {
	sv, err := NewSolver(g, 0)
	if err != nil {
		return nil, err
	}
	return sv.Solve(ctx)
}

// Solver solves a network again after some arc costs changed, starting
// from the last optimal basis: a cost change leaves the flow feasible, so
// the primal simplex goes on from there and usually needs few pivots. The
// branch and bound of the planner forbids arcs this way (a cost no path
// can pay for).
type Solver struct {
	g       *Network
	s       *simplex
	bound   int64 // largest |cost| SetCost accepts
	balance int64 // Σ supply
	solved  bool
}

// NewSolver prepares to solve g. costBound is the largest |cost| that
// SetCost will be asked to set (0: the network's own largest); it sizes
// the artificial costs and the overflow check. The solver owns g's costs
// from now on: SetCost changes them, so that g.Verify checks the current
// problem.
func NewSolver(g *Network, costBound int64) (*Solver, error) {
	var sum int64
	for _, s := range g.supply {
		sum += s
	}
	for _, c := range g.cost {
		if c == math.MinInt64 {
			return nil, ErrTooLarge
		}
		costBound = max(costBound, c, -c)
	}
	art, err := g.limits(costBound)
	if err != nil {
		return nil, err
	}
	return &Solver{g: g, s: newSimplex(g, art), bound: costBound, balance: sum}, nil
}

// SetCost changes the cost of arc a for the next Solve. It panics when
// |cost| is over the bound given to NewSolver.
func (sv *Solver) SetCost(a int, cost int64) {
	if cost > sv.bound || -cost > sv.bound {
		panic(fmt.Sprintf("mincostflow: SetCost(%d, %d): over the bound %d", a, cost, sv.bound))
	}
	sv.g.cost[a] = cost
	sv.s.cost[sv.s.order[a]] = cost
}

// Solve solves the network from the current basis; see Network.Solve for
// the errors, and ctx's error when ctx ends first.
func (sv *Solver) Solve(ctx context.Context) (*Solution, error) {
	g, s := sv.g, sv.s
	if sv.balance != 0 {
		return nil, ErrInfeasible
	}
	if len(g.supply) == 0 {
		return &Solution{Flow: make([]int64, len(g.from)), Potential: []int64{}}, nil
	}
	if sv.solved {
		s.recomputePotentials()
	}
	sv.solved = true
	start := s.pivots
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	for e := s.arcs; e < s.allArcs; e++ {
		if s.flow[e] != 0 {
			return nil, ErrInfeasible
		}
	}
	sol := &Solution{
		Flow:      make([]int64, len(g.from)),
		Potential: make([]int64, len(g.supply)),
		Pivots:    s.pivots - start,
	}
	for a, i := range s.order {
		f := s.flow[i]
		sol.Flow[a] = f
		sol.Cost += f * g.cost[a]
	}
	copy(sol.Potential, s.pi[:s.nodes])
	return sol, nil
}

func newSimplex(g *Network, art int64) *simplex {
	n, m := len(g.supply), len(g.from)
	all := m + n
	s := &simplex{
		nodes: n, arcs: m, allArcs: all, root: int32(n),
		src: make([]int32, all), dst: make([]int32, all),
		capacity: make([]int64, all), cost: make([]int64, all),
		flow: make([]int64, all), state: make([]int8, all),
		pi:     make([]int64, n+1),
		parent: make([]int32, n+1), pred: make([]int32, n+1),
		thread: make([]int32, n+1), revThread: make([]int32, n+1),
		succNum: make([]int32, n+1), lastSucc: make([]int32, n+1),
		predDir: make([]int8, n+1),
		order:   make([]int32, m),
	}
	// Arc mixing, as LEMON: consecutive arcs usually share a node, so
	// the k-th arc goes to position i, stepping by skip, and each search
	// block sees all of the network. Like LEMON on its SmartDigraph, take
	// the arcs last first.
	skip := 3
	if n > 1 {
		skip = max(m/n, 3)
	}
	i, j := 0, 0
	for a := m - 1; a >= 0; a-- {
		s.order[a] = int32(i)
		s.src[i], s.dst[i] = g.from[a], g.to[a]
		s.capacity[i], s.cost[i] = g.capacity[a], g.cost[a]
		s.state[i] = stateLower
		if i += skip; i >= m {
			j++
			i = j
		}
	}
	// The root and an artificial arc per node carrying its supply: up
	// (node → root, cost 0) for a supply, down (root → node, cost art)
	// for a demand.
	supply := g.supply
	root := s.root
	s.parent[root], s.pred[root] = -1, -1
	s.thread[root], s.revThread[0] = 0, root
	s.succNum[root], s.lastSucc[root] = int32(n+1), root-1
	for u := range int32(n) {
		e := int32(m) + u
		s.parent[u], s.pred[u] = root, e
		s.thread[u], s.revThread[u+1] = u+1, u
		s.succNum[u], s.lastSucc[u] = 1, u
		s.capacity[e], s.state[e] = Inf, stateTree
		if sup := supply[u]; sup >= 0 {
			s.predDir[u] = dirUp
			s.src[e], s.dst[e] = u, root
			s.flow[e] = sup
		} else {
			s.predDir[u] = dirDown
			s.pi[u] = art
			s.src[e], s.dst[e] = root, u
			s.flow[e] = -sup
			s.cost[e] = art
		}
	}
	s.crash(supply)
	s.blockSize = max(int(blockSizeFactor*math.Sqrt(float64(m))), 10)
	return s
}

// crash improves the starting tree without changing the starting flow.
// The cold start hangs every node from the root by an artificial arc; a
// node without supply carries nothing on it, so it can as well hang from a
// real arc with zero flow that leads towards the demand: reverse
// breadth-first from the nodes with a supply or demand, each node
// attached by the out-arc that gives it the highest potential, which
// makes its other arcs into the tree so far dual feasible. Such an arc can
// take more flow towards the root, so the tree stays strongly feasible,
// and each node starts with a meaningful potential instead of costing a
// pivot to bring in.
func (s *simplex) crash(supply []int64) {
	n := s.nodes
	// In-arcs of each node (the real arcs that can carry flow).
	inStart := make([]int32, n+1)
	for e := range s.arcs {
		if s.capacity[e] > 0 {
			inStart[s.dst[e]+1]++
		}
	}
	for v := range n {
		inStart[v+1] += inStart[v]
	}
	inArcs := make([]int32, inStart[n])
	fill := slices.Clone(inStart[:n])
	for e := range s.arcs {
		if s.capacity[e] > 0 {
			v := s.dst[e]
			inArcs[fill[v]] = int32(e)
			fill[v]++
		}
	}
	attached := make([]bool, n)
	best := make([]int32, n) // the chosen arc of a node found in this layer
	var layer, next []int32
	for u := range n {
		if supply[u] != 0 {
			attached[u] = true
			layer = append(layer, int32(u))
		}
		best[u] = -1
	}
	for len(layer) > 0 {
		next = next[:0]
		for _, v := range layer {
			for _, e := range inArcs[inStart[v]:inStart[v+1]] {
				u := s.src[e]
				if attached[u] {
					continue
				}
				if b := best[u]; b < 0 {
					next = append(next, u)
					best[u] = e
				} else if s.pi[v]-s.cost[e] > s.pi[s.dst[b]]-s.cost[b] {
					best[u] = e
				}
			}
		}
		for _, u := range next {
			e := best[u]
			attached[u] = true
			s.state[s.pred[u]] = stateLower // the artificial arc, empty, leaves the tree
			s.parent[u], s.pred[u], s.predDir[u] = s.dst[e], e, dirUp
			s.state[e] = stateTree
			s.pi[u] = s.pi[s.dst[e]] - s.cost[e]
		}
		layer, next = next, layer
	}
	s.rebuildThread()
}

// rebuildThread sets the thread (preorder), its reverse, the subtree
// sizes and last successors from the parent array.
func (s *simplex) rebuildThread() {
	all := s.nodes + 1
	root := s.root
	childStart := make([]int32, all+1)
	for u := range int32(all) {
		if u != root {
			childStart[s.parent[u]+1]++
		}
	}
	for v := range all {
		childStart[v+1] += childStart[v]
	}
	children := make([]int32, s.nodes)
	fill := slices.Clone(childStart[:all])
	for u := range int32(all) {
		if u != root {
			p := s.parent[u]
			children[fill[p]] = u
			fill[p]++
		}
	}
	order := make([]int32, 0, all)
	stack := []int32{root}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order = append(order, u)
		cs := children[childStart[u]:childStart[u+1]]
		for i := len(cs) - 1; i >= 0; i-- {
			stack = append(stack, cs[i])
		}
	}
	for k, u := range order {
		next := order[(k+1)%all]
		s.thread[u], s.revThread[next] = next, u
		s.succNum[u] = 1
	}
	for k := all - 1; k > 0; k-- {
		u := order[k]
		s.succNum[s.parent[u]] += s.succNum[u]
	}
	pos := make([]int32, all)
	for k, u := range order {
		pos[u] = int32(k)
	}
	for _, u := range order {
		s.lastSucc[u] = order[pos[u]+s.succNum[u]-1]
	}
}

// blockSizeFactor scales the block of the search, √m arcs in LEMON. With
// the crash start, half of that was faster on the planner's networks
// (docs/BENCHMARKS.md): fewer arcs priced per pivot outweigh the extra
// pivots.
const blockSizeFactor = 0.5

// run pivots until no arc has a negative reduced cost: ErrUnbounded when
// a cycle has no bound, ctx's error when ctx ends first.
func (s *simplex) run(ctx context.Context) error {
	done := ctx.Done()
	for s.findEnteringArc() {
		if done != nil && s.pivots%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := s.pivot(); err != nil {
			return err
		}
	}
	return nil
}

// pivot brings inArc into the tree.
func (s *simplex) pivot() error {
	s.findJoinNode()
	change := s.findLeavingArc()
	if s.delta == Inf {
		return ErrUnbounded
	}
	s.changeFlow(change)
	if change {
		s.updateTreeStructure()
		s.updatePotential()
	}
	s.pivots++
	return nil
}

// recomputePotentials sets the potentials from the tree after costs
// changed: in thread order every node comes after its parent.
func (s *simplex) recomputePotentials() {
	for u := s.thread[s.root]; u != s.root; u = s.thread[u] {
		e := s.pred[u]
		if s.predDir[u] == dirUp { // u → parent: cost + π(u) − π(parent) = 0
			s.pi[u] = s.pi[s.parent[u]] - s.cost[e]
		} else {
			s.pi[u] = s.pi[s.parent[u]] + s.cost[e]
		}
	}
}

// findEnteringArc is block search: scan blocks of arcs from where the last
// search stopped and take the most negative reduced cost of the first
// block that has one.
func (s *simplex) findEnteringArc() bool {
	m := s.arcs
	if m == 0 {
		return false
	}
	var best int64
	in := -1
	e := s.nextArc
	for scanned := 0; scanned < m; {
		// One block, which may wrap around the end.
		left := s.blockSize
		for left > 0 && scanned < m {
			end := min(e+left, m)
			best, in = s.scan(e, end, best, in)
			left -= end - e
			scanned += end - e
			if e = end; e == m {
				e = 0
			}
		}
		if best < 0 {
			s.nextArc = e
			s.inArc = int32(in)
			return true
		}
	}
	return false
}

// scan returns the most negative state × reduced cost among arcs
// [from, to) and its arc, if better than best.
func (s *simplex) scan(from, to int, best int64, in int) (int64, int) {
	state := s.state[from:to]
	cost := s.cost[from:to]
	src := s.src[from:to]
	dst := s.dst[from:to]
	cost, src, dst = cost[:len(state)], src[:len(state)], dst[:len(state)]
	pi := s.pi
	for k, st := range state {
		c := int64(st) * (cost[k] + pi[src[k]] - pi[dst[k]])
		if c < best {
			best, in = c, from+k
		}
	}
	return best, in
}

// findJoinNode finds the apex of the cycle the entering arc closes.
func (s *simplex) findJoinNode() {
	u, v := s.src[s.inArc], s.dst[s.inArc]
	for u != v {
		if s.succNum[u] < s.succNum[v] {
			u = s.parent[u]
		} else {
			v = s.parent[v]
		}
	}
	s.join = u
}

// findLeavingArc finds the blocking arc of the cycle and how much flow
// can be sent around it. Of several blocking arcs it takes the last one in
// the direction of the cycle, which keeps the tree strongly feasible. It
// reports whether the leaving arc differs from the entering one.
func (s *simplex) findLeavingArc() bool {
	var first, second int32
	if s.state[s.inArc] == stateLower {
		first, second = s.src[s.inArc], s.dst[s.inArc]
	} else {
		first, second = s.dst[s.inArc], s.src[s.inArc]
	}
	s.delta = s.capacity[s.inArc]
	result := 0
	for u := first; u != s.join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		if s.predDir[u] == dirDown {
			if c := s.capacity[e]; c == Inf {
				d = Inf
			} else {
				d = c - d
			}
		}
		if d < s.delta {
			s.delta, s.uOut, result = d, u, 1
		}
	}
	for u := second; u != s.join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		if s.predDir[u] == dirUp {
			if c := s.capacity[e]; c == Inf {
				d = Inf
			} else {
				d = c - d
			}
		}
		if d <= s.delta {
			s.delta, s.uOut, result = d, u, 2
		}
	}
	if result == 1 {
		s.uIn, s.vIn = first, second
	} else {
		s.uIn, s.vIn = second, first
	}
	return result != 0
}

// changeFlow sends delta around the cycle and updates the states of the
// entering and leaving arcs.
func (s *simplex) changeFlow(change bool) {
	if s.delta > 0 {
		val := int64(s.state[s.inArc]) * s.delta
		s.flow[s.inArc] += val
		for u := s.src[s.inArc]; u != s.join; u = s.parent[u] {
			s.flow[s.pred[u]] -= int64(s.predDir[u]) * val
		}
		for u := s.dst[s.inArc]; u != s.join; u = s.parent[u] {
			s.flow[s.pred[u]] += int64(s.predDir[u]) * val
		}
	}
	if change {
		s.state[s.inArc] = stateTree
		if out := s.pred[s.uOut]; s.flow[out] == 0 {
			s.state[out] = stateLower
		} else {
			s.state[out] = stateUpper
		}
	} else {
		s.state[s.inArc] = -s.state[s.inArc]
	}
}

// updateTreeStructure replaces the leaving arc by the entering one: the
// subtree under the leaving arc is re-hung from the entering arc, its stem
// (the path from uIn to uOut) reversed.
func (s *simplex) updateTreeStructure() {
	parent, thread, revThread := s.parent, s.thread, s.revThread
	succNum, lastSucc := s.succNum, s.lastSucc
	uIn, vIn, uOut, join := s.uIn, s.vIn, s.uOut, s.join
	oldRevThread := revThread[uOut]
	oldSuccNum := succNum[uOut]
	oldLastSucc := lastSucc[uOut]
	vOut := parent[uOut]

	if uIn == uOut {
		parent[uIn] = vIn
		s.pred[uIn] = s.inArc
		s.predDir[uIn] = dirOf(uIn == s.src[s.inArc])
		if thread[vIn] != uOut {
			after := thread[oldLastSucc]
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
			after = thread[vIn]
			thread[vIn] = uOut
			revThread[uOut] = vIn
			thread[oldLastSucc] = after
			revThread[after] = oldLastSucc
		}
	} else {
		// When oldRevThread is vIn, join and vOut coincide.
		var threadContinue int32
		if oldRevThread == vIn {
			threadContinue = thread[oldLastSucc]
		} else {
			threadContinue = thread[vIn]
		}
		stem, parStem := uIn, vIn
		last := lastSucc[uIn]
		after := thread[last]
		thread[vIn] = uIn
		s.dirtyRevs = append(s.dirtyRevs[:0], vIn)
		for stem != uOut {
			nextStem := parent[stem]
			thread[last] = nextStem
			s.dirtyRevs = append(s.dirtyRevs, last)
			before := revThread[stem]
			thread[before] = after
			revThread[after] = before
			parent[stem] = parStem
			parStem = stem
			stem = nextStem
			if lastSucc[stem] == lastSucc[parStem] {
				last = revThread[parStem]
			} else {
				last = lastSucc[stem]
			}
			after = thread[last]
		}
		parent[uOut] = parStem
		thread[last] = threadContinue
		revThread[threadContinue] = last
		lastSucc[uOut] = last
		if oldRevThread != vIn {
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
		}
		for _, u := range s.dirtyRevs {
			revThread[thread[u]] = u
		}
		// pred, predDir, lastSucc and succNum along the stem, from uOut
		// back to uIn.
		var tmpSc int32
		tmpLs := lastSucc[uOut]
		for u := uOut; u != uIn; {
			p := parent[u]
			s.pred[u] = s.pred[p]
			s.predDir[u] = -s.predDir[p]
			tmpSc += succNum[u] - succNum[p]
			succNum[u] = tmpSc
			lastSucc[p] = tmpLs
			u = p
		}
		s.pred[uIn] = s.inArc
		s.predDir[uIn] = dirOf(uIn == s.src[s.inArc])
		succNum[uIn] = oldSuccNum
	}

	upLimitOut := int32(-1)
	if lastSucc[join] == vIn {
		upLimitOut = join
	}
	lastSuccOut := lastSucc[uOut]
	for u := vIn; u != -1 && lastSucc[u] == vIn; u = parent[u] {
		lastSucc[u] = lastSuccOut
	}
	if join != oldRevThread && vIn != oldRevThread {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = oldRevThread
		}
	} else if lastSuccOut != oldLastSucc {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = lastSuccOut
		}
	}
	for u := vIn; u != join; u = parent[u] {
		succNum[u] += oldSuccNum
	}
	for u := vOut; u != join; u = parent[u] {
		succNum[u] -= oldSuccNum
	}
}

func dirOf(up bool) int8 {
	if up {
		return dirUp
	}
	return dirDown
}

// updatePotential shifts the potentials of the re-hung subtree so that the
// entering arc has reduced cost 0.
func (s *simplex) updatePotential() {
	uIn := s.uIn
	sigma := s.pi[s.vIn] - s.pi[uIn] - int64(s.predDir[uIn])*s.cost[s.inArc]
	end := s.thread[s.lastSucc[uIn]]
	for u := uIn; u != end; u = s.thread[u] {
		s.pi[u] += sigma
	}
}
