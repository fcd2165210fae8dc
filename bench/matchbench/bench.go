package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/bench/dataset"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/store"
)

// bench is one run's data, database and what was prepared from it.
type bench struct {
	cfg     config
	rep     *report
	d       *dataset.Dataset // the generated data, until it is loaded
	today   plekwijzer.Date
	pc4s    map[string]bool // every postcode used, for the baseline
	db      *store.DB
	dbURL   string // the service's database
	pgURL   string // the PostgreSQL database with the same data, for the baseline
	cleanup []func()

	pool    *matching.Pool
	people  []*matching.Person
	open    []string // ids of the open offers, in generation order
	tokens  map[string]string
	coachID string // the coach whose token the coach requests use
}

// newBench generates the data and loads it.
func newBench(ctx context.Context, cfg config, rep *report) (*bench, error) {
	b := &bench{cfg: cfg, rep: rep, tokens: map[string]string{}}
	start := time.Now()
	d, err := dataset.Generate(cfg.Offers, cfg.People, cfg.Seed)
	if err != nil {
		return nil, err
	}
	b.d = d
	rep.Generate = time.Since(start)
	rep.Data = dataStats{
		Orgs: len(d.Orgs), Offers: len(d.Offers), Open: d.OpenOffers(), People: len(d.Participants), Matchable: d.Matchable(),
		Placements: len(d.Placements), Coaches: len(d.Coaches), Held: d.HeldShare(),
	}
	b.open = d.OpenOfferIDs()
	logf(cfg.Log, "generated %d offers, %d participants, %d placements in %s", len(d.Offers), len(d.Participants), len(d.Placements), rep.Generate.Round(time.Millisecond))
	ok := false
	defer func() {
		if !ok {
			b.close()
		}
	}()

	u, drop, err := dataset.Scratch(ctx, cfg.Engine, cfg.DatabaseURL, "match")
	if err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, b.dropUnlessKept(u, drop))
	b.dbURL = u
	if cfg.Engine == store.Postgres {
		b.pgURL = u
	}
	start = time.Now()
	if b.db, err = d.Load(ctx, b.dbURL, cfg.Engine); err != nil {
		return nil, err
	}
	rep.Load = time.Since(start)
	logf(cfg.Log, "loaded into %s in %s", cfg.Engine, rep.Load.Round(time.Millisecond))
	if cfg.Baseline && b.pgURL == "" {
		u, drop, err := benchutil.CreateDatabase(ctx, cfg.DatabaseURL, "matchbase")
		if err != nil {
			return nil, err
		}
		b.cleanup = append(b.cleanup, b.dropUnlessKept(u, drop))
		b.pgURL = u
		pg, err := d.Load(ctx, u, store.Postgres)
		if err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		pg.Close()
	}

	// A beheerder sees everyone; the coach is the one with the largest
	// caseload, as an upper bound for coaches.
	b.coachID, rep.Data.Caseload = d.BusiestCoach()
	// What is measured later is the store's data; the generated copy only
	// weighs on the garbage collector.
	b.today, b.pc4s, b.d = d.Today, d.PC4s, nil
	for role, id := range map[string]string{"beheerder": d.AdminID, "coach": b.coachID} {
		_, secret, err := b.db.CreateToken(ctx, id, "matchbench", nil)
		if err != nil {
			return nil, err
		}
		b.tokens[role] = secret
	}
	ok = true
	return b, nil
}

// dropUnlessKept returns drop, or with -keep a function that says where
// the database is.
func (b *bench) dropUnlessKept(where string, drop func()) func() {
	if !b.cfg.Keep {
		return drop
	}
	return func() { logf(b.cfg.Log, "kept %s", benchutil.Redact(where)) }
}

func (b *bench) close() {
	if b.db != nil {
		b.db.Close()
	}
	for i := len(b.cleanup) - 1; i >= 0; i-- {
		b.cleanup[i]()
	}
}

