package web_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/iederz/plekwijzer"
)

// Browser tests of issue 16's form defects: labels instead of codes, skills
// that stay chosen, refused absurd input, and pages that reflow at 320 px.

// A cancelled placement says why in Dutch, and the list of reasons offers
// Dutch labels, never codes or a Go pointer ("Geannuleerd – 0x1667148a07e0").
func TestAppCancelReasonInDutch(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "kees", "/werkplekken")
	b.open(env.url + "/plaatsingen?status=actief")
	b.until(`document.querySelectorAll('tbody tr a').length > 0`)
	b.js(`document.querySelector('tbody tr a').click()`)
	b.until(`location.pathname.startsWith('/plaatsingen/') && document.getElementById('veld-annuleringsreden') !== null`)
	options := eval[[]string](b, `[...document.querySelectorAll('#veld-annuleringsreden option')].map(o => o.textContent)`)
	for _, want := range []string{"De deelnemer ziet ervan af", "De werkplek ziet ervan af", "Andere plaatsing gevonden", "Iets anders"} {
		if !strings.Contains(strings.Join(options, "|"), want) {
			t.Errorf("the reasons %q lack %q", options, want)
		}
	}
	for _, o := range options {
		if strings.Contains(o, "-") {
			t.Errorf("a reason shown as a code: %q", o)
		}
	}
	b.fill(map[string]string{"annuleringsreden": "werkplek-ziet-af"})
	b.check("bevestigen", "ja")
	b.submit(`button[value=annuleren]`)
	b.until(`document.querySelector('.pw-notice') !== null`)
	status := eval[string](b, `[...document.querySelectorAll('dt')].find(dt => dt.textContent === 'Status').nextElementSibling.innerText`)
	if status != "Geannuleerd – De werkplek ziet ervan af" {
		t.Errorf("a cancelled placement's status reads %q", status)
	}
	if text := b.text(); strings.Contains(text, "0x") || strings.Contains(text, "werkplek-ziet-af") {
		t.Errorf("the page shows a code or a pointer:\n%s", text)
	}
	b.axe("geannuleerde plaatsing")
}

// click waits for the element sel and clicks it as a person does (real
// mouse events, also without script in the page).
func (b tab) click(sel string) {
	b.t.Helper()
	b.until(`document.querySelector(` + jsString(sel) + `) !== null`)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		b.t.Fatalf("click %s: %v; the page:\n%s", sel, err, b.text())
	}
}

// saveProfile saves the profile form and returns what was saved.
func (b tab) saveProfile(env *appEnv) *plekwijzer.Participant {
	b.t.Helper()
	b.click(`form.pw-form button.utrecht-button--primary-action`) // a real click: also without script
	b.until(`document.querySelector('.pw-notice') !== null`)
	pid := strings.TrimPrefix(eval[string](b, `location.pathname`), "/deelnemers/")
	pt, err := env.db.Participant(env.ctx, pid)
	if err != nil {
		b.t.Fatalf("participant %q not saved: %v", pid, err)
	}
	return pt
}

// newProfile fills the required fields of the profile form.
func (b tab) newProfile(code string) {
	b.t.Helper()
	b.fill(map[string]string{"code": code, "postcode": "9723", "maxReisafstandKm": "15", "doelgroep": "statushouder",
		"fase": "voortraject", "begeleidingsbehoefte": "2", "belastbaarheid": "midden", "taalniveau": "B1"})
	b.check("beschikbaarheid", "ma-ochtend", "di-middag")
}

// chips are the ids of the ticked skills among a picker's chips.
func (b tab) chips(field string) []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll('#`+field+`-gekozen .pw-skill input[type=checkbox]:checked')].map(e => e.value)`)
}

// searchAndTick types q into a picker's search (htmx answers as one
// types), ticks the first result by a real click and returns its id.
func (b tab) searchAndTick(field, q string) string {
	b.t.Helper()
	b.js(`const s = document.getElementById('` + field + `-zoek'); s.value = ''; document.getElementById('` + field + `-resultaten').innerHTML = ''`)
	b.do(chromedp.SendKeys(`#`+field+`-zoek`, q))
	b.until(`document.querySelectorAll('#` + field + `-resultaten input[name=` + field + `]').length > 0`)
	id := eval[string](b, `document.querySelector('#`+field+`-resultaten input[name=`+field+`]').value`)
	b.click(`#` + field + `-resultaten input[value="` + id + `"]`)
	b.until(`document.querySelector('#` + field + `-gekozen input[value="` + id + `"]:checked') !== null`)
	return id
}

