package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/seed"
)

// TestNoParticipantDataWhereItMayNotBe walks every GET operation of the API
// as every role that may not see participant profiles (partners, managers,
// another coach, no token, the public endpoints) and asserts that the
// participant's id and pseudonymous code never appear — not in lists, not
// in search results, not in error messages. The one exception the rules
// make: a partner sees the pseudonymous code on placements at its own
// offers (and on the evaluations of them it has to do).
func TestNoParticipantDataWhereItMayNotBe(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		e.synced()
		ids := map[string]string{
			"organisaties": e.orgA.ID, "werksoorten": seed.WorkTypeID("fietsenreparatie"),
			"werkplekken": f.offerA, "deelnemers": f.participant, "plaatsingen": f.placement,
			"gebruikers": e.users["coach"].ID, "tokenId": f.placement,
		}
		skill := e.roleList("/vaardigheden?paginaGrootte=1", "admin").Items[0]["id"].(string)
		ids["vaardigheden"] = skill
		secrets := []string{f.participant, f.participantCode}
		param := regexp.MustCompile(`:(\w+)`)

		walked := 0
		for _, r := range e.srv.Routes() {
			if r.Method != "GET" {
				continue
			}
			path := param.ReplaceAllStringFunc(r.Path, func(p string) string {
				if p == ":tokenId" {
					return ids["tokenId"]
				}
				seg := strings.Split(strings.TrimPrefix(r.Path, "/api/v1/"), "/")[0]
				return ids[seg]
			})
			// A query that names the participant, as someone probing would.
			probe := path + "?q=" + f.participantCode
			for _, user := range []string{"partner", "partner2", "manager", "coach2", ""} {
				for _, p := range []string{path, probe} {
					res := e.do("GET", p, user, nil)
					if res.Status >= 500 {
						t.Errorf("GET %s as %q: %d", p, user, res.Status)
					}
					body := string(res.Body)
					for _, s := range secrets {
						if !strings.Contains(body, s) {
							continue
						}
						ownPlacements := strings.HasPrefix(r.Path, "/api/v1/plaatsingen") || r.Path == "/api/v1/evaluaties/te-doen"
						if user == "partner" && s == f.participantCode && ownPlacements && res.Status == http.StatusOK {
							continue // the pseudonymous code of a placement at its own offer (or its evaluation to do)
						}
						t.Errorf("GET %s as %q (%d) shows %q: %s", p, user, res.Status, s, body)
					}
				}
			}
			walked++
		}
		// The check can see a leak: the owner's own view shows both.
		own := string(e.do("GET", "/api/v1/deelnemers/"+f.participant, "coach", nil).want(200).Body)
		if !strings.Contains(own, f.participant) || !strings.Contains(own, f.participantCode) {
			t.Fatal("the secrets do not appear even where they belong")
		}
		if walked < 20 {
			t.Fatalf("walked only %d GET operations", walked)
		}
	})
}

// TestHeadersAndCORSOnEveryOperation: every answer of every operation, for
// every role, carries the security headers of API.md; CORS is never "*"
// outside the OpenAPI document and never allows credentials.
func TestHeadersAndCORSOnEveryOperation(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e)
		param := regexp.MustCompile(`:(\w+)`)
		for _, r := range e.srv.Routes() {
			path := param.ReplaceAllString(r.Path, f.participant)
			for _, user := range []string{"admin", "coach", "partner", "manager", ""} {
				res := e.do(r.Method, path, user, map[string]any{}, "Origin", "https://evil.test")
				h := res.Header
				public := strings.HasPrefix(r.Path, "/api/v1/publiek/") || r.Path == "/api/v1/openapi.json"
				if h.Get("API-Version") == "" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Security-Policy") != "frame-ancestors 'none'" {
					t.Errorf("%s %s as %q: headers %v", r.Method, r.Path, user, h)
				}
				if cc := h.Get("Cache-Control"); !public && cc != "no-store" || public && res.Status == 200 && !strings.HasPrefix(cc, "public") {
					t.Errorf("%s %s as %q: Cache-Control %q", r.Method, r.Path, user, cc)
				}
				if acao := h.Get("Access-Control-Allow-Origin"); acao == "*" && r.Path != "/api/v1/openapi.json" || acao == "https://evil.test" {
					t.Errorf("%s %s: Access-Control-Allow-Origin %q", r.Method, r.Path, acao)
				}
				if h.Get("Access-Control-Allow-Credentials") != "" {
					t.Errorf("%s %s: credentials allowed", r.Method, r.Path)
				}
			}
		}
	})
}
