package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// tiny is a run small enough for every go test: 300 offers, 500 and
// 1 000 matchable participants.
func tiny(engine, postgres, out string) config {
	cfg := defaults()
	cfg.Engine, cfg.DatabaseURL, cfg.Offers, cfg.Sizes, cfg.Reps = engine, postgres, 300, []int{500, 1000}, 1
	cfg.Forward, cfg.ForwardHTTP, cfg.ReverseCoach, cfg.ReverseAdmin = 100, 30, 10, 2
	cfg.Clients, cfg.Attempts, cfg.PlanPeople, cfg.PlanReps, cfg.StatsReps = 8, 20, 200, 1, 1
	cfg.Out, cfg.Log = out, nil
	cfg.Command = "go run ./bench -engine " + engine + " -offers 300 -participants 500,1000"
	return cfg
}

// TestSmoke runs the whole command at two tiny sizes on every engine the
// machine offers (SQLite always; PostgreSQL when
// PLEKWIJZER_TEST_DATABASE_URL is set), so CI proves it works: every area
// is measured and answers something, the booking race overbooks nothing,
// the section and its plots are written. It never asserts a time.
func TestSmoke(t *testing.T) {
	benchutil.Pipeline(t, func(t *testing.T, engine, postgres string) {
		out := benchutil.ScratchReport(t, sectionName)
		cfg := tiny(engine, postgres, out)
		cfg.Log = t.Output()
		rep, err := run(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Sizes) != 2 {
			t.Fatalf("%d sizes measured", len(rep.Sizes))
		}
		for i, sr := range rep.Sizes {
			checkSize(t, cfg, cfg.Sizes[i], sr)
		}
		doc := benchutil.CheckReport(t, out, sectionName, "## At scale: every area in one run", cfg.Command, "### Data and setting up", "### Booking race",
			"![p50, p99 and maximum latency", "(plots/"+latencyPlot+")", "(plots/"+distributionPlot+")", "(plots/"+growthPlot+")", "load average was",
			"### Latency at 500 participants", "### Latency at 1 000 participants")
		for _, name := range []string{latencyPlot, distributionPlot, growthPlot} {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(out), "plots", name))
			if err != nil {
				t.Fatal(err)
			}
			if svg := string(b); !strings.Contains(svg, "<svg") || !strings.Contains(svg, "milliseconds") {
				t.Errorf("%s is not the plot: %.200s", name, svg)
			}
		}
		// Writing again replaces the section, nothing else.
		if err := benchutil.WriteSection(out, sectionName, rep.markdown()); err != nil {
			t.Fatal(err)
		}
		if again, _ := os.ReadFile(out); string(again) != doc {
			t.Errorf("a second write changed the report:\n%s", again)
		}
	})
}

func TestConfigRefused(t *testing.T) {
	for name, change := range map[string]func(*config){
		"engine":     func(c *config) { c.Engine = "mysql" },
		"no offers":  func(c *config) { c.Offers = 0 },
		"large plan": func(c *config) { c.PlanPeople = 2001 },
	} {
		cfg := tiny("sqlite", "", "")
		change(&cfg)
		if _, err := run(t.Context(), cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// checkSize fails t unless the run at size measured every area and each
// answered something, and the booking race overbooked nothing.
func checkSize(t *testing.T, cfg config, size int, sr *sizeRun) {
	t.Helper()
	d := sr.Data
	if d.Offers != 300 || d.Matchable != size || d.People <= size || d.Open == 0 || d.Waiting < cfg.Clients*cfg.Attempts || d.Placements == 0 || d.Caseload == 0 {
		t.Errorf("data: %+v", d)
	}
	if s := sr.Setup; s.IndexDocs < 300 || s.IndexBytes == 0 || s.PoolOffers != 300 || s.Prepared != cfg.Forward || s.Queries == 0 || sr.Cold <= 0 {
		t.Errorf("setup: %+v, cold %s", s, sr.Cold)
	}

	perArea := map[string]int{}
	for _, m := range sr.Areas {
		perArea[m.Area]++
		l := m.Latency
		if l.N == 0 || l.P50 <= 0 || l.P99 < l.P50 || l.Max < l.P99 || len(m.Times) != l.N || m.Label == "" {
			t.Errorf("%s, %s: %+v", m.Area, m.What, l)
		}
		// Every list answers something: offers, candidates, hits, a plan.
		if m.Items == 0 {
			t.Errorf("%s, %s: empty answers", m.Area, m.What)
		}
	}
	for area, n := range map[string]int{"matching": 2, "reverse matching": 2, "search": 1, "planning": 2, "statistics": 5, "booking": 2} {
		if perArea[area] != n {
			t.Errorf("%d measures of %s, want %d", perArea[area], area, n)
		}
	}
	if s := sr.Search; s.WithHits*2 < s.Queries || s.MeanTotal <= 0 {
		t.Errorf("search: %+v", s)
	}

	bk := sr.Booking
	if bk.Booked == 0 || bk.Refused == 0 || bk.Booked+bk.Refused != cfg.Clients*cfg.Attempts || bk.Booked > bk.Free {
		t.Errorf("booking: %+v", bk)
	}
	if bk.Overbooked != 0 || bk.WronglyRefused != 0 || bk.HeldByRace != bk.Booked {
		t.Errorf("booking: %d overbooked slots, %d wrong refusals, %d held of %d booked", bk.Overbooked, bk.WronglyRefused, bk.HeldByRace, bk.Booked)
	}
}
