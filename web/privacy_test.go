package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store/storetest"
)

// The privacy actions of a coach on a participant — erase, share or hand
// over, and download everything held — over HTTP against the real
// service, on every engine.
func TestAppPrivacyActions(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := startApp(t, appOptions{engine: engine})
			t.Run("erase", func(t *testing.T) { testErase(t, env) })
			t.Run("share", func(t *testing.T) { testShare(t, env) })
			t.Run("export", func(t *testing.T) { testExport(t, env) })
		})
	}
}

// demoCoach is the id of the demo user with this name.
func demoCoach(t *testing.T, env *appEnv, name string) string {
	t.Helper()
	for _, u := range mustUsers(t, env) {
		if u.Name == name {
			return u.ID
		}
	}
	t.Fatalf("no demo user %q", name)
	return ""
}

// ownParticipant is a participant in the coach's own caseload (not shared
// with anyone, not in taken) with (running) or without a proposed or
// active placement, and all their placements.
func ownParticipant(t *testing.T, env *appEnv, coachID string, running bool, taken ...string) (*plekwijzer.Participant, []*plekwijzer.Placement) {
	t.Helper()
	ps, _, err := env.db.FindParticipants(env.ctx, plekwijzer.ParticipantFilter{CoachID: coachID, Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if len(p.SharedWith) > 0 || slices.Contains(taken, p.ID) {
			continue
		}
		pls, _, err := env.db.FindPlacements(env.ctx, plekwijzer.PlacementFilter{ParticipantID: p.ID, Page: plekwijzer.Page{Number: 1, Size: 100}})
		if err != nil {
			t.Fatal(err)
		}
		busy := slices.ContainsFunc(pls, func(pl *plekwijzer.Placement) bool {
			return pl.Status == plekwijzer.PlacementProposed || pl.Status == plekwijzer.PlacementActive
		})
		if busy == running && (running || len(pls) > 0) {
			return p, pls
		}
	}
	t.Fatalf("the demo coach has no participant of their own with running=%v", running)
	return nil, nil
}

var versionRE = regexp.MustCompile(`name="versie" value="(\d+)"`)

// version is the version the forms of a page carry.
func (v *visitor) version(path string) string {
	v.t.Helper()
	return v.formValue(path, versionRE)
}

// loggedIn is a visitor logged in as a demo user.
func loggedIn(t *testing.T, env *appEnv, user string) *visitor {
	t.Helper()
	v := newVisitor(t, env.url)
	if res := v.login(user, demoPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", user, res.StatusCode)
	}
	return v
}

func testErase(t *testing.T, env *appEnv) {
	fatma := demoCoach(t, env, "Coach Fatma Y.")
	coach, other := loggedIn(t, env, "fatma"), loggedIn(t, env, "jeroen")

	pt, pls := ownParticipant(t, env, fatma, false)
	page := "/deelnemers/" + pt.ID
	if _, body := coach.get(page); !strings.Contains(body, `href="`+page+`/wissen"`) {
		t.Fatal("the participant page has no link to erase")
	}
	res, body := coach.get(page + "/wissen")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the erase page: %d", res.StatusCode)
	}
	for _, want := range []string{"Wat wordt gewist", "Wat blijft", "zonder code of naam", "Typ de code " + pt.Code} {
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("the erase page does not say %q", want)
		}
	}

	// Without the code typed over, with another code, without a CSRF
	// token or as a coach who does not have the participant: nothing is
	// erased.
	csrf := coach.csrf(page + "/wissen")
	for _, typed := range []string{"", "iets-anders"} {
		res, body := coach.post(page+"/wissen", url.Values{"csrf": {csrf}, "bevestiging": {typed}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Er is niets gewist") || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("erase confirmed with %q: %d", typed, res.StatusCode)
		}
	}
	if res, _ := coach.post(page+"/wissen", url.Values{"bevestiging": {pt.Code}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("erase without a CSRF token: %d", res.StatusCode)
	}
	if res, _ := other.post(page+"/wissen", url.Values{"csrf": {other.csrf("/deelnemers")}, "bevestiging": {pt.Code}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("erase by another coach: %d", res.StatusCode)
	}
	if _, err := env.db.Participant(env.ctx, pt.ID); err != nil {
		t.Fatalf("a refused erasure erased: %v", err)
	}

	// Confirmed: the profile is gone, the placements stay without it.
	res, _ = coach.post(page+"/wissen", url.Values{"csrf": {csrf}, "bevestiging": {strings.ToLower(pt.Code)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/deelnemers?melding=gewist" {
		t.Fatalf("erase: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := env.db.Participant(env.ctx, pt.ID); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
		t.Fatalf("after erasure the participant is still there: %v", err)
	}
	if res, _ := coach.get(page); res.StatusCode != http.StatusNotFound {
		t.Errorf("the erased participant's page: %d", res.StatusCode)
	}
	if _, body := coach.get("/deelnemers?melding=gewist&code=" + url.QueryEscape(pt.Code)); !strings.Contains(body, "zijn gewist") || strings.Contains(body, pt.Code+"<") {
		t.Errorf("the caseload after erasure lacks the message or still lists %s", pt.Code)
	}
	for _, pl := range pls {
		kept, err := env.db.Placement(env.ctx, pl.ID)
		if err != nil || kept.ParticipantID != nil || kept.ParticipantCode != "" {
			t.Errorf("placement %s after erasure: %+v, %v", pl.ID, kept, err)
		}
	}

	// A running placement: the API's explanation and links to it.
	busy, busyPls := ownParticipant(t, env, fatma, true)
	res, body = coach.post("/deelnemers/"+busy.ID+"/wissen", url.Values{"csrf": {csrf}, "bevestiging": {busy.Code}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(html.UnescapeString(body), "nog lopende plaatsingen") {
		t.Fatalf("erase with a running placement: %d\n%s", res.StatusCode, body)
	}
	for _, pl := range busyPls {
		if running := pl.Status == plekwijzer.PlacementProposed || pl.Status == plekwijzer.PlacementActive; running != strings.Contains(body, `href="/plaatsingen/`+pl.ID+`"`) {
			t.Errorf("placement %s (%s) linked: %v", pl.ID, pl.Status, !running)
		}
	}
	if _, err := env.db.Participant(env.ctx, busy.ID); err != nil {
		t.Fatalf("erased despite a running placement: %v", err)
	}

	// A colleague it is shared with sees it but may not erase it: the
	// API's refusal, on the page.
	shared, _ := ownParticipant(t, env, fatma, false, pt.ID)
	jeroen := demoCoach(t, env, "Coach Jeroen B.")
	if _, err := env.db.UpdateParticipant(env.ctx, shared.ID, plekwijzer.ParticipantUpdate{SharedWith: &[]string{jeroen}}, 0); err != nil {
		t.Fatal(err)
	}
	if _, body := other.get("/deelnemers/" + shared.ID); strings.Contains(body, "/wissen") || !strings.Contains(body, "met jou gedeeld") {
		t.Error("a colleague it is shared with is offered to erase it")
	}
	res, body = other.post("/deelnemers/"+shared.ID+"/wissen", url.Values{"csrf": {other.csrf("/deelnemers")}, "bevestiging": {shared.Code}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Alleen de eigen coach") || !strings.Contains(body, "Er is niets gewist") {
		t.Errorf("erase by a colleague it is shared with: %d", res.StatusCode)
	}
	if _, err := env.db.Participant(env.ctx, shared.ID); err != nil {
		t.Fatalf("a colleague erased it: %v", err)
	}
}

func testShare(t *testing.T, env *appEnv) {
	fatma, jeroen := demoCoach(t, env, "Coach Fatma Y."), demoCoach(t, env, "Coach Jeroen B.")
	coach, colleague := loggedIn(t, env, "fatma"), loggedIn(t, env, "jeroen")

	pt, _ := ownParticipant(t, env, fatma, false)
	page := "/deelnemers/" + pt.ID
	share := page + "/delen"
	if res, _ := colleague.get(page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a colleague sees the participant before it is shared: %d", res.StatusCode)
	}
	res, body := coach.get(share)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="`+jeroen+`"`) || strings.Contains(body, `value="`+fatma+`"`) {
		t.Fatalf("the share page (%d) should offer the colleagues, not the coach herself", res.StatusCode)
	}
	csrf := coach.csrf(share)

	// Share with a colleague: they see the participant now.
	v := coach.version(share)
	res, _ = coach.post(share, url.Values{"csrf": {csrf}, "versie": {v}, "actie": {"delen"}, "gedeeldMet": {jeroen}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != share+"?melding=gedeeld" {
		t.Fatalf("share: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := coach.get(share + "?melding=gedeeld"); !regexp.MustCompile(`Gedeeld met</dt><dd[^>]*>Coach Jeroen B\.</dd>`).MatchString(body) {
		t.Error("the share page does not show it is shared with Jeroen")
	}
	if res, body := colleague.get(page); res.StatusCode != http.StatusOK || !strings.Contains(body, "met jou gedeeld") {
		t.Fatalf("the colleague after sharing: %d", res.StatusCode)
	}
	if _, body := colleague.get("/deelnemers?code=" + url.QueryEscape(pt.Code)); !strings.Contains(body, pt.Code) {
		t.Error("the shared participant is not in the colleague's list")
	}

	// The colleague is not offered to share it on, and may not: the API
	// refuses, the page says so.
	if _, body := colleague.get(share); strings.Contains(body, `name="actie"`) || !strings.Contains(body, "met jou gedeeld") {
		t.Error("a colleague it is shared with is offered to share or hand it over")
	}
	res, body = colleague.post(share, url.Values{"csrf": {colleague.csrf(share)}, "versie": {coach.version(share)}, "actie": {"delen"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Alleen de eigen coach") {
		t.Errorf("a colleague unsharing: %d", res.StatusCode)
	}

	// Someone else changes the participant after the page was loaded: the
	// stale form saves nothing and the page shows how it is now.
	stale := coach.version(share)
	if _, err := env.db.UpdateParticipant(env.ctx, pt.ID, plekwijzer.ParticipantUpdate{MaxTravelKm: new(7)}, 0); err != nil {
		t.Fatal(err)
	}
	res, body = coach.post(share, url.Values{"csrf": {csrf}, "versie": {stale}, "actie": {"delen"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Iemand anders heeft deze deelnemer net gewijzigd") {
		t.Fatalf("a stale share: %d", res.StatusCode)
	}
	if fresh := versionRE.FindStringSubmatch(body); fresh == nil || fresh[1] == stale || !strings.Contains(body, `value="`+jeroen+`" checked`) {
		t.Error("after a stale share the page does not show the current version and choices")
	}
	if now, _ := env.db.Participant(env.ctx, pt.ID); !slices.Equal(now.SharedWith, []string{jeroen}) {
		t.Fatalf("a stale form changed the sharing: %v", now.SharedWith)
	}

	// Hand over without choosing a coach: named at the field.
	res, body = coach.post(share, url.Values{"csrf": {csrf}, "versie": {coach.version(share)}, "actie": {"overdragen"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#veld-coachId"`) {
		t.Errorf("hand over to nobody: %d", res.StatusCode)
	}

	// Hand over to the colleague, looking along: the colleague is the
	// coach now, and it is shared with the old one.
	res, _ = coach.post(share, url.Values{"csrf": {csrf}, "versie": {coach.version(share)}, "actie": {"overdragen"}, "coachId": {jeroen}, "blijven": {"ja"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"?melding=overgedragen" {
		t.Fatalf("hand over: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if now, _ := env.db.Participant(env.ctx, pt.ID); now.CoachID != jeroen || !slices.Equal(now.SharedWith, []string{fatma}) {
		t.Fatalf("after handing over: coach %s, shared with %v", now.CoachID, now.SharedWith)
	}
	// And back, for good: it leaves Jeroen's caseload.
	res, _ = colleague.post(share, url.Values{"csrf": {colleague.csrf(share)}, "versie": {colleague.version(share)}, "actie": {"overdragen"}, "coachId": {fatma}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/deelnemers?melding=overgedragen" {
		t.Fatalf("hand back: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if now, _ := env.db.Participant(env.ctx, pt.ID); now.CoachID != fatma || len(now.SharedWith) != 0 {
		t.Fatalf("after handing back: coach %s, shared with %v", now.CoachID, now.SharedWith)
	}
	if res, _ := colleague.get(page); res.StatusCode != http.StatusNotFound {
		t.Errorf("the colleague still sees it after handing it back: %d", res.StatusCode)
	}

	// A beheerder hands any participant over and keeps seeing them.
	admin := loggedIn(t, env, beheerder(t, env))
	res, _ = admin.post(share, url.Values{"csrf": {admin.csrf(share)}, "versie": {admin.version(share)}, "actie": {"overdragen"}, "coachId": {jeroen}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"?melding=overgedragen" {
		t.Fatalf("hand over by a beheerder: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if now, _ := env.db.Participant(env.ctx, pt.ID); now.CoachID != jeroen || len(now.SharedWith) != 0 {
		t.Fatalf("after the beheerder handed over: coach %s, shared with %v", now.CoachID, now.SharedWith)
	}
}

// beheerder gives the demo beheerder the demo password and returns their
// username.
func beheerder(t *testing.T, env *appEnv) string {
	t.Helper()
	for _, u := range mustUsers(t, env) {
		if u.Role == plekwijzer.RoleAdmin {
			if err := env.db.SetPassword(env.ctx, u.ID, "beheer-test", demoPassword); err != nil {
				t.Fatal(err)
			}
			return "beheer-test"
		}
	}
	t.Fatal("no demo beheerder")
	return ""
}

func testExport(t *testing.T, env *appEnv) {
	fatma := demoCoach(t, env, "Coach Fatma Y.")
	coach := loggedIn(t, env, "fatma")
	pt, pls := ownParticipant(t, env, fatma, true)
	page := "/deelnemers/" + pt.ID
	if _, body := coach.get(page); !strings.Contains(body, `href="`+page+`/inzage"`) || !strings.Contains(body, "Alle gegevens downloaden (inzage)") {
		t.Fatal("the participant page has no link to download everything")
	}
	before := exports(t, env, pt.ID)
	res, body := coach.get(page + "/inzage")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		res.Header.Get("Content-Disposition") != `attachment; filename="deelnemer-`+pt.Code+`.json"` {
		t.Fatalf("download: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	var doc struct {
		Participant plekwijzer.Participant  `json:"deelnemer"`
		Placements  []plekwijzer.Placement  `json:"plaatsingen"`
		Accesses    []plekwijzer.AuditEntry `json:"inzage"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("the download is not JSON: %v", err)
	}
	if doc.Participant.Code != pt.Code || len(doc.Placements) != len(pls) ||
		!slices.ContainsFunc(doc.Accesses, func(a plekwijzer.AuditEntry) bool { return a.Action == plekwijzer.AuditExport }) {
		t.Errorf("the download holds %s with %d placements (want %s, %d) and %d accesses", doc.Participant.Code, len(doc.Placements), pt.Code, len(pls), len(doc.Accesses))
	}
	after := exports(t, env, pt.ID)
	if len(after) != len(before)+1 || after[0].UserID != fatma {
		t.Errorf("the audit log has %d exports (was %d)", len(after), len(before))
	}

	// A colleague it is shared with may not: the API's refusal.
	jeroen := demoCoach(t, env, "Coach Jeroen B.")
	if _, err := env.db.UpdateParticipant(env.ctx, pt.ID, plekwijzer.ParticipantUpdate{SharedWith: &[]string{jeroen}}, 0); err != nil {
		t.Fatal(err)
	}
	colleague := loggedIn(t, env, "jeroen")
	if res, body := colleague.get(page + "/inzage"); res.StatusCode != http.StatusForbidden || res.Header.Get("Content-Disposition") != "" || !strings.Contains(body, "Alleen de eigen coach") {
		t.Errorf("download by a colleague it is shared with: %d", res.StatusCode)
	}
	if n := len(exports(t, env, pt.ID)); n != len(after) {
		t.Errorf("a refused download was logged as an export")
	}
}

// exports are the audit log's export entries of a participant, newest
// first.
func exports(t *testing.T, env *appEnv, id string) []*plekwijzer.AuditEntry {
	t.Helper()
	es, _, err := env.db.FindAudit(env.ctx, plekwijzer.AuditFilter{ParticipantID: id, Action: plekwijzer.AuditExport, Page: plekwijzer.Page{Number: 1, Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	return es
}