// prepare builds the offer pool and every matchable participant the way
// the API does, timing the store reads and the preparation apart.
func (b *bench) prepare(ctx context.Context) error {
	r := &b.rep.Prepare
	start := time.Now()
	in, err := dataset.MatchingInput(ctx, b.db)
	if err != nil {
		return err
	}
	r.ReadOffers = time.Since(start)
	start = time.Now()
	b.pool = matching.NewPool(in)
	r.NewPool = time.Since(start)
	logf(b.cfg.Log, "pool of %d offers: read %s, prepared %s", b.pool.Offers(), r.ReadOffers.Round(time.Millisecond), r.NewPool.Round(time.Millisecond))

	start = time.Now()
	ps, err := b.db.MatchableParticipants(ctx, plekwijzer.ParticipantFilter{})
	if err != nil {
		return err
	}
	r.ReadPeople = time.Since(start)
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	start = time.Now()
	hs, err := b.db.Histories(ctx, ids)
	if err != nil {
		return err
	}
	r.ReadHistories = time.Since(start)
	stop, err := benchutil.StartProfile(b.cfg.CPUProfile, "prepare.pprof")
	if err != nil {
		return err
	}
	start = time.Now()
	b.people = make([]*matching.Person, len(ps))
	for i, p := range ps {
		b.people[i] = b.pool.Prepare(p, hs[p.ID])
	}
	r.PreparePeople = time.Since(start)
	stop()
	r.People = len(ps)
	for _, h := range hs {
		r.Histories += len(h)
	}
	if r.People != b.rep.Data.Matchable {
		return fmt.Errorf("%d matchable participants read, %d generated", r.People, b.rep.Data.Matchable)
	}
	logf(b.cfg.Log, "%d participants: read %s, histories %s, prepared %s", r.People, r.ReadPeople.Round(time.Millisecond),
		r.ReadHistories.Round(time.Millisecond), r.PreparePeople.Round(time.Millisecond))
	return nil
}

// timeEach runs fn over the first warm items to warm up, then over all
// items reps times, and summarises the times.
func timeEach[T any](items []T, warm, reps int, fn func(T) error) (benchutil.Latency, error) {
	ds, err := benchutil.TimeEach(items, warm, reps, fn)
	return benchutil.Summarise(ds), err
}

// timeRanking times fn over items as timeEach does, under a CPU profile;
// fn returns how many passed the hard constraints, and timeRanking their
// mean.
func timeRanking[T any](cfg config, profile string, items []T, fn func(T) (int, error)) (benchutil.Latency, float64, error) {
	stop, err := benchutil.StartProfile(cfg.CPUProfile, profile)
	if err != nil {
		return benchutil.Latency{}, 0, err
	}
	defer stop()
	passed, calls := 0, 0
	l, err := timeEach(items, len(items), cfg.Reps, func(x T) error {
		n, err := fn(x)
		passed, calls = passed+n, calls+1
		return err
	})
	return l, float64(passed) / float64(max(calls, 1)), err
}

// forward ranks the offers for a sample of participants.
func (b *bench) forward(ctx context.Context) error {
	r := &b.rep.Forward
	people := benchutil.Sample(b.people, b.cfg.Forward)
	var err error
	r.Latency, r.Candidates, err = timeRanking(b.cfg, "match.pprof", people, func(ps *matching.Person) (int, error) {
		return b.pool.Match(ps, matching.Options{Limit: 10}).Diversity.Candidates, nil
	})
	r.Items = b.pool.Offers()
	logf(b.cfg.Log, "Match over %d offers, %d participants: p50 %s p99 %s (%.0f pass)", r.Items, len(people), r.P50, r.P99, r.Candidates)
	return err
}

