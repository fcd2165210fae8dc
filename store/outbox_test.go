package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// outboxSince returns the entries written after seq, as "kind:id".
func outboxSince(t *testing.T, db *store.DB, seq int64) []string {
	t.Helper()
	es, err := db.OutboxAfter(t.Context(), seq, 1000)
	must(t, err)
	var out []string
	for i, e := range es {
		if i > 0 && e.Seq <= es[i-1].Seq {
			t.Fatalf("outbox out of order: %v", es)
		}
		out = append(out, e.Kind+":"+e.ID)
	}
	return out
}

// TestOutboxRecordsEveryIndexedChange: every write to what the search index
// shows adds its entity to the outbox, in the same transaction; a refused
// write adds nothing.
func TestOutboxRecordsEveryIndexedChange(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := e.ctx
		head := func() int64 { h, err := db.OutboxHead(ctx); must(t, err); return h }
		expect := func(name string, want []string, fn func()) {
			t.Helper()
			before := head()
			fn()
			if got := outboxSince(t, db, before); !slices.Equal(got, want) {
				t.Errorf("%s: outbox %v, want %v", name, got, want)
			}
		}
		org, wt := e.organisation(), e.workType()
		o := newOffer(org.ID, wt.ID)
		must(t, db.CreateOffer(ctx, o))
		if got := outboxSince(t, db, 0); !slices.Contains(got, "werkplek:"+o.ID) || !slices.Contains(got, "werksoort:"+wt.ID) {
			t.Fatalf("creating a work type and an offer must be recorded: %v", got)
		}
		off := "werkplek:" + o.ID
		expect("update offer", []string{off}, func() {
			_, err := db.UpdateOffer(ctx, o.ID, plekwijzer.OfferUpdate{Title: ptr("Fietsen maken")}, 0)
			must(t, err)
		})
		expect("refused update", nil, func() {
			_, err := db.UpdateOffer(ctx, o.ID, plekwijzer.OfferUpdate{Supervision: ptr(9)}, 0)
			wantCode(t, err, plekwijzer.EInvalid)
		})
		expect("organisation renamed", []string{off}, func() {
			_, err := db.UpdateOrganisation(ctx, org.ID, plekwijzer.OrganisationUpdate{Name: ptr("Nieuwe naam")}, 0)
			must(t, err)
		})
		expect("work type renamed", []string{"werksoort:" + wt.ID, off}, func() {
			_, err := db.UpdateWorkType(ctx, wt.ID, plekwijzer.WorkTypeUpdate{Name: ptr("Fietsen")}, 0)
			must(t, err)
		})
		p := e.participant(e.coach().ID)
		var pl *plekwijzer.Placement
		expect("booking", []string{off}, func() {
			pl = e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, plekwijzer.Today(), nil)
		})
		docs, err := db.OfferDocs(ctx, []string{o.ID, plekwijzer.NewID(), "geen-id"})
		must(t, err)
		if len(docs) != 1 || docs[0].Free["ma-ochtend"] != 1 || docs[0].OrganisationName != "Nieuwe naam" || docs[0].WorkTypeName != "Fietsen" {
			t.Fatalf("offer docs: %+v", docs)
		}
		expect("cancel", []string{off}, func() {
			_, err := db.UpdatePlacement(ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCancelled)}, 0)
			must(t, err)
		})
		docs, err = db.OfferDocs(ctx, []string{o.ID})
		must(t, err)
		if docs[0].Free["ma-ochtend"] != 2 {
			t.Errorf("a cancelled placement frees its place in the doc: %v", docs[0].Free)
		}
		other := e.offer()
		expect("delete offer", []string{"werkplek:" + other.ID}, func() { must(t, db.DeleteOffer(ctx, other.ID)) })
		if docs, _ := db.OfferDocs(ctx, []string{other.ID}); len(docs) != 0 {
			t.Errorf("a deleted offer has no doc")
		}
		spare := e.workType()
		expect("delete work type", []string{"werksoort:" + spare.ID}, func() { must(t, db.DeleteWorkType(ctx, spare.ID)) })
	})
}

// TestWaitForChangeWakesOnCommit: a commit wakes a waiting indexer long
// before the poll interval.
func TestWaitForChangeWakesOnCommit(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx, cancel := context.WithTimeout(e.ctx, time.Minute)
		defer cancel()
		woke := make(chan error, 1)
		go func() { woke <- db.WaitForChange(ctx) }()
		time.Sleep(20 * time.Millisecond) // let it start waiting; a late start only makes it return at once
		e.offer()
		if err := <-woke; err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := db.WaitForChange(ctx); err == nil {
			t.Error("a cancelled wait must return its context's error")
		}
	})
}

// TestNotifyReachesOtherConnections: on PostgreSQL a commit through one
// store wakes the indexer of another (another replica).
func TestNotifyReachesOtherConnections(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		if engine != store.Postgres {
			continue
		}
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			a, b := storetest.Open(t, url), storetest.Open(t, url)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			// Only a notification can wake b within the test's minute.
			defer store.SetPollInterval(store.SetPollInterval(time.Hour))
			must(t, b.Listen())
			head, err := b.OutboxHead(ctx)
			must(t, err)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for {
					if h, _ := b.OutboxHead(ctx); h > head {
						return
					}
					if b.WaitForChange(ctx) != nil {
						return
					}
				}
			}()
			newEnv(t, a).workType()
			<-done
			if h, _ := b.OutboxHead(ctx); h <= head {
				t.Error("the other store never saw the change")
			}
		})
	}
}
