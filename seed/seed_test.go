package seed

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// testToday fixes the demo's today in the pure tests, so a failure can be
// reproduced on any day.
const testToday plekwijzer.Date = "2026-03-02"

func mustPlan(t *testing.T, seed uint64) *plan {
	t.Helper()
	p, err := newPlan(DemoOptions{Seed: seed, Today: testToday})
	if err != nil {
		t.Fatalf("newPlan: %v", err)
	}
	return p
}

func TestIDsAreStableUUIDs(t *testing.T) {
	uri := "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"
	if SkillID(uri) != SkillID(uri) || WorkTypeID("inpakken") != WorkTypeID("inpakken") {
		t.Fatal("ids are not deterministic")
	}
	for _, id := range []string{SkillID(uri), WorkTypeID("inpakken")} {
		if !plekwijzer.ValidID(id) {
			t.Errorf("%q is not a valid id", id)
		}
	}
	if WorkTypeID("inpakken") == WorkTypeID("assemblage") {
		t.Error("different codes give the same id")
	}
}

// TestPlanTellsTheStory checks the demo generated for the default seed
// against what the brief and the raadsbrief ask of it.
func TestPlanTellsTheStory(t *testing.T) {
	p := mustPlan(t, 1)

	kinds := map[plekwijzer.OrganisationKind]int{}
	for _, o := range p.organisations {
		kinds[o.Kind]++
	}
	for kind, least := range map[plekwijzer.OrganisationKind]int{
		"afdeling": 5, "sociale-onderneming": 8, "zorgaanbieder": 4, "onderwijs": 2,
	} {
		if kinds[kind] < least {
			t.Errorf("%d organisations of kind %s, want at least %d", kinds[kind], kind, least)
		}
	}
	places := map[string]bool{}
	for _, o := range p.organisations {
		places[o.Place] = true
	}
	for _, want := range []string{"Groningen", "Hoogezand", "Winsum", "Delfzijl", "Stadskanaal", "Leek"} {
		if !places[want] {
			t.Errorf("no organisation in %s", want)
		}
	}

	roles := map[plekwijzer.Role]int{}
	for _, u := range p.users {
		roles[u.Role]++
	}
	withOffers := map[string]bool{}
	for _, o := range p.offers {
		withOffers[o.OrganisationID] = true
	}
	if roles["beheerder"] != 1 || roles["coach"] != 6 || roles["manager"] != 1 || roles["partner"] != len(withOffers) {
		t.Errorf("users by role %v, want 1 beheerder, 6 coaches, 1 manager, %d partners", roles, len(withOffers))
	}

	if len(p.offers) < 60 {
		t.Errorf("%d offers, want at least 60", len(p.offers))
	}
	workTypes := map[string]bool{}
	for _, o := range p.offers {
		workTypes[o.WorkTypeID] = true
	}
	if len(workTypes) < 20 {
		t.Errorf("offers over %d work types, want at least 20", len(workTypes))
	}
	closed := 0
	for _, o := range p.offers {
		if st, ok := p.finalStatus[o.ID]; ok && st != plekwijzer.OfferOpen {
			closed++
			if o.DevelopmentPlace {
				t.Errorf("offer %q is a development place but ends %s", o.Title, st)
			}
		}
	}
	if share := float64(closed) / float64(len(p.offers)); share < 0.05 || share > 0.15 {
		t.Errorf("%d of %d offers paused or closed, want about 10%%", closed, len(p.offers))
	}
	for _, d := range plekwijzer.DayParts {
		all, gon := 0, 0
		for _, o := range p.offers {
			if o.DevelopmentPlace {
				all += o.Capacity[d]
			}
			if isGON(o) {
				gon += o.Capacity[d]
			}
		}
		if all < 90 || all > 110 {
			t.Errorf("%s: %d development places, want 90-110", d, all)
		}
		if gon < 18 || gon > 22 {
			t.Errorf("%s: %d places reserved for GON clients, want about 20", d, gon)
		}
	}

	if len(p.participants) < 200 {
		t.Errorf("%d participants, want at least 200", len(p.participants))
	}
	groupsSeen := map[plekwijzer.TargetGroup]bool{}
	phasesSeen := map[plekwijzer.Phase]bool{}
	waiting, city := 0, 0
	codeRE := regexp.MustCompile(`^DN-20[0-9]{2}-[0-9]{4}$`)
	codes := map[string]bool{}
	for _, x := range p.participants {
		groupsSeen[x.TargetGroup] = true
		phasesSeen[x.Phase] = true
		if x.WaitingSince != nil {
			waiting++
		}
		if strings.HasPrefix(x.Postcode, "97") {
			city++
		}
		if !codeRE.MatchString(x.Code) || codes[x.Code] {
			t.Errorf("code %q is malformed or not unique", x.Code)
		}
		codes[x.Code] = true
		if x.TargetGroup == "dagbesteding-wmo" && x.ReferrerID == nil {
			t.Errorf("%s: a day-activity client without a referring care provider", x.Code)
		}
		if x.TargetGroup == "statushouder" && !slices.Contains([]string{"A0", "A1", "A2"}, x.LanguageLevel) {
			t.Errorf("%s: status holder with Dutch at %s", x.Code, x.LanguageLevel)
		}
		if n := len(x.Availability); n < 2 || n > 8 {
			t.Errorf("%s: %d day-parts available, want 2-8", x.Code, n)
		}
		if n := len(x.Skills); n < 1 || n > 6 {
			t.Errorf("%s: %d skills, want 1-6", x.Code, n)
		}
	}
	if len(groupsSeen) != len(plekwijzer.TargetGroups) {
		t.Errorf("target groups present: %d, want all %d", len(groupsSeen), len(plekwijzer.TargetGroups))
	}
	if len(phasesSeen) != len(plekwijzer.Phases) {
		t.Errorf("phases present: %d, want all %d", len(phasesSeen), len(plekwijzer.Phases))
	}
	if waiting < 25 || waiting > 60 {
		t.Errorf("%d participants on the waiting list, want about 40", waiting)
	}
	if city*10 < len(p.participants)*7 {
		t.Errorf("%d of %d participants live in the city, want most", city, len(p.participants))
	}

	if len(p.placements) < 200 {
		t.Errorf("%d placements, want a couple hundred", len(p.placements))
	}
	checkPlacementStory(t, p.today, p.placements, offerWorkTypes(p.offers))
}

