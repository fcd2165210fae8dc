package main

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/matching"
)

// The simulation: synthetic participants with hidden likes, dislikes and
// supervision needs are placed week by week under one policy, and drop out
// with a weekly hazard that grows with mismatch and monotony. Every number
// below is an assumption, stated again in docs/MATCHING.md.

// simConfig is one run.
type simConfig struct {
	Seed     uint64
	Weeks    int     // weekly steps
	Initial  int     // people waiting at the start, arriving over the first weeks
	Arrivals float64 // new people per week (Poisson mean)
	// Monotony scales the monotony terms of the hazard (1 as assumed;
	// other values for the sensitivity analysis).
	Monotony float64
}

// defaultSim is the run the report shows.
var defaultSim = simConfig{Weeks: 104, Initial: 300, Arrivals: 10, Monotony: 1}

// The model's assumptions.
const (
	initialSpread   = 8    // the initial people arrive over this many weeks
	minWeeks        = 8    // a placement is planned for minWeeks…maxWeeks weeks
	maxWeeks        = 20   //
	minGoal         = 2    // people flow out after minGoal…maxGoal completed placements
	maxGoal         = 4    //
	leaveAfterDrop  = 0.5  // chance that a dropout also ends the trajectory
	pauseAfterDrop  = 4    // weeks before someone who stays after a dropout waits again
	maxWait         = 26   // weeks someone waits for a first or next placement before giving up
	proposalWeeks   = 4    // fair exposure counts proposals of the last weeks
	shortlist       = 5    // the coach proposes the list's first items, one by one
	acceptLiked     = 0.95 // chance a person accepts a proposed placement they like
	acceptNeutral   = 0.80 // … one they neither like nor dislike
	acceptDisliked  = 0.35 // … one they dislike
	recordLike      = 0.6  // chance the coach recorded a hidden like as an interest
	recordDislike   = 0.25 // chance the coach recorded a hidden dislike as a work type to avoid
	dislikePacking  = 0.4  // chance someone dislikes packing (if they do not like it)
	underestimated  = 0.25 // chance the recorded supervision need is one below the real one
	overestimated   = 0.10 // chance it is one above
	baseHazard      = 0.012
	betaSkills      = 0.8  // per share of required skills missing
	betaSupervision = 0.7  // per level of supervision short of the real need
	betaDistance    = 0.6  // per travel range travelled
	betaNoTransit   = 0.4  // more than 3 km without public transport
	betaDisliked    = 1.2  //
	betaLiked       = -0.5 //
	betaMonotony    = 0.35 // per 13 weeks in the same work type over the last year
	betaMonoPacking = 0.7  // the same for packing and repacking
	monotonyWindow  = 52   // weeks
	maxHazard       = 0.5
)

// policy orders the offers that pass every hard constraint for a person.
type policy struct {
	Name string
	// Text reorders every offer that passes by text relevance (Options
	// then only select them).
	Text bool
	Opt  matching.Options
}

// policies are the three the issue compares.
func policies() []policy {
	fit := matching.DefaultWeights
	fit[matching.Variety], fit[matching.Retention] = 0, 0
	return []policy{
		{Name: "text relevance only", Text: true, Opt: matching.Options{Limit: matching.MaxLimit, Diversity: ptr(0.0)}},
		{Name: "fit without variety and dropout", Opt: matching.Options{Limit: 10, Weights: &fit, Diversity: ptr(0.0)}},
		{Name: "full ranking", Opt: matching.Options{Limit: 10}},
	}
}

// ablations are the full ranking without one of its parts.
func ablations() []policy {
	without := func(c matching.Component) *matching.Weights {
		w := matching.DefaultWeights
		w[c] = 0
		return &w
	}
	return []policy{
		{Name: "full ranking without retention (behoud=0)", Opt: matching.Options{Limit: 10, Weights: without(matching.Retention)}},
		{Name: "full ranking without variety (variatie=0)", Opt: matching.Options{Limit: 10, Weights: without(matching.Variety)}},
		{Name: "full ranking without re-ranking (diversiteit=0)", Opt: matching.Options{Limit: 10, Diversity: ptr(0.0)}},
	}
}

func ptr[T any](v T) *T { return &v }