// nearMisses finds the near misses and relaxations for the forward sample.
func (b *bench) nearMisses(ctx context.Context) error {
	r := &b.rep.Near
	people := benchutil.Sample(b.people, b.cfg.Forward)
	var err error
	r.Latency, r.Candidates, err = timeRanking(b.cfg, "nearmiss.pprof", people, func(ps *matching.Person) (int, error) {
		near, _ := b.pool.NearMisses(ps, matching.Options{})
		return len(near), nil
	})
	r.Items = b.pool.Offers()
	logf(b.cfg.Log, "NearMisses over %d offers, %d participants: p50 %s p99 %s (%.1f near misses)", r.Items, len(people), r.P50, r.P99, r.Candidates)
	return err
}

// reverse ranks every matchable participant for a sample of open offers.
func (b *bench) reverse(ctx context.Context) error {
	r := &b.rep.Reverse
	offers := benchutil.Sample(b.open, b.cfg.Reverse)
	var err error
	r.Latency, r.Candidates, err = timeRanking(b.cfg, "candidates.pprof", offers, func(id string) (int, error) {
		res, ok := b.pool.Candidates(id, b.people, matching.Options{Limit: 10})
		if !ok {
			return 0, fmt.Errorf("offer %s not in the pool", id)
		}
		return res.Considered - res.Excluded.Total(), nil
	})
	r.Items = len(b.people)
	logf(b.cfg.Log, "Candidates over %d participants, %d offers: p50 %s p99 %s (%.0f pass)", r.Items, len(offers), r.P50, r.P99, r.Candidates)
	return err
}

// http measures the same through the real API server on a loopback
// listener: the first request (which builds the server's pool), offers
// for participants as a beheerder, candidates as a coach (their caseload)
// and as a beheerder (every participant, read from the database per
// request).
func (b *bench) http(ctx context.Context) error {
	// The server holds its own pool and reads participants itself: drop
	// what the in-process measurements prepared, so that the collector
	// does not keep walking it.
	var people []string
	for _, ps := range benchutil.Sample(b.people, b.cfg.ForwardHTTP) {
		people = append(people, ps.P.ID)
	}
	b.pool, b.people = nil, nil
	runtime.GC()
	srv, err := api.New(b.db, slog.New(slog.DiscardHandler), api.Config{})
	if err != nil {
		return err
	}
	srv.SetReady(true)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := ts.Client()
	get := func(path, role string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/v1"+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+b.tokens[role])
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		return nil
	}
	h := &b.rep.HTTP
	start := time.Now()
	if err := get("/deelnemers/"+people[0]+"/matches?aantal=10", "beheerder"); err != nil {
		return err
	}
	h.Cold = time.Since(start)
	logf(b.cfg.Log, "first request (builds the server's pool): %s", h.Cold.Round(time.Millisecond))

	if h.Forward, err = timeEach(people, len(people), b.cfg.Reps, func(id string) error {
		return get("/deelnemers/"+id+"/matches?aantal=10", "beheerder")
	}); err != nil {
		return err
	}
	logf(b.cfg.Log, "HTTP matches: p50 %s p99 %s", h.Forward.P50, h.Forward.P99)

	if h.ReverseCoach, err = timeEach(benchutil.Sample(b.open, b.cfg.Reverse), b.cfg.Reverse, b.cfg.Reps, func(id string) error {
		return get("/werkplekken/"+id+"/kandidaten?aantal=10", "coach")
	}); err != nil {
		return err
	}
	logf(b.cfg.Log, "HTTP kandidaten as a coach: p50 %s p99 %s", h.ReverseCoach.P50, h.ReverseCoach.P99)

	stop, err := benchutil.StartProfile(b.cfg.CPUProfile, "http-candidates.pprof")
	if err != nil {
		return err
	}
	h.ReverseAdmin, err = timeEach(benchutil.Sample(b.open, b.cfg.ReverseHTTP), 1, 1, func(id string) error {
		return get("/werkplekken/"+id+"/kandidaten?aantal=10", "beheerder")
	})
	stop()
	if err != nil {
		return err
	}
	logf(b.cfg.Log, "HTTP kandidaten as a beheerder: p50 %s p99 %s", h.ReverseAdmin.P50, h.ReverseAdmin.P99)
	return nil
}

