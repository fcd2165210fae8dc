package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
)

// Exclusion is why an offer (or a participant) was left out. The order of
// the constants is the order the checks run in: an excluded pair is counted
// once, under the first rule it breaks.
type Exclusion int

// The hard constraints. None is ever broken by a ranked item.
const (
	NotOpen       Exclusion = iota // the offer is paused or closed
	AlreadyPlaced                  // the participant already has a placement there
	Avoided                        // a work type the participant avoids
	TargetGroup                    // the offer does not admit the participant's target group
	Supervision                    // less supervision than the participant needs
	PhysicalLoad                   // heavier than the participant can bear
	Wheelchair                     // not wheelchair-accessible while the participant needs it
	TravelRange                    // beyond the participant's travel range
	NoFreeDayPart                  // no free place in any day-part the participant is available
	numExclusions
)

var exclusionNames = [numExclusions]string{
	NotOpen:       "niet-open",
	AlreadyPlaced: "al-geplaatst",
	Avoided:       "vermeden-werksoort",
	TargetGroup:   "doelgroep",
	Supervision:   "begeleiding",
	PhysicalLoad:  "fysieke-belasting",
	Wheelchair:    "rolstoel",
	TravelRange:   "reisafstand",
	NoFreeDayPart: "geen-vrij-dagdeel",
}

// Name is the exclusion's Dutch key in `uitgesloten`.
func (e Exclusion) Name() string { return exclusionNames[e] }

// ExclusionNames lists the keys in check order.
func ExclusionNames() []string { return exclusionNames[:] }

// Excluded counts exclusions by reason.
type Excluded [numExclusions]int

// Map returns the counts by Dutch key, every key present.
func (x Excluded) Map() map[string]int {
	m := make(map[string]int, numExclusions)
	for e, n := range x {
		m[exclusionNames[e]] = n
	}
	return m
}

// Total is the number of excluded items.
func (x Excluded) Total() int {
	n := 0
	for _, v := range x {
		n += v
	}
	return n
}

// Options tune one ranking.
type Options struct {
	// Limit is the number of items to return (default 10, at most 100).
	Limit int
	// Diversity in [0,1] trades score for a varied list: 0 ranks by score
	// alone, 1 spreads over work types and organisations as much as it
	// can. Nil means DefaultDiversity.
	Diversity *float64
	// Weights, when set, replace the pool's.
	Weights *Weights
}

// DefaultDiversity is the re-ranking strength when a request names none.
const DefaultDiversity = 0.3

// MaxLimit bounds Options.Limit.
const MaxLimit = 100

func (o Options) limit() int {
	switch {
	case o.Limit <= 0:
		return 10
	case o.Limit > MaxLimit:
		return MaxLimit
	}
	return o.Limit
}

func (o Options) diversity() float64 {
	if o.Diversity == nil {
		return DefaultDiversity
	}
	return clamp01(*o.Diversity)
}

// Match is one ranked offer for a participant.
type Match struct {
	Offer      *plekwijzer.OfferDoc
	Score      float64
	Scores     Scores
	Reasons    []string
	DayParts   []plekwijzer.DayPart // usable: free and the participant is available
	DistanceKm *float64
}

// ListDiversity describes how varied a ranked list is.
type ListDiversity struct {
	WorkTypes     int     `json:"werksoorten"`    // distinct work types
	Organisations int     `json:"organisaties"`   // distinct organisations
	IntraList     float64 `json:"intraLijst"`     // 1 − mean pairwise similarity, in [0,1]
	Strength      float64 `json:"diversiteit"`    // the re-ranking strength used
	Candidates    int     `json:"geschiktAantal"` // items that passed every hard constraint
}

// Result is a ranked list of offers for one participant.
type Result struct {
	Items      []Match
	Excluded   Excluded
	Considered int
	Diversity  ListDiversity
}

// eval is the outcome of checking one offer for one person.
type eval struct {
	offer    int
	excluded Exclusion // numExclusions when it passed
	usable   uint16
	distance float64
	scores   Scores
	score    float64
}