// person is a synthetic participant: the profile a coach keeps and what
// only the simulation knows.
type person struct {
	serial   int
	p        *plekwijzer.Participant // the recorded profile
	likes    map[string]bool         // hidden, by work type id
	dislikes map[string]bool         // hidden
	need     int                     // real supervision need
	dayParts int                     // day-parts a placement takes
	goal     int                     // completed placements before outflow
	arrival  int                     // week
	rng      *rand.Rand              // the person's own draws

	history   []plekwijzer.HistoryEntry
	stints    []stint
	completed int
	state     personState
	since     int // week the current state began
	cur       *placement
}

type personState int

const (
	notYet personState = iota
	waiting
	placed
	paused
	gone
)

// stint is a placement in weeks, for monotony.
type stint struct {
	workType   string
	start, end int // end is exclusive; -1 while running
}

// placement is a running placement.
type placement struct {
	offer    int // index into sim.offers
	dayParts []plekwijzer.DayPart
	start    int
	planned  int
	hist     int // index into person.history
	km       float64
}

// sim is one run under one policy.
type sim struct {
	w      *world
	cfg    simConfig
	pol    policy
	text   *textIndex
	offers []*plekwijzer.OfferDoc // copies with their own Free
	byID   map[string]int
	people []*person
	counts map[countKey]*plekwijzer.DropoutCount
	// created is, per week, the organisations of the placements created.
	created [][]string
	m       *metrics
}

type countKey struct {
	workType string
	group    plekwijzer.TargetGroup
}

// metrics are what one run measured.
type metrics struct {
	Started, Ended, Dropouts, Completed int
	Outflow, LeftAfterDrop              int
	// Unplaced people waited maxWait weeks for a first placement in vain,
	// GaveUp people for a next one.
	Unplaced, GaveUp int
	PackingStarted   int
	ByWorkType       map[string]int
	Orgs             map[string]int
	// PersonShannon is the mean Shannon entropy (nats) of the work types
	// of a person's placements, over people with at least two; Distinct
	// their mean number of distinct work types.
	PersonShannon, Distinct float64
	MultiPlaced             int
	// Liked, Disliked and Repeat count placements started in a work type
	// the person secretly likes, dislikes, or did in their previous
	// placement; PriorWeeks sums the weeks the person had already worked
	// in the work type over the last year when it started.
	Liked, Disliked, Repeat, PriorWeeks int
	// Terms sums each term of the hazard's exponent over the weeks
	// worked, Weeks counts those weeks: their ratio says what drives
	// dropout.
	Terms [numTerms]float64
	Weeks int
	// Occupancy is the mean share of the places per day-part in use.
	Occupancy float64
	// Overbooked counts day-parts booked beyond capacity: must be 0.
	Overbooked int
}

func (m *metrics) dropoutRate() float64 { return ratio(m.Dropouts, m.Ended) }
func (m *metrics) packingShare() float64 {
	return ratio(m.PackingStarted, m.Started)
}

// shannon is the entropy of the placements over work types, in nats.
func (m *metrics) shannon() float64 { return entropy(slices.Collect(maps.Values(m.ByWorkType))) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func entropy(counts []int) float64 {
	n := 0
	for _, c := range counts {
		n += c
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(n)
			h -= p * math.Log(p)
		}
	}
	return h
}

