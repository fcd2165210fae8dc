package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// report is everything one run measured.
type report struct {
	Machine   machine
	Config    config
	Large     largeResult
	Iederz    iederzResult
	LoadStart float64
	LoadEnd   float64
	Elapsed   time.Duration
}

// largeResult is the large instance.
type largeResult struct {
	WorkTypes             int
	Offers, Slots, Places int // offers, (offer, day-part) slots and free places, reserved ones included
	Demand                int // day-parts wanted
	Generate              time.Duration
	Plan                  *matching.Plan
	PlanWall, PlanCPU     time.Duration // the whole Plan call
	PlanAlloc             uint64        // bytes allocated by the Plan call
	DIMACSBytes           int64
	Go, LEMON             solveResult // best over both processes of each
	LEMONError            string      // why LEMON did not run
}

// iederzResult is the realistic scale.
type iederzResult struct {
	Offers, Places, FreePerDayPart int
	People, Demoted                int // participants planned; of them added copies
	Spread, OneOffer               planRuns
}

// planRuns are repeated Plan calls with one configuration.
type planRuns struct {
	Last   *matching.Plan
	Walls  []time.Duration // sorted
	Median time.Duration
	Max    time.Duration
	Phases matching.PlanTiming // the median of each part
}

func run(ctx context.Context, cfg config) (*report, error) {
	rep := &report{Machine: readMachine(), Config: cfg, LoadStart: benchutil.LoadAverage()}
	started := time.Now()
	dir, err := os.MkdirTemp("", "plannerbench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	logf(cfg, "loading the demo data into SQLite")
	db, err := store.Open(ctx, filepath.Join(dir, "demo.db"), nil)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if _, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 1}); err != nil {
		return nil, err
	}
	cat, err := readCatalogue(ctx, db)
	if err != nil {
		return nil, err
	}

	if err := runLarge(ctx, cfg, cat, dir, &rep.Large); err != nil {
		return nil, err
	}
	if err := runIederz(ctx, cfg, db, &rep.Iederz); err != nil {
		return nil, err
	}
	rep.LoadEnd = benchutil.LoadAverage()
	rep.Elapsed = time.Since(started)
	if cfg.Out != "" {
		if err := writeSection(cfg.Out, rep.markdown()); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

func logf(cfg config, format string, args ...any) {
	fmt.Fprintf(cfg.Log, "plannerbench: "+format+"\n", args...)
}

func runLarge(ctx context.Context, cfg config, cat catalogue, dir string, r *largeResult) error {
	logf(cfg, "large instance: %d participants, %d offers × %d day-parts, K = %d", cfg.People, cfg.Offers, cfg.SlotsPerOffer, cfg.K)
	start := time.Now()
	pool, people := largeWorld(cat, cfg.Seed, cfg.People, cfg.Offers, cfg.SlotsPerOffer)
	r.Generate = time.Since(start)
	r.Offers, r.WorkTypes = pool.Offers(), len(cat.WorkTypes)
	for _, d := range docsOf(pool, cfg.Offers) {
		for _, dp := range plekwijzer.DayParts {
			n := d.Free[dp]
			for _, res := range d.Reserved {
				n += res.Free[dp]
			}
			if n > 0 {
				r.Slots++
				r.Places += n
			}
		}
	}
	in := matching.PlanInput{People: people, Candidates: cfg.K}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c0, w0 := cpuTime(), time.Now()
	plan, err := pool.Plan(ctx, in)
	r.PlanWall, r.PlanCPU = time.Since(w0), cpuTime()-c0
	runtime.ReadMemStats(&after)
	if err != nil {
		return err
	}
	r.Plan, r.PlanAlloc = plan, after.TotalAlloc-before.TotalAlloc
	r.Demand = plan.DayParts
	for _, u := range plan.Short {
		r.Demand += u.Wanted - u.Got
	}
	logf(cfg, "planned: total %d, %d placed (first come %d, %d placed); solve %s", plan.Total, plan.Placed, plan.Baseline.Total, plan.Baseline.Placed, plan.Timing.Solve)

	// The same network for both solvers.
	g, err := pool.PlanNetwork(ctx, in)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "large.min")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := g.WriteDIMACS(f, "plekwijzer planner network, plannerbench "+cfg.Command); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil {
		r.DIMACSBytes = st.Size()
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	lemon := ""
	if cfg.LEMON {
		if lemon, err = buildLEMON(ctx, dir); err != nil {
			r.LEMONError = err.Error()
			logf(cfg, "LEMON left out: %v", err)
		}
	}
	reps := fmt.Sprint(cfg.Reps)
	for round := range 2 {
		logf(cfg, "solving the DIMACS file, round %d", round+1)
		gr, err := runSolver(ctx, self, "-solve", path, "-reps", reps)
		if err != nil {
			return err
		}
		r.Go = better(r.Go, gr, round)
		if lemon != "" {
			lr, err := runSolver(ctx, lemon, path, reps)
			if err != nil {
				return err
			}
			r.LEMON = better(r.LEMON, lr, round)
		}
	}
	if r.Go.Cost != -plan.Total {
		return fmt.Errorf("the Go solver's cost %d on the DIMACS file is not minus the plan's total %d", r.Go.Cost, plan.Total)
	}
	if lemon != "" && (r.LEMON.Status != "optimal" || r.LEMON.Cost != r.Go.Cost) {
		return fmt.Errorf("LEMON says %s with cost %d, the Go solver %d", r.LEMON.Status, r.LEMON.Cost, r.Go.Cost)
	}
	return nil
}

// better keeps the best times and the highest memory of two runs.
func better(a, b solveResult, round int) solveResult {
	if round == 0 {
		return b
	}
	b.WallSeconds = min(a.WallSeconds, b.WallSeconds)
	b.CPUSeconds = min(a.CPUSeconds, b.CPUSeconds)
	b.MaxRSSKiB = max(a.MaxRSSKiB, b.MaxRSSKiB)
	return b
}

// docsOf returns the offer documents of a pool built by largeWorld.
func docsOf(pool *matching.Pool, n int) []*plekwijzer.OfferDoc {
	var out []*plekwijzer.OfferDoc
	for i := range n {
		if d, ok := pool.Offer(offerID(i)); ok {
			out = append(out, d)
		}
	}
	return out
}

func runIederz(ctx context.Context, cfg config, db *store.DB, r *iederzResult) error {
	logf(cfg, "iederz scale: the demo data, %d participants", cfg.IederzPeople)
	pool, docs, err := demoPool(ctx, db)
	if err != nil {
		return err
	}
	r.Offers = len(docs)
	perDayPart := make([]int, len(plekwijzer.DayParts))
	for _, d := range docs {
		for i, dp := range plekwijzer.DayParts {
			perDayPart[i] += d.Offer.Capacity[dp]
			n := d.Free[dp]
			for _, res := range d.Reserved {
				n += res.Free[dp]
			}
			r.FreePerDayPart += n
		}
	}
	r.Places = slices.Max(perDayPart)
	r.FreePerDayPart /= len(plekwijzer.DayParts)
	people, copies, err := demoPeople(ctx, db, pool, cfg.IederzPeople)
	if err != nil {
		return err
	}
	r.People, r.Demoted = len(people), copies
	for _, oneOffer := range []bool{false, true} {
		runs := &r.Spread
		if oneOffer {
			runs = &r.OneOffer
		}
		var phases [5][]time.Duration
		for range cfg.IederzReps {
			start := time.Now()
			plan, err := pool.Plan(ctx, matching.PlanInput{People: people, OneOffer: oneOffer, SearchTime: cfg.SearchTime})
			if err != nil {
				return err
			}
			runs.Walls = append(runs.Walls, time.Since(start))
			runs.Last = plan
			t := plan.Timing
			for k, d := range []time.Duration{t.Candidates, t.Model, t.Solve, t.Verify, t.Baseline} {
				phases[k] = append(phases[k], d)
			}
		}
		runs.Median, runs.Max = median(runs.Walls), slices.Max(runs.Walls)
		runs.Phases = matching.PlanTiming{Candidates: median(phases[0]), Model: median(phases[1]),
			Solve: median(phases[2]), Verify: median(phases[3]), Baseline: median(phases[4])}
		logf(cfg, "iederz oneOffer=%v: median %s, total %d (bound %d), first come %d", oneOffer, runs.Median, runs.Last.Total, runs.Last.Proof.Bound, runs.Last.Baseline.Total)
	}
	return nil
}

// median sorts ds and returns the middle one.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}
