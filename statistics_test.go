package plekwijzer_test

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
)

func TestSmoothedRate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dropouts, ended int
		prior, strength float64
		want            float64
	}{
		{0, 0, 0.3, 10, 0.3},           // nothing seen: the prior
		{1, 2, 0.3, 0, 0.5},            // no smoothing: the observed rate
		{1, 2, 0.3, 8, 0.34},           // (1 + 2.4) / 10
		{50, 100, 0.2, 10, 52 / 110.0}, // many placements: close to observed
		{0, 0, 0.3, 0, 0.3},            // nothing and no prior weight: the prior
		{3, 4, 0.25, -1, 0.75},         // negative strength is none
	} {
		if got := plekwijzer.SmoothedRate(tc.dropouts, tc.ended, tc.prior, tc.strength); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("SmoothedRate(%d, %d, %v, %v) = %v, want %v", tc.dropouts, tc.ended, tc.prior, tc.strength, got, tc.want)
		}
	}
}

func TestOfferDocFreeFor(t *testing.T) {
	t.Parallel()
	gon, other := "0b0d0000-0000-4000-8000-000000000001", "0b0d0000-0000-4000-8000-000000000002"
	d := &plekwijzer.OfferDoc{
		Free: plekwijzer.Capacity{"ma-ochtend": 1, "di-middag": 2},
		Reserved: []plekwijzer.ReservedFree{{
			ContingentID: "c1", ReferrerIDs: []string{gon},
			Free: plekwijzer.Capacity{"ma-ochtend": 2, "wo-ochtend": 1},
		}},
	}
	for _, tc := range []struct {
		name     string
		referrer *string
		want     plekwijzer.Capacity
	}{
		{"no referrer", nil, plekwijzer.Capacity{"ma-ochtend": 1, "di-middag": 2}},
		{"another referrer", &other, plekwijzer.Capacity{"ma-ochtend": 1, "di-middag": 2}},
		{"a referrer with reserved places", &gon, plekwijzer.Capacity{"ma-ochtend": 3, "di-middag": 2, "wo-ochtend": 1}},
	} {
		if got := d.FreeFor(tc.referrer); !maps.Equal(got, tc.want) {
			t.Errorf("%s: FreeFor = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The answer is a copy: changing it leaves the document alone.
	d.FreeFor(&gon)["ma-ochtend"] = 99
	if d.Free["ma-ochtend"] != 1 {
		t.Errorf("FreeFor returned the document's own map")
	}
	// Without contingents it is Free.
	plain := &plekwijzer.OfferDoc{Free: plekwijzer.Capacity{"vr-middag": 4}}
	if got := plain.FreeFor(&gon); !maps.Equal(got, plain.Free) {
		t.Errorf("FreeFor without contingents = %v, want %v", got, plain.Free)
	}
}

func TestWeeklyOccupancy(t *testing.T) {
	t.Parallel()
	gon := "org-gon"
	c := &plekwijzer.Contingent{ID: "c", Name: "GON", OfferIDs: []string{"a", "b"}, ReferrerIDs: []string{gon},
		Places: plekwijzer.Capacity{"ma-ochtend": 2}, StartDate: "2026-03-09"}
	book := func(offer string, d plekwijzer.DayPart, start, end plekwijzer.Date, referrer string, proposed bool) plekwijzer.OfferBooking {
		return plekwijzer.OfferBooking{OfferID: offer, Proposed: proposed,
			Booking: plekwijzer.Booking{DayPart: d, Start: start, End: end, ReferrerID: referrer}}
	}
	facts := &plekwijzer.OccupancyFacts{
		Offers: []plekwijzer.OfferPlaces{
			{ID: "a", Title: "A", Status: plekwijzer.OfferOpen, Capacity: plekwijzer.Capacity{"ma-ochtend": 3, "vr-middag": 1}},
			{ID: "b", Title: "B", Status: plekwijzer.OfferOpen, Capacity: plekwijzer.Capacity{"ma-ochtend": 1}},
			{ID: "gone", Title: "Gesloten", Status: plekwijzer.OfferClosed, Capacity: plekwijzer.Capacity{"di-ochtend": 2}},
		},
		Bookings: []plekwijzer.OfferBooking{
			// Mondays 2026-03-02, 03-09, 03-16, 03-23.
			book("a", "ma-ochtend", "2026-03-02", "2026-03-16", "", false), // weeks 0-2
			book("a", "ma-ochtend", "2026-03-03", "", gon, false),          // from the Monday of week 1
			book("a", "ma-ochtend", "2026-03-23", "", "", true),            // proposed, week 3
			book("b", "ma-ochtend", "2026-01-05", "2026-03-09", "", false), // until week 1
			book("a", "vr-middag", "2026-03-14", "2026-03-19", "", false),  // no Friday in it
		},
		Contingents:  []*plekwijzer.Contingent{c},
		PoolCapacity: map[string]plekwijzer.Capacity{"c": {"ma-ochtend": 4}},
	}
	got := facts.Weekly("2026-03-04", "2026-03-22")
	if got.From != "2026-03-02" || got.To != "2026-03-22" || len(got.Weeks) != 3 || got.Weeks[0].Label != "2026-W10" || got.Weeks[2].Monday != "2026-03-16" {
		t.Fatalf("weeks %s to %s: %+v", got.From, got.To, got.Weeks)
	}
	type row = []plekwijzer.OccupancyCell
	want := map[string]row{
		"A ma-ochtend": {{Occupied: 1, Free: 2}, {Occupied: 2, Free: 1}, {Occupied: 2, Free: 1}},
		"A vr-middag":  {{Free: 1}, {Free: 1}, {Free: 1}},
		"B ma-ochtend": {{Occupied: 1}, {Occupied: 1}, {Free: 1}},
	}
	if len(got.Offers) != len(want) {
		t.Errorf("%d rows, want %d (the closed offer without bookings left out): %+v", len(got.Offers), len(want), got.Offers)
	}
	for _, r := range got.Offers {
		if w := want[r.Title+" "+string(r.DayPart)]; !slices.Equal(r.Weeks, w) {
			t.Errorf("%s %s: %+v, want %+v", r.Title, r.DayPart, r.Weeks, w)
		}
	}
	if tot := got.Totals[1]; tot.Capacity != 5 || tot.Occupied != 3 || tot.Rate != 0.6 {
		t.Errorf("week 1 totals %+v", tot)
	}
	// The contingent starts in week 1: week 0 is null. In week 1 the GON
	// participant uses one of two reserved places, three of four pool
	// places are taken, so one reserved place is free; in week 2 the same.
	if len(got.Contingents) != 1 {
		t.Fatalf("contingents %+v", got.Contingents)
	}
	cw := got.Contingents[0].Weeks
	if cw[0] != nil || *cw[1] != (plekwijzer.ReservedUse{Reserved: 2, Used: 1, Free: 1}) || *cw[2] != (plekwijzer.ReservedUse{Reserved: 2, Used: 1, Free: 1}) {
		t.Errorf("contingent weeks %v %+v %+v", cw[0], cw[1], cw[2])
	}
	// In week 3 a proposal holds a general place: the reserved place the
	// GON partner does not use stays free.
	later := facts.Weekly("2026-03-23", "2026-03-23")
	if u := later.Contingents[0].Weeks[0]; *u != (plekwijzer.ReservedUse{Reserved: 2, Used: 1, TakenByOthers: 0, Free: 1}) {
		t.Errorf("week 3: %+v", *u)
	}
}

func TestDropoutStats(t *testing.T) {
	t.Parallel()
	counts := []plekwijzer.DropoutCount{
		{WorkTypeID: "inpak", TargetGroup: "statushouder", Ended: 20, Dropouts: 10, Reasons: map[string]int{"te-weinig-variatie": 8, "justitie": 2}},
		{WorkTypeID: "inpak", TargetGroup: "ggz-beschermd-wonen", Ended: 6, Dropouts: 3, Reasons: map[string]int{"gezondheid": 3}},
		{WorkTypeID: "inpak", TargetGroup: "verslavingszorg", Ended: 2, Dropouts: 1, Reasons: map[string]int{"gezondheid": 1}},
		{WorkTypeID: "fiets", TargetGroup: "statushouder", Ended: 12, Dropouts: 0, Reasons: map[string]int{}},
		{WorkTypeID: "tuin", TargetGroup: "overig", Ended: 3, Dropouts: 3, Reasons: map[string]int{"te-zwaar": 3}},
	}
	names := map[string]plekwijzer.WorkTypeName{"inpak": {"inpakken", "Inpakken"}, "fiets": {"fietsen", "Fietsen"}, "tuin": {"tuin", "Tuin"}}
	s := plekwijzer.NewDropoutStats(counts, names, plekwijzer.DefaultDropoutOptions)
	// Published counts: 43 ended become 45, 17 dropouts 15; the overall
	// rate is theirs.
	if *s.Ended != 45 || *s.Dropouts != 15 || *s.Rate != 0.3333 || s.MinCount != plekwijzer.SmallCell {
		t.Errorf("overall %d %d %v", *s.Ended, *s.Dropouts, *s.Rate)
	}
	if len(s.WorkTypes) != 3 || s.WorkTypes[0].Name != "Fietsen" || s.WorkTypes[1].Name != "Inpakken" {
		t.Fatalf("work types %+v", s.WorkTypes)
	}
	// Bikes: 12 ended (shown as 10) and no dropout: 0 is below the
	// threshold, so neither the dropouts nor a rate are shown.
	if fiets := s.WorkTypes[0]; *fiets.Ended != 10 || fiets.Dropouts != nil || fiets.Rate != nil || fiets.Suppressed {
		t.Errorf("fietsen %+v", fiets.DropoutCell)
	}
	inpak := s.WorkTypes[1]
	// 14 dropouts of 28 published as 15 of 30, pulled towards 0.3333 with
	// weight 10.
	if *inpak.Ended != 30 || *inpak.Dropouts != 15 || *inpak.Rate != round4((15+10*0.3333)/40) {
		t.Errorf("inpakken %d %d %v", *inpak.Ended, *inpak.Dropouts, *inpak.Rate)
	}
	if fmt.Sprint(inpak.Reasons) != "[{te-weinig-variatie 10}]" {
		t.Errorf("reasons %v: only those given 5 times or more, rounded", inpak.Reasons)
	}
	// Many dropouts beside few completions: the completions would follow
	// from ended minus dropouts, so the dropouts are not shown.
	few := plekwijzer.NewDropoutStats([]plekwijzer.DropoutCount{{WorkTypeID: "tuin", TargetGroup: "overig", Ended: 12, Dropouts: 10}}, names, plekwijzer.DefaultDropoutOptions)
	if *few.Ended != 10 || few.Dropouts != nil || few.Rate != nil || few.WorkTypes[0].Dropouts != nil {
		t.Errorf("10 dropouts of 12: %+v", few)
	}
	// verslavingszorg (2) is suppressed; ggz (6) would then follow from the
	// total, so it is suppressed too; statushouder (20) stays.
	for _, g := range inpak.TargetGroups {
		if want := g.TargetGroup != "statushouder"; g.Suppressed != want || (g.Ended == nil) != want {
			t.Errorf("%s: suppressed %v (%+v)", g.TargetGroup, g.Suppressed, g.DropoutCell)
		}
	}
	if tuin := s.WorkTypes[2]; !tuin.Suppressed || tuin.Ended != nil || tuin.Rate != nil || len(tuin.Reasons) != 0 || !tuin.TargetGroups[0].Suppressed {
		t.Errorf("a work type with 3 ended placements: %+v", tuin)
	}
	// Nothing at all: everything suppressed, no rate.
	empty := plekwijzer.NewDropoutStats(nil, nil, plekwijzer.DefaultDropoutOptions)
	if !empty.Suppressed || empty.Rate != nil || len(empty.WorkTypes) != 0 {
		t.Errorf("no placements: %+v", empty)
	}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func TestMonthlyVariety(t *testing.T) {
	t.Parallel()
	facts := &plekwijzer.VarietyFacts{
		Offers: []plekwijzer.OfferSpan{
			{WorkTypeID: "inpak", From: "2025-01-01"},
			{WorkTypeID: "fiets", From: "2026-02-10"},
			{WorkTypeID: "tuin", From: "2025-01-01", Until: "2026-01-15"},
		},
		Work: []plekwijzer.WorkSpan{
			{WorkTypeID: "inpak", Start: "2025-12-01", DayParts: 4},
			{WorkTypeID: "tuin", Start: "2025-12-01", End: "2026-01-15", DayParts: 4},
			{WorkTypeID: "fiets", Start: "2026-02-01", End: "2026-02-14", DayParts: 4}, // half of February
		},
		PackingWorkTypeID: "inpak",
	}
	v := facts.Monthly(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if v.From != "2026-01" || v.To != "2026-02" || len(v.Months) != 2 {
		t.Fatalf("months %+v", v)
	}
	jan, feb := v.Months[0], v.Months[1]
	// January: packing all month (4), garden half of it (4·15/31).
	wJan := 4 * 15 / 31.0
	pJan := 4 / (4 + wJan)
	hJan := -(pJan*math.Log(pJan) + (1-pJan)*math.Log(1-pJan))
	// Two placements: below the small-cell threshold, not published.
	if jan.OnOffer != 2 || jan.InPlacements != 2 || jan.Placements != nil || jan.PackingShare != round4(pJan) || jan.Shannon != round4(hJan) {
		t.Errorf("January %+v (want share %v, H %v)", jan, round4(pJan), round4(hJan))
	}
	// February: packing (4) and bikes for half of it (2): shares 2/3, 1/3.
	hFeb := -(2.0/3*math.Log(2.0/3) + 1.0/3*math.Log(1.0/3))
	if feb.OnOffer != 2 || feb.InPlacements != 2 || feb.PackingShare != round4(4/(4+4*14/28.0)) || feb.Shannon != round4(hFeb) || feb.Effective != round4(math.Exp(hFeb)) {
		t.Errorf("February %+v", feb)
	}
}

func TestPublishedCount(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]int{-1: -1, 0: -1, 1: -1, 4: -1, 5: 5, 6: 5, 7: 5, 8: 10, 12: 10, 13: 15, 100: 100} {
		got := plekwijzer.PublishedCount(n)
		if (got == nil) != (want < 0) || got != nil && *got != want {
			t.Errorf("PublishedCount(%d) = %v, want %d", n, got, want)
		}
	}
}

func TestMonthPeriod(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ from, to, want plekwijzer.Date }{
		{"2026-10-29", "2026-10-30", "2026-10-01 – 2026-10-31"},
		{"2024-02-10", "2024-02-10", "2024-02-01 – 2024-02-29"},
		{"2025-12-31", "2026-01-01", "2025-12-01 – 2026-01-31"},
	} {
		p := plekwijzer.MonthPeriod(c.from, c.to)
		if got := plekwijzer.Date(string(p.From) + " – " + string(p.To)); got != c.want {
			t.Errorf("MonthPeriod(%s, %s) = %s, want %s", c.from, c.to, got, c.want)
		}
	}
	if p := plekwijzer.MonthPeriod("", ""); p.From != "" || p.To != "" {
		t.Errorf("unbounded: %+v", p)
	}
}
