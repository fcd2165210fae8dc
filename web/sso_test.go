package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
	"github.com/iederz/plekwijzer/web"
)

// Single sign-on against the in-process provider of oidc_provider_test.go,
// over HTTP on every engine and once in Chromium.

const roleMap = "plekwijzer-beheer=beheerder, plekwijzer-coaches=coach, plekwijzer-management=manager, plekwijzer-partners=partner"

const sessionCookie = "__Host-plekwijzer-sessie"

// syncBuffer is a log that several goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ssoEnv is the service with single sign-on through p.
type ssoEnv struct {
	*appEnv
	p   *idp
	log *syncBuffer
}

func ssoService(t *testing.T, engine string, p *idp) *ssoEnv {
	t.Helper()
	logs := &syncBuffer{}
	roles, err := web.ParseRoleMap(roleMap)
	if err != nil {
		t.Fatal(err)
	}
	env := startApp(t, appOptions{engine: engine, log: slog.New(slog.NewJSONHandler(logs, nil)), setup: func(app *web.App, db *store.DB, base string) {
		p.redirect = base + web.SSOCallbackPath
		cfg := web.SSOConfig{Issuer: p.url, ClientID: p.clientID, ClientSecret: p.secret, RedirectURL: p.redirect, Roles: roles}
		if err := app.EnableSSO(context.Background(), cfg, db); err != nil {
			t.Fatal(err)
		}
	}})
	return &ssoEnv{env, p, logs}
}

// authorize starts a sign-in (to come back to back) and lets the provider
// answer; it returns the address the provider sends the browser back to,
// without going there.
func (v *visitor) authorize(back string) string {
	v.t.Helper()
	start := "/inloggen/gemeente"
	if back != "" {
		start += "?terug=" + url.QueryEscape(back)
	}
	res, _ := v.get(start)
	if res.StatusCode != http.StatusFound {
		v.t.Fatalf("start of a sign-in: %d", res.StatusCode)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(res.Header.Get("Location"))
	if err != nil {
		v.t.Fatal(err)
	}
	res.Body.Close()
	cb := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(cb, v.base+web.SSOCallbackPath+"?") {
		v.t.Fatalf("the provider answered %d to %q", res.StatusCode, cb)
	}
	return strings.TrimPrefix(cb, v.base)
}

// ssoLogin signs in through the provider and returns the last answer.
func (v *visitor) ssoLogin(back string) (*http.Response, string) {
	v.t.Helper()
	return v.get(v.authorize(back))
}

// loggedIn reports whether the visitor holds a session that opens pages.
func (v *visitor) loggedIn() bool {
	v.t.Helper()
	if v.cookies[sessionCookie] == "" {
		return false
	}
	res, _ := v.get("/")
	return res.StatusCode == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/inloggen")
}

func (e *ssoEnv) user(t *testing.T, subject string) *plekwijzer.User {
	t.Helper()
	u, err := e.db.UserByIdentity(e.ctx, plekwijzer.Identity{Issuer: e.p.url, Subject: subject})
	if err != nil {
		t.Fatalf("user of %s: %v", subject, err)
	}
	return u
}

func (e *ssoEnv) demoUser(t *testing.T, name string) *plekwijzer.User {
	t.Helper()
	for _, u := range mustUsers(t, e.appEnv) {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no demo user %q", name)
	return nil
}

func TestSSO(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) { testSSO(t, engine) })
	}
}

