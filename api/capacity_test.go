package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// capacityCRUD walks the capacity operations through their happy path as
// the roles that use them would (called from TestCRUD, which checks that
// every operation of the document was answered and validated).
func capacityCRUD(t *testing.T, e *env) {
	t.Helper()
	gon := e.mustOrg("Zorggroep Noorderzon", "zorgaanbieder", "9741")
	offer := e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgA.ID, "Instroomplek fietsen", "fietsenreparatie", "9713"))

	// The beheerder reserves places; coaches and managers read them.
	k := e.do("POST", "/api/v1/contingenten", "admin", map[string]any{
		"naam": "GON-partners", "werkplekIds": []string{offer}, "verwijzerIds": []string{gon.ID},
		"plaatsen": map[string]int{"ma-ochtend": 2}, "vrijgaveDagen": 0, "startdatum": "2026-01-01",
	}).want(http.StatusCreated)
	kID := k.obj()["id"].(string)
	if k.Header.Get("Location") != "/api/v1/contingenten/"+kID || k.Header.Get("ETag") != `"1"` {
		t.Errorf("new contingent: Location %q, ETag %q", k.Header.Get("Location"), k.Header.Get("ETag"))
	}
	e.do("GET", "/api/v1/contingenten?werkplekId="+offer, "coach", nil).want(http.StatusOK)
	e.do("GET", "/api/v1/contingenten/"+kID, "manager", nil).want(http.StatusOK)
	e.do("PATCH", "/api/v1/contingenten/"+kID, "admin", map[string]any{"plaatsen": map[string]int{"ma-ochtend": 1}, "einddatum": "2030-12-31"},
		"If-Match", `"1"`).want(http.StatusOK)

	// A participant referred by the GON partner, waiting, then placed.
	p := e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
		"code": "DN-GON-0001", "verwijzerId": gon.ID, "doelgroep": "dagbesteding-wmo", "fase": "voortraject",
		"postcode": "9741", "begeleidingsbehoefte": 3, "belastbaarheid": "laag", "wachtendSinds": "2026-01-05",
		"beschikbaarheid": []string{"ma-ochtend"},
	}).want(http.StatusCreated).obj()["id"].(string)
	e.do("GET", "/api/v1/wachtlijst?doelgroep=dagbesteding-wmo", "coach", nil).want(http.StatusOK)
	// More supervision and lighter work than the offer: booked as a
	// recorded deviation.
	pb := rolePlacementBody(p, offer, "ma-ochtend")
	pb["afwijking"] = map[string]any{"reden": "Start met een jobcoach erbij, afgesproken met de werkplek."}
	e.roleCreate("/plaatsingen", "coach", pb)
	e.do("GET", "/api/v1/deelnemers/"+p+"/tijdlijn", "coach", nil).want(http.StatusOK)

	// Managers read the figures.
	e.do("GET", "/api/v1/statistieken/bezetting?van=2026-02-23&tot=2026-03-15", "manager", nil).want(http.StatusOK)
	e.do("GET", "/api/v1/statistieken/uitval?van=2025-01-01", "manager", nil).want(http.StatusOK)
	e.do("GET", "/api/v1/statistieken/variatie?van=2026-01&tot=2026-03", "manager", nil).want(http.StatusOK)

	e.do("DELETE", "/api/v1/contingenten/"+kID, "admin", nil).want(http.StatusNoContent)
	e.do("GET", "/api/v1/contingenten/"+kID, "admin", nil).want(http.StatusNotFound)
}

// capacityOffer makes an open offer with places on ma-ochtend.
func (e *env) capacityOffer(places int) string {
	e.t.Helper()
	b := roleOfferBody(e.orgA.ID, "Werkplaats", "fietsenreparatie", "9713")
	b["capaciteit"] = map[string]int{"ma-ochtend": places}
	return e.roleCreate("/werkplekken", "admin", b)
}

