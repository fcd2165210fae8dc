package web_test

import (
	"net/http"
	"regexp"
	"testing"
)

// TestPagesCarryTransportHeaders: the web pages, their assets, redirects
// and unknown paths carry Permissions-Policy and
// Cross-Origin-Opener-Policy like the API; over plain http there is no
// Strict-Transport-Security, also when a client (not a configured proxy)
// claims https.
func TestPagesCarryTransportHeaders(t *testing.T) {
	env := appService(t)
	v := newVisitor(t, env.url)
	_, login := v.get("/inloggen")
	asset := regexp.MustCompile(`/static/[0-9a-f]+/[^"]+\.css`).FindString(login)
	if asset == "" {
		t.Fatalf("no stylesheet on the login page:\n%s", login)
	}
	for _, path := range []string{"/", "/inloggen", asset, "/bestaat-niet", "/static/0000/bestaat-niet.css"} {
		res, _ := v.do(http.MethodGet, path, nil, http.Header{"X-Forwarded-Proto": {"https"}})
		if got := res.Header.Get("Permissions-Policy"); got == "" {
			t.Errorf("%s (%d): no Permissions-Policy", path, res.StatusCode)
		}
		if got := res.Header.Get("Cross-Origin-Opener-Policy"); got != "same-origin" {
			t.Errorf("%s (%d): Cross-Origin-Opener-Policy %q", path, res.StatusCode, got)
		}
		if got := res.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("%s (%d): Strict-Transport-Security %q over http from an untrusted client", path, res.StatusCode, got)
		}
	}
}
