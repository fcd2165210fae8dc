package api

import (
	"context"
	"maps"
	"net/http/httptest"
	"reflect"
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

// TestChunksRankAsAtOnce: ranking candidates, and counting the demand gap,
// a chunk of participants at a time gives the same answer as everyone at
// once.
func TestChunksRankAsAtOnce(t *testing.T) {
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
		defer func(n int) { peopleChunk = n }(peopleChunk)
		for _, id := range ids {
			people, err := s.people(c, pool, plekwijzer.ParticipantFilter{})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := pool.Candidates(id, people, opt)
			for _, chunk := range []int{7, 50, 10_000} {
				peopleChunk = chunk
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
		// The demand gap, counted a chunk at a time, equals the gap over
		// everyone at once.
		everyone, err := s.people(c, pool, plekwijzer.ParticipantFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := pool.DemandGap(everyone)
		for _, chunk := range []int{7, 50, 10_000} {
			peopleChunk = chunk
			got, err := s.countDemand(ctx, pool)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Participants, plekwijzer.PublishedCount(len(everyone))) || len(got.Items) != len(want) {
				t.Fatalf("chunks of %d: %d participants, %d items; at once %d, %d", chunk, got.Participants, len(got.Items), len(everyone), len(want))
			}
			for i, it := range got.Items {
				w := want[i]
				if it.WorkType.ID != w.WorkType.ID || !reflect.DeepEqual(it.Participants, plekwijzer.PublishedCount(w.Participants)) ||
					!reflect.DeepEqual(it.Placeable, plekwijzer.PublishedCount(w.Placeable)) ||
					!reflect.DeepEqual(it.Demand, publishDayParts(w.Demand)) || !reflect.DeepEqual(it.Short, publishDayParts(w.Short)) || !maps.Equal(it.Free, w.Free) {
					t.Fatalf("chunks of %d: item %d is %+v; at once %+v", chunk, i, it, w)
				}
			}
		}
	})
}

// TestWarmReadsThePool: after Warm the first ranking finds the pool ready.
func TestWarmReadsThePool(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 3}); err != nil {
			t.Fatal(err)
		}
		s, err := New(db, nil, Config{})
		if err != nil {
			t.Fatal(err)
		}
		var rebuilds []string
		s.matchPool.rebuilt = func(reason string, _ time.Time) { rebuilds = append(rebuilds, reason) }
		if err := s.Warm(ctx); err != nil {
			t.Fatal(err)
		}
		pool, err := s.matchPool.get(ctx)
		if err != nil || pool == nil || pool.Offers() == 0 {
			t.Fatalf("pool %v, %v", pool, err)
		}
		if len(rebuilds) != 1 || rebuilds[0] != rebuildFull {
			t.Fatalf("rebuilds %v: the ranking after Warm read the offers again", rebuilds)
		}
	})
}
