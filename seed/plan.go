package seed

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/geo"
)

// plan is the demo data before it is written: plain values, generated
// without a database, so tests can check the story it tells (counts,
// variety, capacity) and its determinism on their own. Demo writes it
// through the store.
type plan struct {
	today         plekwijzer.Date
	organisations []*plekwijzer.Organisation
	users         []*plekwijzer.User
	// offers are created open, so that history can be booked on them;
	// finalStatus holds the status the paused and closed ones end in.
	offers       []*plekwijzer.Offer
	finalStatus  map[string]plekwijzer.OfferStatus
	participants []*plekwijzer.Participant
	placements   []*plannedPlacement
}

// plannedPlacement is a placement as Demo books it: created with the
// period it occupies, then moved to its final status.
type plannedPlacement struct {
	ID            string
	ParticipantID string
	Code          string // the participant's pseudonymous code
	OfferID       string
	DayParts      []plekwijzer.DayPart
	Start         plekwijzer.Date
	End           *plekwijzer.Date // nil: open-ended
	Status        plekwijzer.PlacementStatus
	Outcome       *plekwijzer.Outcome
}

// offerInfo is what the generator knows about an offer beyond the offer
// itself.
type offerInfo struct {
	offer    *plekwijzer.Offer
	spec     offerSpec
	workType string // catalogue code
	point    geo.Point
	final    plekwijzer.OfferStatus
}

// builder holds the state of one plan's generation.
type builder struct {
	d     *dice
	today plekwijzer.Date
	cat   *catalogue.Catalogue
	p     *plan

	orgs       map[string]*plekwijzer.Organisation // by orgSpec key
	orgPoints  map[string]geo.Point
	offers     []*offerInfo
	people     []*participantInfo
	coaches    []string // user ids
	city       []geo.Postcode
	region     []geo.Postcode // places outside the city where participants live
	wtSkills   map[string][]string
	wtLoad     map[string]plekwijzer.Load
	codes      []string                        // every catalogue work-type code, in catalogue order
	transverse []string                        // skill ids of transversal learning goals
	dutch      []string                        // skill ids of Dutch-language learning goals
	bookings   map[string][]plekwijzer.Booking // offer id -> places held
}

