package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/bench/dataset"
)

var thousands = benchutil.Thousands

// took writes how long something took: minutes from two on.
func took(d time.Duration) string {
	if d > 2*time.Minute {
		return fmt.Sprintf("%.0f minutes", d.Minutes())
	}
	return benchutil.Secs(d)
}

// markdown renders the section.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	c, secs := r.Config, benchutil.Secs

	p("## At scale: every area in one run\n\n")
	p("_Written by `go run ./bench` on %s. Everything between the `scale` markers (and the plots `docs/plots/scale-*.svg`) is replaced by the next run._\n\n",
		r.Machine.Date.Format("2006-01-02 15:04 MST"))
	where := "a SQLite file in a temporary folder per size, removed afterwards"
	if c.Engine == "postgres" {
		where = "a new database per size on PostgreSQL at `127.0.0.1:5432` (or the server `PLEKWIJZER_BENCH_DATABASE_URL` names), dropped afterwards"
	}
	p("Reproduce (the data goes into %s; this run took %s):\n\n", where, took(r.Elapsed))
	p("```sh\n%s\n```\n\n", c.Command)
	p("Machine: %s. The CPUs are shared with other work: the 1-minute load average was **%.2f** at the start and **%.2f** at the end of the run "+
		"(per size below). The requests, the server and the database run on the same cores.\n\n", r.Machine, r.LoadAvg[0], r.LoadAvg[1])
	p("**Data** (package `bench/dataset`, seed %d, the matching benchmark's generator): organisations in the province of Groningen; "+
		"%s offers over the catalogue's work types with 1–4 places on 3–10 day-parts, 85%% open; participants in every target group and phase with a "+
		"history of placements over the past years (ended, dropped out, cancelled) and for some an active placement today; a coach per 40 participants. "+
		"Each size is generated and loaded on its own (%s).\n\n",
		c.Seed, thousands(c.Offers), map[bool]string{true: "COPY in one transaction", false: "multi-row INSERTs in one transaction"}[c.Engine == "postgres"])

	p("### Data and setting up\n\n|")
	for _, s := range r.Sizes {
		p(" | %s participants", thousands(s.Data.Matchable))
	}
	p(" |\n|---")
	for range r.Sizes {
		p("|---:")
	}
	p("|\n")
	row := func(what string, cell func(s *sizeRun) string) {
		p("| %s", what)
		for _, s := range r.Sizes {
			p(" | %s", cell(s))
		}
		p(" |\n")
	}
	row("organisations", func(s *sizeRun) string { return thousands(s.Data.Orgs) })
	row("offers (open)", func(s *sizeRun) string { return thousands(s.Data.Offers) + " (" + thousands(s.Data.Open) + ")" })
	row("participants: all, matchable, on the waiting list", func(s *sizeRun) string {
		return thousands(s.Data.People) + ", " + thousands(s.Data.Matchable) + ", " + thousands(s.Data.Waiting)
	})
	row("coaches (the busiest one's caseload)", func(s *sizeRun) string { return thousands(s.Data.Coaches) + " (" + thousands(s.Data.Caseload) + ")" })
	row("placements (share of the open places held today)", func(s *sizeRun) string {
		return fmt.Sprintf("%s (%.0f%%)", thousands(s.Data.Placements), 100*s.Data.Held)
	})
	row("generate the data in memory", func(s *sizeRun) string { return secs(s.Setup.Generate) })
	row("load it into "+c.Engine, func(s *sizeRun) string { return secs(s.Setup.Load) })
	row("build the search index from the database (`search.Open` on an empty folder)", func(s *sizeRun) string {
		return fmt.Sprintf("%s (%s documents, %.1f MiB)", secs(s.Setup.IndexBuild), thousands(int(s.Setup.IndexDocs)), float64(s.Setup.IndexBytes)/(1<<20))
	})
	row("read what the offer pool is built from (offers, catalogue, dropout and proposal counts)", func(s *sizeRun) string { return secs(s.Setup.PoolRead) })
	row("`matching.NewPool`", func(s *sizeRun) string { return secs(s.Setup.PoolBuild) })
	row(fmt.Sprintf("read and prepare %s participants for in-process matching", thousands(c.Forward)), func(s *sizeRun) string { return secs(s.Setup.PreparePeople) })
	row("the server's first `GET /deelnemers/{id}/matches` (builds its own offer pool)", func(s *sizeRun) string { return secs(s.Cold) })
	row("the whole size", func(s *sizeRun) string { return took(s.Elapsed) })
	row("1-minute load average at its start and end", func(s *sizeRun) string { return fmt.Sprintf("%.2f, %.2f", s.LoadAvg[0], s.LoadAvg[1]) })
	p("\n")

	for _, s := range r.Sizes {
		p("### Latency at %s participants\n\n", thousands(s.Data.Matchable))
		p("| area | what | where | timed | p50 | p99 | max | per answer |\n|---|---|---|---:|---:|---:|---:|---|\n")
		for _, m := range s.Areas {
			p("| %s | %s | %s | %d | %s | **%s** | %s | %s |\n", m.Area, m.What, m.Where, m.Latency.N,
				secs(m.Latency.P50), secs(m.Latency.P99), secs(m.Latency.Max), m.answers())
		}
		p("\n")
	}
	if len(r.Sizes) > 1 {
		first, last := r.Sizes[0], r.largest()
		p("### Growth from %s to %s participants\n\n", thousands(first.Data.Matchable), thousands(last.Data.Matchable))
		p("The median of each operation at both ends, and their ratio: %.0f× the participants. "+
			"Ratios near 1 do not depend on the number of participants; ratios near %.0f grow in proportion. "+
			"Differences of less than about 1.5× are within what the shared machine's load varies by.\n\n",
			float64(last.Data.Matchable)/float64(first.Data.Matchable), float64(last.Data.Matchable)/float64(first.Data.Matchable))
		p("| operation | p50 at %s | p50 at %s | ratio |\n|---|---:|---:|---:|\n", thousands(first.Data.Matchable), thousands(last.Data.Matchable))
		at := map[string]*measure{}
		for _, m := range first.Areas {
			at[m.Label] = m
		}
		for _, m := range last.Areas {
			if f := at[m.Label]; f != nil {
				p("| %s | %s | %s | %s |\n", m.Label, secs(f.Latency.P50), secs(m.Latency.P50), benchutil.Ratio(float64(m.Latency.P50), float64(f.Latency.P50)))
			}
		}
		p("\n")
	}
	alts := map[string]string{
		latencyPlot:      fmt.Sprintf("p50, p99 and maximum latency of every operation at %s participants, log scale", thousands(r.largest().Data.Matchable)),
		distributionPlot: "cumulative distribution of latency of the frequent requests",
		growthPlot:       "median latency of every operation by number of participants, log-log",
	}
	for _, f := range r.Plots {
		name := f[strings.LastIndex(f, "/")+1:]
		p("![%s](%s)\n\n", alts[name], f)
	}

	p("### Booking race\n\n")
	p("| participants | clients at once | attempts | raced slots (offers × weeks) | free places before | booked | refused | attempts per second | overbooked slots afterwards | refused while a place was free |\n")
	p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.Sizes {
		bk := s.Booking
		p("| %s | %d | %s | %d × %d | %d | %d | %d | %s | **%d** | **%d** |\n", thousands(s.Data.Matchable), bk.Clients, thousands(bk.Clients*bk.Attempts),
			bk.Offers, bk.Weeks, bk.Free, bk.Booked, bk.Refused, benchutil.PerSecond(bk.Booked+bk.Refused, bk.Wall), bk.Overbooked, bk.WronglyRefused)
	}
	p("\n")

	var found []string
	for _, s := range r.Sizes {
		found = append(found, fmt.Sprintf("%d of %d find something at %s participants, %.0f matches on average", s.Search.WithHits, s.Search.Queries,
			thousands(s.Data.Matchable), s.Search.MeanTotal))
	}
	p("### What is measured\n\n")
	p("- **Matching**: `Pool.Match` (10 items, the default diversity, reasons included) for %s participants spread over the matchable ones, "+
		"one warm-up pass and %d timed; `GET /deelnemers/{id}/matches?aantal=10` through the real `api.Server` on a loopback listener "+
		"(`httptest.NewServer`, keep-alive, bearer token, audit record, JSON read to the end) for %s of them, the same way. "+
		"*Per answer*: items returned and offers considered.\n", thousands(c.Forward), c.Reps, thousands(c.ForwardHTTP))
	p("- **Reverse matching**: `GET /werkplekken/{id}/kandidaten?aantal=10` for %d open offers as the busiest coach (their caseload and shares; warm-up and %d passes), "+
		"and for %d as a beheerder, who sees every matchable participant: each request reads them all with their histories from the database (one warm-up request, one pass). "+
		"*Per answer*: items and participants considered.\n", c.ReverseCoach, c.Reps, c.ReverseAdmin)
	p("- **Search**: `GET /zoeken` as a coach for every work type's name, %d words coaches type (\"fietsen repareren\", \"buiten werken\") and the places offers are in; "+
		"a third also ask for a day-part, a third for a postcode within 15 km; 25 hits each with the total and the facets (the default), "+
		"a warm-up pass and %d timed. %s.\n", len(dataset.SearchWords), c.Reps, strings.Join(found, "; "))
	p("- **Planning**: `POST /planningen` without booking: the busiest coach's waiting list (the default), and as a beheerder the first %s participants of the waiting list "+
		"(at most %s in one plan); one warm-up plan and %d timed each. *Per answer*: placed of planned.\n", thousands(c.PlanPeople), thousands(2000), c.PlanReps)
	p("- **Statistics**: as a manager, `GET /statistieken/bezetting` for the past 53 weeks, `/uitval`, `/variatie` (12 months) and `/vraag` "+
		"(the demand gap: every matchable participant ranked against the catalogue); one warm-up request and %d timed each. "+
		"The API keeps a demand gap until an offer, participant or placement changes (then at most 5 minutes while it counts anew in the background), "+
		"so its first request, which counts, is timed apart from the %d after it, which get the kept answer.\n", c.StatsReps, c.StatsReps)
	p("- **Booking**: %d clients at once each post %d placements (`POST /plaatsingen` as a beheerder, status active, Monday to Friday of one of the next %d weeks, "+
		"on the offer's day-part with most places, a different waiting participant each time) for %d open offers that had a free place, "+
		"after the other areas, on the data as loaded. A refusal is the API's 409. Afterwards the database is counted per offer, day-part and week: "+
		"placements holding a place against the places, the race's additions against the bookings that succeeded (the run fails if they differ), "+
		"and every refusal against the places still free at the end.\n\n", c.Clients, c.Attempts, c.RaceWeeks, c.RaceOffers)
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
