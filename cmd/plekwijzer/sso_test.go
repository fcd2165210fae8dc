package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// ssoEnv sets the environment of a working single sign-on.
func ssoEnv(t *testing.T, issuer string) {
	t.Setenv("PLEKWIJZER_OIDC_ISSUER", issuer)
	t.Setenv("PLEKWIJZER_OIDC_CLIENT_ID", "plekwijzer")
	t.Setenv("PLEKWIJZER_OIDC_CLIENT_SECRET", "")
	t.Setenv("PLEKWIJZER_OIDC_REDIRECT_URL", "https://plekwijzer.groningen.example/inloggen/gemeente/terug")
	t.Setenv("PLEKWIJZER_OIDC_ROLE_MAP", "plekwijzer-coaches=coach,plekwijzer-beheer=beheerder")
}

// TestSSOSettings: single sign-on is off without an issuer, reads its
// secret from a file, and a setting that cannot work stops the start,
// naming what is wrong.
func TestSSOSettings(t *testing.T) {
	load := func() (*config, error) { return loadConfig(flag.NewFlagSet("test", flag.ContinueOnError)) }
	t.Setenv("PLEKWIJZER_OIDC_ISSUER", "")
	if cfg, err := load(); err != nil || cfg.SSO != nil {
		t.Fatalf("without an issuer: %+v, %v", cfg.SSO, err)
	}

	ssoEnv(t, "https://login.groningen.example/realms/medewerkers")
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("uit-een-bestand\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PLEKWIJZER_OIDC_CLIENT_SECRET_FILE", secret)
	t.Setenv("PLEKWIJZER_OIDC_GROUPS_CLAIM", "realm_access.roles")
	t.Setenv("PLEKWIJZER_OIDC_SCOPES", "profile, email groups")
	cfg, err := load()
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.SSO
	if s.ClientSecret != "uit-een-bestand" || s.GroupsClaim != "realm_access.roles" || len(s.Roles) != 2 || s.Roles[1].Role != plekwijzer.RoleAdmin ||
		strings.Join(s.Scopes, " ") != "openid profile email groups" {
		t.Fatalf("settings: %+v", s)
	}

	for name, tc := range map[string]struct{ env, value, want string }{
		"plain http issuer":     {"PLEKWIJZER_OIDC_ISSUER", "http://login.groningen.example", "https"},
		"no client id":          {"PLEKWIJZER_OIDC_CLIENT_ID", "", "client id"},
		"redirect elsewhere":    {"PLEKWIJZER_OIDC_REDIRECT_URL", "https://plekwijzer.groningen.example/callback", "/inloggen/gemeente/terug"},
		"unknown role":          {"PLEKWIJZER_OIDC_ROLE_MAP", "plekwijzer-coaches=baas", "PLEKWIJZER_OIDC_ROLE_MAP"},
		"no roles":              {"PLEKWIJZER_OIDC_ROLE_MAP", "", "PLEKWIJZER_OIDC_ROLE_MAP"},
		"secret file not there": {"PLEKWIJZER_OIDC_CLIENT_SECRET_FILE", filepath.Join(t.TempDir(), "weg"), "PLEKWIJZER_OIDC_CLIENT_SECRET_FILE"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			if _, err := load(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s=%q: %v, want an error about %s", tc.env, tc.value, err, tc.want)
			}
		})
	}
}

// TestUserLink: user link ties a user made beforehand to an account at the
// identity provider (by default PLEKWIJZER_OIDC_ISSUER's), user unlink
// undoes it; on both engines.
func TestUserLink(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			ctx := context.Background()
			const issuer = "https://login.groningen.example/realms/medewerkers"
			ssoEnv(t, issuer)
			var out, errOut bytes.Buffer
			if err := run(ctx, []string{"user", "create", "--name", "Coach Link", "--role", "coach", "--database-url", url}, &out, &errOut); err != nil {
				t.Fatal(err)
			}
			var userID string
			fmt.Sscanf(out.String(), "user  %s\n", &userID)
			out.Reset()
			if err := run(ctx, []string{"user", "link", "--user", userID, "--subject", "sub-123", "--database-url", url}, &out, &errOut); err != nil {
				t.Fatalf("user link: %v", err)
			}
			db, err := store.Open(ctx, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if u, err := db.UserByIdentity(ctx, plekwijzer.Identity{Issuer: issuer, Subject: "sub-123"}); err != nil || u.ID != userID {
				t.Fatalf("linked user: %v, %v", u, err)
			}
			// Another issuer by flag; an account that is someone else's; no
			// subject.
			if err := run(ctx, []string{"user", "link", "--user", userID, "--subject", "sub-123", "--issuer", "https://partners.example", "--database-url", url}, &out, &errOut); err != nil {
				t.Errorf("link at another issuer: %v", err)
			}
			out.Reset()
			if err := run(ctx, []string{"user", "create", "--name", "Ander", "--role", "coach", "--database-url", url}, &out, &errOut); err != nil {
				t.Fatal(err)
			}
			var otherID string
			fmt.Sscanf(out.String(), "user  %s\n", &otherID)
			if err := run(ctx, []string{"user", "link", "--user", otherID, "--subject", "sub-123", "--database-url", url}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "andere gebruiker") {
				t.Errorf("linking someone else's account: %v", err)
			}
			if err := run(ctx, []string{"user", "link", "--user", userID, "--database-url", url}, &out, &errOut); err == nil {
				t.Error("a link without subject was accepted")
			}
			out.Reset()
			if err := run(ctx, []string{"user", "unlink", "--user", userID, "--database-url", url}, &out, &errOut); err != nil || !strings.Contains(out.String(), "removed 2") {
				t.Fatalf("user unlink: %v, %q", err, out.String())
			}
			if _, err := db.UserByIdentity(ctx, plekwijzer.Identity{Issuer: issuer, Subject: "sub-123"}); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
				t.Errorf("after unlink: %v", err)
			}
		})
	}
}

// TestServeWithSSO: the service started with single sign-on offers it on
// the login page and sends the browser to the provider it discovered.
func TestServeWithSSO(t *testing.T) {
	var provider string
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"issuer": provider, "authorization_endpoint": provider + "/authorize",
			"token_endpoint": provider + "/token", "jwks_uri": provider + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"}})
	}))
	defer idp.Close()
	provider = idp.URL
	ssoEnv(t, provider)
	addr := freeAddr(t)
	t.Setenv("PLEKWIJZER_OIDC_REDIRECT_URL", "http://"+addr+"/inloggen/gemeente/terug")
	t.Setenv("PLEKWIJZER_SECURE_COOKIES", "off")
	_, stop := startServe(t, addr, "--data-dir", t.TempDir())
	defer stop()
	res, err := http.Get("http://" + addr + "/inloggen")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Inloggen met de gemeente-account") {
		t.Fatalf("no single sign-on on the login page:\n%s", body)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err = noFollow.Get("http://" + addr + "/inloggen/gemeente")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusFound || !strings.HasPrefix(loc, provider+"/authorize?") || !strings.Contains(loc, "code_challenge_method=S256") {
		t.Fatalf("start of a sign-in: %d to %q", res.StatusCode, loc)
	}
}
