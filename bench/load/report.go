package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// sectionName names the markers of this program's section of the report.
const sectionName = "load"

// Targets of issue 10 on this machine.
const (
	targetP99     = 50 * time.Millisecond
	targetRSS     = 300 << 20
	targetStart   = 2 * time.Second
	targetRateMin = 200
)

// report is everything one run measured.
type report struct {
	Config                config
	Machine               benchutil.Machine
	LoadBefore, LoadAfter float64
	Data                  counts
	Reused                bool
	FirstStart            time.Duration
	RebuildMs, IndexDocs  int64
	Starts                []time.Duration
	IdleRSS, AfterRSS     int64
	Wrk                   []wrkRun
	Rate                  []rateRun
	Heavy                 []heavyRun
	Elapsed               time.Duration
}

type wrkRun struct {
	Endpoint         endpoint
	Connections      int
	Result           wrkResult
	Command          string
	PeakRSS, MeanRSS int64
	Load             float64
}

type rateRun struct {
	Endpoint         endpoint
	Result           rateResult
	PeakRSS, MeanRSS int64
	Load             float64
}

func mib(b int64) string { return fmt.Sprintf("%d MiB", b>>20) }

func usMs(us int64) string { return benchutil.Ms(time.Duration(us) * time.Microsecond) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func (r *report) peakRSS() int64 {
	peak := r.AfterRSS
	for _, w := range r.Wrk {
		peak = max(peak, w.PeakRSS)
	}
	for _, x := range r.Rate {
		peak = max(peak, x.PeakRSS)
	}
	for _, h := range r.Heavy {
		peak = max(peak, h.PeakRSS)
	}
	return peak
}

// pathsOf is the number of different requests the endpoint name sent.
func (r *report) pathsOf(name string) int {
	for _, w := range r.Wrk {
		if w.Endpoint.Name == name {
			return len(w.Endpoint.Paths)
		}
	}
	return 0
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	c, d := r.Config, r.Data
	p("## Load over HTTP")
	p("")
	p("_Written by `bench/load` on %s. Everything between the `load` markers is replaced by the next run._", r.Machine.Date.Format("2006-01-02 15:04 UTC"))
	p("")
	p("Reproduce (PostgreSQL on `127.0.0.1:5432`, or the server `PLEKWIJZER_BENCH_DATABASE_URL` names; Debian's `wrk` on the path; the program builds the service, creates and drops its own database; add `-state FILE` to keep the generated database for the next run, `-profile DIR` for CPU profiles of the service; this run took %s):", r.Elapsed.Round(time.Second))
	p("")
	p("```sh")
	p("%s", c.Command)
	p("```")
	p("")
	p("Machine: %s; 1-minute load average %.2f at the start, %.2f at the end. The machine is shared with other work, and the load generator runs on the same 2 cores as the service and PostgreSQL, so these figures are a floor for a dedicated machine.", r.Machine, r.LoadBefore, r.LoadAfter)
	p("")
	reused := ""
	if r.Reused {
		reused = " (reused from an earlier run with `-state`)"
	}
	p("**Data**%s: %s offers at %s organisations in Groningen, Friesland and Drenthe (85%% open), %s participants in the caseloads of %s coaches, and a year of placements for a fifth of them (%s placements, %s of them ended, a third early); made through the store in %s. The service runs as its own process (`plekwijzer serve` on PostgreSQL, its search index in a folder of its own, logging every request as in production).",
		reused, benchutil.Thousands(d.Offers), benchutil.Thousands(d.Organisations), benchutil.Thousands(d.Participants), benchutil.Thousands(d.Coaches),
		benchutil.Thousands(d.Placements), benchutil.Thousands(d.Ended), d.Took.Round(time.Second))
	p("")
	p("### Start-up")
	p("")
	slices.Sort(r.Starts)
	worst := time.Duration(0)
	if len(r.Starts) > 0 {
		worst = r.Starts[len(r.Starts)-1]
	}
	starts := make([]string, len(r.Starts))
	for i, s := range r.Starts {
		starts[i] = benchutil.Ms(s)
	}
	p("| what | time |")
	p("|---|---:|")
	p("| first start: migrations checked, catalogue, search index built from the database (%s documents), ready | %s |", benchutil.Thousands(int(r.IndexDocs)), benchutil.Ms(r.FirstStart))
	p("| of which the index build (as the service logs it) | %s |", benchutil.Ms(time.Duration(r.RebuildMs)*time.Millisecond))
	p("| start with the existing index until `/readyz` answers 200, %d starts | %s |", len(r.Starts), strings.Join(starts, ", "))
	p("")
	p("### wrk at fixed connections")
	p("")
	p("Each row is `wrk -t 2 -c N -d %ds --timeout 5s` with a Lua script that picks every request at random from thousands: %s participants' matches (as a beheerder), %s searches (a word or two, a third with a day-part, a fifth with a postcode and radius, a tenth by work type), %s widget lists (by work type and day-part, 6 to 18 per page, from 10 000 client addresses since the public endpoints are limited per address). wrk sends as fast as the answers come, so this is the throughput at that concurrency, and the latency under it. Each endpoint was warmed up for %s first.",
		int(c.Duration.Seconds()), benchutil.Thousands(r.pathsOf("matches")), benchutil.Thousands(5000), benchutil.Thousands(5000), c.Warmup)
	p("")
	p("| endpoint | connections | requests/s | p50 | p90 | p99 | max | errors | peak RSS | mean RSS | load avg |")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, w := range r.Wrk {
		x := w.Result
		p("| `%s` | %d | **%.0f** | %s | %s | **%s** | %s | %d | %s | %s | %.2f |", w.Endpoint.Route, w.Connections, x.perSecond(),
			usMs(x.P50), usMs(x.P90), usMs(x.P99), usMs(x.Max), x.errors(), mib(w.PeakRSS), mib(w.MeanRSS), w.Load)
	}
	p("")
	p("### Fixed rate")
	p("")
	p("%d requests per second for %s from an open-loop sender in the load program (each request leaves on schedule whatever the earlier ones do, and its latency counts from its scheduled moment, so queueing shows; Debian's wrk has no fixed rate, that is wrk2's `-R`).", c.Rate, c.RateDuration)
	p("")
	p("| endpoint | asked | achieved | p50 | p90 | p99 | max | errors | peak RSS | load avg |")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, x := range r.Rate {
		l := x.Result.Latency
		p("| `%s` | %d/s | %.0f/s | %s | %s | **%s** | %s | %d | %s | %.2f |", x.Endpoint.Route, x.Result.Rate, x.Result.Achieved,
			benchutil.Ms(l.P50), benchutil.Ms(l.P90), benchutil.Ms(l.P99), benchutil.Ms(l.Max), x.Result.Errors, mib(x.PeakRSS), x.Load)
	}
	p("")
	p("### Requests over a whole population")
	p("")
	p("Each asked %d times, one at a time, after the runs above: what ranks many participants at once rather than one. Not part of the targets, but they set the memory a replica needs.", heavyReps)
	p("")
	p("| request | route | p50 | max | errors | peak RSS |")
	p("|---|---|---:|---:|---:|---:|")
	for _, h := range r.Heavy {
		p("| %s | `%s` | %s | %s | %d | %s |", h.Name, h.Route, benchutil.Ms(h.Latency.P50), benchutil.Ms(h.Latency.Max), h.Errors, mib(h.PeakRSS))
	}
	p("")
	p("### Against the targets (issue 10)")
	p("")
	p("| target | measured | |")
	p("|---|---|---|")
	for _, x := range r.Rate {
		ok := x.Result.Latency.P99 <= targetP99 && x.Result.Achieved >= 0.98*float64(targetRateMin) && x.Result.Errors == 0
		p("| `%s` p99 ≤ 50 ms at 200 requests/s | p99 %s at %.0f/s, %d errors | %s |", x.Endpoint.Route, benchutil.Ms(x.Result.Latency.P99), x.Result.Achieved, x.Result.Errors, verdict(ok))
	}
	loadPeak := r.AfterRSS
	for _, x := range r.Rate {
		loadPeak = max(loadPeak, x.PeakRSS)
	}
	for _, w := range r.Wrk {
		loadPeak = max(loadPeak, w.PeakRSS)
	}
	p("| resident memory ≤ 300 MB under that load | peak %s under the load above (idle after start %s, after the runs %s; %s with the whole-population requests) | %s |",
		mib(loadPeak), mib(r.IdleRSS), mib(r.AfterRSS), mib(r.peakRSS()), verdict(loadPeak <= targetRSS))
	p("| start-up with an existing index ≤ 2 s | slowest of %d: %s | %s |", len(r.Starts), benchutil.Ms(worst), verdict(worst <= targetStart && len(r.Starts) > 0))
	p("| full index rebuild of 100 000 offers ≤ 60 s | %s offers: %s here; 100 000 in `bench/searchbench` | — |", benchutil.Thousands(d.Offers), benchutil.Ms(time.Duration(r.RebuildMs)*time.Millisecond))
	return b.String()
}
