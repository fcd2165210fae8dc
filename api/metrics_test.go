package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/seed"
)

// scrape reads /metrics as Prometheus would: series (name with labels,
// as written) to value.
func (e *env) scrape() map[string]float64 {
	e.t.Helper()
	r := e.do("GET", "/metrics", "", nil).want(http.StatusOK)
	out := map[string]float64{}
	for line := range strings.SplitSeq(string(r.Body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			e.t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// moved fails the test unless each series grew by exactly its delta
// between two scrapes.
func moved(t *testing.T, before, after map[string]float64, deltas map[string]float64) {
	t.Helper()
	for series, want := range deltas {
		if _, ok := after[series]; !ok {
			t.Errorf("%s: not on /metrics", series)
			continue
		}
		if got := after[series] - before[series]; got != want {
			t.Errorf("%s: moved by %v, want %v", series, got, want)
		}
	}
}

// TestMetricsMove checks that every operational metric appears and moves
// with what the service does: matching, search, bookings and refusals,
// pool rebuilds, the outbox lag and the index size.
func TestMetricsMove(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		start := e.scrape()
		for _, series := range []string{
			`plekwijzer_matching_duration_seconds_count{operation="matches"}`,
			`plekwijzer_search_duration_seconds_count`,
			`plekwijzer_bookings_total{status="actief"}`,
			`plekwijzer_booking_refusals_total{reason="full"}`,
			`plekwijzer_match_pool_rebuild_duration_seconds_count{reason="full"}`,
			`plekwijzer_outbox_lag_entries`, `plekwijzer_outbox_lag_seconds`, `plekwijzer_outbox_head`,
			`plekwijzer_search_index_position`, `plekwijzer_search_index_documents`, `plekwijzer_search_index_bytes`,
			`process_resident_memory_bytes`,
		} {
			if _, ok := start[series]; !ok {
				t.Errorf("%s: not on /metrics before any traffic", series)
			}
		}
		if start[`plekwijzer_search_index_documents`] != 37 || start[`plekwijzer_search_index_bytes`] <= 0 {
			t.Errorf("index of the catalogue: %v documents, %v bytes",
				start[`plekwijzer_search_index_documents`], start[`plekwijzer_search_index_bytes`])
		}

		// A write the index has not applied yet is lag, in entries and
		// in time; catching up clears both.
		offer := e.capacityOffer(1)
		behind := e.scrape()
		if behind[`plekwijzer_outbox_lag_entries`] < 1 || behind[`plekwijzer_outbox_lag_seconds`] <= 0 {
			t.Errorf("an unapplied offer shows no lag: %v entries, %v s",
				behind[`plekwijzer_outbox_lag_entries`], behind[`plekwijzer_outbox_lag_seconds`])
		}
		e.synced()
		caught := e.scrape()
		if caught[`plekwijzer_outbox_lag_entries`] != 0 || caught[`plekwijzer_outbox_lag_seconds`] != 0 ||
			caught[`plekwijzer_search_index_position`] != caught[`plekwijzer_outbox_head`] || caught[`plekwijzer_search_index_documents`] != 38 {
			t.Errorf("after catching up: lag %v entries, %v s; position %v, head %v; %v documents",
				caught[`plekwijzer_outbox_lag_entries`], caught[`plekwijzer_outbox_lag_seconds`],
				caught[`plekwijzer_search_index_position`], caught[`plekwijzer_outbox_head`], caught[`plekwijzer_search_index_documents`])
		}

		// Matching, each operation once; the first builds the pool.
		a := e.roleCreate("/deelnemers", "coach", matchParticipant("MT-A", "ma-ochtend"))
		b := e.roleCreate("/deelnemers", "coach", matchParticipant("MT-B", "ma-ochtend"))
		e.do("GET", "/api/v1/deelnemers/"+a+"/matches", "coach", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/deelnemers/"+a+"/werksoorten", "coach", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/werkplekken/"+offer+"/kandidaten", "coach", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/statistieken/vraag", "manager", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/zoeken?q=fietsen", "coach", nil).want(http.StatusOK)
		ranked := e.scrape()
		moved(t, caught, ranked, map[string]float64{
			`plekwijzer_matching_duration_seconds_count{operation="matches"}`:                            1,
			`plekwijzer_matching_duration_seconds_count{operation="werksoorten"}`:                        1,
			`plekwijzer_matching_duration_seconds_count{operation="kandidaten"}`:                         1,
			`plekwijzer_matching_duration_seconds_count{operation="vraag"}`:                              1,
			`plekwijzer_search_duration_seconds_count`:                                                   1,
			`plekwijzer_match_pool_rebuild_duration_seconds_count{reason="full"}`:                        1,
			`plekwijzer_match_pool_rebuild_duration_seconds_count{reason="changes"}`:                     0,
			`plekwijzer_http_request_duration_seconds_count{method="GET",route="/metrics",status="200"}`: 1,
		})

		// The booking takes the only place: counted; the next one is
		// refused as full, a stale change as stale; the pool is read
		// again for the changed offer only.
		body := rolePlacementBody(a, offer, "ma-ochtend")
		pl := e.roleCreate("/plaatsingen", "coach", body)
		e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(b, offer, "ma-ochtend")).want(http.StatusConflict)
		e.do("PATCH", "/api/v1/plaatsingen/"+pl, "coach", map[string]any{"einddatum": "2026-12-31"}, "If-Match", `"7"`).
			want(http.StatusConflict)
		// One that needs more supervision than the offer gives: refused
		// by the rules of matching.
		needy := matchParticipant("MT-C", "ma-ochtend")
		needy["begeleidingsbehoefte"] = 4
		c := e.roleCreate("/deelnemers", "coach", needy)
		e.do("POST", "/api/v1/plaatsingen", "coach", rolePlacementBody(c, offer, "ma-ochtend")).want(http.StatusConflict)
		e.do("GET", "/api/v1/deelnemers/"+b+"/matches", "coach", nil).want(http.StatusOK)
		booked := e.scrape()
		moved(t, ranked, booked, map[string]float64{
			`plekwijzer_bookings_total{status="actief"}`:                             1,
			`plekwijzer_bookings_total{status="voorgesteld"}`:                        0,
			`plekwijzer_booking_refusals_total{reason="full"}`:                       1,
			`plekwijzer_booking_refusals_total{reason="stale_version"}`:              1,
			`plekwijzer_booking_refusals_total{reason="reserved"}`:                   0,
			`plekwijzer_booking_refusals_total{reason="profile_rules"}`:              1,
			`plekwijzer_match_pool_rebuild_duration_seconds_count{reason="changes"}`: 1,
			`plekwijzer_match_pool_rebuild_duration_seconds_count{reason="full"}`:    0,
			`plekwijzer_matching_duration_seconds_count{operation="matches"}`:        1,
		})

		// Ids never become labels.
		r := e.do("GET", "/metrics", "", nil).want(http.StatusOK)
		for _, id := range []string{offer, a, b, pl, seed.WorkTypeID("fietsenreparatie")} {
			if strings.Contains(string(r.Body), id) {
				t.Errorf("an id on /metrics: %s", id)
			}
		}
	})
}
