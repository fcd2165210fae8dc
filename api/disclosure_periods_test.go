package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestEveryStatisticUsesWholeMonths: the statistics beside the dropout
// figures (TestStatisticsResistDifferencing) follow the month rule too. On
// the demo data:
//   - variety: every period of whole months in the last year echoes the
//     months it used, and every pair of adjacent periods (one month longer
//     or shorter at either end) publishes the same count for every month
//     they share — a longer period adds months, it never changes one — and
//     every published count of placements is a multiple of 5, at least 5;
//   - occupancy: a period given by days inside months is widened to the
//     weeks of those whole months and echoed, so two days of the same
//     months give the same answer;
//   - voordrachten per organisation: every published count is a multiple
//     of 5, at least 5.
func TestEveryStatisticUsesWholeMonths(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := demoEnv(t, db)
		first, months := attackedMonths()
		month := func(i int) string { return first.AddDate(0, i, 0).Format("2006-01") }

		type period struct{ from, to int }
		answers := map[period]map[string]int{}
		published := 0
		for a := range months {
			for b := a; b < months; b++ {
				path := fmt.Sprintf("/api/v1/statistieken/variatie?van=%s&tot=%s", month(a), month(b))
				var v struct {
					From   string `json:"van"`
					To     string `json:"tot"`
					Months []struct {
						Month      string `json:"maand"`
						Placements *int   `json:"plaatsingen"`
					} `json:"maanden"`
				}
				e.do("GET", path, "manager", nil).want(http.StatusOK).json(&v)
				if v.From != month(a) || v.To != month(b) || len(v.Months) != b-a+1 {
					t.Fatalf("%s: period used %s – %s with %d months", path, v.From, v.To, len(v.Months))
				}
				cells := map[string]int{}
				for _, m := range v.Months {
					if m.Placements == nil {
						continue
					}
					if n := *m.Placements; n < plekwijzer.SmallCell || n%plekwijzer.SmallCell != 0 {
						t.Errorf("%s: %s has %d placements published", path, m.Month, n)
					}
					cells[m.Month] = *m.Placements
				}
				published += len(cells)
				answers[period{a, b}] = cells
			}
		}
		if published == 0 {
			t.Fatal("the variety figures publish no counts on the demo data")
		}
		for p, cells := range answers {
			for _, q := range []period{{p.from, p.to + 1}, {p.from + 1, p.to}, {p.from - 1, p.to}, {p.from, p.to - 1}} {
				other, ok := answers[q]
				if !ok || q == p {
					continue
				}
				for m, n := range cells {
					if o, shared := other[m]; shared && o != n {
						t.Errorf("months %v and %v publish %d and %d placements for %s", p, q, n, o, m)
					}
				}
			}
		}

		// Occupancy: days inside months count as the whole months.
		start := plekwijzer.Date(first.AddDate(0, 9, 0).Format(time.DateOnly))
		end := plekwijzer.Date(first.AddDate(0, 11, 0).Format(time.DateOnly)) // the first of the last month
		lastDay := plekwijzer.Date(first.AddDate(0, 12, -1).Format(time.DateOnly))
		var bodies []string
		for _, days := range [][2]int{{0, 0}, {9, 3}, {20, 27}} {
			path := fmt.Sprintf("/api/v1/statistieken/bezetting?van=%s&tot=%s", start.AddDays(days[0]), end.AddDays(days[1]))
			r := e.do("GET", path, "manager", nil).want(http.StatusOK)
			var o struct {
				From plekwijzer.Date `json:"van"`
				To   plekwijzer.Date `json:"tot"`
			}
			r.json(&o)
			if o.From != start.Monday() || o.To != lastDay.Monday().AddDays(6) {
				t.Errorf("%s: period used %s – %s, want the weeks of %s – %s", path, o.From, o.To, start, lastDay)
			}
			bodies = append(bodies, string(r.Body))
		}
		for _, b := range bodies[1:] {
			if b != bodies[0] {
				t.Errorf("days inside the same months answer differently:\n%s\n%s", bodies[0], b)
			}
		}

		// Voordrachten per organisation.
		var ps struct {
			Organisations []map[string]any `json:"organisaties"`
		}
		e.do("GET", "/api/v1/statistieken/voordrachten", "manager", nil).want(http.StatusOK).json(&ps)
		shown := 0
		for _, o := range ps.Organisations {
			for _, k := range []string{"voordrachten", "geaccepteerd", "afgewezen"} {
				n, ok := o[k].(float64)
				if !ok {
					continue
				}
				shown++
				if int(n) < plekwijzer.SmallCell || int(n)%plekwijzer.SmallCell != 0 {
					t.Errorf("voordrachten of %v: %s = %v is published", o["naam"], k, n)
				}
			}
		}
		if shown == 0 {
			t.Error("the voordracht figures publish no counts on the demo data")
		}
	})
}

// attackedMonths are the months the differencing tests ask about: the
// first of the month eleven months back, and twelve months from it.
func attackedMonths() (time.Time, int) {
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0), 12
}
