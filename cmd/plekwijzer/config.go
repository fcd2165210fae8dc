package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/notify"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/web"
)

// config is every setting of the service, read once in main from the
// environment and then from flags (flags win).
type config struct {
	DatabaseURL string
	DataDir     string
	Addr        string
	CORSOrigins []string
	// TrustedProxies may name the client in X-Forwarded-For.
	TrustedProxies []*net.IPNet
	LogLevel       slog.Level
	Demo           bool
	// Indexer runs the background search indexer; off only for maintenance
	// and for tests that need commits the index has not seen yet.
	Indexer bool
	// MatchWeights weigh the matching components
	// (PLEKWIJZER_MATCH_WEIGHTS, e.g. "variatie=0.25,afstand=0.05").
	MatchWeights matching.Weights
	// SecureCookies marks the web pages' session cookie Secure (default
	// on; browsers keep Secure cookies of http://localhost too). Off only
	// for plain http on another host, never in production.
	SecureCookies bool
	// ThemeCSS is a file with a municipality's own NL Design System
	// design tokens, hung on the class ThemeClass; empty: the "voorbeeld"
	// theme.
	ThemeCSS   string
	ThemeClass string
	// RetentionMonths of inactivity before a participant is anonymised;
	// 0 turns the policy off.
	RetentionMonths int
	// ProposalHold is how long a proposal holds its places; 0 for no limit.
	ProposalHold time.Duration
	// Evaluations is when a placement's evaluations are due.
	Evaluations plekwijzer.EvaluationSchedule
	// AsyncAudit commits audit rows without waiting for the disk.
	AsyncAudit bool
	// AuditAlone commits each request's audit rows on their own instead of
	// sharing commits with concurrent requests (group commit, the default).
	AuditAlone bool
	// SSO signs users in to the web pages through the municipality's
	// identity provider (PLEKWIJZER_OIDC_*); nil without an issuer.
	SSO *web.SSOConfig
	// Mail delivers notifications by e-mail (PLEKWIJZER_SMTP_URL and
	// friends, cmd/plekwijzer/mail.go); without SMTP only in the app.
	Mail notify.Config
	// PprofAddr, when set, serves Go's profiler (/debug/pprof/) on a
	// listener of its own, never on Addr: e.g. 127.0.0.1:6060.
	PprofAddr string
}

// env returns the variable name, or the contents of the file that
// name_FILE points to (Docker and Kubernetes secrets), trimmed.
func env(name string) (string, error) {
	if path := os.Getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("read %s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return os.Getenv(name), nil
}

// loadConfig reads the environment and registers the flags of the common
// settings on fs.
func loadConfig(fs *flag.FlagSet) (*config, error) {
	c := &config{DataDir: "data", Addr: ":8080", LogLevel: slog.LevelInfo, Indexer: true, ProposalHold: store.DefaultProposalHold, SecureCookies: true,
		Evaluations: plekwijzer.DefaultEvaluationSchedule}
	var err error
	if c.DatabaseURL, err = env("PLEKWIJZER_DATABASE_URL"); err != nil {
		return nil, err
	}
	if v, _ := env("PLEKWIJZER_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v, _ := env("PLEKWIJZER_ADDR"); v != "" {
		c.Addr = v
	}
	if v, _ := env("PLEKWIJZER_CORS_ORIGINS"); v != "" {
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.CORSOrigins = append(c.CORSOrigins, o)
			}
		}
	}
	if v, _ := env("PLEKWIJZER_TRUSTED_PROXIES"); v != "" {
		if c.TrustedProxies, err = api.ParseProxies(v); err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_TRUSTED_PROXIES: %w", err)
		}
	}
	if v, _ := env("PLEKWIJZER_DEMO"); v != "" {
		if c.Demo, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_DEMO: %w", err)
		}
	}
	if v, _ := env("PLEKWIJZER_INDEXER"); v != "" {
		if c.Indexer, err = parseOnOff(v); err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_INDEXER: %w", err)
		}
	}
	if v, _ := env("PLEKWIJZER_SECURE_COOKIES"); v != "" {
		if c.SecureCookies, err = parseOnOff(v); err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_SECURE_COOKIES: %w", err)
		}
	}
	c.PprofAddr, _ = env("PLEKWIJZER_PPROF_ADDR")
	c.ThemeCSS, _ = env("PLEKWIJZER_THEME_CSS")
	c.ThemeClass, _ = env("PLEKWIJZER_THEME_CLASS")
	v, _ := env("PLEKWIJZER_MATCH_WEIGHTS")
	if c.MatchWeights, err = matching.ParseWeights(v); err != nil {
		return nil, fmt.Errorf("PLEKWIJZER_MATCH_WEIGHTS: %w", err)
	}
	c.RetentionMonths = plekwijzer.DefaultRetentionMonths
	if v, _ := env("PLEKWIJZER_RETENTION_MONTHS"); v != "" {
		if c.RetentionMonths, err = strconv.Atoi(v); err != nil || c.RetentionMonths < 0 || c.RetentionMonths > 240 {
			return nil, fmt.Errorf("PLEKWIJZER_RETENTION_MONTHS: want 0 (off) to 240 months, got %q", v)
		}
	}
	if v, _ := env("PLEKWIJZER_PROPOSAL_HOLD_DAYS"); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 0 || days > 365 {
			return nil, fmt.Errorf("PLEKWIJZER_PROPOSAL_HOLD_DAYS: want 0 (no limit) to 365 days, got %q", v)
		}
		c.ProposalHold = time.Duration(days) * 24 * time.Hour
	}
	for _, d := range []struct {
		name string
		into *int
	}{{"PLEKWIJZER_EVALUATION_START_DAYS", &c.Evaluations.StartAfter}, {"PLEKWIJZER_EVALUATION_INTERVAL_DAYS", &c.Evaluations.Interval}} {
		if v, _ := env(d.name); v != "" {
			days, err := strconv.Atoi(v)
			if err != nil || days < 1 || days > 365 {
				return nil, fmt.Errorf("%s: want 1 to 365 days, got %q", d.name, v)
			}
			*d.into = days
		}
	}
	if err := c.Evaluations.Validate(); err != nil {
		return nil, err
	}
	if v, _ := env("PLEKWIJZER_AUDIT_GROUP_COMMIT"); v != "" {
		group, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_AUDIT_GROUP_COMMIT: want true or false, got %q", v)
		}
		c.AuditAlone = !group
	}
	if v, _ := env("PLEKWIJZER_ASYNC_AUDIT"); v != "" {
		if c.AsyncAudit, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_ASYNC_AUDIT: want true or false, got %q", v)
		}
	}
	if c.SSO, err = loadSSO(); err != nil {
		return nil, err
	}
	if c.Mail, err = loadMail(); err != nil {
		return nil, err
	}
	if v, _ := env("PLEKWIJZER_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("PLEKWIJZER_LOG_LEVEL: %w", err)
		}
	}
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres://… or host=… dbname=… for PostgreSQL; empty or a file path for SQLite (PLEKWIJZER_DATABASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "folder for the SQLite database and the search index (PLEKWIJZER_DATA_DIR)")
	return c, nil
}

