package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store/storetest"
)

// FuzzRequests sends arbitrary bodies and queries to the operations that
// read input, as a beheerder: every answer is below 500, and every error is
// problem+json.
func FuzzRequests(f *testing.F) {
	db := storetest.New(f, "sqlite")
	ctx := context.Background()
	if err := seed.Catalogue(ctx, db); err != nil {
		f.Fatal(err)
	}
	admin := &plekwijzer.User{Name: "Fuzz", Role: plekwijzer.RoleAdmin}
	if err := db.CreateUser(ctx, admin); err != nil {
		f.Fatal(err)
	}
	_, token, err := db.CreateToken(ctx, admin.ID, "fuzz", nil)
	if err != nil {
		f.Fatal(err)
	}
	srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{BodyLimit: "64K"})
	if err != nil {
		f.Fatal(err)
	}
	targets := []struct{ method, path string }{
		{"POST", "/api/v1/deelnemers"}, {"POST", "/api/v1/werkplekken"}, {"POST", "/api/v1/organisaties"},
		{"POST", "/api/v1/plaatsingen"}, {"POST", "/api/v1/werksoorten"}, {"POST", "/api/v1/gebruikers"},
		{"GET", "/api/v1/werkplekken"}, {"GET", "/api/v1/deelnemers"}, {"GET", "/api/v1/publiek/werkplekken"},
		{"GET", "/api/v1/audit"},
	}
	f.Add(uint8(0), "", []byte(`{"code":"DN-1","doelgroep":"statushouder","fase":"intake","postcode":"9711","begeleidingsbehoefte":2,"belastbaarheid":"laag"}`))
	f.Add(uint8(1), "", []byte(`{"titel":"x","capaciteit":{"ma-ochtend":"twee"},"onbekend":1}`))
	f.Add(uint8(3), "", []byte(`{"deelnemerId":"x","dagdelen":["zo-ochtend"],"startdatum":"2026-02-30"}`))
	f.Add(uint8(6), "pagina=0&paginaGrootte=1000&status=x", []byte(nil))
	f.Add(uint8(8), "dagdeel=ma-ochtend&q=%00%ff", []byte(nil))
	f.Add(uint8(9), "vanaf=2026-13-01&actie=x", []byte(nil))
	f.Fuzz(func(t *testing.T, target uint8, query string, body []byte) {
		tg := targets[int(target)%len(targets)]
		req := httptest.NewRequest(tg.method, tg.path, bytes.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Authorization", "Bearer "+token)
		if tg.method == "POST" {
			req.Header.Set("Content-Type", "application/json")
		}
		req.RemoteAddr = "10.1.1.1:1"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s?%s with %q: %d %s", tg.method, tg.path, query, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && rec.Code != http.StatusTooManyRequests && rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%d without problem+json: %s", rec.Code, rec.Header())
		}
	})
}
