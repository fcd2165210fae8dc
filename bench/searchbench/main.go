// Command searchbench measures Plekwijzer's search index against a
// PostgreSQL full-text baseline in the same run, and writes the "Search"
// section of docs/BENCHMARKS.md.
//
//	go run ./bench/searchbench -offers 10000,100000 -out docs/BENCHMARKS.md
//
// For each size it generates that many realistic offers (deterministic
// from -seed), loads them into a fresh PostgreSQL database (or a SQLite
// file with -engine sqlite) the way the store stores them, with one outbox
// entry each, and measures: catching the index up with that outbox, a
// full rebuild, reopening, the index size, query latency over a fixed set
// of queries (plain and filtered, each without and with facet counts),
// and recall@10 and MRR on a relevance set built from the ESCO
// labels of the catalogue — for the index and for PostgreSQL full-text
// search over the same documents and queries.
//
// The database is PLEKWIJZER_BENCH_DATABASE_URL, else
// PLEKWIJZER_TEST_DATABASE_URL, else the local server; the program
// creates a database per size and drops it afterwards.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
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
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store" // also registers the "sqlite" driver
)

// defaultDatabaseURL is the local PostgreSQL the tests use.
const defaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// config is one run of the benchmark.
type config struct {
	Sizes       []int
	Engine      string // store.Postgres or store.SQLite: where the index reads from
	DatabaseURL string // PostgreSQL server for the source (Engine postgres) and the baseline
	Baseline    bool
	Seed        uint64
	Reps        int // timed passes over the latency set, after one warm-up pass
	Out         string
	CPUProfile  string // directory for CPU profiles of the rebuild and the queries; "" for none
	Command     string // how to reproduce, for the report
	Log         io.Writer
	// RelLimit bounds each relevance set (0: all of it), for the smoke
	// test; Misses lists that many queries where the index's recall
	// falls below PostgreSQL's, in the log.
	RelLimit int
	Misses   int
}

