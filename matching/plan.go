package matching

import (
	"context"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/mincostflow"
)

// The allocation planner: the assignment of a whole waiting list to free
// places with the highest total match, within every capacity and
// reservation, and proven optimal.
//
// The model. Each person wants a number of day-parts (at most the ones
// they are available and not yet placed), at most one place per day-part.
// Each offer has free places per day-part: places for everyone (OfferDoc.
// Free) and places a contingent reserves for the participants of some
// referrers (OfferDoc.Reserved). A person may only go to their top-K
// admissible offers from the matcher, on the day-parts the matcher found
// usable, so every hard constraint of matching holds. The objective is the
// sum over assigned day-parts of the match score in points,
// round(1000 × score).
//
// Spread over offers (the default) this is a min-cost flow, solved exactly
// by mincostflow and proven optimal by its dual:
//
//	source ─[wanted]→ person ─[1]→ (person, day-part) ─[1, −points]→ slot ─[free]→ sink
//	source ─────────────────────────────[∞, 0]────────────────────────────────→ sink
//
// where a slot is an (offer, day-part) with its places for everyone; a
// person whose referrer a contingent serves goes to the contingent's
// reserved slot instead, which holds the reserved places and overflows
// into the general slot. The bypass lets people stay unplaced.
//
// OneOffer (a person's day-parts at one offer) is not a flow problem; see
// plan_oneoffer.go for the branch and bound that solves it.

// PlanInput is what a plan is made for.
type PlanInput struct {
	// People are the participants to place, in waiting order: the
	// first-come baseline serves them in this order.
	People []PlanPerson
	// DayParts is how many day-parts a person wants when their
	// PlanPerson names none; default 4, the usual start of a trajectory.
	DayParts int
	// Candidates is K: the plan considers each person's top K admissible
	// offers from the matcher (default 50, at most MaxLimit).
	Candidates int
	// OneOffer keeps each person's day-parts at one offer.
	OneOffer bool
	// Weights, when set, replace the pool's.
	Weights *Weights
	// MaxBranches and SearchTime bound the branch and bound of OneOffer
	// (defaults DefaultMaxBranches and DefaultSearchTime); when either
	// runs out, the plan is the best found, with a proven bound on the
	// optimum (Proof.Bound), not proven optimal.
	MaxBranches int
	SearchTime  time.Duration
}

// PlanPerson is one participant in a plan request.
type PlanPerson struct {
	*Person
	// DayParts is how many day-parts this person wants; 0: the request's.
	DayParts int
}

// Plan defaults and bounds.
const (
	DefaultPlanCandidates = 50
	DefaultMaxBranches    = 100_000
	DefaultSearchTime     = 2 * time.Second
)

// Plan is an assignment of people to places: optimal and proven so, or
// with OneOffer the best found within its limits with a proven bound.
type Plan struct {
	// Assignments are the places, one per person and offer, in waiting
	// order.
	Assignments []Assignment
	// Unassigned are the people who got no place, with why.
	Unassigned []Unassigned
	// Short are the people placed on fewer day-parts than they want.
	Short []Shortfall
	// Total is the objective: points over every assigned day-part.
	Total int64
	// Placed and DayParts count the people placed and their day-parts.
	Placed, DayParts int
	// Proof says why no other assignment scores more.
	Proof Proof
	// Baseline is the first-come plan on the same input.
	Baseline Baseline
	// Size is how big the model was.
	Size PlanSize
	// Timing is where the time went.
	Timing PlanTiming
}

// Assignment is one person at one offer.
type Assignment struct {
	Person   *Person
	Offer    *plekwijzer.OfferDoc
	DayParts []plekwijzer.DayPart // the assigned ones, in calendar order
	// Reserved are the day-parts of DayParts in which the person may
	// use a place a contingent reserves for their referrer.
	Reserved []plekwijzer.DayPart
	Score    float64 // the match score, three decimals
	Points   int64   // round(1000 × score) per day-part, summed
	Rank     int     // the offer's place in the person's ranked list, from 1
	Scores   Scores
	Reasons  []string
	// HighRisk: the work has much dropout for the person's target group
	// (Pool.HighRisk); the plan may still choose it, but says so.
	HighRisk bool
}