// Chosen skills stay chosen, as chips above the search, across any number
// of searches: "klant", tick, "computer", tick, save saves both (it saved
// only the last one: the redraw of the results dropped earlier ticks).
func TestAppSkillsStayChosen(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/deelnemers/nieuw")
	b.newProfile("CHIPS-0001")
	first := b.searchAndTick("vaardigheid", "klant")
	second := b.searchAndTick("vaardigheid", "computer")
	if got := b.chips("vaardigheid"); !slices.Equal(got, []string{first, second}) {
		t.Fatalf("after two searches the chips are %v, want %v", got, []string{first, second})
	}
	// A third search keeps both and does not offer them again.
	b.js(`document.getElementById('vaardigheid-zoek').value = ''`)
	b.do(chromedp.SendKeys(`#vaardigheid-zoek`, "klant"))
	b.until(`document.querySelectorAll('#vaardigheid-resultaten input[name=vaardigheid]').length > 0`)
	if n := eval[int](b, `document.querySelectorAll('#vaardigheid-resultaten input[value="`+first+`"]').length`); n != 0 {
		t.Error("a chosen skill is offered again in the results")
	}
	// Enter in the search field searches; it does not save the form.
	b.do(chromedp.SendKeys(`#vaardigheid-zoek`, "\r"))
	if p := eval[string](b, `location.pathname`); p != "/deelnemers/nieuw" {
		t.Fatalf("Enter in the search field submitted the form: %s", p)
	}
	// Enter searched again: wait until htmx has redrawn the results
	// before clicking one, or the click may land on a node just replaced.
	b.until(`document.querySelector('.htmx-request') === null && document.querySelectorAll('#vaardigheid-resultaten input[name=vaardigheid]').length > 0`)
	b.click(`#vaardigheid-resultaten input[name=vaardigheid]`)
	third := eval[string](b, `document.querySelector('#vaardigheid-gekozen .pw-skill:nth-of-type(3) input').value`)
	b.js(`document.querySelector('#niveau-vaardigheid-` + second + `').value = '3'`)
	// Unticking a chip takes it away.
	b.click(`#vaardigheid-gekozen input[value="` + third + `"]`)
	b.until(`document.querySelector('#vaardigheid-gekozen input[value="` + third + `"]') === null`)
	// The learning goals use the same picker.
	goal := b.searchAndTick("leerdoel", "computer")
	b.axe("profiel met gekozen vaardigheden")
	b.js(`document.getElementById('veld-vaardigheden').scrollIntoView({behavior: 'instant', block: 'start'})`)
	b.screenshot("profiel-vaardigheden")
	pt := b.saveProfile(env)
	if len(pt.Skills) != 2 || pt.Skills[0].SkillID != first || pt.Skills[1].SkillID != second || pt.Skills[1].Level != 3 ||
		!slices.Equal(pt.LearningGoals, []string{goal}) {
		t.Fatalf("saved skills %+v and goals %v, want %s and %s (level 3) and %s", pt.Skills, pt.LearningGoals, first, second, goal)
	}

	// The edit form shows them as chips and adds one more.
	b.open(env.url + "/deelnemers/" + pt.ID + "/bewerken")
	if got := b.chips("vaardigheid"); !slices.Equal(got, []string{first, second}) {
		t.Fatalf("the edit form's chips are %v", got)
	}
	more := b.searchAndTick("vaardigheid", "schoon")
	if pt := b.saveProfile(env); len(pt.Skills) != 3 || pt.Skills[2].SkillID != more {
		t.Fatalf("after editing: %+v, want %s added", pt.Skills, more)
	}

	// Without JavaScript: the Zoek button shows the form again with every
	// ticked skill as a chip, and saving saves them all.
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.open(env.url + "/deelnemers/nieuw")
	if eval[bool](b, `window.htmx !== undefined`) {
		t.Fatal("the page still runs scripts")
	}
	b.newProfile("CHIPS-0002")
	var ticked []string
	for _, q := range []string{"klant", "computer", "schoon"} {
		b.fill(map[string]string{"vaardigheid-zoek": q})
		b.js(`document.body.dataset.vorige = 'ja'`)
		b.click(`button[value=zoek-vaardigheid]`)
		b.until(`document.readyState === 'complete' && document.body.dataset.vorige === undefined && document.querySelector('#vaardigheid-resultaten .pw-results') !== null`)
		if got := b.chips("vaardigheid"); !slices.Equal(got, ticked) {
			t.Fatalf("without script, after searching %q the chips are %v, want %v", q, got, ticked)
		}
		id := eval[string](b, `document.querySelector('#vaardigheid-resultaten input[name=vaardigheid]').value`)
		b.click(`#vaardigheid-resultaten input[value="` + id + `"]`)
		ticked = append(ticked, id)
	}
	if pt := b.saveProfile(env); len(pt.Skills) != 3 {
		t.Fatalf("without script saved %+v, want %v", pt.Skills, ticked)
	}
}

