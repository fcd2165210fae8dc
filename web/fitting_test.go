package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
)

// TestAppFittingColumns is item 8 of issue 16: the caseload and the
// waiting list show how many offers fit each participant now, 0 marked,
// and sort by it both ways; a new offer that fits counts at once.
func TestAppFittingColumns(t *testing.T) {
	env := appService(t)
	fatma := demoCoach(t, env, "Coach Fatma Y.")
	since := plekwijzer.Today().AddDays(-20)
	// Friday afternoons only, in a wheelchair, intensive supervision,
	// light work: hardly anything fits. One of the two avoids bicycles.
	person := func(code string, avoid []string) string {
		p := &plekwijzer.Participant{Code: code, CoachID: fatma, TargetGroup: "statushouder", Phase: "voortraject",
			Availability: []plekwijzer.DayPart{"vr-middag"}, Postcode: "9713", MaxTravelKm: 25, SupervisionNeed: 4,
			LoadCapacity: plekwijzer.LoadLow, Wheelchair: true, LanguageLevel: "A2", WaitingSince: &since, Avoid: avoid}
		if err := env.db.CreateParticipant(env.ctx, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	bike := seed.WorkTypeID("fietsenreparatie")
	none := person("DN-NIETS-0001", []string{bike})
	one := person("DN-EEN-0001", nil)

	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	cell := func(id string) string {
		return eval[string](b, `(() => { const a = document.querySelector('tbody a[href="/deelnemers/`+id+`"]'); if (!a) return 'geen rij'; const cells = [...a.closest('tr').children]; const i = [...a.closest('table').querySelectorAll('thead th')].findIndex(th => th.innerText.startsWith('Passend')); return cells[i].innerText.trim() })()`)
	}
	counts := func() []int {
		var out []int
		for _, s := range eval[[]string](b, `(() => { const i = [...document.querySelectorAll('thead th')].findIndex(th => th.innerText.startsWith('Passend')); return [...document.querySelectorAll('tbody tr')].map(r => r.children[i] ? r.children[i].innerText.trim() : '') })()`) {
			n, err := strconv.Atoi(strings.Fields(s + " x")[0])
			if err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	sorted := func(ns []int, up bool) bool {
		for i := 1; i < len(ns); i++ {
			if (up && ns[i] < ns[i-1]) || (!up && ns[i] > ns[i-1]) {
				return false
			}
		}
		return len(ns) > 2
	}

	b.open(env.url + "/deelnemers?code=DN-NIETS")
	b.until(`document.querySelector('tbody a[href="/deelnemers/` + none + `"]') !== null`)
	if got := cell(none); !strings.HasPrefix(got, "0") || eval[int](b, `document.querySelectorAll('tbody a[href="/deelnemers/`+none+`"]')[0].closest('tr').querySelectorAll('.pw-zero').length`) != 1 {
		t.Errorf("no fitting offer is not marked: %q", got)
	}
	b.open(env.url + "/deelnemers?code=DN-EEN")
	b.until(`document.querySelector('tbody a[href="/deelnemers/` + one + `"]') !== null`)
	before, err := strconv.Atoi(strings.Fields(cell(one))[0])
	if err != nil {
		t.Fatalf("count of %s: %q", one, cell(one))
	}

	// Sort by the column: fewest first, then most first.
	b.open(env.url + "/deelnemers")
	b.js(`[...document.querySelectorAll('thead th a')].find(a => a.innerText.startsWith('Passend')).click()`)
	b.until(`location.search.includes('sorteren=passend') && document.readyState === 'complete'`)
	if ns := counts(); !sorted(ns, true) || eval[string](b, `document.querySelector('th[aria-sort]').getAttribute('aria-sort')`) != "ascending" {
		t.Errorf("fewest first: %v", ns)
	}
	b.axe("deelnemers op passend")
	b.js(`[...document.querySelectorAll('thead th a')].find(a => a.innerText.startsWith('Passend')).click()`)
	b.until(`location.search.includes('sorteren=-passend') && document.readyState === 'complete'`)
	if ns := counts(); !sorted(ns, false) {
		t.Errorf("most first: %v", ns)
	}

	// A new offer that fits them counts at once, for the one who does not
	// avoid bicycles.
	var org string
	for _, u := range mustUsers(t, env) {
		if strings.HasPrefix(u.Name, "Partner Kees") {
			org = *u.OrganisationID
		}
	}
	o := &plekwijzer.Offer{OrganisationID: org, Title: "Fietsen poetsen op vrijdag", WorkTypeID: bike, Supervision: 4, PhysicalLoad: plekwijzer.LoadLow,
		Capacity: plekwijzer.Capacity{"vr-middag": 2}, Postcode: "9712", Status: plekwijzer.OfferOpen, Access: plekwijzer.Accessibility{Wheelchair: true}}
	if err := env.db.CreateOffer(env.ctx, o); err != nil {
		t.Fatal(err)
	}
	b.open(env.url + "/wachtlijst?sorteren=passend")
	b.until(`document.querySelector('#wachtlijst tbody a[href="/deelnemers/` + one + `"]') !== null`)
	if got := cell(one); got != strconv.Itoa(before+1) {
		t.Errorf("after a fitting offer, %s shows %q, was %d", one, got, before)
	}
	if got := cell(none); !strings.HasPrefix(got, "0") {
		t.Errorf("the one avoiding bicycles shows %q", got)
	}
	if ns := counts(); !sorted(ns, true) || ns[0] != 0 {
		t.Errorf("waiting list fewest first: %v", ns)
	}
	b.axe("wachtlijst op passend")
	b.screenshot("wachtlijst")
}