// Match ranks the pool's offers for one person.
func (p *Pool) Match(ps *Person, opt Options) *Result {
	w := p.weightsFor(opt)
	res := &Result{Considered: len(p.offers)}
	limit := opt.limit()
	// Only the top of the list is re-ranked for diversity, so only the
	// top is kept while the offers are checked.
	top := newBest(min(len(p.offers), rerankDepth(limit)), p.byScore)
	km := newKmCache(false)
	defer km.done()
	passed := 0
	for i := range p.offers {
		e := p.evaluateWith(ps, i, w, km)
		if e.excluded != numExclusions {
			res.Excluded[e.excluded]++
			continue
		}
		passed++
		top.add(e)
	}
	chosen := p.diversify(top.items, limit, opt.diversity())
	res.Items = make([]Match, len(chosen))
	for i, e := range chosen {
		res.Items[i] = p.explain(ps, e)
	}
	res.Diversity = p.listDiversity(chosen, opt.diversity(), passed)
	return res
}

func (p *Pool) weightsFor(opt Options) Weights {
	if opt.Weights != nil && opt.Weights.sum() > 0 {
		return opt.Weights.normalized()
	}
	return p.weights
}

// evaluate checks the hard constraints of offer i for ps and, if they hold,
// computes the components.
func (p *Pool) evaluate(ps *Person, i int, w Weights) eval {
	return p.evaluateWith(ps, i, w, nil)
}

// evaluateWith is evaluate with a cache of distances for a ranking that
// keeps one side fixed (nil: none). It is the hot loop: no allocation, and
// it reads the copies of the fields in offer and Person rather than the
// documents behind them.
func (p *Pool) evaluateWith(ps *Person, i int, w Weights, km *kmCache) eval {
	e := p.admit(ps, i, km)
	if e.excluded != numExclusions {
		return e
	}
	p.scoreInto(ps, &e, w)
	return e
}

// admit checks the hard constraints of offer i for ps: an eval with the
// first rule broken, or with the usable day-parts and the distance.
func (p *Pool) admit(ps *Person, i int, km *kmCache) eval {
	o := &p.offers[i]
	e := eval{offer: i, excluded: numExclusions}
	switch {
	case !o.open:
		e.excluded = NotOpen
	case len(ps.current) > 0 && contains32(ps.current, int32(i)):
		e.excluded = AlreadyPlaced
	case o.workType >= 0 && contains32(ps.avoids, o.workType):
		e.excluded = Avoided
	case o.admits&ps.tgBit == 0:
		e.excluded = TargetGroup
	case tooLittleSupervision(o, ps):
		e.excluded = Supervision
	case tooHeavy(o, ps):
		e.excluded = PhysicalLoad
	case notAccessible(o, ps):
		e.excluded = Wheelchair
	}
	if e.excluded != numExclusions {
		return e
	}
	e.distance = -1
	if ps.located && o.located {
		e.distance = km.distance(ps, o)
		if e.distance > float64(ps.maxKm) {
			e.excluded = TravelRange
			return e
		}
	}
	e.usable = ps.avail & o.freeMaskFor(ps.referrer)
	if e.usable == 0 {
		e.excluded = NoFreeDayPart
	}
	return e
}

// Fitting counts the offers that pass every hard constraint for ps: the
// offers Match could rank for them.
func (p *Pool) Fitting(ps *Person) int {
	km := newKmCache(false)
	defer km.done()
	n := 0
	for i := range p.offers {
		if p.admit(ps, i, km).excluded == numExclusions {
			n++
		}
	}
	return n
}

// skillsFit is the mean over the required skills of how well the person
// has each: 0.6, 0.8 or 1 for level 1, 2 or 3; a skill in the same ESCO
// skill group counts for half of that. No required skills: 1.
func (p *Pool) skillsFit(ps *Person, required []int32) float64 {
	if len(required) == 0 {
		return 1
	}
	sum := 0.0
	for _, s := range required {
		sum += p.skillCover(ps, s)
	}
	return sum / float64(len(required))
}

func (p *Pool) skillCover(ps *Person, s int32) float64 {
	if l := levelOf(ps.skills, s); l > 0 {
		return levelValue(l)
	}
	if g := p.skillGroup[s]; g >= 0 {
		if l := levelOf(ps.groups, g); l > 0 {
			return levelValue(l) / 2
		}
	}
	return 0
}

func levelValue(l int8) float64 { return 0.4 + 0.2*float64(l) }

// learningValue is how many of the person's learning goals the offer
// teaches (two or more: 1). Without goals, new skills to learn count for at
// most 0.5.
func (p *Pool) learningValue(ps *Person, learnable []int32) float64 {
	if len(ps.goals) > 0 {
		n := 0
		for _, s := range learnable {
			if contains32(ps.goals, s) {
				n++
			}
		}
		return math.Min(1, float64(n)/math.Min(2, float64(len(ps.goals))))
	}
	n := 0
	for _, s := range learnable {
		if levelOf(ps.skills, s) == 0 {
			n++
		}
	}
	return 0.5 * math.Min(1, float64(n)/3)
}

