package matching

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

func TestHardConstraintsExcludeAndCount(t *testing.T) {
	tests := []struct {
		name   string
		offer  func(*plekwijzer.OfferDoc)
		person func(*plekwijzer.Participant)
		hist   []plekwijzer.HistoryEntry
		want   string
	}{
		{"paused offer", func(d *plekwijzer.OfferDoc) { d.Offer.Status = plekwijzer.OfferPaused }, nil, nil, "niet-open"},
		{"closed offer", func(d *plekwijzer.OfferDoc) { d.Offer.Status = plekwijzer.OfferClosed }, nil, nil, "niet-open"},
		{"already placed there", nil, nil, []plekwijzer.HistoryEntry{{OfferID: "x", WorkTypeID: wtBike.ID, DayParts: []plekwijzer.DayPart{"ma-middag"}, Start: today.AddDays(-10), Status: plekwijzer.PlacementActive}}, "al-geplaatst"},
		{"avoided work type", nil, func(p *plekwijzer.Participant) { p.Avoid = []string{wtBike.ID} }, nil, "vermeden-werksoort"},
		{"target group not admitted", func(d *plekwijzer.OfferDoc) { d.Offer.TargetGroups = []plekwijzer.TargetGroup{"re-socialisatie"} }, nil, nil, "doelgroep"},
		{"too little supervision", func(d *plekwijzer.OfferDoc) { d.Offer.Supervision = 1 }, nil, nil, "begeleiding"},
		{"too heavy", func(d *plekwijzer.OfferDoc) { d.Offer.PhysicalLoad = plekwijzer.LoadHigh }, nil, nil, "fysieke-belasting"},
		{"no wheelchair access", func(d *plekwijzer.OfferDoc) { d.Offer.Access.Wheelchair = false }, func(p *plekwijzer.Participant) { p.Wheelchair = true }, nil, "rolstoel"},
		{"beyond travel range", func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9301" }, func(p *plekwijzer.Participant) { p.MaxTravelKm = 5 }, nil, "reisafstand"},
		{"no free place when available", func(d *plekwijzer.OfferDoc) { d.Free = plekwijzer.Capacity{"ma-middag": 3} }, nil, nil, "geen-vrij-dagdeel"},
		{"free day-parts taken by another placement", func(d *plekwijzer.OfferDoc) { d.Free = plekwijzer.Capacity{"ma-ochtend": 1} }, nil,
			[]plekwijzer.HistoryEntry{{OfferID: "other", WorkTypeID: wtPack.ID, DayParts: []plekwijzer.DayPart{"ma-ochtend"}, Start: today.AddDays(-10), Status: plekwijzer.PlacementActive}}, "geen-vrij-dagdeel"},
		{"a fitting offer passes", nil, nil, nil, ""},
		{"wheelchair user at an accessible offer", nil, func(p *plekwijzer.Participant) { p.Wheelchair = true }, nil, ""},
		{"ended placement there does not block", nil, nil, []plekwijzer.HistoryEntry{{OfferID: "x", WorkTypeID: wtBike.ID, DayParts: []plekwijzer.DayPart{"ma-ochtend"}, Start: "2025-01-01", End: ptr(plekwijzer.Date("2025-06-01")), Status: plekwijzer.PlacementCompleted}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []func(*plekwijzer.OfferDoc)
			if tt.offer != nil {
				opts = append(opts, tt.offer)
			}
			var popts []func(*plekwijzer.Participant)
			if tt.person != nil {
				popts = append(popts, tt.person)
			}
			pool := newPool([]*plekwijzer.OfferDoc{doc("x", wtBike, opts...)}, Stats{})
			res := pool.Match(pool.Prepare(person(popts...), tt.hist), Options{})
			got := res.Excluded.Map()
			if tt.want == "" {
				if len(res.Items) != 1 || res.Excluded.Total() != 0 {
					t.Fatalf("want the offer ranked, got %d items, excluded %v", len(res.Items), got)
				}
				return
			}
			if len(res.Items) != 0 || got[tt.want] != 1 || res.Excluded.Total() != 1 {
				t.Fatalf("want excluded for %q, got %d items, excluded %v", tt.want, len(res.Items), got)
			}
		})
	}
}

// Property: whatever the data, a ranked offer breaks no hard constraint,
// every offer is either ranked or counted once, and the usable day-parts
// are free and available.
func TestPropertyNoViolatorIsRanked(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 40 {
		docs, people, hist := randomWorld(r, 60, 20)
		pool := newPool(docs, Stats{})
		for _, p := range people {
			res := pool.Match(pool.Prepare(p, hist[p.ID]), Options{Limit: MaxLimit})
			if got := len(res.Items) + res.Excluded.Total(); got != len(docs) {
				t.Fatalf("round %d: %d ranked + %d excluded, want %d offers", round, len(res.Items), res.Excluded.Total(), len(docs))
			}
			if res.Diversity.Candidates != len(res.Items) {
				t.Fatalf("round %d: %d candidates, %d items (limit is above the pool)", round, res.Diversity.Candidates, len(res.Items))
			}
			for _, m := range res.Items {
				km := distance(p.Postcode, m.Offer.Offer.Postcode)
				if v := violates(m.Offer, p, hist[p.ID], km); v != "" {
					t.Fatalf("round %d: offer %s ranked for %s but breaks %q", round, m.Offer.Offer.ID, p.ID, v)
				}
				for _, dp := range m.DayParts {
					if m.Offer.Free[dp] == 0 || !slices.Contains(p.Availability, dp) {
						t.Fatalf("round %d: usable day-part %s is not free and available", round, dp)
					}
				}
				for name, v := range m.Scores.Map() {
					if v < 0 || v > 1 {
						t.Fatalf("component %s = %v outside [0,1]", name, v)
					}
				}
				if m.Score < 0 || m.Score > 1 {
					t.Fatalf("score %v outside [0,1]", m.Score)
				}
			}
			// And every excluded offer does break one.
			ranked := map[string]bool{}
			for _, m := range res.Items {
				ranked[m.Offer.Offer.ID] = true
			}
			for _, d := range docs {
				if !ranked[d.Offer.ID] && violates(d, p, hist[p.ID], distance(p.Postcode, d.Offer.Postcode)) == "" {
					t.Fatalf("round %d: offer %s left out for %s though it breaks nothing", round, d.Offer.ID, p.ID)
				}
			}
		}
	}
}

func distance(a, b string) float64 {
	pa, _ := geo.Lookup(a)
	pb, _ := geo.Lookup(b)
	return geo.DistanceKm(pa.Point, pb.Point)
}

// Property: gaining a skill, or a higher level of one, never lowers the
// skills fit of any offer or work type.
func TestPropertyMoreSkillNeverLowersSkillsFit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	docs, people, _ := randomWorld(r, 80, 60)
	pool := newPool(docs, Stats{})
	for _, p := range people {
		before := pool.Prepare(p, nil)
		more := *p
		more.Skills = slices.Clone(p.Skills)
		s := skills[r.IntN(len(skills))]
		i := slices.IndexFunc(more.Skills, func(l plekwijzer.SkillLevel) bool { return l.SkillID == s.ID })
		if i >= 0 {
			more.Skills[i].Level = min(3, more.Skills[i].Level+1)
		} else {
			more.Skills = append(more.Skills, plekwijzer.SkillLevel{SkillID: s.ID, Level: 1 + r.IntN(3)})
		}
		after := pool.Prepare(&more, nil)
		for _, o := range pool.offers {
			if b, a := pool.skillsFit(before, o.required), pool.skillsFit(after, o.required); a < b {
				t.Fatalf("skills fit fell from %v to %v after gaining %s", b, a, s.ID)
			}
		}
	}
}