func offerWorkTypes(offers []*plekwijzer.Offer) map[string]string {
	m := map[string]string{}
	for _, o := range offers {
		m[o.ID] = o.WorkTypeID
	}
	return m
}

// checkPlacementStory checks the history as the dashboard would show it:
// every status occurs, ended placements have outcomes in the past, packing
// dominated the past and caused the dropouts for lack of variety.
func checkPlacementStory(t *testing.T, today plekwijzer.Date, pls []*plannedPlacement, workType map[string]string) {
	t.Helper()
	packing := func(offerID string) bool {
		return workType[offerID] == WorkTypeID("inpakken") || workType[offerID] == WorkTypeID("assemblage")
	}
	status := map[plekwijzer.PlacementStatus]int{}
	var old, oldPacking, recent, recentPacking, variety, varietyPacking int
	for _, pl := range pls {
		status[pl.Status]++
		if pl.Status.Ended() {
			if pl.Outcome == nil || pl.End == nil || *pl.End >= today {
				t.Errorf("%s: ended placement without outcome or with an end date not in the past", pl.ID)
				continue
			}
			if pl.Status == plekwijzer.PlacementDropout && (pl.Outcome.DropoutReason == "" || pl.Outcome.CausedBy == "") {
				t.Errorf("%s: dropout without reason or cause", pl.ID)
			}
		} else if pl.Outcome != nil {
			t.Errorf("%s: %s placement with an outcome", pl.ID, pl.Status)
		}
		if pl.Start < today.AddDays(-365) {
			old++
			if packing(pl.OfferID) {
				oldPacking++
			}
		} else {
			recent++
			if packing(pl.OfferID) {
				recentPacking++
			}
		}
		if pl.Outcome != nil && pl.Outcome.DropoutReason == "te-weinig-variatie" {
			variety++
			if packing(pl.OfferID) {
				varietyPacking++
			}
		}
	}
	for _, s := range plekwijzer.PlacementStatuses {
		// Only a werkplek's answer makes a placement geaccepteerd: the
		// demo's voordrachten do that (voordrachten.go), not the plan.
		if status[s] == 0 && s != plekwijzer.PlacementAccepted {
			t.Errorf("no placement with status %s", s)
		}
	}
	if oldPacking*2 <= old {
		t.Errorf("%d of %d placements over a year ago were packing, want most", oldPacking, old)
	}
	if recentPacking*3 >= recent {
		t.Errorf("%d of %d placements in the last year were packing, want a minority", recentPacking, recent)
	}
	if variety < 10 || varietyPacking*3 < variety*2 {
		t.Errorf("%d dropouts for lack of variety, %d of them at packing; want some, mostly at packing", variety, varietyPacking)
	}
}

