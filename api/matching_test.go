package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/seed"
)

type matchListItem struct {
	Offer struct {
		ID string `json:"id"`
	} `json:"werkplek"`
	Score    float64            `json:"score"`
	Parts    map[string]float64 `json:"onderdelen"`
	Reasons  []string           `json:"redenen"`
	DayParts []string           `json:"dagdelen"`
}

type matchList struct {
	Items      []matchListItem `json:"items"`
	Excluded   map[string]int  `json:"uitgesloten"`
	Considered int             `json:"beschouwd"`
}

func (l matchList) has(id string) bool {
	return slices.ContainsFunc(l.Items, func(it matchListItem) bool { return it.Offer.ID == id })
}

func matchParticipant(code string, dayParts ...string) map[string]any {
	return map[string]any{
		"code": code, "doelgroep": "statushouder", "fase": "ontwikkelplek", "beschikbaarheid": dayParts,
		"postcode": "9725", "maxReisafstandKm": 15, "begeleidingsbehoefte": 2, "belastbaarheid": "midden",
		"interesses": []string{seed.WorkTypeID("fietsenreparatie")},
	}
}

// The ranking always reflects what was committed before the request: a
// booking that takes the last place, or a paused offer, drops out of the
// next answer at once.
func TestMatchesFollowTheDatabase(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		offer := e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgA.ID, "titel": "Fietsen repareren", "werksoortId": seed.WorkTypeID("fietsenreparatie"),
			"begeleiding": 2, "fysiekeBelasting": "midden", "capaciteit": map[string]int{"di-ochtend": 1}, "postcode": "9713",
		})
		other := e.roleCreate("/werkplekken", "admin", map[string]any{
			"organisatieId": e.orgB.ID, "titel": "Kleding sorteren", "werksoortId": seed.WorkTypeID("kringloop"),
			"begeleiding": 3, "fysiekeBelasting": "laag", "capaciteit": map[string]int{"di-ochtend": 2}, "postcode": "9723",
		})
		a := e.roleCreate("/deelnemers", "coach", matchParticipant("MT-A", "di-ochtend"))
		b := e.roleCreate("/deelnemers", "coach", matchParticipant("MT-B", "di-ochtend"))

		var got matchList
		e.do("GET", "/api/v1/deelnemers/"+a+"/matches", "coach", nil).want(200).json(&got)
		if !got.has(offer) || !got.has(other) || got.Considered != 2 {
			t.Fatalf("before booking: %+v", got)
		}
		if first := got.Items[0]; first.Offer.ID != offer || !slices.Contains(first.Reasons, "Past bij interesse: fietsenreparatie") ||
			!slices.Contains(first.Reasons, "Vrij op di-ochtend") || first.Parts["interesse"] != 1 || first.Parts["variatie"] != 1 {
			t.Fatalf("the bike offer should lead, with reasons: %+v", first)
		}

		e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(b, offer, "di-ochtend")).want(http.StatusCreated)
		got = matchList{}
		e.do("GET", "/api/v1/deelnemers/"+a+"/matches", "coach", nil).want(200).json(&got)
		if got.has(offer) || got.Excluded["geen-vrij-dagdeel"] != 1 {
			t.Fatalf("after the last place was booked: %+v", got)
		}
		// B is now placed there: the offer is excluded as such for B.
		got = matchList{}
		e.do("GET", "/api/v1/deelnemers/"+b+"/matches", "coach", nil).want(200).json(&got)
		if got.has(offer) || got.Excluded["al-geplaatst"] != 1 {
			t.Fatalf("B's own placement: %+v", got)
		}

		e.do("PATCH", "/api/v1/werkplekken/"+other, "partner2", map[string]any{"status": "gepauzeerd"}).want(200)
		got = matchList{}
		e.do("GET", "/api/v1/deelnemers/"+a+"/matches", "coach", nil).want(200).json(&got)
		if len(got.Items) != 0 || got.Excluded["niet-open"] != 1 {
			t.Fatalf("after pausing: %+v", got)
		}
	})
}

