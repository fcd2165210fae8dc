package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
)

// When nothing fits, a coach needs to know what is close: the offers that
// break one hard rule (then two), how big the miss is, and what could be
// done about it — widen the profile with the participant, ask the
// werkplek, or wait. Safety rules (supervision, physical load, wheelchair)
// are never relaxed: they are offered only as a question to the werkplek.

// Action is what a coach can do about a miss.
type Action string

// Actions.
const (
	ActionProfile Action = "profiel"        // widen the profile, with the participant
	ActionAsk     Action = "vraag-werkplek" // ask the werkplek
	ActionWait    Action = "wachten"        // wait for a place or for the offer to reopen
)

// Miss is one hard rule an offer breaks for a person, with its size.
type Miss struct {
	Rule   Exclusion
	Value  *float64 // the offer's side (km, level), where the rule has one
	Limit  *float64 // the person's side
	Text   string   // in Dutch: "14 km, maximaal 10 km"
	Action Action
	Advice string // in Dutch: what could be done
}

// NearMiss is an offer that breaks few hard rules, scored as if it did
// not break them.
type NearMiss struct {
	Match
	Misses []Miss
}

// Relaxation is how many more offers and free places would fit if one
// rule moved one step.
type Relaxation struct {
	Rule        Exclusion
	Step        string             // in Dutch: "+5 km", "ook op di-middag"
	DayPart     plekwijzer.DayPart // the day-part to add, for the day-part rule
	ExtraOffers int
	ExtraPlaces int
}

// Near-miss bounds.
const (
	nearMissLimit = 10
	nearMissOne   = 5 // fewer near misses with one rule than this: add those with two
	relaxKm       = 5
)

// nearEval is an offer's check against every hard rule: the rules it
// breaks (a bit per Exclusion) and its eval, scored as if they held.
type nearEval struct {
	e     eval
	rules uint16
}

// NearMisses lists for ps the offers that break exactly one hard rule,
// best fitting first, and those that break two when there are fewer than
// five with one; and per rule what one step would open (relaxations),
// counted exactly over the same pool. An offer that is closed, that the
// person avoids or already has a placement at is no near miss. One pass
// over the offers without allocating; only the near misses kept are
// described in words.
func (p *Pool) NearMisses(ps *Person, opt Options) ([]NearMiss, []Relaxation) {
	w := p.weightsFor(opt)
	km := newKmCache(false)
	defer km.done()
	byScore := func(a, b nearEval) int {
		return cmp.Or(cmp.Compare(b.e.score, a.e.score), cmp.Compare(a.e.offer, b.e.offer))
	}
	one, two := newBest(nearMissLimit, byScore), newBest(nearMissLimit, byScore)
	moreKm := Relaxation{Rule: TravelRange, Step: fmt.Sprintf("+%d km", relaxKm)}
	moreSupervision := Relaxation{Rule: Supervision, Step: "één niveau meer begeleiding op de werkplek"}
	var dayOffers, dayPlaces [16]int
	for i := range p.offers {
		ne, ok := p.brokenRules(ps, i, km)
		n := bitsSet(ne.rules)
		if !ok || n == 0 || n > 2 || (n == 2 && len(one.items) >= nearMissOne) {
			continue // two broken rules count only while fewer than five break one
		}
		if n == 1 {
			o := &p.offers[i]
			switch {
			case ne.rules == 1<<TravelRange && ne.e.distance <= float64(ps.maxKm+relaxKm):
				moreKm.ExtraOffers++
				moreKm.ExtraPlaces += placesOn(o, ps, ne.e.usable)
			case ne.rules == 1<<Supervision && o.supervision == ps.supervision-1:
				moreSupervision.ExtraOffers++
				moreSupervision.ExtraPlaces += placesOn(o, ps, ne.e.usable)
			case ne.rules == 1<<NoFreeDayPart:
				other := o.freeMaskFor(ps.referrer) &^ ps.avail &^ ps.busy
				for b := range plekwijzer.DayParts {
					if other&(1<<b) != 0 {
						dayOffers[b]++
						dayPlaces[b] += placesOn(o, ps, 1<<b)
					}
				}
			}
		}
		p.scoreInto(ps, &ne.e, w)
		if n == 1 {
			one.add(ne)
		} else {
			two.add(ne)
		}
	}
	kept := one.items
	if len(kept) < nearMissOne {
		kept = append(slices.Clone(kept), two.items[:min(len(two.items), nearMissLimit-len(kept))]...)
	}
	near := make([]NearMiss, len(kept))
	for k, ne := range kept {
		near[k] = NearMiss{Match: p.explainNear(ps, ne.e), Misses: p.describeMisses(ps, ne)}
	}
	var relax []Relaxation
	best := -1
	for b := range plekwijzer.DayParts {
		if dayOffers[b] > 0 && (best < 0 || dayOffers[b] > dayOffers[best] || (dayOffers[b] == dayOffers[best] && dayPlaces[b] > dayPlaces[best])) {
			best = b
		}
	}
	if best >= 0 {
		d := plekwijzer.DayParts[best]
		relax = append(relax, Relaxation{Rule: NoFreeDayPart, Step: "ook beschikbaar op " + strings.ReplaceAll(string(d), "-", " "),
			DayPart: d, ExtraOffers: dayOffers[best], ExtraPlaces: dayPlaces[best]})
	}
	for _, r := range []Relaxation{moreKm, moreSupervision} {
		if r.ExtraOffers > 0 {
			relax = append(relax, r)
		}
	}
	return near, relax
}

