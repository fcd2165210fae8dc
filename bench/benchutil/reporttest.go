package benchutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/store/storetest"
)

// Sections ScratchReport writes around a benchmark's own.
const (
	scratchBefore = "# Benchmarks\n\n## Other\n\nKept as it is.\n\n"
	scratchAfter  = "\n\n## After\n\nAlso kept.\n"
)

// ScratchReport writes, for a test of a benchmark's pipeline, a report
// with other sections around a stale copy of the section name, and returns
// its path; CheckReport then tells whether the benchmark replaced only
// its own section.
func ScratchReport(tb testing.TB, name string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "docs", "BENCHMARKS.md")
	stale := scratchBefore + "<!-- " + name + ":begin -->\nstale\n<!-- " + name + ":end -->" + scratchAfter
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(stale), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// CheckReport fails tb unless the report at path kept the sections
// ScratchReport wrote, holds the section name once and fresh, and contains
// every want. It returns the report.
func CheckReport(tb testing.TB, path, name string, want ...string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc := string(b)
	begin := "<!-- " + name + ":begin -->"
	for _, w := range append([]string{strings.TrimSpace(scratchBefore), strings.TrimSpace(scratchAfter), begin + "\n", "<!-- " + name + ":end -->"}, want...) {
		if !strings.Contains(doc, w) {
			tb.Errorf("report lacks %q", w)
		}
	}
	if strings.Contains(doc, "stale") || strings.Count(doc, begin) != 1 {
		tb.Errorf("the section was not replaced in place:\n%s", doc)
	}
	return doc
}

// Pipeline runs a test of a whole benchmark on every engine the machine
// offers (SQLite always; PostgreSQL when PLEKWIJZER_TEST_DATABASE_URL is
// set), each as a subtest given the engine and the PostgreSQL server ("":
// none); skipped with -short.
func Pipeline(t *testing.T, fn func(t *testing.T, engine, postgres string)) {
	t.Helper()
	if testing.Short() {
		t.Skip("the whole benchmark pipeline")
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) { fn(t, engine, os.Getenv("PLEKWIJZER_TEST_DATABASE_URL")) })
	}
}
