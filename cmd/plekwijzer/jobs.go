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