func main() {
	var (
		cfg    config
		sizes  string
		noBase bool
	)
	flag.StringVar(&sizes, "offers", "10000,100000", "comma-separated numbers of offers to measure")
	flag.StringVar(&cfg.Out, "out", "docs/BENCHMARKS.md", "the report to write (the Search section between its markers)")
	flag.StringVar(&cfg.Engine, "engine", store.Postgres, "database the index reads from: postgres or sqlite")
	flag.StringVar(&cfg.DatabaseURL, "database-url", envOr("PLEKWIJZER_BENCH_DATABASE_URL", envOr("PLEKWIJZER_TEST_DATABASE_URL", defaultDatabaseURL)),
		"PostgreSQL server to create the benchmark databases on")
	flag.BoolVar(&noBase, "no-baseline", false, "skip the PostgreSQL full-text baseline")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the generated data and queries")
	flag.IntVar(&cfg.Reps, "reps", 3, "timed passes over the latency query set")
	flag.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write CPU profiles of the rebuild and of the queries into this directory")
	flag.IntVar(&cfg.Misses, "misses", 0, "log this many relevance queries where the index's recall@10 is below PostgreSQL's")
	flag.Parse()
	cfg.Baseline = !noBase
	cfg.Log = os.Stderr
	var err error
	if cfg.Sizes, err = benchutil.Ints(sizes); err != nil {
		fmt.Fprintf(os.Stderr, "searchbench: bad -offers: %v\n", err)
		os.Exit(2)
	}
	// The command that reproduces the numbers; -cpuprofile and -misses
	// only add output.
	cfg.Command = "go run ./bench/searchbench -offers " + sizes + " -out " + cfg.Out
	if cfg.Engine != store.Postgres {
		cfg.Command += " -engine " + cfg.Engine
	}
	if cfg.Seed != 1 {
		cfg.Command += fmt.Sprintf(" -seed %d", cfg.Seed)
	}
	if cfg.Reps != 3 {
		cfg.Command += fmt.Sprintf(" -reps %d", cfg.Reps)
	}
	if noBase {
		cfg.Command += " -no-baseline"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// report is everything one run measured.
type report struct {
	Machine     benchutil.Machine
	Engine      string
	Seed        uint64
	Reps        int
	Command     string
	Queries     []benchQuery
	RelExact    int
	RelTypo     int
	Sizes       []*sizeResult
	BaselineRan bool
	Elapsed     time.Duration // the whole run
}

// latency summarises the durations of one kind of query.
type latency struct {
	N                   int
	P50, P99, Mean, Max time.Duration
	Matches             float64 // mean number of matching documents
	// CPU is this process's CPU time per query, garbage collection
	// included: the index's own work, whatever else runs on the machine
	// (for PostgreSQL only the client's share).
	CPU      time.Duration
	BySource map[string]*latency
	All      []slowQuery // every query's median, in query order
	Slowest  []slowQuery // the five with the highest median
}

// slowQuery is one query's median time and matches.
type slowQuery struct {
	Text    string
	Median  time.Duration
	Matches int
}

// relevance is one engine's quality on one relevance set.
type relevance struct {
	N      int
	Recall float64 // mean recall@10: relevant hits in the top 10 / min(10, relevant documents)
	Hit    float64 // share of queries with a relevant hit in the top 10
	MRR    float64 // mean reciprocal rank of the first relevant hit in the top 10
}

// sizeResult is the measurements at one size.
type sizeResult struct {
	Offers, Orgs   int
	Generate, Load time.Duration
	// LoadAvg is the machine's 1-minute load average when the size
	// started and when it ended: other work on the machine shows here.
	LoadAvg [2]float64

	CatchUp        time.Duration
	CatchUpEntries int
	SourceRead     time.Duration // reading every offer document from the database, as a rebuild does
	Rebuild        time.Duration
	Reopen         time.Duration
	DocCount       uint64
	IndexBytes     int64

	Bleve map[string]*latency // "plain", "plain+facets", "filtered", "filtered+facets"
	PG    map[string]*latency // the same kinds
	Rel   map[string]map[string]*relevance
	Build *baselineBuild
}

// run measures every size and writes the report.
func run(ctx context.Context, cfg config) (*report, error) {
	if cfg.Reps < 1 {
		cfg.Reps = 1
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Engine != store.Postgres && cfg.Engine != store.SQLite {
		return nil, fmt.Errorf("unknown engine %q", cfg.Engine)
	}
	wts, err := loadWorkTypes()
	if err != nil {
		return nil, err
	}
	began := time.Now()
	rep := &report{Engine: cfg.Engine, Seed: cfg.Seed, Reps: cfg.Reps, Command: cfg.Command, BaselineRan: cfg.Baseline}
	rep.Queries = latencyQueries(wts, cfg.Seed)
	relExact, relTypo := relevanceSets(wts, cfg.Seed)
	if cfg.RelLimit > 0 {
		relExact, relTypo = relExact[:min(cfg.RelLimit, len(relExact))], relTypo[:min(cfg.RelLimit, len(relTypo))]
	}
	rep.RelExact, rep.RelTypo = len(relExact), len(relTypo)
	rep.Machine = benchutil.ReadMachine()
	if cfg.CPUProfile != "" {
		if err := os.MkdirAll(cfg.CPUProfile, 0o755); err != nil {
			return nil, err
		}
	}
	for _, n := range cfg.Sizes {
		res, pgVersion, err := runSize(ctx, cfg, n, rep.Queries, relExact, relTypo)
		if err != nil {
			return nil, fmt.Errorf("%d offers: %w", n, err)
		}
		if pgVersion != "" {
			rep.Machine.PostgreSQL = pgVersion
		}
		rep.Sizes = append(rep.Sizes, res)
	}
	rep.Elapsed = time.Since(began)
	if cfg.Out != "" {
		if err := writeSection(cfg.Out, rep.markdown()); err != nil {
			return nil, err
		}
		logf(cfg.Log, "wrote %s", cfg.Out)
	}
	return rep, nil
}

func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "%s searchbench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// runSize measures one size; it returns the PostgreSQL version when the
// baseline ran.
func runSize(ctx context.Context, cfg config, n int, queries []benchQuery, relExact, relTypo []relQuery) (res *sizeResult, pgVersion string, err error) {
	res = &sizeResult{Offers: n, Bleve: map[string]*latency{}, PG: map[string]*latency{}, Rel: map[string]map[string]*relevance{}}
	res.LoadAvg[0] = benchutil.LoadAverage()
	defer func() { res.LoadAvg[1] = benchutil.LoadAverage() }()
	tmp, err := os.MkdirTemp("", "searchbench-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(tmp)

	start := time.Now()
	d, err := generate(n, cfg.Seed)
	if err != nil {
		return nil, "", err
	}
	res.Generate = time.Since(start)
	res.Orgs = len(d.Orgs)
	logf(cfg.Log, "%d offers at %d organisations generated in %s", n, len(d.Orgs), res.Generate.Round(time.Millisecond))

	var dbURL string
	switch cfg.Engine {
	case store.Postgres:
		u, drop, err := createDatabase(ctx, cfg.DatabaseURL, strconv.Itoa(n))
		if err != nil {
			return nil, "", err
		}
		defer drop()
		dbURL = u
	default:
		dbURL = filepath.Join(tmp, "plekwijzer.db")
	}
	db, err := store.Open(ctx, dbURL, nil)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, "", err
	}
	if err := seed.Catalogue(ctx, db); err != nil {
		return nil, "", err
	}

	// The index of the catalogue alone, then every offer arrives through
	// the outbox, as if written by the API.
	log := slog.New(slog.NewTextHandler(cfg.Log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dir := filepath.Join(tmp, "index")
	ix, err := search.Open(ctx, dir, db, log)
	if err != nil {
		return nil, "", err
	}
	defer func() { ix.Close() }()

	start = time.Now()
	if cfg.Engine == store.Postgres {
		err = loadPostgres(ctx, dbURL, d)
	} else {
		err = loadSQLite(ctx, dbURL, d)
	}
	if err != nil {
		return nil, "", fmt.Errorf("load: %w", err)
	}
	res.Load = time.Since(start)
	logf(cfg.Log, "loaded into %s in %s", cfg.Engine, res.Load.Round(time.Millisecond))

	start = time.Now()
	applied, err := ix.CatchUp(ctx)
	if err != nil {
		return nil, "", err
	}
	res.CatchUp, res.CatchUpEntries = time.Since(start), applied
	if applied != n {
		return nil, "", fmt.Errorf("catch-up applied %d outbox entries, want %d", applied, n)
	}
	logf(cfg.Log, "catch-up of %d outbox entries in %s", applied, res.CatchUp.Round(time.Millisecond))

	// What a rebuild spends in the database: every offer document, in
	// pages of 500 as the index reads them.
	start = time.Now()
	docs := 0
	for after := ""; ; {
		ids, err := db.OfferIDs(ctx, after, 500)
		if err != nil {
			return nil, "", err
		}
		if len(ids) == 0 {
			break
		}
		ds, err := db.OfferDocs(ctx, ids)
		if err != nil {
			return nil, "", err
		}
		docs += len(ds)
		after = ids[len(ids)-1]
	}
	res.SourceRead = time.Since(start)
	if docs != n {
		return nil, "", fmt.Errorf("read %d offer documents, want %d", docs, n)
	}
	logf(cfg.Log, "read %d offer documents from the database in %s", docs, res.SourceRead.Round(time.Millisecond))

	stopProfile, err := benchutil.StartProfile(cfg.CPUProfile, fmt.Sprintf("rebuild-%d.pprof", n))
	if err != nil {
		return nil, "", err
	}
	start = time.Now()
	err = ix.Rebuild(ctx)
	res.Rebuild = time.Since(start)
	stopProfile()
	if err != nil {
		return nil, "", err
	}
	logf(cfg.Log, "rebuild in %s", res.Rebuild.Round(time.Millisecond))

	if err := ix.Close(); err != nil {
		return nil, "", err
	}
	start = time.Now()
	ix, err = search.Open(ctx, dir, db, log)
	if err != nil {
		return nil, "", err
	}
	res.Reopen = time.Since(start)
	if res.DocCount, err = ix.DocCount(); err != nil {
		return nil, "", err
	}
	if want := uint64(n + len(d.WorkTypes)); res.DocCount != want {
		return nil, "", fmt.Errorf("index holds %d documents, want %d", res.DocCount, want)
	}
	if res.IndexBytes, err = ix.SizeBytes(); err != nil {
		return nil, "", err
	}
	logf(cfg.Log, "reopened in %s: %d documents, %d bytes", res.Reopen.Round(time.Millisecond), res.DocCount, res.IndexBytes)

	var base *baseline
	if cfg.Baseline {
		pgURL := dbURL
		if cfg.Engine != store.Postgres {
			u, drop, err := createDatabase(ctx, cfg.DatabaseURL, "baseline")
			if err != nil {
				return nil, "", err
			}
			defer drop()
			pgURL = u
		}
		b, build, err := openBaseline(ctx, pgURL, d)
		if err != nil {
			return nil, "", err
		}
		defer b.Close()
		base, res.Build, pgVersion = b, build, b.version
		logf(cfg.Log, "baseline built: load %s, GIN %s", build.Load.Round(time.Millisecond), build.Index.Round(time.Millisecond))
	}

	stopProfile, err = benchutil.StartProfile(cfg.CPUProfile, fmt.Sprintf("search-%d.pprof", n))
	if err != nil {
		return nil, "", err
	}
	for _, kind := range queryKinds {
		name := kindName(kind.filtered, kind.facets)
		l, err := timeQueries(queries, cfg.Reps, func(q benchQuery) (int, error) {
			sq := searchQuery(q, kind.filtered, plekwijzer.DefaultPageSize)
			sq.NoFacets = !kind.facets
			r, err := ix.Search(ctx, sq)
			if err != nil {
				return 0, err
			}
			return r.Total, nil
		})
		if err != nil {
			stopProfile()
			return nil, "", fmt.Errorf("index, %s: %w", name, err)
		}
		res.Bleve[name] = l
		logf(cfg.Log, "index %s: p50 %s p99 %s", name, l.P50, l.P99)
	}
	stopProfile()

	if base != nil {
		for _, kind := range queryKinds {
			name := kindName(kind.filtered, kind.facets)
			l, err := timeQueries(queries, cfg.Reps, func(q benchQuery) (int, error) {
				hits, err := base.search(ctx, q, kind.filtered, plekwijzer.DefaultPageSize)
				if err != nil || !kind.facets {
					return len(hits), err
				}
				return base.facets(ctx, q, kind.filtered)
			})
			if err != nil {
				return nil, "", fmt.Errorf("PostgreSQL, %s: %w", name, err)
			}
			if !kind.facets {
				l.Matches = -1 // not counted without facets
			}
			res.PG[name] = l
			logf(cfg.Log, "PostgreSQL %s: p50 %s p99 %s", name, l.P50, l.P99)
		}
	}

	offerWT := make(map[string]string, len(d.Offers))
	openPerWT := map[string]int{}
	for _, o := range d.Offers {
		offerWT[o.ID] = o.WorkTypeID
		if o.Status == string(plekwijzer.OfferOpen) {
			openPerWT[o.WorkTypeID]++
		}
	}
	for _, set := range []struct {
		name string
		qs   []relQuery
	}{{"exact", relExact}, {"typo", relTypo}} {
		res.Rel[set.name] = map[string]*relevance{}
		r, ixPer, err := judge(set.qs, openPerWT, func(q relQuery) ([]string, error) {
			sr, err := ix.Search(ctx, plekwijzer.SearchQuery{Text: q.Text, Page: plekwijzer.Page{Number: 1, Size: 10}})
			if err != nil {
				return nil, err
			}
			var wts []string
			for _, h := range sr.Hits {
				if h.Kind == plekwijzer.KindWorkType {
					wts = append(wts, h.ID)
				} else {
					wts = append(wts, offerWT[h.ID])
				}
			}
			return wts, nil
		})
		if err != nil {
			return nil, "", fmt.Errorf("index, relevance: %w", err)
		}
		res.Rel[set.name]["index"] = r
		if base != nil {
			r, pgPer, err := judge(set.qs, openPerWT, func(q relQuery) ([]string, error) {
				hits, err := base.search(ctx, benchQuery{Text: q.Text}, false, 10)
				var wts []string
				for _, h := range hits {
					wts = append(wts, h.WorkTypeID)
				}
				return wts, err
			})
			if err != nil {
				return nil, "", fmt.Errorf("PostgreSQL, relevance: %w", err)
			}
			res.Rel[set.name]["postgres"] = r
			logMisses(cfg, d, set.name, set.qs, ixPer, pgPer)
		}
		logf(cfg.Log, "relevance (%s): index recall@10 %.3f", set.name, res.Rel[set.name]["index"].Recall)
	}
	return res, pgVersion, nil
}

// queryKinds are the kinds of query timed, on both engines: plain and
// filtered, each without and with the facet counts.
var queryKinds = []struct{ filtered, facets bool }{
	{false, false}, {true, false}, {false, true}, {true, true},
}

// kindName names a kind of query.
func kindName(filtered, facets bool) string {
	s := "plain"
	if filtered {
		s = "filtered"
	}
	if facets {
		s += "+facets"
	}
	return s
}

// searchQuery is q for the index: its text, and its filters when
// filtered.
func searchQuery(q benchQuery, filtered bool, size int) plekwijzer.SearchQuery {
	sq := plekwijzer.SearchQuery{Text: q.Text, Page: plekwijzer.Page{Number: 1, Size: size}}
	if filtered {
		sq.DayParts = []plekwijzer.DayPart{q.DayPart}
		sq.OrganisationKind = q.OrgKind
		sq.Postcode = q.Postcode
		sq.RadiusKm = RadiusKm
	}
	return sq
}

// timeQueries runs every query once to warm up, then reps times in
// sequence, timing each; fn returns the number of matches.
func timeQueries(queries []benchQuery, reps int, fn func(benchQuery) (int, error)) (*latency, error) {
	for _, q := range queries {
		if _, err := fn(q); err != nil {
			return nil, fmt.Errorf("%q: %w", q.Text, err)
		}
	}
	cpu := cpuTime()
	durations := make([]time.Duration, 0, reps*len(queries))
	bySource := map[string][]time.Duration{}
	perQuery := make([][]time.Duration, len(queries))
	perMatches := make([]int, len(queries))
	matches := 0
	for range reps {
		for i, q := range queries {
			start := time.Now()
			m, err := fn(q)
			d := time.Since(start)
			durations = append(durations, d)
			bySource[q.Source] = append(bySource[q.Source], d)
			perQuery[i] = append(perQuery[i], d)
			perMatches[i] = m
			if err != nil {
				return nil, fmt.Errorf("%q: %w", q.Text, err)
			}
			matches += m
		}
	}
	l := summarise(durations)
	l.CPU = (cpuTime() - cpu) / time.Duration(len(durations))
	l.Matches = float64(matches) / float64(len(durations))
	l.BySource = map[string]*latency{}
	for src, ds := range bySource {
		l.BySource[src] = summarise(ds)
	}
	for i, q := range queries {
		l.All = append(l.All, slowQuery{Text: q.Text, Median: summarise(perQuery[i]).P50, Matches: perMatches[i]})
	}
	l.Slowest = slices.Clone(l.All)
	slices.SortStableFunc(l.Slowest, func(a, b slowQuery) int { return cmp.Compare(b.Median, a.Median) })
	l.Slowest = l.Slowest[:min(5, len(l.Slowest))]
	return l, nil
}

// summarise returns the nearest-rank percentiles, mean and maximum.
func summarise(ds []time.Duration) *latency {
	if len(ds) == 0 {
		return &latency{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	rank := func(p float64) time.Duration {
		i := int(float64(len(s))*p+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return &latency{N: len(s), P50: rank(0.50), P99: rank(0.99), Mean: sum / time.Duration(len(s)), Max: s[len(s)-1]}
}

// judged is one query's outcome: its recall@10 and the work types of its
// top 10.
type judged struct {
	Recall float64
	Top    []string
}

// judge scores an engine on a relevance set. fn returns the work type of
// each of the top 10 hits (a work type hit is its own work type).
// openPerWT counts the relevant offers a query could find: the open ones.
func judge(qs []relQuery, openPerWT map[string]int, fn func(relQuery) ([]string, error)) (*relevance, []judged, error) {
	r := &relevance{N: len(qs)}
	per := make([]judged, 0, len(qs))
	if len(qs) == 0 {
		return r, per, nil
	}
	for _, q := range qs {
		top, err := fn(q)
		if err != nil {
			return nil, nil, fmt.Errorf("%q: %w", q.Text, err)
		}
		if len(top) > 10 {
			top = top[:10]
		}
		possible := 0
		for wt := range q.Relevant {
			possible += openPerWT[wt] + 1
		}
		found, first := 0, 0
		for i, wt := range top {
			if q.Relevant[wt] {
				found++
				if first == 0 {
					first = i + 1
				}
			}
		}
		recall := float64(found) / float64(min(10, possible))
		per = append(per, judged{Recall: recall, Top: top})
		r.Recall += recall
		if first > 0 {
			r.Hit++
			r.MRR += 1 / float64(first)
		}
	}
	n := float64(len(qs))
	r.Recall, r.Hit, r.MRR = r.Recall/n, r.Hit/n, r.MRR/n
	return r, per, nil
}

// logMisses logs up to cfg.Misses queries where the index's recall@10 is
// below PostgreSQL's, with the work types each engine ranked in its top
// 10: material for tuning the ranking.
func logMisses(cfg config, d *dataset, set string, qs []relQuery, ix, pg []judged) {
	codes := func(top []string) string {
		count := map[string]int{}
		var order []string
		for _, id := range top {
			c := "?"
			if w := d.wtByID[id]; w != nil {
				c = w.Code
			}
			if count[c] == 0 {
				order = append(order, c)
			}
			count[c]++
		}
		var parts []string
		for _, c := range order {
			parts = append(parts, fmt.Sprintf("%s×%d", c, count[c]))
		}
		return strings.Join(parts, " ")
	}
	shown := 0
	for i, q := range qs {
		if shown >= cfg.Misses {
			return
		}
		if ix[i].Recall >= pg[i].Recall {
			continue
		}
		var want []string
		for id := range q.Relevant {
			want = append(want, d.wtByID[id].Code)
		}
		slices.Sort(want)
		logf(cfg.Log, "miss (%s) %q want %s: index %.1f [%s], PostgreSQL %.1f [%s]", set, q.Text, strings.Join(want, ","),
			ix[i].Recall, codes(ix[i].Top), pg[i].Recall, codes(pg[i].Top))
		shown++
	}
}