// overflowJS finds what sticks out of the viewport sideways: the page's
// scroll width and the elements beyond either edge that no scrolling box
// (a table's wrapper) holds. Hidden helpers of 1 px are left out.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth;
	const inScroller = el => {
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX;
			if (o === 'auto' || o === 'scroll') return true;
		}
		return false;
	};
	const bad = [];
	for (const el of document.body.querySelectorAll('*')) {
		const r = el.getBoundingClientRect();
		if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
		if (r.right > w + 1 && !inScroller(el)) bad.push(el);
	}
	// Name the innermost: what sticks out itself, not all its ancestors.
	const named = bad.filter(el => !bad.some(o => o !== el && el.contains(o))).map(el => {
		const r = el.getBoundingClientRect();
		const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
		return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + ' "' + el.textContent.trim().slice(0, 30) + '"';
	});
	return [String(document.documentElement.scrollWidth), String(w), ...named.slice(0, 6)];
})()`

// reflows checks that the open page fits 320 CSS pixels (WCAG 1.4.10: a
// 1280 px window at 400 % zoom) without scrolling sideways.
func (b tab) reflows(name string) {
	b.t.Helper()
	got := eval[[]string](b, overflowJS)
	if got[0] != got[1] || len(got) > 2 {
		b.t.Errorf("%s does not reflow at %s px: %s px wide; sticking out: %v", name, got[1], got[0], got[2:])
	}
	if broken := b.brokenWords(`header, main`); len(broken) > 0 {
		b.t.Errorf("%s at %s px splits words over lines: %q", name, got[1], broken)
	}
}

// href is the address of the first link that matches sel.
func (b tab) href(sel string) string {
	b.t.Helper()
	b.until(`document.querySelector(` + jsString(sel) + `) !== null`)
	return eval[string](b, `document.querySelector(`+jsString(sel)+`).getAttribute('href')`)
}

// Every page reflows at 320 px (WCAG 1.4.10, which is also 200 % zoom of a
// 640 px window), among them the planner with a plan and the profile's week
// grid; the day-part checkboxes are targets of at least 24 by 24 px (WCAG
// 2.5.8).
func TestAppReflow(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.do(chromedp.EmulateViewport(320, 640))
	visit := func(name, path string) {
		t.Helper()
		b.open(env.url + path)
		b.reflows(name + " (" + path + ")")
	}
	visit("inloggen", "/inloggen")
	visit("widget", "/widget/werkplekken")

	b.login(env.url, "fatma", "/deelnemers")
	visit("deelnemers", "/deelnemers")
	pid := b.href(`tbody a[href^="/deelnemers/"]`)
	// A booking form: the first match of the first participant that has one.
	book, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(async () => {
		for (const a of [...document.querySelectorAll('tbody a[href^="/deelnemers/"]')].slice(0, 10)) {
			const page = new DOMParser().parseFromString(await (await fetch(a.getAttribute('href') + '/matches')).text(), 'text/html');
			const link = page.querySelector('#matches a.utrecht-button-link');
			if (link) return link.getAttribute('href');
		}
		return '';
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || book == "" {
		t.Fatalf("no participant with a match to book (%v)", err)
	}
	for _, p := range []string{"", "/bewerken", "/tijdlijn", "/ontwikkeling", "/delen", "/wissen", "/matches"} {
		visit("deelnemer"+p, pid+p)
	}
	visit("nieuwe deelnemer", "/deelnemers/nieuw")
	b.do(chromedp.SendKeys(`#vaardigheid-zoek`, "klant"))
	b.until(`document.querySelectorAll('#vaardigheid-resultaten input[name=vaardigheid]').length > 0`)
	b.click(`#vaardigheid-resultaten input[name=vaardigheid]`)
	b.reflows("nieuwe deelnemer met een gekozen vaardigheid")
	for _, sel := range []string{`#veld-beschikbaarheid input[type=checkbox]`, `#veld-begeleidingsbehoefte input[type=radio]`} {
		if small := eval[[]string](b, `[...document.querySelectorAll('`+sel+`')].map(e => e.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).map(r => r.width + 'x' + r.height)`); len(small) > 0 {
			t.Errorf("targets %s smaller than 24 by 24 px: %v", sel, small)
		}
	}
	b.js(`document.getElementById('veld-beschikbaarheid').scrollIntoView({behavior: 'instant', block: 'start'})`)
	b.screenshot("profiel-320")
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	b.reflows("nieuwe deelnemer met fouten")
	visit("wachtlijst", "/wachtlijst")
	visit("planner", "/planner")
	visit("planning", "/planner?plannen=ja&dagdelen=2&startdatum="+string(plekwijzer.Today()))
	if n := eval[int](b, `document.querySelectorAll('#toewijzingen tbody th[scope=row]').length`); n == 0 {
		t.Error("the planner made no plan to check")
	}
	b.js(`document.getElementById('planning').scrollIntoView({behavior: 'instant', block: 'start'})`)
	b.screenshot("planner-320")
	visit("zoeken", "/zoeken?q=fietsen")
	visit("plaatsingen", "/plaatsingen")
	visit("plaatsing", b.href(`tbody a[href^="/plaatsingen/"]`))
	visit("plaatsing voorstellen", book)
	visit("importeren", "/importeren")
	visit("evaluaties", "/evaluaties")
	visit("niet gevonden", "/deelnemers/00000000-0000-4000-8000-000000000000")

	b.submit(`form[action="/uitloggen"] button`)
	b.until(`location.pathname === '/inloggen'`)
	b.login(env.url, "kees", "/werkplekken")
	visit("werkplekken", "/werkplekken")
	visit("werkplek bewerken", b.href(`a[href$="/bewerken"]`))
	visit("nieuwe werkplek", "/werkplekken/nieuw")
	b.fill(map[string]string{"titel": "", "capaciteit.ma-ochtend": "-1", "capaciteit.wo-middag": "veel"})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	b.reflows("nieuwe werkplek met fouten")
	visit("capaciteit", "/werkplekken/capaciteit")
	visit("voordrachten", "/voordrachten")
	visit("plaatsingen van de werkplek", "/plaatsingen")
	visit("plaatsing bij de werkplek", b.href(`tbody a[href^="/plaatsingen/"]`))
	visit("evaluaties van de werkplek", "/evaluaties")
	visit("importeren", "/importeren")

	b.submit(`form[action="/uitloggen"] button`)
	b.until(`location.pathname === '/inloggen'`)
	b.login(env.url, "wietske", "/dashboard")
	visit("dashboard", "/dashboard")
	visit("werkplekken voor de manager", "/werkplekken")
	visit("zoeken voor de manager", "/zoeken?q=kringloop")
}

