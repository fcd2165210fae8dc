package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/bench/dataset"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/store"
)

// report is everything one run measured.
type report struct {
	Config  config
	Machine benchutil.Machine
	LoadAvg [2]float64 // 1-minute load average at the start and the end
	Elapsed time.Duration
	Sizes   []*sizeRun // in the order of -participants
	Plots   []string   // files written, relative to the report's folder
}

// sizeRun is what one size measured, on its own data.
type sizeRun struct {
	LoadAvg [2]float64
	Elapsed time.Duration
	Data    dataStats
	Setup   setupStats
	Cold    time.Duration // the first matches request, which builds the server's offer pool
	Areas   []*measure    // in the order measured
	Search  searchStats
	Booking bookingResult
}

// largest is the run at the largest size.
func (r *report) largest() *sizeRun { return r.Sizes[len(r.Sizes)-1] }

type dataStats struct {
	Orgs, Offers, Open, People, Matchable, Waiting, Placements, Coaches, Caseload int
	Held                                                                          float64 // share of the open place-day-parts held today
}

type setupStats struct {
	Generate, Load                time.Duration
	IndexBuild                    time.Duration // search.Open on an empty folder: every document from the database
	IndexDocs                     uint64
	IndexBytes                    int64
	PoolRead, PoolBuild           time.Duration // what the offer pool is built from, and matching.NewPool
	PreparePeople                 time.Duration // reading and preparing the in-process sample
	Prepared, PoolOffers, Queries int
}

type searchStats struct {
	Queries, WithHits int
	MeanTotal         float64
}

// measure is one timed operation and what its answers held.
type measure struct {
	Area, What, Where string
	Label             string // short, for the plots
	Latency           benchutil.Latency
	Times             []time.Duration // sorted, for the distribution plot
	Items             float64         // mean items per answer (-1: not counted)
	Considered        float64         // mean participants or offers considered (-1: not counted)
}

// answer is the part of the API's answers the run checks; a field an
// answer lacks, or has in another shape (the statistics), stays zero.
type answer struct {
	Items      []json.RawMessage
	Total      int // totaal
	Considered int // beschouwd
	Placed     int // geplaatst
	Size       struct {
		People int `json:"deelnemers"`
	} // omvang
}

func readAnswer(body []byte) (*answer, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	var a answer
	for name, into := range map[string]any{"items": &a.Items, "totaal": &a.Total, "beschouwd": &a.Considered, "geplaatst": &a.Placed, "omvang": &a.Size} {
		if v, ok := fields[name]; ok {
			_ = json.Unmarshal(v, into) // another shape: not counted
		}
	}
	return &a, nil
}

// bench is one run's database, index, server and what it asks about.
type bench struct {
	cfg     config // with People the size of this run
	rep     *sizeRun
	machine *benchutil.Machine
	db      *store.DB
	dbURL   string
	cleanup []func()
	ix      *search.Index
	srv     *httptest.Server
	client  *http.Client
	tokens  map[plekwijzer.Role]string

	matchable, open, waiting []string
	places                   map[string][10]int // per open offer, places per day-part
	searches                 []string           // paths of /zoeken
}

