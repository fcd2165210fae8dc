package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// sectionName names the markers around the section this program owns in
// the report: <!-- matching:begin --> and <!-- matching:end -->.
const sectionName = "matching"

// Targets of issue 4 on this machine.
const (
	forwardTarget = 5 * time.Millisecond  // p99 in-process, 10 000 offers
	nearTarget    = 5 * time.Millisecond  // p99 in-process near misses and relaxations, 10 000 offers (issue 20)
	reverseTarget = 50 * time.Millisecond // p99 in-process, 100 000 participants
)

// report is everything one run measured.
type report struct {
	Config   config
	Machine  benchutil.Machine
	LoadAvg  [2]float64 // 1-minute load average at the start and the end
	Elapsed  time.Duration
	Generate time.Duration
	Load     time.Duration
	Data     dataStats
	Prepare  prepareStats
	Forward  ranking
	Near     ranking // near misses and relaxations for the forward sample
	Reverse  ranking
	HTTP     httpStats
	Baseline baselineStats
}

type dataStats struct {
	Orgs, Offers, Open, People, Matchable, Placements, Coaches, Caseload int
	Held                                                                 float64 // share of open place-day-parts held today
}

type prepareStats struct {
	ReadOffers, NewPool       time.Duration
	ReadPeople, ReadHistories time.Duration
	PreparePeople             time.Duration
	People, Histories         int
}

// ranking is the in-process latency of one direction.
type ranking struct {
	benchutil.Latency
	Items      int     // offers (forward) or participants (reverse) considered per call
	Candidates float64 // mean number that passed every hard constraint
}

type httpStats struct {
	Cold                                time.Duration
	Forward, ReverseCoach, ReverseAdmin benchutil.Latency
}

type baselineStats struct {
	Ran              bool
	Checked, Agree   int
	Forward, Reverse benchutil.Latency
}

// nsPer is the mean time per item considered.
func (r ranking) nsPer() float64 {
	if r.Items == 0 {
		return 0
	}
	return float64(r.Mean) / float64(r.Items)
}

// ratio writes a ÷ b with three significant digits: in-process times
// are thousands of times below the SQL's.
func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.3g", float64(a)/float64(b))
}

// passes writes "1 timed pass", "3 timed passes".
func passes(n int) string {
	if n == 1 {
		return "1 timed pass"
	}
	return fmt.Sprintf("%d timed passes", n)
}

func verdict(p99, target time.Duration) string {
	if p99 <= target {
		return fmt.Sprintf("**met**: p99 %s ≤ %s", benchutil.Ms(p99), benchutil.Ms(target))
	}
	return fmt.Sprintf("**missed**: p99 %s > %s", benchutil.Ms(p99), benchutil.Ms(target))
}

