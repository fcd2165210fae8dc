package api_test

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/seed"
)

// roleRow is one request of the role matrix and the status each user gets.
type roleRow struct {
	op   string         // the operation as routes.go has it, e.g. "GET /deelnemers/{id}"
	path string         // the request, under /api/v1
	body any            // the body of a POST or PATCH
	want map[string]int // user key (env.users) → status
}

// roleMatrixUsers are the users the matrix asks as, in this order. Every
// row is also sent without a token and with a token that does not exist.
var roleMatrixUsers = []string{"admin", "coach", "coach2", "partner", "partner2", "manager"}

// roleRequiredUsers must each have an expectation for every operation.
var roleRequiredUsers = []string{"admin", "coach", "partner", "manager"}

// TestRoleMatrix sends every operation of the API as every role, without a
// token and with a bad token, and checks the status against the rules of
// shared/API.md (roles in routes.go, objects in policy.go).
//
// The requests are harmless: a POST or PATCH carries an empty or invalid
// body, so a role that may call the operation gets 400 and one that may not
// gets 403 (the role is checked before the body is read, the object before
// the body is validated); a DELETE by a role that may delete names an id
// nobody has (404). Records the matrix points at are checked to be
// unchanged at the end.
func TestRoleMatrix(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		note := e.notePausedOffer("RL-NOTE-01") // coach's
		before := roleState(e, f)

		none := roleUnknownID
		orgA, orgB := e.orgA.ID, e.orgB.ID
		fiets := seed.WorkTypeID("fietsenreparatie")
		skill := e.roleList("/vaardigheden?paginaGrootte=1", "admin").Items[0]["id"].(string)
		coachUser := e.users["coach"].ID
		empty := map[string]any{}
		contingent := e.roleCreate("/contingenten", "admin", map[string]any{"naam": "GON", "werkplekIds": []string{f.offerA},
			"verwijzerIds": []string{orgB}, "plaatsen": map[string]int{"ma-ochtend": 1}, "startdatum": "2026-01-01"})

		const ok, bad, denied, hidden = http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound
		everyone := map[string]int{"admin": ok, "coach": ok, "partner": ok, "manager": ok}
		adminOnly := func(status int) map[string]int {
			return map[string]int{"admin": status, "coach": denied, "partner": denied, "manager": denied}
		}

		rows := []roleRow{
			{"GET /mij", "/mij", nil, everyone},

			// Organisations: everyone reads; a partner changes only its own.
			{"GET /organisaties", "/organisaties", nil, everyone},
			{"POST /organisaties", "/organisaties", empty, adminOnly(bad)},
			{"GET /organisaties/{id}", "/organisaties/" + orgB, nil, everyone},
			{"PATCH /organisaties/{id}", "/organisaties/" + orgA, map[string]any{"soort": "onzin"},
				map[string]int{"admin": bad, "coach": denied, "partner": bad, "partner2": denied, "manager": denied}},
			{"DELETE /organisaties/{id}", "/organisaties/" + none, nil, adminOnly(hidden)},
			{"DELETE /organisaties/{id}", "/organisaties/" + orgA, nil,
				map[string]int{"coach": denied, "partner": denied, "manager": denied}},

			// The catalogue: everyone reads, the beheerder keeps it.
			{"GET /werksoorten", "/werksoorten", nil, everyone},
			{"POST /werksoorten", "/werksoorten", empty, adminOnly(bad)},
			{"GET /werksoorten/{id}", "/werksoorten/" + fiets, nil, everyone},
			{"PATCH /werksoorten/{id}", "/werksoorten/" + fiets, map[string]any{"fysiekeBelasting": "onzin"}, adminOnly(bad)},
			{"DELETE /werksoorten/{id}", "/werksoorten/" + none, nil, adminOnly(hidden)},
			{"DELETE /werksoorten/{id}", "/werksoorten/" + fiets, nil,
				map[string]int{"coach": denied, "partner": denied, "manager": denied}},
			{"GET /vaardigheden", "/vaardigheden", nil, everyone},
			{"GET /vaardigheden/{id}", "/vaardigheden/" + skill, nil, everyone},

			// Offers: everyone reads, but a partner only its own
			// organisation's, and changes only those; another
			// organisation's offer looks unknown to it (404), as a
			// participant of another caseload does to a coach.
			{"GET /werkplekken", "/werkplekken", nil, map[string]int{"admin": ok, "coach": ok, "partner": ok, "partner2": ok, "manager": ok}},
			// Search: coaches, managers and beheerders; partners keep to
			// their own offers.
			{"GET /zoeken", "/zoeken", nil, map[string]int{"admin": ok, "coach": ok, "partner": denied, "manager": ok}},
			{"POST /werkplekken", "/werkplekken", empty,
				map[string]int{"admin": bad, "coach": denied, "partner": bad, "manager": denied}},
			{"GET /werkplekken/{id}", "/werkplekken/" + f.offerA, nil,
				map[string]int{"admin": ok, "coach": ok, "partner": ok, "partner2": hidden, "manager": ok}},
			{"GET /werkplekken/{id}", "/werkplekken/" + f.offerB, nil,
				map[string]int{"admin": ok, "coach": ok, "partner": hidden, "partner2": ok, "manager": ok}},
			{"PATCH /werkplekken/{id}", "/werkplekken/" + f.offerA, map[string]any{"titel": ""},
				map[string]int{"admin": bad, "coach": denied, "partner": bad, "partner2": hidden, "manager": denied}},
			{"PATCH /werkplekken/{id}", "/werkplekken/" + f.offerB, map[string]any{"titel": ""},
				map[string]int{"partner": hidden, "partner2": bad}},
			{"DELETE /werkplekken/{id}", "/werkplekken/" + none, nil,
				map[string]int{"admin": hidden, "coach": denied, "partner": hidden, "manager": denied}},
			{"DELETE /werkplekken/{id}", "/werkplekken/" + f.offerB, nil,
				map[string]int{"coach": denied, "partner": hidden, "manager": denied}},
			{"DELETE /werkplekken/{id}", "/werkplekken/" + f.offerA, nil, map[string]int{"partner2": hidden}},

			// Participants: the beheerder and the coach whose caseload it
			// is; another coach cannot tell it from an unknown id.
			{"GET /deelnemers", "/deelnemers", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": ok, "partner": denied, "manager": denied}},
			{"POST /deelnemers", "/deelnemers", empty,
				map[string]int{"admin": bad, "coach": bad, "partner": denied, "manager": denied}},
			{"GET /deelnemers/{id}", "/deelnemers/" + f.participant, nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": denied, "manager": denied}},
			{"PATCH /deelnemers/{id}", "/deelnemers/" + f.participant, map[string]any{"begeleidingsbehoefte": 9},
				map[string]int{"admin": bad, "coach": bad, "coach2": hidden, "partner": denied, "manager": denied}},
			{"DELETE /deelnemers/{id}", "/deelnemers/" + none, nil,
				map[string]int{"admin": hidden, "coach": hidden, "partner": denied, "manager": denied}},
			{"DELETE /deelnemers/{id}", "/deelnemers/" + f.participant, nil,
				map[string]int{"coach2": hidden, "partner": denied, "manager": denied}},

			// Matching: coaches for their own caseload, the beheerder for
			// everyone; the demand gap is counts only, for managers too.
			{"GET /deelnemers/{id}/export", "/deelnemers/" + f.participant + "/export", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": denied, "manager": denied}},
			{"GET /deelnemers/{id}/matches", "/deelnemers/" + f.participant + "/matches", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": denied, "manager": denied}},
			{"GET /deelnemers/{id}/werksoorten", "/deelnemers/" + f.participant + "/werksoorten", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": denied, "manager": denied}},
			{"GET /werkplekken/{id}/kandidaten", "/werkplekken/" + f.offerA + "/kandidaten", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": ok, "partner": denied, "manager": denied}},
			{"GET /organisaties/{id}/contactpersonen", "/organisaties/" + orgA + "/contactpersonen", nil,
				map[string]int{"admin": ok, "coach": ok, "partner": denied, "manager": denied}},
			{"GET /passend", "/passend", nil,
				map[string]int{"admin": ok, "coach": ok, "partner": denied, "manager": denied}},
			{"GET /werkplekken/{id}/vrij", "/werkplekken/" + f.offerA + "/vrij", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": ok, "partner": ok, "partner2": hidden, "manager": ok}},
			{"POST /planningen", "/planningen", map[string]any{"dagdelen": 0},
				map[string]int{"admin": bad, "coach": bad, "partner": denied, "manager": denied}},
			{"GET /statistieken/vraag", "/statistieken/vraag", nil,
				map[string]int{"admin": ok, "coach": denied, "partner": denied, "manager": ok}},

			// Placements: the coach of the participant, the partner of the
			// offer; managers not at all.
			{"GET /plaatsingen", "/plaatsingen", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": ok, "partner": ok, "partner2": ok, "manager": denied}},
			{"POST /plaatsingen", "/plaatsingen", empty,
				map[string]int{"admin": bad, "coach": bad, "partner": denied, "manager": denied}},
			{"GET /plaatsingen/{id}", "/plaatsingen/" + f.placement, nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": ok, "partner2": hidden, "manager": denied}},
			{"PATCH /plaatsingen/{id}", "/plaatsingen/" + f.placement, map[string]any{"status": "onzin"},
				map[string]int{"admin": bad, "coach": bad, "coach2": hidden, "partner": bad, "partner2": hidden, "manager": denied}},

			// The audit log: the beheerder only.
			{"GET /audit", "/audit", nil, adminOnly(ok)},
			{"GET /bewaartermijn", "/bewaartermijn", nil, adminOnly(ok)},

			// Contingents: the beheerder keeps them; coaches and managers
			// read them. Timelines and the waiting list: the coach of the
			// participant and the beheerder. Statistics: managers and the
			// beheerder, aggregates only.
			{"GET /contingenten", "/contingenten", nil, map[string]int{"admin": ok, "coach": ok, "partner": denied, "manager": ok}},
			{"POST /contingenten", "/contingenten", empty, adminOnly(bad)},
			{"GET /contingenten/{id}", "/contingenten/" + contingent, nil, map[string]int{"admin": ok, "coach": ok, "partner": denied, "manager": ok}},
			{"PATCH /contingenten/{id}", "/contingenten/" + contingent, map[string]any{"vrijgaveDagen": -1}, adminOnly(bad)},
			{"DELETE /contingenten/{id}", "/contingenten/" + none, nil, adminOnly(hidden)},
			{"DELETE /contingenten/{id}", "/contingenten/" + contingent, nil, map[string]int{"coach": denied, "partner": denied, "manager": denied}},
			{"GET /deelnemers/{id}/tijdlijn", "/deelnemers/" + f.participant + "/tijdlijn", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": denied, "manager": denied}},
			{"GET /wachtlijst", "/wachtlijst", nil, map[string]int{"admin": ok, "coach": ok, "coach2": ok, "partner": denied, "manager": denied}},
			{"GET /statistieken/bezetting", "/statistieken/bezetting", nil, map[string]int{"admin": ok, "coach": denied, "partner": denied, "manager": ok}},
			{"GET /statistieken/uitval", "/statistieken/uitval", nil, map[string]int{"admin": ok, "coach": denied, "partner": denied, "manager": ok}},
			{"GET /statistieken/variatie", "/statistieken/variatie", nil, map[string]int{"admin": ok, "coach": denied, "partner": denied, "manager": ok}},

			// Colleagues by name, to share a participant with or hand one
			// over to: coaches and the beheerder.
			{"GET /coaches", "/coaches", nil, map[string]int{"admin": ok, "coach": ok, "coach2": ok, "partner": denied, "manager": denied}},

			// Users and tokens: the beheerder only.
			{"GET /gebruikers", "/gebruikers", nil, adminOnly(ok)},
			{"POST /gebruikers", "/gebruikers", empty, adminOnly(bad)},
			{"GET /gebruikers/{id}", "/gebruikers/" + coachUser, nil, adminOnly(ok)},
			{"PATCH /gebruikers/{id}", "/gebruikers/" + coachUser, map[string]any{"rol": "onzin"}, adminOnly(bad)},
			{"DELETE /gebruikers/{id}", "/gebruikers/" + none, nil, adminOnly(hidden)},
			{"DELETE /gebruikers/{id}", "/gebruikers/" + coachUser, nil,
				map[string]int{"coach": denied, "partner": denied, "manager": denied}},
			{"GET /gebruikers/{id}/tokens", "/gebruikers/" + coachUser + "/tokens", nil, adminOnly(ok)},
			{"POST /gebruikers/{id}/tokens", "/gebruikers/" + coachUser + "/tokens", map[string]any{"onbekend": 1}, adminOnly(bad)},
			{"DELETE /gebruikers/{id}/tokens/{tokenId}", "/gebruikers/" + coachUser + "/tokens/" + none, nil, adminOnly(hidden)},
			{"GET /gebruikers/{id}/inloggen", "/gebruikers/" + coachUser + "/inloggen", nil, adminOnly(ok)},
			{"PUT /gebruikers/{id}/wachtwoord", "/gebruikers/" + coachUser + "/wachtwoord", empty, adminOnly(bad)},
			{"POST /gebruikers/{id}/koppelingen", "/gebruikers/" + coachUser + "/koppelingen", empty, adminOnly(bad)},
			{"DELETE /gebruikers/{id}/koppelingen", "/gebruikers/" + none + "/koppelingen", nil, adminOnly(hidden)},

			// Voordrachten: the werkplek answers; both sides reply to an
			// intake and write in the thread; another organisation's or
			// another caseload's placement looks unknown.
			{"POST /plaatsingen/{id}/antwoord", "/plaatsingen/" + f.placement + "/antwoord", empty,
				map[string]int{"admin": bad, "coach": denied, "partner": bad, "partner2": hidden, "manager": denied}},
			{"POST /plaatsingen/{id}/kennismaking", "/plaatsingen/" + f.placement + "/kennismaking", empty,
				map[string]int{"admin": bad, "coach": bad, "coach2": hidden, "partner": bad, "partner2": hidden, "manager": denied}},
			{"GET /plaatsingen/{id}/berichten", "/plaatsingen/" + f.placement + "/berichten", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": ok, "partner2": hidden, "manager": denied}},
			{"POST /plaatsingen/{id}/berichten", "/plaatsingen/" + f.placement + "/berichten", empty,
				map[string]int{"admin": bad, "coach": bad, "coach2": hidden, "partner": bad, "partner2": hidden, "manager": denied}},
			// Attendance: whoever sees the placement reads and records it.
			{"GET /plaatsingen/{id}/aanwezigheid", "/plaatsingen/" + f.placement + "/aanwezigheid", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": ok, "partner2": hidden, "manager": denied}},
			{"PUT /plaatsingen/{id}/aanwezigheid", "/plaatsingen/" + f.placement + "/aanwezigheid", empty,
				map[string]int{"admin": bad, "coach": bad, "coach2": hidden, "partner": bad, "partner2": hidden, "manager": denied}},
			// Evaluations: whoever sees the placement reads and records
			// (a partner only the werkplek's part); managers never.
			{"GET /werknemersvaardigheden", "/werknemersvaardigheden", nil, everyone},
			{"GET /plaatsingen/{id}/evaluaties", "/plaatsingen/" + f.placement + "/evaluaties", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": ok, "partner2": hidden, "manager": denied}},
			{"POST /plaatsingen/{id}/evaluaties", "/plaatsingen/" + f.placement + "/evaluaties", empty,
				map[string]int{"admin": bad, "coach": bad, "coach2": hidden, "partner": bad, "partner2": hidden, "manager": denied}},
			{"GET /evaluaties/te-doen", "/evaluaties/te-doen", nil,
				map[string]int{"admin": ok, "coach": ok, "partner": ok, "manager": denied}},
			{"GET /deelnemers/{id}/ontwikkeling", "/deelnemers/" + f.participant + "/ontwikkeling", nil,
				map[string]int{"admin": ok, "coach": ok, "coach2": hidden, "partner": denied, "manager": denied}},
			{"GET /statistieken/voordrachten", "/statistieken/voordrachten", nil,
				map[string]int{"admin": ok, "coach": denied, "partner": denied, "manager": ok}},
			// Notifications: everyone their own only; another's is not
			// found. Failed mail: the beheerder. (Marking all read is
			// undone by the row after it.)
			{"GET /meldingen", "/meldingen", nil, everyone},
			{"GET /meldingen/mislukt", "/meldingen/mislukt", nil, adminOnly(ok)},
			{"POST /meldingen/alles-gelezen", "/meldingen/alles-gelezen", nil, everyone},
			{"PATCH /meldingen/{id}", "/meldingen/" + note, map[string]any{"gelezen": false},
				map[string]int{"admin": hidden, "coach": ok, "coach2": hidden, "partner": hidden, "partner2": hidden, "manager": hidden}},
			{"GET /mij/meldingsvoorkeuren", "/mij/meldingsvoorkeuren", nil, everyone},
			{"PUT /mij/meldingsvoorkeuren", "/mij/meldingsvoorkeuren", empty,
				map[string]int{"admin": bad, "coach": bad, "partner": bad, "manager": bad}},
		}

		roleCheckMatrix(t, e, rows)

		for _, row := range rows {
			method, _, _ := strings.Cut(row.op, " ")
			for _, user := range roleMatrixUsers {
				want, ok := row.want[user]
				if !ok {
					continue
				}
				r := e.do(method, "/api/v1"+row.path, user, row.body)
				if r.Status != want {
					t.Errorf("%s %s as %s: %d, want %d; body: %s", method, row.path, user, r.Status, want, r.Body)
				}
			}
			for _, token := range []string{"", "pw_nonsense"} {
				r := e.do(method, "/api/v1"+row.path, token, row.body)
				challenge := r.Header.Get("WWW-Authenticate")
				switch {
				case r.Status != http.StatusUnauthorized:
					t.Errorf("%s %s with token %q: %d, want 401; body: %s", method, row.path, token, r.Status, r.Body)
				case !strings.HasPrefix(challenge, "Bearer "):
					t.Errorf("%s %s with token %q: WWW-Authenticate %q, want a Bearer challenge", method, row.path, token, challenge)
				case token != "" && !strings.Contains(challenge, `error="invalid_token"`):
					t.Errorf("%s %s with a bad token: WWW-Authenticate %q lacks error=\"invalid_token\"", method, row.path, challenge)
				}
			}
		}

		if after := roleState(e, f); !slices.Equal(after, before) {
			t.Errorf("the matrix changed records:\nbefore %s\nafter  %s", strings.Join(before, "\n       "), strings.Join(after, "\n       "))
		}
	})
}

// roleCheckMatrix checks the table itself: one operation of the server per
// row, every operation of the server in it (a new route without rows fails
// here), an expectation for every role, each row's path an instance of its
// operation, and no row letting a partner or manager near a participant
// profile.
func roleCheckMatrix(t *testing.T, e *env, rows []roleRow) {
	t.Helper()
	served := map[string]bool{}
	for _, r := range e.srv.Routes() {
		if !slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}, r.Method) {
			continue // Echo's catch-all "route not found" entries of the group
		}
		path := strings.TrimPrefix(r.Path, "/api/v1")
		if path == "/openapi.json" || strings.HasPrefix(path, "/publiek/") {
			continue // public, no roles (public_test.go)
		}
		path = regexp.MustCompile(`:(\w+)`).ReplaceAllString(path, "{$1}")
		served[r.Method+" "+path] = true
	}
	covered := map[string][]string{}
	for _, row := range rows {
		if !served[row.op] {
			t.Errorf("matrix row %q: the server has no such operation", row.op)
		}
		_, pattern, _ := strings.Cut(row.op, " ")
		re := "^" + regexp.MustCompile(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(pattern), `[^/]+`) + "$"
		if !regexp.MustCompile(re).MatchString(row.path) {
			t.Errorf("matrix row %q: path %s does not fit it", row.op, row.path)
		}
		for user, status := range row.want {
			if !slices.Contains(roleMatrixUsers, user) {
				t.Errorf("matrix row %q: unknown user %q", row.op, user)
			}
			if strings.HasPrefix(pattern, "/deelnemers") && (strings.HasPrefix(user, "partner") || user == "manager") && status != http.StatusForbidden {
				t.Errorf("matrix row %q: %s must get 403 on participant profiles, the row says %d", row.op, user, status)
			}
			covered[row.op] = append(covered[row.op], user)
		}
	}
	var missing []string
	for op := range served {
		for _, user := range roleRequiredUsers {
			if !slices.Contains(covered[op], user) {
				missing = append(missing, fmt.Sprintf("%s as %s", op, user))
			}
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("the matrix has no row for %s", m)
	}
}

// roleState describes, as the beheerder sees them, every record the matrix
// points at and the size of every list, one line each: what no refused or
// invalid request may change.
func roleState(e *env, f *roleFixtures) []string {
	e.t.Helper()
	var out []string
	for _, path := range []string{
		"/organisaties/" + e.orgA.ID, "/organisaties/" + e.orgB.ID,
		"/werksoorten/" + seed.WorkTypeID("fietsenreparatie"),
		"/werkplekken/" + f.offerA, "/werkplekken/" + f.offerB,
		"/deelnemers/" + f.participant, "/plaatsingen/" + f.placement,
		"/gebruikers/" + e.users["coach"].ID,
	} {
		out = append(out, path+" "+roleJSON(e.roleSnapshot(path)))
	}
	for _, path := range []string{"/organisaties", "/werksoorten", "/werkplekken", "/deelnemers", "/plaatsingen", "/gebruikers"} {
		out = append(out, fmt.Sprintf("%s totaal %d", path, e.roleList(path, "admin").Total))
	}
	var tokens []map[string]any
	e.do("GET", "/api/v1/gebruikers/"+e.users["coach"].ID+"/tokens", "admin", nil).want(http.StatusOK).json(&tokens)
	out = append(out, fmt.Sprintf("tokens of coach: %d", len(tokens)))
	return out
}

// TestObjectLevelCoach checks that a coach reaches only the participants of
// their own caseload and those shared with them (policy.go), and that any
// other id looks exactly like one that does not exist.
func TestObjectLevelCoach(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		coach, coach2 := e.users["coach"].ID, e.users["coach2"].ID
		var theirs []string // coach2's caseload
		for i := range 3 {
			theirs = append(theirs, e.roleCreate("/deelnemers", "coach2", roleParticipantBody(fmt.Sprintf("RL-COACH2-%02d", i+1))))
		}
		theirPlacement := e.roleCreate("/plaatsingen", "coach2", rolePlacementBody(theirs[0], f.offerA, "di-ochtend"))

		// Another coach's participants, guessed ids and ids of other kinds
		// of record all answer 404 with the body of an unknown id, to
		// reads, changes and deletes alike.
		changeFase := map[string]any{"fase": "beschut"}
		body := map[string]any{"PATCH": changeFase} // GET and DELETE: none
		unknown := map[string]map[string]any{}
		for _, method := range []string{"GET", "PATCH", "DELETE"} {
			unknown[method] = roleProblem(e.do(method, "/api/v1/deelnemers/"+roleUnknownID, "coach", body[method]).want(http.StatusNotFound))
		}
		probes := append(slices.Clone(theirs), roleGuessedIDs(20)...)
		probes = append(probes, coach2, f.offerA, theirPlacement, e.orgA.ID)
		snapshots := map[string]map[string]any{}
		for _, id := range theirs {
			snapshots[id] = e.roleSnapshot("/deelnemers/" + id)
		}
		for _, id := range probes {
			for _, method := range []string{"GET", "PATCH", "DELETE"} {
				r := e.do(method, "/api/v1/deelnemers/"+id, "coach", body[method])
				if r.Status != http.StatusNotFound {
					t.Errorf("%s /deelnemers/%s as coach: %d, want 404; body: %s", method, id, r.Status, r.Body)
				} else if got := roleProblem(r); !reflect.DeepEqual(got, unknown[method]) {
					t.Errorf("%s /deelnemers/%s as coach: %s, unlike an unknown id: %s", method, id, roleJSON(got), roleJSON(unknown[method]))
				}
			}
		}
		// Nor can a coach share someone else's participant with themselves.
		e.do("PATCH", "/api/v1/deelnemers/"+theirs[0], "coach", map[string]any{"gedeeldMet": []string{coach}}).want(http.StatusNotFound)
		for id, before := range snapshots {
			e.roleUnchanged("/deelnemers/"+id, before, "a coach probed it")
		}

		// Lists hold the own caseload only, also when filtered on the
		// other coach.
		if got := e.roleList("/deelnemers", "coach").ids(); !slices.Equal(got, []string{f.participant}) {
			t.Errorf("coach's list: %v, want only %s", got, f.participant)
		}
		if got := e.roleList("/deelnemers", "coach2").ids(); !slices.Equal(got, roleSorted(theirs...)) {
			t.Errorf("coach2's list: %v, want %v", got, roleSorted(theirs...))
		}
		if l := e.roleList("/deelnemers?coachId="+coach2, "coach"); l.Total != 0 || len(l.Items) != 0 {
			t.Errorf("coach's list filtered on coach2: %d items (totaal %d), want none", len(l.Items), l.Total)
		}
		if got := e.roleList("/plaatsingen", "coach").ids(); !slices.Equal(got, []string{f.placement}) {
			t.Errorf("coach's placements: %v, want only %s", got, f.placement)
		}
		if l := e.roleList("/plaatsingen?deelnemerId="+theirs[0], "coach"); l.Total != 0 {
			t.Errorf("coach's placements of coach2's participant: totaal %d, want 0", l.Total)
		}

		// Another coach's placement is hidden like their participant.
		placementBefore := e.roleSnapshot("/plaatsingen/" + theirPlacement)
		roleHiddenLikeUnknown(e, "coach", "/plaatsingen/", theirPlacement, map[string]any{"einddatum": "2026-12-31"})
		e.roleUnchanged("/plaatsingen/"+theirPlacement, placementBefore, "coach tried to change it")

		// Booking for another coach's participant: deelnemerId is invalid,
		// exactly as for an unknown id, and nothing is booked.
		placements := e.roleList("/plaatsingen", "admin").Total
		forTheirs := e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(theirs[1], f.offerA, "ma-ochtend")).want(http.StatusBadRequest)
		if got := forTheirs.invalidParams(); !slices.Equal(got, []string{"deelnemerId"}) {
			t.Errorf("booking for coach2's participant: invalidParams %v, want [deelnemerId]", got)
		}
		forNobody := e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(roleUnknownID, f.offerA, "ma-ochtend")).want(http.StatusBadRequest)
		if a, b := roleProblem(forTheirs), roleProblem(forNobody); !reflect.DeepEqual(a, b) {
			t.Errorf("booking for coach2's participant: %s, unlike for an unknown id: %s", roleJSON(a), roleJSON(b))
		}
		if n := e.roleList("/plaatsingen", "admin").Total; n != placements {
			t.Errorf("refused bookings changed the number of placements from %d to %d", placements, n)
		}
		if n := e.roleList("/plaatsingen?deelnemerId="+theirs[1], "admin").Total; n != 0 {
			t.Errorf("coach2's participant got %d placements from coach", n)
		}

		// A coach creates participants only in their own caseload.
		participants := e.roleList("/deelnemers", "admin").Total
		intoTheirs := roleParticipantBody("RL-INTRUDER-01")
		intoTheirs["coachId"] = coach2
		e.do("POST", "/api/v1/deelnemers", "coach", intoTheirs).want(http.StatusForbidden)
		if n := e.roleList("/deelnemers", "admin").Total; n != participants {
			t.Errorf("a refused create changed the number of participants from %d to %d", participants, n)
		}

		// Shared by the owning coach and by the beheerder, coach sees the
		// participants and their placements.
		e.do("PATCH", "/api/v1/deelnemers/"+theirs[0], "coach2", map[string]any{"gedeeldMet": []string{coach}}, "If-Match", `"1"`).want(http.StatusOK)
		e.do("PATCH", "/api/v1/deelnemers/"+theirs[1], "admin", map[string]any{"gedeeldMet": []string{coach}}, "If-Match", `"1"`).want(http.StatusOK)
		e.do("GET", "/api/v1/deelnemers/"+theirs[0], "coach", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/deelnemers/"+theirs[1], "coach", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/deelnemers/"+theirs[2], "coach", nil).want(http.StatusNotFound)
		if got, want := e.roleList("/deelnemers", "coach").ids(), roleSorted(f.participant, theirs[0], theirs[1]); !slices.Equal(got, want) {
			t.Errorf("coach's list after sharing: %v, want %v", got, want)
		}
		if got, want := e.roleList("/deelnemers?coachId="+coach2, "coach").ids(), roleSorted(theirs[0], theirs[1]); !slices.Equal(got, want) {
			t.Errorf("coach's list filtered on coach2 after sharing: %v, want %v", got, want)
		}
		e.do("GET", "/api/v1/plaatsingen/"+theirPlacement, "coach", nil).want(http.StatusOK)

		// Coach may work with a shared participant, but only the owner
		// (or the beheerder) hands it over, shares it or deletes it.
		e.do("PATCH", "/api/v1/deelnemers/"+theirs[0], "coach", changeFase).want(http.StatusOK)
		shared := "/deelnemers/" + theirs[0]
		before := e.roleSnapshot(shared)
		e.do("DELETE", "/api/v1"+shared, "coach", nil).want(http.StatusForbidden)
		e.roleUnchanged(shared, before, "coach tried to delete it")
		for _, change := range []map[string]any{
			{"coachId": coach},
			{"gedeeldMet": []string{}},
			{"gedeeldMet": []string{coach, coach2}},
			{"coachId": coach, "fase": "intake"}, // no part of a refused change is written
		} {
			e.do("PATCH", "/api/v1"+shared, "coach", change).want(http.StatusForbidden)
			e.roleUnchanged(shared, before, "coach tried "+roleJSON(change))
		}
	})
}

// TestObjectLevelPartner checks that a partner keeps its own organisation's
// offers and the outcomes of placements there, sees a participant only by
// code, and touches nothing of another organisation.
func TestObjectLevelPartner(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		elsewhere := e.roleCreate("/deelnemers", "coach", roleParticipantBody("RL-COACH-02"))
		placementB := e.roleCreate("/plaatsingen", "coach", rolePlacementBody(elsewhere, f.offerB, "ma-ochtend"))

		// Offers of another organisation: not created, moved, changed or
		// deleted. Each refusal leaves everything as it was.
		offersB := e.roleList("/werkplekken?organisatieId="+e.orgB.ID, "admin").Total
		e.do("POST", "/api/v1/werkplekken", "partner", roleOfferBody(e.orgB.ID, "Namens een ander", "inpakken", "9723")).want(http.StatusForbidden)
		if n := e.roleList("/werkplekken?organisatieId="+e.orgB.ID, "admin").Total; n != offersB {
			t.Errorf("a refused create changed orgB's offers from %d to %d", offersB, n)
		}
		offerA, offerB := "/werkplekken/"+f.offerA, "/werkplekken/"+f.offerB
		beforeA, beforeB := e.roleSnapshot(offerA), e.roleSnapshot(offerB)
		e.do("PATCH", "/api/v1"+offerA, "partner", map[string]any{"organisatieId": e.orgB.ID}).want(http.StatusForbidden)
		e.roleUnchanged(offerA, beforeA, "partner tried to move it to orgB")
		e.do("PATCH", "/api/v1"+offerB, "partner", map[string]any{"titel": "Overgenomen"}).want(http.StatusNotFound)
		e.roleUnchanged(offerB, beforeB, "partner tried to change it")
		e.do("DELETE", "/api/v1"+offerB, "partner", nil).want(http.StatusNotFound)
		e.roleUnchanged(offerB, beforeB, "partner tried to delete it")

		// Its own: created without naming the organisation, and changed.
		own := e.do("POST", "/api/v1/werkplekken", "partner", roleOfferBody("", "Banden plakken", "fietsenreparatie", "9713")).want(http.StatusCreated).obj()
		if own["organisatieId"] != e.orgA.ID {
			t.Errorf("partner's new offer belongs to %v, want orgA %s", own["organisatieId"], e.orgA.ID)
		}
		changed := e.do("PATCH", "/api/v1"+offerA, "partner", map[string]any{"titel": "Fietsen repareren en verkopen"}, "If-Match", `"1"`).want(http.StatusOK).obj()
		if changed["titel"] != "Fietsen repareren en verkopen" || changed["versie"] != 2.0 {
			t.Errorf("partner's change of its own offer: %s", roleJSON(changed))
		}

		// Lists: only its own organisation's offers.
		mine := e.roleList("/werkplekken", "partner")
		for _, o := range mine.Items {
			if o["organisatieId"] != e.orgA.ID {
				t.Errorf("partner's list holds offer %v of organisation %v", o["id"], o["organisatieId"])
			}
		}
		if want := e.roleList("/werkplekken?organisatieId="+e.orgA.ID, "admin"); mine.Total != want.Total || !slices.Equal(mine.ids(), want.ids()) {
			t.Errorf("partner's list: %v, want orgA's offers %v", mine.ids(), want.ids())
		}
		e.roleList("/werkplekken?organisatieId="+e.orgA.ID, "partner")
		e.do("GET", "/api/v1/werkplekken?organisatieId="+e.orgB.ID, "partner", nil).want(http.StatusForbidden)
		e.do("GET", "/api/v1"+offerB, "partner", nil).want(http.StatusNotFound)

		// Placements at its offers, by participant code only.
		roleCheckRedacted := func(what string, pl map[string]any) {
			t.Helper()
			if id, present := pl["deelnemerId"]; !present || id != nil {
				t.Errorf("%s shows the partner deelnemerId %v, want null", what, id)
			}
			if pl["deelnemerCode"] != f.participantCode {
				t.Errorf("%s shows deelnemerCode %v, want %s", what, pl["deelnemerCode"], f.participantCode)
			}
		}
		placements := e.roleList("/plaatsingen", "partner")
		if !slices.Equal(placements.ids(), []string{f.placement}) {
			t.Errorf("partner's placements: %v, want only %s", placements.ids(), f.placement)
		} else {
			roleCheckRedacted("the list", placements.Items[0])
		}
		roleCheckRedacted("GET /plaatsingen/{id}", e.do("GET", "/api/v1/plaatsingen/"+f.placement, "partner", nil).want(http.StatusOK).obj())
		roleHiddenLikeUnknown(e, "partner", "/plaatsingen/", placementB, nil)
		e.do("GET", "/api/v1/plaatsingen?organisatieId="+e.orgB.ID, "partner", nil).want(http.StatusForbidden)
		e.do("GET", "/api/v1/plaatsingen?deelnemerId="+f.participant, "partner", nil).want(http.StatusForbidden)

		// A partner records status and outcome, not day-parts or start,
		// and nothing at another organisation.
		dropout := map[string]any{"status": "uitgevallen", "uitkomst": map[string]any{
			"resultaat": "geen", "uitvalreden": "te-weinig-variatie", "veroorzaaktDoor": "werkplek", "gemisteUren": 4,
		}}
		placement := "/plaatsingen/" + f.placement
		before := e.roleSnapshot(placement)
		for _, change := range []map[string]any{
			{"dagdelen": []string{"di-ochtend"}},
			{"startdatum": "2026-04-01"},
			{"status": "uitgevallen", "uitkomst": dropout["uitkomst"], "dagdelen": []string{"di-ochtend"}},
		} {
			e.do("PATCH", "/api/v1"+placement, "partner", change).want(http.StatusForbidden)
			e.roleUnchanged(placement, before, "partner tried "+roleJSON(change))
		}
		beforePlB := e.roleSnapshot("/plaatsingen/" + placementB)
		roleHiddenLikeUnknown(e, "partner", "/plaatsingen/", placementB, dropout)
		e.roleUnchanged("/plaatsingen/"+placementB, beforePlB, "partner tried to end it")

		ended := e.do("PATCH", "/api/v1"+placement, "partner", dropout, "If-Match", fmt.Sprintf(`"%v"`, before["versie"])).want(http.StatusOK).obj()
		roleCheckRedacted("the answer to the partner's change", ended)
		after := e.roleSnapshot(placement)
		if after["status"] != "uitgevallen" || roleJSON(after["uitkomst"]) != roleJSON(dropout["uitkomst"]) ||
			after["deelnemerId"] != f.participant || after["versie"] != before["versie"].(float64)+1 {
			t.Errorf("after the partner recorded the dropout the beheerder sees %s", roleJSON(after))
		}

		// Organisations: its own, not another.
		orgB := "/organisaties/" + e.orgB.ID
		beforeOrg := e.roleSnapshot(orgB)
		e.do("PATCH", "/api/v1"+orgB, "partner", map[string]any{"plaats": "Haren"}).want(http.StatusForbidden)
		e.roleUnchanged(orgB, beforeOrg, "partner tried to change it")
		e.do("PATCH", "/api/v1/organisaties/"+e.orgA.ID, "partner", map[string]any{"plaats": "Haren"}).want(http.StatusOK)
	})
}

// TestObjectLevelManager checks that a manager reads every offer and
// changes none.
func TestObjectLevelManager(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		all := e.roleList("/werkplekken", "admin")
		if got := e.roleList("/werkplekken", "manager"); !slices.Equal(got.ids(), all.ids()) || got.Total != all.Total {
			t.Errorf("manager's offers: %v, want all %v", got.ids(), all.ids())
		}
		e.do("GET", "/api/v1/werkplekken/"+f.offerB, "manager", nil).want(http.StatusOK)

		e.do("POST", "/api/v1/werkplekken", "manager", roleOfferBody(e.orgA.ID, "Namens de manager", "inpakken", "9713")).want(http.StatusForbidden)
		if n := e.roleList("/werkplekken", "admin").Total; n != all.Total {
			t.Errorf("a refused create changed the number of offers from %d to %d", all.Total, n)
		}
		offer := "/werkplekken/" + f.offerA
		before := e.roleSnapshot(offer)
		e.do("PATCH", "/api/v1"+offer, "manager", map[string]any{"status": "gesloten"}).want(http.StatusForbidden)
		e.roleUnchanged(offer, before, "manager tried to close it")
		e.do("DELETE", "/api/v1"+offer, "manager", nil).want(http.StatusForbidden)
		e.roleUnchanged(offer, before, "manager tried to delete it")
	})
}
