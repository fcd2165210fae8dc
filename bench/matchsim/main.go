// Command matchsim evaluates the matching of package matching, and writes
// the results into docs/MATCHING.md:
//
//	go run ./bench/matchsim                     # both parts, the report written
//	go run ./bench/matchsim -part sim -seeds 3  # only the simulation, fewer seeds
//	go run ./bench/matchsim -part esco -out ""  # only the ESCO check, to stdout
//
// The simulation places synthetic participants week by week, over two
// years, under three policies — text relevance only, fit without the
// variety and dropout components, and the full ranking — and measures
// dropout, work-type diversity, the share of packing work and the
// organisations reached, for several seeds. The participants' likes,
// dislikes and real supervision needs are hidden from the ranker, and
// their weekly chance of dropping out grows with mismatch and with
// monotony. The offers are the demo's (package seed), read through the
// store from an in-memory SQLite database.
//
// The ESCO check gives a participant exactly the essential skills of an
// ESCO occupation that the catalogue links to a work type, and asks
// whether that work type ranks in the top 3 of the participant's work
// types. It needs the ESCO CSV files (-esco).
//
// Everything is deterministic: the same flags give the same report.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// config is one run of the program.
type config struct {
	Part        string // "all", "sim" or "esco"
	Seeds       int    // simulation seeds 1…Seeds
	Sim         simConfig
	DemoSeed    uint64
	Sensitivity bool // also the sensitivity and ablation runs
	ESCODir     string
	Out         string
	Log         io.Writer
}

func main() {
	cfg := config{Sim: defaultSim, Log: os.Stderr}
	flag.StringVar(&cfg.Part, "part", "all", "what to run: all, sim or esco")
	flag.IntVar(&cfg.Seeds, "seeds", 8, "number of simulation seeds (1…n)")
	flag.IntVar(&cfg.Sim.Weeks, "weeks", defaultSim.Weeks, "weeks to simulate")
	flag.IntVar(&cfg.Sim.Initial, "initial", defaultSim.Initial, "people waiting at the start")
	flag.Float64Var(&cfg.Sim.Arrivals, "arrivals", defaultSim.Arrivals, "new people per week")
	flag.Uint64Var(&cfg.DemoSeed, "demo-seed", 1, "seed of the demo data the offers come from")
	flag.BoolVar(&cfg.Sensitivity, "sensitivity", true, "also run the sensitivity analysis and the ablations")
	flag.StringVar(&cfg.ESCODir, "esco", "../shared/data/esco", "directory with the ESCO CSV files")
	flag.StringVar(&cfg.Out, "out", "docs/MATCHING.md", `report to write the results into, between its markers ("" prints them)`)
	flag.Parse()
	if err := run(context.Background(), cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "matchsim:", err)
		os.Exit(1)
	}
}

// run measures what cfg asks and writes the sections of the report.
func run(ctx context.Context, cfg config, stdout io.Writer) error {
	if cfg.Part != "all" && cfg.Part != "sim" && cfg.Part != "esco" {
		return fmt.Errorf("-part %q: want all, sim or esco", cfg.Part)
	}
	w, err := loadWorld(ctx, cfg.DemoSeed)
	if err != nil {
		return err
	}
	var sections []section
	if cfg.Part != "esco" {
		start := time.Now()
		ev, err := evaluate(w, cfg)
		if err != nil {
			return err
		}
		fmt.Fprintf(cfg.Log, "simulation: %d runs in %v\n", ev.runs, time.Since(start).Round(time.Millisecond))
		sections = append(sections, section{simMarker, ev.markdown(cfg)})
	}
	if cfg.Part != "sim" {
		rep, err := escoEval(w, cfg.ESCODir)
		if err != nil {
			return fmt.Errorf("ESCO check (-esco %s): %w", cfg.ESCODir, err)
		}
		sections = append(sections, section{escoMarker, rep.markdown()})
	}
	if cfg.Out == "" {
		for _, s := range sections {
			fmt.Fprintln(stdout, s.text)
		}
		return nil
	}
	for _, s := range sections {
		if err := s.writeInto(cfg.Out); err != nil {
			return err
		}
	}
	fmt.Fprintf(cfg.Log, "wrote %s\n", cfg.Out)
	return nil
}

// command is how to reproduce a run, for the report.
func (cfg config) command(part string) string {
	args := []string{"go run ./bench/matchsim", "-part " + part}
	if part == "sim" {
		if cfg.Seeds != 8 {
			args = append(args, fmt.Sprintf("-seeds %d", cfg.Seeds))
		}
		if cfg.Sim.Weeks != defaultSim.Weeks {
			args = append(args, fmt.Sprintf("-weeks %d", cfg.Sim.Weeks))
		}
		if cfg.Sim.Initial != defaultSim.Initial {
			args = append(args, fmt.Sprintf("-initial %d", cfg.Sim.Initial))
		}
		if cfg.Sim.Arrivals != defaultSim.Arrivals {
			args = append(args, fmt.Sprintf("-arrivals %g", cfg.Sim.Arrivals))
		}
		if cfg.DemoSeed != 1 {
			args = append(args, fmt.Sprintf("-demo-seed %d", cfg.DemoSeed))
		}
	}
	return strings.Join(args, " ")
}