// TestPlanRespectsTheRules checks, for several seeds, every rule the store
// enforces, so that Demo never has a placement refused, and that the
// history tells the same story whatever the seed.
func TestPlanRespectsTheRules(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { checkRules(t, seed) })
	}
}

func checkRules(t *testing.T, seed uint64) {
	p := mustPlan(t, seed)
	checkPlacementStory(t, p.today, p.placements, offerWorkTypes(p.offers))
	for _, o := range p.organisations {
		c := *o
		if err := c.Validate(); err != nil {
			t.Errorf("organisation %s: %v", o.Name, fieldErrors(err))
		}
	}
	for _, u := range p.users {
		c := *u
		if err := c.Validate(); err != nil {
			t.Errorf("user %s: %v", u.Name, fieldErrors(err))
		}
	}
	offers := map[string]*plekwijzer.Offer{}
	for _, o := range p.offers {
		offers[o.ID] = o
		c := *o
		if err := c.Validate(); err != nil {
			t.Errorf("offer %s: %v", o.Title, fieldErrors(err))
		}
	}
	people := map[string]*plekwijzer.Participant{}
	groups := map[plekwijzer.TargetGroup]bool{}
	phases := map[plekwijzer.Phase]bool{}
	for _, x := range p.participants {
		people[x.ID] = x
		groups[x.TargetGroup], phases[x.Phase] = true, true
		c := *x
		if err := c.Validate(); err != nil {
			t.Errorf("participant %s: %v", x.Code, fieldErrors(err))
		}
	}
	if len(groups) != len(plekwijzer.TargetGroups) || len(phases) != len(plekwijzer.Phases) {
		t.Errorf("%d target groups and %d phases present", len(groups), len(phases))
	}

	// Replay the bookings in the order Demo writes them, with the
	// store's own rule for a full day-part.
	held := map[string][]plekwijzer.Booking{}
	busy := map[string][]plekwijzer.Booking{}
	for _, pl := range p.placements {
		o, x := offers[pl.OfferID], people[pl.ParticipantID]
		if o == nil || x == nil {
			t.Fatalf("placement %s refers to an unknown offer or participant", pl.ID)
		}
		pid := pl.ParticipantID
		if _, err := (plekwijzer.NewPlacement{ParticipantID: &pid, OfferID: &pl.OfferID, DayParts: &pl.DayParts,
			StartDate: &pl.Start, EndDate: pl.End}).Placement(); err != nil {
			t.Errorf("placement %s: %v", pl.ID, fieldErrors(err))
		}
		if !o.Admits(x.TargetGroup) {
			t.Errorf("%s placed at %q, which does not admit %s", x.Code, o.Title, x.TargetGroup)
		}
		for _, d := range pl.DayParts {
			if !slices.Contains(x.Availability, d) || o.Capacity[d] == 0 {
				t.Errorf("%s placed on %s at %q outside availability or capacity", x.Code, d, o.Title)
			}
		}
		if full := plekwijzer.FullDayParts(o.Capacity, pl.DayParts, pl.Start, pl.End, held[o.ID]); len(full) > 0 {
			t.Errorf("placement %s at %q over capacity on %v", pl.ID, o.Title, full)
		}
		for _, b := range busy[x.ID] {
			if b.Overlaps(pl.Start, pl.End) {
				t.Errorf("%s has overlapping placements from %s", x.Code, pl.Start)
			}
		}
		end := plekwijzer.Date("")
		if pl.End != nil {
			end = *pl.End
		}
		for _, d := range pl.DayParts {
			held[o.ID] = append(held[o.ID], plekwijzer.Booking{DayPart: d, Start: pl.Start, End: end})
		}
		busy[x.ID] = append(busy[x.ID], plekwijzer.Booking{Start: pl.Start, End: end})
		if pl.Status.HoldsPlaces() && p.finalStatus[o.ID] != "" {
			t.Errorf("current placement at %q, which ends %s", o.Title, p.finalStatus[o.ID])
		}
	}
}

