package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/bench/dataset"
)

var thousands = benchutil.Thousands

// markdown renders the section.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	c, d, s := r.Config, r.Data, r.Setup
	ms, secs := benchutil.Ms, benchutil.Secs

	p("## At scale: every area in one run\n\n")
	p("_Written by `go run ./bench` on %s. Everything between the `scale` markers (and the plots `docs/plots/scale-*.svg`) is replaced by the next run._\n\n",
		r.Machine.Date.Format("2006-01-02 15:04 MST"))
	where := "a SQLite file in a temporary folder, removed afterwards"
	if c.Engine == "postgres" {
		where = "a new database on PostgreSQL at `127.0.0.1:5432` (or the server `PLEKWIJZER_BENCH_DATABASE_URL` names), dropped afterwards"
	}
	took := benchutil.Secs(r.Elapsed)
	if r.Elapsed > 2*time.Minute {
		took = fmt.Sprintf("%.0f minutes", r.Elapsed.Minutes())
	}
	p("Reproduce (the data goes into %s; this run took %s):\n\n", where, took)
	p("```sh\n%s\n```\n\n", c.Command)
	p("Machine: %s. The CPUs are shared with other work: the 1-minute load average was **%.2f** at the start and **%.2f** at the end of the run. "+
		"The requests, the server and the database run on the same cores.\n\n", r.Machine, r.LoadAvg[0], r.LoadAvg[1])

	p("**Data** (package `bench/dataset`, seed %d, the matching benchmark's generator): %s organisations in the province of Groningen; "+
		"%s offers (%s open) over the catalogue's work types with 1–4 places on 3–10 day-parts; %s participants, %s of them matchable (not flowed out) "+
		"and %s on the waiting list; %s coaches, the busiest with a caseload of %s; %s placements of their history over the past years "+
		"(ended, dropped out, cancelled) and the active ones of today, which hold %.0f%% of the open places. "+
		"Generated in %s, loaded into %s in %s (%s).\n\n",
		c.Seed, thousands(d.Orgs), thousands(d.Offers), thousands(d.Open), thousands(d.People), thousands(d.Matchable), thousands(d.Waiting),
		thousands(d.Coaches), thousands(d.Caseload), thousands(d.Placements), 100*d.Held,
		secs(s.Generate), c.Engine, secs(s.Load), map[bool]string{true: "COPY in one transaction", false: "multi-row INSERTs in one transaction"}[c.Engine == "postgres"])

	p("### Setting up\n\n| step | time |\n|---|---:|\n")
	p("| generate the data in memory | %s |\n", secs(s.Generate))
	p("| load it into %s | %s |\n", c.Engine, secs(s.Load))
	p("| build the search index from the database (`search.Open` on an empty folder: %s documents, %.1f MiB on disk) | %s |\n",
		thousands(int(s.IndexDocs)), float64(s.IndexBytes)/(1<<20), secs(s.IndexBuild))
	p("| read what the offer pool is built from (%s offers, the catalogue, dropout and proposal counts) | %s |\n", thousands(s.PoolOffers), secs(s.PoolRead))
	p("| `matching.NewPool` | %s |\n", secs(s.PoolBuild))
	p("| read and prepare %s participants for in-process matching | %s |\n", thousands(s.Prepared), secs(s.PreparePeople))
	p("| the server's first `GET /deelnemers/{id}/matches`, which builds its own offer pool | %s |\n\n", secs(r.Cold))

	p("### Latency per area\n\n")
	p("| area | what | where | timed | p50 | p99 | max | per answer |\n|---|---|---|---:|---:|---:|---:|---|\n")
	for _, m := range r.Areas {
		p("| %s | %s | %s | %d | %s | **%s** | %s | %s |\n", m.Area, m.What, m.Where, m.Latency.N, ms(m.Latency.P50), ms(m.Latency.P99), ms(m.Latency.Max), m.answers())
	}
	p("\n")
	for i, f := range r.Plots {
		alt := []string{"p50, p99 and maximum latency of every operation, log scale", "cumulative distribution of latency of the frequent requests"}[min(i, 1)]
		p("![%s](%s)\n\n", alt, f)
	}

	bk := r.Booking
	p("### Booking race\n\n")
	p("| clients at once | attempts | raced slots (offers × weeks) | free places before | booked | refused | attempts per second | overbooked slots afterwards | refused while a place was free |\n")
	p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	p("| %d | %s | %d × %d | %d | %d | %d | %s | **%d** | **%d** |\n\n", bk.Clients, thousands(bk.Clients*bk.Attempts), bk.Offers, bk.Weeks, bk.Free,
		bk.Booked, bk.Refused, benchutil.PerSecond(bk.Booked+bk.Refused, bk.Wall), bk.Overbooked, bk.WronglyRefused)

	p("### What is measured\n\n")
	p("- **Matching**: `Pool.Match` (10 items, the default diversity, reasons included) for %s participants spread over the matchable ones, "+
		"one warm-up pass and %d timed; `GET /deelnemers/{id}/matches?aantal=10` through the real `api.Server` on a loopback listener "+
		"(`httptest.NewServer`, keep-alive, bearer token, audit record, JSON read to the end) for %s of them, the same way. "+
		"*Per answer*: items returned and offers passing every hard constraint.\n", thousands(s.Prepared), c.Reps, thousands(c.ForwardHTTP))
	p("- **Reverse matching**: `GET /werkplekken/{id}/kandidaten?aantal=10` for %d open offers as the busiest coach (their caseload and shares; warm-up and %d passes), "+
		"and for %d as a beheerder, who sees every matchable participant: each request reads them all with their histories from the database (one warm-up request, one pass). "+
		"*Per answer*: items and participants considered.\n", c.ReverseCoach, c.Reps, c.ReverseAdmin)
	p("- **Search**: %d queries as a coach — every work type's name, %d words coaches type (\"fietsen repareren\", \"buiten werken\") and the places offers are in; "+
		"a third also ask for a day-part, a third for a postcode within 15 km — 25 hits each with the total and the facets (the default), "+
		"a warm-up pass and %d timed; **%d of %d** find something, %.0f matches on average.\n",
		r.Search.Queries, len(dataset.SearchWords), c.Reps, r.Search.WithHits, r.Search.Queries, r.Search.MeanTotal)
	p("- **Planning**: `POST /planningen` without booking: the busiest coach's waiting list (the default), and as a beheerder the first %s participants of the waiting list "+
		"(`api.MaxPlanPeople` is %s); one warm-up plan and %d timed each. *Per answer*: placed of planned.\n", thousands(c.PlanPeople), thousands(2000), c.PlanReps)
	p("- **Statistics**: as a manager, `GET /statistieken/bezetting` for the past 53 weeks, `/uitval`, `/variatie` (12 months) and `/vraag` "+
		"(the demand gap: every matchable participant ranked against the catalogue); one warm-up request and %d timed each.\n", c.StatsReps)
	p("- **Booking**: %d clients at once each post %d placements (`POST /plaatsingen` as a beheerder, status active, Monday to Friday of one of the next %d weeks, "+
		"on the offer's day-part with most places, a different waiting participant each time) for %d open offers that had a free place, "+
		"after the other areas, on the data as loaded. A refusal is the API's 409. Afterwards the database is counted per offer, day-part and week: "+
		"placements holding a place against the places, the race's additions against the bookings that succeeded (equal: %d), "+
		"and every refusal against the places still free at the end.\n\n", c.Clients, c.Attempts, c.RaceWeeks, bk.Offers, bk.HeldByRace)
	p("The per-area programs go deeper: `bench/matchbench` (with its plain-SQL baseline), `bench/searchbench` (with PostgreSQL full-text search and relevance), " +
		"`bench/bookbench` (contingents), `bench/plannerbench` (the solver), `bench/load` (wrk against the service binary).\n")
	return b.String()
}

// answers describes what the answers held on average.
func (m *measure) answers() string {
	switch {
	case m.Items < 0:
		return "" // not a list
	case m.Area == "planning":
		return fmt.Sprintf("%.0f placed of %.0f", m.Items, m.Considered)
	case m.Considered > 0:
		return fmt.Sprintf("%.1f items of %s considered", m.Items, thousands(int(m.Considered+0.5)))
	}
	return fmt.Sprintf("%.1f items", m.Items)
}
