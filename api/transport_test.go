package api_test

import (
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestTransportHeaders: Permissions-Policy and Cross-Origin-Opener-Policy
// on every answer (found or not, with or without a token, public or not);
// Strict-Transport-Security only when the request came over https — to
// the process itself, or through a configured proxy that says so in
// X-Forwarded-Proto — and never because some client claims https.
func TestTransportHeaders(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		proxies, err := api.ParseProxies("10.9.0.0/16")
		if err != nil {
			t.Fatal(err)
		}
		srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{TrustedProxies: proxies})
		if err != nil {
			t.Fatal(err)
		}
		srv.SetReady(true)
		for _, tc := range []struct {
			name     string
			peer     string
			proto    string
			tls      bool
			wantHSTS bool
		}{
			{name: "plain http", peer: "192.0.2.7"},
			{name: "a client claiming https", peer: "192.0.2.7", proto: "https"},
			{name: "the trusted proxy over http", peer: "10.9.1.2", proto: "http"},
			{name: "the trusted proxy saying https", peer: "10.9.1.2", proto: "https", wantHSTS: true},
			{name: "the trusted proxy saying HTTPS", peer: "10.9.1.2", proto: " HTTPS ", wantHSTS: true},
			{name: "https to the process", peer: "192.0.2.7", tls: true, wantHSTS: true},
		} {
			for _, path := range []string{"/api/v1/organisaties", "/api/v1/publiek/werksoorten", "/api/v1/openapi.json",
				"/api/v1/bestaat-niet", "/livez", "/readyz", "/metrics", "/"} {
				req := httptest.NewRequest("GET", path, nil)
				req.RemoteAddr = tc.peer + ":4321"
				if tc.proto != "" {
					req.Header.Set("X-Forwarded-Proto", tc.proto)
				}
				if tc.tls {
					req.TLS = &tls.ConnectionState{}
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				h := rec.Header()
				if got := h.Get("Permissions-Policy"); got == "" || got != "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()" {
					t.Errorf("%s, %s (%d): Permissions-Policy %q", tc.name, path, rec.Code, got)
				}
				if got := h.Get("Cross-Origin-Opener-Policy"); got != "same-origin" {
					t.Errorf("%s, %s (%d): Cross-Origin-Opener-Policy %q", tc.name, path, rec.Code, got)
				}
				hsts := h.Get("Strict-Transport-Security")
				if tc.wantHSTS && hsts != "max-age=31536000" {
					t.Errorf("%s, %s (%d): Strict-Transport-Security %q, want max-age=31536000", tc.name, path, rec.Code, hsts)
				}
				if !tc.wantHSTS && hsts != "" {
					t.Errorf("%s, %s (%d): Strict-Transport-Security %q on http", tc.name, path, rec.Code, hsts)
				}
				if rec.Code == http.StatusInternalServerError {
					t.Errorf("%s, %s: 500", tc.name, path)
				}
			}
		}
	})
}
