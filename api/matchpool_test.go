package api

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
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

// TestCandidatesInChunksRankAsAtOnce: ranking candidates a chunk at a time
// gives the same list as ranking everyone at once.
func TestCandidatesInChunksRankAsAtOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := seed.Catalogue(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 7}); err != nil {
			t.Fatal(err)
		}
		s, err := New(db, nil, Config{})
		if err != nil {
			t.Fatal(err)
		}
		pool, err := s.matchPool.get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := db.OfferIDs(ctx, "", 5)
		if err != nil {
			t.Fatal(err)
		}
		e := echo.New()
		c := e.NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
		opt := matching.Options{Limit: 25}
		defer func(n int) { candidateChunk = n }(candidateChunk)
		for _, id := range ids {
			people, err := s.people(c, pool, plekwijzer.ParticipantFilter{})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := pool.Candidates(id, people, opt)
			for _, chunk := range []int{7, 50, 10_000} {
				candidateChunk = chunk
				got, ok, err := s.rankCandidates(c, pool, id, plekwijzer.ParticipantFilter{}, opt)
				if err != nil || !ok {
					t.Fatalf("offer %s, chunks of %d: %v %v", id, chunk, ok, err)
				}
				if got.Considered != want.Considered || got.Excluded != want.Excluded || len(got.Items) != len(want.Items) {
					t.Fatalf("offer %s, chunks of %d: %d considered, %v excluded, %d items; at once %d, %v, %d", id, chunk,
						got.Considered, got.Excluded, len(got.Items), want.Considered, want.Excluded, len(want.Items))
				}
				for i := range got.Items {
					if got.Items[i].Person.P.ID != want.Items[i].Person.P.ID || got.Items[i].Score != want.Items[i].Score {
						t.Fatalf("offer %s, chunks of %d: place %d is %s, at once %s", id, chunk, i, got.Items[i].Person.P.Code, want.Items[i].Person.P.Code)
					}
				}
			}
		}
	})
}
