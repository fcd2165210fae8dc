// Command load is Plekwijzer's HTTP load test: it runs the service binary
// on PostgreSQL with a region's worth of generated data and loads its
// busiest reads over loopback, then writes the "Load" section of
// docs/BENCHMARKS.md.
//
//	go run ./bench/load -out docs/BENCHMARKS.md
//
// Steps: generate -offers offers (10 000) and -participants matchable
// participants (100 000) with their placement histories with the
// benchmarks' shared generator (package bench/dataset) and load them in
// bulk into a new PostgreSQL database; build
// ./cmd/plekwijzer and start it, which builds the search index; start it
// -starts more times on that index and time each start until /readyz
// answers; then load three endpoints — a participant's matches, search,
// and the public widget list — with wrk (Debian's, 2 threads) at each of
// -connections for -duration, requests spread over thousands of
// participants and queries by a Lua script; then matches and search at a
// fixed -rate with an open-loop Go sender (Debian's wrk has no fixed
// rate), taking a CPU profile of the service meanwhile when -profile names
// a folder. The service's resident memory (VmRSS from /proc) is sampled
// every 100 ms throughout.
//
// The database is a new one on the PostgreSQL server that
// PLEKWIJZER_BENCH_DATABASE_URL, else PLEKWIJZER_TEST_DATABASE_URL, else
// the local server names; it is dropped afterwards, unless -state names a
// file: then the database is kept and its URL and ids written there, and
// the next run with the same -state reuses it instead of generating again.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/bench/dataset"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// config is one run of the load test.
type config struct {
	DatabaseURL  string
	State        string
	Offers       int
	Participants int
	Workers      int
	Seed         uint64
	Duration     time.Duration
	Warmup       time.Duration
	Connections  []int
	Rate         int
	RateDuration time.Duration
	Starts       int
	Profile      string
	Endpoints    []string // empty: all, and the whole-population requests
	Out          string
	Command      string
	Log          io.Writer
}

