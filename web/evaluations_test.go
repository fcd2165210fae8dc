package web_test

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// openFirstActive opens the first running placement of the user's list and
// returns its id.
func openFirstActive(b tab, base string) string {
	b.t.Helper()
	b.open(base + "/plaatsingen?status=actief")
	b.until(`document.querySelectorAll('tbody tr a[href^="/plaatsingen/"]').length > 0`)
	b.js(`document.querySelector('tbody tr a[href^="/plaatsingen/"]').click()`)
	b.until(`location.pathname.startsWith('/plaatsingen/') && document.readyState === 'complete' && document.getElementById('evaluaties') !== null`)
	return strings.TrimPrefix(eval[string](b, `location.pathname`), "/plaatsingen/")
}

// TestAppEvaluations: the werkplek scores werknemersvaardigheden on a
// running placement; a text that is too long is refused with every choice
// and the text still there; corrected, the evaluation is saved and shown.
// The coach's part (here the beheerder's) records what the participant
// says, which the werkplek never reads. The Evaluaties page lists what is
// still to do.
func TestAppEvaluations(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "kees", "/werkplekken")
	id := openFirstActive(b, env.url)
	before, err := env.db.Evaluations(env.ctx, id) // the demo's history
	if err != nil {
		t.Fatal(err)
	}
	if n := eval[int](b, `document.querySelectorAll('#veld-werknemersvaardigheden tbody tr').length`); n != len(plekwijzer.WorkSkills) {
		t.Fatalf("%d werknemersvaardigheden in the form, want %d", n, len(plekwijzer.WorkSkills))
	}
	if eval[bool](b, `document.getElementsByName('beleving').length > 0 || document.getElementsByName('zegt').length > 0`) {
		t.Error("the werkplek is asked what the participant says")
	}
	b.axe("plaatsing met evaluatieformulier")

	b.js(`document.querySelector('input[name="ws-tempo"][value="2"]').checked = true`)
	b.js(`document.querySelector('input[name="ws-samenwerken"][value="4"]').checked = true`)
	long := strings.Repeat("Werkt goed door. ", 70) // over 1 000 characters
	b.fill(map[string]string{"toelichting": long})
	b.submit(`form[action$="/evaluaties"] button[type=submit]`)
	b.until(`document.readyState === 'complete' && document.getElementById('foutmeldingen') !== null`)
	if s := eval[string](b, `document.getElementById('foutmeldingen').innerText`); !strings.Contains(s, "1000 tekens") {
		t.Errorf("the summary does not name the long text: %q", s)
	}
	if !eval[bool](b, `document.querySelector('input[name="ws-tempo"][value="2"]').checked && document.querySelector('input[name="ws-samenwerken"][value="4"]').checked`) {
		t.Error("the scores were lost")
	}
	if got := eval[string](b, `document.getElementsByName('toelichting')[0].value`); got != long {
		t.Errorf("the text was lost: %d characters left", len(got))
	}
	if es, err := env.db.Evaluations(env.ctx, id); err != nil || len(es) != len(before) {
		t.Fatalf("a refused evaluation was stored: %v %v", es, err)
	}
	b.axe("evaluatie met fout")

	b.fill(map[string]string{"toelichting": "Werkt rustig en precies."})
	b.submit(`form[action$="/evaluaties"] button[type=submit]`)
	b.until(`document.readyState === 'complete' && document.querySelector('.pw-notice') !== null`)
	es, err := env.db.Evaluations(env.ctx, id)
	if err != nil || len(es) != len(before)+1 {
		t.Fatalf("stored %d evaluations (had %d), %v", len(es), len(before), err)
	}
	if e := es[len(es)-1]; len(e.WorkSkills) != 2 || e.Side != plekwijzer.SideWorkplace || e.Note != "Werkt rustig en precies." || e.Imported {
		t.Fatalf("stored %+v", e)
	}
	if txt := eval[string](b, `document.getElementById('evaluaties').parentElement.innerText`); !strings.Contains(txt, "Tempo: 2 – lukt met veel hulp") {
		t.Errorf("the evaluation is not shown:\n%s", txt)
	}

	admin := beheerderTab(t, env)
	admin.open(env.url + "/plaatsingen/" + id)
	admin.until(`document.getElementsByName('beleving').length === 5`)
	admin.js(`document.querySelector('input[name="beleving"][value="4"]').checked = true`)
	admin.fill(map[string]string{"zegt": "Ik wil ook leren lassen."})
	admin.submit(`form[action$="/evaluaties"] button[type=submit]`)
	admin.until(`document.readyState === 'complete' && document.querySelector('.pw-notice') !== null`)
	admin.js(`document.getElementById('evaluaties').scrollIntoView({behavior: 'instant', block: 'start'})`)
	admin.screenshot("evaluaties")
	if !strings.Contains(admin.text(), "Ik wil ook leren lassen.") {
		t.Error("the coach's part is not shown to the coach side")
	}
	b.open(env.url + "/plaatsingen/" + id)
	if strings.Contains(b.text(), "lassen") {
		t.Error("the werkplek reads what the participant said")
	}

	b.open(env.url + "/evaluaties")
	b.axe("evaluaties te doen")
	if eval[bool](b, `[...document.querySelectorAll('#te-doen a')].some(a => a.getAttribute('href').startsWith('/plaatsingen/`+id+`') && a.closest('tr').innerText.includes('Startevaluatie'))`) {
		t.Error("the start evaluation just recorded is still to do")
	}
}