// population makes the people of a run: the same for every policy of a
// seed, so that policies are compared on the same people (common random
// numbers).
func population(w *world, cfg simConfig) []*person {
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	var arrivals []int
	for range cfg.Initial {
		arrivals = append(arrivals, r.IntN(initialSpread))
	}
	for week := range cfg.Weeks {
		for range poisson(r, cfg.Arrivals) {
			arrivals = append(arrivals, week)
		}
	}
	slices.Sort(arrivals)
	packing := w.wtByCode[packingCode].ID
	people := make([]*person, len(arrivals))
	for i, week := range arrivals {
		t := w.people[r.IntN(len(w.people))]
		pr := rand.New(rand.NewPCG(cfg.Seed, uint64(i)+1))
		p := *t
		p.ID, p.Code = fmt.Sprintf("sim-%05d", i), fmt.Sprintf("SIM-%05d", i)
		p.Skills = slices.Clone(t.Skills)
		p.LearningGoals = slices.Clone(t.LearningGoals)
		p.Availability = slices.Clone(t.Availability)
		p.Phase = "ontwikkelplek"
		if t.Phase == "intake" || t.Phase == "voortraject" || t.Phase == "beschut" {
			p.Phase = t.Phase
		}
		ps := &person{serial: i, p: &p, likes: map[string]bool{}, dislikes: map[string]bool{}, arrival: week, rng: pr}
		// Hidden likes: what the demo profile names, and up to two more.
		for _, id := range t.Interests {
			ps.likes[id] = true
		}
		for range pr.IntN(3) {
			ps.likes[w.workTypes[pr.IntN(len(w.workTypes))].ID] = true
		}
		// Hidden dislikes: what the demo profile avoids, one or two more,
		// and packing for many.
		for _, id := range t.Avoid {
			if !ps.likes[id] {
				ps.dislikes[id] = true
			}
		}
		for range 1 + pr.IntN(2) {
			if id := w.workTypes[pr.IntN(len(w.workTypes))].ID; !ps.likes[id] {
				ps.dislikes[id] = true
			}
		}
		if !ps.likes[packing] && pr.Float64() < dislikePacking {
			ps.dislikes[packing] = true
		}
		// What the coach recorded of them.
		p.Interests, p.Avoid = nil, nil
		for _, id := range sortedKeys(ps.likes) {
			if pr.Float64() < recordLike {
				p.Interests = append(p.Interests, id)
			}
		}
		for _, id := range sortedKeys(ps.dislikes) {
			if pr.Float64() < recordDislike {
				p.Avoid = append(p.Avoid, id)
			}
		}
		ps.need = p.SupervisionNeed
		switch u := pr.Float64(); {
		case u < underestimated:
			ps.need = min(plekwijzer.MaxSupervision, ps.need+1)
		case u < underestimated+overestimated:
			ps.need = max(plekwijzer.MinSupervision, ps.need-1)
		}
		ps.dayParts = min(len(p.Availability), 2+pr.IntN(3))
		ps.goal = minGoal + pr.IntN(maxGoal-minGoal+1)
		people[i] = ps
	}
	return people
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

// poisson draws from a Poisson distribution with mean lambda (Knuth).
func poisson(r *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// runSim runs one policy over a seed's population.
func runSim(w *world, cfg simConfig, pol policy) (*metrics, error) {
	s := &sim{w: w, cfg: cfg, pol: pol, people: population(w, cfg), byID: map[string]int{},
		counts: map[countKey]*plekwijzer.DropoutCount{}, created: make([][]string, cfg.Weeks),
		m: &metrics{ByWorkType: map[string]int{}, Orgs: map[string]int{}}}
	for i, d := range w.offers {
		c := *d
		c.Free = maps.Clone(d.Offer.Capacity)
		s.offers = append(s.offers, &c)
		s.byID[d.Offer.ID] = i
	}
	if len(s.offers) > matching.MaxLimit {
		return nil, fmt.Errorf("%d offers: the text policy sees at most %d", len(s.offers), matching.MaxLimit)
	}
	if pol.Text {
		s.text = newTextIndex(w, s.offers)
	}
	occupied, places := 0, 0
	for week := range cfg.Weeks {
		s.advance(week)
		if err := s.match(week); err != nil {
			return nil, err
		}
		if err := s.checkCapacity(); err != nil {
			return nil, fmt.Errorf("week %d: %w", week, err)
		}
		for _, d := range s.offers {
			for dp, n := range d.Offer.Capacity {
				places += n
				occupied += n - d.Free[dp]
			}
		}
	}
	s.m.Occupancy = ratio(occupied, places)
	s.finish()
	return s.m, nil
}

// checkCapacity recounts the places the running placements hold: every
// day-part's free places must be its capacity minus those, never below 0.
func (s *sim) checkCapacity() error {
	held := make([]plekwijzer.Capacity, len(s.offers))
	for _, ps := range s.people {
		if ps.cur == nil {
			continue
		}
		if held[ps.cur.offer] == nil {
			held[ps.cur.offer] = plekwijzer.Capacity{}
		}
		for _, dp := range ps.cur.dayParts {
			held[ps.cur.offer][dp]++
		}
	}
	for i, d := range s.offers {
		for _, dp := range plekwijzer.DayParts {
			if h := held[i][dp]; h > d.Offer.Capacity[dp] || d.Free[dp] != d.Offer.Capacity[dp]-h {
				s.m.Overbooked++
				return fmt.Errorf("offer %s on %s: capacity %d, %d held, %d free", d.Offer.ID, dp, d.Offer.Capacity[dp], h, d.Free[dp])
			}
		}
	}
	return nil
}

func (s *sim) date(week int) plekwijzer.Date { return s.w.today.AddDays(7 * week) }

// advance moves everyone one week on: arrivals, a week of work with its
// chance of dropout, completions, the end of pauses and of waiting.
func (s *sim) advance(week int) {
	for _, ps := range s.people {
		switch ps.state {
		case notYet:
			if ps.arrival == week {
				ps.state, ps.since = waiting, week
			}
		case placed:
			pl := ps.cur
			if week-pl.start >= 1 && ps.rng.Float64() < s.hazard(ps, pl, week) {
				s.end(ps, week, plekwijzer.PlacementDropout)
			} else if week-pl.start >= pl.planned {
				s.end(ps, week, plekwijzer.PlacementCompleted)
			}
		case paused:
			if week-ps.since >= pauseAfterDrop {
				ps.state, ps.since = waiting, week
			}
		case waiting:
			if week-ps.since >= maxWait {
				ps.state = gone
				if len(ps.stints) == 0 {
					s.m.Unplaced++
				} else {
					s.m.GaveUp++
				}
			}
		}
	}
}

// The terms of the hazard.
const (
	termSkills = iota
	termSupervision
	termDistance
	termPreference
	termMonotony
	numTerms
)

var termNames = [numTerms]string{"skills", "supervision", "distance", "likes and dislikes", "monotony"}

// hazard is the chance that a person drops out of their placement this
// week: baseHazard · exp(sum of the terms), at most maxHazard.
func (s *sim) hazard(ps *person, pl *placement, week int) float64 {
	d := s.offers[pl.offer]
	o := d.Offer
	var x [numTerms]float64
	if len(o.RequiredSkills) > 0 {
		missing := 0
		for _, id := range o.RequiredSkills {
			if !slices.ContainsFunc(ps.p.Skills, func(l plekwijzer.SkillLevel) bool { return l.SkillID == id }) {
				missing++
			}
		}
		x[termSkills] = betaSkills * float64(missing) / float64(len(o.RequiredSkills))
	}
	x[termSupervision] = betaSupervision * float64(max(0, ps.need-o.Supervision))
	if ps.p.MaxTravelKm > 0 {
		x[termDistance] = betaDistance * pl.km / float64(ps.p.MaxTravelKm)
	}
	if pl.km > 3 && !o.Access.PublicTransport {
		x[termDistance] += betaNoTransit
	}
	switch {
	case ps.dislikes[o.WorkTypeID]:
		x[termPreference] = betaDisliked
	case ps.likes[o.WorkTypeID]:
		x[termPreference] = betaLiked
	}
	beta := betaMonotony
	if d.WorkTypeCode == packingCode {
		beta = betaMonoPacking
	}
	x[termMonotony] = s.cfg.Monotony * beta * float64(ps.weeksIn(o.WorkTypeID, week)) / 13
	sum := 0.0
	for i, v := range x {
		s.m.Terms[i] += v
		sum += v
	}
	s.m.Weeks++
	return math.Min(maxHazard, baseHazard*math.Exp(sum))
}

// weeksIn is how many of the last monotonyWindow weeks the person worked
// in a work type.
func (ps *person) weeksIn(workType string, week int) int {
	from, n := week-monotonyWindow, 0
	for _, st := range ps.stints {
		if st.workType != workType {
			continue
		}
		end := st.end
		if end < 0 {
			end = week
		}
		n += max(0, end-max(st.start, from))
	}
	return n
}

// end ends a person's placement this week.
func (s *sim) end(ps *person, week int, status plekwijzer.PlacementStatus) {
	pl := ps.cur
	d := s.offers[pl.offer]
	for _, dp := range pl.dayParts {
		d.Free[dp]++
	}
	h := &ps.history[pl.hist]
	end := s.date(week)
	h.End, h.Status = &end, status
	ps.stints[len(ps.stints)-1].end = week
	k := countKey{d.Offer.WorkTypeID, ps.p.TargetGroup}
	c := s.counts[k]
	if c == nil {
		c = &plekwijzer.DropoutCount{WorkTypeID: k.workType, TargetGroup: k.group, Reasons: map[string]int{}}
		s.counts[k] = c
	}
	c.Ended++
	s.m.Ended++
	ps.cur = nil
	if status == plekwijzer.PlacementDropout {
		c.Dropouts++
		s.m.Dropouts++
		// The coach learns what the person did not want.
		if ps.dislikes[d.Offer.WorkTypeID] && !slices.Contains(ps.p.Avoid, d.Offer.WorkTypeID) && !slices.Contains(ps.p.Interests, d.Offer.WorkTypeID) {
			ps.p.Avoid = append(ps.p.Avoid, d.Offer.WorkTypeID)
		}
		if ps.rng.Float64() < leaveAfterDrop {
			ps.state = gone
			s.m.LeftAfterDrop++
			return
		}
		ps.state, ps.since = paused, week
		return
	}
	s.m.Completed++
	ps.completed++
	learn(ps, d.Offer)
	if ps.completed >= ps.goal {
		ps.state = gone
		s.m.Outflow++
		return
	}
	ps.state, ps.since = waiting, week
}

// learn records what a completed placement taught: its required skills
// and up to two of what it teaches, one level up.
func learn(ps *person, o *plekwijzer.Offer) {
	gained := slices.Clone(o.RequiredSkills)
	gained = append(gained, o.LearnableSkills[:min(2, len(o.LearnableSkills))]...)
	for _, id := range gained {
		i := slices.IndexFunc(ps.p.Skills, func(l plekwijzer.SkillLevel) bool { return l.SkillID == id })
		if i < 0 {
			ps.p.Skills = append(ps.p.Skills, plekwijzer.SkillLevel{SkillID: id, Level: 1})
			continue
		}
		ps.p.Skills[i].Level = min(plekwijzer.MaxSkillLevel, ps.p.Skills[i].Level+1)
	}
}

// match places the people who wait, longest waiting first. As the service
// does after every write, the pool is built again after every booking, so
// free places always reflect what was booked before; the dropout counts
// are those observed until this week, the proposals those of the last
// weeks, this week's bookings included.
func (s *sim) match(week int) error {
	var queue []*person
	for _, ps := range s.people {
		if ps.state == waiting {
			queue = append(queue, ps)
		}
	}
	slices.SortStableFunc(queue, func(a, b *person) int { return cmp.Compare(a.since, b.since) })
	counts := s.dropoutCounts()
	pool := s.pool(week, counts)
	opt := s.pol.Opt
	for _, ps := range queue {
		me := pool.Prepare(ps.p, ps.history)
		res := pool.Match(me, opt)
		items := res.Items
		if s.pol.Text {
			items = s.text.rank(ps, items, s.cfg.Seed)
		}
		for _, m := range items[:min(shortlist, len(items))] {
			if ps.rng.Float64() >= s.acceptance(ps, m.Offer.Offer.WorkTypeID) {
				continue
			}
			if err := s.book(ps, m, week); err != nil {
				return err
			}
			pool = s.pool(week, counts)
			break
		}
	}
	return nil
}

func (s *sim) acceptance(ps *person, workType string) float64 {
	switch {
	case ps.likes[workType]:
		return acceptLiked
	case ps.dislikes[workType]:
		return acceptDisliked
	}
	return acceptNeutral
}

// pool is a matching pool of the offers as they are now, with the given
// dropout counts and the proposals of the last weeks.
func (s *sim) pool(week int, counts []plekwijzer.DropoutCount) *matching.Pool {
	proposals := map[string]int{}
	for w := max(0, week-proposalWeeks+1); w <= week; w++ {
		for _, org := range s.created[w] {
			proposals[org]++
		}
	}
	return matching.NewPool(matching.Input{
		WorkTypes: s.w.workTypes, Skills: s.w.skills, Offers: s.offers,
		Stats: matching.Stats{Dropouts: counts, Proposals: proposals}, Today: s.date(week),
	})
}

// dropoutCounts lists the counts observed so far, as the store's
// DropoutCounts does: by work type and target group.
func (s *sim) dropoutCounts() []plekwijzer.DropoutCount {
	keys := slices.SortedFunc(maps.Keys(s.counts), func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.workType, b.workType), cmp.Compare(a.group, b.group))
	})
	counts := make([]plekwijzer.DropoutCount, len(keys))
	for i, k := range keys {
		counts[i] = *s.counts[k]
	}
	return counts
}

