package web_test

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// markAttendance ticks, on a placement's page, statuses[i] in the i-th
// row of the attendance form (the most recent day-part first), saves and
// waits for the page that says so.
func markAttendance(b tab, statuses ...string) {
	b.t.Helper()
	for i, s := range statuses {
		b.js(`document.querySelectorAll('#veld-registraties tbody tr')[` + string(rune('0'+i)) + `].querySelector('input[value=` + jsString(s) + `]').checked = true`)
	}
	// The notice of a save before this one is not the answer to this one.
	b.js(`document.querySelectorAll('.pw-notice').forEach(n => n.remove())`)
	b.submit(`form[action$="/aanwezigheid"] button[type=submit]`)
	b.until(`document.readyState === 'complete' && document.querySelector('.pw-notice') !== null`)
}

// TestAppPartnerAttendance: on the partner's placement page attendance is
// recorded per day-part date with three choices and the total follows;
// "Plaatsing annuleren" comes after it and asks for a confirmation.
func TestAppPartnerAttendance(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "kees", "/werkplekken")
	b.open(env.url + "/plaatsingen?status=actief")
	b.until(`document.querySelectorAll('tbody tr a').length > 0`)
	b.js(`document.querySelector('tbody tr a').click()`)
	b.until(`location.pathname.startsWith('/plaatsingen/') && document.readyState === 'complete'`)
	id := strings.TrimPrefix(eval[string](b, `location.pathname`), "/plaatsingen/")

	if n := eval[int](b, `document.querySelectorAll('#veld-registraties tbody tr').length`); n < 3 {
		t.Fatalf("%d day-part dates in the attendance form, want at least 3", n)
	}
	if n := eval[int](b, `document.querySelectorAll('#veld-registraties tbody tr:first-child input[type=radio]').length`); n != 3 {
		t.Errorf("%d choices per day-part, want 3", n)
	}
	if eval[bool](b, `document.getElementsByName('uitkomst.gemisteUren').length > 0`) {
		t.Error("the running total of missed hours can still be typed")
	}
	if !eval[bool](b, `!!(document.getElementById('aanwezigheid').compareDocumentPosition(document.getElementById('annuleren')) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("Plaatsing annuleren is not below the attendance")
	}
	b.axe("plaatsing met aanwezigheid")
	b.screenshot("plaatsing-aanwezigheid")

	markAttendance(b, "afwezig-zonder-bericht", "aanwezig", "afwezig-met-bericht")
	if txt := b.text(); !strings.Contains(txt, "1 keer aanwezig, 1 keer afwezig met bericht, 1 keer afwezig zonder bericht") || !strings.Contains(txt, "8 uur gemist") {
		t.Fatalf("totals not shown:\n%s", txt)
	}
	att, err := env.db.Attendance(env.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if att.Totals != (plekwijzer.AttendanceTotals{Present: 1, Excused: 1, Unexcused: 1, MissedHours: 8}) {
		t.Errorf("stored totals %+v", att.Totals)
	}
	// A correction of the most recent day-part.
	markAttendance(b, "aanwezig")
	if !strings.Contains(b.text(), "4 uur gemist") {
		t.Errorf("after the correction:\n%s", b.text())
	}

	// Cancelling asks for a confirmation first.
	b.submit(`button[value=annuleren]`)
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if !strings.Contains(b.text(), "echt wilt annuleren") {
		t.Errorf("no confirmation asked:\n%s", b.text())
	}
	if pl, _ := env.db.Placement(env.ctx, id); pl.Status != plekwijzer.PlacementActive {
		t.Fatalf("cancelled without confirmation: %s", pl.Status)
	}
	b.axe("plaatsing annuleren zonder bevestiging")
	b.check("bevestigen", "ja")
	b.submit(`button[value=annuleren]`)
	b.until(`document.readyState === 'complete' && document.querySelector('.pw-notice') !== null`)
	if pl, _ := env.db.Placement(env.ctx, id); pl.Status != plekwijzer.PlacementCancelled {
		t.Errorf("status %s after a confirmed cancel", pl.Status)
	}
}