// Property: the same input gives the same ranking, whatever order the
// offers come in.
func TestPropertyDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	docs, people, hist := randomWorld(r, 120, 15)
	shuffled := slices.Clone(docs)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	a, b := newPool(docs, Stats{}), newPool(shuffled, Stats{})
	for _, p := range people {
		ra := a.Match(a.Prepare(p, hist[p.ID]), Options{Limit: 20})
		rb := b.Match(b.Prepare(p, hist[p.ID]), Options{Limit: 20})
		if ids(ra) != ids(rb) {
			t.Fatalf("ranking depends on input order:\n%s\n%s", ids(ra), ids(rb))
		}
		if again := a.Match(a.Prepare(p, hist[p.ID]), Options{Limit: 20}); ids(again) != ids(ra) {
			t.Fatal("ranking changed between two identical calls")
		}
	}
}

func ids(r *Result) string {
	var b strings.Builder
	for _, m := range r.Items {
		b.WriteString(m.Offer.Offer.ID + " ")
	}
	return b.String()
}

func TestSkillsFit(t *testing.T) {
	pool := newPool(nil, Stats{})
	req := pool.skillIDs([]string{"s-repair", "s-plants"})
	tests := []struct {
		name   string
		skills []plekwijzer.SkillLevel
		want   float64
	}{
		{"nothing", nil, 0},
		{"one of two at level 3", []plekwijzer.SkillLevel{{SkillID: "s-repair", Level: 3}}, 0.5},
		{"both at level 1", []plekwijzer.SkillLevel{{SkillID: "s-repair", Level: 1}, {SkillID: "s-plants", Level: 1}}, 0.6},
		{"both at level 3", []plekwijzer.SkillLevel{{SkillID: "s-repair", Level: 3}, {SkillID: "s-plants", Level: 3}}, 1},
		{"a neighbour in the same group counts half", []plekwijzer.SkillLevel{{SkillID: "s-tools", Level: 3}}, 0.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := pool.Prepare(person(func(p *plekwijzer.Participant) { p.Skills = tt.skills }), nil)
			if got := pool.skillsFit(ps, req); !near(got, tt.want) {
				t.Fatalf("skills fit = %v, want %v", got, tt.want)
			}
		})
	}
	if got := pool.skillsFit(pool.Prepare(person(), nil), nil); got != 1 {
		t.Fatalf("an offer that asks nothing fits %v, want 1", got)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestLearningInterestDistanceDayParts(t *testing.T) {
	pool := newPool(nil, Stats{})
	goals := pool.Prepare(person(func(p *plekwijzer.Participant) { p.LearningGoals = []string{"s-customers", "s-hygiene", "s-pack"} }), nil)
	if got := pool.learningValue(goals, pool.skillIDs([]string{"s-customers"})); got != 0.5 {
		t.Errorf("one of two counted goals: %v, want 0.5", got)
	}
	if got := pool.learningValue(goals, pool.skillIDs([]string{"s-customers", "s-hygiene"})); got != 1 {
		t.Errorf("two goals: %v, want 1", got)
	}
	noGoals := pool.Prepare(person(), nil)
	if got := pool.learningValue(noGoals, pool.skillIDs([]string{"s-customers", "s-hygiene", "s-pack"})); got != 0.5 {
		t.Errorf("no goals, three new skills: %v, want 0.5", got)
	}

	likes := pool.Prepare(person(func(p *plekwijzer.Participant) { p.Interests = []string{wtGreen.ID} }), nil)
	if interest(likes, pool.wtIndex[wtGreen.ID]) != 1 || interest(likes, pool.wtIndex[wtBike.ID]) != 0 || interest(noGoals, 0) != 0.5 {
		t.Error("interest: want 1 for a liked work type, 0 for another, 0.5 without interests")
	}

	if distanceScore(0, 20, true) != 1 || !near(distanceScore(20, 20, true), 0.3) || distanceScore(-1, 20, true) != 0.5 {
		t.Error("distance: want 1 at 0 km, 0.3 at the edge, 0.5 unknown")
	}
	if distanceScore(10, 20, false) >= distanceScore(10, 20, true) {
		t.Error("distance: no public transport should count less")
	}

	mask := maskOf([]plekwijzer.DayPart{"ma-ochtend", "di-ochtend", "wo-ochtend", "do-ochtend", "vr-ochtend"})
	if got := dayPartFit(maskOf([]plekwijzer.DayPart{"ma-ochtend", "di-ochtend"}), mask); got != 0.5 {
		t.Errorf("two of four wanted day-parts: %v, want 0.5", got)
	}
	if got := dayPartFit(mask, mask); got != 1 {
		t.Errorf("all day-parts: %v, want 1", got)
	}
}

func TestVarietyPrefersNewWorkAndFadesWithTime(t *testing.T) {
	pool := newPool([]*plekwijzer.OfferDoc{doc("bike", wtBike), doc("pack", wtPack), doc("green", wtGreen, func(d *plekwijzer.OfferDoc) { d.Offer.PhysicalLoad = "laag" })}, Stats{})
	pack, green := pool.wtIndex[wtPack.ID], pool.wtIndex[wtGreen.ID]
	packing := []plekwijzer.HistoryEntry{
		{OfferID: "old", WorkTypeID: wtPack.ID, DayParts: []plekwijzer.DayPart{"ma-middag"}, Start: "2025-01-01", End: ptr(plekwijzer.Date("2025-12-01")), Status: plekwijzer.PlacementCompleted},
		{OfferID: "old2", WorkTypeID: wtPack.ID, DayParts: []plekwijzer.DayPart{"ma-middag"}, Start: "2026-01-01", End: ptr(plekwijzer.Date("2026-05-25")), Status: plekwijzer.PlacementCompleted},
		{OfferID: "old3", WorkTypeID: wtGreen.ID, DayParts: []plekwijzer.DayPart{"ma-middag"}, Start: "2024-01-01", End: ptr(plekwijzer.Date("2024-06-01")), Status: plekwijzer.PlacementDropout},
	}
	ps := pool.Prepare(person(), packing)
	if v := variety(ps, pool.wtIndex[wtBike.ID]); v != 1 {
		t.Errorf("never done: variety %v, want 1", v)
	}
	if v := variety(ps, pack); v > 0.05 {
		t.Errorf("packing last week: variety %v, want near 0", v)
	}
	// Green was two years ago, but they dropped out: at most half.
	if v := variety(ps, green); v > 0.5 || v < 0.4 {
		t.Errorf("dropped out two years ago: variety %v, want just under 0.5", v)
	}
	res := pool.Match(ps, Options{Diversity: ptr(0.0)})
	if res.Items[0].Offer.Offer.ID != "bike" || res.Items[len(res.Items)-1].Offer.Offer.ID != "pack" {
		t.Fatalf("want new work first and packing last, got %s", ids(res))
	}
	if !slices.Contains(res.Items[0].Reasons, "Nieuwe werksoort voor deze deelnemer") ||
		!slices.Contains(res.Items[0].Reasons, "Eens ander werk dan inpakken: tot nu toe vooral inpakwerk gedaan") {
		t.Fatalf("reasons of the new work: %q", res.Items[0].Reasons)
	}
}

func TestRetentionIsSmoothed(t *testing.T) {
	counts := []plekwijzer.DropoutCount{
		{WorkTypeID: wtPack.ID, TargetGroup: "statushouder", Ended: 100, Dropouts: 60},
		{WorkTypeID: wtBike.ID, TargetGroup: "statushouder", Ended: 100, Dropouts: 10},
		{WorkTypeID: wtGreen.ID, TargetGroup: "statushouder", Ended: 2, Dropouts: 2}, // two cases
	}
	pool := newPool([]*plekwijzer.OfferDoc{doc("pack", wtPack), doc("bike", wtBike), doc("green", wtGreen)}, Stats{Dropouts: counts})
	rate := func(wt string) float64 { r, _ := pool.risk.rate(wt, "statushouder"); return r }
	overall := pool.risk.overall
	if !(rate(wtBike.ID) < overall && overall < rate(wtPack.ID)) {
		t.Fatalf("rates bike %v, overall %v, pack %v: want bike < overall < pack", rate(wtBike.ID), overall, rate(wtPack.ID))
	}
	if g := rate(wtGreen.ID); g > overall+0.15 {
		t.Fatalf("two dropouts out of two swung the rate to %v (overall %v)", g, overall)
	}
	if r, n := pool.risk.rate(wtKitchen.ID, "statushouder"); r != overall || n != 0 {
		t.Fatalf("no data: rate %v n %d, want the overall rate", r, n)
	}
	ps := pool.Prepare(person(), nil)
	res := pool.Match(ps, Options{Diversity: ptr(0.0)})
	if res.Items[0].Offer.Offer.ID != "bike" {
		t.Fatalf("want the work with least dropout first, got %s", ids(res))
	}
	var packReasons []string
	for _, m := range res.Items {
		if m.Offer.Offer.ID == "pack" {
			packReasons = m.Reasons
		}
	}
	if !slices.ContainsFunc(packReasons, func(s string) bool { return strings.HasPrefix(s, "Let op: veel uitval") }) {
		t.Fatalf("packing reasons lack the dropout warning: %q", packReasons)
	}
	if !pool.HighRisk(wtPack.ID, "statushouder") || pool.HighRisk(wtBike.ID, "statushouder") || pool.HighRisk(wtGreen.ID, "statushouder") {
		t.Error("high risk: want packing only (two cases of green are too few)")
	}
}

// TestPlanFlagsHighRisk: an assignment to work with much dropout for the
// person's target group says so, one to other work does not.
func TestPlanFlagsHighRisk(t *testing.T) {
	ma := plekwijzer.DayPart("ma-ochtend")
	counts := []plekwijzer.DropoutCount{
		{WorkTypeID: wtPack.ID, TargetGroup: "statushouder", Ended: 100, Dropouts: 60},
		{WorkTypeID: wtBike.ID, TargetGroup: "statushouder", Ended: 100, Dropouts: 10},
	}
	free := func(d *plekwijzer.OfferDoc) { d.Free = plekwijzer.Capacity{ma: 1} }
	pool := newPool([]*plekwijzer.OfferDoc{doc("pack", wtPack, free), doc("bike", wtBike, free)}, Stats{Dropouts: counts})
	var people []PlanPerson
	for _, id := range []string{"a", "b"} {
		people = append(people, PlanPerson{Person: pool.Prepare(person(func(p *plekwijzer.Participant) {
			p.ID, p.TargetGroup, p.Availability = id, "statushouder", []plekwijzer.DayPart{ma}
		}), nil)})
	}
	plan, err := pool.Plan(context.Background(), PlanInput{People: people, DayParts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Assignments) != 2 {
		t.Fatalf("%d assignments, want both offers filled", len(plan.Assignments))
	}
	for _, a := range plan.Assignments {
		if want := a.Offer.Offer.ID == "pack"; a.HighRisk != want {
			t.Errorf("assignment to %s: high risk %v, want %v", a.Offer.Offer.ID, a.HighRisk, want)
		}
	}
}

func TestDiversityReranksTheTop(t *testing.T) {
	var docs []*plekwijzer.OfferDoc
	for _, id := range []string{"p1", "p2", "p3", "p4"} {
		docs = append(docs, doc(id, wtPack, func(d *plekwijzer.OfferDoc) { d.Offer.OrganisationID = "iederz" }))
	}
	docs = append(docs, doc("k1", wtKitchen, func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9741" }), doc("b1", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9741" }))
	pool := newPool(docs, Stats{})
	ps := pool.Prepare(person(func(p *plekwijzer.Participant) { p.Interests = []string{wtPack.ID} }), nil)

	plain := pool.Match(ps, Options{Limit: 3, Diversity: ptr(0.0)})
	if plain.Diversity.WorkTypes != 1 {
		t.Fatalf("without re-ranking want three packing offers, got %s", ids(plain))
	}
	varied := pool.Match(ps, Options{Limit: 3, Diversity: ptr(0.5)})
	if varied.Diversity.WorkTypes != 3 || varied.Items[0].Offer.Offer.WorkTypeID != wtPack.ID {
		t.Fatalf("with re-ranking want the best first and three work types, got %s (%+v)", ids(varied), varied.Diversity)
	}
	if varied.Diversity.IntraList <= plain.Diversity.IntraList {
		t.Fatalf("intra-list diversity %v should exceed %v", varied.Diversity.IntraList, plain.Diversity.IntraList)
	}
}

func TestReasonsAreDutchAndConcrete(t *testing.T) {
	d := doc("k", wtKitchen, func(d *plekwijzer.OfferDoc) {
		d.Offer.LearnableSkills = []string{"s-customers"}
		d.Offer.RequiredSkills = []string{"s-hygiene", "s-pack"}
		d.Offer.Postcode = "9741"
		d.Free = plekwijzer.Capacity{"di-ochtend": 1, "do-ochtend": 1, "ma-middag": 4}
	})
	pool := newPool([]*plekwijzer.OfferDoc{d}, Stats{})
	ps := pool.Prepare(person(func(p *plekwijzer.Participant) {
		p.LearningGoals = []string{"s-customers"}
		p.Interests = []string{wtKitchen.ID}
		p.Skills = []plekwijzer.SkillLevel{{SkillID: "s-hygiene", Level: 2}}
	}), nil)
	res := pool.Match(ps, Options{})
	got := res.Items[0].Reasons
	for _, want := range []string{
		"Nieuwe werksoort voor deze deelnemer",
		"Past bij interesse: keuken en catering",
		"Past bij leerdoel: klantvriendelijk werken",
		"Heeft 1 van de 2 gevraagde vaardigheden",
		"Nog te leren: goederen inpakken",
		"Vrij op di-ochtend en do-ochtend",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("reasons lack %q: %q", want, got)
		}
	}
	if !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, "km, bereikbaar met ov") }) {
		t.Errorf("reasons lack the distance: %q", got)
	}
	if want := []plekwijzer.DayPart{"di-ochtend", "do-ochtend"}; !slices.Equal(res.Items[0].DayParts, want) {
		t.Errorf("usable day-parts %v, want %v", res.Items[0].DayParts, want)
	}
}

