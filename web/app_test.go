package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
	"github.com/iederz/plekwijzer/web"
)

// The browser tests of the web application: the flows of issue 7 in
// Debian's Chromium, on SQLite with the demo data, each page checked with
// axe-core. With PLEKWIJZER_SCREENSHOTS=DIR they also write screenshots of
// the main pages there (the README's are made with
// PLEKWIJZER_SCREENSHOTS=../docs/screenshots go test ./web -run TestApp).

const demoPassword = "plekwijzer-demo"

// appEnv is a running service with the demo data and logins for a coach,
// a partner and a manager.
type appEnv struct {
	url string
	db  *store.DB
	ctx context.Context
}

// appService starts the API, the widget and the web application on a new
// SQLite database with the demo data and a search index.
func appService(t *testing.T) *appEnv {
	t.Helper()
	return startApp(t, appOptions{})
}

// appOptions change what startApp starts.
type appOptions struct {
	// engine is the database (default SQLite).
	engine string
	// log receives the service's log (default: discarded).
	log *slog.Logger
	// indexDir is the search index's folder (default: a new one).
	indexDir string
	// setup runs after the application is made and before it is mounted,
	// with the address it will be served at.
	setup func(app *web.App, db *store.DB, url string)
	// retentionMonths turns the retention policy on (the API's report).
	retentionMonths int
}

// startApp starts the service as appService does, with options.
func startApp(t *testing.T, o appOptions) *appEnv {
	t.Helper()
	ctx := context.Background()
	if o.engine == "" {
		o.engine = store.SQLite
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	db := storetest.New(t, o.engine)
	if _, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 2018}); err != nil {
		t.Fatal(err)
	}
	for user, name := range map[string]string{"fatma": "Coach Fatma Y.", "kees": "Partner Kees M. (iederz Fietsenwerkplaats)", "wietske": "Manager Wietske D.", "jeroen": "Coach Jeroen B."} {
		users, _, err := db.FindUsers(ctx, plekwijzer.UserFilter{Page: plekwijzer.Page{Number: 1, Size: 100}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range users {
			if u.Name == name {
				found = true
				if err := db.SetPassword(ctx, u.ID, user, demoPassword); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !found {
			t.Fatalf("no demo user %q", name)
		}
	}
	if o.indexDir == "" {
		o.indexDir = t.TempDir()
	}
	ix, err := search.Open(ctx, o.indexDir, db, o.log)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); ix.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-done; ix.Close() })
	skills, err := search.OpenSkills(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { skills.Close() })
	srv, err := api.New(db, o.log, api.Config{Search: ix, Skills: skills, RetentionMonths: o.retentionMonths})
	if err != nil {
		t.Fatal(err)
	}
	app, err := web.NewApp(srv, db, o.log, web.AppConfig{})
	if err != nil {
		t.Fatal(err)
	}
	ln, base := reserve(t)
	// Browsers keep Secure cookies of http://localhost (not of 127.0.0.1).
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	if o.setup != nil {
		o.setup(app, db, base)
	}
	app.Mount(srv.Echo())
	srv.SetReady(true)
	hs := &httptest.Server{Listener: ln, Config: &http.Server{Handler: srv}}
	hs.Start()
	t.Cleanup(hs.Close)
	return &appEnv{url: base, db: db, ctx: ctx}
}

// until waits for a JavaScript condition, across page loads (a submit
// navigates; evaluating during it fails, so it is retried).
func (b tab) until(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 3000)`))
			b.t.Fatalf("waited in vain for %s (%v); the page:\n%s", expr, err, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// open navigates to a page of the service and waits until it has loaded.
func (b tab) open(url string) {
	b.t.Helper()
	b.do(chromedp.Navigate(url))
	b.until(`document.readyState === 'complete'`)
}

// js runs a statement in the page; submits are deferred, so the call
// returns before the page navigates.
func (b tab) js(stmt string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { `+stmt+`; return true })()`)); err != nil {
		b.t.Fatalf("%s: %v", stmt, err)
	}
}