// run measures and, with cfg.Out, writes the report and its plots.
func run(ctx context.Context, cfg config) (*report, error) {
	switch {
	case cfg.Engine != store.Postgres && cfg.Engine != store.SQLite:
		return nil, fmt.Errorf("unknown engine %q", cfg.Engine)
	case len(cfg.Sizes) == 0 || slices.Min(cfg.Sizes) < 1 || !slices.IsSorted(cfg.Sizes):
		return nil, fmt.Errorf("-participants needs one or more sizes, smallest first")
	case cfg.Offers < 1 || cfg.Forward < 1 || cfg.ForwardHTTP < 1 || cfg.ReverseCoach < 1 || cfg.ReverseAdmin < 1 ||
		cfg.Clients < 1 || cfg.Attempts < 1 || cfg.RaceOffers < 1 || cfg.RaceWeeks < 1 || cfg.PlanPeople < 1:
		return nil, fmt.Errorf("every size and sample needs at least one")
	case cfg.PlanPeople > api.MaxPlanPeople:
		return nil, fmt.Errorf("a plan takes at most %d participants", api.MaxPlanPeople)
	}
	cfg.Reps, cfg.PlanReps, cfg.StatsReps = max(cfg.Reps, 1), max(cfg.PlanReps, 1), max(cfg.StatsReps, 1)
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	began := time.Now()
	rep := &report{Config: cfg, Machine: benchutil.ReadMachine()}
	rep.LoadAvg[0] = benchutil.LoadAverage()
	for _, n := range cfg.Sizes {
		c := cfg
		c.People = n
		sr, err := runSize(ctx, c, &rep.Machine)
		if err != nil {
			return nil, fmt.Errorf("%d participants: %w", n, err)
		}
		rep.Sizes = append(rep.Sizes, sr)
	}
	rep.LoadAvg[1] = benchutil.LoadAverage()
	rep.Elapsed = time.Since(began)
	if cfg.Out != "" {
		var err error
		if rep.Plots, err = writePlots(rep, cfg.plotDir(), filepath.Dir(cfg.Out)); err != nil {
			return nil, err
		}
		if err := benchutil.WriteSection(cfg.Out, sectionName, rep.markdown()); err != nil {
			return nil, err
		}
		logf(cfg.Log, "wrote %s and %d plots", cfg.Out, len(rep.Plots))
	}
	return rep, nil
}

// runSize measures every area on cfg.People participants.
func runSize(ctx context.Context, cfg config, machine *benchutil.Machine) (*sizeRun, error) {
	began := time.Now()
	sr := &sizeRun{}
	sr.LoadAvg[0] = benchutil.LoadAverage()
	b, err := setUp(ctx, cfg, sr, machine)
	if err != nil {
		return nil, err
	}
	defer b.close()
	for _, s := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"matching", b.matching},
		{"reverse matching", b.reverse},
		{"search", b.search},
		{"planning", b.planning},
		{"statistics", b.statistics},
		{"booking", b.booking}, // last: it writes
	} {
		logf(cfg.Log, "%s", s.name)
		if err := s.fn(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	sr.LoadAvg[1] = benchutil.LoadAverage()
	sr.Elapsed = time.Since(began)
	return sr, nil
}

// setUp generates the data, loads it, makes the tokens, builds the search
// index and starts the API server.
func setUp(ctx context.Context, cfg config, rep *sizeRun, machine *benchutil.Machine) (*bench, error) {
	b := &bench{cfg: cfg, rep: rep, machine: machine, tokens: map[plekwijzer.Role]string{}, places: map[string][10]int{}}
	ok := false
	defer func() {
		if !ok {
			b.close()
		}
	}()
	start := time.Now()
	d, err := dataset.Generate(cfg.Offers, cfg.People, cfg.Seed)
	if err != nil {
		return nil, err
	}
	rep.Setup.Generate = time.Since(start)
	coach, caseload := d.BusiestCoach()
	b.matchable, b.open, b.waiting = d.MatchableIDs(), d.OpenOfferIDs(), d.WaitingIDs()
	rep.Data = dataStats{Orgs: len(d.Orgs), Offers: len(d.Offers), Open: len(b.open), People: len(d.Participants), Matchable: len(b.matchable),
		Waiting: len(b.waiting), Placements: len(d.Placements), Coaches: len(d.Coaches), Caseload: caseload, Held: d.HeldShare()}
	for _, o := range d.Offers {
		if o.Status == string(plekwijzer.OfferOpen) {
			b.places[o.ID] = o.Places
		}
	}
	b.searches = searchPaths(d)
	logf(cfg.Log, "generated %d offers, %d participants, %d placements in %s", len(d.Offers), len(d.Participants), len(d.Placements), rep.Setup.Generate.Round(time.Millisecond))

	var drop func()
	if b.dbURL, drop, err = dataset.Scratch(ctx, cfg.Engine, cfg.DatabaseURL, "scale"); err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, drop)
	start = time.Now()
	if b.db, err = d.Load(ctx, b.dbURL, cfg.Engine); err != nil {
		return nil, err
	}
	rep.Setup.Load = time.Since(start)
	logf(cfg.Log, "loaded into %s in %s", cfg.Engine, rep.Setup.Load.Round(time.Millisecond))
	if cfg.Engine == store.Postgres {
		if machine.PostgreSQL, err = benchutil.PostgresVersion(ctx, b.dbURL); err != nil {
			return nil, err
		}
	}
	manager := &plekwijzer.User{Name: "Manager", Role: plekwijzer.RoleManager}
	if err := b.db.CreateUser(ctx, manager); err != nil {
		return nil, err
	}
	for role, id := range map[plekwijzer.Role]string{plekwijzer.RoleAdmin: d.AdminID, plekwijzer.RoleCoach: coach, plekwijzer.RoleManager: manager.ID} {
		if _, b.tokens[role], err = b.db.CreateToken(ctx, id, "bench", nil); err != nil {
			return nil, err
		}
	}
	d = nil // from here on everything comes from the database

	dir, err := os.MkdirTemp("", "plekwijzer-scale-index-")
	if err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, func() { os.RemoveAll(dir) })
	start = time.Now()
	if b.ix, err = search.Open(ctx, filepath.Join(dir, "index"), b.db, slog.New(slog.DiscardHandler)); err != nil {
		return nil, err
	}
	rep.Setup.IndexBuild = time.Since(start)
	if rep.Setup.IndexDocs, err = b.ix.DocCount(); err != nil {
		return nil, err
	}
	if rep.Setup.IndexBytes, err = b.ix.SizeBytes(); err != nil {
		return nil, err
	}
	logf(cfg.Log, "search index of %d documents built in %s", rep.Setup.IndexDocs, rep.Setup.IndexBuild.Round(time.Millisecond))

	srv, err := api.New(b.db, slog.New(slog.DiscardHandler), api.Config{Search: b.ix})
	if err != nil {
		return nil, err
	}
	srv.SetReady(true)
	b.srv = httptest.NewServer(srv)
	// Enough idle connections for every booking client, so the race
	// measures bookings and not new TCP connections.
	b.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * cfg.Clients}, Timeout: 2 * time.Minute}
	ok = true
	return b, nil
}