func fieldErrors(err error) any {
	var e *plekwijzer.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return e.Fields
	}
	return err
}

func TestPlanIsDeterministic(t *testing.T) {
	a, b := mustPlan(t, 7), mustPlan(t, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two different plans")
	}
	c := mustPlan(t, 8)
	if reflect.DeepEqual(a.participants, c.participants) {
		t.Error("different seeds gave the same participants")
	}
	d, err := newPlan(DemoOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if d.today != plekwijzer.Today() {
		t.Errorf("default today is %s, want %s", d.today, plekwijzer.Today())
	}
}

func TestCatalogueIsIdempotent(t *testing.T) {
	cat, err := catalogue.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if err := Catalogue(ctx, db); err != nil {
				t.Fatalf("Catalogue: %v", err)
			}
		}
		_, n, err := db.FindWorkTypes(ctx, plekwijzer.WorkTypeFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
		if err != nil || n != len(cat.WorkTypes) {
			t.Fatalf("%d work types (%v), want %d", n, err, len(cat.WorkTypes))
		}
		w, err := db.WorkType(ctx, WorkTypeID("fietsenreparatie"))
		if err != nil {
			t.Fatalf("work type fietsenreparatie by its id: %v", err)
		}
		want, _ := cat.WorkType("fietsenreparatie")
		if w.Code != want.Code || w.Name != want.Name || len(w.Skills) != len(want.SkillURIs) || len(w.ESCOCodes) != len(want.Occupations) {
			t.Errorf("stored work type %+v does not match the catalogue", w)
		}
		if _, err := db.Skill(ctx, SkillID(want.SkillURIs[0])); err != nil {
			t.Errorf("skill %s by its id: %v", want.SkillURIs[0], err)
		}
	})
}

