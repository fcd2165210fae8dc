// Command plekwijzer runs the Plekwijzer service and its administration
// commands. See README.md and shared/API.md, "Command line".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // dates are Dutch dates, also in images without a zoneinfo folder

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/web"
)

const usage = `plekwijzer — passend en gevarieerd werk voor deelnemers van iederz

Usage:
  plekwijzer [serve] [--addr :8080] [--demo]   run the service
  plekwijzer migrate                           bring the database schema up to date
  plekwijzer reindex                           rebuild the search index from the database (service stopped)
  plekwijzer user create --name NAME --role ROLE [--organisation ID] [--username NAME --password-stdin]
                                               add a user and print an API token; with a
                                               username, also a password for the web pages
  plekwijzer user password --user ID --username NAME [--password-stdin]
                                               set a user's username and password
  plekwijzer user link --user ID --subject SUB [--issuer URL]
                                               link a user to their account at the identity provider
  plekwijzer user unlink --user ID             remove a user's links to the identity provider
  plekwijzer token create --user ID [--name NAME] [--days N]
                                               print a new API token for a user
  plekwijzer retention [--dry-run] [--months N]
                                               anonymise participants inactive for longer than the retention period
  plekwijzer healthcheck                       exit 0 when the local service is ready (for container health checks)
  plekwijzer version                           print the version

Roles: beheerder, coach, partner, manager.
Configuration: PLEKWIJZER_DATABASE_URL, PLEKWIJZER_DATA_DIR, PLEKWIJZER_ADDR,
PLEKWIJZER_CORS_ORIGINS, PLEKWIJZER_TRUSTED_PROXIES, PLEKWIJZER_LOG_LEVEL, PLEKWIJZER_DEMO,
PLEKWIJZER_PROPOSAL_HOLD_DAYS, PLEKWIJZER_EVALUATION_START_DAYS, PLEKWIJZER_EVALUATION_INTERVAL_DAYS, PLEKWIJZER_ASYNC_AUDIT, PLEKWIJZER_AUDIT_GROUP_COMMIT, PLEKWIJZER_MATCH_WEIGHTS, PLEKWIJZER_RETENTION_MONTHS,
PLEKWIJZER_SECURE_COOKIES, PLEKWIJZER_THEME_CSS, PLEKWIJZER_THEME_CLASS,
PLEKWIJZER_OIDC_ISSUER, PLEKWIJZER_OIDC_CLIENT_ID, PLEKWIJZER_OIDC_CLIENT_SECRET,
PLEKWIJZER_OIDC_REDIRECT_URL, PLEKWIJZER_OIDC_GROUPS_CLAIM, PLEKWIJZER_OIDC_ROLE_MAP,
PLEKWIJZER_OIDC_SCOPES, PLEKWIJZER_PPROF_ADDR; each also as NAME_FILE.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "plekwijzer:", err)
		os.Exit(1)
	}
}

// run is main without the process around it, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, stderr)
	case "reindex":
		return reindex(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, stdout, stderr)
	case "retention":
		return retention(ctx, args, stdout, stderr)
	case "token":
		return tokenCmd(ctx, args, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, stderr)
	case "version":
		fmt.Fprintln(stdout, plekwijzer.Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// openStore opens and migrates the database and loads the catalogue into
// it: every command works on an up-to-date database.
func openStore(ctx context.Context, cfg *config, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.databaseURL(), log)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := seed.Catalogue(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("load catalogue: %w", err)
	}
	return db, nil
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseCommand("serve", args, stderr, func(fs *flag.FlagSet, c *config) {
		fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (PLEKWIJZER_ADDR)")
		fs.BoolVar(&c.Demo, "demo", c.Demo, "load realistic demo data into an empty database (PLEKWIJZER_DEMO)")
	})
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	log.Info("starting", "version", plekwijzer.Version, "database", cfg.maskedDatabaseURL(), "addr", cfg.Addr)

	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.Demo {
		if err := loadDemo(ctx, db, stdout, log); err != nil {
			return err
		}
	}
	// The index is this replica's cache of the database: opened (or rebuilt
	// when missing or damaged) before the service takes traffic, then kept
	// up to date from the outbox in the background.
	// Listen for other replicas' commits before the first catch-up, so
	// none made in between waits for the poll.
	if err := db.Listen(); err != nil {
		log.Warn("cannot listen for other replicas' changes; polling instead", "err", err)
	}
	replica, err := replicaID(cfg.DataDir)
	if err != nil {
		// A data folder that cannot be written is no reason not to
		// start: the search index waits for it (degraded) and the rest
		// works from the database.
		replica = plekwijzer.NewID()
		log.Warn("cannot keep this replica's id in the data folder; using a new one for this run", "err", err)
	}
	if err := resumeReplica(ctx, db, replica, indexDir(cfg), log); err != nil {
		return err
	}
	ix, err := search.Open(ctx, indexDir(cfg), db, log)
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	defer ix.Close()
	skills, err := search.OpenSkills(ctx, db)
	if err != nil {
		return fmt.Errorf("open skill search: %w", err)
	}
	defer skills.Close()
	indexCtx, stopIndexer := context.WithCancel(context.Background())
	indexerDone := make(chan struct{})
	go func() {
		defer close(indexerDone)
		if !cfg.Indexer {
			log.Warn("search indexer is off (PLEKWIJZER_INDEXER=off): new changes are not searchable")
			return
		}
		if err := ix.Run(indexCtx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("indexer stopped", "err", err)
		}
	}()
	defer func() { stopIndexer(); <-indexerDone }()

	// Proposals hold their places for a while, then expire.
	db.SetProposalHold(cfg.ProposalHold)
	db.SetEvaluationSchedule(cfg.Evaluations)
	db.SetAsyncAudit(cfg.AsyncAudit)
	db.SetAuditGroupCommit(!cfg.AuditAlone)
	jobsCtx, stopJobs := context.WithCancel(context.Background())
	jobsDone := make(chan struct{})
	go func() { defer close(jobsDone); expireProposals(jobsCtx, db, log, expiryInterval) }()
	retentionDone := make(chan struct{})
	go func() {
		defer close(retentionDone)
		if cfg.RetentionMonths > 0 {
			anonymiseInactive(jobsCtx, db, cfg.RetentionMonths, log, retentionInterval)
		}
	}()
	defer func() { stopJobs(); <-retentionDone }()
	outboxDone := make(chan struct{})
	go func() {
		defer close(outboxDone)
		keepOutbox(jobsCtx, db, ix, replica, log, reportInterval, int(pruneInterval/reportInterval), replicaTimeout)
	}()
	defer func() { stopJobs(); <-outboxDone }()
	defer func() { stopJobs(); <-jobsDone }()
	mailDone := make(chan struct{})
	go func() {
		defer close(mailDone)
		if err := deliverMail(jobsCtx, db, cfg.Mail, log); err != nil {
			log.Error("notification worker not started", "err", err)
		}
	}()
	defer func() { stopJobs(); <-mailDone }()

	srv, err := api.New(db, log, api.Config{Search: ix, Index: ix, Skills: skills, MatchWeights: cfg.MatchWeights, CORSOrigins: cfg.CORSOrigins, RetentionMonths: cfg.RetentionMonths,
		TrustedProxies: cfg.TrustedProxies})
	if err != nil {
		return err
	}
	web.NewWidget(srv, cfg.CORSOrigins).Mount(srv.Echo())
	app, err := newApp(ctx, cfg, srv, db, log)
	if err != nil {
		return err
	}
	app.Mount(srv.Echo())
	if cfg.PprofAddr != "" {
		stopPprof, err := servePprof(cfg.PprofAddr, log)
		if err != nil {
			return err
		}
		defer stopPprof()
	}
	httpServer := &http.Server{
		Addr:              cfg.Addr,
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- httpServer.ListenAndServe() }()
	srv.SetReady(true)
	log.Info("ready", "addr", cfg.Addr)
	// The offer pool that matching, search and the widget answer from is
	// read now rather than by the first request after a start; requests
	// that come in meanwhile wait for the same read.
	go func() {
		start := time.Now()
		if err := srv.Warm(jobsCtx); err != nil {
			log.Warn("offer pool not read at start; the first request reads it", "err", err)
			return
		}
		log.Info("offer pool read", "ms", time.Since(start).Milliseconds())
	}()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop taking new requests, let running ones finish.
	srv.SetReady(false)
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// servePprof serves Go's profiler on addr, apart from the service: the
// profiles show code paths and timings, not data, but are for operators
// only, so they get an address of their own (PLEKWIJZER_PPROF_ADDR).
func servePprof(addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("PLEKWIJZER_PPROF_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	log.Info("profiler listening", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}

// loadDemo fills an empty database with the demo data and prints the demo
// users' tokens; a database that already has data is left alone.
func loadDemo(ctx context.Context, db *store.DB, stdout io.Writer, log *slog.Logger) error {
	_, n, err := db.FindOrganisations(ctx, plekwijzer.OrganisationFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("demo data not loaded: the database is not empty")
		fmt.Fprintln(stdout, "De database bevat al gegevens; demodata is niet opnieuw geladen.\n"+
			"Maak zo nodig een token: plekwijzer user create --name NAAM --role beheerder")
		return nil
	}
	res, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 2018})
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	log.Info("demo data loaded", "organisations", res.Organisations, "offers", res.Offers,
		"participants", res.Participants, "placements", res.Placements)
	fmt.Fprintln(stdout, "Demodata geladen. Tokens van de demogebruikers (alleen nu zichtbaar):")
	for _, name := range sortedKeys(res.Tokens) {
		fmt.Fprintf(stdout, "  %-40s %s\n", name, res.Tokens[name])
	}
	logins, err := demoLogins(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nInloggen op de webpagina's kan met het wachtwoord %q en deze gebruikersnamen:\n", demoPassword)
	for _, l := range logins {
		fmt.Fprintf(stdout, "  %-12s %-10s %s\n", l.username, l.role, l.name)
	}
	return nil
}

// healthcheck asks the local service whether it is ready; the container
// image has no shell or curl, so the binary checks itself.
func healthcheck(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := parseCommand("healthcheck", args, stderr, nil)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("PLEKWIJZER_ADDR %q: %w", cfg.Addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", res.Status)
	}
	return nil
}
