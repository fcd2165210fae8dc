package seed

import (
	"fmt"
	"slices"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// groupSpec describes how participants of one target group typically look.
// The numbers are the demo's guess at the Instroomportaal's population, not
// statistics.
type groupSpec struct {
	group plekwijzer.TargetGroup
	count int
	// phases weighs plekwijzer.Phases in order: intake, voortraject,
	// ontwikkelplek, beschut, banenafspraak, uitgestroomd.
	phases []float64
	// supervision is the range of begeleidingsbehoefte (1-4).
	supervision [2]int
	// loads weighs laag, midden, hoog.
	loads []float64
	// likes are work types people of this group often ask for.
	likes []string
}

var groups = []groupSpec{
	{"dagbesteding-wmo", 40, []float64{2, 3, 6, 1, 0.5, 1}, [2]int{3, 4}, []float64{5, 3, 1},
		[]string{"creatief-atelier", "dierverzorging", "tuinbouw-kwekerij", "keuken-catering", "assemblage"}},
	{"statushouder", 26, []float64{2, 3, 5, 0.3, 1, 2}, [2]int{2, 3}, []float64{1, 3, 4},
		[]string{"fietsenreparatie", "logistiek-magazijn", "keuken-catering", "naaiatelier", "klussen-bouw", "zorgondersteuning"}},
	{"beschut-voortraject", 24, []float64{1, 4, 3, 3, 0.3, 0.7}, [2]int{2, 4}, []float64{4, 3, 1},
		[]string{"assemblage", "inpakken", "houtbewerking", "drukkerij", "digitaliseren"}},
	{"banenafspraak", 20, []float64{1, 2, 3, 0.5, 4, 1.5}, [2]int{1, 3}, []float64{2, 4, 2},
		[]string{"logistiek-magazijn", "schoonmaak", "winkel", "facilitaire-dienst", "horeca-bediening"}},
	{"re-socialisatie", 14, []float64{2, 3, 4, 0.3, 0.5, 1.5}, [2]int{2, 3}, []float64{1, 3, 5},
		[]string{"groenvoorziening", "straatreiniging", "klussen-bouw", "metaalbewerking", "verhuizen-bijrijden"}},
	{"detachering", 12, []float64{1, 1, 3, 1, 2, 2}, [2]int{1, 2}, []float64{2, 4, 3},
		[]string{"groenvoorziening", "facilitaire-dienst", "logistiek-magazijn", "schoonmaak"}},
	{"jongere-zonder-diploma", 20, []float64{2, 3, 4, 0.3, 1, 2}, [2]int{2, 3}, []float64{1, 3, 4},
		[]string{"fietsenreparatie", "ict-ondersteuning", "horeca-bediening", "autowassen", "metaalbewerking", "bakkerij"}},
	{"pro-vso-entree", 14, []float64{2, 2, 5, 0.5, 1, 1.5}, [2]int{2, 4}, []float64{2, 4, 2},
		[]string{"fietsenreparatie", "dierverzorging", "bakkerij", "houtbewerking", "winkel"}},
	{"verslavingszorg", 12, []float64{2, 3, 4, 0.5, 0.5, 1}, [2]int{2, 4}, []float64{2, 4, 2},
		[]string{"houtbewerking", "naaiatelier", "boerderij", "kringloop", "groenvoorziening"}},
	{"ggz-beschermd-wonen", 20, []float64{2, 3, 6, 1, 0.5, 1}, [2]int{3, 4}, []float64{4, 3, 1},
		[]string{"digitaliseren", "creatief-atelier", "naaiatelier", "administratie", "tuinbouw-kwekerij"}},
	{"langdurig-bijstand", 22, []float64{2, 3, 4, 0.5, 1.5, 1.5}, [2]int{1, 3}, []float64{2, 4, 2},
		[]string{"kringloop", "schoonmaak", "winkel", "keuken-catering", "receptie", "wasserij"}},
	{"overig", 6, []float64{1, 1, 1, 1, 1, 1}, [2]int{1, 3}, []float64{2, 3, 2},
		[]string{"administratie", "receptie", "drukkerij"}},
}

// entryDays is how long ago, in days, a participant in each phase started:
// someone at intake came in recently, someone in sheltered work or who has
// flowed out has a history of up to two years.
var entryDays = map[plekwijzer.Phase][2]int{
	"intake":        {5, 60},
	"voortraject":   {40, 220},
	"ontwikkelplek": {90, 650},
	"beschut":       {300, 730},
	"banenafspraak": {300, 730},
	"uitgestroomd":  {250, 730},
}

// participantInfo is what the generator knows about a participant beyond
// the profile: when they came in and where they live.
type participantInfo struct {
	p     *plekwijzer.Participant
	spec  groupSpec
	entry int // day offset of entry
	point geo.Point
	// history the placements generator gives them, in time order.
	placements []*plannedPlacement
	works      []string // work-type code of each placement
	current    bool     // has an active or proposed placement
	lastEnd    int      // day offset of the end of the last ended placement
}

// buildParticipants makes the caseload: every target group and phase, with
// pseudonymous codes and profiles that fit the group.
func (b *builder) buildParticipants() error {
	var gon, ggz, addiction, schools, youth, work []string
	for _, s := range organisations {
		id := b.orgs[s.key].ID
		if slices.Contains(s.refers, "dagbesteding-wmo") {
			gon = append(gon, id)
		}
		if slices.Contains(s.refers, "ggz-beschermd-wonen") {
			ggz = append(ggz, id)
		}
		if slices.Contains(s.refers, "verslavingszorg") {
			addiction = append(addiction, id)
		}
		if slices.Contains(s.refers, "pro-vso-entree") {
			schools = append(schools, id)
		}
		if slices.Contains(s.refers, "jongere-zonder-diploma") {
			youth = append(youth, id)
		}
		if slices.Contains(s.refers, "detachering") {
			work = append(work, id)
		}
	}
	// referrer returns the organisation that referred someone of group g:
	// always a GON partner for day activities, usually the care provider
	// for GGZ and addiction care, the school for pupils; others mostly
	// come in through the municipality or on their own.
	referrer := func(g plekwijzer.TargetGroup) *string {
		var from []string
		switch g {
		case "dagbesteding-wmo":
			from = gon
		case "ggz-beschermd-wonen":
			if b.d.chance(0.85) {
				from = ggz
			}
		case "verslavingszorg":
			if b.d.chance(0.9) {
				from = addiction
			}
		case "pro-vso-entree":
			from = schools
		case "jongere-zonder-diploma":
			if b.d.chance(0.4) {
				from = youth
			}
		case "detachering", "langdurig-bijstand":
			if b.d.chance(0.7) {
				from = work
			}
		}
		if len(from) == 0 {
			return nil
		}
		id := pick(b.d, from)
		return &id
	}

	usedCodes := map[string]bool{}
	for _, g := range groups {
		for range g.count {
			phase := choose(b.d, plekwijzer.Phases, g.phases)
			span := entryDays[phase]
			entry := -b.d.between(span[0], span[1])
			code := b.participantCode(entry, usedCodes)
			home := b.home()
			p := &plekwijzer.Participant{
				ID:              demoID("deelnemer", code),
				Code:            code,
				CoachID:         pick(b.d, b.coaches),
				ReferrerID:      referrer(g.group),
				TargetGroup:     g.group,
				Phase:           phase,
				Availability:    b.availability(g.group),
				Postcode:        home.PC4,
				MaxTravelKm:     b.travelKm(g.group, home),
				SupervisionNeed: b.d.between(g.supervision[0], g.supervision[1]),
				LoadCapacity:    choose(b.d, plekwijzer.Loads, g.loads),
				Wheelchair:      b.d.chance(0.05),
				LanguageLevel:   b.languageLevel(g.group),
			}
			p.Interests, p.Avoid = b.preferences(g)
			p.LearningGoals = b.learningGoals(g.group)
			if b.d.chance(0.12) {
				other := pick(b.d, b.coaches)
				if other != p.CoachID {
					p.SharedWith = []string{other}
				}
			}
			b.people = append(b.people, &participantInfo{p: p, spec: g, entry: entry, point: home.Point})
			b.p.participants = append(b.p.participants, p)
		}
	}
	return nil
}

// participantCode returns a new pseudonymous code like DN-2025-0413: the
// year of entry and a number, as the Instroomportaal numbers its files.
// It says nothing about the person.
func (b *builder) participantCode(entry int, used map[string]bool) string {
	year := string(dayDate(b.today, entry))[:4]
	for {
		code := fmt.Sprintf("DN-%s-%04d", year, b.d.between(1, 999))
		if !used[code] {
			used[code] = true
			return code
		}
	}
}

// home picks where a participant lives: mostly in the city, some in the
// towns around it.
func (b *builder) home() geo.Postcode {
	if b.d.chance(0.8) {
		return pick(b.d, b.city)
	}
	return pick(b.d, b.region)
}

// availability picks 2 to 8 day-parts, mornings more often than
// afternoons: many participants combine a placement with care, language
// classes or school, and have more energy in the morning.
func (b *builder) availability(g plekwijzer.TargetGroup) []plekwijzer.DayPart {
	lo, hi := 2, 8
	switch g {
	case "dagbesteding-wmo", "ggz-beschermd-wonen":
		lo, hi = 2, 6
	case "pro-vso-entree", "statushouder":
		lo, hi = 2, 5 // school and language classes take the rest
	case "detachering", "banenafspraak":
		lo, hi = 4, 8
	}
	weights := make([]float64, len(plekwijzer.DayParts))
	for i := range weights {
		weights[i] = 1
		if i%2 == 0 {
			weights[i] = 3
		}
	}
	n := b.d.between(lo, hi)
	return plekwijzer.SortedDayParts(weightedSample(b.d, plekwijzer.DayParts, weights, n))
}

// travelKm is how far someone is willing and able to travel: people in the
// city usually stay within cycling distance, people in the province are
// used to travelling further.
func (b *builder) travelKm(g plekwijzer.TargetGroup, home geo.Postcode) int {
	if home.Place != "Groningen" {
		return b.d.between(10, 30)
	}
	if g == "statushouder" || g == "pro-vso-entree" {
		return b.d.between(5, 12)
	}
	if b.d.chance(0.7) {
		return b.d.between(5, 15)
	}
	return b.d.between(15, 30)
}

// languageLevel gives status holders A0–A2 Dutch; most others have B1 or
// more.
func (b *builder) languageLevel(g plekwijzer.TargetGroup) string {
	if g == "statushouder" {
		return choose(b.d, []string{"A0", "A1", "A2"}, []float64{1, 4, 4})
	}
	return choose(b.d, []string{"A2", "B1", "B2", "C1"}, []float64{1.5, 5, 2.5, 1})
}

// preferences picks 0–3 interests, partly from what the group often asks
// for, and 0–2 work types to avoid. Packing is the work people most often
// say they do not want, which is the raadsbrief's point.
func (b *builder) preferences(g groupSpec) (interests, avoid []string) {
	for _, code := range sample(b.d, g.likes, b.d.between(0, 2)) {
		interests = append(interests, WorkTypeID(code))
	}
	if len(interests) < 3 && b.d.chance(0.4) {
		id := WorkTypeID(pick(b.d, b.codes))
		if !slices.Contains(interests, id) {
			interests = append(interests, id)
		}
	}
	n := b.d.between(0, 2)
	if n > 0 && b.d.chance(0.35) {
		if id := WorkTypeID("inpakken"); !slices.Contains(interests, id) {
			avoid = append(avoid, id)
		}
	}
	for _, code := range sample(b.d, b.codes, 4) {
		id := WorkTypeID(code)
		if len(avoid) < n && !slices.Contains(interests, id) && !slices.Contains(avoid, id) {
			avoid = append(avoid, id)
		}
	}
	return interests, avoid
}

// learningGoals picks 1–3 transversal skills; status holders always work on
// their Dutch.
func (b *builder) learningGoals(g plekwijzer.TargetGroup) []string {
	n := b.d.between(1, 3)
	var goals []string
	if g == "statushouder" {
		goals = append(goals, pick(b.d, b.dutch))
	}
	for _, id := range sample(b.d, b.transverse, n) {
		if len(goals) < n && !slices.Contains(goals, id) {
			goals = append(goals, id)
		}
	}
	return goals
}

// finishParticipants completes the profiles with what their history taught
// them: skills from the work they did, packing added to what they avoid
// after they dropped out of it for lack of variety, and a place on the
// waiting list for those without a placement.
func (b *builder) finishParticipants() error {
	for _, pi := range b.people {
		p := pi.p
		levels := map[string]int{}
		var order []string
		add := func(id string, level int) {
			if _, ok := levels[id]; !ok {
				order = append(order, id)
			}
			levels[id] = max(levels[id], level)
		}
		for i, pl := range pi.placements {
			skills := b.wtSkills[pi.works[i]]
			if len(skills) == 0 {
				continue
			}
			switch pl.Status {
			case plekwijzer.PlacementCompleted:
				add(pick(b.d, skills[:min(6, len(skills))]), b.d.between(2, 3))
			case plekwijzer.PlacementActive, plekwijzer.PlacementDropout:
				add(pick(b.d, skills[:min(6, len(skills))]), b.d.between(1, 2))
			}
			if pl.Outcome != nil && pl.Outcome.DropoutReason == "te-weinig-variatie" {
				id := WorkTypeID(pi.works[i])
				if !slices.Contains(p.Avoid, id) && !slices.Contains(p.Interests, id) && len(p.Avoid) < 2 {
					p.Avoid = append(p.Avoid, id)
				}
			}
		}
		for _, id := range p.Interests {
			code := b.codeOf(id)
			if skills := b.wtSkills[code]; len(skills) > 0 && b.d.chance(0.5) {
				add(pick(b.d, skills[:min(6, len(skills))]), 1)
			}
		}
		for _, id := range sample(b.d, b.transverse, b.d.between(1, 2)) {
			if !slices.Contains(p.LearningGoals, id) {
				add(id, b.d.between(1, 3))
			}
		}
		if len(order) == 0 {
			add(pick(b.d, b.transverse), 1)
		}
		order = order[:min(6, len(order))]
		for _, id := range order {
			p.Skills = append(p.Skills, plekwijzer.SkillLevel{SkillID: id, Level: levels[id]})
		}
		b.waitingList(pi)
	}
	return nil
}

// waitingList puts participants who are looking for a place, but have none
// active or proposed, on the waiting list since they came in or since
// their last placement ended.
func (b *builder) waitingList(pi *participantInfo) {
	if pi.current || pi.p.Phase == "uitgestroomd" || pi.p.Phase == "banenafspraak" {
		return
	}
	since := pi.entry + b.d.between(3, 14)
	if len(pi.placements) > 0 {
		since = pi.lastEnd + b.d.between(0, 7)
	}
	since = min(since, -1)
	d := dayDate(b.today, since)
	pi.p.WaitingSince = &d
}

// codeOf returns the catalogue code of a work-type id.
func (b *builder) codeOf(id string) string {
	for _, c := range b.codes {
		if WorkTypeID(c) == id {
			return c
		}
	}
	return ""
}
