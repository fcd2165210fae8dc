package main

import (
	"os"
	"testing"

	"github.com/iederz/plekwijzer"
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

func TestGenerateIsDeterministicAndRealistic(t *testing.T) {
	a, err := generate(400, 2000, 7)
	must(t, err)
	b, err := generate(400, 2000, 7)
	must(t, err)
	if a.matchable() != 2000 || len(a.Participants) != len(b.Participants) || len(a.Placements) != len(b.Placements) {
		t.Fatalf("%d matchable of %d participants, %d and %d placements from one seed", a.matchable(), len(a.Participants), len(a.Placements), len(b.Placements))
	}
	for i := range a.Participants {
		x, y := a.Participants[i], b.Participants[i]
		if x.ID != y.ID || x.PC4 != y.PC4 || len(x.Skills) != len(y.Skills) || x.Waiting != y.Waiting {
			t.Fatalf("participant %d differs between runs: %+v / %+v", i, x, y)
		}
	}

	groups, phases := map[string]int{}, map[string]int{}
	for _, p := range a.Participants {
		groups[p.Group]++
		phases[p.Phase]++
		if len(p.Avail) < 2 || p.MaxKm < 5 || p.MaxKm > 30 || len(p.Goals) == 0 || len(p.Skills) == 0 {
			t.Fatalf("participant not complete: %+v", p)
		}
	}
	if len(groups) != len(plekwijzer.TargetGroups) || len(phases) != len(plekwijzer.Phases) {
		t.Errorf("%d target groups and %d phases present", len(groups), len(phases))
	}
	statuses := map[plekwijzer.PlacementStatus]int{}
	held := map[string][10]int{}
	for _, pl := range a.Placements {
		statuses[pl.Status]++
		if pl.Status == plekwijzer.PlacementActive {
			h := held[pl.OfferID]
			for _, dp := range pl.DayParts {
				h[dp]++
			}
			held[pl.OfferID] = h
		}
		if pl.End != "" && pl.End < pl.Start || len(pl.DayParts) == 0 {
			t.Fatalf("placement out of shape: %+v", pl)
		}
	}
	for _, s := range []plekwijzer.PlacementStatus{plekwijzer.PlacementActive, plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout, plekwijzer.PlacementCancelled} {
		if statuses[s] == 0 {
			t.Errorf("no placement %s", s)
		}
	}
	// Active placements never take more places than an offer has.
	for _, o := range a.Offers {
		for dp, n := range held[o.ID] {
			if n > o.Places[dp] {
				t.Fatalf("offer %s: %d placements hold %d places on %s", o.ID, n, o.Places[dp], plekwijzer.DayParts[dp])
			}
		}
	}
	if h := a.heldShare(); h < 0.05 || h > 0.8 {
		t.Errorf("%.0f%% of the open places held", 100*h)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