func (b *bench) close() {
	if b.srv != nil {
		b.client.CloseIdleConnections()
		b.srv.Close()
	}
	if b.ix != nil {
		b.ix.Close()
	}
	if b.db != nil {
		b.db.Close()
	}
	for i := len(b.cleanup) - 1; i >= 0; i-- {
		b.cleanup[i]()
	}
}

// searchPaths are the /zoeken requests: every work type's name, what
// coaches type and the places offers are in; a third of them also ask
// for a day-part, a third for a place within 15 km.
func searchPaths(d *dataset.Dataset) []string {
	var texts, places, postcodes []string
	for _, w := range d.WorkTypes {
		texts = append(texts, w.Name)
	}
	texts = append(texts, dataset.SearchWords...)
	seen := map[string]bool{}
	for _, o := range d.Orgs {
		if !seen[o.Place] && len(places) < 10 {
			seen[o.Place] = true
			places = append(places, o.Place)
		}
		if !seen[o.PC4] && len(postcodes) < 12 {
			seen[o.PC4] = true
			postcodes = append(postcodes, o.PC4)
		}
	}
	texts = append(texts, places...)
	out := make([]string, len(texts))
	for i, t := range texts {
		q := url.Values{"q": {t}}
		switch i % 3 {
		case 1:
			q.Set("dagdeel", string(plekwijzer.DayParts[i%len(plekwijzer.DayParts)]))
		case 2:
			q.Set("postcode", postcodes[i%len(postcodes)])
			q.Set("straalKm", "15")
		}
		out[i] = "/zoeken?" + q.Encode()
	}
	return out
}

// call sends one request to the API as role, with body as JSON unless it
// is nil, and returns the status and the answer.
func (b *bench) call(ctx context.Context, method, path string, role plekwijzer.Role, body any) (int, []byte, error) {
	var in io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		in = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.srv.URL+"/api/v1"+path, in)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+b.tokens[role])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// ask sends a request that must answer 200 and reads the answer.
func (b *bench) ask(ctx context.Context, method, path string, role plekwijzer.Role, body any) (*answer, error) {
	status, out, err := b.call(ctx, method, path, role, body)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, status, out)
	}
	a, err := readAnswer(out)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return a, nil
}

