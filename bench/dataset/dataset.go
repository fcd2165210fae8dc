// Package dataset generates the data Plekwijzer's benchmarks run on — a
// region's organisations, offers with capacity per day-part, coaches and
// participants with a placement history over the past years — and loads
// it in bulk into a fresh PostgreSQL or SQLite database exactly as the
// store writes it (COPY or multi-row INSERTs, no store call per row), so
// that 100 000 participants load in well under a minute.
//
// The generation is deterministic from a seed and keeps what the
// benchmarks later need: ids of the matchable and waiting participants,
// the open offers, the coaches and their caseloads.
package dataset

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/seed"
)

// The generated world. Every choice below is an assumption about iederz's
// population and offer, stated where it is made; the point is realistic
// shapes (how many offers pass the hard constraints, how long histories
// are, how full the capacity is), not statistics.

// WorkType is a catalogue work type with what the generator needs.
type WorkType struct {
	ID, Code, Name string
	Description    string // the catalogue's, which every offer of it repeats
	Load           string
	Skills         []string // skill ids, most shared first
	weight         int      // how common offers of it are
}

// Organisation is a place offers are at.
type Organisation struct {
	ID, Name, Kind, PC4, Place string
}

// Offer is one offer with its places per day-part (index into
// plekwijzer.DayParts).
type Offer struct {
	ID, OrgID, WorkTypeID string
	Title, Description    string
	Supervision           int
	Load, PC4, Status     string
	PublicTransport       bool
	Wheelchair, Dev       bool
	Places                [10]int // per day-part index; 0: none
	Required, Learnable   []string
	Groups                []string
	free                  [10]int // places not held today (the generator's bookkeeping)
}

// SkillLevel is a skill a participant has, at a level of 1 to 3.
type SkillLevel struct {
	ID    string
	Level int
}

// Participant is one participant; Waiting is set when they wait for a
// place today.
type Participant struct {
	ID, Code, CoachID, Referrer string // Referrer "" for none
	Group, Phase                string
	Avail                       []int // day-part indexes
	PC4                         string
	MaxKm, Supervision          int
	Load, Language              string
	Wheelchair                  bool
	Skills                      []SkillLevel
	Interests, Avoid, Goals     []string
	SharedWith                  string // "" for none
	Waiting                     plekwijzer.Date
}

// Placement is one placement of the history, or an active one.
type Placement struct {
	ID, ParticipantID, OfferID, Group string
	Referrer                          string          // the participant's, kept on the placement
	Start, End                        plekwijzer.Date // End "" while open-ended
	Status                            plekwijzer.PlacementStatus
	Result, Reason, Cause             string
	DayParts                          []int
	Created                           time.Time
}

// Dataset is everything one run loads.
type Dataset struct {
	Today        plekwijzer.Date
	WorkTypes    []*WorkType
	Orgs         []*Organisation
	Offers       []*Offer
	AdminID      string
	Coaches      []string
	Participants []*Participant
	Placements   []*Placement
	PC4s         map[string]bool // every postcode used, for the baseline
}

// OpenOffers counts the open offers.
func (d *Dataset) OpenOffers() int {
	n := 0
	for _, o := range d.Offers {
		if o.Status == string(plekwijzer.OfferOpen) {
			n++
		}
	}
	return n
}

// Matchable counts the participants who have not flowed out.
func (d *Dataset) Matchable() int {
	n := 0
	for _, p := range d.Participants {
		if p.Phase != "uitgestroomd" {
			n++
		}
	}
	return n
}

