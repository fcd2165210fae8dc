package seed

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// phaseStory says how much history a participant in a phase has and how
// likely they are to have a placement now.
type phaseStory struct {
	history  [2]int  // number of ended placements, from–to
	active   float64 // chance of an active placement now
	proposed float64 // chance of a proposed one, when not active
}

var stories = map[plekwijzer.Phase]phaseStory{
	"intake":        {[2]int{0, 0}, 0, 0.6},
	"voortraject":   {[2]int{0, 1}, 0.55, 0.5},
	"ontwikkelplek": {[2]int{1, 3}, 0.8, 0.35},
	"beschut":       {[2]int{1, 4}, 0.9, 0.05},
	"banenafspraak": {[2]int{1, 3}, 0.6, 0.1},
	"uitgestroomd":  {[2]int{1, 3}, 0, 0},
}

// buildPlacements gives every participant a history of placements, one
// after the other, and for most a current placement. Each placement is
// booked against the capacity of its offer over its whole period, exactly
// as the store books it, so none is refused when Demo writes the plan.
func (b *builder) buildPlacements() error {
	for _, pi := range b.people {
		story := stories[pi.p.Phase]
		// Decide first whether someone works somewhere now, so that their
		// history ends in time for it.
		horizon := -3
		activeStart := 0
		active := b.d.chance(story.active)
		if active {
			activeStart = mondayFrom(b.today, max(pi.entry+14, -b.d.between(14, 240)))
			if activeStart > -7 {
				active = false
			} else {
				horizon = activeStart - b.d.between(7, 21)
			}
		}
		cursor := pi.entry + b.d.between(7, 28) // intake takes a few weeks
		n := b.d.between(story.history[0], story.history[1])
		for i := 0; i < n; i++ {
			start := mondayFrom(b.today, cursor)
			if start > horizon-30 {
				break
			}
			// Someone who flowed out did so from their last placement.
			outflow := pi.p.Phase == "uitgestroomd" && (i == n-1 || start > -150)
			end, ok := b.historyPlacement(pi, start, horizon, outflow)
			if !ok {
				cursor += 14 // no free place: the coach tries again later
				continue
			}
			cursor = end + b.d.between(7, 45)
			if outflow {
				break
			}
		}
		switch {
		case active:
			b.currentPlacement(pi, plekwijzer.PlacementActive, max(activeStart, mondayFrom(b.today, cursor)))
		case b.d.chance(story.proposed):
			b.currentPlacement(pi, plekwijzer.PlacementProposed, mondayFrom(b.today, max(cursor, 3)))
		}
	}
	slices.SortStableFunc(b.p.placements, func(x, y *plannedPlacement) int {
		return strings.Compare(string(x.Start), string(y.Start))
	})
	return nil
}

// historyPlacement books one ended placement starting at day start and
// returns its last day.
func (b *builder) historyPlacement(pi *participantInfo, start, horizon int, outflow bool) (int, bool) {
	cands, weights := b.candidates(pi, start, false)
	for range 8 {
		k := b.d.index(weights)
		if k < 0 {
			return 0, false
		}
		weights[k] = 0
		oi := cands[k]
		status, outcome, days := b.outcome(pi, oi, start, outflow)
		limit := horizon
		switch oi.final {
		case plekwijzer.OfferClosed:
			limit = min(limit, -180) // closed half a year ago
		case plekwijzer.OfferPaused:
			limit = min(limit, -30)
		}
		end := start
		if status != plekwijzer.PlacementCancelled {
			end = workdayBack(b.today, min(start+days, limit))
			if end < start+10 {
				continue
			}
		}
		parts := b.dayParts(pi, oi, start, &end)
		if len(parts) == 0 {
			continue
		}
		b.record(pi, oi, parts, start, &end, status, outcome)
		pi.lastEnd = end
		return end, true
	}
	return 0, false
}

// currentPlacement gives a participant an active placement that started in
// the past, or a proposed one that starts within a few weeks.
func (b *builder) currentPlacement(pi *participantInfo, status plekwijzer.PlacementStatus, start int) {
	if status == plekwijzer.PlacementActive && start > -7 || start > 28 {
		return
	}
	var end *int
	if b.d.chance(0.3) {
		e := workdayBack(b.today, b.d.between(30, 200))
		end = &e
	}
	cands, weights := b.candidates(pi, start, true)
	for range 8 {
		k := b.d.index(weights)
		if k < 0 {
			return
		}
		weights[k] = 0
		oi := cands[k]
		parts := b.dayParts(pi, oi, start, end)
		if len(parts) == 0 {
			continue
		}
		b.record(pi, oi, parts, start, end, status, nil)
		pi.current = true
		return
	}
}