// submit submits the form that holds the element sel (with the named
// button, if given) after the current statement finished.
func (b tab) submit(sel string) {
	b.t.Helper()
	b.js(`const el = document.querySelector(` + jsString(sel) + `); setTimeout(() => el.tagName === 'BUTTON' ? el.click() : el.form.requestSubmit(), 0)`)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// fill sets form fields by name: text, select, and radio values.
func (b tab) fill(fields map[string]string) {
	b.t.Helper()
	for name, v := range fields {
		b.js(`const els = document.getElementsByName(` + jsString(name) + `); if (!els.length) throw new Error('no field ' + ` + jsString(name) + `);
			for (const el of els) { if (el.type === 'radio' || el.type === 'checkbox') { el.checked = el.value === ` + jsString(v) + ` } else { el.value = ` + jsString(v) + ` } }`)
	}
}

// check ticks the checkboxes with this name and these values.
func (b tab) check(name string, values ...string) {
	b.t.Helper()
	for _, v := range values {
		b.js(`const el = [...document.getElementsByName(` + jsString(name) + `)].find(e => e.value === ` + jsString(v) + `); if (!el) throw new Error('no box ' + ` + jsString(v) + `); el.checked = true`)
	}
}

func (b tab) text() string {
	b.t.Helper()
	return eval[string](b, `document.body.innerText`)
}

// login logs in and checks that the user lands on their role's home.
func (b tab) login(base, user, home string) {
	b.t.Helper()
	b.open(base + "/inloggen")
	b.fill(map[string]string{"gebruikersnaam": user, "wachtwoord": demoPassword})
	b.submit(`form[action="/inloggen"] button[type=submit]`)
	b.until(`location.pathname !== '/inloggen' && document.readyState === 'complete'`)
	if p := eval[string](b, `location.pathname`); p != home {
		b.t.Fatalf("%s starts at %s, want %s", user, p, home)
	}
}

// forbidden checks that a page is not for this user.
func (b tab) forbidden(url string) {
	b.t.Helper()
	b.open(url)
	if !strings.Contains(b.text(), "Geen toegang") {
		b.t.Fatalf("%s opened:\n%s", url, b.text())
	}
}

var axeSource = func() string {
	b, err := os.ReadFile(filepath.Join("testdata", "vendor", "axe", "axe.min.js"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe checks the page with axe-core against WCAG 2.1 A and AA and fails
// the test on any serious or critical violation; lesser ones are logged.
func (b tab) axe(name string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		b.t.Fatalf("inject axe-core: %v", err)
	}
	vs, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe on %s: %v", name, err)
	}
	for _, v := range vs {
		msg := fmt.Sprintf("axe on %s: %s (%s): %s at %v", name, v.ID, v.Impact, v.Help, v.Nodes)
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
}

// screenshot saves the visible part of the page as DIR/name.png when
// PLEKWIJZER_SCREENSHOTS=DIR.
func (b tab) screenshot(name string) {
	b.t.Helper()
	b.saveScreenshot(name, chromedp.CaptureScreenshot())
}

// screenshotOf saves one element of the page, e.g. a chart.
func (b tab) screenshotOf(name, sel string) {
	b.t.Helper()
	b.saveScreenshot(name, chromedp.Screenshot(sel))
}

func (b tab) saveScreenshot(name string, shot chromedp.Action[[]byte]) {
	b.t.Helper()
	dir := os.Getenv("PLEKWIJZER_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, shot)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func appTab(t *testing.T) tab {
	b := tab{t, browser(t)}
	b.do(chromedp.EmulateViewport(1280, 900))
	return b
}

func TestAppCoachFlow(t *testing.T) {
	env := appService(t)
	b := appTab(t)

	// The login page; a wrong password says so and keeps the username.
	b.open(env.url + "/")
	b.until(`location.pathname === '/inloggen'`)
	b.axe("inloggen")
	b.screenshot("inloggen")
	b.fill(map[string]string{"gebruikersnaam": "fatma", "wachtwoord": "verkeerd"})
	b.submit(`form[action="/inloggen"] button[type=submit]`)
	b.until(`document.querySelector('[role=alert]') !== null`)
	if v := eval[string](b, `document.getElementsByName('gebruikersnaam')[0].value`); v != "fatma" || !strings.Contains(b.text(), "klopt niet") {
		t.Fatalf("after a wrong password: username %q, page %s", v, b.text())
	}
	// The first tab stop is the skip link.
	b.do(chromedp.KeyEvent("\t"))
	if got := eval[string](b, `document.activeElement.textContent`); got != "Naar de inhoud" {
		t.Errorf("first tab stop: %q", got)
	}

	b.login(env.url, "fatma", "/deelnemers")
	b.until(`document.querySelectorAll('tbody tr').length > 5`)
	b.axe("deelnemers")
	b.screenshot("deelnemers")

	// Bad input: every problem next to its field, in Dutch, what was typed
	// kept, nothing saved.
	before := countParticipants(t, env)
	b.open(env.url + "/deelnemers/nieuw")
	b.fill(map[string]string{"code": "123456789", "postcode": "12", "maxReisafstandKm": "veel", "doelgroep": ""})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	text := b.text()
	for _, want := range []string{"lijkt op een BSN", "moet een heel getal zijn", "Doelgroep", "er is nog niets opgeslagen"} {
		if !strings.Contains(text, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	if v := eval[string](b, `document.getElementById('veld-code').value + '|' + document.getElementById('veld-maxReisafstandKm').value`); v != "123456789|veel" {
		t.Errorf("typed values not kept: %q", v)
	}
	if n := eval[int](b, `document.querySelectorAll('.utrecht-form-field--invalid [aria-invalid=true]').length`); n < 3 {
		t.Errorf("%d fields marked invalid, want the code, postcode and distance at least", n)
	}
	if got := countParticipants(t, env); got != before {
		t.Fatalf("bad input saved something: %d participants, was %d", got, before)
	}
	b.axe("profiel met fouten")
	b.js(`window.scrollTo(0, 0)`)
	b.screenshot("profiel-fouten")

	// A valid profile, with a skill found by typing (htmx) and an interest.
	b.fill(map[string]string{"code": "TEST-0001", "postcode": "9723", "maxReisafstandKm": "15", "doelgroep": "beschut-voortraject",
		"fase": "voortraject", "begeleidingsbehoefte": "2", "belastbaarheid": "midden", "taalniveau": "B1"})
	b.check("beschikbaarheid", "ma-ochtend", "di-ochtend", "wo-ochtend", "do-ochtend", "vr-ochtend")
	b.do(chromedp.SendKeys(`#vaardigheid-zoek`, "klant"))
	b.until(`document.querySelectorAll('#vaardigheid-resultaten input[name=vaardigheid]').length > 0`)
	b.js(`document.querySelector('#vaardigheid-resultaten input[name=vaardigheid]').checked = true`)
	skill := eval[string](b, `document.querySelector('#vaardigheid-resultaten input[name=vaardigheid]').value`)
	bike := seed.WorkTypeID("fietsenreparatie")
	b.fill(map[string]string{"werksoort-" + bike: "interesse", "werksoort-" + seed.WorkTypeID("inpakken"): "vermijden"})
	b.axe("profiel")
	pt := b.saveProfile(env)
	pid := pt.ID
	if pt.Code != "TEST-0001" || len(pt.Skills) != 1 || pt.Skills[0].SkillID != skill || len(pt.Interests) != 1 || pt.Interests[0] != bike || len(pt.Avoid) != 1 || len(pt.Availability) != 5 {
		t.Fatalf("saved profile: %+v", pt)
	}
	b.axe("deelnemer")

	// Matches with score bars and reasons.
	b.open(env.url + "/deelnemers/" + pid + "/matches")
	b.until(`document.querySelectorAll('#matches > li').length > 3`)
	if n := eval[int](b, `document.querySelectorAll('#matches > li:first-child .pw-score svg').length`); n < 5 {
		t.Errorf("%d score bars on the first match", n)
	}
	reasons := eval[string](b, `document.querySelector('#matches .pw-reasons').innerText`)
	if !strings.Contains(b.text(), "Waarom") || len(reasons) < 10 {
		t.Errorf("no reasons: %q", reasons)
	}
	b.axe("matches")
	b.screenshot("matches")

	// Book the first match straight away.
	title := eval[string](b, `document.querySelector('#matches > li h2').innerText.replace(/^\d+\.\s*/, '')`)
	b.js(`document.querySelector('#matches > li a.utrecht-button-link').click()`)
	b.until(`location.pathname === '/plaatsingen/nieuw' && document.readyState === 'complete'`)
	if n := eval[int](b, `document.querySelectorAll('input[name=dagdelen]:checked').length`); n == 0 {
		t.Fatal("no day-part chosen for the placement")
	}
	b.axe("plaatsing voorstellen")
	b.fill(map[string]string{"status": "actief", "startdatum": string(plekwijzer.Today())})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`location.pathname === '/deelnemers/` + pid + `' && document.querySelector('.pw-notice') !== null`)
	if !strings.Contains(b.text(), title) || !strings.Contains(b.text(), "Actief") {
		t.Fatalf("the booked placement is not on the participant's page (%q):\n%s", title, b.text())
	}

	// The timeline shows the work type.
	b.open(env.url + "/deelnemers/" + pid + "/tijdlijn")
	b.until(`document.querySelector('#tijdlijn li') !== null`)
	if tl := b.text(); !strings.Contains(tl, title) || !strings.Contains(tl, "Nieuwe werksoort") || !strings.Contains(tl, "1 werksoort gedaan") {
		t.Fatalf("timeline:\n%s", tl)
	}
	b.axe("tijdlijn")
	// For the README: the timeline of a demo participant with a history.
	b.open(env.url + "/deelnemers/" + longestHistory(t, env, "Coach Fatma Y.") + "/tijdlijn")
	b.until(`document.querySelectorAll('#tijdlijn li').length > 2`)
	b.axe("tijdlijn met geschiedenis")
	b.screenshot("tijdlijn")

	// Privacy: share the new participant with a colleague, download
	// everything held about them, and try to erase them while the
	// placement runs; then erase one without a running placement.
	b.open(env.url + "/deelnemers/" + pid)
	b.js(`document.querySelector('#privacy-acties a[href$="/delen#delen"]').click()`)
	b.until(`location.pathname === '/deelnemers/` + pid + `/delen' && document.readyState === 'complete'`)
	b.axe("delen en overdragen")
	b.check("gedeeldMet", demoCoach(t, env, "Coach Jeroen B."))
	b.submit(`button[value=delen]`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	if shared := eval[string](b, `document.getElementById('toegang').innerText`); !strings.Contains(shared, "Coach Jeroen B.") {
		t.Fatalf("after sharing, the page says:\n%s", shared)
	}
	b.axe("gedeeld")
	b.screenshot("delen")
	b.open(env.url + "/deelnemers/" + pid)
	download, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`fetch(document.querySelector('#privacy-acties a[href$="/inzage"]').href)
		.then(async r => [r.headers.get('Content-Disposition') || '', await r.text()])`, chromedp.EvalAwaitPromise))
	if err != nil || len(download) != 2 || download[0] != `attachment; filename="deelnemer-TEST-0001.json"` || !strings.Contains(download[1], `"code": "TEST-0001"`) {
		t.Fatalf("download everything: %v %.300q", err, download)
	}
	b.js(`document.querySelector('#privacy-acties a[href$="/wissen"]').click()`)
	b.until(`location.pathname === '/deelnemers/` + pid + `/wissen' && document.readyState === 'complete'`)
	b.axe("gegevens wissen")
	b.fill(map[string]string{"bevestiging": "TEST-0001"})
	b.submit(`form[action$="/wissen"] button[type=submit]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if text := b.text(); !strings.Contains(text, "nog lopende plaatsingen") || eval[int](b, `document.querySelectorAll('#lopend a[href^="/plaatsingen/"]').length`) != 1 {
		t.Fatalf("erasing with a running placement:\n%s", text)
	}
	b.axe("wissen geweigerd")
	b.screenshot("wissen")
	free, _ := ownParticipant(t, env, demoCoach(t, env, "Coach Fatma Y."), false)
	b.open(env.url + "/deelnemers/" + free.ID + "/wissen")
	b.submit(`form[action$="/wissen"] button[type=submit]`)
	b.until(`document.querySelector('#veld-bevestiging[aria-invalid=true]') !== null`)
	b.axe("wissen zonder bevestiging")
	b.fill(map[string]string{"bevestiging": free.Code})
	b.submit(`form[action$="/wissen"] button[type=submit]`)
	b.until(`location.pathname === '/deelnemers' && document.querySelector('.pw-notice') !== null`)
	if _, err := env.db.Participant(env.ctx, free.ID); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
		t.Fatalf("erased in the browser, the participant is still there: %v", err)
	}

	b.open(env.url + "/plaatsingen")
	b.axe("plaatsingen van de coach")
	b.open(env.url + "/wachtlijst")
	b.until(`document.querySelectorAll('#wachtlijst tbody tr').length > 0`)
	b.axe("wachtlijst")
	b.open(env.url + "/importeren")
	b.axe("importeren")

	// Free-text search with facets, updated as one types.
	b.open(env.url + "/zoeken")
	b.do(chromedp.SendKeys(`#veld-q`, "fietsen"))
	b.until(`document.querySelectorAll('#zoekresultaten .pw-card mark').length > 0 && document.querySelectorAll('.pw-facet a').length > 2`)
	b.axe("zoeken")
	b.screenshot("zoeken")

	// Logging out ends the session.
	b.submit(`form[action="/uitloggen"] button`)
	b.until(`location.pathname === '/inloggen'`)
	b.open(env.url + "/deelnemers")
	b.until(`location.pathname === '/inloggen'`)
}

// longestHistory is the id of the coach's participant with the most
// placements.
func longestHistory(t *testing.T, env *appEnv, coach string) string {
	t.Helper()
	var coachID string
	for _, u := range mustUsers(t, env) {
		if u.Name == coach {
			coachID = u.ID
		}
	}
	ps, _, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{VisibleTo: coachID, Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	hs, err := env.db.Histories(env.ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	best := ids[0]
	for id, h := range hs {
		if len(h) > len(hs[best]) || len(h) == len(hs[best]) && id < best {
			best = id
		}
	}
	return best
}

func countParticipants(t *testing.T, env *appEnv) int {
	t.Helper()
	_, n, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAppPartnerFlow(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "kees", "/werkplekken")
	b.axe("werkplekken")
	b.screenshot("werkplekken")
	// A partner never reaches participant profiles.
	b.forbidden(env.url + "/deelnemers")

	// A new offer: bad input first, then right.
	b.open(env.url + "/werkplekken/nieuw")
	b.fill(map[string]string{"titel": "", "capaciteit.ma-ochtend": "-1", "postcode": "abc"})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	for _, want := range []string{"Titel", "mag niet negatief zijn", "Werksoort"} {
		if !strings.Contains(b.text(), want) {
			t.Errorf("offer errors lack %q", want)
		}
	}
	b.axe("werkplek met fouten")
	b.fill(map[string]string{"titel": "Fietsen opknappen voor de verkoop", "omschrijving": "Tweedehands fietsen nakijken en klaarmaken.",
		"werksoortId": seed.WorkTypeID("fietsenreparatie"), "postcode": "9711", "capaciteit.ma-ochtend": "2", "capaciteit.wo-ochtend": "2"})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`location.pathname === '/werkplekken' && document.querySelector('.pw-notice') !== null`)
	if !strings.Contains(b.text(), "Fietsen opknappen voor de verkoop") {
		t.Fatal("the new offer is not listed")
	}

	// The capacity grid: change the new offer's places.
	b.open(env.url + "/werkplekken/capaciteit")
	b.axe("capaciteit")
	b.screenshot("capaciteit")
	row := eval[string](b, `[...document.querySelectorAll('#capaciteit tbody th')].find(th => th.innerText.includes('Fietsen opknappen voor de verkoop')).id.slice(4)`)
	b.fill(map[string]string{"cap-" + row + "-ma-ochtend": "4", "cap-" + row + "-do-middag": "1"})
	b.submit(`form[action="/werkplekken/capaciteit"] .utrecht-button-group button`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	o, err := env.db.Offer(env.ctx, row)
	if err != nil {
		t.Fatal(err)
	}
	if o.Capacity["ma-ochtend"] != 4 || o.Capacity["do-middag"] != 1 || o.Capacity["wo-ochtend"] != 2 {
		t.Fatalf("capacity after the grid: %v", o.Capacity)
	}
	// A bad cell saves nothing.
	b.fill(map[string]string{"cap-" + row + "-ma-ochtend": "drie", "cap-" + row + "-di-middag": "5"})
	b.submit(`form[action="/werkplekken/capaciteit"] .utrecht-button-group button`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if o, _ := env.db.Offer(env.ctx, row); o.Capacity["di-middag"] != 0 {
		t.Fatalf("a grid with a bad cell saved %v", o.Capacity)
	}

	// Pause the offer.
	b.open(env.url + "/werkplekken")
	b.js(`[...document.querySelectorAll('form[action$="/status"]')].find(f => f.action.includes('` + row + `') && f.status.value === 'gepauzeerd').requestSubmit()`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	if o, _ := env.db.Offer(env.ctx, row); o.Status != plekwijzer.OfferPaused {
		t.Fatalf("status %s after pausing", o.Status)
	}

	// The outcome of a placement at the partner's offers, by code only.
	b.open(env.url + "/plaatsingen?status=actief")
	b.until(`document.querySelectorAll('tbody tr a').length > 0`)
	b.axe("plaatsingen")
	b.js(`document.querySelector('tbody tr a').click()`)
	b.until(`location.pathname.startsWith('/plaatsingen/') && document.readyState === 'complete'`)
	if strings.Contains(eval[string](b, `document.body.innerHTML`), "/deelnemers/") {
		t.Fatal("a partner's placement page links to the participant")
	}
	b.axe("plaatsing")
	// Attendance while it runs (per day-part date, attendance_test.go),
	// then the outcome.
	markAttendance(b, "afwezig-met-bericht", "aanwezig")
	if !strings.Contains(b.text(), "4 uur gemist") {
		t.Fatalf("attendance not shown:\n%s", b.text())
	}
	b.fill(map[string]string{"status": "uitgevallen", "uitkomst.resultaat": "geen"})
	b.submit(`button[value=beeindigen]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if !strings.Contains(b.text(), "Reden van uitval") {
		t.Errorf("a dropout without a reason: %s", b.text())
	}
	b.fill(map[string]string{"status": "uitgevallen", "uitkomst.resultaat": "geen", "uitkomst.uitvalreden": "te-weinig-variatie", "uitkomst.veroorzaaktDoor": "werkplek"})
	b.submit(`button[value=beeindigen]`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	if !strings.Contains(b.text(), "Te weinig afwisseling") || !strings.Contains(b.text(), "4 uur gemist") {
		t.Fatalf("outcome not shown:\n%s", b.text())
	}
}

func TestAppManagerDashboard(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "wietske", "/dashboard")
	b.until(`document.querySelectorAll('figure.pw-chart svg').length >= 7`)
	text := b.text()
	for _, want := range []string{"Afwisseling in het werk per maand", "Aandeel inpak- en ompakwerk", "Uitval per werksoort en doelgroep",
		"Bezetting per werkplek en dagdeel", "Gebruik van gereserveerde plaatsen", "Waar plaatsen tekortschieten"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	// Every chart has its figures as a table, and no participant appears.
	if n := eval[int](b, `[...document.querySelectorAll('figure.pw-chart')].filter(f => f.querySelectorAll('table tbody tr').length === 0).length`); n > 0 {
		t.Errorf("%d charts without figures", n)
	}
	if strings.Contains(eval[string](b, `document.body.innerHTML`), "DN-20") {
		t.Error("a participant code on the dashboard")
	}
	b.axe("dashboard")
	b.screenshot("dashboard")
	b.screenshotOf("dashboard-uitval", `figure[aria-labelledby="uitval-kop"]`)
	b.screenshotOf("dashboard-gereserveerd", `figure[aria-labelledby="gereserveerd-kop"]`)
	b.forbidden(env.url + "/deelnemers/nieuw")
}

// The coach runs the planner for their waiting list, reviews the plan and
// the comparison with first come, first served, and books it.
func TestAppPlannerFlow(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.js(`document.querySelector('nav a[href="/planner"]').click()`)
	b.until(`location.pathname === '/planner' && document.querySelector('#veld-dagdelen') !== null`)
	b.axe("planner")

	// A number out of range is named at the field.
	b.fill(map[string]string{"dagdelen": "0"})
	b.submit(`button[name=plannen]`)
	b.until(`document.querySelector('#foutmeldingen a[href="#veld-dagdelen"]') !== null`)
	b.axe("planner met fouten")

	b.fill(map[string]string{"dagdelen": "4"})
	b.submit(`button[name=plannen]`)
	b.until(`document.querySelectorAll('#toewijzingen tbody th[scope=row]').length > 0 && document.querySelector('#vergelijking') !== null`)
	text := b.text()
	for _, want := range []string{"Vergeleken met wie het eerst komt", "Wie het eerst komt", "Verschil", "bewezen dat geen andere verdeling"} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan does not say %q:\n%s", want, text)
		}
	}
	assigned := eval[int](b, `document.querySelectorAll('#toewijzingen tbody th[scope=row]').length`)
	b.axe("planning")
	b.screenshotOf("planner", "main")

	b.submit(`#vastleggen button[type=submit]`)
	b.until(`document.querySelector('#vastgelegd') !== null`)
	if n := eval[int](b, `document.querySelectorAll('#toewijzingen a[href^="/plaatsingen/"]').length`); n != assigned {
		t.Fatalf("booked %d placements of %d assignments", n, assigned)
	}
	b.axe("planning vastgelegd")
	code := eval[string](b, `document.querySelector('#toewijzingen tbody th a').textContent`)
	b.open(env.url + "/plaatsingen")
	if !strings.Contains(b.text(), code) {
		t.Errorf("the placements do not list %s", code)
	}
}
