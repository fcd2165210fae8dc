package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/iederz/plekwijzer"
)

// Single sign-on through the municipality's identity provider, with OpenID
// Connect: the authorization code flow with PKCE, its state and nonce kept
// in a short-lived cookie of the browser that started it. The provider
// says who someone is and which groups they are in; a group decides the
// role. Users are linked to their account by issuer and subject, and made
// at their first sign-in when their role needs nothing else (a partner
// needs an organisation, so a beheerder makes and links them beforehand).

// SSOCallbackPath is where the identity provider sends the browser back;
// the redirect URL registered at the provider ends in it.
const SSOCallbackPath = "/inloggen/gemeente/terug"

// ssoStartPath starts a sign-in at the identity provider.
const ssoStartPath = "/inloggen/gemeente"

// SSOConfig says which identity provider to trust and how its groups map
// to roles.
type SSOConfig struct {
	// Issuer is the provider's issuer URL; its configuration is read from
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID and ClientSecret are Plekwijzer's registration at the
	// provider; the secret may be empty for a public client (PKCE).
	ClientID     string
	ClientSecret string
	// RedirectURL is the address of SSOCallbackPath as the browser sees it,
	// e.g. https://plekwijzer.groningen.nl/inloggen/gemeente/terug.
	RedirectURL string
	// GroupsClaim names the ID token's claim that lists the user's groups
	// (default "groups"); a dotted path reaches into objects
	// ("realm_access.roles").
	GroupsClaim string
	// Roles maps groups to roles. The first rule whose group the user is in
	// decides; a user in none of them may not sign in.
	Roles []RoleRule
	// Scopes are asked for besides openid (default profile and email).
	Scopes []string
	// HTTPClient talks to the provider (default: a 10 second timeout).
	HTTPClient *http.Client
}

// RoleRule gives the members of a group at the identity provider a role.
type RoleRule struct {
	Group string
	Role  plekwijzer.Role
}

// ParseRoleMap reads "group=role,group=role" (pairs separated by ";"
// instead when a group's name holds a comma, as an LDAP name does). Order
// matters: the first group a user is in decides their role.
func ParseRoleMap(s string) ([]RoleRule, error) {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var rules []RoleRule
	for pair := range strings.SplitSeq(s, sep) {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		i := strings.LastIndex(pair, "=")
		if i < 0 {
			return nil, fmt.Errorf("%q is not group=role", pair)
		}
		r := RoleRule{Group: strings.TrimSpace(pair[:i]), Role: plekwijzer.Role(strings.TrimSpace(pair[i+1:]))}
		switch {
		case r.Group == "":
			return nil, fmt.Errorf("%q names no group", pair)
		case !slices.Contains(plekwijzer.Roles, r.Role):
			return nil, fmt.Errorf("%q: unknown role %q (beheerder, coach, partner or manager)", pair, r.Role)
		case slices.ContainsFunc(rules, func(o RoleRule) bool { return o.Group == r.Group }):
			return nil, fmt.Errorf("group %q is mapped twice", r.Group)
		}
		rules = append(rules, r)
	}
	if len(rules) == 0 {
		return nil, errors.New("no group is mapped to a role")
	}
	return rules, nil
}

