package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for plannerbench -solve, which
// the benchmark runs as a separate process.
func TestMain(m *testing.M) {
	if len(os.Args) >= 3 && os.Args[1] == "-solve" {
		if err := solveFile(os.Args[2], 1); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestPipeline runs the whole benchmark on small instances, so CI proves
// the command works: the planner on both instances, the DIMACS export, the
// Go solver process, LEMON when g++ and liblemon-dev are there, and the
// report between its markers. It checks what was measured, never how
// fast.
func TestPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole benchmark pipeline")
	}
	out := filepath.Join(t.TempDir(), "docs", "BENCHMARKS.md")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	other := "# Benchmarks\n\n## Search\n\nKept as it is.\n\n" + beginMarker + "\nstale\n" + endMarker + "\n\n## After\n\nAlso kept.\n"
	if err := os.WriteFile(out, []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	_, gxx := exec.LookPath("g++")
	_, lemon := os.Stat("/usr/include/lemon/network_simplex.h")
	cfg := config{People: 300, Offers: 40, SlotsPerOffer: 5, K: 10, Seed: 1, Reps: 1,
		IederzPeople: 60, IederzReps: 1, SearchTime: 200 * time.Millisecond, LEMON: gxx == nil && lemon == nil,
		Out: out, Command: "go run ./bench/plannerbench (smoke test)", Log: t.Output()}
	rep, err := run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	L := rep.Large
	if L.Slots != 200 || L.Plan == nil || !L.Plan.Proof.Optimal || L.Plan.Total <= 0 || L.Plan.Total < L.Plan.Baseline.Total {
		t.Errorf("large: %d slots, plan %+v", L.Slots, L.Plan)
	}
	if L.Go.Cost != -L.Plan.Total || L.Go.Pivots <= 0 || L.Go.Arcs != L.Plan.Size.Arcs {
		t.Errorf("Go solver process: %+v, plan total %d, %d arcs", L.Go, L.Plan.Total, L.Plan.Size.Arcs)
	}
	if cfg.LEMON && (L.LEMONError != "" || L.LEMON.Cost != L.Go.Cost) {
		t.Errorf("LEMON: %+v %s", L.LEMON, L.LEMONError)
	}
	I := rep.Iederz
	if I.People != 60 || I.Offers == 0 || I.Spread.Last == nil || !I.Spread.Last.Proof.Optimal || I.OneOffer.Last == nil {
		t.Errorf("iederz: %+v", I)
	}
	if one := I.OneOffer.Last; one != nil && one.Total > I.Spread.Last.Total {
		t.Errorf("one offer per person %d beats spread %d", one.Total, I.Spread.Last.Total)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"## Search\n\nKept as it is.", "## After\n\nAlso kept.", "## Planner", "### Targets", "iederz scale"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(s, "stale") || strings.Count(s, beginMarker) != 1 {
		t.Errorf("the old section was not replaced:\n%s", s)
	}
}