// capacityParticipant makes a participant in coach's caseload, referred by
// referrer ("" for none).
func (e *env) capacityParticipant(code, referrer string) string {
	e.t.Helper()
	b := roleParticipantBody(code)
	if referrer != "" {
		b["verwijzerId"] = referrer
	}
	return e.roleCreate("/deelnemers", "coach", b)
}

func TestReservedPlacesThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		gon := e.mustOrg("Zorggroep Noorderzon", "zorgaanbieder", "9741")
		offer := e.capacityOffer(2)
		e.do("POST", "/api/v1/contingenten", "admin", map[string]any{
			"naam": "GON", "werkplekIds": []string{offer}, "verwijzerIds": []string{gon.ID},
			"plaatsen": map[string]int{"ma-ochtend": 1}, "startdatum": "2026-01-01",
		}).want(http.StatusCreated)
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(e.capacityParticipant("DN-A", ""), offer, "ma-ochtend"))
		full := e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(e.capacityParticipant("DN-B", ""), offer, "ma-ochtend")).
			want(http.StatusConflict).obj()
		if fmt.Sprint(full["volleDagdelen"]) != "[ma-ochtend]" || fmt.Sprint(full["gereserveerdeDagdelen"]) != "[ma-ochtend]" {
			t.Errorf("409 for a reserved place: %v", full)
		}
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(e.capacityParticipant("DN-C", gon.ID), offer, "ma-ochtend"))

		var list struct {
			Items []plekwijzer.Contingent `json:"items"`
		}
		e.do("GET", "/api/v1/contingenten", "manager", nil).want(http.StatusOK).json(&list)
		if len(list.Items) != 1 {
			t.Fatalf("contingents %+v", list.Items)
		}

		// Bad input names every field; conflicts are 409.
		bad := e.do("POST", "/api/v1/contingenten", "admin", map[string]any{
			"naam": "", "werkplekIds": []string{"x"}, "verwijzerIds": []string{}, "plaatsen": map[string]int{"za-ochtend": 1},
			"vrijgaveDagen": "veel", "startdatum": "morgen", "gebruik": []string{},
		}).want(http.StatusBadRequest)
		names := bad.invalidParams()
		slices.Sort(names)
		if got := strings.Join(names, " "); got != "gebruik naam plaatsen.za-ochtend startdatum verwijzerIds vrijgaveDagen werkplekIds[0]" {
			t.Errorf("invalidParams %s", got)
		}
		e.do("POST", "/api/v1/contingenten", "admin", map[string]any{
			"naam": "Nog een", "werkplekIds": []string{offer}, "verwijzerIds": []string{gon.ID},
			"plaatsen": map[string]int{"ma-ochtend": 1}, "startdatum": "2026-06-01",
		}).want(http.StatusConflict)
		e.do("PATCH", "/api/v1/contingenten/"+list.Items[0].ID, "admin", map[string]any{"naam": "x"}, "If-Match", `"7"`).want(http.StatusConflict)
		e.do("PATCH", "/api/v1/contingenten/"+list.Items[0].ID, "admin", map[string]any{"plaatsen": map[string]int{"ma-ochtend": 3}}).
			want(http.StatusBadRequest)
	})
}

// TestConcurrentBookingsThroughTheAPI books the last places of an offer
// from many coaches' requests at once: exactly the free places succeed.
func TestConcurrentBookingsThroughTheAPI(t *testing.T) {
	const seekers, places = 32, 3
	run(t, func(t *testing.T, e *env) {
		offer := e.capacityOffer(places + 1)
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(e.capacityParticipant("DN-VOOR", ""), offer, "ma-ochtend"))
		ps := make([]string, seekers)
		for i := range ps {
			ps[i] = e.capacityParticipant(fmt.Sprintf("DN-%03d", i), "")
		}
		status := make([]int, seekers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, p := range ps {
			wg.Go(func() {
				<-start
				status[i] = e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(p, offer, "ma-ochtend")).Status
			})
		}
		close(start)
		wg.Wait()
		created, conflicts := 0, 0
		for _, s := range status {
			switch s {
			case http.StatusCreated:
				created++
			case http.StatusConflict:
				conflicts++
			default:
				t.Errorf("status %d", s)
			}
		}
		if created != places || conflicts != seekers-places {
			t.Errorf("%d created, %d conflicts; want %d and %d", created, conflicts, places, seekers-places)
		}
	})
}

