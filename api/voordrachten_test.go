package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// proposalFixture is a participant with a full profile in coach's
// caseload and an offer of the partner with one place on ma-ochtend.
type proposalFixture struct {
	participant, offer string
	skillNames         []string
}

func newProposalFixture(e *env) *proposalFixture {
	e.t.Helper()
	skills := e.roleList("/vaardigheden?paginaGrootte=3", "admin").Items
	f := &proposalFixture{offer: e.capacityOffer(1)}
	b := roleParticipantBody("VD-001")
	b["vaardigheden"] = []map[string]any{{"id": skills[0]["id"], "niveau": 2}}
	b["leerdoelen"] = []any{skills[1]["id"]}
	b["interesses"] = []string{seed.WorkTypeID("fietsenreparatie")}
	b["taalniveau"] = "A2"
	b["postcode"] = "9741"
	f.participant = e.roleCreate("/deelnemers", "coach", b)
	f.skillNames = []string{skills[0]["naam"].(string), skills[1]["naam"].(string)}
	return f
}

// propose sends a voordracht for the fixture's participant and returns the
// placement's id.
func (e *env) propose(f *proposalFixture, voordracht map[string]any) string {
	e.t.Helper()
	return e.roleCreate("/plaatsingen", "coach", map[string]any{
		"deelnemerId": f.participant, "werkplekId": f.offer, "dagdelen": []string{"ma-ochtend"},
		"startdatum": plekwijzer.Today().AddDays(14), "voordracht": voordracht,
	})
}

func TestVoordrachtSharesOnlyWhatWasChosenAndStaysFrozen(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		note := "Werkt graag met de handen; komt op de fiets."
		id := e.propose(f, map[string]any{"delen": []string{"vaardigheden", "taalniveau"}, "toelichting": note, "toestemming": true})

		// The profile changes after sending: the voordracht does not.
		e.do("PATCH", "/api/v1/deelnemers/"+f.participant, "coach", map[string]any{"taalniveau": "B2"}).want(http.StatusOK)

		r := e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK)
		var got struct {
			DeelnemerID *string `json:"deelnemerId"`
			Voordracht  struct {
				Gedeeld []struct {
					Onderdeel string
					Waarden   []struct {
						Naam   string
						Niveau int
					}
				}
				Toelichting string
				Toestemming bool
				Contact     struct{ Naam string }
			}
		}
		r.json(&got)
		if got.DeelnemerID != nil {
			t.Errorf("a partner sees the participant's id %s", *got.DeelnemerID)
		}
		v := got.Voordracht
		var items []string
		for _, g := range v.Gedeeld {
			items = append(items, g.Onderdeel)
		}
		if !slices.Equal(items, []string{"taalniveau", "vaardigheden"}) {
			t.Errorf("shared %v, want taalniveau and vaardigheden", items)
		}
		if len(v.Gedeeld) == 2 {
			if lang := v.Gedeeld[0].Waarden; len(lang) != 1 || lang[0].Naam != "A2" {
				t.Errorf("language level %+v, want the A2 of when it was sent", lang)
			}
			if sk := v.Gedeeld[1].Waarden; len(sk) != 1 || sk[0].Naam != f.skillNames[0] || sk[0].Niveau != 2 {
				t.Errorf("skills %+v, want %s at level 2", sk, f.skillNames[0])
			}
		}
		if v.Toelichting != note || !v.Toestemming || v.Contact.Naam != "Test coach" {
			t.Errorf("note %q, consent %v, contact %q", v.Toelichting, v.Toestemming, v.Contact.Naam)
		}
		for _, secret := range []string{f.participant, "9741", "statushouder", "ontwikkelplek", f.skillNames[1], "B2"} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("the partner's answer contains %q, which was not shared: %s", secret, r.Body)
			}
		}

		// The partner's read is in the audit log as a read of the participant.
		var audit roleList
		e.do("GET", "/api/v1/audit?deelnemerId="+f.participant+"&gebruikerId="+e.users["partner"].ID, "admin", nil).want(http.StatusOK).json(&audit)
		if audit.Total != 1 || audit.Items[0]["endpoint"] != "GET /api/v1/plaatsingen/:id" {
			t.Errorf("audit of the partner's read: %+v", audit.Items)
		}
	})
}

