package main

import (
	"fmt"
	"strings"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// markdown is the report's section of docs/BENCHMARKS.md.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("## Notifications by mail")
	p("")
	p("_Written by `bench/notifybench` on %s. Everything between the `notify` markers is replaced by the next run._", r.machine.Date.Format("2006-01-02 15:04 UTC"))
	p("")
	p("Reproduce (PostgreSQL on `127.0.0.1:5432`, or the server `PLEKWIJZER_BENCH_DATABASE_URL` names; Mailpit on `PATH` or in `$HOME/go/bin`: `go install github.com/axllent/mailpit@v1.33.1`; the program creates and drops a database and runs its own Mailpit):")
	p("")
	p("```sh")
	p("%s", r.cfg.Command)
	p("```")
	p("")
	p("Machine: %s. Engine: %s. The machine is shared: its 1-minute load average was %.2f at the start and %.2f at the end of the run (2 CPUs), so the latencies include whatever else ran.", r.machine, r.cfg.Engine, r.loadStart, r.loadEnd)
	p("")
	p("| digest run | |")
	p("|---|---|")
	p("| prepared | the demo data, %s coaches with the daily digest for every kind, %s notifications written by pausing offers (%s) |", benchutil.Thousands(r.cfg.Users), benchutil.Thousands(r.notifications), benchutil.Secs(r.prepare))
	p("| delivered to Mailpit | **%s notifications in %s mails in %s**: %s mails/s, %s notifications/s (%d claims of at most %d mails, one SMTP connection each) |",
		benchutil.Thousands(r.notifications), benchutil.Thousands(r.mails), benchutil.Secs(r.delivery), benchutil.PerSecond(r.mails, r.delivery), benchutil.PerSecond(r.notifications, r.delivery), r.claims, r.batch())
	p("| checked afterwards | %s notifications marked sent, %d failed; %s mails to the coaches in Mailpit with %s distinct Message-IDs |", benchutil.Thousands(r.sent), r.failed, benchutil.Thousands(r.delivered), benchutil.Thousands(r.distinct))
	p("")
	p("`GET /deelnemers/{id}/matches?aantal=10` as the demo coach Fatma over her %d participants, one request at a time over loopback, in the same run:", r.caseload)
	p("")
	p("| phase | requests | p50 | p90 | p99 | max |")
	p("|---|---:|---:|---:|---:|---:|")
	for _, row := range []struct {
		name string
		l    benchutil.Latency
	}{{"before, without delivery", r.before}, {"**during the digest run**", r.during}, {"after, without delivery", r.after}} {
		p("| %s | %s | %s | %s | **%s** | %s |", row.name, benchutil.Thousands(row.l.N), benchutil.Ms(row.l.P50), benchutil.Ms(row.l.P90), benchutil.Ms(row.l.P99), benchutil.Ms(row.l.Max))
	}
	p("")
	p("p99 during ÷ p99 before: %s.", benchutil.Ratio(float64(r.during.P99), float64(r.before.P99)))
	if busy := float64(2 * r.machine.NProc); r.loadStart > busy || r.loadEnd > busy {
		p("")
		p("The load average was more than twice the number of CPUs: other work on the machine, not the delivery, sets these latencies (before and after differ as much as during does). Read them as: delivering the digest run did not visibly slow the matches on this machine; on a quiet machine rerun the command.")
	}
	p("")
	p("What is measured: the worker is the service's own (`notify.Worker.DeliverDue` in a loop until nothing is due, as `Run` does), with its clock moved to the digest hour; the service's API answers the matches on the same database meanwhile, in the same process, as it does in production where the worker runs beside the API. Each mail is one user's digest of %d notifications, rendered in plain text and HTML. Mailpit stores every mail in its own SQLite database, so its cost is part of the delivery time.", r.cfg.Per)
	return b.String()
}

// batch is the worker's claim size in the run.
func (r *report) batch() int {
	if r.cfg.Batch > 0 {
		return r.cfg.Batch
	}
	return 50
}
