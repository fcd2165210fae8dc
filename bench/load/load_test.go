package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/bench/dataset"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestData generates a small region on every engine the machine offers:
// it loads, and the requests the load test sends are spread over it.
func TestData(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url, drop, err := dataset.Scratch(t.Context(), engine, os.Getenv("PLEKWIJZER_TEST_DATABASE_URL"), "loadtest")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(drop)
			d, err := newData(t.Context(), url, engine, 40, 500, 1)
			if err != nil {
				t.Fatal(err)
			}
			c := d.Counts
			if c.Offers != 40 || c.Organisations != 5 || c.Matchable != 500 || c.Participants <= 500 || c.Coaches != 12 || c.Placements < 300 || c.Ended == 0 {
				t.Errorf("counts %+v", c)
			}
			if len(d.Participants) != 500 || len(d.Offers) != c.Open || d.AdminToken == "" || d.CoachToken == "" || d.Caseload == 0 || len(d.Postcodes) == 0 {
				t.Errorf("%d matchable participants, %d open offers, tokens %q %q, caseload %d, postcodes %v",
					len(d.Participants), len(d.Offers), d.AdminToken, d.CoachToken, d.Caseload, d.Postcodes)
			}
			eps := makeEndpoints(1, d)
			if len(eps) != 3 || len(eps[0].Paths) != len(d.Participants) || len(eps[1].Paths) != 5000 || !eps[2].Spread || eps[2].Token {
				t.Errorf("endpoints %d, paths %d %d", len(eps), len(eps[0].Paths), len(eps[1].Paths))
			}
		})
	}
}

// TestScriptAndReport: wrk accepts the Lua script (when wrk is here), and
// the report names every figure against its target.
func TestScriptAndReport(t *testing.T) {
	dir := t.TempDir()
	script, err := writeScript(dir, "search", []string{"/api/v1/zoeken?q=fietsen"}, "pw_token", true)
	if err != nil {
		t.Fatal(err)
	}
	if wrk, err := exec.LookPath("wrk"); err == nil {
		var mu sync.Mutex
		seen := map[string]bool{}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			seen[r.URL.String()+" "+r.Header.Get("Authorization")] = true
			seen["spread"] = seen["spread"] || strings.HasPrefix(r.Header.Get("X-Forwarded-For"), "10.77.")
		}))
		defer srv.Close()
		res, _, err := runWrk(t.Context(), srv.URL, script, 2, time.Second)
		mu.Lock()
		defer mu.Unlock()
		if err != nil || res.Requests == 0 || res.errors() != 0 || !seen["/api/v1/zoeken?q=fietsen Bearer pw_token"] || !seen["spread"] {
			t.Errorf("%s with the script: %+v, %v; requests seen %v", wrk, res, err, seen)
		}
	}
	ep := endpoint{Name: "matches", Route: "GET /api/v1/deelnemers/{id}/matches", Paths: []string{"/x"}}
	r := &report{Config: config{Command: "go run ./bench/load -offers 40", Duration: time.Second, Rate: 200, RateDuration: time.Second},
		Machine: benchutil.ReadMachine(), Data: counts{Offers: 40}, Starts: []time.Duration{time.Second},
		Wrk:   []wrkRun{{Endpoint: ep, Connections: 16, Result: wrkResult{Requests: 100, DurationUs: 1e6, P99: 40_000}}},
		Rate:  []rateRun{{Endpoint: ep, Result: rateResult{Rate: 200, Sent: 200, Achieved: 200, Latency: benchutil.Latency{P99: 60 * time.Millisecond}}}},
		Heavy: []heavyRun{{Name: "demand gap", Route: "GET /api/v1/statistieken/vraag"}}}
	out := filepath.Join(dir, "BENCHMARKS.md")
	if err := benchutil.WriteSection(out, sectionName, r.markdown()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!-- load:begin -->", "go run ./bench/load -offers 40", "| `GET /api/v1/deelnemers/{id}/matches` | 16 | **100** |",
		"p99 60.0 ms at 200/s, 0 errors | **missed** |", "start-up with an existing index ≤ 2 s | slowest of 1: 1000 ms | met |", "<!-- load:end -->"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report lacks %q:\n%s", want, b)
		}
	}
}
