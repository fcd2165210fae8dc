package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iederz/plekwijzer"
)

// Defects found by walking the daily loop in the browser (issues 16 and
// 18), each pinned by a test.

// walkPlacement is a proposed placement of fatma's participant at an
// offer of kees's organisation, from the proposal loop's fixture.
func walkPlacement(t *testing.T, env *appEnv) (*proposalLoop, string) {
	t.Helper()
	f := newProposalLoop(t, env)
	pl := &plekwijzer.Placement{ParticipantID: &f.participant, OfferID: f.offer, DayParts: []plekwijzer.DayPart{"ma-ochtend"},
		StartDate: plekwijzer.Today().AddDays(7), Status: plekwijzer.PlacementProposed}
	if err := env.db.CreatePlacement(env.ctx, pl); err != nil {
		t.Fatal(err)
	}
	return f, pl.ID
}

// TestAppMessageSentNotice: after sending a message the coach lands on
// the thread with "Je bericht is verstuurd." The notice used to be put
// after the fragment (/plaatsingen/ID#berichten?melding=verstuurd), where
// the server never sees it and the browser finds no #berichten to scroll to.
func TestAppMessageSentNotice(t *testing.T) {
	env := appService(t)
	_, id := walkPlacement(t, env)
	v := newVisitor(t, env.url)
	v.login("fatma", demoPassword)
	page := "/plaatsingen/" + id
	res, body := v.post(page+"/berichten", url.Values{"csrf": {v.csrf(page)}, "tekst": {"Kan zij maandag om 9 uur beginnen?"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending a message: %d\n%s", res.StatusCode, body)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Path != page || loc.Query().Get("melding") != "verstuurd" || loc.Fragment != "berichten" {
		t.Fatalf("after sending, the browser goes to %q; want %s?melding=verstuurd#berichten", res.Header.Get("Location"), page)
	}
	_, body = v.get(loc.RequestURI())
	if !strings.Contains(body, "Je bericht is verstuurd.") {
		t.Error("the thread does not say the message was sent")
	}
}

// TestAppPreferencesErrorNamesField: leaving the hour of the daily
// overview open names the field in Dutch, not by the API's name
// ("uurDagelijks: moet een heel uur …").
func TestAppPreferencesErrorNamesField(t *testing.T) {
	env := appService(t)
	v := newVisitor(t, env.url)
	v.login("fatma", demoPassword)
	res, body := v.post("/meldingen/voorkeuren", url.Values{"csrf": {v.csrf("/meldingen/voorkeuren")},
		"soorten.bericht": {"dagelijks"}, "soorten.antwoord": {"onzin"}, "uurDagelijks": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("saving without an hour: %d", res.StatusCode)
	}
	for _, raw := range []string{"uurDagelijks:", "soorten.antwoord:"} {
		if strings.Contains(body, raw) {
			t.Errorf("the summary names a field %q", raw)
		}
	}
	for _, want := range []string{"Tijd van het dagelijkse overzicht:", "E-mail bij Antwoord op een voordracht:"} {
		if !strings.Contains(body, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
}

// TestAppPlannerLeftOutSaid: after Vastleggen with a row unticked the
// page says in words how many rows were left out, and marks them in the
// table. It used to say "8 min 7 rijen liet je weg" and list the row left
// out like the booked ones.
func TestAppPlannerLeftOutSaid(t *testing.T) {
	env := appService(t)
	coach := newVisitor(t, env.url)
	coach.login("fatma", demoPassword)
	start := string(plekwijzer.Today())
	_, body := coach.get("/planner?plannen=ja&dagdelen=2&startdatum=" + start)
	fp := regexp.MustCompile(`name="plan" value="([^"]+)"`).FindStringSubmatch(body)
	if fp == nil {
		t.Fatalf("no plan:\n%s", body)
	}
	form := url.Values{"dagdelen": {"2"}, "startdatum": {start}, "plan": {fp[1]}, "csrf": {coach.csrf("/planner")}}
	for _, m := range regexp.MustCompile(`name="deelnemer" value="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		form.Add("deelnemer", m[1])
	}
	rows := regexp.MustCompile(`name="rij" value="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(rows) < 2 {
		t.Fatalf("%d rows to book", len(rows))
	}
	for _, m := range rows[1:] { // the first is left out
		form.Add("rij", m[1])
	}
	res, body := coach.post("/planner", form)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="vastgelegd"`) {
		t.Fatalf("booking: %d\n%s", res.StatusCode, body)
	}
	notice := body[strings.Index(body, `id="vastgelegd"`):]
	notice = notice[:strings.Index(notice, "</div>")]
	if strings.Contains(notice, " min ") || !regexp.MustCompile(`; \d+ (rij|rijen) liet je weg`).MatchString(notice) {
		t.Errorf("the notice does not say how many rows were left out: %s", notice)
	}
	if !strings.Contains(body, "Niet vastgelegd") {
		t.Error("the table does not mark the rows left out")
	}
}

// TestAppMainHasSideMargin: the pages' content keeps the side padding of
// the header at full width, and some at 320 px. The theme
// names the token --utrecht-page-body-content-padding-inline while the
// component reads …-inline-start and …-inline-end, so the content sat
// flush against the screen's edges.
func TestAppMainHasSideMargin(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "kees", "/werkplekken")
	for _, width := range []int64{320, 1280} {
		b.do(chromedp.EmulateViewport(width, 800))
		b.open(env.url + "/voordrachten")
		got := eval[[]string](b, `[getComputedStyle(document.querySelector('main')).paddingInlineStart, getComputedStyle(document.querySelector('main')).paddingInlineEnd,
			getComputedStyle(document.querySelector('.utrecht-page-header__content')).paddingInlineStart]`)
		if got[0] == "0px" || got[1] != got[0] || (width > 320 && got[0] != got[2]) {
			t.Errorf("at %d px the content's side padding is %s/%s, the header's %s", width, got[0], got[1], got[2])
		}
	}
}

// TestAppDashboardMonthFilter: a month that is no month is named as such
// (browsers without a month picker let one type anything), not as "is
// geen datum als 2026-01-31"; an end before the start says which field.
func TestAppDashboardMonthFilter(t *testing.T) {
	env := appService(t)
	v := newVisitor(t, env.url)
	v.login("wietske", demoPassword)
	_, body := v.get("/dashboard?van=2026-13")
	if !strings.Contains(body, "is geen maand als 2026-01") || strings.Contains(body, "is geen datum") {
		t.Errorf("a month 2026-13 is not explained as a month:\n%s", errorSummary(body))
	}
	if !strings.Contains(body, `value="2026-13"`) {
		t.Error("the month typed is lost")
	}
	_, body = v.get("/dashboard?van=2026-09&tot=2026-03")
	if !strings.Contains(body, "ligt voor Vanaf maand") {
		t.Errorf("an end before the start is not explained:\n%s", errorSummary(body))
	}
}

// errorSummary is the error summary of a page, or the page when it has none.
func errorSummary(body string) string {
	if i := strings.Index(body, `id="foutmeldingen"`); i >= 0 {
		body = body[i:]
		if j := strings.Index(body, "</div>"); j >= 0 {
			return body[:j]
		}
	}
	return body
}

// TestAppContingentErrorNamesDayPart: a wrong number of reserved places
// is named by its day-part in the summary, not by the API's field name
// ("plaatsen.ma-ochtend: moet 1 tot en met 5000 zijn").
func TestAppContingentErrorNamesDayPart(t *testing.T) {
	env := appService(t)
	setAdminPassword(t, env)
	v := newVisitor(t, env.url)
	v.login("beheerder", demoPassword)
	res, body := v.post("/beheer/contingenten", url.Values{"csrf": {v.csrf("/beheer/contingenten")}, "naam": {"Proef"},
		"plaatsen.ma-ochtend": {"-1"}, "plaatsen.di-middag": {"x"}, "startdatum": {string(plekwijzer.Today())}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("saving a wrong contingent: %d", res.StatusCode)
	}
	summary := errorSummary(body)
	if strings.Contains(summary, "plaatsen.") {
		t.Errorf("the summary names a field by the API's name:\n%s", summary)
	}
	for _, want := range []string{"Plaatsen maandag ochtend:", "Plaatsen dinsdag middag:"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
}

// TestAppIntakeMoveErrorAtField: a new intake time that is refused is
// shown at the "Ander tijdstip" field, and the summary links to it. The
// API calls the field kennismakingOp, so the summary linked to a field
// that is not on the page and the field showed nothing.
func TestAppIntakeMoveErrorAtField(t *testing.T) {
	env := appService(t)
	_, id := walkPlacement(t, env)
	page := "/plaatsingen/" + id
	kees := newVisitor(t, env.url)
	kees.login("kees", demoPassword)
	at := time.Now().AddDate(0, 0, 3).Format("2006-01-02") + "T10:00"
	if res, body := kees.post(page+"/antwoord", url.Values{"csrf": {kees.csrf(page)}, "besluit": {"kennismaken"},
		"kennismakingOp": {at}, "kennismakingPlaats": {"De werkplaats"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposing an intake: %d\n%s", res.StatusCode, errorSummary(body))
	}
	fatma := newVisitor(t, env.url)
	fatma.login("fatma", demoPassword)
	res, body := fatma.post(page+"/kennismaking", url.Values{"csrf": {fatma.csrf(page)}, "besluit": {"ander-tijdstip"},
		"nieuwTijdstip": {"2020-01-06T10:00"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a past intake time: %d", res.StatusCode)
	}
	summary := errorSummary(body)
	if !strings.Contains(summary, `href="#veld-nieuwTijdstip"`) || !strings.Contains(summary, "Ander tijdstip:") {
		t.Errorf("the summary does not link to the field on the page:\n%s", summary)
	}
	field := body[strings.Index(body, `id="veld-nieuwTijdstip"`):]
	if !strings.Contains(field[:strings.Index(field, ">")], `aria-invalid="true"`) {
		t.Errorf("the field is not marked invalid: %s", field[:strings.Index(field, ">")+1])
	}
}

// TestAppFilterErrorsNameFields: the filters of the matches and the
// caseload name a wrong value by the field's label, not by the API's
// parameter ("aantal: moet 1 tot en met 100 zijn").
func TestAppFilterErrorsNameFields(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env)
	v := newVisitor(t, env.url)
	v.login("fatma", demoPassword)
	for path, want := range map[string][]string{
		"/deelnemers/" + f.participant + "/matches?aantal=500&diversiteit=5": {"Aantal:", "Afwisseling in de lijst:"},
		"/deelnemers?dagdeel=zondag":                                         {"Beschikbaar op:"},
	} {
		_, body := v.get(path)
		summary := errorSummary(body)
		for _, raw := range []string{"aantal:", "diversiteit:", "dagdeel:"} {
			if strings.Contains(summary, raw) {
				t.Errorf("%s: the summary names %q", path, raw)
			}
		}
		for _, w := range want {
			if !strings.Contains(summary, w) {
				t.Errorf("%s: the summary lacks %q:\n%s", path, w, summary)
			}
		}
	}
}

// TestAppPreferencesHourOnlyForADigest: with no kind mailed daily, an
// empty hour is no error and the hour chosen before stays; with one, it is.
func TestAppPreferencesHourOnlyForADigest(t *testing.T) {
	env := appService(t)
	v := newVisitor(t, env.url)
	v.login("fatma", demoPassword)
	direct := url.Values{}
	for _, k := range plekwijzer.NotificationKinds {
		direct.Set("soorten."+string(k), "direct")
	}
	save := func(hour string, daily bool) int {
		form := url.Values{"csrf": {v.csrf("/meldingen/voorkeuren")}, "uurDagelijks": {hour}}
		for k, vs := range direct {
			form[k] = vs
		}
		if daily {
			form.Set("soorten.bericht", "dagelijks")
		}
		res, _ := v.post("/meldingen/voorkeuren", form)
		return res.StatusCode
	}
	if code := save("17", false); code != http.StatusOK && code != http.StatusSeeOther {
		t.Fatalf("saving 17:00: %d", code)
	}
	if code := save("", false); code != http.StatusOK && code != http.StatusSeeOther {
		t.Errorf("an empty hour without a digest: %d", code)
	}
	var fatma string
	for _, u := range mustUsers(t, env) {
		if u.Name == "Coach Fatma Y." {
			fatma = u.ID
		}
	}
	prefs, err := env.db.NotificationPreferences(env.ctx, fatma)
	if err != nil || prefs.DigestHour != 17 {
		t.Errorf("the hour chosen before: %+v, %v", prefs, err)
	}
	if code := save("", true); code != http.StatusUnprocessableEntity {
		t.Errorf("an empty hour with a digest: %d", code)
	}
}