// TestDemo writes the demo through the real store and checks what a user
// of the service would see.
func TestDemo(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opts := DemoOptions{Seed: 1, Today: plekwijzer.Today()}
		want, err := newPlan(opts)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Demo(ctx, db, opts)
		if err != nil {
			t.Fatalf("Demo: %v", err)
		}
		if res.Organisations != len(want.organisations) || res.Offers != len(want.offers) ||
			res.Participants != len(want.participants) || len(res.Tokens) != len(want.users) {
			t.Errorf("created %+v, want the whole plan", res)
		}
		// The generator books capacity as the store does: the store
		// refuses none of the placements.
		if res.Placements != len(want.placements) {
			t.Errorf("%d of %d placements were booked", res.Placements, len(want.placements))
		}
		// The GON partners' reserved places: a fifth of the open
		// development places, used as it stands today.
		ks, _, err := db.FindContingents(ctx, plekwijzer.ContingentFilter{})
		if err != nil || res.Contingents != 1 || len(ks) != 1 || len(ks[0].ReferrerIDs) < 4 || len(ks[0].Use) == 0 {
			t.Errorf("contingents %+v (%v), reported %d", ks, err, res.Contingents)
		}

		u, err := db.Authenticate(ctx, res.Tokens["Coach Fatma Y."])
		if err != nil || u.Role != plekwijzer.RoleCoach {
			t.Errorf("the coach's demo token gives %v, %v", u, err)
		}

		var offers []*plekwijzer.Offer
		for page := 1; ; page++ {
			os, total, err := db.FindOffers(ctx, plekwijzer.OfferFilter{Page: plekwijzer.Page{Number: page, Size: 100}})
			if err != nil {
				t.Fatal(err)
			}
			offers = append(offers, os...)
			if len(offers) >= total || len(os) == 0 {
				break
			}
		}
		byID := map[string]*plekwijzer.Offer{}
		workTypes := map[string]bool{}
		for _, o := range offers {
			byID[o.ID] = o
			workTypes[o.WorkTypeID] = true
		}
		if len(offers) < 60 || len(workTypes) < 20 {
			t.Errorf("%d offers over %d work types, want at least 60 over 20", len(offers), len(workTypes))
		}
		for _, d := range plekwijzer.DayParts {
			n := 0
			for _, o := range offers {
				if o.DevelopmentPlace && o.Status == plekwijzer.OfferOpen {
					n += o.Capacity[d]
				}
			}
			if n < 90 || n > 110 {
				t.Errorf("%s: %d open development places, want 90-110", d, n)
			}
		}
		// Offers date from before the demo was loaded: a few are new
		// (the widget's "nieuw"), none was posted after its first
		// placement began.
		since := time.Now().AddDate(0, 0, -30)
		fresh := 0
		for _, o := range offers {
			if o.CreatedAt.After(since) {
				fresh++
			}
		}
		if fresh == 0 || fresh > newOffers {
			t.Errorf("%d offers posted in the last 30 days, want 1 to %d", fresh, newOffers)
		}
		for _, pl := range want.placements {
			if o := byID[pl.OfferID]; plekwijzer.DateOf(o.CreatedAt) > pl.Start {
				t.Errorf("offer %q posted %s, after its placement from %s", o.Title, plekwijzer.DateOf(o.CreatedAt), pl.Start)
			}
		}
		for id, st := range want.finalStatus {
			if byID[id].Status != st {
				t.Errorf("offer %q is %s, want %s", byID[id].Title, byID[id].Status, st)
			}
		}

		var stored []*plekwijzer.Placement
		for page := 1; ; page++ {
			ps, total, err := db.FindPlacements(ctx, plekwijzer.PlacementFilter{Page: plekwijzer.Page{Number: page, Size: 100}})
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, ps...)
			if len(stored) >= total || len(ps) == 0 {
				break
			}
		}
		if len(stored) != res.Placements+res.Proposals {
			t.Fatalf("%d placements stored, Demo reports %d and %d voordrachten", len(stored), res.Placements, res.Proposals)
		}
		// Check capacity once more on what the store holds now.
		held := map[string][]plekwijzer.Booking{}
		var asPlanned []*plannedPlacement
		for _, pl := range stored {
			if pl.Status.HoldsPlaces() {
				o := byID[pl.OfferID]
				if full := plekwijzer.FullDayParts(o.Capacity, pl.DayParts, pl.StartDate, pl.EndDate, held[o.ID]); len(full) > 0 {
					t.Errorf("placement %s at %q over capacity on %v", pl.ID, o.Title, full)
				}
				end := plekwijzer.Date("")
				if pl.EndDate != nil {
					end = *pl.EndDate
				}
				for _, d := range pl.DayParts {
					held[o.ID] = append(held[o.ID], plekwijzer.Booking{DayPart: d, Start: pl.StartDate, End: end})
				}
			}
			if pl.CancelReason != nil && *pl.CancelReason == plekwijzer.CancelDeclined {
				continue // a voordracht the werkplek declined today: not part of the planned story
			}
			asPlanned = append(asPlanned, &plannedPlacement{ID: pl.ID, OfferID: pl.OfferID, Start: pl.StartDate,
				End: pl.EndDate, Status: pl.Status, Outcome: pl.Outcome})
		}
		checkPlacementStory(t, want.today, asPlanned, offerWorkTypes(offers))

		if _, err := Demo(ctx, db, opts); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("a second Demo gave %v, want ErrNotEmpty", err)
		}
	})
}

// TestDemoUsersHaveExampleAddresses: every demo user has an address of its
// own at example.org, so the demo's notifications can be mailed (to a
// Mailpit beside --demo) without reaching anyone.
func TestDemoUsersHaveExampleAddresses(t *testing.T) {
	p := mustPlan(t, 1)
	seen := map[string]string{}
	for _, u := range p.users {
		if !strings.HasSuffix(u.Email, "@example.org") || !plekwijzer.ValidEmail(u.Email) {
			t.Errorf("%s has the address %q, want a valid one at example.org", u.Name, u.Email)
		}
		if other, ok := seen[u.Email]; ok {
			t.Errorf("%s and %s share %s", u.Name, other, u.Email)
		}
		seen[u.Email] = u.Name
	}
	for name, want := range map[string]string{"Coach Fatma Y.": "fatma@example.org", "Partner Kees M. (iederz Fietsenwerkplaats)": "kees@example.org",
		"Demo beheerder": "beheerder@example.org", "Partner Hüseyin A. (Buurtklussers Selwerd)": "huseyin@example.org"} {
		if seen[want] != name {
			t.Errorf("%s belongs to %q, want %s", want, seen[want], name)
		}
	}
}