// placesOn counts the free places of o for ps on the day-parts of mask.
func placesOn(o *offer, ps *Person, mask uint16) int {
	free := o.doc.Free
	if o.reserved {
		free = o.doc.FreeFor(ps.referrer)
	}
	n := 0
	for b, d := range plekwijzer.DayParts {
		if mask&(1<<b) != 0 {
			n += free[d]
		}
	}
	return n
}

// brokenRules checks every hard rule of offer i for ps (ranking stops at
// the first); ok is false for an offer that can be no near miss (closed,
// avoided, or a placement there). A full offer is scored on the person's
// day-parts it works.
func (p *Pool) brokenRules(ps *Person, i int, km *kmCache) (nearEval, bool) {
	o := &p.offers[i]
	ne := nearEval{e: eval{offer: i, excluded: numExclusions, distance: -1}}
	if o.doc.Offer.Status == plekwijzer.OfferClosed || (len(ps.current) > 0 && contains32(ps.current, int32(i))) ||
		(o.workType >= 0 && contains32(ps.avoids, o.workType)) {
		return ne, false
	}
	set := func(x Exclusion, broken bool) {
		if broken {
			ne.rules |= 1 << x
		}
	}
	set(NotOpen, !o.open)
	set(TargetGroup, o.admits&ps.tgBit == 0)
	set(Supervision, tooLittleSupervision(o, ps))
	set(PhysicalLoad, tooHeavy(o, ps))
	set(Wheelchair, notAccessible(o, ps))
	if bitsSet(ne.rules) > 2 {
		return ne, true // no need to measure
	}
	if ps.located && o.located {
		ne.e.distance = km.distance(ps, o)
		set(TravelRange, ne.e.distance > float64(ps.maxKm))
	}
	ne.e.usable = ps.avail & o.freeMaskFor(ps.referrer)
	if ne.e.usable == 0 {
		ne.rules |= 1 << NoFreeDayPart
		ne.e.usable = ps.avail & o.offered
	}
	return ne, true
}

