package web_test

import (
	"net/http"
	"testing"

	"github.com/iederz/plekwijzer/store/storetest"
)

// TestSSOEmailClaim: the provider's email claim becomes the address the
// user's notifications are mailed to, at the first sign-in and when it
// changes; an address the provider marks unverified, one that is no
// address, or none at all leaves the one Plekwijzer has.
func TestSSOEmailClaim(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := ssoService(t, engine, newIDP(t))
			const sub = "sub-e4a11"
			no := false
			coaches := []string{"plekwijzer-coaches"}
			for _, tc := range []struct {
				name    string
				account account
				want    string
			}{
				{"first sign-in", account{Subject: sub, Name: "Eva Mulder", Groups: coaches, Email: "eva.mulder@gemeente.example.org"}, "eva.mulder@gemeente.example.org"},
				{"a new address", account{Subject: sub, Name: "Eva Mulder", Groups: coaches, Email: "e.mulder@gemeente.example.org"}, "e.mulder@gemeente.example.org"},
				{"unverified", account{Subject: sub, Name: "Eva Mulder", Groups: coaches, Email: "eva@elders.example.org", EmailVerified: &no}, "e.mulder@gemeente.example.org"},
				{"no address", account{Subject: sub, Name: "Eva Mulder", Groups: coaches, Email: "Eva Mulder <eva"}, "e.mulder@gemeente.example.org"},
				{"no claim", account{Subject: sub, Name: "Eva Mulder", Groups: coaches}, "e.mulder@gemeente.example.org"},
			} {
				env.p.next(tc.account)
				v := newVisitor(t, env.url)
				if res, _ := v.ssoLogin(""); res.StatusCode != http.StatusSeeOther || !v.loggedIn() {
					t.Fatalf("%s: sign-in answered %d", tc.name, res.StatusCode)
				}
				if got := env.user(t, sub).Email; got != tc.want {
					t.Errorf("%s: the user's address is %q, want %q", tc.name, got, tc.want)
				}
			}
		})
	}
}
