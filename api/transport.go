package api

import (
	"net"
	"net/http"
	"strings"
)

// Headers about the connection and the browser's powers, on every answer
// of the service (API, web pages, widget, health): they cost nothing where
// they do not apply and a page that forgets them cannot exist.

const (
	// hsts tells the browser to use https only, for a year. It is sent
	// only on an answer that went out over https: an http answer with it
	// would be ignored anyway, and a local trial on http must stay usable.
	hsts = "max-age=31536000"
	// permissionsPolicy turns off the powerful features no page of
	// Plekwijzer uses, also for anything embedded in it.
	permissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), " +
		"microphone=(), payment=(), usb=()"
	// coop puts a page in a browsing context group of its own: a window
	// another site opened cannot reach it through window.opener.
	coop = "same-origin"
)

// transportHeaders sets Permissions-Policy and Cross-Origin-Opener-Policy
// on every answer, and Strict-Transport-Security when the request came
// over https: to this process directly, or through a trusted proxy
// (PLEKWIJZER_TRUSTED_PROXIES) that says so in X-Forwarded-Proto. The
// header from any other peer is not believed, so a client cannot make an
// http deployment send HSTS.
func (s *Server) transportHeaders(h http.Header, r *http.Request) {
	h.Set("Permissions-Policy", permissionsPolicy)
	h.Set("Cross-Origin-Opener-Policy", coop)
	if s.overHTTPS(r) {
		h.Set("Strict-Transport-Security", hsts)
	}
}

// overHTTPS reports whether the client's connection was https.
func (s *Server) overHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	proto := strings.TrimSpace(r.Header.Get("X-Forwarded-Proto"))
	if !strings.EqualFold(proto, "https") {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, n := range s.cfg.TrustedProxies {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}