// markdown renders the Matching section.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	c := r.Config
	ms, n := benchutil.Ms, benchutil.Thousands

	p("## Matching\n\n")
	p("_Written by `bench/matchbench` on %s. Everything between the `matching` markers is replaced by the next run._\n\n", r.Machine.Date.Format("2006-01-02 15:04 MST"))
	p("Reproduce (PostgreSQL on `127.0.0.1:5432`, or the server `PLEKWIJZER_BENCH_DATABASE_URL` names; the program creates and drops its databases; this run took %.0f minutes):\n\n", r.Elapsed.Minutes())
	p("```sh\n%s\n```\n\n", c.Command)
	p("Machine: %d CPUs (`nproc`), %s, %.1f GiB memory, %s %s, PostgreSQL %s. "+
		"The CPUs are shared with other work: the 1-minute load average was %.2f at the start and %.2f at the end of the run.\n\n",
		r.Machine.NProc, r.Machine.CPU, r.Machine.MemoryGiB, r.Machine.Go, r.Machine.OS, r.Machine.PostgreSQL, r.LoadAvg[0], r.LoadAvg[1])

	p("### Targets\n\n| target | result |\n|---|---|\n")
	p("| in-process p99 ≤ %s ranking %s offers for one participant | %s (%s offers) |\n", ms(forwardTarget), n(10000), verdict(r.Forward.P99, forwardTarget), n(r.Forward.Items))
	p("| in-process p99 ≤ %s ranking %s participants for one offer | %s (%s participants) |\n", ms(reverseTarget), n(100000), verdict(r.Reverse.P99, reverseTarget), n(r.Reverse.Items))
	p("| in-process p99 ≤ %s for the near misses and relaxations of one participant over %s offers | %s (%s offers) |\n", ms(nearTarget), n(10000), verdict(r.Near.P99, nearTarget), n(r.Near.Items))
	p("\n")

	p("### What is measured\n\n")
	p("- **Data** (seed %d, generated in %s, loaded into %s in %s): %s organisations at real PC4 areas of the province of Groningen (45%% in the city); "+
		"%s offers (%s open) over the catalogue's %s work types, packing weighted highest, with 3–10 day-parts of 1–4 places, 0–2 required and 1–3 learnable skills of their work type, "+
		"a tenth to a third admitting only some target groups; %s participants (%s not flowed out, so matchable) in every target group and phase, 80%% living in the city, "+
		"2–8 day-parts, a travel range of 5–30 km, interests, work types they avoid, learning goals and skills from the work they did; "+
		"%s placements: a history of up to four ended placements (packing more often longer ago, dropout 40–50%% from packing and 15%% elsewhere) and, by phase for up to half of them, "+
		"an active placement; these hold **%.0f%%** of the open places today. %s coaches; the coach measured has a caseload of %s.\n",
		c.Seed, benchutil.Secs(r.Generate), c.Engine, benchutil.Secs(r.Load), n(r.Data.Orgs), n(r.Data.Offers), n(r.Data.Open), "37",
		n(r.Data.People), n(r.Data.Matchable), n(r.Data.Placements), 100*r.Data.Held, n(r.Data.Coaches), n(r.Data.Caseload))
	p("- **In-process**: the offer pool and every matchable participant are read from the store and prepared as the API does (times below, apart). "+
		"*Offers for a participant*: `Pool.Match` with the default options (10 items, diversity 0.3, reasons included) for %s different participants, "+
		"one warm-up pass, then %s; *near misses*: `Pool.NearMisses` (every offer's broken rules, the near misses scored and sorted, the relaxations counted) for the same participants, the same way. *Candidates for an offer*: `Pool.Candidates` over all %s prepared participants for %s different open offers, the same way.\n",
		n(c.Forward), passes(c.Reps), n(r.Reverse.Items), n(c.Reverse))
	p("- **HTTP**: the real `api.Server` behind `httptest.NewServer` (loopback TCP, keep-alive), each request authenticated with a bearer token and audited as the service does, the JSON read to the end; "+
		"measured after the in-process data is dropped, so the server works with its own. "+
		"`GET /deelnemers/{id}/matches?aantal=10` as a beheerder for %s participants (a warm-up pass, then %s); `GET /werkplekken/{id}/kandidaten?aantal=10` "+
		"as the coach (their caseload and shares) for %s offers (the same) and as a beheerder (every matchable participant, read from the database on each request) for %s offers (one warm-up request, one pass). "+
		"The server keeps its offer pool between requests and refreshes it from the outbox; participants and their histories are read per request.\n",
		n(c.ForwardHTTP), passes(c.Reps), n(c.Reverse), n(c.ReverseHTTP))
	p("- **Baseline**: the plain SQL a simple implementation would run on PostgreSQL over the store's own tables and indexes, plus a table of PC4 centroids: "+
		"every hard constraint as a WHERE clause (free places counted from the running placements, the participant's busy day-parts, haversine distance) and "+
		"ORDER BY a simple score (required skills held, a liked work type, a work type not done before, nearness), LIMIT 10; "+
		"offers for the same %s participants as HTTP, candidates for the same %s offers as the beheerder, one pass each after warming up on %d queries. "+
		"Its filter was checked against matching on %d participant and offer samples: it passed exactly the same number on **%d of %d**. "+
		"It computes no reasons, components, diversity or exclusion counts. Ratio = Plekwijzer ÷ SQL (below 1: Plekwijzer is faster).\n\n",
		n(c.ForwardHTTP), n(c.ReverseHTTP), baselineWarm, r.Baseline.Checked, r.Baseline.Agree, r.Baseline.Checked)

	pr := r.Prepare
	p("### Preparing\n\n| step | time |\n|---|---:|\n")
	p("| read the %s offer documents, the catalogue and the dropout and proposal counts from %s | %s |\n", n(r.Forward.Items), c.Engine, benchutil.Secs(pr.ReadOffers))
	p("| `matching.NewPool` over them | %s |\n", benchutil.Secs(pr.NewPool))
	p("| `MatchableParticipants`: %s participants with their lists | %s |\n", n(pr.People), benchutil.Secs(pr.ReadPeople))
	p("| `Histories`: their %s placements | %s |\n", n(pr.Histories), benchutil.Secs(pr.ReadHistories))
	p("| `Pool.Prepare` for all of them | %s (%.1f µs each) |\n\n", benchutil.Secs(pr.PreparePeople), float64(pr.PreparePeople)/float64(max(1, pr.People))/1e3)

	p("### Latency\n\n| what | where | timed | p50 | p99 | mean | max | per item | pass the hard constraints | ratio p50 | ratio p99 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(what, where string, l benchutil.Latency, per string, pass string, base *benchutil.Latency) {
		rp50, rp99 := "", ""
		if base != nil && base.N > 0 {
			rp50, rp99 = ratio(l.P50, base.P50), ratio(l.P99, base.P99)
		}
		p("| %s | %s | %d | %s | **%s** | %s | %s | %s | %s | %s | %s |\n", what, where, l.N, ms(l.P50), ms(l.P99), ms(l.Mean), ms(l.Max), per, pass, rp50, rp99)
	}
	var bf, br *benchutil.Latency
	if r.Baseline.Ran {
		bf, br = &r.Baseline.Forward, &r.Baseline.Reverse
	}
	fw := fmt.Sprintf("offers for a participant (%s offers)", n(r.Forward.Items))
	rv := fmt.Sprintf("candidates for an offer (%s participants)", n(r.Reverse.Items))
	row(fw, "in-process `Pool.Match`", r.Forward.Latency, fmt.Sprintf("%.0f ns/offer", r.Forward.nsPer()), fmt.Sprintf("%.0f offers", r.Forward.Candidates), bf)
	row(fmt.Sprintf("near misses and relaxations (%s offers); ratio to `Pool.Match` in this run", n(r.Near.Items)), "in-process `Pool.NearMisses`", r.Near.Latency,
		fmt.Sprintf("%.0f ns/offer", r.Near.nsPer()), fmt.Sprintf("%.1f near misses", r.Near.Candidates), &r.Forward.Latency)
	row(fw, "HTTP, beheerder", r.HTTP.Forward, "", "", bf)
	if bf != nil {
		row(fw, "SQL baseline", *bf, "", "", nil)
	}
	row(rv, "in-process `Pool.Candidates`", r.Reverse.Latency, fmt.Sprintf("%.0f ns/participant", r.Reverse.nsPer()), fmt.Sprintf("%.0f participants", r.Reverse.Candidates), br)
	row(fmt.Sprintf("candidates for an offer (a coach: %s participants)", n(r.Data.Caseload)), "HTTP, coach", r.HTTP.ReverseCoach, "", "", nil)
	row(rv, "HTTP, beheerder", r.HTTP.ReverseAdmin, "", "", br)
	if br != nil {
		row(rv, "SQL baseline", *br, "", "", nil)
	}
	p("\nThe first request to a fresh server, which reads every offer and builds its pool, took %s.\n\n", benchutil.Secs(r.HTTP.Cold))
	p("### Reading the numbers\n\n%s\n\n", r.interpretation())
	return b.String()
}