// candidates returns the offers that could take the participant at day
// start, each with a weight for how likely a coach was to choose it then.
// Over a year ago iederz had little more than packing and assembly, and
// few partners; in the last year the range grew.
func (b *builder) candidates(pi *participantInfo, start int, current bool) ([]*offerInfo, []float64) {
	p := pi.p
	var cands []*offerInfo
	var weights []float64
	for _, oi := range b.offers {
		o := oi.offer
		switch {
		case !o.Admits(p.TargetGroup),
			p.Wheelchair && !o.Access.Wheelchair,
			current && oi.final != plekwijzer.OfferOpen,
			oi.final == plekwijzer.OfferClosed && start > -240,
			oi.final == plekwijzer.OfferPaused && start > -60,
			len(common(p.Availability, o.Capacity)) == 0,
			start > -365 && slices.Contains(p.Avoid, o.WorkTypeID):
			continue
		}
		w := 1.0
		if packingCodes[oi.workType] {
			switch {
			case start < -365:
				w *= 10
			case start < -180:
				w *= 3
			default:
				w *= 0.7
			}
		}
		if start < -365 && b.orgKind(oi) != kindDepartment {
			w *= 0.3 // the partners came later
		}
		sheltered := p.Phase == "beschut" || p.Phase == "banenafspraak"
		if sheltered != o.DevelopmentPlace {
			w *= 3
		}
		if isGON(o) {
			w *= 3
		}
		if slices.Contains(p.Interests, o.WorkTypeID) {
			w *= 3
		}
		if o.PhysicalLoad.Rank() > p.LoadCapacity.Rank() {
			w *= 0.1
		}
		if b.distance(pi, oi) > float64(p.MaxTravelKm) {
			w *= 0.05
		}
		if o.Supervision < p.SupervisionNeed-1 {
			w *= 0.3
		}
		cands = append(cands, oi)
		weights = append(weights, w)
	}
	return cands, weights
}

func (b *builder) orgKind(oi *offerInfo) plekwijzer.OrganisationKind {
	for _, s := range organisations {
		if s.key == oi.spec.org {
			return s.kind
		}
	}
	return ""
}

func (b *builder) distance(pi *participantInfo, oi *offerInfo) float64 {
	return geo.DistanceKm(pi.point, oi.point)
}

// common returns the day-parts of avail in which the offer has places, in
// calendar order.
func common(avail []plekwijzer.DayPart, c plekwijzer.Capacity) []plekwijzer.DayPart {
	var out []plekwijzer.DayPart
	for _, d := range avail {
		if c[d] > 0 {
			out = append(out, d)
		}
	}
	return out
}

// dayParts chooses the day-parts of a placement from those the participant
// is available and the offer has places, and keeps only those with a free
// place for the whole period, using the same rule as the store
// (plekwijzer.FullDayParts).
func (b *builder) dayParts(pi *participantInfo, oi *offerInfo, start int, end *int) []plekwijzer.DayPart {
	o := oi.offer
	options := common(pi.p.Availability, o.Capacity)
	if len(options) == 0 {
		return nil
	}
	hi := min(len(options), 5)
	if pi.p.SupervisionNeed >= 4 {
		hi = min(len(options), 3) // short weeks for who needs the most support
	}
	want := b.d.between(min(2, hi), hi)
	s, e := b.period(start, end)
	full := plekwijzer.FullDayParts(o.Capacity, options, s, e, b.bookings[o.ID])
	var free []plekwijzer.DayPart
	for _, d := range options {
		if !slices.Contains(full, d) {
			free = append(free, d)
		}
	}
	return plekwijzer.SortedDayParts(sample(b.d, free, want))
}

// period turns day offsets into dates.
func (b *builder) period(start int, end *int) (plekwijzer.Date, *plekwijzer.Date) {
	s := dayDate(b.today, start)
	if end == nil {
		return s, nil
	}
	e := dayDate(b.today, *end)
	return s, &e
}

// record adds a placement to the plan and books its places.
func (b *builder) record(pi *participantInfo, oi *offerInfo, parts []plekwijzer.DayPart, start int, end *int, status plekwijzer.PlacementStatus, outcome *plekwijzer.Outcome) {
	s, e := b.period(start, end)
	pl := &plannedPlacement{
		ID:            demoID("plaatsing", fmt.Sprintf("%s/%d", pi.p.Code, len(pi.placements)+1)),
		ParticipantID: pi.p.ID,
		Code:          pi.p.Code,
		OfferID:       oi.offer.ID,
		DayParts:      parts,
		Start:         s,
		End:           e,
		Status:        status,
		Outcome:       outcome,
	}
	booked := plekwijzer.Booking{Start: s}
	if e != nil {
		booked.End = *e
	}
	for _, d := range parts {
		booked.DayPart = d
		b.bookings[oi.offer.ID] = append(b.bookings[oi.offer.ID], booked)
	}
	pi.placements = append(pi.placements, pl)
	pi.works = append(pi.works, oi.workType)
	b.p.placements = append(b.p.placements, pl)
}

