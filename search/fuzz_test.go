package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store/storetest"
)

// FuzzSearch sends arbitrary text, filters and pages to the index of the
// demo data: an answer or a clear EInvalid, never a panic or an internal
// error, and never past the deadline.
func FuzzSearch(f *testing.F) {
	db := storetest.New(f, "sqlite")
	ctx := context.Background()
	if _, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 1}); err != nil {
		f.Fatal(err)
	}
	ix, err := search.Open(ctx, filepath.Join(f.TempDir(), "index"), db, slog.New(slog.DiscardHandler))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	for _, s := range []string{"fietsen repareren", "groenvoorzeining", "cliënt", `"*?~^:()[]{}\+-!&|`, "a", "", "werk werk werk werk", "9712"} {
		f.Add(s, "", uint8(0), uint16(1), uint8(10), "9712", 5.0)
	}
	f.Add("keuken", "werkplek", uint8(3), uint16(40), uint8(100), "9999", 1e9)
	f.Fuzz(func(t *testing.T, text, kind string, dayPart uint8, page uint16, size uint8, postcode string, radius float64) {
		q := plekwijzer.SearchQuery{Text: text, Kind: kind, Postcode: postcode, RadiusKm: radius,
			Page: plekwijzer.Page{Number: int(page), Size: int(size)}}
		if int(dayPart) < len(plekwijzer.DayParts) {
			q.DayParts = []plekwijzer.DayPart{plekwijzer.DayParts[dayPart]}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := ix.Search(ctx, q)
		if err != nil && plekwijzer.ErrorCode(err) != plekwijzer.EInvalid {
			t.Fatalf("search %+v: %v", q, err)
		}
	})
}