// book places a person at a ranked offer, in as many of its usable
// day-parts as the person works.
func (s *sim) book(ps *person, m matching.Match, week int) error {
	i := s.byID[m.Offer.Offer.ID]
	d := s.offers[i]
	parts := slices.Clone(m.DayParts)
	ps.rng.Shuffle(len(parts), func(a, b int) { parts[a], parts[b] = parts[b], parts[a] })
	parts = plekwijzer.SortedDayParts(parts[:min(ps.dayParts, len(parts))])
	for _, dp := range parts {
		if d.Free[dp] <= 0 {
			s.m.Overbooked++
			return fmt.Errorf("offer %s has no free place on %s", d.Offer.ID, dp)
		}
		d.Free[dp]--
	}
	pl := &placement{offer: i, dayParts: parts, start: week, planned: minWeeks + ps.rng.IntN(maxWeeks-minWeeks+1), hist: len(ps.history)}
	if m.DistanceKm != nil {
		pl.km = *m.DistanceKm
	} else if a, ok := geo.Lookup(ps.p.Postcode); ok {
		if b, ok := geo.Lookup(d.Offer.Postcode); ok {
			pl.km = geo.DistanceKm(a.Point, b.Point)
		}
	}
	wt := d.Offer.WorkTypeID
	switch {
	case ps.likes[wt]:
		s.m.Liked++
	case ps.dislikes[wt]:
		s.m.Disliked++
	}
	if n := len(ps.stints); n > 0 && ps.stints[n-1].workType == wt {
		s.m.Repeat++
	}
	s.m.PriorWeeks += ps.weeksIn(wt, week)
	ps.history = append(ps.history, plekwijzer.HistoryEntry{
		ParticipantID: ps.p.ID, PlacementID: fmt.Sprintf("pl-%05d-%d", ps.serial, len(ps.history)), OfferID: d.Offer.ID,
		WorkTypeID: d.Offer.WorkTypeID, OrganisationID: d.Offer.OrganisationID, DayParts: parts,
		Start: s.date(week), Status: plekwijzer.PlacementActive,
	})
	ps.stints = append(ps.stints, stint{workType: d.Offer.WorkTypeID, start: week, end: -1})
	ps.cur, ps.state, ps.since = pl, placed, week
	s.created[week] = append(s.created[week], d.Offer.OrganisationID)
	s.m.Started++
	s.m.ByWorkType[d.Offer.WorkTypeID]++
	s.m.Orgs[d.Offer.OrganisationID]++
	if d.WorkTypeCode == packingCode {
		s.m.PackingStarted++
	}
	return nil
}

// finish computes the per-person diversity.
func (s *sim) finish() {
	sum, distinct := 0.0, 0
	for _, ps := range s.people {
		if len(ps.stints) < 2 {
			continue
		}
		byWT := map[string]int{}
		for _, st := range ps.stints {
			byWT[st.workType]++
		}
		sum += entropy(slices.Collect(maps.Values(byWT)))
		distinct += len(byWT)
		s.m.MultiPlaced++
	}
	if s.m.MultiPlaced > 0 {
		s.m.PersonShannon = sum / float64(s.m.MultiPlaced)
		s.m.Distinct = float64(distinct) / float64(s.m.MultiPlaced)
	}
}

// tieBreak is a fixed pseudo-random order of offers per person and seed,
// for the text policy's ties.
func tieBreak(seed uint64, personID, offerID string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s/%s", seed, personID, offerID)
	return h.Sum64()
}