// timeEach times fn over items (a warm-up over the first warm, then
// reps passes) and adds the measure; fn returns the answer's items and
// considered count, or -1 where it counts none.
func timeEach[T any](b *bench, m measure, items []T, warm, reps int, fn func(T) (items, considered int, err error)) (*measure, error) {
	var nItems, nConsidered, calls int
	ds, err := benchutil.TimeEach(items, warm, reps, func(x T) error {
		i, c, err := fn(x)
		nItems, nConsidered, calls = nItems+i, nConsidered+c, calls+1
		return err
	})
	if err != nil {
		return nil, err
	}
	m.Latency, m.Times = benchutil.Summarise(ds), ds
	m.Items, m.Considered = float64(nItems)/float64(calls), float64(nConsidered)/float64(calls)
	b.rep.Areas = append(b.rep.Areas, &m)
	logf(b.cfg.Log, "%s, %s (%s): %d timed, p50 %s, p99 %s, max %s", m.Area, m.What, m.Where, m.Latency.N,
		benchutil.Ms(m.Latency.P50), benchutil.Ms(m.Latency.P99), benchutil.Ms(m.Latency.Max))
	return &m, nil
}

// askEach times a GET of every path as role.
func (b *bench) askEach(ctx context.Context, m measure, role plekwijzer.Role, paths []string, warm, reps int) (*measure, error) {
	m.Where = "HTTP, " + roleName(role)
	return timeEach(b, m, paths, warm, reps, func(p string) (int, int, error) {
		a, err := b.ask(ctx, http.MethodGet, p, role, nil)
		if err != nil {
			return 0, 0, err
		}
		if a.Items == nil {
			return -1, 0, nil // not a list: the statistics
		}
		return len(a.Items), a.Considered, nil
	})
}

func roleName(r plekwijzer.Role) string { return string(r) }

// matching ranks offers for a sample of participants in-process, with the
// pool and people prepared as the API prepares them, then through HTTP.
func (b *bench) matching(ctx context.Context) error {
	s := &b.rep.Setup
	start := time.Now()
	in, err := dataset.MatchingInput(ctx, b.db)
	if err != nil {
		return err
	}
	s.PoolRead = time.Since(start)
	start = time.Now()
	pool := matching.NewPool(in)
	s.PoolBuild, s.PoolOffers = time.Since(start), pool.Offers()
	start = time.Now()
	people, err := dataset.Prepare(ctx, b.db, pool, benchutil.Sample(b.matchable, b.cfg.Forward))
	if err != nil {
		return err
	}
	s.PreparePeople, s.Prepared = time.Since(start), len(people)
	if _, err := timeEach(b, measure{Area: "matching", What: fmt.Sprintf("offers for a participant (%s offers)", benchutil.Thousands(pool.Offers())),
		Where: "in-process `Pool.Match`", Label: "matches, in-process"}, people, len(people), b.cfg.Reps, func(p *matching.Person) (int, int, error) {
		r := pool.Match(p, matching.Options{Limit: 10})
		return len(r.Items), r.Considered, nil
	}); err != nil {
		return err
	}

	var paths []string
	for _, id := range benchutil.Sample(b.matchable, b.cfg.ForwardHTTP) {
		paths = append(paths, "/deelnemers/"+id+"/matches?aantal=10")
	}
	start = time.Now()
	if _, err := b.ask(ctx, http.MethodGet, paths[0], plekwijzer.RoleAdmin, nil); err != nil {
		return err
	}
	b.rep.Cold = time.Since(start)
	_, err = b.askEach(ctx, measure{Area: "matching", What: "offers for a participant", Label: "matches, HTTP"}, plekwijzer.RoleAdmin, paths, len(paths), b.cfg.Reps)
	return err
}

// reverse ranks participants for offers: a coach their caseload, a
// beheerder everyone (read from the database on every request).
func (b *bench) reverse(ctx context.Context) error {
	candidates := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, "/werkplekken/"+id+"/kandidaten?aantal=10")
		}
		return out
	}
	coach := candidates(benchutil.Sample(b.open, b.cfg.ReverseCoach))
	if _, err := b.askEach(ctx, measure{Area: "reverse matching", What: fmt.Sprintf("candidates for an offer (a caseload of %d)", b.rep.Data.Caseload),
		Label: "candidates, coach"}, plekwijzer.RoleCoach, coach, len(coach), b.cfg.Reps); err != nil {
		return err
	}
	admin := candidates(benchutil.Sample(b.open, b.cfg.ReverseAdmin))
	_, err := b.askEach(ctx, measure{Area: "reverse matching", What: fmt.Sprintf("candidates for an offer (all %s participants)", benchutil.Thousands(b.rep.Data.Matchable)),
		Label: "candidates, beheerder"}, plekwijzer.RoleAdmin, admin, 1, 1)
	return err
}

