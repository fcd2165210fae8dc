package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// The public endpoints show open offers and work types to anyone, and
// nothing about participants to anyone.
func TestPublicEndpointsShowOpenOffersOnly(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		f := newRoleFixtures(e) // a participant placed at offerA
		closed := e.roleCreate("/werkplekken", "admin", roleOfferBody(e.orgB.ID, "Gesloten plek", "groenvoorziening", "9723"))
		e.do("PATCH", "/api/v1/werkplekken/"+closed, "admin", map[string]any{"status": "gesloten"}).want(200)

		var offers struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"totaal"`
		}
		r := e.do("GET", "/api/v1/publiek/werkplekken", "", nil).want(200)
		r.json(&offers)
		if offers.Total != 2 {
			t.Fatalf("want the two open offers, got %d", offers.Total)
		}
		body := string(r.Body)
		for _, secret := range []string{f.participant, f.participantCode, f.placement, e.users["coach"].ID, closed} {
			if strings.Contains(body, secret) {
				t.Fatalf("the public list shows %q", secret)
			}
		}
		if r.Header.Get("Cache-Control") != "public, max-age=60" || r.Header.Get("ETag") == "" {
			t.Fatalf("not cacheable: %v", r.Header)
		}
		// offerA has 3 places on ma-ochtend, one taken.
		for _, o := range offers.Items {
			if o["id"] == f.offerA {
				if free := o["vrij"].(map[string]any); free["ma-ochtend"] != 2.0 || o["nieuw"] != true || o["link"] != "/widget/werkplekken/"+f.offerA {
					t.Fatalf("offer A: %v", o)
				}
			}
		}
		e.do("GET", "/api/v1/publiek/werkplekken", "", nil, "If-None-Match", r.Header.Get("ETag")).want(http.StatusNotModified)

		// Filters: work type by code or id, a day-part with a free place,
		// words.
		for query, want := range map[string]int{
			"?werksoort=fietsenreparatie":                         1,
			"?werksoort=" + seed.WorkTypeID("inpakken"):           1,
			"?dagdeel=di-ochtend&dagdeel=ma-ochtend":              2,
			"?dagdeel=wo-ochtend":                                 0,
			"?q=FIETSEN+repareren":                                1,
			"?q=fietsen+kleding":                                  0,
			"?alleenVrij=true&werksoort=inpakken&paginaGrootte=1": 1,
		} {
			offers.Total = -1
			e.do("GET", "/api/v1/publiek/werkplekken"+query, "", nil).want(200).json(&offers)
			if offers.Total != want {
				t.Errorf("%s: %d offers, want %d", query, offers.Total, want)
			}
		}
		bad := e.do("GET", "/api/v1/publiek/werkplekken?dagdeel=zondag&paginaGrootte=1000&deelnemer=x", "", nil).want(http.StatusBadRequest)
		if got := roleSorted(bad.invalidParams()...); strings.Join(got, ",") != "dagdeel,deelnemer,paginaGrootte" {
			t.Fatalf("invalid params: %v", got)
		}

		var wts struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"totaal"`
			Bron  string           `json:"bron"`
		}
		e.do("GET", "/api/v1/publiek/werksoorten?paginaGrootte=100", "", nil).want(200).json(&wts)
		if wts.Total != 37 || !strings.Contains(wts.Bron, "ESCO") {
			t.Fatalf("work types: %d, %q", wts.Total, wts.Bron)
		}
		onOffer := 0
		for _, w := range wts.Items[:2] {
			if w["werkplekken"] == 1.0 && w["nieuw"] == true {
				onOffer++
			}
		}
		if onOffer != 2 || wts.Items[2]["werkplekken"] != 0.0 || wts.Items[2]["nieuw"] != false {
			t.Fatalf("work types on offer first and new: %v", wts.Items[:3])
		}
	})
}

