package web_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// idp is a minimal OpenID Connect provider for the tests: discovery, a
// key set with one RSA key, an authorize endpoint that signs in whoever
// the test says (no login page) and sends the browser back with a code,
// and a token endpoint that checks the client, the code, the redirect URI
// and the PKCE verifier and returns a signed ID token. Whatever a
// conforming client must not send fails the test.
type idp struct {
	t        *testing.T
	url      string
	key      *rsa.PrivateKey
	clientID string
	secret   string
	redirect string

	mu sync.Mutex
	// account signs in at the next authorize.
	account account
	// deny answers the next authorize with access_denied.
	deny bool
	// tamper changes the claims of the next ID token.
	tamper func(claims map[string]any)
	// signWith signs the next ID token with another key.
	signWith *rsa.PrivateKey
	// down answers discovery with 503, as a provider that is away.
	down   bool
	grants map[string]grant
	// issued counts the ID tokens issued.
	issued int
}

// account is a user at the provider.
type account struct {
	Subject string
	Name    string
	Groups  []string
	// Email and EmailVerified are the claims email and email_verified
	// (left out when empty or nil).
	Email         string
	EmailVerified *bool
}

// grant is an authorization code and what it was issued for.
type grant struct {
	account
	nonce, challenge, redirect string
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &idp{t: t, key: key, clientID: "plekwijzer", secret: "geheim-van-de-client", grants: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	p.url = s.URL
	return p
}

// next sets who signs in next and clears any tampering.
func (p *idp) next(a account) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.account, p.deny, p.tamper, p.signWith = a, false, nil, nil
}

func (p *idp) set(fn func(p *idp)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fn(p)
}

func (p *idp) discovery(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		http.Error(w, "onderhoud", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.url,
		"authorization_endpoint":                p.url + "/authorize",
		"token_endpoint":                        p.url + "/token",
		"jwks_uri":                              p.url + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *idp) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
}

// authorize checks the request as the specification asks and sends the
// browser back with a code (or the error the test asked for).
func (p *idp) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, want := range map[string]string{"response_type": "code", "client_id": p.clientID, "redirect_uri": p.redirect, "code_challenge_method": "S256"} {
		if got := q.Get(k); got != want {
			p.t.Errorf("authorize: %s=%q, want %q", k, got, want)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
	}
	if !strings.Contains(" "+q.Get("scope")+" ", " openid ") || q.Get("state") == "" || q.Get("nonce") == "" || len(q.Get("code_challenge")) != 43 {
		p.t.Errorf("authorize without openid scope, state, nonce or S256 challenge: %v", q)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	back, _ := url.Parse(p.redirect)
	v := url.Values{"state": {q.Get("state")}}
	p.mu.Lock()
	if p.deny {
		v.Set("error", "access_denied")
	} else {
		code := rand.Text()
		p.grants[code] = grant{p.account, q.Get("nonce"), q.Get("code_challenge"), q.Get("redirect_uri")}
		v.Set("code", code)
	}
	p.mu.Unlock()
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token exchanges a code once, for the client it was issued to, with the
// verifier of its challenge.
func (p *idp) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, "invalid_request")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	} else {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	}
	if id != p.clientID || secret != p.secret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	code := r.PostForm.Get("code")
	g, ok := p.grants[code]
	delete(p.grants, code) // a code works once, also when the attempt fails
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case r.PostForm.Get("grant_type") != "authorization_code", !ok:
		tokenError(w, "invalid_grant")
		return
	case r.PostForm.Get("redirect_uri") != g.redirect:
		tokenError(w, "invalid_grant")
		return
	case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		tokenError(w, "invalid_grant") // PKCE: not the browser that asked
		return
	}
	now := time.Now()
	claims := map[string]any{"iss": p.url, "sub": g.Subject, "aud": p.clientID, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"nonce": g.nonce, "groups": g.Groups}
	if g.Name != "" {
		claims["name"] = g.Name
	}
	if g.Email != "" {
		claims["email"] = g.Email
	}
	if g.EmailVerified != nil {
		claims["email_verified"] = *g.EmailVerified
	}
	if p.tamper != nil {
		p.tamper(claims)
	}
	key := p.key
	if p.signWith != nil {
		key = p.signWith
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		p.t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		p.t.Fatal(err)
	}
	raw, _ := jws.CompactSerialize()
	p.issued++
	writeJSON(w, http.StatusOK, map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": raw})
}

func tokenError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