// Why a person got no place.
const (
	ReasonNoAvailability = "geen-beschikbaarheid"  // no day-part free in their own week
	ReasonNothingFits    = "geen-passend-aanbod"   // every offer breaks a hard constraint
	ReasonNoFreePlace    = "geen-vrij-dagdeel"     // fitting offers, none free in their day-parts
	ReasonTakenByOthers  = "plaatsen-naar-anderen" // their places went to others, for a higher total
	ReasonProposal       = "lopende-voordracht"    // a voordracht of theirs is waiting for an answer or a start
)

// Unassigned is a person without a place.
type Unassigned struct {
	Person      *Person
	Reason      string // one of the Reason constants
	Explanation string // the reason in a plain Dutch sentence
	// Excluded counts the offers the matcher ruled out, by rule.
	Excluded Excluded
	// Candidates is the number of admissible offers considered.
	Candidates int
}

// Shortfall is a person placed on fewer day-parts than they want.
type Shortfall struct {
	Person      *Person
	Wanted, Got int
	Reason      string
	Explanation string
}

// Proof is why the plan is optimal.
type Proof struct {
	// Method: "min-cost-flow" (spread) or "branch-and-bound" (OneOffer).
	Method string
	// Optimal: no assignment scores more than Total.
	Optimal bool
	// Bound is a proven upper bound on every plan's total; Optimal
	// exactly when it equals Total.
	Bound int64
	// Verified: every certificate the proof rests on was checked.
	Verified bool
	// Dual is the dual value of the flow problem (minus the cost of the
	// flow, so it is in points): the bound the potentials prove. With
	// OneOffer: that of the spread relaxation at the root.
	Dual int64
	// ArcsChecked is the number of arcs whose reduced cost was checked.
	ArcsChecked int
	// Pivots of the network simplex, over every solve.
	Pivots int
	// Branches is the number of branch-and-bound nodes (OneOffer).
	Branches int
}

// Baseline is the first-come plan: people in waiting order, each taking
// their best remaining places.
type Baseline struct {
	Total    int64
	Placed   int
	DayParts int
}

// PlanSize is the size of the model.
type PlanSize struct {
	People     int // in the request
	Candidates int // (person, offer) pairs considered
	Nodes      int // of the flow network
	Arcs       int
	Slots      int // (offer, day-part) slots with free places, of the offers someone may go to
}

// PlanTiming is how long the parts took.
type PlanTiming struct {
	Candidates time.Duration // matching every person against the pool
	Model      time.Duration // building the network
	Solve      time.Duration // the network simplex (and the branch and bound)
	Verify     time.Duration // checking the certificates
	Baseline   time.Duration
}

// Plan makes the optimal plan for in. It returns ctx's error when ctx
// ends first and an error for a person listed twice.
func (p *Pool) Plan(ctx context.Context, in PlanInput) (*Plan, error) {
	start := time.Now()
	m, err := p.newPlanModel(ctx, in)
	if err != nil {
		return nil, err
	}
	plan := &Plan{}
	plan.Timing.Candidates = time.Since(start)

	start = time.Now()
	net := m.network()
	plan.Timing.Model = time.Since(start)
	plan.Size = PlanSize{People: len(m.people), Candidates: m.pairs, Nodes: net.g.Nodes(), Arcs: net.g.Arcs(), Slots: m.slots}

	var take [][]taken
	if in.OneOffer {
		take, err = m.solveOneOffer(ctx, net, in.MaxBranches, in.SearchTime, plan)
	} else {
		take, err = m.solveSpread(ctx, net, plan)
	}
	if err != nil {
		return nil, err
	}
	m.fill(plan, take)

	start = time.Now()
	plan.Baseline = m.baseline(in.OneOffer)
	plan.Timing.Baseline = time.Since(start)
	return plan, nil
}

