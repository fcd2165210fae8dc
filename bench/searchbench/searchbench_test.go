package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/store/storetest"
)

// TestPipeline runs the whole benchmark at 300 offers on every engine the
// machine offers (SQLite always; PostgreSQL, and with it the baseline,
// when PLEKWIJZER_TEST_DATABASE_URL is set), so CI proves the command
// works. It checks what was measured and written, never how fast: speed
// is for the report, not for a test.
func TestPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole benchmark pipeline")
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			base := os.Getenv("PLEKWIJZER_TEST_DATABASE_URL")
			out := filepath.Join(t.TempDir(), "docs", "BENCHMARKS.md")
			must(t, os.MkdirAll(filepath.Dir(out), 0o755))
			other := "# Benchmarks\n\n## Other\n\nKept as it is.\n\n" + beginMarker + "\nstale\n" + endMarker + "\n\n## After\n\nAlso kept.\n"
			must(t, os.WriteFile(out, []byte(other), 0o644))

			cfg := config{Sizes: []int{300}, Engine: engine, DatabaseURL: base, Baseline: base != "", Seed: 1, Reps: 1, Out: out,
				Command: "go run ./bench/searchbench -offers 300", Log: t.Output(), RelLimit: 150, Misses: 3}
			rep, err := run(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Queries) < 200 {
				t.Errorf("%d latency queries, want at least 200", len(rep.Queries))
			}
			s := rep.Sizes[0]
			if s.DocCount != 300+37 || s.CatchUpEntries != 300 || s.IndexBytes <= 0 || s.Orgs != 15 {
				t.Errorf("documents %d, caught up %d, %d bytes, %d organisations", s.DocCount, s.CatchUpEntries, s.IndexBytes, s.Orgs)
			}
			for _, name := range []string{"plain", "filtered", "plain+facets", "filtered+facets"} {
				if l := s.Bleve[name]; l == nil || l.N != len(rep.Queries) || l.P99 < l.P50 || l.Max < l.P99 {
					t.Errorf("index %s: %+v", name, l)
				}
			}
			if l := s.Bleve["plain"]; l.Matches <= 0 {
				t.Errorf("plain queries match nothing: %+v", l)
			}
			ix := s.Rel["exact"]["index"]
			if ix == nil || ix.N != 150 || ix.Recall <= 0 || ix.Recall > 1 || ix.MRR <= 0 || ix.MRR > 1 {
				t.Errorf("index relevance: %+v", ix)
			}
			if cfg.Baseline {
				if len(s.PG) != 4 || s.Build == nil || s.Build.Rows != 337 {
					t.Errorf("baseline: %d kinds of query, build %+v", len(s.PG), s.Build)
				}
				if pg := s.Rel["exact"]["postgres"]; pg == nil || pg.Recall <= 0 || pg.Recall > 1 {
					t.Errorf("PostgreSQL relevance: %+v", pg)
				}
			}

			b, err := os.ReadFile(out)
			must(t, err)
			doc := string(b)
			for _, want := range []string{"## Other\n\nKept as it is.", "## After\n\nAlso kept.", beginMarker + "\n## Search", "### 300 offers",
				"go run ./bench/searchbench -offers 300", "recall@10", "plain + facets", endMarker} {
				if !strings.Contains(doc, want) {
					t.Errorf("report lacks %q", want)
				}
			}
			if strings.Contains(doc, "stale") || strings.Count(doc, beginMarker) != 1 || strings.Count(doc, endMarker) != 1 {
				t.Errorf("the section was not replaced in place:\n%s", doc)
			}

			// Writing again replaces the section, nothing else.
			must(t, writeSection(out, rep.markdown()))
			b2, err := os.ReadFile(out)
			must(t, err)
			if string(b2) != doc {
				t.Errorf("a second write changed the report:\n%s", b2)
			}
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := generate(200, 7)
	must(t, err)
	b, err := generate(200, 7)
	must(t, err)
	for i := range a.Offers {
		x, y := a.Offers[i], b.Offers[i]
		if x.ID != y.ID || x.Title != y.Title || x.Description != y.Description || !slices.Equal(x.DayParts, y.DayParts) {
			t.Fatalf("offer %d differs between runs: %+v / %+v", i, x, y)
		}
	}
	c, err := generate(200, 8)
	must(t, err)
	if c.Offers[0].ID == a.Offers[0].ID {
		t.Error("another seed gives the same offers")
	}
	for _, o := range a.Offers {
		if o.Title == "" || len([]rune(o.Title)) > 200 || o.Description == "" || len(o.DayParts) == 0 || !o.hasLocation {
			t.Errorf("offer not complete: %+v", o)
		}
		if len(o.Required)+len(o.Learnable) == 0 {
			t.Errorf("offer without skills: %s", o.Title)
		}
	}
	wt := map[string]bool{}
	for _, w := range a.WorkTypes {
		wt[w.ID] = true
		if len(activities[w.Code]) == 0 {
			t.Errorf("no activities for work type %s", w.Code)
		}
	}
	for _, o := range a.Offers {
		if !wt[o.WorkTypeID] {
			t.Fatalf("offer of an unknown work type %s", o.WorkTypeID)
		}
	}
}

func TestQuerySets(t *testing.T) {
	wts, err := loadWorkTypes()
	must(t, err)
	q1, q2 := latencyQueries(wts, 1), latencyQueries(wts, 1)
	if !slices.Equal(q1, q2) {
		t.Error("the latency set depends on more than the seed")
	}
	exact, typos := relevanceSets(wts, 1)
	if len(exact) < 500 || len(typos) < len(exact)/2 {
		t.Errorf("relevance sets of %d and %d queries", len(exact), len(typos))
	}
	for _, q := range exact {
		if len(q.Relevant) == 0 {
			t.Errorf("%q has no relevant work type", q.Text)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	if got := typo(rng, "medewerker keuken"); len(got) != len("medewerker keuken")-1 || got[0] != 'm' || !strings.HasSuffix(got, " keuken") {
		t.Errorf("typo: %q", got)
	}
	if got := typo(rng, "kok bij"); got != "" {
		t.Errorf("typo of short words: %q", got)
	}
}

func TestWriteSectionCreatesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "docs", "BENCHMARKS.md")
	must(t, writeSection(out, "## Search\n\nx\n"))
	b, err := os.ReadFile(out)
	must(t, err)
	if !strings.HasPrefix(string(b), "# Benchmarks") || !strings.Contains(string(b), beginMarker+"\n## Search\n\nx\n"+endMarker) {
		t.Errorf("new report:\n%s", b)
	}
	// A file without markers keeps its text and gets the section at its end.
	must(t, os.WriteFile(out, []byte("# Benchmarks\n\n## Other\n"), 0o644))
	must(t, writeSection(out, "## Search\n"))
	b, err = os.ReadFile(out)
	must(t, err)
	if !strings.HasPrefix(string(b), "# Benchmarks\n\n## Other\n\n"+beginMarker) {
		t.Errorf("appended report:\n%s", b)
	}
}

func TestSummarise(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i))
	}
	l := summarise(ds)
	if l.P50 != 50 || l.P99 != 99 || l.Max != 100 || l.N != 100 || l.Mean != 50 {
		t.Errorf("summary %+v", l)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
