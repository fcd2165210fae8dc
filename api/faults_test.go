package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestOrganisationOnlyForPartners: only a partner belongs to an
// organisation; a coach, manager or beheerder with one is refused naming
// organisatieId, by POST and by PATCH, and changes nothing. A partner who
// becomes a coach loses the organisation.
func TestOrganisationOnlyForPartners(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		for _, role := range []string{"coach", "manager", "beheerder"} {
			r := e.do("POST", "/api/v1/gebruikers", "admin", map[string]any{
				"naam": "Test " + role, "rol": role, "organisatieId": e.orgA.ID,
			}).want(http.StatusBadRequest)
			if got := r.invalidParams(); !slices.Equal(got, []string{"organisatieId"}) {
				t.Errorf("%s with an organisation: invalidParams %v, want [organisatieId]", role, got)
			}
		}
		coach := e.users["coach"].ID
		r := e.do("PATCH", "/api/v1/gebruikers/"+coach, "admin", map[string]any{"organisatieId": e.orgA.ID}).
			want(http.StatusBadRequest)
		if got := r.invalidParams(); !slices.Equal(got, []string{"organisatieId"}) {
			t.Errorf("PATCH a coach's organisation: invalidParams %v, want [organisatieId]", got)
		}
		if u := e.do("GET", "/api/v1/gebruikers/"+coach, "admin", nil).want(200).obj(); u["organisatieId"] != nil {
			t.Errorf("a refused PATCH changed the coach: %v", u)
		}
		partner := e.users["partner"].ID
		u := e.do("PATCH", "/api/v1/gebruikers/"+partner, "admin", map[string]any{"rol": "coach"}).want(200).obj()
		if u["rol"] != "coach" || u["organisatieId"] != nil {
			t.Errorf("a partner made coach keeps the organisation: %v", u)
		}
	})
}

// TestDatabaseOutage: while PostgreSQL cannot be reached (a proxy in
// front of it is cut: open connections break, new ones are refused) every
// request that needs it answers 503 with Retry-After and a problem saying
// the database is unavailable, not 500; /livez stays 200; once it is back,
// the same requests succeed without a restart.
func TestDatabaseOutage(t *testing.T) {
	if !slices.Contains(storetest.Engines(t), store.Postgres) {
		t.Skip("PostgreSQL only (PLEKWIJZER_TEST_DATABASE_URL is not set): an embedded SQLite file does not go away")
	}
	proxy, dbURL := storetest.NewProxy(t, storetest.URL(t, store.Postgres))
	e := newEnv(t, storetest.Open(t, dbURL))
	requests := []struct{ method, path, user string }{
		{"GET", "/api/v1/organisaties", "admin"},
		{"GET", "/api/v1/werkplekken?status=open", "coach"},
		{"POST", "/api/v1/organisaties", "admin"},
		{"GET", "/api/v1/mij", "coach"},
		{"GET", "/api/v1/deelnemers", "coach"},
		{"GET", "/api/v1/zoeken?q=fiets", "coach"},
		{"GET", "/api/v1/statistieken/uitval", "manager"},
		{"GET", "/api/v1/publiek/werksoorten", ""},
		{"GET", "/api/v1/publiek/werkplekken", ""},
	}
	body := map[string]any{"naam": "Groenbedrijf Noord", "soort": "sociale-onderneming", "postcode": "9716", "plaats": "Groningen"}
	send := func(method, path, user string) *response {
		if method == "POST" {
			return e.do(method, path, user, body)
		}
		return e.do(method, path, user, nil)
	}
	proxy.Cut()
	for _, r := range requests {
		res := send(r.method, r.path, r.user).want(http.StatusServiceUnavailable)
		p := res.obj()
		if res.Header.Get("Retry-After") == "" || !strings.Contains(p["detail"].(string), "database") || p["title"] != "Niet beschikbaar" {
			t.Errorf("%s %s during the outage: Retry-After %q, problem %v", r.method, r.path, res.Header.Get("Retry-After"), p)
		}
	}
	e.do("GET", "/livez", "", nil).want(http.StatusOK)
	e.do("GET", "/readyz", "", nil).want(http.StatusServiceUnavailable)
	proxy.Restore()
	for _, r := range requests {
		if res := send(r.method, r.path, r.user); res.Status >= 500 {
			t.Errorf("%s %s after the outage: %d %s", r.method, r.path, res.Status, res.Body)
		}
	}
	e.do("GET", "/readyz", "", nil).want(http.StatusOK)
}
