package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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
	f.Add(uint8(0), "", []byte(`{"code":"DN-1","doelgroep":"statushouder","fase":"intake","beschikbaarheid":["ma-ochtend"],"postcode":"9711","begeleidingsbehoefte":2,"belastbaarheid":"laag"}`))
	f.Add(uint8(1), "", []byte(`{"titel":"x","capaciteit":{"ma-ochtend":"twee"},"onbekend":1}`))
	f.Add(uint8(3), "", []byte(`{"deelnemerId":"x","dagdelen":["zo-ochtend"],"startdatum":"2026-02-30"}`))
	f.Add(uint8(6), "pagina=0&paginaGrootte=1000&status=x", []byte(nil))
	f.Add(uint8(8), "dagdeel=ma-ochtend&q=%00%ff", []byte(nil))
	f.Add(uint8(9), "vanaf=2026-13-01&actie=x", []byte(nil))
	// The bad input of issue 17: NUL and other control characters,
	// invalid UTF-8, duplicate keys, repeated query parameters, year-0000
	// dates, no Content-Type (targets from noContentType up).
	f.Add(uint8(2), "", []byte(`{"naam":"Groen\u0000","soort":"overig","postcode":"9711","plaats":"Groningen"}`))
	f.Add(uint8(1), "", []byte(`{"titel":"a\u001b[31m","omschrijving":"x\ry"}`))
	f.Add(uint8(2), "", []byte("{\"naam\":\"Groene \xffVingers\",\"soort\":\"overig\",\"postcode\":\"9711\",\"plaats\":\"Groningen\"}"))
	f.Add(uint8(2), "", []byte(`{"naam":"A","naam":"B","soort":"overig","postcode":"9711","plaats":"Groningen"}`))
	f.Add(uint8(6), "pagina=1&pagina=2&q=fiets%00", []byte(nil))
	f.Add(uint8(3), "", []byte(`{"deelnemerId":"x","werkplekId":"y","dagdelen":["ma-ochtend"],"startdatum":"0000-01-01"}`))
	f.Add(uint8(9), "vanaf=0000-01-01&tot=0001-01-01T00:00:00Z", []byte(nil))
	f.Add(uint8(noContentType+2), "", []byte(`{"naam":"A","soort":"overig","postcode":"9711","plaats":"Groningen"}`))
	f.Fuzz(func(t *testing.T, target uint8, query string, body []byte) {
		tg := targets[int(target)%len(targets)]
		req := httptest.NewRequest(tg.method, tg.path, bytes.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Authorization", "Bearer "+token)
		withType := target < noContentType
		if tg.method == "POST" && withType {
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
		if rec.Code >= 300 {
			return
		}
		// What was accepted holds no text the API refuses.
		if tg.method == "POST" && !withType && len(body) > 0 {
			t.Fatalf("a body without Content-Type was taken: %d", rec.Code)
		}
		read := tg.method == "POST" // GET targets ignore the body
		if read && !utf8.Valid(body) || !utf8.ValidString(query) {
			t.Fatalf("invalid UTF-8 was taken: %q ? %q → %d", body, query, rec.Code)
		}
		if values, err := url.ParseQuery(query); err == nil {
			for k, vs := range values {
				for _, v := range append(vs, k) {
					if refusedText(v) {
						t.Fatalf("query %q was taken: %d", query, rec.Code)
					}
				}
			}
		}
		var v any
		if read && json.Unmarshal(body, &v) == nil && holdsRefusedText(v) {
			t.Fatalf("body %q was taken: %d", body, rec.Code)
		}
	})
}

// noContentType: targets from here up send their body without
// Content-Type.
const noContentType = 128

// refusedText: control characters other than tab and newline (a carriage
// return only before a newline), which no text of the API may hold.
func refusedText(s string) bool {
	return strings.ContainsFunc(strings.ReplaceAll(s, "\r\n", "\n"), func(r rune) bool {
		return r != '\t' && r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0)
	})
}

func holdsRefusedText(v any) bool {
	switch x := v.(type) {
	case string:
		return refusedText(x)
	case []any:
		return slices.ContainsFunc(x, holdsRefusedText)
	case map[string]any:
		for k, e := range x {
			if refusedText(k) || holdsRefusedText(e) {
				return true
			}
		}
	}
	return false
}