// Check fills in the defaults and refuses a configuration that cannot be
// safe or cannot work.
func (c *SSOConfig) Check() error {
	iss, err := url.Parse(c.Issuer)
	if err != nil || iss.Host == "" || (iss.Scheme != "https" && !(iss.Scheme == "http" && loopback(iss.Hostname()))) {
		return fmt.Errorf("the issuer %q is not an https URL", c.Issuer)
	}
	if c.ClientID == "" {
		return errors.New("no client id")
	}
	red, err := url.Parse(c.RedirectURL)
	if err != nil || red.Host == "" || (red.Scheme != "https" && red.Scheme != "http") || red.Path != SSOCallbackPath || red.RawQuery != "" || red.Fragment != "" {
		return fmt.Errorf("the redirect URL %q must be this site's address followed by %s", c.RedirectURL, SSOCallbackPath)
	}
	if len(c.Roles) == 0 {
		return errors.New("no group is mapped to a role")
	}
	if c.GroupsClaim == "" {
		c.GroupsClaim = "groups"
	}
	if len(c.Scopes) == 0 {
		c.Scopes = []string{"profile", "email"}
	}
	if !slices.Contains(c.Scopes, oidc.ScopeOpenID) {
		c.Scopes = append([]string{oidc.ScopeOpenID}, c.Scopes...)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return nil
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// SSOStore is what single sign-on needs of the store: the links, and
// changing a user whose name or role the provider changed.
type SSOStore interface {
	plekwijzer.IdentityStore
	UpdateUser(ctx context.Context, id string, u plekwijzer.UserUpdate, version int) (*plekwijzer.User, error)
}

// sso is a configured identity provider. Its configuration (endpoints and
// keys) is discovered once, on first need: a provider that is down at start
// does not keep the service, or password logins, from starting.
type sso struct {
	cfg   SSOConfig
	users SSOStore
	log   *slog.Logger

	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// EnableSSO adds signing in through the identity provider to the login
// page. Call it before Mount. The provider is asked for its configuration
// now; if it does not answer, that is logged and tried again at the first
// sign-in.
func (a *App) EnableSSO(ctx context.Context, cfg SSOConfig, users SSOStore) error {
	if err := cfg.Check(); err != nil {
		return fmt.Errorf("web: single sign-on: %w", err)
	}
	a.sso = &sso{cfg: cfg, users: users, log: a.log}
	if _, _, err := a.sso.discover(ctx); err != nil {
		a.log.Warn("the identity provider does not answer; single sign-on tries again at the next sign-in", "issuer", cfg.Issuer, "err", err)
	}
	return nil
}

// client puts the HTTP client for the provider into ctx, where go-oidc and
// oauth2 look for it.
func (s *sso) client(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, s.cfg.HTTPClient)
}

// discover returns the OAuth 2 configuration and the ID token verifier,
// reading the provider's configuration the first time.
func (s *sso) discover(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauth != nil {
		return s.oauth, s.verifier, nil
	}
	p, err := oidc.NewProvider(s.client(ctx), s.cfg.Issuer)
	if err != nil {
		return nil, nil, fmt.Errorf("discover the identity provider: %w", err)
	}
	s.oauth = &oauth2.Config{ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret, RedirectURL: s.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: s.cfg.Scopes}
	s.verifier = p.Verifier(&oidc.Config{ClientID: s.cfg.ClientID})
	return s.oauth, s.verifier, nil
}

// ssoFlow is one sign-in in progress, kept in a cookie of the browser that
// started it: the state that binds the answer to this browser, the nonce
// that binds the ID token to this sign-in, the PKCE verifier that binds
// the code to it, and where to go afterwards.
type ssoFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Back     string `json:"b"`
}

// ssoCookie holds the flow. SameSite=Lax, not Strict: the provider sends
// the browser back with a top-level navigation from its own site.
func (a *App) ssoCookie() string {
	if a.cfg.InsecureCookies {
		return "plekwijzer-sso"
	}
	return "__Host-plekwijzer-sso"
}

func (a *App) setFlow(c echo.Context, f *ssoFlow, maxAge int) {
	value := ""
	if f != nil {
		b, _ := json.Marshal(f)
		value = base64.RawURLEncoding.EncodeToString(b)
	}
	c.SetCookie(&http.Cookie{Name: a.ssoCookie(), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: !a.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
}

// takeFlow reads the flow of this browser and removes it: each is used
// once.
func (a *App) takeFlow(c echo.Context) (*ssoFlow, bool) {
	ck, err := c.Cookie(a.ssoCookie())
	if err != nil || ck.Value == "" {
		return nil, false
	}
	a.setFlow(c, nil, -1)
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	var f ssoFlow
	if err != nil || json.Unmarshal(b, &f) != nil || f.State == "" || f.Nonce == "" || f.Verifier == "" {
		return nil, false
	}
	f.Back = safeBack(f.Back)
	return &f, true
}

// Messages of a refused sign-in, for the login page.
const (
	msgSSOUnavailable = "Inloggen met de gemeente-account lukt nu niet. Probeer het later nog eens, of log in met je gebruikersnaam en wachtwoord."
	msgSSOExpired     = "Deze inlogpoging is verlopen of niet in deze browser begonnen. Probeer het nog eens."
	msgSSOFailed      = "Inloggen met de gemeente-account is niet gelukt. Probeer het nog eens."
	msgSSOCancelled   = "Inloggen met de gemeente-account is afgebroken of geweigerd."
	msgSSODeactivated = "Je account in Plekwijzer is uitgezet. Vraag de beheerder van Plekwijzer om het weer aan te zetten."
	msgSSONoRole      = "Je gemeente-account geeft geen toegang tot Plekwijzer. Vraag je leidinggevende of de beheerder van Plekwijzer om toegang."
	msgSSOUnlinked    = "Je gemeente-account is nog niet gekoppeld aan een organisatie in Plekwijzer. Vraag de beheerder van Plekwijzer om je account te koppelen en noem daarbij dit kenmerk: %s"
	msgSSOCaseload    = "Je rol in Plekwijzer verandert, maar er staan nog deelnemers op je naam. Vraag de beheerder om ze eerst aan een andere coach over te dragen."
)

// refusal is a sign-in that is not allowed: the status and words for the
// user, and the reason for the log (without personal data).
type refusal struct {
	status int
	msg    string
	reason string
}

func (r *refusal) Error() string { return r.reason }

func refuse(status int, msg, reason string) error { return &refusal{status, msg, reason} }

// ssoStart sends the browser to the identity provider.
func (a *App) ssoStart(c echo.Context) error {
	a.pageHeaders(c)
	back := safeBack(c.QueryParam("terug"))
	conf, _, err := a.sso.discover(c.Request().Context())
	if err != nil {
		a.log.Error("single sign-on", "err", err)
		return a.showLogin(c, http.StatusServiceUnavailable, url.Values{"terug": {back}}, &formErrors{Message: msgSSOUnavailable})
	}
	f := &ssoFlow{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier(), Back: back}
	a.setFlow(c, f, 600)
	return c.Redirect(http.StatusFound, conf.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)))
}

// ssoCallback finishes a sign-in: it checks the answer against the flow
// this browser started, exchanges the code for an ID token, verifies that,
// and starts a session for the user the token names.
func (a *App) ssoCallback(c echo.Context) error {
	a.pageHeaders(c)
	f, ok := a.takeFlow(c)
	back := ""
	if ok {
		back = f.Back
	}
	u, err := a.ssoUser(c, f)
	var r *refusal
	if errors.As(err, &r) {
		a.log.Warn("single sign-on refused", "reason", r.reason)
		return a.showLogin(c, r.status, url.Values{"terug": {back}}, &formErrors{Message: r.msg})
	}
	if err != nil {
		return err
	}
	return a.startSession(c, u, back, "oidc")
}

// ssoUser is the user an answer of the provider signs in, or a refusal.
func (a *App) ssoUser(c echo.Context, f *ssoFlow) (*plekwijzer.User, error) {
	ctx := c.Request().Context()
	q := c.QueryParams()
	if f == nil {
		return nil, refuse(http.StatusBadRequest, msgSSOExpired, "no sign-in was started in this browser")
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		return nil, refuse(http.StatusForbidden, msgSSOExpired, "the state does not match")
	}
	if q.Get("error") != "" {
		return nil, refuse(http.StatusUnauthorized, msgSSOCancelled, "the identity provider answered with an error")
	}
	if q.Get("code") == "" {
		return nil, refuse(http.StatusBadRequest, msgSSOFailed, "no code")
	}
	conf, verifier, err := a.sso.discover(ctx)
	if err != nil {
		a.log.Error("single sign-on", "err", err)
		return nil, refuse(http.StatusServiceUnavailable, msgSSOUnavailable, "the identity provider cannot be discovered")
	}
	tok, err := conf.Exchange(a.sso.client(ctx), q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "code exchange: "+err.Error())
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "no ID token")
	}
	idt, err := verifier.Verify(a.sso.client(ctx), raw)
	if err != nil {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "ID token: "+err.Error())
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "the nonce does not match")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "ID token claims: "+err.Error())
	}
	// A token for several audiences must name us as the party it was
	// issued to (OpenID Connect Core 3.1.3.7).
	if azp, _ := claims["azp"].(string); len(idt.Audience) > 1 && azp != a.sso.cfg.ClientID {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "ID token for several audiences without us as authorised party")
	}
	id := plekwijzer.Identity{Issuer: idt.Issuer, Subject: idt.Subject}
	if id.Validate() != nil {
		return nil, refuse(http.StatusUnauthorized, msgSSOFailed, "ID token without a valid subject")
	}
	return a.sso.signIn(ctx, id, ssoClaims{name: displayName(claims), email: claimEmail(claims), groups: claimStrings(claims, a.sso.cfg.GroupsClaim)})
}