// newPlan generates the demo for opts. The same options give the same plan.
func newPlan(opts DemoOptions) (*plan, error) {
	if opts.Today == "" {
		opts.Today = plekwijzer.Today()
	}
	if !opts.Today.Valid() {
		return nil, fmt.Errorf("seed: today %q is not a date", opts.Today)
	}
	cat, err := catalogue.Load()
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	b := &builder{
		d:         newDice(opts.Seed),
		today:     opts.Today,
		cat:       cat,
		p:         &plan{today: opts.Today, finalStatus: map[string]plekwijzer.OfferStatus{}},
		orgs:      map[string]*plekwijzer.Organisation{},
		orgPoints: map[string]geo.Point{},
		wtSkills:  map[string][]string{},
		wtLoad:    map[string]plekwijzer.Load{},
		bookings:  map[string][]plekwijzer.Booking{},
	}
	steps := []func() error{
		b.loadCatalogue,
		b.buildOrganisations,
		b.buildUsers,
		b.buildOffers,
		b.buildParticipants,
		b.buildPlacements,
		b.finishParticipants,
		b.offerAges,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return b.p, nil
}

// transversalSkillURIs are the learning goals that matter most for people
// far from the labour market: keeping agreements, working with others,
// coping with stress and frustration, working safely and precisely. They
// are ESCO transversal skills the catalogue carries for this purpose.
var transversalSkillURIs = []string{
	"http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0", // in teams werken
	"http://data.europa.eu/esco/skill/5b0f2198-7246-4256-a902-4d9ce1260c80", // zorgen voor klantgerichtheid
	"http://data.europa.eu/esco/skill/96de2e86-e287-41f2-88ab-15a2343afc6f", // conflicten oplossen
	"http://data.europa.eu/esco/skill/113b4428-0a31-4199-8496-070af7854b91", // verbintenissen nakomen
	"http://data.europa.eu/esco/skill/199f7919-5114-41b6-b6a5-41e0e4896ec1", // verantwoordelijkheid nemen
	"http://data.europa.eu/esco/skill/d9013e0e-e937-43d5-ab71-0e917ee882b8", // tijd beheren
	"http://data.europa.eu/esco/skill/05aa7c09-46e7-433f-a81b-92841f4551e7", // kritiek en begeleiding aanvaarden
	"http://data.europa.eu/esco/skill/7a147904-22b3-498a-b4d9-7bceeb86b45d", // omgaan met stress
	"http://data.europa.eu/esco/skill/1d1fedcb-4995-44ac-90f5-f31a157ce512", // omgaan met frustratie
	"http://data.europa.eu/esco/skill/49de9958-2aa4-4eef-a89d-fe5d5bcd28c4", // zich aan verandering aanpassen
	"http://data.europa.eu/esco/skill/c29aa9d2-4da8-4bdd-831c-8d4a2fb51730", // zelfstandig werken
	"http://data.europa.eu/esco/skill/7a93e22f-54d8-4bf0-9213-d711f6601b49", // efficiënt werken
	"http://data.europa.eu/esco/skill/83e6510b-ffeb-4aec-959c-4265fd0ff7b7", // gedetailleerd werken
	"http://data.europa.eu/esco/skill/9cfd2219-553c-4d67-81e5-951e87c65135", // gedurende lange tijd geconcentreerd blijven
	"http://data.europa.eu/esco/skill/9bf266a6-188b-4d17-a22f-2f266d76832b", // bereidheid tonen om te leren
	"http://data.europa.eu/esco/skill/19ba11f3-9c99-41fd-a7c9-f77e6a026186", // berekeningen uitvoeren
	"http://data.europa.eu/esco/skill/6b2f8802-0cbf-436e-a37f-ca55ede41bbc", // digitale hardware bedienen
	"http://data.europa.eu/esco/skill/adc6dc11-3376-467b-96c5-9b0a21edc869", // problemen oplossen
	"http://data.europa.eu/esco/skill/b618584f-6bdf-4d8f-89a7-f28c2c95afc2", // voorschriften naleven
	"http://data.europa.eu/esco/skill/bcf002ce-90f8-42e5-ac1b-5dba208639b0", // blijk geven van betrouwbaarheid
	"http://data.europa.eu/esco/skill/d9449998-c1f5-478c-a103-2255398cf0b6", // hygiënenormen toepassen
	"http://data.europa.eu/esco/skill/c4180af3-befd-4bd8-9a65-6a496f9d9f15", // zich bewust zijn van gezondheidsrisico’s
	"http://data.europa.eu/esco/skill/9c0f93f7-2592-4d4d-9673-fd640502345f", // met precisie gebruikmaken van apparatuur …
}

// dutchSkillURIs are the Dutch-language learning goals of status holders.
var dutchSkillURIs = []string{
	"http://data.europa.eu/esco/skill/c44b765b-76fb-4a16-be7e-9925beee072c", // mondeling in het Nederlands communiceren
	"http://data.europa.eu/esco/skill/347d33a8-3698-4549-a7de-722a0216ee40", // gesproken Nederlands begrijpen
	"http://data.europa.eu/esco/skill/96ab25a3-c89b-43ea-833b-26b637c3b6ed", // geschreven Nederlands begrijpen
}

// loadCatalogue indexes the catalogue and the postcode table.
func (b *builder) loadCatalogue() error {
	for _, w := range b.cat.WorkTypes {
		b.codes = append(b.codes, w.Code)
		b.wtLoad[w.Code] = plekwijzer.Load(w.PhysicalLoad)
		for _, u := range w.SkillURIs {
			b.wtSkills[w.Code] = append(b.wtSkills[w.Code], SkillID(u))
		}
	}
	for _, u := range transversalSkillURIs {
		if _, ok := b.cat.Skill(u); ok {
			b.transverse = append(b.transverse, SkillID(u))
		}
	}
	for _, u := range dutchSkillURIs {
		if _, ok := b.cat.Skill(u); ok {
			b.dutch = append(b.dutch, SkillID(u))
		}
	}
	// A catalogue without our transversal skills still gets learning
	// goals: the skills no work type asks are the general ones.
	if len(b.transverse) < 6 {
		used := map[string]bool{}
		for _, w := range b.cat.WorkTypes {
			for _, u := range w.SkillURIs {
				used[u] = true
			}
		}
		for _, s := range b.cat.Skills {
			if !used[s.URI] && !slices.Contains(b.transverse, SkillID(s.URI)) {
				b.transverse = append(b.transverse, SkillID(s.URI))
			}
		}
	}
	if len(b.transverse) == 0 {
		return fmt.Errorf("seed: the catalogue has no transversal skills")
	}
	if len(b.dutch) == 0 {
		b.dutch = b.transverse[:1]
	}
	for _, s := range offers {
		if _, ok := b.wtLoad[s.workType]; !ok {
			return fmt.Errorf("seed: offer %q: work type %q is not in the catalogue", s.title, s.workType)
		}
	}

	areas := geo.InProvince("Groningen")
	home := map[string]bool{
		"Hoogezand": true, "Winsum": true, "Delfzijl": true, "Stadskanaal": true,
		"Leek": true, "Haren Gn": true, "Bedum": true, "Ten Boer": true,
		"Zuidhorn": true, "Veendam": true, "Appingedam": true, "Winschoten": true,
	}
	for _, a := range areas {
		switch {
		case a.Place == "Groningen" && strings.HasPrefix(a.PC4, "97"):
			b.city = append(b.city, a)
		case home[a.Place]:
			b.region = append(b.region, a)
		}
	}
	if len(b.city) == 0 || len(b.region) == 0 {
		return fmt.Errorf("seed: the postcode table has no areas in the city or province of Groningen")
	}
	return nil
}

// buildOrganisations places every organisation in a real postcode area.
func (b *builder) buildOrganisations() error {
	areas := geo.InProvince("Groningen")
	for _, s := range organisations {
		a, err := resolvePostcode(areas, s.place, s.pc4)
		if err != nil {
			return err
		}
		o := &plekwijzer.Organisation{
			ID:       demoID("organisatie", s.key),
			Name:     s.name,
			Kind:     s.kind,
			Postcode: a.PC4,
			Place:    a.Place,
		}
		b.orgs[s.key] = o
		b.orgPoints[s.key] = a.Point
		b.p.organisations = append(b.p.organisations, o)
	}
	return nil
}

// buildUsers adds the staff and one partner per organisation with offers.
func (b *builder) buildUsers() error {
	for _, s := range staff {
		u := &plekwijzer.User{ID: demoID("gebruiker", s.name), Name: s.name, Role: s.role, Email: demoEmail(s.name)}
		if s.role == plekwijzer.RoleCoach {
			b.coaches = append(b.coaches, u.ID)
		}
		b.p.users = append(b.p.users, u)
	}
	hasOffers := map[string]bool{}
	for _, o := range offers {
		hasOffers[o.org] = true
	}
	for _, s := range organisations {
		if !hasOffers[s.key] {
			continue
		}
		if s.contact == "" {
			return fmt.Errorf("seed: organisation %s has offers but no contact", s.key)
		}
		id := b.orgs[s.key].ID
		b.p.users = append(b.p.users, &plekwijzer.User{
			ID:             demoID("gebruiker", s.contact),
			Name:           s.contact,
			Role:           plekwijzer.RolePartner,
			OrganisationID: &id,
			Email:          demoEmail(s.contact),
		})
	}
	return nil
}

// demoEmail is a demo user's address at example.org (reserved for
// examples, so no mail reaches anyone): the first name, the word after the
// role ("Coach Fatma Y." is fatma@example.org, "Demo beheerder"
// beheerder@example.org), in plain letters.
func demoEmail(name string) string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return ""
	}
	local := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z' || r == '-':
			return r
		case r == 'ü':
			return 'u'
		}
		return -1
	}, strings.ToLower(words[1]))
	return local + "@example.org"
}

