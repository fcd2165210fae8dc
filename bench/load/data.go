package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/store"
)

// The region the data lies in: the three northern provinces, what a
// regional service for sheltered work would cover.
var provinces = []string{"Groningen", "Friesland", "Drenthe"}

// dataset is what the generator made and the load test needs: whom to
// ask about, and the tokens to ask with.
type dataset struct {
	Participants []string // ids of matchable participants, in generation order
	Offers       []string
	WorkTypes    []string // codes
	AdminToken   string
	Counts       counts
}

type counts struct {
	Organisations, Offers, Coaches, Participants, Placements, Ended int
	Took                                                            time.Duration
}

// generator makes a region's worth of organisations, offers, coaches,
// participants and a year of placements through the store, so every rule
// (validation, capacity, the outbox) holds as in production.
type generator struct {
	db        *store.DB
	seed      uint64
	workTypes []*plekwijzer.WorkType
	packing   *plekwijzer.WorkType // still the most common work
	skills    []string
	areas     []geo.Postcode
	today     plekwijzer.Date
}

func newGenerator(ctx context.Context, db *store.DB, seed uint64) (*generator, error) {
	g := &generator{db: db, seed: seed, today: plekwijzer.Today()}
	ids, err := db.WorkTypeIDs(ctx)
	if err != nil {
		return nil, err
	}
	if g.workTypes, err = db.WorkTypeDocs(ctx, ids); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, w := range g.workTypes {
		if w.Code == "inpakken" || g.packing == nil {
			g.packing = w
		}
		for _, s := range w.Skills {
			if !seen[s] {
				seen[s] = true
				g.skills = append(g.skills, s)
			}
		}
	}
	slices.Sort(g.skills)
	for _, p := range provinces {
		g.areas = append(g.areas, geo.InProvince(p)...)
	}
	if len(g.workTypes) == 0 || len(g.skills) == 0 || len(g.areas) == 0 {
		return nil, fmt.Errorf("no catalogue or postcodes to generate from")
	}
	return g, nil
}

func (g *generator) rng(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(g.seed, stream)) }