func TestVoordrachtBadInputChangesNothing(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		before := e.roleList("/plaatsingen", "admin").Total
		for _, c := range []struct {
			body map[string]any
			want []string
		}{
			{map[string]any{"delen": []string{"vaardigheden", "diagnose"}, "toelichting": strings.Repeat("x", 1001), "toestemming": true},
				[]string{"voordracht.delen[1]", "voordracht.toelichting"}},
			{map[string]any{"delen": []string{"rolstoel"}, "toelichting": "let op"}, []string{"voordracht.toestemming"}},
			{map[string]any{"toestemming": true, "geheim": 1}, []string{"voordracht.geheim"}},
		} {
			r := e.do("POST", "/api/v1/plaatsingen", "coach", map[string]any{
				"deelnemerId": f.participant, "werkplekId": f.offer, "dagdelen": []string{"ma-ochtend"},
				"startdatum": "2026-03-02", "voordracht": c.body,
			}).want(http.StatusBadRequest)
			if got := r.invalidParams(); !slices.Equal(got, c.want) {
				t.Errorf("%v: invalid %v, want %v", c.body, got, c.want)
			}
		}
		r := e.do("POST", "/api/v1/plaatsingen", "coach", map[string]any{
			"deelnemerId": f.participant, "werkplekId": f.offer, "dagdelen": []string{"ma-ochtend"},
			"startdatum": "2026-03-02", "status": "actief", "voordracht": map[string]any{"toestemming": true},
		}).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(got, []string{"voordracht"}) {
			t.Errorf("an active booking with a voordracht: invalid %v", got)
		}
		if after := e.roleList("/plaatsingen", "admin").Total; after != before {
			t.Errorf("bad input made placements: %d before, %d after", before, after)
		}
	})
}

// answer posts an answer as user and returns the response.
func (e *env) answer(id, user string, body map[string]any) *response {
	e.t.Helper()
	return e.do("POST", "/api/v1/plaatsingen/"+id+"/antwoord", user, body)
}

func TestDeclineFreesThePlaceAndTellsTheCoach(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"delen": []string{"rolstoel"}, "toestemming": true})

		r := e.answer(id, "partner", map[string]any{"besluit": "afwijzen", "reden": "onzin", "startdatum": "2026-03-02", "kennismakingOp": "2030-01-01T10:00:00Z"}).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(got, []string{"reden", "kennismakingOp", "startdatum"}) {
			t.Errorf("invalid %v", got)
		}
		e.answer(id, "partner2", map[string]any{"besluit": "afwijzen", "reden": "geen-plek"}).want(http.StatusNotFound)
		e.answer(id, "partner", map[string]any{"besluit": "afwijzen", "reden": "begeleiding-niet-haalbaar", "toelichting": "Wij hebben nu te weinig begeleiders."}).want(http.StatusOK)

		var pl struct {
			Status           string
			Annuleringsreden string
			Voordracht       struct {
				Gedeeld    []any
				Antwoorden []struct{ Besluit, Reden, Toelichting string }
			}
		}
		e.do("GET", "/api/v1/plaatsingen/"+id, "coach", nil).want(http.StatusOK).json(&pl)
		if pl.Status != "geannuleerd" || pl.Annuleringsreden != "werkplek-ziet-af" || len(pl.Voordracht.Antwoorden) != 1 ||
			pl.Voordracht.Antwoorden[0].Reden != "begeleiding-niet-haalbaar" || pl.Voordracht.Antwoorden[0].Toelichting == "" {
			t.Errorf("the coach sees %+v", pl)
		}
		// Declined, the werkplek no longer sees what was shared.
		var partnerView struct{ Voordracht struct{ Gedeeld []any } }
		e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).json(&partnerView)
		if len(partnerView.Voordracht.Gedeeld) != 0 {
			t.Errorf("after declining the partner still sees %v", partnerView.Voordracht.Gedeeld)
		}
		// The one place is free at once.
		e.propose(f, map[string]any{"toestemming": false})

		var problem struct{ PlaatsingStatus string }
		e.answer(id, "partner", map[string]any{"besluit": "accepteren", "startdatum": "2026-03-02"}).want(http.StatusConflict).json(&problem)
		if problem.PlaatsingStatus != "geannuleerd" {
			t.Errorf("a second answer: conflict with status %q, want geannuleerd", problem.PlaatsingStatus)
		}
	})
}