func TestOutcomesAndTransitions(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e) // an active placement at the partner's offer
		pl := "/api/v1/plaatsingen/" + f.placement
		// Illegal steps are 409, whoever asks.
		e.do("PATCH", pl, "partner", map[string]any{"status": "voorgesteld"}).want(http.StatusConflict)
		e.do("PATCH", pl, "coach", map[string]any{"status": "afgerond"}).want(http.StatusBadRequest) // no outcome
		// Attendance while it runs: the hours missed so far.
		att := e.do("PATCH", pl, "partner", map[string]any{"uitkomst": map[string]any{"gemisteUren": 4}}).want(http.StatusOK).obj()
		if fmt.Sprint(att["uitkomst"]) != "map[gemisteUren:4]" || att["status"] != "actief" {
			t.Errorf("attendance: %v", att)
		}
		if got := e.do("PATCH", pl, "partner", map[string]any{"status": "uitgevallen"}).want(http.StatusBadRequest).invalidParams(); fmt.Sprint(got) !=
			"[uitkomst.resultaat uitkomst.uitvalreden uitkomst.veroorzaaktDoor]" {
			t.Errorf("ending on attendance alone: %v", got)
		}
		ended := e.do("PATCH", pl, "partner", map[string]any{"status": "afgerond",
			"uitkomst": map[string]any{"resultaat": "betaald-werk", "gemisteUren": 3}}).want(http.StatusOK).obj()
		if ended["deelnemerId"] != nil || ended["deelnemerCode"] != f.participantCode {
			t.Errorf("the partner sees %v", ended)
		}
		e.do("PATCH", pl, "coach", map[string]any{"status": "actief"}).want(http.StatusConflict)
		e.do("PATCH", pl, "coach", map[string]any{"status": "geannuleerd"}).want(http.StatusConflict)

		// A coach cancels a proposal with a reason; "verlopen" is the
		// service's own.
		p := e.capacityParticipant("DN-ANNULEER", "")
		body := rolePlacementBody(p, f.offerA, "di-ochtend")
		delete(body, "status")
		proposal := e.do("POST", "/api/v1/plaatsingen", "coach", body).want(http.StatusCreated).obj()
		if proposal["verlooptOp"] == nil {
			t.Errorf("a proposal without verlooptOp: %v", proposal)
		}
		id := proposal["id"].(string)
		e.do("PATCH", "/api/v1/plaatsingen/"+id, "coach", map[string]any{"status": "geannuleerd", "annuleringsreden": "verlopen"}).
			want(http.StatusBadRequest)
		got := e.do("PATCH", "/api/v1/plaatsingen/"+id, "coach", map[string]any{"status": "geannuleerd", "annuleringsreden": "deelnemer-ziet-af"}).
			want(http.StatusOK).obj()
		if got["annuleringsreden"] != "deelnemer-ziet-af" || got["verlooptOp"] != nil {
			t.Errorf("cancelled: %v", got)
		}
	})
}

// pastPlacement records an active placement from history straight in the
// store, as the demo data or an import does: the API refuses a start more
// than a year back, and these tests need fixed months of history.
func (e *env) pastPlacement(participant, offer string, part plekwijzer.DayPart, start, end plekwijzer.Date) string {
	e.t.Helper()
	status := plekwijzer.PlacementActive
	pl, err := plekwijzer.NewPlacement{ParticipantID: &participant, OfferID: &offer, DayParts: &[]plekwijzer.DayPart{part},
		StartDate: &start, EndDate: &end, Status: &status}.Placement()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.CreatePlacement(context.Background(), pl); err != nil {
		e.t.Fatal(err)
	}
	return pl.ID
}

