// Command plannerbench measures the allocation planner and writes the
// "Planner" section of docs/BENCHMARKS.md.
//
//	go run ./bench/plannerbench -out docs/BENCHMARKS.md
//
// Two instances:
//
//   - Large: the size, 10 000 participants and 5 000 (offer,
//     day-part) slots (1 000 offers with 5 free day-parts each), K = 50
//     candidates per person, generated from -seed over the built-in
//     work-type catalogue. It runs the planner in-process (matching every
//     person, building the network, solving, checking the certificate,
//     the first-come baseline), exports the very network it solved in
//     DIMACS format, and solves that file in separate processes with the
//     Go solver (plannerbench -solve) and with LEMON's NetworkSimplex
//     (lemon/lemon.cpp, built here with g++ against Debian's
//     liblemon-dev), alternating, best of -reps solves each: wall-clock
//     and CPU time, peak memory, and the optimal cost, which must agree.
//   - iederz: the realistic scale, the demo data of seed.Demo (about 100
//     places per day-part, its participants and their history) loaded into
//     a SQLite database, with participants added to about 300; the whole
//     Plan call in-process, spread and one offer per person.
//
// Speed is measured on a shared machine: the report gives the load average
// and CPU time next to wall-clock time.
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

	"github.com/iederz/plekwijzer/matching"
)

// config is one run of the benchmark.
type config struct {
	People        int
	Offers        int
	SlotsPerOffer int
	K             int
	Seed          uint64
	Reps          int // solves per solver process, and processes per solver
	IederzPeople  int
	IederzReps    int
	SearchTime    time.Duration // of the one-offer branch and bound
	LEMON         bool
	Out           string
	Command       string
	Log           io.Writer
}

func main() {
	var cfg config
	solve := flag.String("solve", "", "internal: solve this DIMACS file with the Go solver and print the result as JSON")
	flag.IntVar(&cfg.People, "participants", 10_000, "participants of the large instance")
	flag.IntVar(&cfg.Offers, "offers", 1_000, "offers of the large instance")
	flag.IntVar(&cfg.SlotsPerOffer, "slots-per-offer", 5, "free day-parts per offer of the large instance")
	flag.IntVar(&cfg.K, "k", 50, "candidates per participant (the matcher's top K)")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the generated instances")
	flag.IntVar(&cfg.Reps, "reps", 3, "solves per solver process (best counts); two processes per solver, alternating")
	flag.IntVar(&cfg.IederzPeople, "iederz-participants", 300, "participants at the iederz scale")
	flag.IntVar(&cfg.IederzReps, "iederz-reps", 20, "plans at the iederz scale")
	flag.DurationVar(&cfg.SearchTime, "search-time", matching.DefaultSearchTime, "time for the branch and bound of one offer per person")
	noLEMON := flag.Bool("no-lemon", false, "skip LEMON (needs g++ and liblemon-dev)")
	flag.StringVar(&cfg.Out, "out", "docs/BENCHMARKS.md", "the report to write (the Planner section between its markers)")
	flag.Parse()
	if *solve != "" {
		if err := solveFile(*solve, cfg.Reps); err != nil {
			fmt.Fprintln(os.Stderr, "plannerbench:", err)
			os.Exit(1)
		}
		return
	}
	cfg.LEMON = !*noLEMON
	cfg.Log = os.Stderr
	cfg.Command = "go run ./bench/plannerbench -out " + cfg.Out
	if cfg.People != 10_000 || cfg.Offers != 1_000 || cfg.SlotsPerOffer != 5 || cfg.K != 50 {
		cfg.Command += fmt.Sprintf(" -participants %d -offers %d -slots-per-offer %d -k %d", cfg.People, cfg.Offers, cfg.SlotsPerOffer, cfg.K)
	}
	if cfg.Seed != 1 {
		cfg.Command += fmt.Sprintf(" -seed %d", cfg.Seed)
	}
	if cfg.Reps != 3 {
		cfg.Command += fmt.Sprintf(" -reps %d", cfg.Reps)
	}
	if !cfg.LEMON {
		cfg.Command += " -no-lemon"
	}
	if cfg.IederzPeople != 300 || cfg.IederzReps != 20 || cfg.SearchTime != matching.DefaultSearchTime {
		cfg.Command += fmt.Sprintf(" -iederz-participants %d -iederz-reps %d -search-time %s", cfg.IederzPeople, cfg.IederzReps, cfg.SearchTime)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "plannerbench:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "plannerbench: wrote %s in %s\n", cfg.Out, time.Since(start).Round(time.Second))
}