// TestMatchesAfterPruning: when another replica pruned outbox entries the
// match pool had not read yet, the pool reads every offer again instead of
// missing the change.
func TestMatchesAfterPruning(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		offer := e.capacityOffer(1)
		a := e.roleCreate("/deelnemers", "coach", matchParticipant("MT-A", "ma-ochtend"))
		b := e.roleCreate("/deelnemers", "coach", matchParticipant("MT-B", "ma-ochtend"))
		var got matchList
		e.do("GET", "/api/v1/deelnemers/"+a+"/matches", "coach", nil).want(200).json(&got)
		if !got.has(offer) {
			t.Fatalf("before booking: %+v", got)
		}
		// B takes the place, then another offer is made; every replica
		// has applied both, so the booking's entry is pruned.
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(b, offer, "ma-ochtend"))
		e.capacityOffer(1)
		ctx := t.Context()
		head, err := e.db.OutboxHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.ReportIndexPosition(ctx, "elsewhere", head); err != nil {
			t.Fatal(err)
		}
		if n, err := e.db.PruneOutbox(ctx, time.Hour); err != nil || n == 0 {
			t.Fatalf("pruned %d (%v)", n, err)
		}
		got = matchList{}
		e.do("GET", "/api/v1/deelnemers/"+a+"/matches", "coach", nil).want(200).json(&got)
		if got.has(offer) || got.Considered != 2 {
			t.Fatalf("after the booking was pruned from the outbox: %+v", got)
		}
	})
}

func TestCandidatesShowOnlyWhatTheCoachMaySee(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		offer := e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgA.ID, "Fietsen repareren", "fietsenreparatie", "9713"))
		mine := e.roleCreate("/deelnemers", "coach", matchParticipant("KD-MINE", "ma-ochtend"))
		e.roleCreate("/deelnemers", "coach2", matchParticipant("KD-OTHER", "ma-ochtend"))
		type cands struct {
			Items []struct {
				Participant map[string]any `json:"deelnemer"`
				Reasons     []string       `json:"redenen"`
			} `json:"items"`
			Considered int `json:"beschouwd"`
		}
		var c cands
		e.do("GET", "/api/v1/werkplekken/"+offer+"/kandidaten", "coach", nil).want(200).json(&c)
		if c.Considered != 1 || len(c.Items) != 1 || c.Items[0].Participant["id"] != mine || c.Items[0].Participant["code"] != "KD-MINE" {
			t.Fatalf("coach sees: %+v", c)
		}
		if len(c.Items[0].Participant) != 4 {
			t.Fatalf("a candidate shows only id, code, target group and phase: %v", c.Items[0].Participant)
		}
		c = cands{}
		e.do("GET", "/api/v1/werkplekken/"+offer+"/kandidaten", "admin", nil).want(200).json(&c)
		if c.Considered != 2 || len(c.Items) != 2 {
			t.Fatalf("beheerder sees: %+v", c)
		}
		e.do("GET", "/api/v1/werkplekken/"+roleUnknownID+"/kandidaten", "coach", nil).want(http.StatusNotFound)
		e.do("GET", "/api/v1/deelnemers/"+roleUnknownID+"/matches", "coach", nil).want(http.StatusNotFound)
		e.do("GET", "/api/v1/deelnemers/"+mine+"/werksoorten", "coach2", nil).want(http.StatusNotFound)
	})
}