func TestTimelineAndWaitingList(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		packing := e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgB.ID, "Inpakken", "inpakken", "9723"))
		p := e.capacityParticipant("DN-TIJD", "")
		first := e.pastPlacement(p, packing, "ma-ochtend", "2025-01-06", "2025-03-31")
		e.do("PATCH", "/api/v1/plaatsingen/"+first, "coach", map[string]any{"status": "uitgevallen", "uitkomst": map[string]any{
			"resultaat": "geen", "uitvalreden": "te-weinig-variatie", "veroorzaaktDoor": "werkplek", "gemisteUren": 0}}).want(http.StatusOK)
		e.roleCreate("/plaatsingen", "coach", rolePlacementBody(p, f.offerA, "ma-ochtend"))

		var tl plekwijzer.Timeline
		e.do("GET", "/api/v1/deelnemers/"+p+"/tijdlijn", "coach", nil).want(http.StatusOK).json(&tl)
		if len(tl.Placements) != 2 || tl.Placements[0].WorkTypeID != seed.WorkTypeID("inpakken") ||
			tl.Placements[1].WorkTypesSoFar != 2 || !tl.Placements[1].NewWorkType || len(tl.WorkTypes) != 2 {
			t.Errorf("timeline %+v", tl)
		}
		// Another coach cannot tell it from an unknown participant.
		roleHiddenLikeUnknownPath(e, "coach2", "/deelnemers/", p, "/tijdlijn")

		e.do("PATCH", "/api/v1/deelnemers/"+p, "coach", map[string]any{"wachtendSinds": "2026-02-01"}).want(http.StatusOK)
		var wl struct {
			Items []plekwijzer.WaitingEntry `json:"items"`
			Total int                       `json:"totaal"`
		}
		e.do("GET", "/api/v1/wachtlijst", "coach", nil).want(http.StatusOK).json(&wl)
		if wl.Total != 1 || wl.Items[0].ParticipantID != p || wl.Items[0].WaitingSince != "2026-02-01" {
			t.Errorf("waiting list %+v", wl)
		}
		e.do("GET", "/api/v1/wachtlijst", "coach2", nil).want(http.StatusOK).json(&wl)
		if wl.Total != 0 {
			t.Errorf("coach2 sees %+v", wl)
		}
		e.do("GET", "/api/v1/wachtlijst?doelgroep=onzin&extra=1", "admin", nil).want(http.StatusBadRequest)
	})
}

// roleHiddenLikeUnknownPath is roleHiddenLikeUnknown for a path below a
// record (GET collection+id+suffix).
func roleHiddenLikeUnknownPath(e *env, user, collection, id, suffix string) {
	e.t.Helper()
	want := roleProblem(e.do("GET", "/api/v1"+collection+roleUnknownID+suffix, user, nil).want(http.StatusNotFound))
	r := e.do("GET", "/api/v1"+collection+id+suffix, user, nil).want(http.StatusNotFound)
	if got := roleProblem(r); roleJSON(got) != roleJSON(want) {
		e.t.Errorf("%s%s%s as %s: %s, unlike an unknown id: %s", collection, id, suffix, user, roleJSON(got), roleJSON(want))
	}
}