// ssoClaims is what a verified ID token says of the person.
type ssoClaims struct {
	name, email string
	groups      []string
}

// claimEmail is the account's e-mail address (the standard claim email),
// where notifications are mailed; "" when there is none, the provider says
// it is not verified, or it is no address a mail server accepts.
func claimEmail(claims map[string]any) string {
	s, _ := claims["email"].(string)
	if v, ok := claims["email_verified"].(bool); ok && !v {
		return ""
	}
	if !plekwijzer.ValidEmail(s) {
		return ""
	}
	return s
}

// signIn applies the rules to a verified account: its groups must give a
// role; a linked user gets the provider's name, e-mail address (when it
// sends one) and role; an unknown account becomes a new user, unless the
// role needs an organisation.
func (s *sso) signIn(ctx context.Context, id plekwijzer.Identity, cl ssoClaims) (*plekwijzer.User, error) {
	name := cl.name
	role, ok := s.roleOf(cl.groups)
	if !ok {
		return nil, refuse(http.StatusForbidden, msgSSONoRole, "no group of the account maps to a role")
	}
	u, err := s.users.UserByIdentity(ctx, id)
	if plekwijzer.ErrorCode(err) == plekwijzer.ENotFound {
		if role == plekwijzer.RolePartner {
			return nil, refuse(http.StatusForbidden, fmt.Sprintf(msgSSOUnlinked, id.Subject), "a partner's account is linked to no user")
		}
		if name == "" {
			name = "Medewerker van de gemeente"
		}
		u = &plekwijzer.User{Name: name, Role: role, Email: cl.email}
		err := s.users.CreateUserWithIdentity(ctx, u, id)
		if plekwijzer.ErrorCode(err) == plekwijzer.EConflict {
			// Signed in twice at once: the other sign-in made the user.
			return s.users.UserByIdentity(ctx, id)
		}
		if err != nil {
			return nil, err
		}
		s.log.Info("user made at first sign-on", "userId", u.ID, "role", u.Role)
		return u, nil
	}
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, refuse(http.StatusForbidden, msgSSODeactivated, "the user is deactivated")
	}
	var upd plekwijzer.UserUpdate
	if role != u.Role {
		upd.Role = &role
	}
	if name != "" && name != u.Name {
		upd.Name = &name
	}
	if cl.email != "" && cl.email != u.Email {
		upd.Email = &cl.email
	}
	if upd == (plekwijzer.UserUpdate{}) {
		return u, nil
	}
	changed, err := s.users.UpdateUser(ctx, u.ID, upd, 0)
	switch plekwijzer.ErrorCode(err) {
	case "":
		if changed.Role != u.Role {
			s.log.Info("role changed by the identity provider", "userId", u.ID, "from", u.Role, "to", changed.Role)
		}
		return changed, nil
	case plekwijzer.EInvalid:
		return nil, refuse(http.StatusForbidden, fmt.Sprintf(msgSSOUnlinked, id.Subject), "the account's new role needs an organisation")
	case plekwijzer.EConflict:
		return nil, refuse(http.StatusConflict, msgSSOCaseload, "the account's new role would leave a caseload without coach")
	}
	return nil, err
}

// roleOf is the role of the first rule whose group is among groups.
func (s *sso) roleOf(groups []string) (plekwijzer.Role, bool) {
	for _, r := range s.cfg.Roles {
		if slices.Contains(groups, r.Group) {
			return r.Role, true
		}
	}
	return "", false
}

// claimStrings reads a claim that holds one string or a list of them; a
// name that is no claim of its own is followed as a dotted path.
func claimStrings(claims map[string]any, name string) []string {
	v, ok := claims[name]
	if !ok {
		var cur any = claims
		for part := range strings.SplitSeq(name, ".") {
			m, _ := cur.(map[string]any)
			cur = m[part]
		}
		v = cur
	}
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// displayName is what the provider calls the user: their name, else their
// username or e-mail address, at most 200 characters.
func displayName(claims map[string]any) string {
	for _, k := range []string{"name", "preferred_username", "email"} {
		if s, _ := claims[k].(string); strings.TrimSpace(s) != "" {
			s = strings.Join(strings.Fields(s), " ")
			if r := []rune(s); len(r) > 200 {
				s = string(r[:200])
			}
			return s
		}
	}
	return ""
}
