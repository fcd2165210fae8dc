package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// TestAppNearMisses: a participant who needs the most supervision sees,
// under the (short) list of matches, the offers that almost fit with the
// rule and what to do — supervision only as a question to the werkplek —
// and what one step would open.
func TestAppNearMisses(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env) // fatma's participant
	four, far := 4, 2
	if _, err := env.db.UpdateParticipant(env.ctx, f.participant, plekwijzer.ParticipantUpdate{SupervisionNeed: &four, MaxTravelKm: &far}, 0); err != nil {
		t.Fatal(err)
	}
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/deelnemers/" + f.participant + "/matches")
	b.until(`document.getElementById('bijna') !== null`)
	txt := eval[string](b, `document.getElementById('bijna').innerText`)
	if !strings.Contains(txt, "Vraag de werkplek") && !strings.Contains(txt, "Bespreek met de deelnemer") {
		t.Errorf("no action with the near misses:\n%s", txt)
	}
	if strings.Contains(txt, "Begeleiding") && !strings.Contains(txt, "Vraag de werkplek") {
		t.Errorf("a supervision miss without the question to the werkplek:\n%s", txt)
	}
	if eval[int](b, `document.querySelectorAll('#bijna > li').length`) == 0 {
		t.Fatal("no near misses")
	}
	b.axe("bijna passend")
	b.js(`document.getElementById('bijna-passend').scrollIntoView({behavior: 'instant', block: 'start'})`)
	b.screenshot("bijna-passend")
}

// TestAppExpectedWait: the one offer that fits but for being full says
// from when it is free again — the day after the running placement there
// ends — and the page says when the first fitting place comes free.
func TestAppExpectedWait(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env) // an offer with one place on ma-ochtend; the participant can only then
	other := &plekwijzer.Participant{Code: "DN-LUS-0002", CoachID: f.coach, TargetGroup: "statushouder", Phase: "ontwikkelplek",
		Availability: []plekwijzer.DayPart{"ma-ochtend"}, Postcode: "9713", MaxTravelKm: 10, SupervisionNeed: 1, LoadCapacity: plekwijzer.LoadMedium}
	if err := env.db.CreateParticipant(env.ctx, other); err != nil {
		t.Fatal(err)
	}
	start, end := plekwijzer.Today().AddDays(-10), plekwijzer.Today().AddDays(20)
	active := plekwijzer.PlacementActive
	parts := []plekwijzer.DayPart{"ma-ochtend"}
	pl, err := plekwijzer.NewPlacement{ParticipantID: &other.ID, OfferID: &f.offer, DayParts: &parts, StartDate: &start, EndDate: &end, Status: &active}.Placement()
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.CreatePlacement(env.ctx, pl); err != nil {
		t.Fatal(err)
	}
	// Living next to it with a short range, the offer is among the closest
	// near misses (the others are mostly just too far).
	pc, km := "9712", 1
	if _, err := env.db.UpdateParticipant(env.ctx, f.participant, plekwijzer.ParticipantUpdate{Postcode: &pc, MaxTravelKm: &km}, 0); err != nil {
		t.Fatal(err)
	}
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/deelnemers/" + f.participant + "/matches")
	b.until(`document.getElementById('bijna') !== null`)
	card := eval[string](b, `[...document.querySelectorAll('#bijna > li')].find(li => li.innerText.includes('Fietsen nakijken voor de verhuur'))?.innerText ?? ''`)
	free := end.AddDays(1).Time()
	day, year := strconv.Itoa(free.Day()), strconv.Itoa(free.Year())
	if !strings.Contains(card, "vrij vanaf "+day+" ") || !strings.Contains(card, year) {
		t.Errorf("the full offer does not say it is free from %s:\n%s", end.AddDays(1), card)
	}
	if wait := eval[string](b, `document.getElementById('verwachte-wachttijd')?.innerText ?? ''`); !strings.Contains(wait, " "+year) {
		t.Errorf("no expected wait: %q", wait)
	}
	b.axe("bijna passend met wachttijd")
}