// Dropout reasons, weighted: for packing work lack of variety dominates,
// as the raadsbrief says; elsewhere the reasons are mixed.
var (
	packingReasons = []string{"te-weinig-variatie", "motivatie", "werk-past-niet", "begeleiding-past-niet", "persoonlijke-omstandigheden", "gezondheid"}
	packingWeights = []float64{13, 2, 2, 1, 1, 1}
	otherReasons   = []string{"te-weinig-variatie", "werk-past-niet", "te-zwaar", "begeleiding-past-niet", "gezondheid", "motivatie", "persoonlijke-omstandigheden", "verhuizing", "justitie", "reisafstand", "overig"}
	otherWeights   = []float64{1, 3, 2, 2, 4, 3, 3, 1, 0, 1, 1}
)

// causes says who usually causes a dropout for a reason.
var causes = map[string][]float64{ // deelnemer, werkplek, beide, extern
	"te-weinig-variatie":          {1, 6, 3, 0},
	"werk-past-niet":              {3, 3, 4, 0},
	"te-zwaar":                    {3, 3, 3, 0},
	"begeleiding-past-niet":       {1, 5, 3, 0},
	"gezondheid":                  {8, 0, 1, 1},
	"motivatie":                   {8, 1, 2, 0},
	"persoonlijke-omstandigheden": {6, 0, 1, 3},
	"verhuizing":                  {9, 0, 0, 1},
	"justitie":                    {2, 0, 0, 8},
	"reisafstand":                 {3, 1, 5, 1},
	"overig":                      {2, 2, 2, 2},
}

// outcome decides how a placement ended and how long it lasted.
func (b *builder) outcome(pi *participantInfo, oi *offerInfo, start int, outflow bool) (plekwijzer.PlacementStatus, *plekwijzer.Outcome, int) {
	p := pi.p
	if outflow {
		result := choose(b.d, []string{"betaald-werk", "opleiding", "beschut-werk"}, []float64{5, 2, 1})
		return plekwijzer.PlacementCompleted, &plekwijzer.Outcome{Result: result, MissedHours: b.d.between(0, 16)}, b.d.between(120, 270)
	}
	if b.d.chance(0.06) {
		return plekwijzer.PlacementCancelled, &plekwijzer.Outcome{Result: "geen"}, 0
	}
	packing := packingCodes[oi.workType]
	heavy := oi.offer.PhysicalLoad.Rank() > p.LoadCapacity.Rank()
	far := b.distance(pi, oi) > float64(p.MaxTravelKm)
	drop := 0.15
	if packing {
		drop = 0.4
		if start < -365 {
			drop = 0.5
		}
	}
	if heavy || far {
		drop += 0.3
	}
	if b.d.chance(drop) {
		var reason string
		switch {
		case heavy && b.d.chance(0.6):
			reason = "te-zwaar"
		case far && b.d.chance(0.6):
			reason = "reisafstand"
		case packing:
			reason = choose(b.d, packingReasons, packingWeights)
		default:
			w := slices.Clone(otherWeights)
			if p.TargetGroup == "re-socialisatie" {
				w[slices.Index(otherReasons, "justitie")] = 3
			}
			reason = choose(b.d, otherReasons, w)
		}
		days := b.d.between(14, 90)
		if reason == "te-weinig-variatie" {
			days = b.d.between(40, 150) // people hold on for a while first
		}
		return plekwijzer.PlacementDropout, &plekwijzer.Outcome{
			Result:        choose(b.d, []string{"geen", "dagbesteding", "overig"}, []float64{7, 2, 1}),
			DropoutReason: reason,
			CausedBy:      choose(b.d, plekwijzer.Causes, causes[reason]),
			MissedHours:   b.d.between(4, 80),
		}, days
	}
	results := []string{"vervolgplek", "beschut-werk", "betaald-werk", "opleiding", "dagbesteding", "geen", "overig"}
	weights := []float64{9, 2, 2, 1.5, 1, 1.5, 0.5}
	switch p.TargetGroup {
	case "beschut-voortraject":
		weights[1] = 6
	case "pro-vso-entree", "jongere-zonder-diploma":
		weights[3] = 4
	}
	return plekwijzer.PlacementCompleted, &plekwijzer.Outcome{
		Result:      choose(b.d, results, weights),
		MissedHours: b.d.between(0, 30),
	}, b.d.between(60, 240)
}