func TestNextStepForThoseWhoAreReady(t *testing.T) {
	devPlace := doc("dev", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.DevelopmentPlace = true })
	sheltered := doc("sheltered", wtBike, func(d *plekwijzer.OfferDoc) { d.OrganisationKind = "afdeling" })
	pool := newPool([]*plekwijzer.OfferDoc{devPlace, sheltered}, Stats{})
	done := []plekwijzer.HistoryEntry{{OfferID: "earlier", WorkTypeID: wtPack.ID, DayParts: []plekwijzer.DayPart{"ma-middag"}, Start: "2025-09-01", End: ptr(plekwijzer.Date("2026-03-01")), Status: plekwijzer.PlacementCompleted, Result: "vervolgplek"}}
	ready := pool.Prepare(person(func(p *plekwijzer.Participant) { p.Phase = "ontwikkelplek" }), done)
	notReady := pool.Prepare(person(func(p *plekwijzer.Participant) { p.Phase = "ontwikkelplek" }), nil)
	if nextStep(ready, rungSheltered) <= nextStep(ready, rungDevelopment) {
		t.Error("a ready person should value the next rung above their own")
	}
	if nextStep(notReady, rungSheltered) >= nextStep(notReady, rungDevelopment) {
		t.Error("a person who is not ready should value their own rung above the next")
	}
	res := pool.Match(ready, Options{Diversity: ptr(0.0)})
	if res.Items[0].Offer.Offer.ID != "sheltered" || !slices.Contains(res.Items[0].Reasons, "Volgende stap: beschut werk of banenafspraak") {
		t.Fatalf("want the sheltered place first with a next-step reason, got %s %q", ids(res), res.Items[0].Reasons)
	}
}

