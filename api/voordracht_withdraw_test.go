package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestWithdrawnVoordrachtSharesNothingMore: the werkplek reads the coach's
// name and e-mail as contact; once the coach withdraws the voordracht the
// werkplek is told (voordracht-ingetrokken, the coach is not), the partner
// sees neither the shared items nor the note any more, the place is free
// at once for another proposal, and the partner can no longer answer (409
// with the status).
func TestWithdrawnVoordrachtSharesNothingMore(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		e.do("PATCH", "/api/v1/gebruikers/"+e.users["coach"].ID, "admin", map[string]any{"email": "coach@example.org"}).want(http.StatusOK)
		f := newProposalFixture(e)
		note := "Komt graag op de fiets."
		id := e.propose(f, map[string]any{"delen": []string{"taalniveau", "vaardigheden"}, "toelichting": note, "toestemming": true})
		type seen struct {
			Voordracht struct {
				Gedeeld     []any
				Toelichting string
				Contact     struct{ Naam, Email string }
			}
		}
		var before seen
		e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).json(&before)
		if len(before.Voordracht.Gedeeld) != 2 || before.Voordracht.Toelichting != note || before.Voordracht.Contact.Email != "coach@example.org" {
			t.Fatalf("the partner reads %+v", before.Voordracht)
		}

		e.do("PATCH", "/api/v1/plaatsingen/"+id, "coach", map[string]any{"status": "geannuleerd", "annuleringsreden": "deelnemer-ziet-af"}).want(http.StatusOK)
		// The werkplek is told, with the code and the offer's title only;
		// the coach who withdrew it is not.
		told := false
		for _, n := range e.notes("partner").Items {
			if n.Kind != "voordracht-ingetrokken" {
				continue
			}
			told = true
			if n.Placing == nil || *n.Placing != id || n.Code != "VD-001" || n.Title != "Werkplaats" || n.Link != "/plaatsingen/"+id ||
				n.Text != "De coach heeft de voordracht van VD-001 voor Werkplaats ingetrokken. De plaatsen zijn weer vrij." {
				t.Errorf("the withdrawal's notification: %+v", n)
			}
		}
		if !told {
			t.Errorf("the werkplek was not told of the withdrawal: %+v", e.notes("partner"))
		}
		for _, n := range e.notes("coach").Items {
			if n.Kind == "voordracht-ingetrokken" {
				t.Errorf("the coach was told of their own withdrawal: %+v", n)
			}
		}
		var after seen
		e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).json(&after)
		if len(after.Voordracht.Gedeeld) != 0 || after.Voordracht.Toelichting != "" {
			t.Errorf("after withdrawal the partner still reads %+v", after.Voordracht)
		}
		var problem struct{ PlaatsingStatus string }
		e.do("POST", "/api/v1/plaatsingen/"+id+"/antwoord", "partner", map[string]any{"besluit": "accepteren", "startdatum": "geen-datum"}).want(http.StatusBadRequest)
		e.do("POST", "/api/v1/plaatsingen/"+id+"/antwoord", "partner", map[string]any{"besluit": "afwijzen", "reden": "geen-plek"}).want(http.StatusConflict).json(&problem)
		if problem.PlaatsingStatus != "geannuleerd" {
			t.Errorf("answering a withdrawn voordracht: status %q", problem.PlaatsingStatus)
		}
		// The one place is free again at once.
		e.propose(f, map[string]any{"toestemming": false})
	})
}

// TestPartnerAnswersRatherThanStartsVoordracht: a partner cannot start a
// voordracht that was not answered — that would make it active before its
// start date and skip the answer the coach is told of — and is told, in
// Dutch, to answer it with accepteren; nothing changes. Accepted, it waits
// for its start date and the coach has the answer. A coach still starts a
// proposal directly.
func TestPartnerAnswersRatherThanStartsVoordracht(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newProposalFixture(e)
		id := e.propose(f, map[string]any{"toestemming": false})
		var problem struct {
			Detail          string
			PlaatsingStatus string
		}
		e.do("PATCH", "/api/v1/plaatsingen/"+id, "partner", map[string]any{"status": "actief"}).want(http.StatusConflict).json(&problem)
		if problem.PlaatsingStatus != "voorgesteld" || !strings.Contains(problem.Detail, "accepteren") || !strings.Contains(problem.Detail, "nog niet beantwoord") {
			t.Errorf("the partner's start of a voordracht: %+v", problem)
		}
		// Nor does it cancel one: it declines it, with a reason for the coach.
		e.do("PATCH", "/api/v1/plaatsingen/"+id, "partner", map[string]any{"status": "geannuleerd"}).want(http.StatusConflict).json(&problem)
		if problem.PlaatsingStatus != "voorgesteld" || !strings.Contains(problem.Detail, "afwijzen") {
			t.Errorf("the partner's cancel of a voordracht: %+v", problem)
		}
		var pl struct{ Status string }
		e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).json(&pl)
		if pl.Status != "voorgesteld" {
			t.Errorf("after the refused start and cancel the placement is %s", pl.Status)
		}
		for _, n := range e.notes("coach").Items {
			if n.Kind == "antwoord" {
				t.Errorf("the coach has an answer before any: %+v", n)
			}
		}

		start := plekwijzer.Today().AddDays(14)
		e.do("POST", "/api/v1/plaatsingen/"+id+"/antwoord", "partner", map[string]any{"besluit": "accepteren", "startdatum": start}).want(http.StatusOK)
		e.do("GET", "/api/v1/plaatsingen/"+id, "partner", nil).want(http.StatusOK).json(&pl)
		if pl.Status != "geaccepteerd" {
			t.Errorf("accepted with a start in two weeks the placement is %s", pl.Status)
		}
		answered := false
		for _, n := range e.notes("coach").Items {
			answered = answered || n.Kind == "antwoord"
		}
		if !answered {
			t.Error("the coach was not told of the answer")
		}

		// The coach's right to start a proposal is unchanged.
		other := &proposalFixture{offer: e.capacityOffer(1), participant: e.roleCreate("/deelnemers", "coach", roleParticipantBody("VD-002"))}
		id2 := e.propose(other, map[string]any{"toestemming": false})
		e.do("PATCH", "/api/v1/plaatsingen/"+id2, "coach", map[string]any{"status": "actief"}).want(http.StatusOK)
	})
}