// interest is 1 for a work type the person likes, 0 for another, 0.5 when
// they named no interests.
func interest(ps *Person, wt int32) float64 {
	switch {
	case len(ps.likes) == 0:
		return 0.5
	case wt >= 0 && contains32(ps.likes, wt):
		return 1
	}
	return 0
}

// variety is 1 for a work type the person never did, fading back to 1 with
// time since they did it; a work type they dropped out of counts half.
func variety(ps *Person, wt int32) float64 {
	ex, ok := ps.exposure(wt)
	if !ok {
		return 1
	}
	v := 1 - ex.exposure
	if ex.dropped {
		v /= 2
	}
	return v
}

// retention is the Retention component of an offer for a target group.
// NewPool computes it once per work type and target group, so it may
// depend on nothing else.
func (p *Pool) retention(o *offer, tg plekwijzer.TargetGroup) float64 {
	r, _ := p.risk.rate(o.doc.Offer.WorkTypeID, tg)
	return p.risk.retention(r)
}

// distanceScore falls from 1 nearby to 0.3 at the edge of the travel range;
// beyond 3 km without public transport it counts for 70%. Unknown: 0.5.
func distanceScore(km float64, maxKm int, publicTransport bool) float64 {
	if km < 0 {
		return 0.5
	}
	v := 1 - 0.7*km/math.Max(1, float64(maxKm))
	if !publicTransport && km > 3 {
		v *= 0.7
	}
	return clamp01(v)
}

// targetDayParts is how many day-parts a trajectory usually starts with.
const targetDayParts = 4

// dayPartFit is the share of the day-parts the person could work (up to
// four) that the offer has free.
func dayPartFit(usable, avail uint16) float64 {
	want := min(bitsSet(avail), targetDayParts)
	if want == 0 {
		return 0
	}
	return float64(min(bitsSet(usable), want)) / float64(want)
}

// exposure favours organisations with free places and few recent
// proposals, so that no partner is starved of participants.
func exposure(o *orgStats) float64 {
	if o.free <= 0 {
		return 0
	}
	return float64(o.free) / float64(o.free+o.proposals)
}

// nextStep values an offer's rung on the ladder for the person's: the next
// rung for a person who is ready for it, else their own rung.
func nextStep(ps *Person, rung int) float64 {
	d := rung - ps.rung
	if ps.ready {
		switch {
		case d == 1:
			return 1
		case d == 0:
			return 0.6
		case d < 0:
			return 0.2
		}
		return 0.3
	}
	switch {
	case d == 0:
		return 1
	case d == 1:
		return 0.4
	case d < 0:
		return 0.5
	}
	return 0.1
}

// similarity of two offers for the re-ranking: same work type weighs most.
func (p *Pool) similarity(a, b int) float64 {
	oa, ob := &p.offers[a], &p.offers[b]
	s := 0.0
	if oa.workType == ob.workType {
		s += 0.7
	}
	if oa.doc.Offer.OrganisationID == ob.doc.Offer.OrganisationID {
		s += 0.3
	}
	return s
}

// rerankDepth is how much of the top diversify re-ranks for a list of
// limit items.
func rerankDepth(limit int) int { return max(limit*5, 50) }

// byScore orders evaluations best first; the offer id breaks ties, so the
// order is total and a ranking does not depend on the order of the pool.
func (p *Pool) byScore(a, b eval) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return strings.Compare(p.offers[a.offer].doc.Offer.ID, p.offers[b.offer].doc.Offer.ID)
}

// diversify picks limit items of top (the best by score, best first): the
// best first, then each time the item with the best score after a penalty
// for resembling what was picked (maximal marginal relevance).
func (p *Pool) diversify(top []eval, limit int, lambda float64) []eval {
	if lambda == 0 || len(top) <= 1 {
		return top[:min(limit, len(top))]
	}
	chosen := make([]eval, 0, limit)
	maxSim := make([]float64, len(top))
	used := make([]bool, len(top))
	for len(chosen) < limit && len(chosen) < len(top) {
		best, bestVal := -1, math.Inf(-1)
		for i, e := range top {
			if used[i] {
				continue
			}
			v := (1-lambda)*e.score - lambda*maxSim[i]
			if v > bestVal {
				best, bestVal = i, v
			}
		}
		used[best] = true
		chosen = append(chosen, top[best])
		for i := range top {
			if !used[i] {
				maxSim[i] = math.Max(maxSim[i], p.similarity(top[i].offer, top[best].offer))
			}
		}
	}
	return chosen
}