// PlanNetwork returns the flow network that Plan solves for in (spread
// over offers), to hand the very same problem to another solver
// (mincostflow.Network.WriteDIMACS): its optimal cost is minus the plan's
// total.
func (p *Pool) PlanNetwork(ctx context.Context, in PlanInput) (*mincostflow.Network, error) {
	m, err := p.newPlanModel(ctx, in)
	if err != nil {
		return nil, err
	}
	return m.network().g, nil
}

// planModel is a request prepared: each person's candidates and the free
// places of the offers they could go to.
type planModel struct {
	pool     *Pool
	people   []planPerson
	pairs    int // candidates over all people
	slots    int
	places   map[int]*offerPlaces // by offer index
	weights  Weights
	oneOffer bool
}

type planPerson struct {
	ps       *Person
	want     int // day-parts wanted, within availability
	cands    []eval
	excluded Excluded
	usable   uint16         // day-parts some candidate has free
	eligible map[int][]int8 // offer → reserved entries (index in doc.Reserved) this person may use
}

// offerPlaces are the free places of one offer: per day-part for
// everyone, and per reserved entry.
type offerPlaces struct {
	general  [10]int
	reserved [][10]int // parallel to doc.Reserved
}

func (p *Pool) newPlanModel(ctx context.Context, in PlanInput) (*planModel, error) {
	k := in.Candidates
	switch {
	case k <= 0:
		k = DefaultPlanCandidates
	case k > MaxLimit:
		k = MaxLimit
	}
	defaultWant := in.DayParts
	if defaultWant <= 0 {
		defaultWant = targetDayParts
	}
	m := &planModel{pool: p, people: make([]planPerson, len(in.People)), places: map[int]*offerPlaces{}, oneOffer: in.OneOffer}
	m.weights = p.weightsFor(Options{Weights: in.Weights})
	seen := make(map[string]bool, len(in.People))
	for i, pp := range in.People {
		if seen[pp.P.ID] {
			return nil, fmt.Errorf("matching: plan: participant %s listed twice", pp.P.ID)
		}
		seen[pp.P.ID] = true
		want := pp.DayParts
		if want <= 0 {
			want = defaultWant
		}
		m.people[i] = planPerson{ps: pp.Person, want: min(want, bitsSet(pp.avail))}
	}
	// Match everyone against the pool, in parallel: the pool is
	// read-only.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var evals []eval // reused: only the top K are kept
			for {
				i := int(next.Add(1) - 1)
				if i >= len(m.people) || ctx.Err() != nil {
					return
				}
				pp := &m.people[i]
				var excluded Excluded
				evals, excluded = p.admissibleInto(evals, pp.ps, m.weights)
				pp.excluded = excluded
				best := newBest(min(k, len(evals)), p.byScore)
				for _, e := range evals {
					best.add(e)
				}
				pp.cands = best.items
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range m.people {
		pp := &m.people[i]
		if pp.want == 0 {
			pp.cands = nil
		}
		m.pairs += len(pp.cands)
		for _, e := range pp.cands {
			pp.usable |= e.usable
			op := m.offerPlaces(e.offer)
			if refs := eligibleReserved(p.offers[e.offer].doc, pp.ps.P.ReferrerID, op); len(refs) > 0 {
				if pp.eligible == nil {
					pp.eligible = map[int][]int8{}
				}
				pp.eligible[e.offer] = refs
			}
		}
	}
	return m, nil
}

// offerPlaces returns the free places of offer o, reading them from its
// document the first time.
func (m *planModel) offerPlaces(o int) *offerPlaces {
	if op, ok := m.places[o]; ok {
		return op
	}
	doc := m.pool.offers[o].doc
	op := &offerPlaces{reserved: make([][10]int, len(doc.Reserved))}
	for d, dp := range plekwijzer.DayParts {
		op.general[d] = max(0, doc.Free[dp])
		free := op.general[d]
		for r, res := range doc.Reserved {
			op.reserved[r][d] = max(0, res.Free[dp])
			free += op.reserved[r][d]
		}
		if free > 0 {
			m.slots++
		}
	}
	m.places[o] = op
	return op
}

// offerOrder lists the offers with places in the model in pool order, so
// that the same request always builds the same network.
func (m *planModel) offerOrder() []int {
	offers := slices.Collect(maps.Keys(m.places))
	slices.Sort(offers)
	return offers
}

// eligibleReserved lists the reserved entries of doc the participant of
// referrer may use.
func eligibleReserved(doc *plekwijzer.OfferDoc, referrer *string, op *offerPlaces) []int8 {
	if referrer == nil {
		return nil
	}
	var out []int8
	for r, res := range doc.Reserved {
		if slices.Contains(res.ReferrerIDs, *referrer) && slices.ContainsFunc(op.reserved[r][:], func(n int) bool { return n > 0 }) {
			out = append(out, int8(r))
		}
	}
	return out
}

// taken is one assigned day-part: candidate cand of a person, on day d.
type taken struct {
	cand     int32
	day      int8
	reserved bool
}

// planNetwork is the flow network of a model and how to read its arcs.
type planNetwork struct {
	g *mincostflow.Network
	// Candidate arcs are contiguous per person: person i owns
	// arcs[first[i]:first[i+1]], each described by arc.
	first  []int32
	arc    []taken
	offset int // arc number of the first candidate arc
	// byPair are, per person, the arc ranges of each candidate (for the
	// branch and bound): candidate c owns first[i]+pairStart[i][c] …
	pairStart [][]int32
}

// network builds the flow network of the model.
func (m *planModel) network() *planNetwork {
	// Count first, so that the arrays are allocated once.
	nodes, arcs := 2, 1
	for i := range m.people {
		pp := &m.people[i]
		if len(pp.cands) == 0 {
			continue
		}
		days := bitsSet(pp.usable)
		if pp.want < days {
			nodes++
			arcs++
		}
		nodes += days
		arcs += days
		for _, e := range pp.cands {
			arcs += bitsSet(e.usable) * max(1, len(pp.eligible[e.offer]))
		}
	}
	slotNodes := 0
	for _, op := range m.places {
		for d := range 10 {
			if op.general[d] > 0 {
				slotNodes++
			}
			for r := range op.reserved {
				if op.reserved[r][d] > 0 {
					slotNodes++
				}
			}
		}
	}
	nodes += slotNodes
	arcs += 2 * slotNodes
	g := mincostflow.NewNetwork(nodes, arcs)
	const source, sink = 0, 1
	next := 2
	newNode := func() int { next++; return next - 1 }

	// Slots, with their arcs to the sink first: the candidate arcs refer
	// to them.
	general := make(map[int]*[10]int32, len(m.places))
	reserved := make(map[int][][10]int32, len(m.places))
	for _, o := range m.offerOrder() {
		op := m.places[o]
		gn := &[10]int32{}
		for d := range 10 {
			gn[d] = -1
			if op.general[d] > 0 {
				gn[d] = int32(newNode())
				g.AddArc(int(gn[d]), sink, int64(op.general[d]), 0)
			}
		}
		general[o] = gn
		rn := make([][10]int32, len(op.reserved))
		for r := range op.reserved {
			for d := range 10 {
				rn[r][d] = -1
				if op.reserved[r][d] > 0 {
					rn[r][d] = int32(newNode())
					g.AddArc(int(rn[r][d]), sink, int64(op.reserved[r][d]), 0)
					if gn[d] >= 0 { // reserved places in use: a general one
						g.AddArc(int(rn[r][d]), int(gn[d]), mincostflow.Inf, 0)
					}
				}
			}
		}
		reserved[o] = rn
	}
	g.AddArc(source, sink, mincostflow.Inf, 0)

	// Each person's day-part nodes, fed directly from the source when
	// they want every day-part they could get.
	dayNodes := make([][10]int32, len(m.people))
	var total int64
	for i := range m.people {
		pp := &m.people[i]
		if len(pp.cands) == 0 {
			continue
		}
		total += int64(pp.want)
		from := source
		if pp.want < bitsSet(pp.usable) {
			from = newNode()
			g.AddArc(source, from, int64(pp.want), 0)
		}
		for d := range 10 {
			if pp.usable&(1<<d) != 0 {
				dayNodes[i][d] = int32(newNode())
				g.AddArc(from, int(dayNodes[i][d]), 1, 0)
			}
		}
	}

	// The candidate arcs, last and contiguous per person.
	net := &planNetwork{g: g, first: make([]int32, len(m.people)+1), pairStart: make([][]int32, len(m.people))}
	net.offset = g.Arcs()
	net.arc = make([]taken, 0, arcs-net.offset)
	for i := range m.people {
		pp := &m.people[i]
		dayNode := &dayNodes[i]
		net.first[i] = int32(g.Arcs() - net.offset)
		starts := make([]int32, len(pp.cands)+1)
		for c, e := range pp.cands {
			starts[c] = int32(g.Arcs()-net.offset) - net.first[i]
			cost := -points(e.score)
			refs := pp.eligible[e.offer]
			for d := range 10 {
				if e.usable&(1<<d) == 0 {
					continue
				}
				// Reserved places this person may use, else (also when
				// those are in use: the reserved slot overflows) the
				// places for everyone.
				added := false
				for _, r := range refs {
					if to := reserved[e.offer][r][d]; to >= 0 {
						g.AddArc(int(dayNode[d]), int(to), 1, cost)
						net.arc = append(net.arc, taken{cand: int32(c), day: int8(d), reserved: true})
						added = true
					}
				}
				if to := general[e.offer][d]; !added && to >= 0 {
					g.AddArc(int(dayNode[d]), int(to), 1, cost)
					net.arc = append(net.arc, taken{cand: int32(c), day: int8(d)})
				}
			}
		}
		starts[len(pp.cands)] = int32(g.Arcs()-net.offset) - net.first[i]
		net.pairStart[i] = starts
	}
	net.first[len(m.people)] = int32(g.Arcs() - net.offset)
	g.SetSupply(source, total)
	g.SetSupply(sink, -total)
	return net
}

// points is a match score in the plan's integer units.
func points(score float64) int64 { return int64(math.Round(score * 1000)) }

// solveSpread solves the flow problem and checks its certificate.
func (m *planModel) solveSpread(ctx context.Context, net *planNetwork, plan *Plan) ([][]taken, error) {
	start := time.Now()
	sol, err := net.g.SolveContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("matching: plan: %w", err)
	}
	plan.Timing.Solve = time.Since(start)
	start = time.Now()
	cert, err := net.g.Verify(sol)
	plan.Timing.Verify = time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("matching: plan: the solution does not prove itself: %w", err)
	}
	plan.Proof = Proof{
		Method: "min-cost-flow", Optimal: true, Verified: true,
		Bound: -sol.Cost, Dual: -cert.DualValue, ArcsChecked: cert.Arcs, Pivots: sol.Pivots,
	}
	return net.decode(sol.Flow), nil
}

