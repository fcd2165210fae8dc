// Command matchbench measures Plekwijzer's matching: ranking the offers
// for one participant and the participants for one offer, in-process and
// through the HTTP API, against the plain SQL a simple implementation would
// run on PostgreSQL, in the same run; it writes the "Matching" section of
// docs/BENCHMARKS.md.
//
//	go run ./bench/matchbench -offers 10000 -participants 100000 -out docs/BENCHMARKS.md
//
// It generates the offers and participants (deterministic from -seed:
// the real catalogue's work types and skills, Groningen postcodes, capacity
// per day-part, a placement history with dropouts), loads them into a
// fresh PostgreSQL database (or a SQLite file with -engine sqlite) the way
// the store stores them, and measures:
//
//   - in-process: preparing the offer pool and the participants as the API
//     does (reading from the store reported apart), then matching.Pool.Match
//     for many different participants and Pool.Candidates over every
//     matchable participant for many offers;
//   - HTTP: the real api.Server on a loopback listener, with a beheerder's
//     and a coach's token: /deelnemers/{id}/matches and
//     /werkplekken/{id}/kandidaten;
//   - baseline: the hard constraints as a WHERE clause and ORDER BY a
//     simple score, LIMIT 10, on PostgreSQL over the same tables; its
//     filter is checked to pass exactly what matching passes.
//
// The database is PLEKWIJZER_BENCH_DATABASE_URL, else
// PLEKWIJZER_TEST_DATABASE_URL, else the local server; the program creates
// its databases and drops them afterwards.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/store" // also registers the "sqlite" driver
)

// config is one run of the benchmark.
type config struct {
	Offers, People int
	Engine         string // store.Postgres or store.SQLite: where the service reads from
	DatabaseURL    string // PostgreSQL server for the data (Engine postgres) and the baseline
	Baseline       bool
	Seed           uint64
	Reps           int // timed passes over each sample, after one warm-up pass
	// Sample sizes: participants ranked offers for in-process, and
	// through HTTP and the baseline; offers ranked candidates for
	// in-process (and a coach through HTTP), and for a beheerder through
	// HTTP and the baseline (one pass: each reads every participant).
	Forward, ForwardHTTP, Reverse, ReverseHTTP int
	Out                                        string
	CPUProfile                                 string // directory for CPU profiles; "" for none
	Keep                                       bool   // keep the databases, for a closer look
	Command                                    string // how to reproduce, for the report
	Log                                        io.Writer
}

func main() {
	cfg := config{Log: os.Stderr}
	var noBase bool
	flag.IntVar(&cfg.Offers, "offers", 10000, "number of offers")
	flag.IntVar(&cfg.People, "participants", 100000, "number of matchable participants (those who flowed out come on top)")
	flag.StringVar(&cfg.Engine, "engine", store.Postgres, "database the service reads from: postgres or sqlite")
	flag.StringVar(&cfg.DatabaseURL, "database-url", benchutil.DatabaseURL(), "PostgreSQL server to create the benchmark databases on")
	flag.BoolVar(&noBase, "no-baseline", false, "skip the PostgreSQL baseline")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the generated data")
	flag.IntVar(&cfg.Reps, "reps", 3, "timed passes over each sample")
	flag.IntVar(&cfg.Forward, "forward", 1000, "participants to rank offers for in-process")
	flag.IntVar(&cfg.ForwardHTTP, "forward-http", 200, "participants to rank offers for through HTTP and the baseline")
	flag.IntVar(&cfg.Reverse, "reverse", 50, "offers to rank candidates for in-process and as a coach")
	flag.IntVar(&cfg.ReverseHTTP, "reverse-http", 10, "offers to rank all candidates for as a beheerder through HTTP and the baseline")
	flag.StringVar(&cfg.Out, "out", "docs/BENCHMARKS.md", "the report to write (the Matching section between its markers)")
	flag.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write CPU profiles of the measured phases into this directory")
	flag.BoolVar(&cfg.Keep, "keep", false, "keep the databases afterwards and log where they are")
	flag.Parse()
	cfg.Baseline = !noBase
	// The command that reproduces the numbers; -cpuprofile only adds
	// output.
	cfg.Command = fmt.Sprintf("go run ./bench/matchbench -offers %d -participants %d -out %s", cfg.Offers, cfg.People, cfg.Out)
	flag.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "offers", "participants", "out", "cpuprofile", "database-url", "keep":
		default:
			cfg.Command += " -" + f.Name
			if f.Name != "no-baseline" {
				cfg.Command += " " + f.Value.String()
			}
		}
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "matchbench:", err)
		os.Exit(1)
	}
}

func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "%s matchbench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// run measures and writes the report.
func run(ctx context.Context, cfg config) (*report, error) {
	switch {
	case cfg.Engine != store.Postgres && cfg.Engine != store.SQLite:
		return nil, fmt.Errorf("unknown engine %q", cfg.Engine)
	case cfg.Offers < 1 || cfg.People < 1 || cfg.Forward < 1 || cfg.ForwardHTTP < 1 || cfg.Reverse < 1 || cfg.ReverseHTTP < 1:
		return nil, fmt.Errorf("every size and sample needs at least one")
	}
	cfg.Reps = max(cfg.Reps, 1)
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	began := time.Now()
	rep := &report{Config: cfg, Machine: benchutil.ReadMachine()}
	rep.LoadAvg[0] = benchutil.LoadAverage()
	b, err := newBench(ctx, cfg, rep)
	if err != nil {
		return nil, err
	}
	defer b.close()
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"prepare", b.prepare},
		{"in-process offers", b.forward},
		{"in-process near misses", b.nearMisses},
		{"in-process candidates", b.reverse},
		{"baseline", b.baseline},
		{"HTTP", b.http},
	}
	for _, s := range steps {
		if err := s.fn(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	rep.LoadAvg[1] = benchutil.LoadAverage()
	rep.Elapsed = time.Since(began)
	if cfg.Out != "" {
		if err := benchutil.WriteSection(cfg.Out, sectionName, rep.markdown()); err != nil {
			return nil, err
		}
		logf(cfg.Log, "wrote %s", cfg.Out)
	}
	return rep, nil
}