// CORS: the configured intranet may read, any other origin gets no CORS
// headers (its browser refuses), and credentials are never allowed.
func TestPublicCORSAndRateLimit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := seed.Catalogue(ctx, db); err != nil {
			t.Fatal(err)
		}
		srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{
			CORSOrigins: []string{"https://intranet.gemeente.test"}, PublicRate: 1, PublicBurst: 3,
		})
		if err != nil {
			t.Fatal(err)
		}
		get := func(method, origin, ip string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, "/api/v1/publiek/werksoorten", nil)
			req.RemoteAddr = ip + ":1234"
			if origin != "" {
				req.Header.Set("Origin", origin)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			return rec
		}
		ok := get("GET", "https://intranet.gemeente.test", "10.0.0.1")
		if ok.Code != 200 || ok.Header().Get("Access-Control-Allow-Origin") != "https://intranet.gemeente.test" ||
			ok.Header().Get("Access-Control-Allow-Credentials") != "" || !strings.Contains(ok.Header().Get("Vary"), "Origin") {
			t.Fatalf("allowed origin: %d %v", ok.Code, ok.Header())
		}
		other := get("GET", "https://evil.test", "10.0.0.2")
		if other.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("another origin may read: %v", other.Header())
		}
		pre := get("OPTIONS", "https://intranet.gemeente.test", "10.0.0.3")
		if pre.Code != http.StatusNoContent || pre.Header().Get("Access-Control-Allow-Methods") != "GET" {
			t.Fatalf("preflight: %d %v", pre.Code, pre.Header())
		}
		// A burst of 3, then 429 with Retry-After, per address.
		codes := []int{}
		for range 5 {
			codes = append(codes, get("GET", "", "10.0.0.9").Code)
		}
		if codes[0] != 200 || codes[2] != 200 || codes[4] != http.StatusTooManyRequests {
			t.Fatalf("rate limit: %v", codes)
		}
		limited := get("GET", "", "10.0.0.9")
		if limited.Header().Get("Retry-After") == "" || limited.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("429 answer: %v", limited.Header())
		}
		if get("GET", "", "10.0.0.10").Code != 200 {
			t.Fatal("another address is limited too")
		}
	})
}

// TestRateLimitTrustsOnlyConfiguredProxies: X-Forwarded-For names the
// client only when the peer is a configured proxy; otherwise changing the
// header does not get a client round the limit.
func TestRateLimitTrustsOnlyConfiguredProxies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		if err := seed.Catalogue(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		proxies, err := api.ParseProxies(" 127.0.0.1, 10.9.0.0/16 ")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := api.ParseProxies("10.0.0.0/33"); err == nil {
			t.Error("a bad range is accepted")
		}
		for _, tc := range []struct {
			name    string
			trusted bool
		}{{"no proxies configured", false}, {"a configured proxy", true}} {
			cfg := api.Config{PublicRate: 0.001, PublicBurst: 2}
			if tc.trusted {
				cfg.TrustedProxies = proxies
			}
			srv, err := api.New(db, slog.New(slog.DiscardHandler), cfg)
			if err != nil {
				t.Fatal(err)
			}
			get := func(peer, forwarded string) int {
				req := httptest.NewRequest("GET", "/api/v1/publiek/werksoorten", nil)
				req.RemoteAddr = peer + ":1234"
				req.Header.Set("X-Forwarded-For", forwarded)
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				return rec.Code
			}
			// Three requests from the proxy's peer address, each
			// claiming another client.
			var codes []int
			for i := range 3 {
				codes = append(codes, get("127.0.0.1", fmt.Sprintf("192.0.2.%d", i+1)))
			}
			limited := codes[2] == http.StatusTooManyRequests
			if limited == tc.trusted {
				t.Errorf("%s: codes %v", tc.name, codes)
			}
			// A peer that is not a proxy is itself the client, whatever
			// it claims.
			codes = codes[:0]
			for i := range 3 {
				codes = append(codes, get("10.8.0.1", fmt.Sprintf("192.0.2.%d", 50+i)))
			}
			if codes[2] != http.StatusTooManyRequests {
				t.Errorf("%s: an unknown peer's header is believed: %v", tc.name, codes)
			}
		}
	})
}