// decode reads the assigned day-parts per person from a flow.
func (net *planNetwork) decode(flow []int64) [][]taken {
	take := make([][]taken, len(net.first)-1)
	for i := range take {
		for a := net.first[i]; a < net.first[i+1]; a++ {
			if flow[net.offset+int(a)] > 0 {
				take[i] = append(take[i], net.arc[a])
			}
		}
	}
	return take
}

// fill writes the assignments, the unassigned and the shortfalls of take
// into plan.
func (m *planModel) fill(plan *Plan, take [][]taken) {
	for i := range m.people {
		pp := &m.people[i]
		as := m.assignments(pp, take[i])
		got := 0
		for _, a := range as {
			got += len(a.DayParts)
			plan.Total += a.Points
		}
		plan.Assignments = append(plan.Assignments, as...)
		plan.DayParts += got
		switch {
		case got == 0:
			plan.Unassigned = append(plan.Unassigned, m.unassigned(pp))
		case got < pp.want:
			plan.Placed++
			plan.Short = append(plan.Short, m.shortfall(pp, got))
		default:
			plan.Placed++
		}
	}
}

// assignments turns a person's taken day-parts into one assignment per
// offer, in the order of their ranking.
func (m *planModel) assignments(pp *planPerson, take []taken) []Assignment {
	slices.SortFunc(take, func(a, b taken) int {
		if a.cand != b.cand {
			return int(a.cand - b.cand)
		}
		return int(a.day - b.day)
	})
	var out []Assignment
	for j := 0; j < len(take); {
		c := take[j].cand
		e := pp.cands[c]
		match := m.pool.explain(pp.ps, e)
		a := Assignment{Person: pp.ps, Offer: match.Offer, Score: match.Score, Rank: int(c) + 1, Scores: match.Scores, Reasons: match.Reasons,
			HighRisk: m.pool.HighRisk(match.Offer.Offer.WorkTypeID, pp.ps.P.TargetGroup)}
		for ; j < len(take) && take[j].cand == c; j++ {
			dp := plekwijzer.DayParts[take[j].day]
			a.DayParts = append(a.DayParts, dp)
			if take[j].reserved {
				a.Reserved = append(a.Reserved, dp)
			}
			a.Points += points(e.score)
		}
		out = append(out, a)
	}
	return out
}

