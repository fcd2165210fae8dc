package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// heavyReps is how often each heavy request is timed, one at a time.
const heavyReps = 5

// heavyRun is one request that ranks a whole population, timed alone.
type heavyRun struct {
	Name, Route string
	Latency     benchutil.Latency
	Errors      int
	PeakRSS     int64
}

// measureHeavy times, one request at a time, what ranks whole
// populations rather than one person: a beheerder's and a coach's
// candidates for an offer, the work types for a participant, and the
// demand gap over every participant.
func measureHeavy(ctx context.Context, svc *service, data *loadData) ([]heavyRun, error) {
	offer := data.Offers[0]
	person := data.Participants[0]
	client := &http.Client{Timeout: time.Minute}
	var out []heavyRun
	for _, h := range []struct{ name, route, path, token string }{
		{"candidates, as a beheerder (every participant)", "GET /api/v1/werkplekken/{id}/kandidaten", "/api/v1/werkplekken/" + offer + "/kandidaten", data.AdminToken},
		{fmt.Sprintf("candidates, as a coach (a caseload of %d)", data.Caseload), "GET /api/v1/werkplekken/{id}/kandidaten", "/api/v1/werkplekken/" + offer + "/kandidaten", data.CoachToken},
		{"work types for a participant", "GET /api/v1/deelnemers/{id}/werksoorten", "/api/v1/deelnemers/" + person + "/werksoorten", data.AdminToken},
		{"demand gap (every participant)", "GET /api/v1/statistieken/vraag", "/api/v1/statistieken/vraag", data.AdminToken},
	} {
		rss := svc.sampleRSS(20 * time.Millisecond)
		run := heavyRun{Name: h.name, Route: h.route}
		var took []time.Duration
		for range heavyReps {
			start := time.Now()
			if !get(ctx, client, svc.base+h.path, h.token) {
				run.Errors++
			}
			took = append(took, time.Since(start))
		}
		run.PeakRSS, _ = rss.finish()
		run.Latency = benchutil.Summarise(took)
		out = append(out, run)
	}
	return out, nil
}