func TestStatisticsThroughTheAPI(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		// Ten dropouts of one target group at packing: enough to show.
		packing := e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgB.ID, "Inpakken", "inpakken", "9723"))
		var codes, ids []string
		for i := range 10 {
			code := fmt.Sprintf("DN-UIT-%02d", i)
			p := e.capacityParticipant(code, "")
			codes, ids = append(codes, code), append(ids, p)
			pl := e.pastPlacement(p, packing, "di-ochtend", plekwijzer.Date(fmt.Sprintf("2025-%02d-06", i+1)), plekwijzer.Date(fmt.Sprintf("2025-%02d-20", i+1)))
			e.do("PATCH", "/api/v1/plaatsingen/"+pl, "coach", map[string]any{"status": "uitgevallen", "uitkomst": map[string]any{
				"resultaat": "geen", "uitvalreden": "te-weinig-variatie", "veroorzaaktDoor": "werkplek", "gemisteUren": 2}}).want(http.StatusOK)
		}
		codes = append(codes, f.participantCode)
		ids = append(ids, f.participant)

		var dropout struct {
			Ended     *int `json:"beeindigd"`
			Dropouts  *int `json:"uitgevallen"`
			WorkTypes []struct {
				Code    string `json:"code"`
				Ended   *int   `json:"beeindigd"`
				Reasons []struct {
					Reason string `json:"reden"`
					Count  int    `json:"aantal"`
				} `json:"redenen"`
			} `json:"werksoorten"`
		}
		r := e.do("GET", "/api/v1/statistieken/uitval", "manager", nil).want(http.StatusOK)
		r.json(&dropout)
		// Ten ended, all of them in dropout: the dropouts are not shown,
		// since none completing would follow from them.
		if dropout.Ended == nil || *dropout.Ended != 10 || dropout.Dropouts != nil || len(dropout.WorkTypes) != 1 ||
			dropout.WorkTypes[0].Code != "inpakken" || len(dropout.WorkTypes[0].Reasons) != 0 {
			t.Errorf("uitval %s", r.Body)
		}
		// Periods are whole months, echoed as used: March to May holds
		// three dropouts, too few to show.
		var months struct {
			From  string `json:"van"`
			To    string `json:"tot"`
			Ended *int   `json:"beeindigd"`
		}
		e.do("GET", "/api/v1/statistieken/uitval?van=2025-03-15&tot=2025-05-02&doelgroep=statushouder&soort=sociale-onderneming", "manager", nil).want(http.StatusOK).json(&months)
		if months.From != "2025-03-01" || months.To != "2025-05-31" || months.Ended != nil {
			t.Errorf("March to May: %+v", months)
		}
		var variety plekwijzer.Variety
		e.do("GET", "/api/v1/statistieken/variatie?van=2025-01&tot=2025-12", "admin", nil).want(http.StatusOK).json(&variety)
		if len(variety.Months) != 12 || variety.Months[0].PackingShare != 1 || variety.Months[0].InPlacements != 1 {
			t.Errorf("variatie %+v", variety.Months)
		}
		var occ plekwijzer.Occupancy
		occR := e.do("GET", "/api/v1/statistieken/bezetting?van=2025-01-01&tot=2025-01-31&werkplekId="+packing, "manager", nil).want(http.StatusOK)
		occR.json(&occ)
		if len(occ.Weeks) != 5 || len(occ.Offers) != 2 || occ.Offers[1].DayPart != "di-ochtend" || occ.Offers[1].Weeks[1].Occupied != 1 {
			t.Errorf("bezetting %s", occR.Body)
		}

		// Aggregates only: no participant id or code anywhere.
		for _, path := range []string{"/statistieken/uitval", "/statistieken/variatie", "/statistieken/bezetting?van=2025-01-01&tot=2026-12-31"} {
			body := string(e.do("GET", "/api/v1"+path, "manager", nil).want(http.StatusOK).Body)
			for _, s := range append(slices.Clone(codes), ids...) {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %s", path, s)
				}
			}
		}

		// Bad periods are named.
		for path, want := range map[string]string{
			"/statistieken/bezetting?van=2026-13-01&tot=2020-01-01&werkplekId=x": "van werkplekId",
			"/statistieken/bezetting?van=2020-01-01&tot=2026-01-01":              "tot",
			"/statistieken/uitval?van=2026-01-01&tot=2025-01-01":                 "tot",
			"/statistieken/uitval?soort=bedrijf&doelgroep=x&van=2026-02-30":      "doelgroep soort van",
			"/statistieken/variatie?van=2026-1&tot=2030-01":                      "van",
			"/statistieken/variatie?van=2020-01&tot=2026-01":                     "tot",
		} {
			got := e.do("GET", "/api/v1"+path, "manager", nil).want(http.StatusBadRequest).invalidParams()
			slices.Sort(got)
			if strings.Join(got, " ") != want {
				t.Errorf("%s: invalidParams %v, want %s", path, got, want)
			}
		}
	})
}
