package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/store/storetest"
)

// TestPipeline runs the whole benchmark small on every engine the machine
// offers (SQLite always; PostgreSQL when PLEKWIJZER_TEST_DATABASE_URL is
// set), so CI proves the command works and that the races it runs never
// overbook. It checks what was measured and written, never how fast.
func TestPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole benchmark pipeline")
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "docs", "BENCHMARKS.md")
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				t.Fatal(err)
			}
			other := "# Benchmarks\n\n<!-- search:begin -->\n## Search\nKept.\n<!-- search:end -->\n"
			if err := os.WriteFile(out, []byte(other), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := config{Engine: engine, DatabaseURL: os.Getenv("PLEKWIJZER_TEST_DATABASE_URL"), Clients: 6, Attempts: 8,
				Offers: 2, Places: 1, Weeks: 2, HistoryPlaces: 20, Reps: 2, Seed: 1, Out: out,
				Command: "go run ./bench/bookbench -clients 6", Log: t.Output()}
			rep, err := run(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Booking) != 3 {
				t.Fatalf("%d scenarios", len(rep.Booking))
			}
			base, few, reserved := rep.Booking[0], rep.Booking[1], rep.Booking[2]
			if base.Booked != 48 || base.Refused != 0 {
				t.Errorf("baseline: %d booked, %d refused; want all 48 booked", base.Booked, base.Refused)
			}
			// Two offers of one place over two weeks: exactly four places.
			if few.Booked != 4 || few.Refused != 44 {
				t.Errorf("few places: %d booked, %d refused; want 4 and 44", few.Booked, few.Refused)
			}
			if reserved.Booked > 4 || reserved.Booked < 2 || reserved.Booked+reserved.Refused != 48 {
				t.Errorf("half reserved: %d booked, %d refused", reserved.Booked, reserved.Refused)
			}
			for _, b := range rep.Booking {
				if b.Overbooked+b.ReservedTaken+b.WronglyRefused != 0 || b.HeldAfterwards != b.Booked {
					t.Errorf("%s: %+v", b.Scenario.name, b)
				}
			}
			if h := rep.History; h.Offers != 2 || h.Placements < 20 || h.Ended == 0 {
				t.Errorf("history %+v", h)
			}
			if len(rep.Stats) != 6 || rep.Stats[0].Bytes == 0 || rep.Stats[3].Rows == 0 {
				t.Errorf("statistics %+v", rep.Stats)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			doc := string(b)
			for _, want := range []string{"## Search\nKept.", "<!-- capacity:begin -->\n## Capacity", "go run ./bench/bookbench -clients 6",
				"| few places |", "GET /statistieken/bezetting", "<!-- capacity:end -->"} {
				if !strings.Contains(doc, want) {
					t.Errorf("report lacks %q:\n%s", want, doc)
				}
			}
		})
	}
}
