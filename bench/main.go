// Command bench measures every area of Plekwijzer in one run, at scale,
// on one engine, and writes the "At scale" section of docs/BENCHMARKS.md
// with SVG plots in docs/plots/:
//
//	go run ./bench -engine postgres -offers 10000 -participants 100000 -out docs/BENCHMARKS.md
//
// It generates the data once (package bench/dataset: offers with capacity
// per day-part, participants with a placement history over the past
// years, deterministic from -seed), loads it in bulk into a new PostgreSQL
// database (dropped afterwards) or a SQLite file in a temporary folder,
// builds the search index from it, and runs the real components against
// it: matching in-process (matching.Pool.Match), and the real api.Server
// on a loopback listener with a beheerder's, a coach's and a manager's
// token for matches, candidates, search, planning, the statistics and,
// last because it writes, a booking race of concurrent POST /plaatsingen
// for few places, checked in the database afterwards.
//
// The per-area programs under bench/ go deeper (baselines, relevance,
// wrk, the solver); this one is the overview across areas and sizes.
//
// The PostgreSQL server is PLEKWIJZER_BENCH_DATABASE_URL, else
// PLEKWIJZER_TEST_DATABASE_URL, else the local server.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/store" // also registers the "sqlite" driver
)

// sectionName names the markers of this program's section of the report.
const sectionName = "scale"

// config is one run.
type config struct {
	Engine      string // store.Postgres or store.SQLite
	DatabaseURL string // the PostgreSQL server (engine postgres)
	Offers      int
	Sizes       []int // numbers of matchable participants, one run each; those who flowed out come on top
	People      int   // the size of the run at hand
	Seed        uint64
	Reps        int // timed passes over each sample, after a warm-up pass

	// Samples: participants ranked offers for in-process and through
	// HTTP; offers ranked candidates for as a coach and as a beheerder
	// (each of those reads every participant).
	Forward, ForwardHTTP, ReverseCoach, ReverseAdmin int
	// Booking race: clients at once, attempts each, for the places of
	// RaceOffers offers on one day-part each over RaceWeeks weeks.
	Clients, Attempts, RaceOffers, RaceWeeks int
	PlanPeople                               int // participants of the beheerder's plan (at most api.MaxPlanPeople)
	PlanReps                                 int
	StatsReps                                int

	Out     string // the report; "" writes nothing
	Plots   string // folder of the SVG plots; "" for plots/ next to Out
	Command string // how to reproduce, for the report
	Log     io.Writer
}

// defaults is a full-size run.
func defaults() config {
	return config{Engine: store.Postgres, DatabaseURL: benchutil.DatabaseURL(), Offers: 10_000, Sizes: []int{100_000}, Seed: 1, Reps: 3,
		Forward: 1000, ForwardHTTP: 200, ReverseCoach: 50, ReverseAdmin: 3,
		Clients: 16, Attempts: 50, RaceOffers: 4, RaceWeeks: 2, PlanPeople: 2000, PlanReps: 3, StatsReps: 5,
		Out: "docs/BENCHMARKS.md", Log: os.Stderr}
}

func main() {
	cfg := defaults()
	flag.StringVar(&cfg.Engine, "engine", cfg.Engine, "postgres or sqlite")
	flag.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "PostgreSQL server to create the database on")
	flag.IntVar(&cfg.Offers, "offers", cfg.Offers, "offers to generate")
	sizes := flag.String("participants", "100000", "matchable participants to generate (those who flowed out come on top); comma-separated for several sizes, smallest first")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the generated data")
	flag.IntVar(&cfg.Reps, "reps", cfg.Reps, "timed passes over each sample")
	flag.IntVar(&cfg.Forward, "forward", cfg.Forward, "participants to rank offers for in-process")
	flag.IntVar(&cfg.ForwardHTTP, "forward-http", cfg.ForwardHTTP, "participants to rank offers for through HTTP")
	flag.IntVar(&cfg.ReverseCoach, "reverse-coach", cfg.ReverseCoach, "offers to rank a coach's caseload for")
	flag.IntVar(&cfg.ReverseAdmin, "reverse-admin", cfg.ReverseAdmin, "offers to rank every participant for, as a beheerder")
	flag.IntVar(&cfg.Clients, "clients", cfg.Clients, "clients booking at once")
	flag.IntVar(&cfg.Attempts, "attempts", cfg.Attempts, "booking attempts per client")
	flag.IntVar(&cfg.RaceOffers, "race-offers", cfg.RaceOffers, "offers the clients race for")
	flag.IntVar(&cfg.RaceWeeks, "race-weeks", cfg.RaceWeeks, "weeks the bookings spread over")
	flag.IntVar(&cfg.PlanPeople, "plan", cfg.PlanPeople, "waiting participants in the beheerder's plan")
	flag.IntVar(&cfg.PlanReps, "plan-reps", cfg.PlanReps, "timed plans of each kind")
	flag.IntVar(&cfg.StatsReps, "stats-reps", cfg.StatsReps, "timed requests of each statistic")
	flag.StringVar(&cfg.Out, "out", cfg.Out, "the report (the section between the scale markers)")
	flag.StringVar(&cfg.Plots, "plots", "", "folder for the SVG plots (default: plots/ next to -out)")
	flag.Parse()
	var err error
	if cfg.Sizes, err = benchutil.Ints(*sizes); err != nil {
		fmt.Fprintln(os.Stderr, "bench: bad -participants:", err)
		os.Exit(2)
	}
	cfg.Command = fmt.Sprintf("go run ./bench -engine %s -offers %d -participants %s", cfg.Engine, cfg.Offers, *sizes) +
		benchutil.FlagsSet("engine", "offers", "participants", "out", "plots", "database-url") + " -out " + cfg.Out
	benchutil.Main("bench", func(ctx context.Context) error {
		_, err := run(ctx, cfg)
		return err
	})
}

func logf(w io.Writer, format string, args ...any) { benchutil.Logf(w, "bench", format, args...) }

// plotDir is where the plots go.
func (c config) plotDir() string {
	if c.Plots != "" {
		return c.Plots
	}
	return filepath.Join(filepath.Dir(c.Out), "plots")
}