// best keeps the k best items it is given, sorted by cmp (best first). For
// a total order it keeps exactly the first k of all items sorted, without
// holding them all.
type best[T any] struct {
	k     int
	cmp   func(a, b T) int
	items []T
}

func newBest[T any](k int, cmp func(a, b T) int) *best[T] {
	return &best[T]{k: k, cmp: cmp, items: make([]T, 0, k)}
}

func (b *best[T]) add(x T) {
	n := len(b.items)
	if n == b.k {
		// Most items lose against the last one kept: one comparison.
		if n == 0 || b.cmp(x, b.items[n-1]) >= 0 {
			return
		}
		b.items = b.items[:n-1]
	}
	i, _ := slices.BinarySearchFunc(b.items, x, b.cmp)
	b.items = slices.Insert(b.items, i, x)
}

func (p *Pool) listDiversity(items []eval, lambda float64, candidates int) ListDiversity {
	wts, orgs := map[int32]bool{}, map[string]bool{}
	for _, e := range items {
		wts[p.offers[e.offer].workType] = true
		orgs[p.offers[e.offer].doc.Offer.OrganisationID] = true
	}
	d := ListDiversity{WorkTypes: len(wts), Organisations: len(orgs), IntraList: 1, Strength: lambda, Candidates: candidates}
	if n := len(items); n > 1 {
		sum := 0.0
		for i := range items {
			for j := i + 1; j < n; j++ {
				sum += p.similarity(items[i].offer, items[j].offer)
			}
		}
		d.IntraList = round3(1 - sum/float64(n*(n-1)/2))
	}
	return d
}

// explain turns an evaluation into a match with reasons in plain Dutch.
func (p *Pool) explain(ps *Person, e eval) Match {
	o := &p.offers[e.offer]
	m := Match{Offer: o.doc, Score: round3(e.score), Scores: e.scores, DayParts: dayPartsOf(e.usable)}
	for c := range m.Scores {
		m.Scores[c] = round3(m.Scores[c])
	}
	if e.distance >= 0 {
		d := math.Round(e.distance*10) / 10
		m.DistanceKm = &d
	}
	m.Reasons = p.reasons(ps, o, e)
	return m
}

func (p *Pool) reasons(ps *Person, o *offer, e eval) []string {
	var rs []string
	rs = append(rs, p.varietyReason(ps, o.workType)...)
	if ps.mostlyPacking && o.workType != p.packing {
		rs = append(rs, "Eens ander werk dan inpakken: tot nu toe vooral inpakwerk gedaan")
	}
	rs = append(rs, p.interestReason(ps, o.workType)...)
	for _, s := range o.learnable {
		if contains32(ps.goals, s) {
			rs = append(rs, "Past bij leerdoel: "+p.skillNames[s])
		}
	}
	rs = append(rs, p.skillReasons(ps, o.required)...)
	rs = append(rs, "Vrij op "+dayPartList(e.usable))
	rs = append(rs, distanceReason(e.distance, o.doc.Offer.Access.PublicTransport))
	rs = append(rs, p.riskReason(o.doc.Offer.WorkTypeID, ps.P.TargetGroup)...)
	if r := ladderReason(ps, o.rung); r != "" {
		rs = append(rs, r)
	}
	if e.scores[Exposure] >= 0.8 && o.doc.OrganisationKind == "sociale-onderneming" {
		rs = append(rs, "Sociale onderneming met vrije plaatsen en weinig recente voorstellen")
	}
	return rs
}

func (p *Pool) varietyReason(ps *Person, wt int32) []string {
	ex, ok := ps.exposure(wt)
	name := p.workTypeName(wt)
	switch {
	case !ok:
		return []string{"Nieuwe werksoort voor deze deelnemer"}
	case ex.dropped:
		return []string{"Eerder uitgevallen bij " + name}
	case ex.months == 0:
		return []string{"Doet nu al " + name}
	case ex.months < HalfLifeMonths:
		return []string{"Deed kort geleden nog " + name}
	}
	return []string{fmt.Sprintf("Deed %s ruim %d maanden geleden", name, int(ex.months))}
}