func TestMatchingRefusesBadInput(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		p := e.roleCreate("/deelnemers", "coach", matchParticipant("BI-1", "ma-ochtend"))
		r := e.do("GET", "/api/v1/deelnemers/"+p+"/matches?aantal=0&diversiteit=2&kleur=rood", "coach", nil).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(roleSorted(got...), []string{"aantal", "diversiteit", "kleur"}) {
			t.Fatalf("invalid params: %v", got)
		}
		r = e.do("GET", "/api/v1/deelnemers/"+p+"/matches?aantal=101&diversiteit=veel", "coach", nil).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(roleSorted(got...), []string{"aantal", "diversiteit"}) {
			t.Fatalf("invalid params: %v", got)
		}
		e.do("GET", "/api/v1/deelnemers/niet-een-id/matches", "coach", nil).want(http.StatusBadRequest)
		e.do("GET", "/api/v1/werkplekken/niet-een-id/kandidaten?aantal=x", "coach", nil).want(http.StatusBadRequest)
		e.do("GET", "/api/v1/statistieken/vraag?deelnemer="+p, "manager", nil).want(http.StatusBadRequest)
	})
}

// The demand gap names work types and counts, never a participant, and
// publishes counts of people by the small-cell rule.
func TestDemandGapShowsCountsOnly(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		var ids, codes []string
		for i := range 10 {
			code := fmt.Sprintf("VG-CODE-%02d", i)
			codes = append(codes, code)
			ids = append(ids, e.roleCreate("/deelnemers", "coach", matchParticipant(code, "wo-ochtend", "wo-middag")))
		}
		r := e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(200)
		body := string(r.Body)
		for _, s := range append(ids, codes...) {
			if strings.Contains(body, s) {
				t.Fatal("the demand gap shows a participant")
			}
		}
		type gapItem struct {
			WorkType  map[string]any  `json:"werksoort"`
			People    *int            `json:"deelnemers"`
			Placeable *int            `json:"plaatsbaar"`
			Shortage  *int            `json:"tekort"`
			Short     map[string]*int `json:"tekortPerDagdeel"`
		}
		var gap struct {
			Items  []gapItem `json:"items"`
			People *int      `json:"deelnemers"`
		}
		r.json(&gap)
		if gap.People == nil || *gap.People != 10 || len(gap.Items) != 37 {
			t.Fatalf("gap over %v people, %d work types", gap.People, len(gap.Items))
		}
		// No offers at all: every fitting person is short of a place, and
		// the bike work they like is among the largest gaps. Nobody can be
		// placed: 0 is below the threshold, so it is not published.
		top := gap.Items[0]
		if top.Shortage == nil || *top.Shortage != 10 || top.Placeable != nil || top.Short["wo-ochtend"] == nil ||
			*top.Short["wo-ochtend"] != 10 || top.Short["ma-ochtend"] != nil {
			t.Fatalf("top of the gap: %s", body)
		}
		if !slices.ContainsFunc(gap.Items, func(it gapItem) bool {
			return it.WorkType["code"] == "fietsenreparatie" && it.Shortage != nil && *it.Shortage == 10
		}) {
			t.Fatal("bike repair, which all ten like, is not in the gap")
		}
	})
}

// TestDemandGapIsKeptUntilSomethingChanges: a second request shows the
// same count; after a change it still shows that count (with its time)
// while a new one is counted in the background, which then takes over.
func TestDemandGapIsKeptUntilSomethingChanges(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		// Seven participants are published as 5, eight as 10
		// (plekwijzer.PublishedCount).
		for i := range 7 {
			e.roleCreate("/deelnemers", "coach", matchParticipant(fmt.Sprintf("VG-KEEP-%d", i), "wo-ochtend"))
		}
		type gap struct {
			People int       `json:"deelnemers"`
			At     time.Time `json:"berekendOp"`
		}
		var first, again gap
		e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(200).json(&first)
		e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(200).json(&again)
		if first.People != 5 || first.At.IsZero() || again != first {
			t.Fatalf("first %+v, again %+v", first, again)
		}
		e.roleCreate("/deelnemers", "coach", matchParticipant("VG-KEEP-7", "wo-ochtend"))
		var stale gap
		e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(200).json(&stale)
		if stale != first && stale.People != 10 {
			t.Fatalf("after a change: %+v", stale)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			var now gap
			e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(200).json(&now)
			if now.People == 10 {
				if !now.At.After(first.At) {
					t.Fatalf("the new count %+v is not later than %+v", now, first)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the count was not renewed: %+v", now)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