// interpretation states what the numbers say.
func (r *report) interpretation() string {
	ms, n := benchutil.Ms, benchutil.Thousands
	pr := r.Prepare
	var parts []string
	parts = append(parts, fmt.Sprintf("In-process, ranking %s offers for a participant takes %s at the median and %s at p99 (%.0f ns per offer), "+
		"and ranking %s participants for an offer %s and %s (%.0f ns per participant).",
		n(r.Forward.Items), ms(r.Forward.P50), ms(r.Forward.P99), r.Forward.nsPer(), n(r.Reverse.Items), ms(r.Reverse.P50), ms(r.Reverse.P99), r.Reverse.nsPer()))
	parts = append(parts, fmt.Sprintf("Through HTTP a participant's offers take %s (p50): the ranking is a small part; the rest is authentication, "+
		"reading the participant and their history, the audit record and the JSON.", ms(r.HTTP.Forward.P50)))
	if b := r.Baseline; b.Ran {
		parts = append(parts, fmt.Sprintf("The plain SQL needs %s (p50) for the same offers, so the HTTP answer, with reasons and components, is %s× its time and the in-process ranking %s×.",
			ms(b.Forward.P50), ratio(r.HTTP.Forward.P50, b.Forward.P50), ratio(r.Forward.P50, b.Forward.P50)))
		parts = append(parts, fmt.Sprintf("For candidates the SQL needs %s against %s in-process.", benchutil.Secs(b.Reverse.P50), ms(r.Reverse.P50)))
	}
	parts = append(parts, fmt.Sprintf("A coach's candidates (their caseload of %s) take %s through HTTP. "+
		"A beheerder's candidates take %s (p50): every request reads all %s matchable participants with their lists (%s here) and %s placements (%s) "+
		"and prepares them (%s) before a ranking of %s. That cost is the reading, not the ranking; a server that kept its prepared participants "+
		"between requests, as it keeps its offer pool, would answer in about the in-process time.",
		n(r.Data.Caseload), ms(r.HTTP.ReverseCoach.P50), benchutil.Secs(r.HTTP.ReverseAdmin.P50), n(pr.People), benchutil.Secs(pr.ReadPeople),
		n(pr.Histories), benchutil.Secs(pr.ReadHistories), benchutil.Secs(pr.PreparePeople), ms(r.Reverse.P50)))
	if reads := pr.ReadPeople + pr.ReadHistories + pr.PreparePeople; r.HTTP.ReverseAdmin.P50 > reads*3/2 {
		parts = append(parts, fmt.Sprintf("The request took %.1f× what the same reads took while preparing: the machine was busier by then "+
			"(the load average above), and the server collects the garbage each request leaves.", float64(r.HTTP.ReverseAdmin.P50)/float64(reads)))
	}
	return strings.Join(parts, " ")
}