func (p *Pool) interestReason(ps *Person, wt int32) []string {
	if wt >= 0 && contains32(ps.likes, wt) {
		return []string{"Past bij interesse: " + p.workTypeName(wt)}
	}
	return nil
}

func (p *Pool) workTypeName(wt int32) string {
	if wt < 0 {
		return "deze werksoort"
	}
	return strings.ToLower(p.workTypes[wt].Name)
}

func (p *Pool) skillReasons(ps *Person, required []int32) []string {
	if len(required) == 0 {
		return []string{"Vraagt geen vaardigheden vooraf"}
	}
	has := 0
	var missing []string
	for _, s := range required {
		if levelOf(ps.skills, s) > 0 {
			has++
		} else {
			missing = append(missing, p.skillNames[s])
		}
	}
	var rs []string
	switch {
	case has == len(required) && has == 1:
		rs = append(rs, "Heeft de gevraagde vaardigheid")
	case has == len(required):
		rs = append(rs, "Heeft alle gevraagde vaardigheden")
	case has == 0 && len(required) == 1:
		rs = append(rs, "Heeft de gevraagde vaardigheid nog niet")
	case has == 0:
		rs = append(rs, "Heeft de gevraagde vaardigheden nog niet")
	default:
		rs = append(rs, fmt.Sprintf("Heeft %d van de %d gevraagde vaardigheden", has, len(required)))
	}
	if len(missing) > 0 {
		rs = append(rs, "Nog te leren: "+joinDutch(missing[:min(len(missing), 3)]))
	}
	return rs
}

func distanceReason(km float64, publicTransport bool) string {
	switch {
	case km < 0:
		return "Afstand onbekend"
	case km < 2:
		return "Dichtbij, in de eigen buurt"
	case publicTransport:
		return fmt.Sprintf("%.0f km, bereikbaar met ov", km)
	}
	return fmt.Sprintf("%.0f km, niet goed bereikbaar met ov", km)
}

// HighRisk reports whether work of this type has much dropout for the
// target group: enough ended placements, and a rate a quarter above the
// overall one. The planner says so in the row of such an assignment.
func (p *Pool) HighRisk(workType string, tg plekwijzer.TargetGroup) bool {
	r, n := p.risk.rate(workType, tg)
	return n >= minObserved && r > 1.25*p.risk.overall
}

func (p *Pool) riskReason(workType string, tg plekwijzer.TargetGroup) []string {
	r, n := p.risk.rate(workType, tg)
	if n < minObserved {
		return nil
	}
	pct := int(math.Round(r * 100))
	switch {
	case r < 0.75*p.risk.overall:
		return []string{fmt.Sprintf("Weinig uitval bij dit werk voor deze doelgroep (%d%%)", pct)}
	case p.HighRisk(workType, tg):
		return []string{fmt.Sprintf("Let op: veel uitval bij dit werk voor deze doelgroep (%d%%)", pct)}
	}
	return nil
}

func ladderReason(ps *Person, rung int) string {
	switch {
	case ps.ready && rung == ps.rung+1:
		return "Volgende stap: " + rungNames[rung]
	case rung > ps.rung+1:
		return "Grote stap vooruit: " + rungNames[rung]
	}
	return ""
}

// dayPartList writes day-parts as "di-ochtend en do-ochtend".
func dayPartList(m uint16) string {
	parts := dayPartsOf(m)
	names := make([]string, len(parts))
	for i, d := range parts {
		names[i] = string(d)
	}
	return joinDutch(names)
}

// joinDutch writes "a", "a en b", "a, b en c".
func joinDutch(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " en " + items[len(items)-1]
}

// admissible evaluates every offer for ps: those that pass every hard
// constraint, and the count of the others by the first rule they break.
func (p *Pool) admissible(ps *Person, w Weights) ([]eval, Excluded) {
	return p.admissibleInto(make([]eval, 0, 256), ps, w)
}

// admissibleInto is admissible appending to evals (emptied first), so
// that a caller ranking many people reuses one buffer.
func (p *Pool) admissibleInto(evals []eval, ps *Person, w Weights) ([]eval, Excluded) {
	var excluded Excluded
	evals = evals[:0]
	km := newKmCache(false)
	defer km.done()
	for i := range p.offers {
		e := p.evaluateWith(ps, i, w, km)
		if e.excluded != numExclusions {
			excluded[e.excluded]++
			continue
		}
		evals = append(evals, e)
	}
	return evals, excluded
}
