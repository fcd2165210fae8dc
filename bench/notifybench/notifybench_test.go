package main

import (
	"testing"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// TestPipeline runs the whole benchmark small on every engine the machine
// offers, against a real Mailpit, so CI proves the command works: every
// notification sent once in one digest per user, and the report section
// written in place. It checks what was measured, never how fast.
func TestPipeline(t *testing.T) {
	benchutil.Pipeline(t, func(t *testing.T, engine, postgres string) {
		out := benchutil.ScratchReport(t, sectionName)
		cfg := config{Engine: engine, DatabaseURL: postgres, Users: 30, Per: 3, Requests: 20, Batch: 7, Out: out,
			Command: "go run ./bench/notifybench -users 30", Log: t.Output()}
		rep, err := run(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if rep.sent != 90 || rep.failed != 0 || rep.delivered != 30 || rep.distinct != 30 {
			t.Errorf("sent %d, failed %d, delivered %d (%d distinct); want 90, 0, 30, 30", rep.sent, rep.failed, rep.delivered, rep.distinct)
		}
		if rep.claims != 5 { // 30 digests in claims of at most 7
			t.Errorf("%d claims, want 5", rep.claims)
		}
		if rep.before.N != 20 || rep.after.N != 20 || rep.during.N == 0 || rep.before.P99 <= 0 {
			t.Errorf("matches timed: before %+v, during %+v, after %+v", rep.before, rep.during, rep.after)
		}
		if err := benchutil.WriteSection(out, sectionName, rep.markdown()); err != nil {
			t.Fatal(err)
		}
		benchutil.CheckReport(t, out, sectionName, "## Notifications by mail", "go run ./bench/notifybench -users 30",
			"**90 notifications in 30 mails in", "90 notifications marked sent, 0 failed; 30 mails to the coaches in Mailpit with 30 distinct Message-IDs",
			"during the digest run")
	})
}