func TestAcceptedIsNotActiveUntilItStarts(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"toestemming": false})
		start := plekwijzer.Today().AddDays(21)
		var pl struct {
			Status     string
			Startdatum string
			VerlooptOp *string
		}
		e.answer(id, "partner", map[string]any{"besluit": "accepteren", "startdatum": start}).want(http.StatusOK).json(&pl)
		if pl.Status != "geaccepteerd" || pl.Startdatum != string(start) || pl.VerlooptOp != nil {
			t.Errorf("accepted: %+v", pl)
		}
		if n, err := e.db.StartAccepted(e.t.Context()); err != nil || n != 0 {
			t.Errorf("StartAccepted before the start date: %d, %v", n, err)
		}
		// It still holds its place: another proposal does not fit.
		e.do("POST", "/api/v1/plaatsingen", "coach", map[string]any{"deelnemerId": e.capacityParticipant("VD-002", ""), "werkplekId": f.offer,
			"dagdelen": []string{"ma-ochtend"}, "startdatum": start}).want(http.StatusConflict)
		var list roleList
		e.do("GET", "/api/v1/plaatsingen?status=geaccepteerd", "partner", nil).want(http.StatusOK).json(&list)
		if list.Total != 1 {
			t.Errorf("%d accepted placements listed, want 1", list.Total)
		}
		e.do("GET", "/api/v1/plaatsingen?status=voorgesteld", "partner", nil).want(http.StatusOK).json(&list)
		if list.Total != 0 {
			t.Errorf("the accepted placement is listed as proposed")
		}

		// The sweep starts it on its start date (moved to today here).
		e.do("PATCH", "/api/v1/plaatsingen/"+id, "coach", map[string]any{"startdatum": plekwijzer.Today()}).want(http.StatusOK)
		if n, err := e.db.StartAccepted(e.t.Context()); err != nil || n != 1 {
			t.Errorf("StartAccepted on the start date: %d, %v", n, err)
		}
		e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).json(&pl)
		if pl.Status != "actief" {
			t.Errorf("after its start date the accepted placement is %s", pl.Status)
		}

		// Accepted with today's date, a placement is active at once.
		other := e.capacityOffer(1)
		p2 := e.roleCreate("/plaatsingen", "coach", map[string]any{"deelnemerId": e.capacityParticipant("VD-003", ""), "werkplekId": other,
			"dagdelen": []string{"ma-ochtend"}, "startdatum": plekwijzer.Today().AddDays(3)})
		e.answer(p2, "partner", map[string]any{"besluit": "accepteren", "startdatum": plekwijzer.Today()}).want(http.StatusOK).json(&pl)
		if pl.Status != "actief" {
			t.Errorf("accepted from today: status %s", pl.Status)
		}
	})
}

func TestIntakeIsArrangedByBothSides(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"toestemming": false})
		at := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
		r := e.answer(id, "partner", map[string]any{"besluit": "kennismaken", "kennismakingOp": time.Now().Add(-time.Hour)}).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(got, []string{"kennismakingOp", "kennismakingPlaats"}) {
			t.Errorf("invalid %v", got)
		}
		e.answer(id, "partner", map[string]any{"besluit": "kennismaken", "kennismakingOp": at, "kennismakingPlaats": "Werkplaats, Korreweg 1", "kennismakingMet": "Kees"}).want(http.StatusOK)
		intake := "/api/v1/plaatsingen/" + id + "/kennismaking"
		e.do("POST", intake, "partner", map[string]any{"besluit": "akkoord"}).want(http.StatusConflict)
		later := at.Add(24 * time.Hour)
		e.do("POST", intake, "coach", map[string]any{"besluit": "ander-tijdstip", "kennismakingOp": later}).want(http.StatusOK)
		e.do("POST", intake, "coach", map[string]any{"besluit": "akkoord"}).want(http.StatusConflict)
		var pl struct {
			Status     string
			VerlooptOp time.Time
			Voordracht struct {
				Kennismaking struct {
					Op              time.Time
					Plaats, Met     string
					VoorgesteldDoor string
					Afgesproken     bool
				}
			}
		}
		e.do("POST", intake, "partner", map[string]any{"besluit": "akkoord"}).want(http.StatusOK).json(&pl)
		k := pl.Voordracht.Kennismaking
		if !k.Op.Equal(later) || k.Plaats != "Werkplaats, Korreweg 1" || k.Met != "Kees" || k.VoorgesteldDoor != "coach" || !k.Afgesproken {
			t.Errorf("intake %+v", k)
		}
		if pl.Status != "voorgesteld" || pl.VerlooptOp.Before(later) {
			t.Errorf("after arranging an intake: status %s, holds until %s (intake %s)", pl.Status, pl.VerlooptOp, later)
		}
	})
}