// search times /zoeken over the query sample, as a coach, and counts the
// queries that find something.
func (b *bench) search(ctx context.Context) error {
	st := &b.rep.Search
	totals := 0
	_, err := timeEach(b, measure{Area: "search", What: fmt.Sprintf("a query, 25 hits with facets (%s documents)", benchutil.Thousands(int(b.rep.Setup.IndexDocs))),
		Where: "HTTP, coach", Label: "search"}, b.searches, len(b.searches), b.cfg.Reps, func(p string) (int, int, error) {
		a, err := b.ask(ctx, http.MethodGet, p, plekwijzer.RoleCoach, nil)
		if err != nil {
			return 0, 0, err
		}
		totals += a.Total
		return len(a.Items), 0, nil
	})
	if err != nil {
		return err
	}
	// One more pass, untimed, to count the queries with hits.
	for _, p := range b.searches {
		a, err := b.ask(ctx, http.MethodGet, p, plekwijzer.RoleCoach, nil)
		if err != nil {
			return err
		}
		st.Queries++
		if a.Total > 0 {
			st.WithHits++
		}
	}
	st.MeanTotal = float64(totals) / float64((1+b.cfg.Reps)*len(b.searches))
	b.rep.Setup.Queries = len(b.searches)
	return nil
}

// planning plans the busiest coach's waiting list, and as a beheerder the
// first -plan participants of the whole waiting list, without booking.
func (b *bench) planning(ctx context.Context) error {
	people := b.waiting[:min(b.cfg.PlanPeople, len(b.waiting))]
	for _, p := range []struct {
		what, label string
		role        plekwijzer.Role
		body        map[string]any
	}{
		{"a plan of the coach's waiting list", "plan, coach", plekwijzer.RoleCoach, map[string]any{}},
		{fmt.Sprintf("a plan of %s waiting participants", benchutil.Thousands(len(people))), "plan, " + benchutil.Thousands(len(people)) + " people",
			plekwijzer.RoleAdmin, map[string]any{"deelnemers": people}},
	} {
		if _, err := timeEach(b, measure{Area: "planning", What: p.what, Where: "HTTP, " + roleName(p.role), Label: p.label}, []int{0}, 1, b.cfg.PlanReps, func(int) (int, int, error) {
			a, err := b.ask(ctx, http.MethodPost, "/planningen", p.role, p.body)
			if err != nil {
				return 0, 0, err
			}
			return a.Placed, a.Size.People, nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// statistics asks for each statistic as a manager: occupancy over the
// past year, dropout, variety over twelve months and the demand gap over
// every participant.
func (b *bench) statistics(ctx context.Context) error {
	today := plekwijzer.Today()
	for _, s := range []struct{ what, label, path string }{
		{"occupancy, 53 weeks", "occupancy", "/statistieken/bezetting?van=" + string(today.AddDays(-364)) + "&tot=" + string(today)},
		{"dropout", "dropout", "/statistieken/uitval"},
		{"variety, 12 months", "variety", "/statistieken/variatie"},
	} {
		if _, err := b.askEach(ctx, measure{Area: "statistics", What: s.what, Label: s.label}, plekwijzer.RoleManager, []string{s.path}, 1, b.cfg.StatsReps); err != nil {
			return err
		}
	}
	// The API keeps a demand gap until something changes: the first
	// request counts it over every participant, the next ones get it kept.
	gap := []string{"/statistieken/vraag"}
	if _, err := b.askEach(ctx, measure{Area: "statistics", What: "demand gap, counted over every participant (the first request)", Label: "demand gap"},
		plekwijzer.RoleManager, gap, 0, 1); err != nil {
		return err
	}
	_, err := b.askEach(ctx, measure{Area: "statistics", What: "demand gap, kept (the requests after it)", Label: "demand gap, kept"},
		plekwijzer.RoleManager, gap, 0, b.cfg.StatsReps)
	return err
}
