package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iederz/plekwijzer"
)

// TestAppPlannerLeaveOut: the coach unticks a participant's row of the
// plan and Vastleggen books every other assignment, none of that
// participant's.
func TestAppPlannerLeaveOut(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/planner?plannen=ja&dagdelen=4")
	b.until(`document.querySelectorAll('#toewijzingen tbody th[scope=row]').length > 1`)
	assigned := eval[int](b, `document.querySelectorAll('#toewijzingen tbody th[scope=row]').length`)
	left := eval[string](b, `document.querySelector('#toewijzingen tbody input[name=rij]').value`)
	// A participant with assignments at two offers has one box for both.
	rows := eval[int](b, `[...document.querySelectorAll('#toewijzingen tbody th a')].filter(a => a.getAttribute('href') === '/deelnemers/`+left+`').length`)
	if boxes := eval[int](b, `document.querySelectorAll('#toewijzingen tbody input[name=rij][value="`+left+`"]').length`); boxes != 1 {
		t.Errorf("%d boxes for a participant with %d rows", boxes, rows)
	}
	b.js(`document.querySelector('#toewijzingen tbody input[name=rij]').checked = false`)
	b.axe("planning met rij uit")
	b.submit(`#vastleggen button[type=submit]`)
	b.until(`document.querySelector('#vastgelegd') !== null`)
	if n := eval[int](b, `document.querySelectorAll('#toewijzingen a[href^="/plaatsingen/"]').length`); n != assigned-rows {
		t.Errorf("booked %d of %d assignments with %d rows of one participant left out", n, assigned, rows)
	}
	if eval[bool](b, `[...document.querySelectorAll('#toewijzingen tbody tr')].some(tr => tr.querySelector('th a').getAttribute('href') === '/deelnemers/`+left+`' && tr.querySelector('a[href^="/plaatsingen/"]'))`) {
		t.Error("the row left out was booked")
	}
}

// TestAppPlannerRunningProposal: a participant whose voordracht is still
// running is listed with that reason, not under "Geen plek".
func TestAppPlannerRunningProposal(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env) // fatma's participant, available on ma-ochtend only
	since := plekwijzer.Today().AddDays(-30)
	if _, err := env.db.UpdateParticipant(env.ctx, f.participant, plekwijzer.ParticipantUpdate{WaitingSince: &since}, 0); err != nil {
		t.Fatal(err)
	}
	f.propose(t, env, plekwijzer.Today().AddDays(7))
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.open(env.url + "/planner?plannen=ja&dagdelen=4")
	b.until(`document.querySelector('#vergelijking') !== null`)
	inProposal := eval[string](b, `document.getElementById('lopende-voordracht')?.innerText ?? ''`)
	noPlace := eval[string](b, `document.getElementById('geen-plek')?.innerText ?? ''`)
	if !strings.Contains(inProposal, f.code) || !strings.Contains(inProposal, "lopende voordracht") {
		t.Errorf("%s is not listed as waiting for a voordracht: %q", f.code, inProposal)
	}
	if strings.Contains(noPlace, f.code) {
		t.Errorf("%s is listed under Geen plek: %q", f.code, noPlace)
	}
	b.axe("planner met lopende voordracht")
}

// brokenWords lists the words of the cells of table sel that the layout
// splits over two lines.
const brokenWords = `[...document.querySelectorAll(%q)].flatMap(cell => {
	const out = []; const w = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT); let n;
	while ((n = w.nextNode())) { const re = /[^\s-]+/g; let m; // a break after a hyphen splits no word
		while ((m = re.exec(n.data))) { const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
			const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
			if (tops.size > 1) out.push(m[0]) } }
	return out })`

// TestAppPlannerWordsWhole: on a narrow window the plan's table wraps
// between words, never inside one ("Kringloopwi nkel").
func TestAppPlannerWordsWhole(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	b.do(chromedp.EmulateViewport(700, 900))
	b.open(env.url + "/planner?plannen=ja&dagdelen=4")
	b.until(`document.querySelectorAll('#toewijzingen tbody th[scope=row]').length > 0`)
	if broken := eval[[]string](b, fmt.Sprintf(brokenWords, "#toewijzingen td, #toewijzingen th")); len(broken) > 0 {
		t.Errorf("words broken over two lines: %q", broken)
	}
}

// TestAppDesiredDayParts: the profile form keeps how many day-parts a
// week the participant wants (gewensteDagdelen, for the planner); out of
// range it names the field and saves nothing; emptied, it is the default
// again.
func TestAppDesiredDayParts(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	save := func(v string) {
		b.open(env.url + "/deelnemers/" + f.participant + "/bewerken")
		b.fill(map[string]string{"gewensteDagdelen": v})
		b.submit(`form.pw-form button.utrecht-button--primary-action`)
		b.until(`document.readyState === 'complete' && (document.querySelector('.pw-notice') !== null || document.getElementById('foutmeldingen') !== null)`)
	}
	desired := func() *int {
		p, err := env.db.Participant(env.ctx, f.participant)
		if err != nil {
			t.Fatal(err)
		}
		return p.DesiredDayParts
	}
	save("11")
	if !strings.Contains(eval[string](b, `document.getElementById('foutmeldingen')?.innerText ?? ''`), "Dagdelen per week") || desired() != nil {
		t.Fatalf("11 day-parts accepted or not named: %v", desired())
	}
	b.axe("profiel met fout in dagdelen per week")
	save("2")
	if d := desired(); d == nil || *d != 2 {
		t.Fatalf("saved %v, want 2", d)
	}
	save("")
	if d := desired(); d != nil {
		t.Errorf("emptied, still %d", *d)
	}
}