func TestConcurrentAnswersOneWins(t *testing.T) {
	const answers = 12
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"toestemming": false})
		status := make([]int, answers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range answers {
			body := map[string]any{"besluit": "afwijzen", "reden": "geen-plek"}
			if i%2 == 0 {
				body = map[string]any{"besluit": "accepteren", "startdatum": plekwijzer.Today().AddDays(14)}
			}
			wg.Go(func() {
				<-start
				status[i] = e.answer(id, "partner", body).Status
			})
		}
		close(start)
		wg.Wait()
		won, lost := 0, 0
		for _, s := range status {
			switch s {
			case http.StatusOK:
				won++
			case http.StatusConflict:
				lost++
			default:
				t.Errorf("status %d", s)
			}
		}
		if won != 1 || lost != answers-1 {
			t.Errorf("%d answers won, %d lost; want 1 and %d", won, lost, answers-1)
		}
		var pl struct{ Voordracht struct{ Antwoorden []any } }
		e.do("GET", "/api/v1/plaatsingen/"+id, "coach", nil).want(http.StatusOK).json(&pl)
		if len(pl.Voordracht.Antwoorden) != 1 {
			t.Errorf("%d answers recorded, want 1", len(pl.Voordracht.Antwoorden))
		}
	})
}

func TestMessagesBetweenCoachAndWerkplekAreErasedWithTheParticipant(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"delen": []string{"taalniveau"}, "toestemming": true})
		thread := "/api/v1/plaatsingen/" + id + "/berichten"
		e.do("POST", thread, "coach", map[string]any{"tekst": "Kan zij maandag komen kijken?"}).want(http.StatusCreated)
		e.do("POST", thread, "partner", map[string]any{"tekst": "Ja, om 9 uur."}).want(http.StatusCreated)
		r := e.do("POST", thread, "partner", map[string]any{"tekst": strings.Repeat("a", 2001), "bijlage": "x"}).want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(got, []string{"bijlage", "tekst"}) {
			t.Errorf("invalid %v", got)
		}
		e.do("POST", thread, "partner2", map[string]any{"tekst": "hallo"}).want(http.StatusNotFound)
		e.do("GET", thread, "coach2", nil).want(http.StatusNotFound)
		var list struct {
			Items  []struct{ Auteur, Rol, Tekst string }
			Totaal int
		}
		e.do("GET", thread, "partner", nil).want(http.StatusOK).json(&list)
		if list.Totaal != 2 || list.Items[0].Rol != "coach" || list.Items[1].Tekst != "Ja, om 9 uur." {
			t.Errorf("thread %+v", list)
		}

		// The participant's export (inzage) holds the voordracht and the thread.
		var export struct {
			Voordrachten []struct {
				Voordracht struct{ Gedeeld []any }
				Berichten  []any
			}
		}
		e.do("GET", "/api/v1/deelnemers/"+f.participant+"/export", "coach", nil).want(http.StatusOK).json(&export)
		if len(export.Voordrachten) != 1 || len(export.Voordrachten[0].Berichten) != 2 || len(export.Voordrachten[0].Voordracht.Gedeeld) != 1 {
			t.Errorf("export %+v", export)
		}

		// Erasing the participant erases the thread and the voordracht.
		e.do("PATCH", "/api/v1/plaatsingen/"+id, "coach", map[string]any{"status": "geannuleerd", "annuleringsreden": "deelnemer-ziet-af"}).want(http.StatusOK)
		e.do("DELETE", "/api/v1/deelnemers/"+f.participant, "coach", nil).want(http.StatusNoContent)
		e.do("GET", thread, "admin", nil).want(http.StatusOK).json(&list)
		var pl struct{ Voordracht struct{ Gedeeld []any } }
		e.do("GET", "/api/v1/plaatsingen/"+id, "admin", nil).want(http.StatusOK).json(&pl)
		if list.Totaal != 0 || len(pl.Voordracht.Gedeeld) != 0 {
			t.Errorf("after erasure: %d messages, shared %v", list.Totaal, pl.Voordracht.Gedeeld)
		}
		e.do("POST", thread, "admin", map[string]any{"tekst": "nog iets"}).want(http.StatusConflict)
	})
}