func testSSO(t *testing.T, engine string) {
	env := ssoService(t, engine, newIDP(t))
	p := env.p
	users := func() int { return len(mustUsers(t, env.appEnv)) }

	// The login page offers the provider beside the password, keeping
	// where the visitor wanted to go.
	_, body := newVisitor(t, env.url).get("/inloggen?terug=%2Fzoeken")
	if !strings.Contains(body, `href="/inloggen/gemeente?terug=%2Fzoeken">Inloggen met de gemeente-account</a>`) || !strings.Contains(body, `name="wachtwoord"`) {
		t.Fatalf("login page:\n%s", body)
	}

	// A first sign-in makes the user with the role of their group, and
	// takes them where they wanted to go.
	before := users()
	p.next(account{Subject: "sub-7f3a9c01", Name: "Anna de Boer", Groups: []string{"medewerkers", "plekwijzer-coaches"}})
	anna := newVisitor(t, env.url)
	res, _ := anna.ssoLogin("/zoeken")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/zoeken" || !anna.loggedIn() {
		t.Fatalf("first sign-in: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	u := env.user(t, "sub-7f3a9c01")
	if u.Role != plekwijzer.RoleCoach || u.Name != "Anna de Boer" || users() != before+1 {
		t.Fatalf("made %+v; %d users, were %d", u, users(), before)
	}
	if _, page := anna.get("/deelnemers"); !strings.Contains(page, "Anna de Boer") || !strings.Contains(page, ">0 deelnemers") {
		t.Errorf("a new coach's caseload page:\n%s", page)
	}
	// The flow cookie is used once and gone.
	if anna.cookies["__Host-plekwijzer-sso"] != "" {
		t.Error("the sign-in cookie outlived the sign-in")
	}

	// Signing in again is the same user; the provider's name wins.
	p.next(account{Subject: "sub-7f3a9c01", Name: "Anna de Boer-Smit", Groups: []string{"plekwijzer-coaches"}})
	again := newVisitor(t, env.url)
	if res, _ := again.ssoLogin(""); res.Header.Get("Location") != "/deelnemers" || users() != before+1 || env.user(t, "sub-7f3a9c01").Name != "Anna de Boer-Smit" {
		t.Fatalf("second sign-in: %d to %q, %d users", res.StatusCode, res.Header.Get("Location"), users())
	}

	// Roles: the first mapped group decides; the role follows the provider.
	for _, tc := range []struct {
		groups []string
		role   plekwijzer.Role
		home   string
	}{
		{[]string{"plekwijzer-coaches", "plekwijzer-beheer"}, plekwijzer.RoleAdmin, "/deelnemers"},
		{[]string{"plekwijzer-management"}, plekwijzer.RoleManager, "/dashboard"},
		{[]string{"plekwijzer-management", "plekwijzer-coaches"}, plekwijzer.RoleCoach, "/deelnemers"},
	} {
		p.next(account{Subject: "sub-7f3a9c01", Name: "Anna de Boer-Smit", Groups: tc.groups})
		v := newVisitor(t, env.url)
		res, _ := v.ssoLogin("")
		if got := env.user(t, "sub-7f3a9c01").Role; got != tc.role || res.Header.Get("Location") != tc.home {
			t.Errorf("groups %v: role %s to %q, want %s to %s", tc.groups, got, res.Header.Get("Location"), tc.role, tc.home)
		}
	}

	// Refused: no mapped group (also for a user who had one), a partner
	// nobody linked to an organisation; no user made, no session.
	for _, tc := range []struct {
		name    string
		account account
		want    string
	}{
		{"unknown group", account{Subject: "sub-b81d", Name: "Bert Buiten", Groups: []string{"medewerkers", "Plekwijzer-Coaches"}}, "geeft geen toegang tot Plekwijzer"},
		{"no groups", account{Subject: "sub-b81e", Name: "Bea Zonder"}, "geeft geen toegang tot Plekwijzer"},
		{"groups no longer map", account{Subject: "sub-7f3a9c01", Name: "Anna de Boer-Smit", Groups: []string{"oud-medewerkers"}}, "geeft geen toegang tot Plekwijzer"},
		{"partner without organisation", account{Subject: "sub-c0ffee42", Name: "Kees Mulder", Groups: []string{"plekwijzer-partners"}}, "noem daarbij dit kenmerk: sub-c0ffee42"},
	} {
		p.next(tc.account)
		before := users()
		v := newVisitor(t, env.url)
		res, body := v.ssoLogin("")
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, tc.want) || v.loggedIn() || users() != before {
			t.Errorf("%s: %d, logged in %v, %d users (were %d)\n%s", tc.name, res.StatusCode, v.loggedIn(), users(), before, body)
		}
	}
	if env.user(t, "sub-7f3a9c01").Role != plekwijzer.RoleCoach {
		t.Error("a refused sign-in changed the role")
	}

	// A partner made beforehand and linked by subject signs in as
	// themselves, with their organisation.
	kees := env.demoUser(t, "Partner Kees M. (iederz Fietsenwerkplaats)")
	if err := env.db.LinkIdentity(env.ctx, kees.ID, plekwijzer.Identity{Issuer: p.url, Subject: "sub-c0ffee42"}); err != nil {
		t.Fatal(err)
	}
	p.next(account{Subject: "sub-c0ffee42", Name: "Kees Mulder", Groups: []string{"plekwijzer-partners"}})
	kv := newVisitor(t, env.url)
	if res, _ := kv.ssoLogin(""); res.Header.Get("Location") != "/werkplekken" {
		t.Fatalf("linked partner: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := env.user(t, "sub-c0ffee42"); got.ID != kees.ID || *got.OrganisationID != *kees.OrganisationID {
		t.Fatalf("the partner signed in as %+v", got)
	}
	if _, page := kv.get("/werkplekken"); !strings.Contains(page, "Fietsen") {
		t.Error("the linked partner does not see their organisation's offers")
	}
	// A coach who used a password is linked too, and keeps her caseload;
	// a group that would make her a manager while she has participants is
	// refused and changes nothing.
	fatma := env.demoUser(t, "Coach Fatma Y.")
	if err := env.db.LinkIdentity(env.ctx, fatma.ID, plekwijzer.Identity{Issuer: p.url, Subject: "sub-fa7a"}); err != nil {
		t.Fatal(err)
	}
	pw := newVisitor(t, env.url)
	pw.login("fatma", demoPassword)
	_, withPassword := pw.get("/deelnemers")
	p.next(account{Subject: "sub-fa7a", Groups: []string{"plekwijzer-coaches"}})
	fv := newVisitor(t, env.url)
	fv.ssoLogin("")
	if _, page := fv.get("/deelnemers"); caseloadCount(page) == "" || caseloadCount(page) != caseloadCount(withPassword) {
		t.Errorf("caseload through the provider %q, with a password %q", caseloadCount(page), caseloadCount(withPassword))
	}
	if env.user(t, "sub-fa7a").Name != fatma.Name {
		t.Error("a sign-in without a name changed the name")
	}
	p.next(account{Subject: "sub-fa7a", Groups: []string{"plekwijzer-management"}})
	mv := newVisitor(t, env.url)
	if res, body := mv.ssoLogin(""); res.StatusCode != http.StatusConflict || !strings.Contains(body, "nog deelnemers op je naam") || mv.loggedIn() {
		t.Errorf("a coach with a caseload made manager: %d", res.StatusCode)
	}
	if env.user(t, "sub-fa7a").Role != plekwijzer.RoleCoach {
		t.Error("the refused role change was saved")
	}

	// Passwords keep working beside the provider.
	if res := newVisitor(t, env.url).login("jeroen", demoPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("password login with single sign-on on: %d", res.StatusCode)
	}

	testSSOAttacks(t, env)

	// The log says who signed in by id only: no subject, no name.
	logs := env.log.String()
	for _, secret := range []string{"sub-7f3a9c01", "sub-c0ffee42", "Anna de Boer", "Kees Mulder", "code="} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
	if !strings.Contains(logs, `"method":"oidc"`) || !strings.Contains(logs, "single sign-on refused") {
		t.Errorf("the log does not show the sign-ins:\n%s", logs)
	}
}

var caseloadRE = regexp.MustCompile(`<caption[^>]*>(\d+) deelnemer`)

// caseloadCount is the number of participants a caseload page counts.
func caseloadCount(page string) string {
	if m := caseloadRE.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// testSSOAttacks: answers that do not belong to this browser's sign-in,
// and ID tokens that are not for us, are refused without a session.
func testSSOAttacks(t *testing.T, env *ssoEnv) {
	p := env.p
	coach := account{Subject: "sub-d00d", Name: "Dirk Doel", Groups: []string{"plekwijzer-coaches"}}
	refused := func(name string, v *visitor, res *http.Response, body string, status int, msg string) {
		t.Helper()
		if res.StatusCode != status || !strings.Contains(body, msg) || v.loggedIn() {
			t.Errorf("%s: %d (want %d), logged in %v\n%s", name, res.StatusCode, status, v.loggedIn(), body)
		}
	}
	const expired, failed = "verlopen of niet in deze browser begonnen", "is niet gelukt"

	// Another state than the one this browser started with.
	p.next(coach)
	v := newVisitor(t, env.url)
	cb := v.authorize("")
	u, _ := url.Parse(cb)
	q := u.Query()
	q.Set("state", "ander")
	u.RawQuery = q.Encode()
	res, body := v.get(u.String())
	refused("wrong state", v, res, body, http.StatusForbidden, expired)

	// An answer brought to another browser (login CSRF), or used twice.
	p.next(coach)
	victim := newVisitor(t, env.url)
	cb = newVisitor(t, env.url).authorize("")
	res, body = victim.get(cb)
	refused("answer in a browser that started nothing", victim, res, body, http.StatusBadRequest, expired)
	v = newVisitor(t, env.url)
	cb = v.authorize("")
	if res, _ := v.get(cb); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	v.cookies = map[string]string{}
	res, body = v.get(cb)
	refused("the same answer again", v, res, body, http.StatusBadRequest, expired)

	// A stolen code put into the victim's own sign-in: PKCE binds the
	// code to the browser that asked for it.
	p.next(coach)
	stolen, _ := url.Parse(newVisitor(t, env.url).authorize(""))
	victim = newVisitor(t, env.url)
	own, _ := url.Parse(victim.authorize(""))
	q = own.Query()
	q.Set("code", stolen.Query().Get("code"))
	own.RawQuery = q.Encode()
	res, body = victim.get(own.String())
	refused("a stolen code", victim, res, body, http.StatusUnauthorized, failed)

	// The user cancels at the provider.
	p.next(coach)
	p.set(func(p *idp) { p.deny = true })
	v = newVisitor(t, env.url)
	res, body = v.ssoLogin("")
	refused("access denied", v, res, body, http.StatusUnauthorized, "afgebroken of geweigerd")

	// ID tokens that are not for this sign-in, not for us, not from our
	// provider, out of date or not signed by it.
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		tamper func(c map[string]any)
		key    *rsa.PrivateKey
	}{
		{"wrong nonce", func(c map[string]any) { c["nonce"] = "een-andere" }, nil},
		{"no nonce", func(c map[string]any) { delete(c, "nonce") }, nil},
		{"wrong audience", func(c map[string]any) { c["aud"] = "een-andere-app" }, nil},
		{"several audiences, we are not the authorised party", func(c map[string]any) { c["aud"] = []string{"een-andere-app", p.clientID} }, nil},
		{"expired", func(c map[string]any) { c["exp"] = time.Now().Add(-time.Minute).Unix() }, nil},
		{"not yet valid", func(c map[string]any) { c["nbf"] = time.Now().Add(time.Hour).Unix() }, nil},
		{"another issuer", func(c map[string]any) { c["iss"] = "https://login.elders.example" }, nil},
		{"no subject", func(c map[string]any) { delete(c, "sub") }, nil},
		{"signed with another key", nil, other},
	} {
		before := len(mustUsers(t, env.appEnv))
		p.next(coach)
		p.set(func(p *idp) { p.tamper, p.signWith = tc.tamper, tc.key })
		v := newVisitor(t, env.url)
		res, body := v.ssoLogin("")
		refused(tc.name, v, res, body, http.StatusUnauthorized, failed)
		if n := len(mustUsers(t, env.appEnv)); n != before {
			t.Errorf("%s made a user", tc.name)
		}
	}
	// The same sign-in untampered works; with several audiences too when
	// it names us as the authorised party.
	p.next(coach)
	p.set(func(p *idp) {
		p.tamper = func(c map[string]any) { c["aud"], c["azp"] = []string{"een-andere-app", p.clientID}, p.clientID }
	})
	if res, _ := newVisitor(t, env.url).ssoLogin(""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a good sign-in after the refused ones: %d", res.StatusCode)
	}
}

// A provider that is away when the service starts: passwords work, the
// button says to try later, and once it is back signing in works.
func TestSSOProviderAway(t *testing.T) {
	p := newIDP(t)
	p.set(func(p *idp) { p.down = true })
	env := ssoService(t, store.SQLite, p)
	if res := newVisitor(t, env.url).login("fatma", demoPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password login while the provider is away: %d", res.StatusCode)
	}
	v := newVisitor(t, env.url)
	res, body := v.get("/inloggen/gemeente?terug=%2Fzoeken")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "lukt nu niet") || !strings.Contains(body, `name="wachtwoord"`) {
		t.Fatalf("sign-in while the provider is away: %d\n%s", res.StatusCode, body)
	}
	p.set(func(p *idp) { p.down = false })
	p.next(account{Subject: "sub-e1", Name: "Els", Groups: []string{"plekwijzer-management"}})
	if res, _ := v.ssoLogin(""); res.Header.Get("Location") != "/dashboard" {
		t.Fatalf("sign-in after the provider came back: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// Without configuration there is no button and no sign-in address.
func TestSSOOff(t *testing.T) {
	env := appService(t)
	v := newVisitor(t, env.url)
	if _, body := v.get("/inloggen"); strings.Contains(body, "gemeente-account") {
		t.Error("the login page offers single sign-on that is not configured")
	}
	for _, path := range []string{"/inloggen/gemeente", web.SSOCallbackPath + "?code=x&state=y"} {
		if res, _ := v.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
}

func TestParseRoleMap(t *testing.T) {
	rules, err := web.ParseRoleMap(" plekwijzer-coaches=coach ,, plekwijzer-beheer = beheerder")
	if err != nil || len(rules) != 2 || rules[0] != (web.RoleRule{Group: "plekwijzer-coaches", Role: plekwijzer.RoleCoach}) ||
		rules[1] != (web.RoleRule{Group: "plekwijzer-beheer", Role: plekwijzer.RoleAdmin}) {
		t.Fatalf("%+v, %v", rules, err)
	}
	// Groups with commas and equals signs (LDAP names): pairs split by ";".
	rules, err = web.ParseRoleMap("cn=coaches,ou=groepen,dc=groningen,dc=nl=coach; cn=beheer,dc=nl=beheerder")
	if err != nil || len(rules) != 2 || rules[0].Group != "cn=coaches,ou=groepen,dc=groningen,dc=nl" || rules[1].Role != plekwijzer.RoleAdmin {
		t.Fatalf("%+v, %v", rules, err)
	}
	for _, bad := range []string{"", " , ", "coaches", "=coach", "coaches=baas", "coaches=coach,coaches=manager", "coaches=systeem"} {
		if _, err := web.ParseRoleMap(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// TestSSOInBrowser signs in through the provider in Chromium: the button
// on the login page, the provider, and back with a session.
func TestSSOInBrowser(t *testing.T) {
	p := newIDP(t)
	env := ssoService(t, store.SQLite, p)
	b := appTab(t)
	p.next(account{Subject: "sub-b20", Name: "Bram Browser", Groups: []string{"plekwijzer-coaches"}})
	b.open(env.url + "/zoeken")
	b.until(`location.pathname === '/inloggen'`)
	b.axe("inloggen met de gemeente")
	b.screenshot("inloggen-gemeente")
	b.js(`const a = [...document.querySelectorAll('a')].find(a => a.textContent === 'Inloggen met de gemeente-account'); setTimeout(() => a.click(), 0)`)
	b.until(`location.pathname === '/zoeken' && document.readyState === 'complete'`)
	if text := b.text(); !strings.Contains(text, "Bram Browser") {
		t.Fatalf("after signing in:\n%s", text)
	}
	// A refused sign-in comes back to the login page with the reason.
	b.open(env.url + "/")
	b.js(`const f = document.querySelector('form[action="/uitloggen"]'); setTimeout(() => f.requestSubmit(), 0)`)
	b.until(`location.pathname === '/inloggen' && document.readyState === 'complete'`)
	p.next(account{Subject: "sub-b21", Name: "Nina Niet", Groups: []string{"medewerkers"}})
	b.js(`const a = [...document.querySelectorAll('a')].find(a => a.textContent === 'Inloggen met de gemeente-account'); setTimeout(() => a.click(), 0)`)
	b.until(`document.querySelector('[role=alert]') !== null`)
	if text := b.text(); !strings.Contains(text, "geeft geen toegang tot Plekwijzer") {
		t.Fatalf("refused sign-in:\n%s", text)
	}
	b.axe("geweigerd")
}