// OpenOfferIDs lists the open offers in generation order.
func (d *Dataset) OpenOfferIDs() []string {
	var ids []string
	for _, o := range d.Offers {
		if o.Status == string(plekwijzer.OfferOpen) {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

// MatchableIDs lists the participants who have not flowed out, in
// generation order.
func (d *Dataset) MatchableIDs() []string {
	var ids []string
	for _, p := range d.Participants {
		if p.Phase != "uitgestroomd" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// WaitingIDs lists the participants on the waiting list (waiting since a
// date, no active placement), in generation order.
func (d *Dataset) WaitingIDs() []string {
	var ids []string
	for _, p := range d.Participants {
		if p.Waiting != "" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// BusiestCoach is the coach with the largest caseload of matchable
// participants (their own and those shared with them) and its size: an
// upper bound for what one coach asks for.
func (d *Dataset) BusiestCoach() (id string, caseload int) {
	n := map[string]int{}
	for _, p := range d.Participants {
		if p.Phase != "uitgestroomd" {
			n[p.CoachID]++
			if p.SharedWith != "" {
				n[p.SharedWith]++
			}
		}
	}
	for _, c := range d.Coaches {
		if n[c] > n[id] {
			id = c
		}
	}
	return id, n[id]
}

// HeldShare is the share of the open offers' place-day-parts held today.
func (d *Dataset) HeldShare() float64 {
	places, free := 0, 0
	for _, o := range d.Offers {
		if o.Status != string(plekwijzer.OfferOpen) {
			continue
		}
		for i := range o.Places {
			places += o.Places[i]
			free += o.free[i]
		}
	}
	if places == 0 {
		return 0
	}
	return 1 - float64(free)/float64(places)
}

// targetGroupShare weighs plekwijzer.TargetGroups in order: the demo's
// caseload (seed) scaled up; day activities, status holders and the
// pre-trajectory of sheltered work are the largest groups.
var targetGroupShare = []float64{40, 26, 24, 20, 14, 12, 20, 14, 12, 20, 22, 6}

// phaseShare weighs plekwijzer.Phases in order; a tenth has flowed out
// (not matchable, but their history counts for dropout rates).
var phaseShare = []float64{8, 17, 40, 12, 13, 10}

// historyLength is the range of ended placements per phase, and
// currentChance the chance of an active placement now.
var (
	historyLength = map[string][2]int{"intake": {0, 0}, "voortraject": {0, 1}, "ontwikkelplek": {1, 3}, "beschut": {1, 4}, "banenafspraak": {1, 3}, "uitgestroomd": {1, 3}}
	currentChance = map[string]float64{"intake": 0, "voortraject": 0.3, "ontwikkelplek": 0.45, "beschut": 0.5, "banenafspraak": 0.35, "uitgestroomd": 0}
)

var dropoutReasons = []string{"te-weinig-variatie", "werk-past-niet", "te-zwaar", "begeleiding-past-niet", "gezondheid", "motivatie", "persoonlijke-omstandigheden"}

// generator holds the random source and the lookups while generating.
type generator struct {
	rng        *rand.Rand
	d          *Dataset
	city, prov []geo.Postcode
	transverse []string // skills no work type asks: learning goals
	wtByID     map[string]*WorkType
	wtWeights  []float64
	likes      map[string][]string // per target group, the work types it often asks for
	byWT       map[string][]*Offer // open offers per work type
	care       []string            // care providers: referrers of day activities and GGZ
}

// Generate makes nOffers offers at about nOffers/20 organisations and
// participants with their histories until nPeople of them are matchable
// (not flowed out; about a tenth more have flowed out and count only for
// the statistics), deterministically from seed.
func Generate(nOffers, nPeople int, seedValue uint64) (*Dataset, error) {
	cat, err := catalogue.Load()
	if err != nil {
		return nil, err
	}
	g := &generator{
		rng:    rand.New(rand.NewPCG(seedValue, uint64(nOffers)<<32|uint64(nPeople))),
		d:      &Dataset{Today: plekwijzer.Today(), PC4s: map[string]bool{}},
		wtByID: map[string]*WorkType{},
		likes:  map[string][]string{},
		byWT:   map[string][]*Offer{},
	}
	used := map[string]bool{}
	for _, w := range cat.WorkTypes {
		wt := &WorkType{ID: seed.WorkTypeID(w.Code), Code: w.Code, Name: w.Name, Description: w.Description, Load: w.PhysicalLoad, weight: 2}
		for _, u := range w.SkillURIs {
			wt.Skills = append(wt.Skills, seed.SkillID(u))
			used[u] = true
		}
		// The old core of iederz is still the largest.
		switch w.Code {
		case seedPacking:
			wt.weight = 6
		case "assemblage", "productiewerk", "schoonmaak", "groenvoorziening":
			wt.weight = 3
		}
		g.d.WorkTypes = append(g.d.WorkTypes, wt)
		g.wtByID[wt.ID] = wt
		g.wtWeights = append(g.wtWeights, float64(wt.weight))
	}
	for _, s := range cat.Skills {
		if !used[s.URI] {
			g.transverse = append(g.transverse, seed.SkillID(s.URI))
		}
	}
	if len(g.transverse) == 0 {
		return nil, fmt.Errorf("the catalogue has no skill outside the work types for learning goals")
	}
	for _, p := range geo.InProvince("Groningen") {
		g.prov = append(g.prov, p)
		if p.Place == "Groningen" {
			g.city = append(g.city, p)
		}
	}
	if len(g.city) == 0 {
		return nil, fmt.Errorf("no postcode areas in the city of Groningen")
	}
	// Each target group asks for five work types more often than others,
	// as the demo's groups do; which five is drawn once per run.
	for _, tg := range plekwijzer.TargetGroups {
		for _, i := range g.rng.Perm(len(g.d.WorkTypes))[:5] {
			g.likes[string(tg)] = append(g.likes[string(tg)], g.d.WorkTypes[i].ID)
		}
	}
	g.organisations(max(5, nOffers/20))
	g.offers(nOffers)
	g.users(max(2, nPeople/40))
	for i, matchable := 0, 0; matchable < nPeople; i++ {
		if g.participant(i).Phase != "uitgestroomd" {
			matchable++
		}
	}
	return g.d, nil
}

// seedPacking is the catalogue code of packing work.
const seedPacking = "inpakken"

func (g *generator) id(kind string, i int) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "https://plekwijzer.nl/matchbench/%s/%d", kind, i)).String()
}

// pc4 picks where someone or something is: 45% in the city, the rest in
// the province (people: 80% in the city).
func (g *generator) pc4(cityShare float64) geo.Postcode {
	var p geo.Postcode
	if g.rng.Float64() < cityShare {
		p = g.city[g.rng.IntN(len(g.city))]
	} else {
		p = g.prov[g.rng.IntN(len(g.prov))]
	}
	g.d.PC4s[p.PC4] = true
	return p
}

func (g *generator) organisations(n int) {
	kinds := []string{"afdeling", "sociale-onderneming", "zorgaanbieder", "onderwijs", "overig"}
	for i := range n {
		pc := g.pc4(0.45)
		o := &Organisation{ID: g.id("org", i), Kind: kinds[pick(g.rng, []float64{15, 55, 15, 5, 10})], PC4: pc.PC4, Place: pc.Place}
		o.Name = fmt.Sprintf("%s %d %s", o.Kind, i, pc.Place)
		if o.Kind == "zorgaanbieder" {
			g.care = append(g.care, o.ID)
		}
		g.d.Orgs = append(g.d.Orgs, o)
	}
}

// offers: work types weighted towards the old core; supervision mostly 2
// or 3; 85% open; 3 to 10 day-parts (mornings more often) of 1 to 4 places;
// up to two required and one to three learnable skills of the work type;
// three in ten admit only one or two target groups (at care providers,
// half admit only day activities and GGZ).
func (g *generator) offers(n int) {
	for i := range n {
		org := g.d.Orgs[g.rng.IntN(len(g.d.Orgs))]
		wt := g.d.WorkTypes[pick(g.rng, g.wtWeights)]
		o := &Offer{ID: g.id("offer", i), OrgID: org.ID, WorkTypeID: wt.ID, PC4: org.PC4, Load: wt.Load}
		o.Title = wt.Name + " bij " + org.Name
		// Text to search in, without a draw from the random source: the
		// same seed gives the same offers as before descriptions existed.
		o.Description = wt.Description + " Bij " + org.Name + " in " + org.Place + "."
		if g.rng.IntN(10) == 0 {
			o.PC4 = g.pc4(0.45).PC4
		}
		o.Supervision = 1 + pick(g.rng, []float64{15, 40, 30, 15})
		if g.rng.IntN(5) == 0 {
			switch wt.Load {
			case "hoog":
				o.Load = "midden"
			case "midden":
				o.Load = "laag"
			}
		}
		o.Status = []string{"open", "gepauzeerd", "gesloten"}[pick(g.rng, []float64{85, 10, 5})]
		o.Dev = g.rng.IntN(2) == 0
		o.PublicTransport = g.rng.IntN(10) < 8
		o.Wheelchair = g.rng.IntN(10) < 4
		for _, dp := range g.dayParts(3, 10) {
			o.Places[dp] = 1 + g.rng.IntN(4)
		}
		o.free = o.Places
		core := wt.Skills[:min(8, len(wt.Skills))]
		skills := slices.Clone(core)
		g.rng.Shuffle(len(skills), func(a, b int) { skills[a], skills[b] = skills[b], skills[a] })
		nr, nl := g.rng.IntN(3), 1+g.rng.IntN(3)
		if nr+nl > len(skills) {
			nr, nl = 0, min(nl, len(skills))
		}
		o.Required, o.Learnable = skills[:nr], skills[nr:nr+nl]
		switch {
		case org.Kind == "zorgaanbieder" && g.rng.IntN(2) == 0:
			o.Groups = []string{"dagbesteding-wmo", "ggz-beschermd-wonen"}
		case g.rng.IntN(10) < 3:
			for _, k := range g.rng.Perm(len(plekwijzer.TargetGroups))[:1+g.rng.IntN(2)] {
				o.Groups = append(o.Groups, string(plekwijzer.TargetGroups[k]))
			}
		}
		g.d.Offers = append(g.d.Offers, o)
		if o.Status == string(plekwijzer.OfferOpen) {
			g.byWT[o.WorkTypeID] = append(g.byWT[o.WorkTypeID], o)
		}
	}
}

// dayParts picks lo to hi day-parts, mornings three times as often as
// afternoons, in calendar order.
func (g *generator) dayParts(lo, hi int) []int {
	weights := make([]float64, len(plekwijzer.DayParts))
	for i := range weights {
		weights[i] = 1
		if i%2 == 0 {
			weights[i] = 3
		}
	}
	n := lo + g.rng.IntN(hi-lo+1)
	var out []int
	for len(out) < n {
		k := pick(g.rng, weights)
		weights[k] = 0
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// users: one beheerder and a coach per 40 participants.
func (g *generator) users(coaches int) {
	g.d.AdminID = g.id("user", 0)
	for i := range coaches {
		g.d.Coaches = append(g.d.Coaches, g.id("user", i+1))
	}
}

// participant makes one participant with a history. Profiles follow the
// demo: 2 to 8 day-parts (fewer for day activities, GGZ, pupils and status
// holders), 80% living in the city with a range of 5 to 30 km, interests
// mostly among their group's typical work, packing avoided by a third of
// those who avoid something, one to three learning goals; skills come from
// the work they did.
func (g *generator) participant(i int) *Participant {
	tg := string(plekwijzer.TargetGroups[pick(g.rng, targetGroupShare)])
	p := &Participant{
		ID: g.id("participant", i), Code: fmt.Sprintf("DN-%06d", i), Group: tg,
		CoachID: g.d.Coaches[g.rng.IntN(len(g.d.Coaches))],
		Phase:   string(plekwijzer.Phases[pick(g.rng, phaseShare)]),
	}
	switch tg {
	case "dagbesteding-wmo", "ggz-beschermd-wonen":
		p.Avail = g.dayParts(2, 6)
		p.Supervision = 3 + g.rng.IntN(2)
		if len(g.care) > 0 && (tg == "dagbesteding-wmo" || g.rng.IntN(100) < 85) {
			p.Referrer = g.care[g.rng.IntN(len(g.care))]
		}
	case "pro-vso-entree", "statushouder":
		p.Avail = g.dayParts(2, 5)
		p.Supervision = 2 + g.rng.IntN(2)
	case "detachering", "banenafspraak":
		p.Avail = g.dayParts(4, 8)
		p.Supervision = 1 + g.rng.IntN(2)
	default:
		p.Avail = g.dayParts(2, 8)
		p.Supervision = 1 + pick(g.rng, []float64{20, 40, 30, 10})
	}
	home := g.pc4(0.8)
	p.PC4 = home.PC4
	switch {
	case home.Place != "Groningen":
		p.MaxKm = 10 + g.rng.IntN(21)
	case g.rng.IntN(10) < 7:
		p.MaxKm = 5 + g.rng.IntN(11)
	default:
		p.MaxKm = 15 + g.rng.IntN(16)
	}
	p.Load = []string{"laag", "midden", "hoog"}[pick(g.rng, []float64{3, 4, 2})]
	p.Wheelchair = g.rng.IntN(100) < 5
	p.Language = []string{"A2", "B1", "B2", "C1"}[pick(g.rng, []float64{2, 5, 2, 1})]
	if tg == "statushouder" {
		p.Language = []string{"A0", "A1", "A2"}[pick(g.rng, []float64{1, 4, 4})]
	}
	likes := g.likes[tg]
	for _, k := range g.rng.Perm(len(likes))[:g.rng.IntN(3)] {
		p.Interests = append(p.Interests, likes[k])
	}
	if n := g.rng.IntN(3); n > 0 {
		packing := seed.WorkTypeID(seedPacking)
		if g.rng.IntN(100) < 35 && !slices.Contains(p.Interests, packing) {
			p.Avoid = append(p.Avoid, packing)
		}
		for len(p.Avoid) < n {
			id := g.d.WorkTypes[g.rng.IntN(len(g.d.WorkTypes))].ID
			if !slices.Contains(p.Interests, id) && !slices.Contains(p.Avoid, id) {
				p.Avoid = append(p.Avoid, id)
			}
		}
	}
	for _, k := range g.rng.Perm(len(g.transverse))[:1+g.rng.IntN(3)] {
		p.Goals = append(p.Goals, g.transverse[k])
	}
	if g.rng.IntN(100) < 12 && len(g.d.Coaches) > 1 {
		for p.SharedWith == "" || p.SharedWith == p.CoachID {
			p.SharedWith = g.d.Coaches[g.rng.IntN(len(g.d.Coaches))]
		}
	}
	g.history(p)
	g.d.Participants = append(g.d.Participants, p)
	return p
}

// history gives a participant ended placements one after the other, packing
// more often the longer ago (the letter: it used to be nearly all packing),
// with dropout of 40–50% from packing and 15% elsewhere (more when the work
// is too heavy), and for some a placement that is active now, booked
// against the free places of an open offer. Those without a current
// placement wait since their last placement ended or since they came in.
func (g *generator) history(p *Participant) {
	span := historyLength[p.Phase]
	n := span[0] + g.rng.IntN(span[1]-span[0]+1)
	cursor := -60 - g.rng.IntN(60) // days before today the latest history ends
	levels := map[string]int{}
	var order []string
	learn := func(wt *WorkType, lo, hi int) {
		if len(wt.Skills) == 0 {
			return
		}
		s := wt.Skills[g.rng.IntN(min(6, len(wt.Skills)))]
		if _, ok := levels[s]; !ok {
			order = append(order, s)
		}
		levels[s] = max(levels[s], lo+g.rng.IntN(hi-lo+1))
	}
	var ended []*Placement
	for range n {
		days := 30 + g.rng.IntN(210)
		start := cursor - days
		wt := g.d.WorkTypes[pick(g.rng, g.wtWeights)]
		if start < -365 && g.rng.IntN(2) == 0 {
			wt = g.wtByID[seed.WorkTypeID(seedPacking)]
		}
		offers := g.byWT[wt.ID]
		if len(offers) == 0 {
			continue
		}
		o := offers[g.rng.IntN(len(offers))]
		pl := &Placement{ParticipantID: p.ID, OfferID: o.ID, Group: p.Group, Start: g.d.Today.AddDays(start), End: g.d.Today.AddDays(cursor)}
		pl.DayParts = g.common(p.Avail, o.Places, 3)
		if len(pl.DayParts) == 0 {
			pl.DayParts = p.Avail[:1]
		}
		drop := 15
		if wt.Code == seedPacking {
			drop = 40
			if start < -365 {
				drop = 50
			}
		}
		if rank(o.Load) > rank(p.Load) {
			drop += 20
		}
		switch r := g.rng.IntN(100); {
		case r < 6:
			pl.Status, pl.Result, pl.End = plekwijzer.PlacementCancelled, "geen", pl.Start
		case r < 6+drop:
			pl.Status, pl.Result = plekwijzer.PlacementDropout, "geen"
			pl.Reason, pl.Cause = dropoutReasons[g.rng.IntN(len(dropoutReasons))], plekwijzer.Causes[g.rng.IntN(len(plekwijzer.Causes))]
			learn(wt, 1, 2)
		default:
			pl.Status, pl.Result = plekwijzer.PlacementCompleted, []string{"vervolgplek", "beschut-werk", "betaald-werk", "opleiding", "geen"}[pick(g.rng, []float64{9, 2, 2, 2, 2})]
			learn(wt, 2, 3)
		}
		ended = append(ended, pl)
		cursor = start - 7 - g.rng.IntN(40)
	}
	slices.Reverse(ended) // oldest first
	for _, pl := range ended {
		g.add(p, pl)
	}
	waiting := true
	if g.rng.Float64() < currentChance[p.Phase] {
		if pl, o := g.book(p); pl != nil {
			g.add(p, pl)
			learn(g.wtByID[o.WorkTypeID], 1, 2)
			waiting = false
		}
	}
	for _, id := range p.Interests {
		if g.rng.IntN(2) == 0 {
			learn(g.wtByID[id], 1, 1)
		}
	}
	for _, k := range g.rng.Perm(len(g.transverse))[:1+g.rng.IntN(2)] {
		if s := g.transverse[k]; !slices.Contains(p.Goals, s) {
			if _, ok := levels[s]; !ok {
				order = append(order, s)
			}
			levels[s] = max(levels[s], 1+g.rng.IntN(3))
		}
	}
	for _, s := range order[:min(6, len(order))] {
		p.Skills = append(p.Skills, SkillLevel{s, levels[s]})
	}
	if waiting && p.Phase != "uitgestroomd" && p.Phase != "banenafspraak" {
		p.Waiting = g.d.Today.AddDays(min(-1, cursor+3))
	}
}

// book tries up to eight open offers of the work types the participant
// does not avoid, and books the first that has a free place in one to
// three of their day-parts, from some weeks ago, open-ended.
func (g *generator) book(p *Participant) (*Placement, *Offer) {
	for range 8 {
		wt := g.d.WorkTypes[pick(g.rng, g.wtWeights)]
		if slices.Contains(p.Avoid, wt.ID) || len(g.byWT[wt.ID]) == 0 {
			continue
		}
		offers := g.byWT[wt.ID]
		o := offers[g.rng.IntN(len(offers))]
		parts := g.common(p.Avail, o.free, 1+g.rng.IntN(3))
		if len(parts) == 0 {
			continue
		}
		for _, dp := range parts {
			o.free[dp]--
		}
		return &Placement{ParticipantID: p.ID, OfferID: o.ID, Group: p.Group, Start: g.d.Today.AddDays(-7 - g.rng.IntN(200)),
			Status: plekwijzer.PlacementActive, DayParts: parts}, o
	}
	return nil, nil
}

// common returns up to n of the day-parts in avail where places is
// positive.
func (g *generator) common(avail []int, places [10]int, n int) []int {
	var out []int
	for _, dp := range avail {
		if places[dp] > 0 && len(out) < n {
			out = append(out, dp)
		}
	}
	return out
}

func (g *generator) add(p *Participant, pl *Placement) {
	pl.ID, pl.Referrer = g.id("placement", len(g.d.Placements)), p.Referrer
	start, _ := time.Parse(time.DateOnly, string(pl.Start))
	pl.Created = start.Add(-7 * 24 * time.Hour).UTC()
	g.d.Placements = append(g.d.Placements, pl)
}

func rank(load string) int { return plekwijzer.Load(load).Rank() }

// pick returns an index into weights, each with a chance in proportion to
// its weight.
func pick(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	r := rng.Float64() * total
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}
