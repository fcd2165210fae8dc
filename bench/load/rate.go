package main

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// rateResult is one fixed-rate run.
type rateResult struct {
	Rate     int // requests per second asked for
	Sent     int
	Achieved float64 // answers per second
	Errors   int     // transport errors and answers other than 200
	Latency  benchutil.Latency
}

// fixedRate sends rate requests per second for d, open-loop: each request
// leaves at its own scheduled moment whether or not earlier ones have
// been answered (up to 1024 outstanding), and its latency counts from
// that moment, so a stall shows in the figures instead of slowing the
// sender (no coordinated omission). Debian's wrk has no fixed rate (that
// is wrk2's -R); this is the same measurement.
func fixedRate(ctx context.Context, base string, paths []string, token string, rate int, d time.Duration) rateResult {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute},
	}
	defer client.CloseIdleConnections()
	n := int(float64(rate) * d.Seconds())
	rng := rand.New(rand.NewPCG(uint64(rate), 42))
	lat := make([]time.Duration, 0, n)
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		errors int
	)
	slots := make(chan struct{}, 1024)
	interval := time.Second / time.Duration(rate)
	began := time.Now()
	for i := range n {
		at := began.Add(time.Duration(i) * interval)
		if wait := time.Until(at); wait > 0 {
			select {
			case <-ctx.Done():
				return rateResult{}
			case <-time.After(wait):
			}
		}
		slots <- struct{}{}
		path := paths[rng.IntN(len(paths))]
		wg.Go(func() {
			defer func() { <-slots }()
			ok := get(ctx, client, base+path, token)
			took := time.Since(at)
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, took)
			if !ok {
				errors++
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	return rateResult{Rate: rate, Sent: n, Achieved: float64(n) / elapsed.Seconds(), Errors: errors,
		Latency: benchutil.Summarise(lat)}
}

// get asks for url and reads the whole answer; true for a 200.
func get(ctx context.Context, client *http.Client, url, token string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return err == nil && res.StatusCode == http.StatusOK
}