func TestProposalStatisticsPerOrganisation(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		offerA := e.capacityOffer(10)
		b := roleOfferBody(e.orgB.ID, "Kleding", "inpakken", "9723")
		b["capaciteit"] = map[string]int{"ma-ochtend": 10}
		offerB := e.roleCreate("/werkplekken", "admin", b)
		book := func(offer string, i int) string {
			return e.roleCreate("/plaatsingen", "coach", map[string]any{"deelnemerId": e.capacityParticipant(fmt.Sprintf("ST-%02d", i), ""),
				"werkplekId": offer, "dagdelen": []string{"ma-ochtend"}, "startdatum": plekwijzer.Today().AddDays(10)})
		}
		// 12 voordrachten: 6 accepted, 5 declined, 1 open; published as
		// 10, 5 and 5 (PublishedCount rounds to multiples of 5).
		for i := range 12 {
			id := book(offerA, i)
			switch {
			case i < 6:
				e.answer(id, "partner", map[string]any{"besluit": "accepteren", "startdatum": plekwijzer.Today().AddDays(10)}).want(http.StatusOK)
			case i < 11:
				e.answer(id, "partner", map[string]any{"besluit": "afwijzen", "reden": "reisafstand"}).want(http.StatusOK)
			}
		}
		e.answer(book(offerB, 20), "partner2", map[string]any{"besluit": "afwijzen", "reden": "niet-verschenen"}).want(http.StatusOK)

		var st plekwijzer.ProposalStats
		e.do("GET", "/api/v1/statistieken/voordrachten", "manager", nil).want(http.StatusOK).json(&st)
		if len(st.Organisations) != 2 {
			t.Fatalf("organisations %+v", st.Organisations)
		}
		byID := map[string]plekwijzer.OrganisationProposals{}
		for _, o := range st.Organisations {
			byID[o.OrganisationID] = o
		}
		a, b2 := byID[e.orgA.ID], byID[e.orgB.ID]
		if a.Suppressed || *a.Proposals != 10 || *a.Accepted != 5 || *a.Declined != 5 || *a.AcceptedShare != 0.5 ||
			a.MedianAnswerHours == nil || len(a.DeclineReasons) != 1 || a.DeclineReasons[0].Count != 5 {
			t.Errorf("orgA %+v", a)
		}
		if !b2.Suppressed || b2.Proposals != nil || len(b2.DeclineReasons) != 0 {
			t.Errorf("orgB, one voordracht, is not suppressed: %+v", b2)
		}
	})
}

// kinds lists the kinds of user's notifications, oldest first.
func (e *env) kinds(user string) []string {
	e.t.Helper()
	ns, _, _, err := e.db.Notifications(e.t.Context(), e.users[user].ID, plekwijzer.NotificationFilter{Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(ns) - 1; i >= 0; i-- {
		out = append(out, string(ns[i].Kind))
		if ns[i].Code != "VD-001" || strings.Contains(ns[i].Text, "Korreweg") {
			e.t.Errorf("notification %+v", ns[i])
		}
	}
	return out
}

func TestVoordrachtNotifiesTheOtherSideNeverTheActor(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"delen": []string{"taalniveau"}, "toestemming": true})
		e.answer(id, "partner", map[string]any{"besluit": "kennismaken", "kennismakingOp": time.Now().Add(48 * time.Hour),
			"kennismakingPlaats": "Korreweg 1"}).want(http.StatusOK)
		e.do("POST", "/api/v1/plaatsingen/"+id+"/kennismaking", "coach", map[string]any{"besluit": "akkoord"}).want(http.StatusOK)
		e.do("POST", "/api/v1/plaatsingen/"+id+"/berichten", "coach", map[string]any{"tekst": "Tot dinsdag."}).want(http.StatusCreated)
		e.do("POST", "/api/v1/plaatsingen/"+id+"/berichten", "partner", map[string]any{"tekst": "Prima."}).want(http.StatusCreated)
		e.answer(id, "partner", map[string]any{"besluit": "afwijzen", "reden": "geen-plek"}).want(http.StatusOK)

		if got, want := e.kinds("partner"), []string{"voordracht-nieuw", "kennismaking", "bericht"}; !slices.Equal(got, want) {
			t.Errorf("the partner was told %v, want %v", got, want)
		}
		if got, want := e.kinds("coach"), []string{"kennismaking", "bericht", "antwoord"}; !slices.Equal(got, want) {
			t.Errorf("the coach was told %v, want %v", got, want)
		}
		if got := e.kinds("partner2"); len(got) != 0 {
			t.Errorf("another organisation was told %v", got)
		}
	})
}
