package store_test

import (
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestPruningKeepsWhatAReplicaNeeds: the outbox loses only entries every
// replica heard from recently has applied, never the head; a replica that
// was away longer is told it must rebuild.
func TestPruningKeepsWhatAReplicaNeeds(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := e.ctx
		org, wt := e.organisation(), e.workType()
		for range 4 {
			must(t, db.CreateOffer(ctx, newOffer(org.ID, wt.ID)))
		}
		head, err := db.OutboxHead(ctx)
		must(t, err)
		prune := func(want int64) {
			t.Helper()
			n, err := db.PruneOutbox(ctx, time.Hour)
			must(t, err)
			if n != want {
				t.Errorf("pruned %d entries, want %d", n, want)
			}
		}
		through := func() int64 {
			t.Helper()
			n, err := db.OutboxPrunedThrough(ctx)
			must(t, err)
			return n
		}

		// No replica has reported: nothing may go.
		prune(0)
		// A new replica is recorded at what was pruned (nothing yet).
		pos, known, pt, err := db.ResumeReplica(ctx, "a")
		must(t, err)
		if pos != 0 || known || pt != 0 {
			t.Errorf("new replica: position %d, known %v, pruned through %d", pos, known, pt)
		}
		prune(0) // a is at 0

		_, err = db.ReportIndexPosition(ctx, "a", head-2)
		must(t, err)
		_, err = db.ReportIndexPosition(ctx, "b", head)
		must(t, err)
		prune(int64(len(outboxSince(t, db, 0)) - 2)) // all but the last two, which a has not applied
		if through() != head-2 {
			t.Errorf("pruned through %d, want %d", through(), head-2)
		}
		if got := outboxSince(t, db, head-2); len(got) != 2 {
			t.Errorf("a's entries are gone: %v", got)
		}

		// Everyone applied everything: the head entry stays.
		_, err = db.ReportIndexPosition(ctx, "a", head)
		must(t, err)
		prune(1)
		if h, err := db.OutboxHead(ctx); err != nil || h != head {
			t.Errorf("head %d (%v) after pruning, want %d", h, err, head)
		}
		prune(0)

		// b goes away at an old position; a moves on. b no longer holds
		// pruning back, and learns at its return that it must rebuild.
		o := newOffer(org.ID, wt.ID)
		must(t, db.CreateOffer(ctx, o))
		_, err = db.UpdateOffer(ctx, o.ID, plekwijzer.OfferUpdate{Title: ptr("Nog een titel")}, 0)
		must(t, err)
		newHead, err := db.OutboxHead(ctx)
		must(t, err)
		_, err = db.ReportIndexPosition(ctx, "a", newHead)
		must(t, err)
		_, err = db.ReportIndexPosition(ctx, "b", head)
		must(t, err)
		prune(1) // the old head, which both applied; b holds back the rest
		must(t, db.AgeReplica(ctx, "b", 2*time.Hour))
		prune(newHead - head - 1)
		pos, known, pt, err = db.ResumeReplica(ctx, "b")
		must(t, err)
		if !known || pos != head || pt != newHead-1 || pos >= pt {
			t.Errorf("returning replica: position %d, known %v, pruned through %d", pos, known, pt)
		}
		// A replica gone for very long is forgotten.
		must(t, db.AgeReplica(ctx, "b", 5*time.Hour))
		prune(0)
		if _, known, _, err := db.ResumeReplica(ctx, "b"); err != nil || known {
			t.Errorf("a forgotten replica is known: %v %v", known, err)
		}
	})
}