// TestAppDevelopment: the coach's Ontwikkeling page shows the demo
// history's werknemersvaardigheden with their first and latest score, a
// chart with a table beside it, and is accessible.
func TestAppDevelopment(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	var fatma string
	for _, u := range mustUsers(t, env) {
		if u.Name == "Coach Fatma Y." {
			fatma = u.ID
		}
	}
	ps, _, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{CoachID: fatma, Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var with string
	for _, p := range ps {
		if es, err := env.db.ParticipantEvaluations(env.ctx, p.ID); err == nil && len(es) > 2 {
			with = p.ID
			break
		}
	}
	if with == "" {
		t.Fatal("none of fatma's participants has evaluations in the demo")
	}
	b.open(env.url + "/deelnemers/" + with)
	b.js(`document.querySelector('a[href$="/ontwikkeling"]').click()`)
	b.until(`location.pathname.endsWith('/ontwikkeling') && document.readyState === 'complete'`)
	if n := eval[int](b, `document.querySelectorAll('#ontwikkeling-tabel tbody tr').length`); n == 0 {
		t.Fatalf("no werknemersvaardigheden on the page:\n%s", b.text())
	}
	if n := eval[int](b, `document.querySelectorAll('#ontwikkeling-tabel svg polyline').length`); n == 0 {
		t.Error("no charts")
	}
	b.axe("ontwikkeling")
	b.screenshot("ontwikkeling")
}

// TestAppIntakeLadder: the profile form keeps the participatieladder at
// intake and the profile shows it; emptied, it is not known again. A new
// phase with its reason shows in the history on Ontwikkeling.
func TestAppIntakeLadder(t *testing.T) {
	env := appService(t)
	f := newProposalLoop(t, env)
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")
	save := func(v string) string {
		b.open(env.url + "/deelnemers/" + f.participant + "/bewerken")
		b.fill(map[string]string{"participatieladder": v})
		b.submit(`form.pw-form button.utrecht-button--primary-action`)
		b.until(`document.readyState === 'complete' && document.getElementById('participatieladder') !== null`)
		return eval[string](b, `document.getElementById('participatieladder').innerText`)
	}
	if got := save("4"); got != "4 – Onbetaald werk" {
		t.Errorf("shown %q", got)
	}
	if p, err := env.db.Participant(env.ctx, f.participant); err != nil || p.Ladder == nil || *p.Ladder != 4 {
		t.Fatalf("stored %v, %v", p.Ladder, err)
	}
	if got := save(""); got != "niet bekend" {
		t.Errorf("emptied, shown %q", got)
	}
	b.axe("profiel met participatieladder")

	// A new phase with its reason shows on Ontwikkeling.
	b.open(env.url + "/deelnemers/" + f.participant + "/bewerken")
	b.fill(map[string]string{"fase": "beschut", "faseReden": "Past beter bij beschut werk."})
	b.submit(`form.pw-form button.utrecht-button--primary-action`)
	b.until(`document.readyState === 'complete' && document.getElementById('participatieladder') !== null`)
	b.open(env.url + "/deelnemers/" + f.participant + "/ontwikkeling")
	if got := eval[string](b, `document.getElementById('fases')?.innerText ?? ''`); !strings.Contains(got, "Past beter bij beschut werk.") {
		t.Errorf("the phases on Ontwikkeling: %q", got)
	}
}