func TestFairExposureLiftsStarvedPartners(t *testing.T) {
	busy := doc("busy", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.OrganisationID = "busy-org" })
	quiet := doc("quiet", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.OrganisationID = "quiet-org" })
	pool := newPool([]*plekwijzer.OfferDoc{busy, quiet}, Stats{Proposals: map[string]int{"busy-org": 40}})
	res := pool.Match(pool.Prepare(person(), nil), Options{Diversity: ptr(0.0)})
	if res.Items[0].Offer.Offer.ID != "quiet" || res.Items[0].Scores[Exposure] != 1 {
		t.Fatalf("want the partner without recent proposals first, got %s", ids(res))
	}
	if d := res.Items[0].Score - res.Items[1].Score; d <= 0 || d > 0.05 {
		t.Fatalf("fair exposure should lift a little, lifted %v", d)
	}
}

func TestWeights(t *testing.T) {
	w, err := ParseWeights("variatie=0.5, afstand=0")
	if err != nil || w[Variety] != 0.5 || w[Distance] != 0 || w[Skills] != DefaultWeights[Skills] {
		t.Fatalf("ParseWeights: %v %v", w, err)
	}
	for _, bad := range []string{"variatie", "kleur=1", "variatie=-1", "variatie=NaN", strings.Repeat("x=0,", 2)} {
		if _, err := ParseWeights(bad); err == nil {
			t.Errorf("ParseWeights(%q) accepted", bad)
		}
	}
	zero := "vaardigheden=0,leerwaarde=0,interesse=0,variatie=0,behoud=0,afstand=0,dagdelen=0,spreiding=0,volgendeStap=0"
	if _, err := ParseWeights(zero); err == nil {
		t.Error("all-zero weights accepted")
	}
	if back, err := ParseWeights(DefaultWeights.String()); err != nil || back != DefaultWeights {
		t.Errorf("String does not round-trip: %v %v", back, err)
	}
	if s := DefaultWeights.sum(); !near(s, 1) {
		t.Errorf("default weights sum to %v", s)
	}
	// Weights per request: all on distance ranks the nearest first.
	near9711 := doc("near", wtBike, func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9711" })
	far := doc("far", wtPack, func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9741" })
	pool := newPool([]*plekwijzer.OfferDoc{far, near9711}, Stats{})
	onlyDistance := Weights{Distance: 1}
	res := pool.Match(pool.Prepare(person(), nil), Options{Weights: &onlyDistance, Diversity: ptr(0.0)})
	if res.Items[0].Offer.Offer.ID != "near" {
		t.Fatalf("distance-only weights: %s", ids(res))
	}
}

func TestCandidatesApplyTheSameRules(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	docs, people, hist := randomWorld(r, 30, 200)
	pool := newPool(docs, Stats{})
	prepared := make([]*Person, len(people))
	for i, p := range people {
		prepared[i] = pool.Prepare(p, hist[p.ID])
	}
	for _, d := range docs {
		res, ok := pool.Candidates(d.Offer.ID, prepared, Options{Limit: MaxLimit})
		if !ok {
			t.Fatal("offer not in pool")
		}
		if len(res.Items)+res.Excluded.Total() != len(people) && len(res.Items) < MaxLimit {
			t.Fatalf("%d ranked + %d excluded, want %d", len(res.Items), res.Excluded.Total(), len(people))
		}
		for i, c := range res.Items {
			if v := violates(d, c.Person.P, hist[c.Person.P.ID], distance(c.Person.P.Postcode, d.Offer.Postcode)); v != "" {
				t.Fatalf("candidate %s breaks %q", c.Person.P.ID, v)
			}
			if i > 0 && c.Score > res.Items[i-1].Score {
				t.Fatal("candidates not in score order")
			}
		}
	}
	if _, ok := pool.Candidates("unknown", prepared, Options{}); ok {
		t.Fatal("unknown offer accepted")
	}
}

func TestWorkTypesRankTheWholeCatalogue(t *testing.T) {
	pool := newPool([]*plekwijzer.OfferDoc{doc("bike", wtBike)}, Stats{})
	ps := pool.Prepare(person(func(p *plekwijzer.Participant) {
		p.Avoid = []string{wtPack.ID}
		p.Skills = []plekwijzer.SkillLevel{{SkillID: "s-hygiene", Level: 3}, {SkillID: "s-customers", Level: 2}}
	}), nil)
	res := pool.WorkTypes(ps, Options{})
	if len(res.Items) != 3 || res.Excluded[Avoided] != 1 {
		t.Fatalf("want three work types and the avoided one excluded, got %d, %v", len(res.Items), res.Excluded.Map())
	}
	if res.Items[0].WorkType.ID != wtKitchen.ID {
		t.Fatalf("skills in hygiene and customers: want kitchen first, got %s", res.Items[0].WorkType.Code)
	}
	for _, m := range res.Items {
		want := 0
		if m.WorkType.ID == wtBike.ID {
			want = 1
		}
		if m.Offers != want {
			t.Errorf("%s: %d fitting offers, want %d", m.WorkType.Code, m.Offers, want)
		}
		if m.WorkType.ID == wtGreen.ID && !slices.Contains(m.Reasons, "Meestal zwaarder werk dan de deelnemer aankan") {
			t.Errorf("green (heavy) lacks the load warning: %q", m.Reasons)
		}
		if _, ok := m.Scores["afstand"]; ok {
			t.Error("a work type has no distance component")
		}
	}
}

func TestDemandGapCountsPeopleWithoutAPlace(t *testing.T) {
	// Kitchen fits everyone; there is one kitchen offer, out of reach.
	far := doc("far-kitchen", wtKitchen, func(d *plekwijzer.OfferDoc) { d.Offer.Postcode = "9301" })
	pool := newPool([]*plekwijzer.OfferDoc{far, doc("bike", wtBike)}, Stats{})
	var people []*Person
	for i := range 5 {
		people = append(people, pool.Prepare(person(func(p *plekwijzer.Participant) {
			p.ID = string(rune('a' + i))
			p.MaxTravelKm = 5
			p.Interests = []string{wtKitchen.ID}
			p.Skills = []plekwijzer.SkillLevel{{SkillID: "s-hygiene", Level: 3}, {SkillID: "s-customers", Level: 3}}
		}), nil))
	}
	items := pool.DemandGap(people)
	top := items[0]
	if top.WorkType.ID != wtKitchen.ID || top.Participants != 5 || top.Placeable != 0 || top.Shortage != 5 || top.OpenOffers != 1 {
		t.Fatalf("top of the gap: %+v", top)
	}
	if top.Demand["ma-ochtend"] != 5 || top.Free["ma-ochtend"] != 2 || top.Short["ma-ochtend"] != 3 || top.Short["ma-middag"] != 0 {
		t.Fatalf("per day-part: demand %v free %v short %v", top.Demand, top.Free, top.Short)
	}
}