// loadSSO reads the settings of single sign-on: none without
// PLEKWIJZER_OIDC_ISSUER, else all that it needs, checked.
func loadSSO() (*web.SSOConfig, error) {
	issuer, err := env("PLEKWIJZER_OIDC_ISSUER")
	if err != nil || issuer == "" {
		return nil, err
	}
	c := &web.SSOConfig{Issuer: issuer}
	for name, dst := range map[string]*string{
		"PLEKWIJZER_OIDC_CLIENT_ID":     &c.ClientID,
		"PLEKWIJZER_OIDC_CLIENT_SECRET": &c.ClientSecret,
		"PLEKWIJZER_OIDC_REDIRECT_URL":  &c.RedirectURL,
		"PLEKWIJZER_OIDC_GROUPS_CLAIM":  &c.GroupsClaim,
	} {
		if *dst, err = env(name); err != nil {
			return nil, err
		}
	}
	v, err := env("PLEKWIJZER_OIDC_ROLE_MAP")
	if err != nil {
		return nil, err
	}
	if c.Roles, err = web.ParseRoleMap(v); err != nil {
		return nil, fmt.Errorf("PLEKWIJZER_OIDC_ROLE_MAP: %w", err)
	}
	if v, _ := env("PLEKWIJZER_OIDC_SCOPES"); v != "" {
		c.Scopes = strings.Fields(strings.ReplaceAll(v, ",", " "))
	}
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("PLEKWIJZER_OIDC_*: %w", err)
	}
	return c, nil
}

// databaseURL is where the store lives: the configured URL, or the SQLite
// file in the data folder.
func (c *config) databaseURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "plekwijzer.db")
}

// maskedDatabaseURL is the database location without its password, for
// the log.
func (c *config) maskedDatabaseURL() string { return store.Redact(c.databaseURL()) }

// parseCommand reads the configuration of a command: the environment, then
// its flags — the common ones plus those define adds.
func parseCommand(name string, args []string, stderr io.Writer, define func(fs *flag.FlagSet, c *config)) (*config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := loadConfig(fs)
	if err != nil {
		return nil, err
	}
	if define != nil {
		define(fs, cfg)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parseOnOff reads on/off, true/false, 1/0.
func parseOnOff(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "on", "aan":
		return true, nil
	case "off", "uit":
		return false, nil
	}
	return strconv.ParseBool(v)
}