// summaryInFormOrder checks the error summary: every entry links to a field
// on the page, in the order the fields have in the form.
func (b tab) summaryInFormOrder(name string) []string {
	b.t.Helper()
	got := eval[[]string](b, `(() => {
		const links = [...document.querySelectorAll('#foutmeldingen a')];
		const out = links.map(a => a.textContent);
		const targets = links.map(a => document.getElementById(a.getAttribute('href').slice(1)));
		targets.forEach((t, i) => { if (!t) out.push('BROKEN ' + links[i].getAttribute('href')) });
		for (let i = 1; i < targets.length; i++) {
			if (targets[i-1] && targets[i] && (targets[i-1].compareDocumentPosition(targets[i]) & Node.DOCUMENT_POSITION_PRECEDING)) out.push('ORDER ' + out[i]);
		}
		return out;
	})()`)
	for _, s := range got {
		if strings.HasPrefix(s, "BROKEN ") || strings.HasPrefix(s, "ORDER ") {
			b.t.Errorf("%s: the error summary %v: %s", name, got, s)
		}
	}
	return got
}

// brokenWords are the words of the elements sel that the layout splits over
// two lines ("maa/nda/g", "C/o/d/e").
func (b tab) brokenWords(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll('`+sel+`')].flatMap(el => {
		const out = [];
		const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			if (n.parentElement.closest('.pw-default-submit, .pw-sr, .pw-visually-hidden')) continue; // visually hidden
			const re = /[^\s\-–]+/g; // a line may break after a hyphen
			for (let m = re.exec(n.textContent); m; m = re.exec(n.textContent)) {
				const r = document.createRange();
				r.setStart(n, m.index);
				r.setEnd(n, m.index + m[0].length);
				if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) out.push(m[0]);
			}
		}
		return out;
	})`)
}

// The forms refuse what cannot be: a participant without any day-part, a
// waiting list since 2099 or 1899; each problem named at its field, the
// summary in form order with links to the fields, nothing saved. The new
// offer's capacity grid stays readable with errors in it.
func TestAppFormsRefuseAbsurdInput(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	before := countParticipants(t, env)
	b.open(env.url + "/deelnemers/nieuw")
	b.fill(map[string]string{"code": "DATUM-0001", "postcode": "9723", "maxReisafstandKm": "veel", "doelgroep": "statushouder",
		"fase": "voortraject", "begeleidingsbehoefte": "2", "belastbaarheid": "midden", "taalniveau": "B1", "wachtendSinds": "2099-01-01"})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	summary := b.summaryInFormOrder("profiel")
	want := []string{"Wacht sinds: ligt in de toekomst", "Beschikbaarheid: kies minstens één dagdeel", "Reisafstand: moet een heel getal zijn"}
	if len(summary) != len(want) {
		t.Fatalf("the summary %q, want %d problems", summary, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(summary[i], w) {
			t.Errorf("problem %d is %q, want %q…", i+1, summary[i], w)
		}
	}
	if n := eval[int](b, `document.querySelectorAll('#veld-beschikbaarheid-fout, #veld-wachtendSinds-fout').length`); n != 2 {
		t.Errorf("%d of the day-parts and the date show their problem at the field", n)
	}
	b.axe("profiel zonder dagdelen")
	b.fill(map[string]string{"maxReisafstandKm": "10", "wachtendSinds": "1899-12-31"})
	b.check("beschikbaarheid", "wo-ochtend")
	b.js(`document.body.dataset.vorige = 'ja'`)
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.readyState === 'complete' && document.body.dataset.vorige === undefined && document.getElementById('foutmeldingen') !== null`)
	if got := b.summaryInFormOrder("profiel uit 1899"); len(got) != 1 || !strings.Contains(got[0], "1900") {
		t.Errorf("waiting since 1899: %q", got)
	}
	if got := countParticipants(t, env); got != before {
		t.Fatalf("absurd input saved a participant: %d, was %d", got, before)
	}
	b.fill(map[string]string{"wachtendSinds": string(plekwijzer.Today())})
	if pt := b.saveProfile(env); len(pt.Availability) != 1 || pt.WaitingSince == nil || *pt.WaitingSince != plekwijzer.Today() {
		t.Fatalf("saved %+v", pt)
	}

	// The new offer: errors in the capacity grid break no word.
	b.submit(`form[action="/uitloggen"] button`)
	b.until(`location.pathname === '/inloggen'`)
	b.login(env.url, "kees", "/werkplekken")
	b.open(env.url + "/werkplekken/nieuw")
	b.fill(map[string]string{"titel": "", "capaciteit.ma-ochtend": "-1", "capaciteit.wo-middag": "veel", "postcode": "abc"})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	summary = b.summaryInFormOrder("nieuwe werkplek")
	if len(summary) < 4 || !strings.HasPrefix(summary[0], "Titel") {
		t.Errorf("the offer's summary %q", summary)
	}
	for _, width := range []int64{1280, 320} {
		b.do(chromedp.EmulateViewport(width, 900))
		if broken := b.brokenWords(`#veld-capaciteit label, #veld-capaciteit .utrecht-form-field-error-message`); len(broken) > 0 {
			t.Errorf("at %d px the capacity grid splits the words %q", width, broken)
		}
	}
	b.axe("nieuwe werkplek met fouten")
	b.js(`document.getElementById('veld-capaciteit').scrollIntoView({behavior: 'instant', block: 'start'})`)
	b.screenshot("werkplek-fouten")
}
