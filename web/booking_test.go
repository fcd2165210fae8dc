package web_test

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// bookingFixture is an offer of kees's organisation whose one Monday
// morning place is taken for the next month, and a participant of
// fatma's, available on Monday mornings only, who needs more supervision
// than the offer gives.
type bookingFixture struct {
	offer, participant, freeFrom string
}

func newBookingFixture(t *testing.T, env *appEnv) *bookingFixture {
	t.Helper()
	fatma := demoCoach(t, env, "Coach Fatma Y.")
	var kees *plekwijzer.User
	for _, u := range mustUsers(t, env) {
		if strings.HasPrefix(u.Name, "Partner Kees") {
			kees = u
		}
	}
	o := &plekwijzer.Offer{OrganisationID: *kees.OrganisationID, Title: "Werkplaats boven de winkel", WorkTypeID: seed.WorkTypeID("fietsenreparatie"),
		Supervision: 2, PhysicalLoad: plekwijzer.LoadMedium, Capacity: plekwijzer.Capacity{"ma-ochtend": 1, "wo-middag": 2}, Postcode: "9712", Status: plekwijzer.OfferOpen}
	if err := env.db.CreateOffer(env.ctx, o); err != nil {
		t.Fatal(err)
	}
	person := func(code string, need int) string {
		p := &plekwijzer.Participant{Code: code, CoachID: fatma, TargetGroup: "statushouder", Phase: "ontwikkelplek",
			Availability: []plekwijzer.DayPart{"ma-ochtend"}, Postcode: "9713", MaxTravelKm: 10, SupervisionNeed: need,
			LoadCapacity: plekwijzer.LoadMedium, LanguageLevel: "A2"}
		if err := env.db.CreateParticipant(env.ctx, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	holder := person("DN-VOL-0001", 2)
	end := plekwijzer.Today().AddDays(30)
	pl := &plekwijzer.Placement{ParticipantID: &holder, OfferID: o.ID, DayParts: []plekwijzer.DayPart{"ma-ochtend"},
		StartDate: plekwijzer.Today(), EndDate: &end, Status: plekwijzer.PlacementActive}
	if err := env.db.CreatePlacement(env.ctx, pl); err != nil {
		t.Fatal(err)
	}
	return &bookingFixture{offer: o.ID, participant: person("DN-REGEL-0001", 3), freeFrom: string(end.AddDays(1))}
}

// freeRow is the text of the free-places row of a day-part.
func (b tab) freeRow(dayPart string) string {
	b.t.Helper()
	return eval[string](b, `[...document.querySelectorAll('#vrij-per-dagdeel tbody tr')].map(r => r.innerText).find(t => t.startsWith(`+jsString(dayPart)+`)) || ''`)
}

// TestAppBookingFreePlacesAndRules is items 4 and 5 of issue 16 in the
// browser: the booking form shows the free places per day-part from the
// start date on (redrawn by htmx when the date changes, and by a submit
// without JavaScript), with until when a full one stays full; a booking on
// a day-part the participant is not available and with too little
// supervision is refused naming both rules, and saved only with a reason,
// which the coach sees on the placement and the werkplek does not.
func TestAppBookingFreePlacesAndRules(t *testing.T) {
	env := appService(t)
	f := newBookingFixture(t, env)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")

	b.open(env.url + "/plaatsingen/nieuw?deelnemer=" + f.participant + "&werkplek=" + f.offer)
	b.until(`document.getElementById('vrij-per-dagdeel') !== null`)
	ma, wo := b.freeRow("maandag ochtend"), b.freeRow("woensdag middag")
	if !strings.Contains(ma, "0 van 1") || !strings.Contains(ma, "Vol") || eval[int](b, `document.querySelectorAll('#vrij-per-dagdeel time[datetime="`+f.freeFrom+`"]').length`) != 1 {
		t.Errorf("a full day-part does not say until when: %q (free from %s)", ma, f.freeFrom)
	}
	if !strings.Contains(wo, "2 van 2") || !strings.Contains(wo, "deelnemer niet beschikbaar") {
		t.Errorf("wo-middag: %q", wo)
	}
	b.axe("plaatsing voorstellen met vrije plaatsen")

	// A later start date: htmx redraws the table, the Monday place is free.
	later := string(plekwijzer.Today().AddDays(40))
	b.js(`const el = document.getElementById('veld-startdatum'); el.value = ` + jsString(later) + `; el.dispatchEvent(new Event('change', {bubbles: true}))`)
	b.until(`document.querySelector('#vrij-per-dagdeel caption time[datetime="` + later + `"]') !== null`)
	if ma := b.freeRow("maandag ochtend"); !strings.Contains(ma, "1 van 1") {
		t.Errorf("from %s: %q", later, ma)
	}
	// Without JavaScript the button shows them for the date typed.
	b.js(`document.getElementById('veld-startdatum').value = ` + jsString(string(plekwijzer.Today().AddDays(7))))
	b.submit(`button[value=vrij]`)
	b.until(`document.readyState === 'complete' && document.querySelector('#vrij-per-dagdeel caption time[datetime="` + string(plekwijzer.Today().AddDays(7)) + `"]') !== null`)
	if ma := b.freeRow("maandag ochtend"); !strings.Contains(ma, "0 van 1") {
		t.Errorf("after the submit: %q", ma)
	}

	// Wednesday afternoon: not available and too little supervision.
	b.fill(map[string]string{"startdatum": later})
	b.js(`for (const el of document.getElementsByName('dagdelen')) el.checked = el.value === 'wo-middag'`)
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	text := b.text()
	for _, want := range []string{"past niet bij het profiel", "niet beschikbaar op wo middag", "begeleiding van niveau 3", "Reden om af te wijken"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, text)
		}
	}
	if pls := placementsOf(t, env, f.participant); len(pls) != 0 {
		t.Fatalf("a refused booking was saved: %+v", pls)
	}
	b.axe("plaatsing geweigerd om de regels")

	reason := "Proefdag op woensdag, met extra begeleiding van de coach erbij."
	b.fill(map[string]string{"afwijking.reden": reason})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`location.pathname === '/deelnemers/` + f.participant + `' && document.querySelector('.pw-notice') !== null`)
	pls := placementsOf(t, env, f.participant)
	if len(pls) != 1 || pls[0].Deviation == nil || pls[0].Deviation.Reason != reason || strings.Join(pls[0].Deviation.Rules, " ") != "beschikbaarheid begeleiding" {
		t.Fatalf("booked with a deviation: %+v", pls)
	}
	b.open(env.url + "/plaatsingen/" + pls[0].ID)
	text = b.text()
	for _, want := range []string{"Afwijking", "Beschikbaarheid, Begeleiding", reason, "Coach Fatma Y."} {
		if !strings.Contains(text, want) {
			t.Errorf("the placement page lacks %q:\n%s", want, text)
		}
	}
	b.axe("plaatsing met afwijking")

	// The werkplek never reads why.
	b.logout()
	b.login(env.url, "kees", "/werkplekken")
	b.open(env.url + "/plaatsingen/" + pls[0].ID)
	b.until(`document.querySelector('h1') !== null`)
	if text := b.text(); strings.Contains(text, "Afwijking") || strings.Contains(text, "Proefdag") {
		t.Errorf("the partner reads the deviation:\n%s", text)
	}
}

func placementsOf(t *testing.T, env *appEnv, participant string) []*plekwijzer.Placement {
	t.Helper()
	pls, _, err := env.db.FindPlacements(env.ctx, plekwijzer.PlacementFilter{ParticipantID: participant, Page: plekwijzer.Page{Number: 1, Size: 10}})
	if err != nil {
		t.Fatal(err)
	}
	return pls
}
