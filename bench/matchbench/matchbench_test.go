package main

import (
	"os"
	"testing"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// TestPipeline runs the whole benchmark at 300 offers and 1 500
// matchable participants on every engine the machine offers (SQLite always;
// PostgreSQL, and with it the SQL baseline, when
// PLEKWIJZER_TEST_DATABASE_URL is set), so CI proves the command works. It
// checks what was measured and written, never how fast.
func TestPipeline(t *testing.T) {
	benchutil.Pipeline(t, func(t *testing.T, engine, base string) {
		out := benchutil.ScratchReport(t, sectionName)
		cfg := config{Offers: 300, People: 1500, Engine: engine, DatabaseURL: base, Baseline: base != "", Seed: 1, Reps: 1,
			Forward: 50, ForwardHTTP: 20, Reverse: 10, ReverseHTTP: 2, Out: out,
			Command: "go run ./bench/matchbench -offers 300 -participants 1500", Log: t.Output()}
		rep, err := run(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		d := rep.Data
		if d.Offers != 300 || d.Matchable != 1500 || d.People < 1600 || d.Open < 200 || d.Placements < 1500 || d.Held <= 0 || d.Caseload == 0 {
			t.Errorf("data: %+v", d)
		}
		if p := rep.Prepare; p.People != d.Matchable || p.Histories == 0 {
			t.Errorf("prepared: %+v", p)
		}
		if rep.Near.N != 50 || rep.Near.Items != 300 || rep.Near.P99 < rep.Near.P50 {
			t.Errorf("near misses: %+v", rep.Near)
		}
		for name, r := range map[string]ranking{"offers": rep.Forward, "candidates": rep.Reverse} {
			if r.N == 0 || r.P99 < r.P50 || r.Max < r.P99 || r.Candidates <= 0 || r.nsPer() <= 0 {
				t.Errorf("in-process %s: %+v", name, r)
			}
		}
		if rep.Forward.N != 50 || rep.Forward.Items != 300 || rep.Reverse.N != 10 || rep.Reverse.Items != d.Matchable {
			t.Errorf("in-process samples: offers %+v, candidates %+v", rep.Forward, rep.Reverse)
		}
		h := rep.HTTP
		if h.Cold <= 0 || h.Forward.N != 20 || h.ReverseCoach.N != 10 || h.ReverseAdmin.N != 2 {
			t.Errorf("HTTP: %+v", h)
		}
		if cfg.Baseline {
			b := rep.Baseline
			if !b.Ran || b.Forward.N != 20 || b.Reverse.N != 2 {
				t.Errorf("baseline: %+v", b)
			}
			// The SQL must pass exactly what matching passes, or the
			// comparison says nothing.
			if b.Checked == 0 || b.Agree != b.Checked {
				t.Errorf("the SQL filter agrees with matching on %d of %d", b.Agree, b.Checked)
			}
		}

		want := []string{"## Matching", "go run ./bench/matchbench -offers 300 -participants 1500", "### Targets", "### Latency", "ns/offer"}
		if cfg.Baseline {
			want = append(want, "SQL baseline")
		}
		doc := benchutil.CheckReport(t, out, sectionName, want...)

		// Writing again replaces the section, nothing else.
		must(t, benchutil.WriteSection(out, sectionName, rep.markdown()))
		if again, _ := os.ReadFile(out); string(again) != doc {
			t.Errorf("a second write changed the report:\n%s", again)
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
