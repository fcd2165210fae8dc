package web_test

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// TestAppCoachOfferPage is item 6 of issue 16: a search result leads a
// coach to the offer's page — description, what one learns, supervision,
// free places per day-part and week, the organisation's contact — and
// from there to proposing someone of their own caseload, ranked by fit,
// in the booking form filled in. Managers read the page without any
// participant; partners keep their edit page.
func TestAppCoachOfferPage(t *testing.T) {
	env := appService(t)
	var kees *plekwijzer.User
	for _, u := range mustUsers(t, env) {
		if strings.HasPrefix(u.Name, "Partner Kees") {
			kees = u
		}
	}
	mail := "kees@example.org"
	if _, err := env.db.UpdateUser(env.ctx, kees.ID, plekwijzer.UserUpdate{Email: &mail}, 0); err != nil {
		t.Fatal(err)
	}
	skills, _, err := env.db.FindSkills(env.ctx, plekwijzer.SkillFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	every := plekwijzer.Capacity{}
	for _, d := range plekwijzer.DayParts {
		every[d] = 3
	}
	o := &plekwijzer.Offer{OrganisationID: *kees.OrganisationID, Title: "Rijwielhal aan het Zuiderdiep", WorkTypeID: seed.WorkTypeID("fietsenreparatie"),
		Description: "Fietsen nakijken en kleine reparaties voor de verhuur.", LearnableSkills: []string{skills[0].ID},
		Supervision: 4, PhysicalLoad: plekwijzer.LoadLow, Capacity: every, Postcode: "9711", Status: plekwijzer.OfferOpen,
		Access: plekwijzer.Accessibility{PublicTransport: true, Wheelchair: true}}
	if err := env.db.CreateOffer(env.ctx, o); err != nil {
		t.Fatal(err)
	}
	fatma := demoCoach(t, env, "Coach Fatma Y.")
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")

	b.open(env.url + "/zoeken?q=Rijwielhal")
	b.until(`document.querySelector('a[href="/werkplekken/` + o.ID + `"]') !== null`)
	b.js(`document.querySelector('a[href="/werkplekken/` + o.ID + `"]').click()`)
	b.until(`location.pathname === '/werkplekken/` + o.ID + `' && document.readyState === 'complete'`)
	text := b.text()
	for _, want := range []string{"Rijwielhal aan het Zuiderdiep", "Fietsen nakijken en kleine reparaties", "Wat je er leert", skills[0].Name,
		"4 – intensief", "rolstoeltoegankelijk", "Partner Kees", mail, "Vrije plaatsen per week", "Een deelnemer voordragen"} {
		if !strings.Contains(text, want) {
			t.Errorf("the offer page lacks %q", want)
		}
	}
	if n := eval[int](b, `document.querySelectorAll('#vrij-per-week tbody tr').length`); n != 8 {
		t.Errorf("%d weeks of free places, want 8", n)
	}
	if n := eval[int](b, `document.querySelectorAll('#vrij-per-dagdeel tbody tr').length`); n != 10 {
		t.Errorf("%d day-parts of free places, want 10", n)
	}
	b.axe("werkplek voor de coach")
	b.screenshot("werkplek")

	// The candidates are fatma's own participants only, best first.
	codes := eval[[]string](b, `[...document.querySelectorAll('#kandidaten > li h3')].map(h => h.firstChild.textContent.trim())`)
	if len(codes) == 0 {
		t.Fatal("no candidates from the caseload")
	}
	own, _, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{CoachID: fatma, Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]string{}
	for _, p := range own {
		mine[p.Code] = p.ID
	}
	for _, c := range codes {
		if mine[c] == "" {
			t.Errorf("candidate %s is not in fatma's caseload", c)
		}
	}
	if n := eval[int](b, `document.querySelectorAll('#veld-deelnemer option').length`); n != len(own) {
		t.Errorf("%d participants to pick from, fatma has %d", n, len(own))
	}

	// Proposing the first leads to the booking form, filled in.
	b.js(`document.querySelector('#kandidaten > li a.utrecht-button-link').click()`)
	b.until(`location.pathname === '/plaatsingen/nieuw' && document.readyState === 'complete'`)
	if v := eval[string](b, `document.querySelector('input[name=deelnemer]').value + '|' + document.querySelector('input[name=werkplek]').value`); v != mine[codes[0]]+"|"+o.ID {
		t.Errorf("the booking form is for %s, want %s|%s", v, mine[codes[0]], o.ID)
	}
	if n := eval[int](b, `document.querySelectorAll('input[name=dagdelen]:checked').length`); n == 0 {
		t.Error("no day-part chosen in the booking form")
	}

	// A manager reads the offer, never a participant.
	b.logout()
	b.login(env.url, "wietske", "/dashboard")
	b.open(env.url + "/werkplekken/" + o.ID)
	b.until(`document.querySelector('h1') !== null`)
	if text := b.text(); !strings.Contains(text, "Rijwielhal") || strings.Contains(text, "voordragen") || strings.Contains(text, codes[0]) {
		t.Errorf("the manager's offer page:\n%s", text)
	}
	b.axe("werkplek voor de manager")
	// The partner lands on their own edit page.
	b.logout()
	b.login(env.url, "kees", "/werkplekken")
	b.open(env.url + "/werkplekken/" + o.ID)
	b.until(`location.pathname === '/werkplekken/` + o.ID + `/bewerken'`)
}
