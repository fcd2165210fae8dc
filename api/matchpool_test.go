package api

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestAgedFiguresDoNotHoldUpRankings: when the dropout figures are due to
// be read again, rankings go on with the current pool while a new one is
// built in the background, which then takes its place.
func TestAgedFiguresDoNotHoldUpRankings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := seed.Catalogue(ctx, db); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		clock := time.Now()
		now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
		rebuilt := make(chan string, 10)
		m := newMatchPool(db, matching.Weights{})
		m.now = now
		m.rebuilt = func(reason string, _ time.Time) { rebuilt <- reason }

		first, err := m.get(ctx)
		if err != nil || <-rebuilt != rebuildFull {
			t.Fatalf("first pool: %v", err)
		}
		mu.Lock()
		clock = clock.Add(statsMaxAge + time.Second)
		mu.Unlock()
		same, err := m.get(ctx)
		if err != nil || same != first {
			t.Fatalf("with aged figures the ranking waited for a new pool (%v)", err)
		}
		select {
		case reason := <-rebuilt:
			if reason != rebuildStats {
				t.Fatalf("rebuilt for %s", reason)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the figures were not read again")
		}
		if next, err := m.get(ctx); err != nil || next == first {
			t.Fatalf("the pool with new figures did not take the old one's place (%v)", err)
		}
		if len(rebuilt) != 0 {
			t.Errorf("more rebuilds: %v", <-rebuilt)
		}
	})
}
