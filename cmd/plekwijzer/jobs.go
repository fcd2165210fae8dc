package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/iederz/plekwijzer"
)

// expiryInterval is how often the service cancels proposals whose hold ran
// out. Bookings never count an expired proposal anyway; the sweep makes
// their status say so for everyone who reads them.
const expiryInterval = 10 * time.Minute

// expireProposals runs the sweep at once and then every interval until ctx
// ends.
func expireProposals(ctx context.Context, s plekwijzer.PlacementStore, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.ExpireProposals(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("expiring proposals failed", "err", err)
		case n > 0:
			log.Info("proposals expired", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// retentionInterval is how often the service anonymises participants whose
// retention period has passed.
const retentionInterval = 24 * time.Hour

// anonymiseInactive runs the retention policy at start and then every
// interval until ctx ends. The log gets counts only, never who.
func anonymiseInactive(ctx context.Context, s plekwijzer.RetentionStore, months int, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		r, err := plekwijzer.RunRetention(ctx, s, plekwijzer.Today(), months, plekwijzer.NewID())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("anonymising inactive participants failed", "err", err)
		case r != nil && (r.Done > 0 || len(r.Soon) > 0):
			log.Info("retention", "months", months, "anonymised", r.Done, "dueWithin30Days", len(r.Soon))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