func main() {
	cfg := config{Log: os.Stderr}
	conns, only := "16,64", ""
	flag.StringVar(&cfg.DatabaseURL, "database-url", benchutil.EnvOr("PLEKWIJZER_BENCH_DATABASE_URL", benchutil.EnvOr("PLEKWIJZER_TEST_DATABASE_URL", benchutil.DefaultDatabaseURL)),
		"PostgreSQL server to create the load test's database on")
	flag.StringVar(&cfg.State, "state", "", "keep the generated database and note it in this file; a later run with the same file reuses it")
	flag.IntVar(&cfg.Offers, "offers", 10_000, "offers to generate")
	flag.IntVar(&cfg.Participants, "participants", 100_000, "matchable participants to generate (those who flowed out come on top)")
	flag.IntVar(&cfg.Workers, "workers", 4, "writers at once while generating")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the generated data")
	flag.DurationVar(&cfg.Duration, "duration", 30*time.Second, "length of each wrk run")
	flag.DurationVar(&cfg.Warmup, "warmup", 5*time.Second, "untimed wrk run before each endpoint's runs")
	flag.StringVar(&conns, "connections", conns, "wrk connections, comma-separated")
	flag.IntVar(&cfg.Rate, "rate", 200, "requests per second of the fixed-rate runs")
	flag.DurationVar(&cfg.RateDuration, "rate-duration", 30*time.Second, "length of each fixed-rate run")
	flag.IntVar(&cfg.Starts, "starts", 3, "timed starts with an existing index")
	flag.StringVar(&cfg.Profile, "profile", "", "folder for CPU profiles of the service during the fixed-rate runs")
	flag.StringVar(&only, "endpoints", "", "load only these endpoints, comma-separated (matches, search, widget); default all, with the whole-population requests")
	flag.StringVar(&cfg.Out, "out", "docs/BENCHMARKS.md", "the report (the Load section between its markers)")
	flag.Parse()
	if only != "" {
		cfg.Endpoints = strings.Split(only, ",")
	}
	var err error
	if cfg.Connections, err = benchutil.Ints(conns); err != nil {
		fmt.Fprintf(os.Stderr, "load: bad -connections: %v\n", err)
		os.Exit(2)
	}
	cfg.Command = "go run ./bench/load" + benchutil.FlagsSet("out", "database-url", "state", "profile") + " -out " + cfg.Out
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func logf(w io.Writer, format string, args ...any) { benchutil.Logf(w, "load", format, args...) }

// state is what -state keeps between runs.
type state struct {
	DatabaseURL string
	Offers      int
	Seed        uint64
	Data        *loadData
}

// endpoint is one thing the load test asks for.
type endpoint struct {
	Name   string
	Route  string // the route pattern, for the report
	Paths  []string
	Token  bool // sends the beheerder's token
	Spread bool // many client addresses (the public endpoints are limited per address)
}

// run measures and, with cfg.Out, writes the report.
func run(ctx context.Context, cfg config) (*report, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	began := time.Now()
	rep := &report{Config: cfg, Machine: benchutil.ReadMachine(), LoadBefore: benchutil.LoadAverage()}
	root, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "plekwijzer-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	logf(cfg.Log, "building the service")
	bin, err := buildBinary(ctx, root, tmp)
	if err != nil {
		return nil, err
	}

	if cfg.Profile != "" {
		if err := os.MkdirAll(cfg.Profile, 0o755); err != nil {
			return nil, err
		}
	}
	dbURL, data, drop, err := prepareData(ctx, cfg, rep)
	if err != nil {
		return nil, err
	}
	defer drop()
	rep.Data, rep.Caseload = data.Counts, data.Caseload
	if rep.Machine.PostgreSQL, err = benchutil.PostgresVersion(ctx, dbURL); err != nil {
		return nil, err
	}

	// The first start builds the index; the next ones open it.
	dataDir, logPath := filepath.Join(tmp, "data"), filepath.Join(tmp, "service.log")
	logf(cfg.Log, "first start: building the search index")
	svc, took, err := startService(ctx, bin, dbURL, dataDir, logPath)
	if err != nil {
		return nil, err
	}
	rep.FirstStart = took
	rep.RebuildMs, rep.IndexDocs, _ = rebuildMs(logPath)
	for i := range cfg.Starts {
		if err := svc.stop(); err != nil {
			return nil, err
		}
		if svc, took, err = startService(ctx, bin, dbURL, dataDir, logPath); err != nil {
			return nil, err
		}
		rep.Starts = append(rep.Starts, took)
		logf(cfg.Log, "start %d with the index: %s", i+1, took.Round(time.Millisecond))
	}
	defer func() { svc.stop() }()
	if rep.IdleRSS, err = svc.rss(); err != nil {
		return nil, err
	}

	endpoints := makeEndpoints(cfg.Seed, data)
	if len(cfg.Endpoints) > 0 {
		endpoints = slices.DeleteFunc(endpoints, func(ep endpoint) bool { return !slices.Contains(cfg.Endpoints, ep.Name) })
	}
	for _, ep := range endpoints {
		script, err := writeScript(tmp, ep.Name, ep.Paths, tokenIf(ep.Token, data.AdminToken), ep.Spread)
		if err != nil {
			return nil, err
		}
		logf(cfg.Log, "%s: warming up for %s", ep.Name, cfg.Warmup)
		if _, _, err := runWrk(ctx, svc.base, script, cfg.Connections[0], cfg.Warmup); err != nil {
			return nil, err
		}
		for _, c := range cfg.Connections {
			load := benchutil.LoadAverage()
			rss := svc.sampleRSS(100 * time.Millisecond)
			res, command, err := runWrk(ctx, svc.base, script, c, cfg.Duration)
			peak, mean := rss.finish()
			if err != nil {
				return nil, err
			}
			rep.Wrk = append(rep.Wrk, wrkRun{Endpoint: ep, Connections: c, Result: res, Command: command,
				PeakRSS: peak, MeanRSS: mean, Load: load})
			logf(cfg.Log, "%s at %d connections: %.0f/s, p99 %.1f ms, %d errors, peak RSS %d MiB", ep.Name, c,
				res.perSecond(), float64(res.P99)/1000, res.errors(), peak>>20)
		}
	}

	for _, ep := range endpoints {
		if ep.Name == "widget" {
			continue // cached by browsers and proxies; its targets are the others'
		}
		logf(cfg.Log, "%s at %d requests/s for %s", ep.Name, cfg.Rate, cfg.RateDuration)
		profileDone := make(chan error, 1)
		if cfg.Profile != "" {
			go func() {
				profileDone <- svc.profile(ctx, cfg.RateDuration-2*time.Second, filepath.Join(cfg.Profile, ep.Name+".pprof"))
			}()
		}
		run := measureRate(ctx, cfg, svc, ep, data.AdminToken)
		if cfg.Profile != "" {
			if err := <-profileDone; err != nil {
				logf(cfg.Log, "profile of %s: %v", ep.Name, err)
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep.Rate = append(rep.Rate, run)
	}
	if rep.AfterRSS, err = svc.rss(); err != nil {
		return nil, err
	}
	if len(cfg.Endpoints) == 0 {
		logf(cfg.Log, "heavy requests, one at a time")
		if rep.Heavy, err = measureHeavy(ctx, svc, data); err != nil {
			return nil, err
		}
	}
	for _, h := range rep.Heavy {
		logf(cfg.Log, "%s: p50 %s, max %s, %d errors, peak RSS %d MiB", h.Name, benchutil.Ms(h.Latency.P50), benchutil.Ms(h.Latency.Max), h.Errors, h.PeakRSS>>20)
	}
	// Matches once more with each audit setting: every request's rows
	// committed alone (the baseline of group commit), and committed
	// without waiting for the disk — what the flush costs the slowest
	// answers.
	if i := slices.IndexFunc(endpoints, func(ep endpoint) bool { return ep.Name == "matches" }); i >= 0 {
		// Alternated, so that the machine's drift (a disk busy after the
		// saturating runs) falls on both settings alike.
		for _, setting := range []string{"PLEKWIJZER_AUDIT_GROUP_COMMIT=false", "PLEKWIJZER_AUDIT_GROUP_COMMIT=true",
			"PLEKWIJZER_AUDIT_GROUP_COMMIT=false", "PLEKWIJZER_AUDIT_GROUP_COMMIT=true", "PLEKWIJZER_ASYNC_AUDIT=true"} {
			if err := svc.stop(); err != nil {
				return nil, err
			}
			if svc, _, err = startService(ctx, bin, dbURL, dataDir, logPath, setting); err != nil {
				return nil, err
			}
			ep := endpoints[i]
			logf(cfg.Log, "%s with %s at %d requests/s for %s", ep.Name, setting, cfg.Rate, cfg.RateDuration)
			fixedRate(ctx, svc.base, ep.Paths, tokenIf(ep.Token, data.AdminToken), cfg.Rate, cfg.Warmup) // the pool and connections
			run := measureRate(ctx, cfg, svc, ep, data.AdminToken)
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			run.Setting = setting
			rep.Rate = append(rep.Rate, run)
		}
	}
	rep.LoadAfter = benchutil.LoadAverage()
	rep.Elapsed = time.Since(began)
	if cfg.Out != "" {
		if err := benchutil.WriteSection(cfg.Out, sectionName, rep.markdown()); err != nil {
			return nil, err
		}
		logf(cfg.Log, "wrote %s", cfg.Out)
	}
	return rep, nil
}

// measureRate sends ep's requests at the fixed rate for the configured
// time, sampling the service's memory meanwhile.
func measureRate(ctx context.Context, cfg config, svc *service, ep endpoint, token string) rateRun {
	load := benchutil.LoadAverage()
	rss := svc.sampleRSS(100 * time.Millisecond)
	res := fixedRate(ctx, svc.base, ep.Paths, tokenIf(ep.Token, token), cfg.Rate, cfg.RateDuration)
	peak, mean := rss.finish()
	logf(cfg.Log, "%s at %d/s: achieved %.0f/s, p50 %s, p99 %s, %d errors, peak RSS %d MiB", ep.Name, cfg.Rate,
		res.Achieved, benchutil.Ms(res.Latency.P50), benchutil.Ms(res.Latency.P99), res.Errors, peak>>20)
	return rateRun{Endpoint: ep, Result: res, PeakRSS: peak, MeanRSS: mean, Load: load}
}

func tokenIf(send bool, token string) string {
	if send {
		return token
	}
	return ""
}

// prepareData returns the database to load: the one -state notes, or a
// new one with generated data (kept and noted when -state is given).
func prepareData(ctx context.Context, cfg config, rep *report) (dbURL string, data *loadData, drop func(), err error) {
	drop = func() {}
	if cfg.State != "" {
		b, err := os.ReadFile(cfg.State)
		switch {
		case err == nil:
			var st state
			if err := json.Unmarshal(b, &st); err != nil {
				return "", nil, nil, fmt.Errorf("%s: %w", cfg.State, err)
			}
			if st.Offers != cfg.Offers || st.Data.Counts.Matchable != cfg.Participants || st.Seed != cfg.Seed {
				return "", nil, nil, fmt.Errorf("%s holds %d offers and %d participants of seed %d; remove it to generate anew",
					cfg.State, st.Offers, st.Data.Counts.Matchable, st.Seed)
			}
			logf(cfg.Log, "reusing the database in %s", cfg.State)
			rep.Reused = true
			return st.DatabaseURL, st.Data, drop, nil
		case !errors.Is(err, fs.ErrNotExist):
			return "", nil, nil, err
		}
	}
	dbURL, dropDB, err := benchutil.CreateDatabase(ctx, cfg.DatabaseURL, "load")
	if err != nil {
		return "", nil, nil, err
	}
	if cfg.State == "" {
		drop = dropDB
	}
	fail := func(err error) (string, *loadData, func(), error) {
		dropDB()
		return "", nil, nil, err
	}
	logf(cfg.Log, "generating %d offers and %d participants into %s", cfg.Offers, cfg.Participants, benchutil.Redact(dbURL))
	data, err = newData(ctx, dbURL, store.Postgres, cfg.Offers, cfg.Participants, cfg.Seed)
	if err != nil {
		return fail(err)
	}
	logf(cfg.Log, "generated %d placements in %s, loaded in %s", data.Counts.Placements, data.Counts.Generate.Round(time.Millisecond), data.Counts.Load.Round(time.Millisecond))
	if cfg.State != "" {
		b, err := json.MarshalIndent(state{DatabaseURL: dbURL, Offers: cfg.Offers, Seed: cfg.Seed, Data: data}, "", " ")
		if err != nil {
			return fail(err)
		}
		if err := os.MkdirAll(filepath.Dir(cfg.State), 0o755); err != nil {
			return fail(err)
		}
		if err := os.WriteFile(cfg.State, b, 0o600); err != nil {
			return fail(err)
		}
	}
	return dbURL, data, drop, nil
}

// makeEndpoints spreads each endpoint's requests over many participants
// and queries, so no cache answers them all.
func makeEndpoints(seedValue uint64, data *loadData) []endpoint {
	r := rand.New(rand.NewPCG(seedValue, 7))
	matches := endpoint{Name: "matches", Route: "GET /api/v1/deelnemers/{id}/matches", Token: true}
	ids := benchutil.Pick(r, data.Participants, 20_000)
	for _, id := range ids {
		matches.Paths = append(matches.Paths, "/api/v1/deelnemers/"+id+"/matches")
	}
	search := endpoint{Name: "search", Route: "GET /api/v1/zoeken", Token: true}
	widget := endpoint{Name: "widget", Route: "GET /api/v1/publiek/werkplekken", Spread: true}
	areas := data.Postcodes
	for range 5_000 {
		q := url.Values{"q": {dataset.SearchWords[r.IntN(len(dataset.SearchWords))]}}
		switch n := r.IntN(10); {
		case n < 3:
			q.Set("dagdeel", string(plekwijzer.DayParts[r.IntN(len(plekwijzer.DayParts))]))
		case n < 5:
			q.Set("postcode", areas[r.IntN(len(areas))])
			q.Set("straalKm", strconv.Itoa(10+10*r.IntN(3)))
		case n < 6:
			q.Set("werksoort", seed.WorkTypeID(data.WorkTypes[r.IntN(len(data.WorkTypes))]))
			q.Del("q")
		}
		search.Paths = append(search.Paths, "/api/v1/zoeken?"+q.Encode())

		w := url.Values{"paginaGrootte": {strconv.Itoa(6 + 6*r.IntN(3))}}
		if r.IntN(2) == 0 {
			w.Set("werksoort", data.WorkTypes[r.IntN(len(data.WorkTypes))])
		}
		if r.IntN(3) == 0 {
			w.Set("dagdeel", string(plekwijzer.DayParts[r.IntN(len(plekwijzer.DayParts))]))
		}
		widget.Paths = append(widget.Paths, "/api/v1/publiek/werkplekken?"+w.Encode())
	}
	return []endpoint{matches, search, widget}
}
