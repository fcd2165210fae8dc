package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/bench/benchutil"
)

// historyOfferPlaces is the places of every history offer on each day-part.
const historyOfferPlaces = 10

// historyResult describes the year of history the statistics run on.
type historyResult struct {
	Offers, Placements, Ended int
	From, To                  plekwijzer.Date
	Built                     time.Duration
}

// history books a year of placements over cfg.HistoryPlaces places per
// day-part through the store: per place a chain of placements one after
// the other, each on 2 to 5 of the day-parts, ended with an outcome when
// it ended before today. A contingent keeps 20% of the places of a fifth of
// the offers for the GON partner.
func (w *world) history(ctx context.Context) (*historyResult, error) {
	began := time.Now()
	today := plekwijzer.Today()
	h := &historyResult{Offers: max(1, w.cfg.HistoryPlaces/historyOfferPlaces), From: today.Monday().AddDays(-52 * 7), To: today}
	all := plekwijzer.Capacity{}
	for _, d := range plekwijzer.DayParts {
		all[d] = historyOfferPlaces
	}
	offers := make([]*plekwijzer.Offer, h.Offers)
	for i := range offers {
		offers[i] = &plekwijzer.Offer{OrganisationID: w.org.ID, Title: fmt.Sprintf("Werkplek %03d", i+1),
			WorkTypeID: w.workTypes[i%len(w.workTypes)], Supervision: 2, PhysicalLoad: plekwijzer.LoadLow,
			Capacity: all, Postcode: "9723", DevelopmentPlace: true}
		if err := w.db.CreateOffer(ctx, offers[i]); err != nil {
			return nil, err
		}
	}
	lanes := h.Offers * historyOfferPlaces
	counts := make([][2]int, lanes)
	err := benchutil.Parallel(8, lanes, func(lane int) error {
		rng := rand.New(rand.NewPCG(w.cfg.Seed, uint64(1000+lane)))
		p := w.newParticipant(fmt.Sprintf("BH-%05d", lane), rng.IntN(5) == 0, plekwijzer.TargetGroups[rng.IntN(len(plekwijzer.TargetGroups))])
		if err := w.db.CreateParticipant(ctx, p); err != nil {
			return err
		}
		o := offers[lane/historyOfferPlaces]
		start := h.From.AddDays(7 * rng.IntN(4))
		for start < today {
			parts := pickDayParts(rng, 2+rng.IntN(4))
			end := start.AddDays(7*(4+rng.IntN(23)) - 3) // a Friday
			pl := &plekwijzer.Placement{ParticipantID: &p.ID, OfferID: o.ID, DayParts: parts, StartDate: start,
				Status: plekwijzer.PlacementActive}
			if end < today {
				pl.EndDate = &end
			}
			if err := w.db.CreatePlacement(ctx, pl); err != nil {
				return fmt.Errorf("lane %d from %s: %w", lane, start, err)
			}
			counts[lane][0]++
			if pl.EndDate == nil {
				break
			}
			status, outcome := plekwijzer.PlacementCompleted, &plekwijzer.Outcome{Result: "vervolgplek"}
			if rng.IntN(10) < 3 {
				status = plekwijzer.PlacementDropout
				outcome = &plekwijzer.Outcome{Result: "geen", DropoutReason: plekwijzer.DropoutReasons[rng.IntN(len(plekwijzer.DropoutReasons))],
					CausedBy: plekwijzer.Causes[rng.IntN(len(plekwijzer.Causes))], MissedHours: rng.IntN(20)}
			}
			if _, err := w.db.UpdatePlacement(ctx, pl.ID, plekwijzer.PlacementUpdate{Status: &status, Outcome: outcome}, 0); err != nil {
				return err
			}
			counts[lane][1]++
			start = end.AddDays(3 + 7*rng.IntN(3)) // the next Monday, or one or two weeks later
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		h.Placements += c[0]
		h.Ended += c[1]
	}
	// A contingent over a fifth of the offers, made afterwards so that the
	// history needs no GON referrals: it shows up in the figures.
	pool := offers[:max(1, len(offers)/5)]
	k := &plekwijzer.Contingent{Name: "GON-partners", ReferrerIDs: []string{w.gon.ID}, StartDate: h.From, Places: plekwijzer.Capacity{}}
	for _, o := range pool {
		k.OfferIDs = append(k.OfferIDs, o.ID)
	}
	for _, d := range plekwijzer.DayParts {
		k.Places[d] = max(1, len(pool)*historyOfferPlaces/5)
	}
	if err := w.db.CreateContingent(ctx, k); err != nil {
		return nil, err
	}
	h.Built = time.Since(began)
	return h, nil
}

// pickDayParts returns n different day-parts in calendar order.
func pickDayParts(rng *rand.Rand, n int) []plekwijzer.DayPart {
	idx := rng.Perm(len(plekwijzer.DayParts))[:n]
	out := make([]plekwijzer.DayPart, n)
	for i, j := range idx {
		out[i] = plekwijzer.DayParts[j]
	}
	return plekwijzer.SortedDayParts(out)
}

// statResult is one timed statistics request.
type statResult struct {
	Name    string
	Latency benchutil.Latency
	Bytes   int // response size, for API requests
	Rows    int // rows read, for the baseline
}

// measureStatistics times the statistics over the history: through the
// API as a manager, in parts, and the plain SQL baseline.
func (w *world) measureStatistics(ctx context.Context, h *historyResult) ([]statResult, error) {
	manager := &plekwijzer.User{Name: "Manager", Role: plekwijzer.RoleManager}
	if err := w.db.CreateUser(ctx, manager); err != nil {
		return nil, err
	}
	_, token, err := w.db.CreateToken(ctx, manager.ID, "bench", nil)
	if err != nil {
		return nil, err
	}
	srv, err := api.New(w.db, slog.New(slog.DiscardHandler), api.Config{})
	if err != nil {
		return nil, err
	}
	get := func(path string) func() (int, error) {
		return func() (int, error) {
			req := httptest.NewRequestWithContext(ctx, "GET", "http://bench/api/v1"+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				return 0, fmt.Errorf("GET %s: %d %s", path, rec.Code, rec.Body.String())
			}
			return rec.Body.Len(), nil
		}
	}
	f := plekwijzer.OccupancyFilter{From: h.From, To: h.To}
	var facts *plekwijzer.OccupancyFacts
	tasks := []struct {
		name string
		fn   func() (int, error)
		rows bool
	}{
		{"GET /statistieken/bezetting, 53 weeks (API, JSON)", get(fmt.Sprintf("/statistieken/bezetting?van=%s&tot=%s", h.From, h.To)), false},
		{"store: OccupancyFacts", func() (int, error) {
			var err error
			facts, err = w.db.OccupancyFacts(ctx, f)
			return 0, err
		}, false},
		{"domain: Weekly (53 weeks)", func() (int, error) { facts.Weekly(f.From, f.To); return 0, nil }, false},
		{"baseline: the same booking rows, one plain SQL query", func() (int, error) { return w.plainBookings(ctx, h) }, true},
		{"GET /statistieken/uitval (API, JSON)", get("/statistieken/uitval"), false},
		{"GET /statistieken/variatie, 12 months (API, JSON)", get("/statistieken/variatie"), false},
	}
	var out []statResult
	for _, t := range tasks {
		n, err := t.fn() // warm-up
		if err != nil {
			return nil, err
		}
		ds := make([]time.Duration, 0, w.cfg.Reps)
		for range max(1, w.cfg.Reps) {
			t0 := time.Now()
			if _, err := t.fn(); err != nil {
				return nil, err
			}
			ds = append(ds, time.Since(t0))
		}
		r := statResult{Name: t.name, Latency: benchutil.Summarise(ds)}
		if t.rows {
			r.Rows = n
		} else {
			r.Bytes = n
		}
		out = append(out, r)
	}
	return out, nil
}

// plainBookings reads the rows OccupancyFacts reads for its bookings, with
// no work on them: the floor of what the figures can cost.
func (w *world) plainBookings(ctx context.Context, h *historyResult) (int, error) {
	rows, err := w.raw.QueryContext(ctx, benchutil.Rebind(w.cfg.Engine, `SELECT pl.offer_id, d.day_part, pl.start_date, pl.end_date, pl.referrer_id, pl.status
		FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id
		WHERE pl.status IN ('actief', 'afgerond', 'uitgevallen', 'voorgesteld') AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date >= ?)`),
		string(h.To.Monday().AddDays(6)), string(h.From.Monday()))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var offer, part, status string
		var start, end, referrer any
		if err := rows.Scan(&offer, &part, &start, &end, &referrer, &status); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}