// buildOffers turns the offer table into offers with skills from the
// catalogue, then balances the development places.
func (b *builder) buildOffers() error {
	for _, s := range offers {
		org, ok := b.orgs[s.org]
		if !ok {
			return fmt.Errorf("seed: offer %q: unknown organisation %s", s.title, s.org)
		}
		pattern, ok := dayPatterns[s.days]
		if !ok {
			return fmt.Errorf("seed: offer %q: unknown day pattern %s", s.title, s.days)
		}
		capacity := plekwijzer.Capacity{}
		for _, dp := range pattern {
			capacity[dp] = s.places
		}
		load := b.wtLoad[s.workType]
		if s.lighter && load.Rank() > 1 {
			load = plekwijzer.Loads[load.Rank()-2]
		}
		required, learnable := b.offerSkills(s)
		o := &plekwijzer.Offer{
			ID:               demoID("werkplek", s.org+"/"+s.title),
			OrganisationID:   org.ID,
			Title:            s.title,
			Description:      s.desc,
			WorkTypeID:       WorkTypeID(s.workType),
			RequiredSkills:   required,
			LearnableSkills:  learnable,
			Supervision:      s.sup,
			PhysicalLoad:     load,
			Capacity:         capacity,
			Postcode:         org.Postcode,
			Access:           plekwijzer.Accessibility{PublicTransport: !s.noTransit, Wheelchair: s.wheelchair},
			TargetGroups:     slices.Clone(s.groups),
			Status:           plekwijzer.OfferOpen,
			DevelopmentPlace: s.dev,
		}
		final := s.status
		if final == "" {
			final = plekwijzer.OfferOpen
		} else {
			b.p.finalStatus[o.ID] = final
		}
		b.offers = append(b.offers, &offerInfo{offer: o, spec: s, workType: s.workType, point: b.orgPoints[s.org], final: final})
		b.p.offers = append(b.p.offers, o)
	}
	b.balanceCapacity()
	return nil
}