// generate makes offers offers, participants participants and a year of
// placements for a fifth of them, with workers writers at once.
func (g *generator) generate(ctx context.Context, offers, participants, workers int, progress func(string)) (*dataset, error) {
	began := time.Now()
	d := &dataset{}
	for _, w := range g.workTypes {
		d.WorkTypes = append(d.WorkTypes, w.Code)
	}
	admin := &plekwijzer.User{Name: "Load test", Role: plekwijzer.RoleAdmin}
	if err := g.db.CreateUser(ctx, admin); err != nil {
		return nil, err
	}
	var err error
	if _, d.AdminToken, err = g.db.CreateToken(ctx, admin.ID, "load", nil); err != nil {
		return nil, err
	}

	orgs := make([]*plekwijzer.Organisation, max(1, offers/8))
	if err := benchutil.Parallel(workers, len(orgs), func(i int) error {
		r := g.rng(uint64(i))
		area := g.areas[r.IntN(len(g.areas))]
		orgs[i] = &plekwijzer.Organisation{Name: fmt.Sprintf("Werkbedrijf %s %d", area.Place, i+1),
			Kind: plekwijzer.OrganisationKinds[benchutil.WeightedIndex(r, []int{2, 6, 1, 1, 1})], Postcode: area.PC4, Place: area.Place}
		return g.db.CreateOrganisation(ctx, orgs[i])
	}); err != nil {
		return nil, fmt.Errorf("organisations: %w", err)
	}
	progress(fmt.Sprintf("%d organisations", len(orgs)))

	made := make([]*plekwijzer.Offer, offers)
	if err := benchutil.Parallel(workers, offers, func(i int) error {
		made[i] = g.offer(g.rng(1_000_000+uint64(i)), orgs[i%len(orgs)], i)
		return g.db.CreateOffer(ctx, made[i])
	}); err != nil {
		return nil, fmt.Errorf("offers: %w", err)
	}
	for _, o := range made {
		d.Offers = append(d.Offers, o.ID)
	}
	progress(fmt.Sprintf("%d offers", offers))

	coaches := make([]*plekwijzer.User, max(1, participants/500))
	for i := range coaches {
		coaches[i] = &plekwijzer.User{Name: fmt.Sprintf("Coach %d", i+1), Role: plekwijzer.RoleCoach}
		if err := g.db.CreateUser(ctx, coaches[i]); err != nil {
			return nil, err
		}
	}
	people := make([]*plekwijzer.Participant, participants)
	var done atomic.Int64
	if err := benchutil.Parallel(workers, participants, func(i int) error {
		people[i] = g.participant(g.rng(2_000_000+uint64(i)), coaches[i%len(coaches)].ID, i)
		if err := g.db.CreateParticipant(ctx, people[i]); err != nil {
			return err
		}
		if n := done.Add(1); n%20_000 == 0 {
			progress(fmt.Sprintf("%d participants", n))
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("participants: %w", err)
	}
	for _, p := range people {
		if p.Phase != "uitgestroomd" {
			d.Participants = append(d.Participants, p.ID)
		}
	}

	// A year of placements: a fifth of the participants had one to three,
	// one after the other, at offers near them; most ended (a third of
	// those early), the last may still run. A booking that does not fit
	// is skipped, as a coach would pick another.
	var placed, ended atomic.Int64
	open := make([]*plekwijzer.Offer, 0, len(made))
	for _, o := range made {
		if o.Status == plekwijzer.OfferOpen {
			open = append(open, o)
		}
	}
	if err := benchutil.Parallel(workers, participants/5, func(i int) error {
		r := g.rng(3_000_000 + uint64(i))
		p := people[i*5]
		start := g.today.AddDays(-364 + 7*r.IntN(8)).Monday()
		for range 1 + r.IntN(3) {
			if start >= g.today {
				break
			}
			o := open[r.IntN(len(open))]
			parts := pickDayParts(r, o.Capacity, 2+r.IntN(3))
			if len(parts) == 0 {
				continue
			}
			pl := &plekwijzer.Placement{ParticipantID: &p.ID, OfferID: o.ID, DayParts: parts, StartDate: start, Status: plekwijzer.PlacementActive}
			end := start.AddDays(7*(6+r.IntN(20)) - 3)
			if end < g.today {
				pl.EndDate = &end
			}
			err := g.db.CreatePlacement(ctx, pl)
			if plekwijzer.ErrorCode(err) == plekwijzer.EConflict {
				continue
			} else if err != nil {
				return err
			}
			placed.Add(1)
			if pl.EndDate == nil {
				break
			}
			status, outcome := plekwijzer.PlacementCompleted, &plekwijzer.Outcome{Result: plekwijzer.Results[r.IntN(5)]}
			if r.IntN(3) == 0 {
				status, outcome = plekwijzer.PlacementDropout, &plekwijzer.Outcome{Result: "geen",
					DropoutReason: plekwijzer.DropoutReasons[r.IntN(len(plekwijzer.DropoutReasons))],
					CausedBy:      plekwijzer.Causes[r.IntN(len(plekwijzer.Causes))], MissedHours: r.IntN(30)}
			}
			if _, err := g.db.UpdatePlacement(ctx, pl.ID, plekwijzer.PlacementUpdate{Status: &status, Outcome: outcome}, 0); err != nil {
				return err
			}
			ended.Add(1)
			start = end.AddDays(3 + 7*r.IntN(4))
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("placements: %w", err)
	}
	d.Counts = counts{Organisations: len(orgs), Offers: offers, Coaches: len(coaches), Participants: participants,
		Placements: int(placed.Load()), Ended: int(ended.Load()), Took: time.Since(began)}
	progress(fmt.Sprintf("%d placements, %d ended", d.Counts.Placements, d.Counts.Ended))
	return d, nil
}

// offer is a realistic offer at org: packing and assembly still common,
// the rest spread over the catalogue; places on a few day-parts.
func (g *generator) offer(r *rand.Rand, org *plekwijzer.Organisation, i int) *plekwijzer.Offer {
	w := g.workTypes[r.IntN(len(g.workTypes))]
	if r.IntN(5) == 0 {
		w = g.packing
	}
	area := g.near(r, org.Postcode)
	o := &plekwijzer.Offer{OrganisationID: org.ID, WorkTypeID: w.ID,
		Title:       fmt.Sprintf("%s bij %s", w.Name, org.Name),
		Description: fmt.Sprintf("%s Werkplek %d in %s: %s", w.Description, i+1, area.Place, phrases[r.IntN(len(phrases))]),
		Supervision: 1 + r.IntN(4), PhysicalLoad: w.PhysicalLoad, Postcode: area.PC4, Capacity: plekwijzer.Capacity{},
		Access:       plekwijzer.Accessibility{PublicTransport: r.IntN(4) > 0, Wheelchair: r.IntN(3) == 0},
		Status:       plekwijzer.OfferStatus([]string{"open", "gepauzeerd", "gesloten"}[benchutil.WeightedIndex(r, []int{17, 2, 1})]),
		TargetGroups: []plekwijzer.TargetGroup{}, DevelopmentPlace: r.IntN(3) == 0}
	for _, d := range plekwijzer.DayParts {
		if r.IntN(10) < 6 {
			o.Capacity[d] = 1 + r.IntN(4)
		}
	}
	if len(o.Capacity) == 0 {
		o.Capacity[plekwijzer.DayParts[r.IntN(len(plekwijzer.DayParts))]] = 2
	}
	if r.IntN(4) == 0 {
		o.TargetGroups = pick(r, plekwijzer.TargetGroups, 1+r.IntN(3))
	}
	skills := slices.Clone(w.Skills)
	r.Shuffle(len(skills), func(i, j int) { skills[i], skills[j] = skills[j], skills[i] })
	n := min(len(skills), r.IntN(3))
	o.RequiredSkills = skills[:n]
	o.LearnableSkills = skills[n:min(len(skills), n+1+r.IntN(3))]
	return o
}

// participant is a realistic profile: a target group, a phase, a few
// day-parts, a home in the region, some skills and interests.
func (g *generator) participant(r *rand.Rand, coach string, i int) *plekwijzer.Participant {
	home := g.areas[r.IntN(len(g.areas))]
	p := &plekwijzer.Participant{Code: fmt.Sprintf("LT-%06d", i+1), CoachID: coach,
		TargetGroup: plekwijzer.TargetGroups[r.IntN(len(plekwijzer.TargetGroups))],
		Phase:       plekwijzer.Phases[benchutil.WeightedIndex(r, []int{2, 3, 6, 3, 2, 1})],
		Postcode:    home.PC4, MaxTravelKm: 5 + r.IntN(26), SupervisionNeed: 1 + r.IntN(4),
		LoadCapacity: plekwijzer.Loads[benchutil.WeightedIndex(r, []int{3, 5, 2})], Wheelchair: r.IntN(30) == 0,
		LanguageLevel: plekwijzer.LanguageLevels[r.IntN(len(plekwijzer.LanguageLevels))]}
	p.Availability = pick(r, plekwijzer.DayParts, 2+r.IntN(7))
	for _, s := range pick(r, g.skills, r.IntN(6)) {
		p.Skills = append(p.Skills, plekwijzer.SkillLevel{SkillID: s, Level: 1 + r.IntN(3)})
	}
	wts := pick(r, g.workTypes, r.IntN(4)+r.IntN(2))
	for k, w := range wts {
		if k < len(wts)-1 || r.IntN(3) > 0 {
			p.Interests = append(p.Interests, w.ID)
		} else {
			p.Avoid = append(p.Avoid, w.ID)
		}
	}
	p.LearningGoals = pick(r, g.skills, r.IntN(3))
	if r.IntN(4) == 0 {
		since := g.today.AddDays(-r.IntN(200))
		p.WaitingSince = &since
	}
	return p
}

// near returns an area close to pc4 (the same, most of the time).
func (g *generator) near(r *rand.Rand, pc4 string) geo.Postcode {
	if a, ok := geo.Lookup(pc4); ok && r.IntN(4) > 0 {
		return a
	}
	return g.areas[r.IntN(len(g.areas))]
}

var phrases = []string{
	"rustig werk in een klein team, met vaste begeleiding",
	"afwisselend werk binnen en buiten, je leert omgaan met gereedschap",
	"werken met klanten in de winkel en het magazijn",
	"samen koken en de lunch verzorgen voor collega's",
	"fietsen repareren en onderhouden in de werkplaats",
	"groenonderhoud in parken en tuinen van de gemeente",
	"sorteren, inpakken en verzendklaar maken van bestellingen",
	"houtbewerking en meubels opknappen voor de kringloop",
	"schoonmaken en de gebouwen netjes houden",
	"administratief werk op kantoor, post en archief",
}

// pickDayParts returns n day-parts with places in capacity, in week order.
func pickDayParts(r *rand.Rand, capacity plekwijzer.Capacity, n int) []plekwijzer.DayPart {
	var have []plekwijzer.DayPart
	for _, d := range plekwijzer.DayParts {
		if capacity[d] > 0 {
			have = append(have, d)
		}
	}
	return plekwijzer.SortedDayParts(pick(r, have, n))
}

// pick returns up to n different elements of from.
func pick[T any](r *rand.Rand, from []T, n int) []T {
	n = min(n, len(from))
	out := make([]T, 0, n)
	for _, i := range r.Perm(len(from))[:n] {
		out = append(out, from[i])
	}
	return out
}