// explainDifference logs the participants that matching and the SQL
// disagree on for one offer.
func (b *bench) explainDifference(ctx context.Context, base *baseline, offerID string) error {
	ids, err := base.top(ctx, baselineCandidateIDs, offerID)
	if err != nil {
		return err
	}
	sql := map[string]bool{}
	for _, id := range ids {
		sql[id] = true
	}
	doc, _ := b.pool.Offer(offerID)
	for _, ps := range b.people {
		res, _ := b.pool.Candidates(offerID, []*matching.Person{ps}, matching.Options{Limit: 1})
		if ours := len(res.Items) == 1; ours != sql[ps.P.ID] {
			a, _ := geo.Lookup(ps.P.Postcode)
			o, _ := geo.Lookup(doc.Offer.Postcode)
			logf(b.cfg.Log, "  %s: matching passes %v, SQL %v (excluded %v; %.15f km of %d)", ps.P.Code, ours, sql[ps.P.ID],
				res.Excluded.Map(), geo.DistanceKm(a.Point, o.Point), ps.P.MaxTravelKm)
		}
	}
	return nil
}

// baselineWarm is how many queries warm PostgreSQL up before the SQL is
// timed; each takes a good part of a second.
const baselineWarm = 10

// baseline runs the SQL on the same samples, after checking on some of
// them that its filter passes what matching passes.
func (b *bench) baseline(ctx context.Context) error {
	if !b.cfg.Baseline {
		return nil
	}
	base, err := openBaseline(ctx, b.pgURL, b.today, b.pc4s)
	if err != nil {
		return err
	}
	defer base.Close()
	b.rep.Machine.PostgreSQL = base.version
	r := &b.rep.Baseline
	r.Ran = true

	people := benchutil.Sample(b.people, b.cfg.ForwardHTTP)
	for _, ps := range benchutil.Sample(people, 20) {
		want := b.pool.Match(ps, matching.Options{Limit: 1}).Diversity.Candidates
		got, err := base.count(ctx, baselineOfferCount, ps.P.ID)
		if err != nil {
			return err
		}
		r.Checked++
		if got == want {
			r.Agree++
		} else {
			logf(b.cfg.Log, "baseline passes %d offers for %s, matching %d", got, ps.P.Code, want)
		}
	}
	offers := benchutil.Sample(b.open, b.cfg.ReverseHTTP)
	for _, id := range benchutil.Sample(offers, 3) {
		res, _ := b.pool.Candidates(id, b.people, matching.Options{Limit: 1})
		want := res.Considered - res.Excluded.Total()
		got, err := base.count(ctx, baselineCandidateCount, id)
		if err != nil {
			return err
		}
		r.Checked++
		if got == want {
			r.Agree++
			continue
		}
		logf(b.cfg.Log, "baseline passes %d participants for offer %s, matching %d", got, id, want)
		if err := b.explainDifference(ctx, base, id); err != nil {
			return err
		}
	}
	logf(b.cfg.Log, "baseline filter agrees with matching on %d of %d", r.Agree, r.Checked)

	if r.Forward, err = timeEach(people, baselineWarm, 1, func(ps *matching.Person) error {
		_, err := base.top(ctx, baselineOffers, ps.P.ID)
		return err
	}); err != nil {
		return err
	}
	logf(b.cfg.Log, "baseline offers: p50 %s p99 %s", r.Forward.P50, r.Forward.P99)
	if r.Reverse, err = timeEach(offers, 1, 1, func(id string) error {
		_, err := base.top(ctx, baselineCandidates, id)
		return err
	}); err != nil {
		return err
	}
	logf(b.cfg.Log, "baseline candidates: p50 %s p99 %s", r.Reverse.P50, r.Reverse.P99)
	return nil
}