// offerSkills picks what an offer asks and what one can learn there. The
// catalogue lists a work type's skills most central first, so requirements
// come from the head of the list; development places ask little, because
// learning is their point, and every offer teaches a transversal skill or
// two as well.
func (b *builder) offerSkills(s offerSpec) (required, learnable []string) {
	skills := b.wtSkills[s.workType]
	nReq := b.d.between(1, 2)
	if s.dev {
		nReq = b.d.between(0, 1)
	}
	head := skills[:min(len(skills), 4)]
	required = sample(b.d, head, nReq)
	var rest []string
	for _, id := range skills[:min(len(skills), 10)] {
		if !slices.Contains(required, id) {
			rest = append(rest, id)
		}
	}
	learnable = sample(b.d, rest, b.d.between(2, 4))
	// Some work types ask a transversal skill themselves; list it once.
	for _, id := range sample(b.d, b.transverse, b.d.between(1, 2)) {
		if !slices.Contains(learnable, id) && !slices.Contains(required, id) {
			learnable = append(learnable, id)
		}
	}
	return required, learnable
}

// Targets for the development places per day-part: the raadsbrief's 100,
// of which 20 reserved for the GON partners' clients with a day-activity
// indication. The exact figure per day-part varies a little, as it does in
// practice.
const (
	devTarget = 100
	devSlack  = 5
	gonTarget = 20
	gonSlack  = 2
)

// isGON reports whether o is one of the places reserved for the GON
// partners: a development place for day-activity clients only.
func isGON(o *plekwijzer.Offer) bool {
	return o.DevelopmentPlace && len(o.TargetGroups) == 1 && o.TargetGroups[0] == "dagbesteding-wmo"
}

