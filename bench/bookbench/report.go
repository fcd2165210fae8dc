package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// sectionName names the markers of this program's section of the report.
const sectionName = "capacity"

// report is everything one run measured.
type report struct {
	Config                config
	Machine               benchutil.Machine
	LoadBefore, LoadAfter float64
	Booking               []*bookingResult
	History               *historyResult
	Stats                 []statResult
	Elapsed               time.Duration
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	c := r.Config
	p("## Capacity")
	p("")
	p("_Written by `bench/bookbench` on %s. Everything between the `capacity` markers is replaced by the next run._", r.Machine.Date.Format("2006-01-02 15:04 UTC"))
	p("")
	p("Reproduce (PostgreSQL on `127.0.0.1:5432`, or the server `PLEKWIJZER_BENCH_DATABASE_URL` names; the program creates and drops its own database; this run took %s):", r.Elapsed.Round(time.Second))
	p("")
	p("```sh")
	p("%s", c.Command)
	p("```")
	p("")
	p("Machine: %s; engine %s; 1-minute load average %.2f at the start, %.2f at the end (the machine is shared).", r.Machine, c.Engine, r.LoadBefore, r.LoadAfter)
	p("")
	p("### Booking under contention")
	p("")
	p("%d clients book at once through the store (`CreatePlacement`, as the API does), %d attempts each, every attempt a new participant for a Monday-to-Friday week on one day-part. *Baseline*: every client its own offer with room for all its bookings, so nothing is contended and nothing refused. *Few places*: %d offers with %d places each, the bookings spread over %d weeks, so %d places in all for %d attempts. *Half reserved*: the same with a contingent keeping %d of the %d places a week for one GON partner, whose participants make every other attempt; bookings by others also lock the contingent, so bookings at the two offers take turns.",
		c.Clients, c.Attempts, c.Offers, c.Places, c.Weeks, c.Offers*c.Places*c.Weeks, c.Clients*c.Attempts, max(1, c.Offers*c.Places/2), c.Offers*c.Places)
	p("")
	p("| scenario | attempts | booked | refused (409) | wall | bookings/s | 409s/s | attempts/s | p50 / p99 booked | p50 / p99 refused | overbooked | reserved taken | wrongly refused |")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var base float64
	for _, res := range r.Booking {
		attemptsPerSec := float64(res.Attempts) / res.Wall.Seconds()
		if res.Scenario.name == "baseline" {
			base = attemptsPerSec
		}
		p("| %s | %s | %s | %s | %s | %s | %s | **%s** | %s / %s | %s / %s | %d | %d | %d |", res.Scenario.name,
			benchutil.Thousands(res.Attempts), benchutil.Thousands(res.Booked), benchutil.Thousands(res.Refused),
			benchutil.Ms(res.Wall), benchutil.PerSecond(res.Booked, res.Wall), benchutil.PerSecond(res.Refused, res.Wall),
			benchutil.PerSecond(res.Attempts, res.Wall), latencyOr(res.BookedLatency.P50, res.Booked), latencyOr(res.BookedLatency.P99, res.Booked),
			latencyOr(res.RefusedLatency.P50, res.Refused), latencyOr(res.RefusedLatency.P99, res.Refused),
			res.Overbooked, res.ReservedTaken, res.WronglyRefused)
	}
	p("")
	for _, res := range r.Booking {
		if res.Scenario.name != "baseline" {
			p("- %s: %s attempts per second, %s × the uncontended baseline.", res.Scenario.name,
				benchutil.PerSecond(res.Attempts, res.Wall), benchutil.Ratio(float64(res.Attempts)/res.Wall.Seconds(), base))
		}
	}
	p("- A booking writes (the placement, its day-parts, and search-outbox rows under the outbox's advisory lock, which orders them for the index) and commits; a refusal only reads and rolls back. That is why refusing is cheaper than booking, and why uncontended bookings at different offers still take turns at the outbox lock and the commit.")
	p("- Afterwards the program counts, per offer and week, the placements in the database: *overbooked* offer-weeks hold more than their places, *reserved taken* weeks have others holding reserved places, *wrongly refused* attempts got 409 while a place they could take was free. All three must be 0, or the run fails.")
	p("")
	h := r.History
	p("### Occupancy statistics over a year")
	p("")
	p("History: %d offers of %d places on each of the 10 day-parts (%d places per day-part), a chain of placements per place from %s to %s (4 to 26 weeks each, on 2 to 5 day-parts, 30%% dropped out): %s placements, %s of them ended; built through the store in %s. A contingent keeps 20%% of the places of a fifth of the offers. Each request runs once to warm up and then %d times; the API requests go through the whole handler (authentication, JSON) as a manager.",
		h.Offers, historyOfferPlaces, h.Offers*historyOfferPlaces, h.From, h.To, benchutil.Thousands(h.Placements), benchutil.Thousands(h.Ended), h.Built.Round(time.Second), c.Reps)
	p("")
	p("| request | p50 | p90 | p99 | answer |")
	p("|---|---:|---:|---:|---:|")
	var api, plain time.Duration
	for _, s := range r.Stats {
		answer := ""
		switch {
		case s.Bytes > 0:
			answer = fmt.Sprintf("%.0f kB", float64(s.Bytes)/1e3)
		case s.Rows > 0:
			answer = benchutil.Thousands(s.Rows) + " rows"
		}
		p("| %s | %s | %s | %s | %s |", s.Name, benchutil.Ms(s.Latency.P50), benchutil.Ms(s.Latency.P90), benchutil.Ms(s.Latency.P99), answer)
		switch {
		case strings.HasPrefix(s.Name, "GET /statistieken/bezetting"):
			api = s.Latency.P50
		case strings.HasPrefix(s.Name, "baseline"):
			plain = s.Latency.P50
		}
	}
	p("")
	p("The whole occupancy request takes %s × the plain SQL read of the same rows (p50).", benchutil.Ratio(float64(api), float64(plain)))
	return b.String()
}

func latencyOr(d time.Duration, n int) string {
	if n == 0 {
		return "—"
	}
	return benchutil.Ms(d)
}