// describeMisses words the rules ne breaks, with their sizes and what to do.
func (p *Pool) describeMisses(ps *Person, ne nearEval) []Miss {
	o := &p.offers[ne.e.offer]
	var out []Miss
	has := func(x Exclusion) bool { return ne.rules&(1<<x) != 0 }
	if has(NotOpen) {
		out = append(out, Miss{Rule: NotOpen, Text: "de werkplek is gepauzeerd", Action: ActionWait,
			Advice: "Wacht tot de werkplek weer open is, of vraag de werkplek wanneer dat is."})
	}
	if has(TargetGroup) {
		out = append(out, Miss{Rule: TargetGroup, Text: "de werkplek neemt deze doelgroep nu niet aan", Action: ActionAsk,
			Advice: "Vraag de werkplek of zij deze deelnemer toch kan ontvangen."})
	}
	if has(Supervision) {
		out = append(out, Miss{Rule: Supervision, Value: num(o.supervision), Limit: num(ps.supervision),
			Text: fmt.Sprintf("begeleiding niveau %d, nodig is %d", o.supervision, ps.supervision), Action: ActionAsk,
			Advice: "Vraag de werkplek of zij op deze dagdelen meer begeleiding kan bieden. De benodigde begeleiding verlaag je niet."})
	}
	if has(PhysicalLoad) {
		out = append(out, Miss{Rule: PhysicalLoad, Value: num(o.load), Limit: num(ps.load),
			Text: fmt.Sprintf("het werk is %s, de deelnemer kan %s werk aan", loadWord(o.doc.Offer.PhysicalLoad), loadWord(ps.P.LoadCapacity)), Action: ActionAsk,
			Advice: "Vraag de werkplek of er lichter werk is binnen deze plek. De belastbaarheid verhoog je niet."})
	}
	if has(Wheelchair) {
		out = append(out, Miss{Rule: Wheelchair, Text: "niet rolstoeltoegankelijk", Action: ActionAsk,
			Advice: "Vraag de werkplek of de plek toegankelijk te maken is."})
	}
	if has(TravelRange) {
		d := math.Round(ne.e.distance*10) / 10
		out = append(out, Miss{Rule: TravelRange, Value: &d, Limit: num(ps.maxKm),
			Text: fmt.Sprintf("%s km, maximaal %d km", strings.ReplaceAll(fmt.Sprintf("%.1f", d), ".", ","), ps.maxKm), Action: ActionProfile,
			Advice: "Bespreek met de deelnemer of een langere reis kan (openbaar vervoer, fiets)."})
	}
	if has(NoFreeDayPart) {
		free := o.freeMaskFor(ps.referrer)
		offered := o.offered
		m := Miss{Rule: NoFreeDayPart, Action: ActionWait}
		switch {
		case ps.avail&offered != 0:
			m.Text = "vol op " + dayPartWords(ps.avail&offered)
			m.Advice = "Wacht tot er een plaats vrijkomt, of bespreek een ander dagdeel."
		case free != 0:
			m.Text = "vrij op " + dayPartWords(free) + ", de deelnemer kan dan niet"
			m.Action, m.Advice = ActionProfile, "Bespreek met de deelnemer of een van deze dagdelen kan."
		default:
			m.Text = "geen vrije plaats"
			m.Advice = "Wacht tot er een plaats vrijkomt."
		}
		out = append(out, m)
	}
	return out
}

func num(n int) *float64 { f := float64(n); return &f }

// scoreInto computes the components and the score of e for ps, whatever
// rules it breaks.
func (p *Pool) scoreInto(ps *Person, e *eval, w Weights) {
	o := &p.offers[e.offer]
	s := &e.scores
	s[Skills] = p.skillsFit(ps, o.required)
	s[Learning] = p.learningValue(ps, o.learnable)
	s[Interest] = interest(ps, o.workType)
	s[Variety] = variety(ps, o.workType)
	if ps.tg >= 0 && ps.tg < len(o.retention) {
		s[Retention] = o.retention[ps.tg]
	}
	s[Distance] = distanceScore(e.distance, ps.maxKm, o.publicTransport)
	s[DayPartFit] = dayPartFit(e.usable, ps.avail)
	s[Exposure] = exposure(o.org)
	s[NextStep] = nextStep(ps, o.rung)
	e.score = s.total(w)
}

// explainNear is explain for a near miss: the score and the day-parts it
// would use, without the reasons of a match (they would say it fits).
func (p *Pool) explainNear(ps *Person, e eval) Match {
	o := &p.offers[e.offer]
	m := Match{Offer: o.doc, Score: round3(e.score), Scores: e.scores, DayParts: dayPartsOf(e.usable), Reasons: []string{}}
	for c := range m.Scores {
		m.Scores[c] = round3(m.Scores[c])
	}
	if e.distance >= 0 {
		d := math.Round(e.distance*10) / 10
		m.DistanceKm = &d
	}
	return m
}