// balanceCapacity scales the places of development offers, day-part by
// day-part, so that each day-part has about 20 reserved GON places and
// about 100 development places in all. The table gives the shape (which
// offers are big, which are open in the afternoon); scaling keeps that
// shape, where adding single places at random would make it ragged. Only
// open offers are development places in the table, so the figures hold for
// the offers a coach can use.
func (b *builder) balanceCapacity() {
	var gon, other []*plekwijzer.Offer
	for _, oi := range b.offers {
		switch {
		case isGON(oi.offer):
			gon = append(gon, oi.offer)
		case oi.offer.DevelopmentPlace:
			other = append(other, oi.offer)
		}
	}
	for _, d := range plekwijzer.DayParts {
		g := b.d.between(gonTarget-gonSlack, gonTarget+gonSlack)
		scalePlaces(gon, d, g)
		all := b.d.between(devTarget-devSlack, devTarget+devSlack)
		scalePlaces(other, d, all-b.devPlaces(d, isGON))
	}
}

// scalePlaces sets the places of the offers in day-part d to total in
// all, in proportion to what they have (largest remainder first), keeping
// at least one place where an offer had any.
func scalePlaces(offers []*plekwijzer.Offer, d plekwijzer.DayPart, total int) {
	type share struct {
		o    *plekwijzer.Offer
		rest float64
	}
	var shares []share
	have := 0
	for _, o := range offers {
		if o.Capacity[d] > 0 {
			shares = append(shares, share{o: o})
			have += o.Capacity[d]
		}
	}
	if have == 0 || total < len(shares) {
		return
	}
	sum := 0
	for i := range shares {
		exact := float64(shares[i].o.Capacity[d]) * float64(total) / float64(have)
		n := max(1, int(exact))
		shares[i].rest = exact - float64(n)
		shares[i].o.Capacity[d] = n
		sum += n
	}
	// Hand out what rounding left, largest remainder first; take back
	// what the minimum of one place added, smallest remainder first.
	slices.SortStableFunc(shares, func(x, y share) int {
		switch {
		case x.rest > y.rest:
			return -1
		case x.rest < y.rest:
			return 1
		}
		return 0
	})
	for i := 0; sum < total; i = (i + 1) % len(shares) {
		shares[i].o.Capacity[d]++
		sum++
	}
	for i := len(shares) - 1; sum > total; i = (i - 1 + len(shares)) % len(shares) {
		if shares[i].o.Capacity[d] > 1 {
			shares[i].o.Capacity[d]--
			sum--
		}
	}
}

// devPlaces is the number of places in day-part d over the offers that
// match.
func (b *builder) devPlaces(d plekwijzer.DayPart, match func(*plekwijzer.Offer) bool) int {
	n := 0
	for _, oi := range b.offers {
		if match(oi.offer) {
			n += oi.offer.Capacity[d]
		}
	}
	return n
}

// newOffers is how many of the demo's offers are new, at most: posted
// within the widget's "nieuw" window, with no history before it.
const newOffers = 6

// offerAges dates each offer's posting: a few recent ones without history,
// the others months or years ago but never after the first placement on
// them. Without it every offer would date from the moment the demo was
// loaded, and the widget would call all of them new.
func (b *builder) offerAges() error {
	first := map[string]plekwijzer.Date{}
	for _, pl := range b.p.placements {
		if f, ok := first[pl.OfferID]; !ok || pl.Start < f {
			first[pl.OfferID] = pl.Start
		}
	}
	// New offers are open ones whose placements, if any, began in the
	// last weeks.
	recently := dayDate(b.today, -25)
	var fresh []*plekwijzer.Offer
	for _, oi := range b.offers {
		if f, booked := first[oi.offer.ID]; (!booked || f >= recently) && oi.final == plekwijzer.OfferOpen {
			fresh = append(fresh, oi.offer)
		}
	}
	recent := map[string]bool{}
	for _, o := range sample(b.d, fresh, min(newOffers, len(fresh))) {
		recent[o.ID] = true
	}
	for _, oi := range b.offers {
		o := oi.offer
		posted := dayDate(b.today, -b.d.between(60, 730))
		if recent[o.ID] {
			posted = dayDate(b.today, -b.d.between(1, 25))
		}
		if f, ok := first[o.ID]; ok && f < posted {
			posted = f
		}
		o.CreatedAt = posted.Time().Add(9 * time.Hour)
	}
	return nil
}