func (m *planModel) unassigned(pp *planPerson) Unassigned {
	u := Unassigned{Person: pp.ps, Excluded: pp.excluded, Candidates: len(pp.cands)}
	switch {
	case pp.ps.proposals > 0:
		u.Reason = ReasonProposal
		u.Explanation = "Heeft al een lopende voordracht: die houdt de dagdelen vast tot de werkplek antwoordt of de plaatsing begint. Daarom plant de planner er niets bij."
		if pp.ps.avail != 0 {
			u.Explanation = "Heeft al een lopende voordracht; op de andere dagdelen is in dit plan niets passends vrij."
		}
	case pp.ps.avail == 0:
		u.Reason, u.Explanation = ReasonNoAvailability, "Heeft geen vrij dagdeel in de eigen week: niet beschikbaar of al geplaatst op elk dagdeel."
	case pp.want == 0:
		u.Reason, u.Explanation = ReasonNoAvailability, "Wil geen dagdelen."
	case len(pp.cands) == 0 && pp.excluded[NoFreeDayPart] > 0:
		u.Reason = ReasonNoFreePlace
		u.Explanation = fmt.Sprintf("%d werkplekken passen, maar geen ervan heeft een vrije plek op een dagdeel waarop de deelnemer kan.", pp.excluded[NoFreeDayPart])
	case len(pp.cands) == 0:
		u.Reason, u.Explanation = ReasonNothingFits, "Geen enkele werkplek voldoet aan de harde eisen (zie uitgesloten)."
	default:
		u.Reason = ReasonTakenByOthers
		u.Explanation = fmt.Sprintf("De vrije plaatsen bij de %d passende werkplekken gaan in dit plan naar anderen: zo is de totale match hoger.", len(pp.cands))
	}
	return u
}

func (m *planModel) shortfall(pp *planPerson, got int) Shortfall {
	s := Shortfall{Person: pp.ps, Wanted: pp.want, Got: got}
	// The most day-parts the person could have had without anyone else.
	most := bitsSet(pp.usable)
	if m.oneOffer {
		most = 0
		for _, e := range pp.cands {
			most = max(most, bitsSet(e.usable))
		}
	}
	switch {
	case most <= got && m.oneOffer:
		s.Reason = ReasonNoFreePlace
		s.Explanation = fmt.Sprintf("Krijgt %d van de %d gewenste dagdelen: geen passende werkplek heeft op meer van die dagdelen plaats.", got, pp.want)
	case most <= got:
		s.Reason = ReasonNoFreePlace
		s.Explanation = fmt.Sprintf("Krijgt %d van de %d gewenste dagdelen: op de andere dagdelen is geen passende werkplek vrij.", got, pp.want)
	default:
		s.Reason = ReasonTakenByOthers
		s.Explanation = fmt.Sprintf("Krijgt %d van de %d gewenste dagdelen: de andere vrije plaatsen gaan in dit plan naar anderen.", got, pp.want)
	}
	return s
}
