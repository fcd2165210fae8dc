package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// demoEnv is an env over the demo data, its manager's token as "manager".
func demoEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	res, err := seed.Demo(context.Background(), db, seed.DemoOptions{Seed: 2018})
	if err != nil {
		t.Fatal(err)
	}
	e := serve(t, db)
	e.token["manager"] = res.Tokens["Manager Wietske D."]
	return e
}

// peopleCounts are the properties of the statistics that count people.
var peopleCounts = map[string]bool{"beeindigd": true, "uitgevallen": true, "aantal": true,
	"deelnemers": true, "plaatsbaar": true, "tekort": true, "plaatsingen": true}

// cellsOf flattens a statistics answer into its published counts of
// people, each named by its path ("werksoorten/<id>/doelgroepen/<group>/beeindigd").
func cellsOf(t *testing.T, body []byte) map[string]int {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	var walk func(v any, path, key string)
	walk = func(v any, path, key string) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(c, path+"/"+k, k)
			}
		case []any:
			for i, c := range x {
				walk(c, path+"/"+elementName(c, i), "")
			}
		case float64:
			if peopleCounts[key] || strings.HasSuffix(strings.TrimSuffix(path, "/"+key), "PerDagdeel") && !strings.Contains(path, "vrijPerDagdeel") {
				out[path] = int(x)
			}
		}
	}
	walk(v, "", "")
	return out
}

// elementName names a list element by what identifies it in its list.
func elementName(v any, i int) string {
	if m, ok := v.(map[string]any); ok {
		for _, k := range []string{"werksoortId", "doelgroep", "reden", "maand"} {
			if s, ok := m[k].(string); ok {
				return s
			}
		}
		if w, ok := m["werksoort"].(map[string]any); ok {
			return fmt.Sprint(w["id"])
		}
	}
	return fmt.Sprint(i)
}

// TestStatisticsResistDifferencing attacks the statistics as a manager
// would who wants to single out a person: it asks for every period of whole
// months in the last year, per organisation kind and target group too,
// and compares every pair of answers whose periods are adjacent or nested
// (a period and the one a month longer or shorter at either end), and
// every filtered answer with the unfiltered one. No published count may be
// below the threshold, and no two answers may differ by 1 to threshold-1
// in any cell. The same periods counted without the rule do differ by
// that little, so the attack would have worked.
func TestStatisticsResistDifferencing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := demoEnv(t, db)
		first, months := attackedMonths()
		monthStart := func(i int) plekwijzer.Date { return plekwijzer.Date(first.AddDate(0, i, 0).Format(time.DateOnly)) }
		// A day inside the month, so that widening to whole months is
		// what makes the answers line up.
		monthMid := func(i int) plekwijzer.Date { return monthStart(i).AddDays(14) }
		filters := []string{"", "soort=sociale-onderneming", "soort=zorgaanbieder", "doelgroep=statushouder", "doelgroep=re-socialisatie"}

		type key struct {
			filter   string
			from, to int
		}
		answers := map[key]map[string]int{}
		published := 0
		for _, f := range filters {
			for a := range months {
				for b := a; b < months; b++ {
					path := fmt.Sprintf("/api/v1/statistieken/uitval?van=%s&tot=%s", monthMid(a), monthMid(b))
					if f != "" {
						path += "&" + f
					}
					var used struct{ From, To string }
					r := e.do("GET", path, "manager", nil).want(http.StatusOK)
					r.json(&struct {
						From *string `json:"van"`
						To   *string `json:"tot"`
					}{&used.From, &used.To})
					if used.From != string(monthStart(a)) || plekwijzer.Date(used.To) != monthStart(b+1).AddDays(-1) {
						t.Fatalf("%s: period used %s – %s, want whole months", path, used.From, used.To)
					}
					cells := cellsOf(t, r.Body)
					for name, n := range cells {
						if n < plekwijzer.SmallCell || n%plekwijzer.SmallCell != 0 {
							t.Errorf("%s: %s = %d is published", path, name, n)
						}
					}
					published += len(cells)
					answers[key{f, a, b}] = cells
				}
			}
		}
		if published == 0 {
			t.Fatal("nothing published: the demo data gives no figures to attack")
		}
		compare := func(x, y key) {
			for name, n := range answers[x] {
				m, ok := answers[y][name]
				if d := abs(n - m); ok && d > 0 && d < plekwijzer.SmallCell {
					t.Errorf("%v and %v differ by %d in %s", x, y, d, name)
				}
			}
		}
		for k := range answers {
			for _, n := range []key{{k.filter, k.from, k.to + 1}, {k.filter, k.from + 1, k.to}, {"", k.from, k.to}} {
				if _, ok := answers[n]; ok && n != k {
					compare(k, n)
				}
			}
		}

		// Without the rule the same attack singles people out: some pair of
		// adjacent periods differs by 1 to threshold-1 ended placements.
		raw := func(a, b int) map[string]int {
			counts, err := db.DropoutCountsWhere(context.Background(), plekwijzer.StatisticsFilter{Period: plekwijzer.MonthPeriod(monthStart(a), monthStart(b))})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, c := range counts {
				out[c.WorkTypeID+"/"+string(c.TargetGroup)] += c.Ended
			}
			return out
		}
		revealing := 0
		for a := range months - 1 {
			x, y := raw(0, a), raw(0, a+1)
			for cell, n := range y {
				if d := n - x[cell]; d > 0 && d < plekwijzer.SmallCell {
					revealing++
				}
			}
		}
		if revealing == 0 {
			t.Error("the raw counts never differ by a few people: the attack tests nothing")
		}

		// Days within one month give the same answer.
		day := monthStart(months - 2)
		a := e.do("GET", "/api/v1/statistieken/uitval?tot="+string(day.AddDays(28)), "manager", nil).want(http.StatusOK).Body
		b := e.do("GET", "/api/v1/statistieken/uitval?tot="+string(day.AddDays(27)), "manager", nil).want(http.StatusOK).Body
		if string(a) != string(b) {
			t.Errorf("two days in one month answer differently:\n%s\n%s", a, b)
		}

		// The other statistics publish counts of people by the same rule.
		for _, path := range []string{"/api/v1/statistieken/variatie", "/api/v1/statistieken/vraag"} {
			cells := cellsOf(t, e.do("GET", path, "manager", nil).want(http.StatusOK).Body)
			if len(cells) == 0 {
				t.Errorf("%s publishes no counts on the demo data", path)
			}
			for name, n := range cells {
				if n < plekwijzer.SmallCell || n%plekwijzer.SmallCell != 0 {
					t.Errorf("%s: %s = %d is published", path, name, n)
				}
			}
		}
	})
}

func abs(n int) int { return max(n, -n) }
