package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/web"
)

// stdin is where --password-stdin reads from (tests replace it).
var stdin io.Reader = os.Stdin

// newApp builds the web application on the API server.
func newApp(ctx context.Context, cfg *config, srv *api.Server, db *store.DB, log *slog.Logger) (*web.App, error) {
	ac := web.AppConfig{InsecureCookies: !cfg.SecureCookies, ThemeClass: cfg.ThemeClass}
	if cfg.ThemeCSS != "" {
		b, err := os.ReadFile(cfg.ThemeCSS)
		if err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_THEME_CSS: %w", err)
		}
		ac.ThemeCSS = b
	}
	if !cfg.SecureCookies {
		log.Warn("the session cookie is not Secure (PLEKWIJZER_SECURE_COOKIES=off): use this only on a trusted network")
	}
	app, err := web.NewApp(srv, db, log, ac)
	if err != nil {
		return nil, err
	}
	if cfg.SSO != nil {
		if err := app.EnableSSO(ctx, *cfg.SSO, db); err != nil {
			return nil, err
		}
		log.Info("single sign-on", "issuer", cfg.SSO.Issuer, "groupsClaim", cfg.SSO.GroupsClaim, "roleRules", len(cfg.SSO.Roles))
	}
	return app, nil
}

// passwordFlags are the ways a command takes a password, from safest:
// PLEKWIJZER_PASSWORD_FILE, --password-stdin, PLEKWIJZER_PASSWORD, and
// --password (visible in the process list; for scripts on one's own
// machine).
type passwordFlags struct {
	username  string
	password  string
	fromStdin bool
}

func (p *passwordFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&p.username, "username", "", "username for the web pages (lower case letters, digits, . _ -)")
	fs.StringVar(&p.password, "password", "", "password for the web pages (prefer --password-stdin or PLEKWIJZER_PASSWORD_FILE)")
	fs.BoolVar(&p.fromStdin, "password-stdin", false, "read the password from the first line of standard input")
}

// read returns the password, "" when none was given.
func (p *passwordFlags) read() (string, error) {
	if p.fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	if p.password != "" {
		return p.password, nil
	}
	return env("PLEKWIJZER_PASSWORD")
}

// credentials checks the username and password before anything is stored.
func (p *passwordFlags) credentials() (username, password string, err error) {
	if p.username == "" {
		if p.fromStdin || p.password != "" {
			return "", "", errors.New("a password needs a --username")
		}
		return "", "", nil
	}
	if password, err = p.read(); err != nil {
		return "", "", err
	}
	if password == "" {
		return "", "", errors.New("--username needs a password: --password-stdin, PLEKWIJZER_PASSWORD(_FILE) or --password")
	}
	username = plekwijzer.NormalizeUsername(p.username)
	return username, password, describe(plekwijzer.ValidateCredentials(username, password))
}

// passwordCmd: plekwijzer user password --user ID --username NAME
func passwordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var user string
	var pf passwordFlags
	cfg, err := parseCommand("user password", args, stderr, func(fs *flag.FlagSet, _ *config) {
		fs.StringVar(&user, "user", "", "the user's id")
		pf.define(fs)
	})
	if err != nil {
		return err
	}
	if pf.username == "" {
		return errors.New("usage: plekwijzer user password --user ID --username NAME [--password-stdin]")
	}
	username, password, err := pf.credentials()
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, newLogger(io.Discard, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetPassword(ctx, user, username, password); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "username %s\n", username)
	return nil
}

// demoPassword is the documented password of every demo user. Demo data
// is for trying Plekwijzer out, never for real participants.
const demoPassword = "plekwijzer-demo"

type demoLogin struct {
	username, role, name string
}

// demoLogins gives every demo user a username (their first name, or their
// role for the beheerder) and the demo password.
func demoLogins(ctx context.Context, db *store.DB) ([]demoLogin, error) {
	users, _, err := db.FindUsers(ctx, plekwijzer.UserFilter{Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	var out []demoLogin
	taken := map[string]bool{}
	for _, u := range users {
		name := demoUsername(u)
		for i := 2; taken[name]; i++ {
			name = fmt.Sprintf("%s%d", demoUsername(u), i)
		}
		taken[name] = true
		if err := db.SetPassword(ctx, u.ID, name, demoPassword); err != nil {
			return nil, fmt.Errorf("demo login for %s: %w", u.Name, err)
		}
		out = append(out, demoLogin{name, string(u.Role), u.Name})
	}
	return out, nil
}

// demoUsername is "fatma" for "Coach Fatma Y.", "beheerder" for "Demo
// beheerder".
func demoUsername(u *plekwijzer.User) string {
	words := strings.Fields(u.Name)
	if len(words) < 2 || u.Role == plekwijzer.RoleAdmin {
		return string(u.Role)
	}
	var b strings.Builder
	fold := strings.NewReplacer("ü", "u", "ö", "o", "ë", "e", "é", "e", "è", "e", "ï", "i", "ç", "c", "ş", "s", "ğ", "g", "ı", "i")
	for _, r := range fold.Replace(strings.ToLower(words[1])) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return string(u.Role)
	}
	return b.String()
}

// linkCmd: plekwijzer user link --user ID --subject SUB [--issuer URL]
// links a user made beforehand (a partner, or someone who used a password)
// to their account at the identity provider.
func linkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var user, subject, issuer string
	cfg, err := parseCommand("user link", args, stderr, func(fs *flag.FlagSet, c *config) {
		fs.StringVar(&user, "user", "", "the user's id")
		fs.StringVar(&subject, "subject", "", "the account's subject (sub) at the identity provider")
		if c.SSO != nil {
			issuer = c.SSO.Issuer
		}
		fs.StringVar(&issuer, "issuer", issuer, "the identity provider's issuer URL (PLEKWIJZER_OIDC_ISSUER)")
	})
	if err != nil {
		return err
	}
	if user == "" || subject == "" || issuer == "" {
		return errors.New("usage: plekwijzer user link --user ID --subject SUB [--issuer URL] (the issuer defaults to PLEKWIJZER_OIDC_ISSUER)")
	}
	db, err := openStore(ctx, cfg, newLogger(io.Discard, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.LinkIdentity(ctx, user, plekwijzer.Identity{Issuer: issuer, Subject: subject}); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "linked %s to %s at %s\n", user, subject, issuer)
	return nil
}

// unlinkCmd: plekwijzer user unlink --user ID
func unlinkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var user string
	cfg, err := parseCommand("user unlink", args, stderr, func(fs *flag.FlagSet, _ *config) {
		fs.StringVar(&user, "user", "", "the user's id")
	})
	if err != nil {
		return err
	}
	if user == "" {
		return errors.New("usage: plekwijzer user unlink --user ID")
	}
	db, err := openStore(ctx, cfg, newLogger(io.Discard, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.UnlinkIdentities(ctx, user)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "removed %d link(s)\n", n)
	return nil
}
