package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/search"
)

func migrate(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := parseCommand("migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, newLogger(stderr, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "schema version %d\n", v)
	return nil
}

// userCmd: plekwijzer user create --name NAME --role ROLE [--organisation ID]
// [--email ADDRESS] [--username NAME --password-stdin], or plekwijzer user password, link or
// unlink.
func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "password":
			return passwordCmd(ctx, args[1:], stdout, stderr)
		case "link":
			return linkCmd(ctx, args[1:], stdout, stderr)
		case "unlink":
			return unlinkCmd(ctx, args[1:], stdout, stderr)
		}
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: plekwijzer user create --name NAME --role ROLE [--organisation ID] [--email ADDRESS] [--username NAME --password-stdin]")
	}
	var name, role, org, email string
	var days int
	var pf passwordFlags
	cfg, err := parseCommand("user create", args[1:], stderr, func(fs *flag.FlagSet, _ *config) {
		fs.StringVar(&name, "name", "", "the user's name")
		fs.StringVar(&role, "role", "", "beheerder, coach, partner or manager")
		fs.StringVar(&org, "organisation", "", "id of the user's organisation (required for partners)")
		fs.StringVar(&email, "email", "", "where the user's notifications are mailed (empty: no mail)")
		fs.IntVar(&days, "days", 0, "days until the token expires (0: never)")
		pf.define(fs)
	})
	if err != nil {
		return err
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
	u := &plekwijzer.User{Name: name, Role: plekwijzer.Role(role), Email: email}
	if org != "" {
		u.OrganisationID = &org
	}
	if err := db.CreateUser(ctx, u); err != nil {
		return describe(err)
	}
	if username != "" {
		if err := db.SetPassword(ctx, u.ID, username, password); err != nil {
			// No user half made: without the login asked for, none at all.
			if derr := db.DeleteUser(ctx, u.ID); derr != nil {
				return errors.Join(describe(err), derr)
			}
			return describe(err)
		}
	}
	_, secret, err := db.CreateToken(ctx, u.ID, "command line", expiry(days))
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "user  %s\ntoken %s\n", u.ID, secret)
	if username != "" {
		fmt.Fprintf(stdout, "username %s\n", username)
	}
	fmt.Fprintln(stderr, "The token is shown only now; keep it somewhere safe.")
	return nil
}

// tokenCmd: plekwijzer token create --user ID [--name NAME] [--days N]
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: plekwijzer token create --user ID [--name NAME] [--days N]")
	}
	var user, name string
	var days int
	cfg, err := parseCommand("token create", args[1:], stderr, func(fs *flag.FlagSet, _ *config) {
		fs.StringVar(&user, "user", "", "the user's id")
		fs.StringVar(&name, "name", "command line", "what the token is for")
		fs.IntVar(&days, "days", 0, "days until the token expires (0: never)")
	})
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, newLogger(io.Discard, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	_, secret, err := db.CreateToken(ctx, user, name, expiry(days))
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "token %s\n", secret)
	return nil
}

func expiry(days int) *time.Time {
	if days <= 0 {
		return nil
	}
	t := time.Now().AddDate(0, 0, days)
	return &t
}

// describe spells out a domain error with its fields for the terminal.
func describe(err error) error {
	var e *plekwijzer.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	msg := e.Message
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Name, f.Reason)
	}
	return errors.New(msg)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// indexDir is where this replica keeps its search index.
func indexDir(cfg *config) string { return filepath.Join(cfg.DataDir, "index") }

// reindex rebuilds the search index from the database. The service keeps its
// index open, so run it while the service on this data folder is stopped.
func reindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseCommand("reindex", args, stderr, nil)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	ix, err := search.Open(ctx, indexDir(cfg), db, log)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := ix.Rebuild(ctx); err != nil {
		return err
	}
	docs, _ := ix.DocCount()
	fmt.Fprintf(stdout, "index rebuilt: %d documents, outbox position %d, %s\n", docs, ix.Position(), time.Since(start).Round(time.Millisecond))
	return nil
}

// retention shows (--dry-run) or carries out the retention policy now: the
// participants inactive for longer than the retention period are
// anonymised. The list goes to the beheerder's terminal, not to a log.
func retention(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var dryRun bool
	cfg, err := parseCommand("retention", args, stderr, func(fs *flag.FlagSet, c *config) {
		fs.BoolVar(&dryRun, "dry-run", false, "only show who would be anonymised")
		fs.IntVar(&c.RetentionMonths, "months", c.RetentionMonths, "months of inactivity before anonymisation")
	})
	if err != nil {
		return err
	}
	if cfg.RetentionMonths <= 0 {
		return fmt.Errorf("retention is off (PLEKWIJZER_RETENTION_MONTHS=0); pass --months N")
	}
	db, err := openStore(ctx, cfg, newLogger(stderr, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	today := plekwijzer.Today()
	var r *plekwijzer.RetentionReport
	if dryRun {
		r, err = plekwijzer.PlanRetention(ctx, db, today, cfg.RetentionMonths)
	} else {
		r, err = plekwijzer.RunRetention(ctx, db, today, cfg.RetentionMonths, plekwijzer.NewID())
	}
	if err != nil {
		return err
	}
	verb := "anonymised"
	if dryRun {
		verb = "would anonymise"
	}
	fmt.Fprintf(stdout, "retention %d months: inactive since before %s\n", r.Months, r.Cutoff)
	for _, p := range r.Due {
		fmt.Fprintf(stdout, "  due   %-32s last activity %s\n", p.Code, p.LastActivity)
	}
	for _, p := range r.Soon {
		fmt.Fprintf(stdout, "  soon  %-32s last activity %s\n", p.Code, p.LastActivity)
	}
	n := r.Done
	if dryRun {
		n = len(r.Due)
	}
	fmt.Fprintf(stdout, "%s %d participants; %d more within 30 days\n", verb, n, len(r.Soon))
	return nil
}
