// Command bookbench measures how Plekwijzer books places under contention
// and what the occupancy statistics cost, and writes the "Capacity"
// section of docs/BENCHMARKS.md.
//
//	go run ./bench/bookbench -out docs/BENCHMARKS.md
//
// Booking: 16 clients (-clients) book at once through the store, each
// attempt a new participant, in three scenarios run one after the other on
// their own day-part: a baseline without contention (every client its own
// offer with room for all its bookings), few places (-offers offers with
// -places places, spread over -weeks weeks) that everyone competes for,
// and the same with half of the places reserved for one referrer's
// participants (a contingent) while the clients take turns being that
// referrer's. Afterwards every offer and week is counted in the database:
// no day-part may hold more placements than places, no contingent may
// lose reserved places to others, and no booking may have been refused
// while a place it could take was free.
//
// Statistics: a year of placement history over -history-places places
// (offers of 10 places on every day-part, back-to-back placements of 4 to
// 26 weeks on 2 to 5 day-parts, ended with outcomes), then the time of
// GET /statistieken/bezetting for those 53 weeks through the API, of its
// two halves (the store's facts and the weekly figures), of reading the
// same rows with one plain SQL query (the baseline), and of the dropout
// and variety figures.
//
// The database is a new one on the PostgreSQL server that
// PLEKWIJZER_BENCH_DATABASE_URL, else PLEKWIJZER_TEST_DATABASE_URL, else
// the local server names; it is dropped afterwards. -engine sqlite runs on
// a SQLite file instead (the smoke test does).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// config is one run of the benchmark.
type config struct {
	Engine        string
	DatabaseURL   string
	Clients       int
	Attempts      int // per client and scenario
	Offers        int // offers the contended scenarios compete for
	Places        int // places of each of those offers on the day-part
	Weeks         int // weeks the contended bookings spread over
	HistoryPlaces int // places per day-part with a year of history
	Reps          int // timed repetitions of each statistics request
	Seed          uint64
	Out           string
	Command       string // how to reproduce, for the report
	Log           io.Writer
}

func main() {
	cfg := config{Log: os.Stderr}
	flag.StringVar(&cfg.Engine, "engine", store.Postgres, "postgres or sqlite")
	flag.StringVar(&cfg.DatabaseURL, "database-url", benchutil.EnvOr("PLEKWIJZER_BENCH_DATABASE_URL", benchutil.EnvOr("PLEKWIJZER_TEST_DATABASE_URL", benchutil.DefaultDatabaseURL)),
		"PostgreSQL server to create the benchmark database on")
	flag.IntVar(&cfg.Clients, "clients", 16, "clients booking at once")
	flag.IntVar(&cfg.Attempts, "attempts", 250, "booking attempts per client and scenario")
	flag.IntVar(&cfg.Offers, "offers", 2, "offers the contended scenarios compete for")
	flag.IntVar(&cfg.Places, "places", 2, "places per offer on the day-part")
	flag.IntVar(&cfg.Weeks, "weeks", 4, "weeks the contended bookings spread over")
	flag.IntVar(&cfg.HistoryPlaces, "history-places", 500, "places per day-part with a year of history")
	flag.IntVar(&cfg.Reps, "reps", 20, "timed repetitions of each statistics request")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the random choices")
	flag.StringVar(&cfg.Out, "out", "docs/BENCHMARKS.md", "the report (the Capacity section between its markers)")
	flag.Parse()
	cfg.Command = "go run ./bench/bookbench" + benchutil.FlagsSet("out", "database-url") + " -out " + cfg.Out
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bookbench:", err)
		os.Exit(1)
	}
}

func logf(w io.Writer, format string, args ...any) { benchutil.Logf(w, "bookbench", format, args...) }

// run measures and, with cfg.Out, writes the report.
func run(ctx context.Context, cfg config) (*report, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	rep := &report{Config: cfg, Machine: benchutil.ReadMachine(), LoadBefore: benchutil.LoadAverage()}
	began := time.Now()
	db, raw, cleanup, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if cfg.Engine == store.Postgres {
		if err := raw.QueryRowContext(ctx, `SHOW server_version`).Scan(&rep.Machine.PostgreSQL); err != nil {
			return nil, err
		}
	}
	if err := seed.Catalogue(ctx, db); err != nil {
		return nil, err
	}
	w, err := newWorld(ctx, db, raw, cfg)
	if err != nil {
		return nil, err
	}
	logf(cfg.Log, "%d participants ready", len(w.participants))
	for _, sc := range w.scenarios() {
		res, err := w.book(ctx, sc)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", sc.name, err)
		}
		logf(cfg.Log, "%s: %d booked, %d refused in %s", sc.name, res.Booked, res.Refused, res.Wall.Round(time.Millisecond))
		rep.Booking = append(rep.Booking, res)
	}
	hist, err := w.history(ctx)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	logf(cfg.Log, "history: %d placements over %d places", hist.Placements, cfg.HistoryPlaces)
	if rep.Stats, err = w.measureStatistics(ctx, hist); err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	rep.History = hist
	rep.Elapsed = time.Since(began)
	rep.LoadAfter = benchutil.LoadAverage()
	if cfg.Out != "" {
		if err := benchutil.WriteSection(cfg.Out, sectionName, rep.markdown()); err != nil {
			return nil, err
		}
		logf(cfg.Log, "wrote %s", cfg.Out)
	}
	return rep, nil
}

// openDatabase makes a new, migrated database of the engine, and a plain
// connection to it beside the store for the baseline.
func openDatabase(ctx context.Context, cfg config) (*store.DB, *sql.DB, func(), error) {
	var url string
	drop := func() {}
	switch cfg.Engine {
	case store.Postgres:
		var err error
		if url, drop, err = benchutil.CreateDatabase(ctx, cfg.DatabaseURL, "book"); err != nil {
			return nil, nil, nil, err
		}
	case store.SQLite:
		dir, err := os.MkdirTemp("", "bookbench")
		if err != nil {
			return nil, nil, nil, err
		}
		url, drop = filepath.Join(dir, "plekwijzer.db"), func() { os.RemoveAll(dir) }
	default:
		return nil, nil, nil, fmt.Errorf("unknown engine %q", cfg.Engine)
	}
	db, err := store.Open(ctx, url, nil)
	if err != nil {
		drop()
		return nil, nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		drop()
		return nil, nil, nil, err
	}
	raw, err := benchutil.OpenSQL(cfg.Engine, url)
	if err != nil {
		db.Close()
		drop()
		return nil, nil, nil, err
	}
	return db, raw, func() { raw.Close(); db.Close(); drop() }, nil
}

// nextMonday is the first Monday after today: bookings lie in the future,
// where no contingent releases places and nothing has ended.
func nextMonday() plekwijzer.Date {
	return plekwijzer.Today().Monday().AddDays(7)
}
