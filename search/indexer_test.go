package search_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// found reports whether text finds the offer.
func (e *env) found(text, offerID string) bool {
	e.t.Helper()
	return hit(e.text(text), plekwijzer.KindOffer, offerID) != nil
}

func (e *env) head() int64 {
	e.t.Helper()
	h, err := e.db.OutboxHead(e.ctx)
	must(e.t, err)
	return h
}

func (e *env) docCount() uint64 {
	e.t.Helper()
	n, err := e.ix.DocCount()
	must(e.t, err)
	return n
}

// TestOutboxFlow: changes reach the index through the outbox, and only
// through it.
func TestOutboxFlow(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if e.ix.Position() != e.head() {
			t.Fatalf("new index at %d, outbox head %d", e.ix.Position(), e.head())
		}
		if n := e.docCount(); n != 37 {
			t.Errorf("new index has %d documents, want the 37 catalogue work types", n)
		}
		before := e.docCount()

		o := e.offer("fietsenreparatie", "Zeilmakerij aan het Damsterdiep", "Je naait zeilen.")
		if e.found("zeilmakerij", o.ID) {
			t.Fatal("found before the outbox was applied")
		}
		if n := e.catchUp(); n == 0 {
			t.Error("catch-up applied nothing")
		}
		if !e.found("zeilmakerij", o.ID) {
			t.Fatal("new offer not found")
		}
		if e.ix.Position() != e.head() {
			t.Errorf("position %d, head %d", e.ix.Position(), e.head())
		}

		_, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{Title: ptr("Touwslagerij")}, 0)
		must(t, err)
		e.catchUp()
		if !e.found("touwslagerij", o.ID) || e.found("zeilmakerij", o.ID) {
			t.Error("changed title not applied")
		}

		_, err = db.UpdateOrganisation(e.ctx, o.OrganisationID, plekwijzer.OrganisationUpdate{Name: ptr("Werkplaats Noorderhaven")}, 0)
		must(t, err)
		e.catchUp()
		if !e.found("noorderhaven", o.ID) {
			t.Error("new organisation name not applied to its offer")
		}

		_, err = db.UpdateWorkType(e.ctx, o.WorkTypeID, plekwijzer.WorkTypeUpdate{Name: ptr("Rijwielwerkplaats")}, 0)
		must(t, err)
		e.catchUp()
		res := e.text("rijwielwerkplaats")
		if hit(res, plekwijzer.KindOffer, o.ID) == nil || hit(res, plekwijzer.KindWorkType, o.WorkTypeID) == nil {
			t.Error("new work type name not applied to the work type and its offer")
		}

		must(t, db.DeleteOffer(e.ctx, o.ID))
		e.catchUp()
		if e.found("touwslagerij", o.ID) {
			t.Error("deleted offer still found")
		}
		if n := e.docCount(); n != before {
			t.Errorf("%d documents after delete, %d before the offer", n, before)
		}

		pos := e.ix.Position()
		if n := e.catchUp(); n != 0 || e.ix.Position() != pos {
			t.Errorf("second catch-up applied %d, position %d → %d", n, pos, e.ix.Position())
		}
	})
}

// TestCatchUpIsIdempotent: applying the whole outbox again to an index
// that has it changes nothing.
func TestCatchUpIsIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a := e.offer("fietsenreparatie", "Fietsen opknappen", "Je plakt banden.")
		b := e.offer("keuken-catering", "Soep koken", "Je snijdt groente voor fietsers.")
		_, err := db.UpdateOffer(e.ctx, a.ID, plekwijzer.OfferUpdate{Description: ptr("Je plakt banden van fietsers.")}, 0)
		must(t, err)
		gone := e.offer("inpakken", "Fietsonderdelen inpakken", "")
		must(t, db.DeleteOffer(e.ctx, gone.ID))
		e.catchUp()
		want := e.text("fietsers")
		count := e.docCount()

		must(t, e.ix.Close())
		must(t, search.SetInternal(e.dir, search.KeyPosition, "0"))
		e.ix = openIndex(t, e.dir, db) // catches up from 0
		if e.ix.Position() != e.head() {
			t.Errorf("position %d, head %d", e.ix.Position(), e.head())
		}
		if n := e.docCount(); n != count {
			t.Errorf("%d documents, %d before", n, count)
		}
		got := e.text("fietsers")
		// Equal scores keep the index's order, which re-indexing may
		// change; the hits and their number may not.
		if !sameSet(ids(got, plekwijzer.KindOffer), ids(want, plekwijzer.KindOffer)) || got.Total != want.Total {
			t.Errorf("after re-applying: %v, before %v", ids(got, plekwijzer.KindOffer), ids(want, plekwijzer.KindOffer))
		}
		if !sameSet(ids(got, plekwijzer.KindOffer), []string{a.ID, b.ID}) {
			t.Errorf("found %v", ids(got, plekwijzer.KindOffer))
		}
	})
}

// TestPositionPersists: the position is stored in the index; a restart
// catches up with what changed while it was closed.
func TestPositionPersists(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.offer("fietsenreparatie", "Fietsen opknappen", "")
		e.catchUp()
		pos := e.ix.Position()
		e.reopen()
		if e.ix.Position() != pos {
			t.Errorf("position %d after reopening, %d before", e.ix.Position(), pos)
		}
		if got, err := search.Internal(e.dir+"-does-not-exist", search.KeyPosition); err == nil {
			t.Errorf("read %q from no index", got)
		}

		must(t, e.ix.Close())
		o := e.offer("houtbewerking", "Meubels van sloophout", "")
		e.ix = openIndex(t, e.dir, db)
		if e.ix.Position() != e.head() || !e.found("sloophout", o.ID) {
			t.Error("Open did not catch up with a change made while the index was closed")
		}
		must(t, e.ix.Close())
		if got, err := search.Internal(e.dir, search.KeyPosition); err != nil || got != strconv.FormatInt(e.head(), 10) {
			t.Errorf("stored position %q (%v), head %d", got, err, e.head())
		}
	})
}

// TestDatabaseReplaced: an index ahead of the outbox belongs to another
// database, and is rebuilt.
func TestDatabaseReplaced(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var old []string
		for range 3 {
			old = append(old, e.offer("fietsenreparatie", "Fietsen opknappen", "").ID)
		}
		e.catchUp()
		must(t, e.ix.Close())

		other := storetest.New(t, db.Engine())
		must(t, seed.Catalogue(e.ctx, other))
		ix := openIndex(t, e.dir, other)
		res, err := ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "fietsen"})
		must(t, err)
		if got := ids(res, plekwijzer.KindOffer); len(got) > 0 {
			t.Errorf("offers of the old database %v still found (old %v)", got, old)
		}
		if hit(res, plekwijzer.KindWorkType, seed.WorkTypeID("fietsenreparatie")) == nil {
			t.Error("work type of the new database not found")
		}
		head, err := other.OutboxHead(e.ctx)
		must(t, err)
		if ix.Position() != head {
			t.Errorf("position %d, head of the new database %d", ix.Position(), head)
		}
	})
}

// TestCorruptIndex: whatever happened to the files, Open rebuilds from
// the database and search works.
func TestCorruptIndex(t *testing.T) {
	t.Parallel()
	segments := func(t *testing.T, dir string) []string {
		files, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
		must(t, err)
		if len(files) == 0 {
			t.Fatal("no segments to damage")
		}
		return files
	}
	rewrite := func(t *testing.T, file string, f func([]byte) []byte) {
		b, err := os.ReadFile(file)
		must(t, err)
		must(t, os.WriteFile(file, f(b), 0o644))
	}
	tests := []struct {
		name    string
		corrupt func(t *testing.T, dir string)
	}{
		{"removed", func(t *testing.T, dir string) { must(t, os.RemoveAll(dir)) }},
		{"empty directory", func(t *testing.T, dir string) {
			must(t, os.RemoveAll(dir))
			must(t, os.Mkdir(dir, 0o755))
		}},
		{"a file in its place", func(t *testing.T, dir string) {
			must(t, os.RemoveAll(dir))
			must(t, os.WriteFile(dir, []byte("not an index"), 0o644))
		}},
		{"no metadata", func(t *testing.T, dir string) { must(t, os.Remove(filepath.Join(dir, "index_meta.json"))) }},
		{"garbled metadata", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte(`{"storage":`), 0o644))
		}},
		{"garbled root", func(t *testing.T, dir string) {
			rewrite(t, filepath.Join(dir, "store", "root.bolt"), func(b []byte) []byte {
				for i := 0; i < len(b); i += 7 {
					b[i] ^= 0xff
				}
				return b
			})
		}},
		{"segments removed", func(t *testing.T, dir string) {
			for _, f := range segments(t, dir) {
				must(t, os.Remove(f))
			}
		}},
		{"segments zeroed", func(t *testing.T, dir string) {
			for _, f := range segments(t, dir) {
				rewrite(t, f, func(b []byte) []byte { return make([]byte, len(b)) })
			}
		}},
		{"segments truncated", func(t *testing.T, dir string) {
			for _, f := range segments(t, dir) {
				rewrite(t, f, func(b []byte) []byte { return b[:len(b)/3] })
			}
		}},
		{"segments garbled inside", func(t *testing.T, dir string) {
			for _, f := range segments(t, dir) {
				rewrite(t, f, func(b []byte) []byte {
					for i := len(b) / 4; i < len(b)/2; i++ {
						b[i] ^= 0x5a
					}
					return b
				})
			}
		}},
		{"older mapping", func(t *testing.T, dir string) { must(t, search.SetInternal(dir, search.KeyMappingVersion, "0")) }},
		{"no mapping version", func(t *testing.T, dir string) { must(t, search.SetInternal(dir, search.KeyMappingVersion, "")) }},
		{"bad position", func(t *testing.T, dir string) { must(t, search.SetInternal(dir, search.KeyPosition, "minus één")) }},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer("fietsenreparatie", "Fietsen opknappen", "Je plakt banden.")
		e.catchUp()
		want := e.docCount()
		must(t, e.ix.Close())
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "index")
				ix := openIndex(t, dir, db)
				must(t, ix.Close())
				tt.corrupt(t, dir)

				ix = openIndex(t, dir, db)
				res, err := ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "fietsen"})
				must(t, err)
				if hit(res, plekwijzer.KindOffer, o.ID) == nil {
					t.Error("offer not found after the rebuild")
				}
				if n, err := ix.DocCount(); err != nil || n != want {
					t.Errorf("%d documents (%v), want %d", n, err, want)
				}
				if ix.Position() != e.head() {
					t.Errorf("position %d, head %d", ix.Position(), e.head())
				}
				must(t, ix.Close())
				if v, err := search.Internal(dir, search.KeyMappingVersion); err != nil || v != strconv.Itoa(search.MappingVersion) {
					t.Errorf("mapping version %q, %v", v, err)
				}
				leftovers, _ := filepath.Glob(dir + ".*")
				if len(leftovers) > 0 {
					t.Errorf("left behind: %v", leftovers)
				}
			})
		}
	})
}

// TestRebuildWhileSearching: searches keep working, with full results,
// while the index is rebuilt and caught up.
func TestRebuildWhileSearching(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for range 5 {
			e.offer("fietsenreparatie", "Fietsen opknappen", "Je plakt banden.")
		}
		e.catchUp()
		base := e.text("fietsen").Total

		ctx, stop := context.WithCancel(e.ctx)
		var wg sync.WaitGroup
		var searches atomic.Int64
		for range 4 {
			wg.Go(func() {
				for ctx.Err() == nil {
					res, err := e.ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "fietsen"})
					searches.Add(1)
					if err != nil {
						t.Errorf("search during rebuild: %v", err)
						return
					}
					if res.Total < base {
						t.Errorf("search during rebuild: %d hits, want at least %d", res.Total, base)
						return
					}
				}
			})
		}
		for range 3 {
			must(t, e.ix.Rebuild(e.ctx))
			e.offer("fietsenreparatie", "Fietsen verkopen", "")
			e.catchUp()
		}
		stop()
		wg.Wait()
		if searches.Load() == 0 {
			t.Error("no search ran")
		}
		if got := e.text("fietsen").Total; got != base+3 {
			t.Errorf("total %d after, want %d", got, base+3)
		}
		leftovers, _ := filepath.Glob(e.dir + ".*")
		if len(leftovers) > 0 {
			t.Errorf("left behind: %v", leftovers)
		}
	})
}

// waitFor polls cond until it holds; the limit only stops a broken
// indexer from hanging the test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRun: the indexer follows the database by itself and stops with
// its context.
func TestRun(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		defer store.SetPollInterval(store.SetPollInterval(50 * time.Millisecond))
		e := newEnv(t, db)
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error, 1)
		go func() { done <- e.ix.Run(ctx) }()

		o := e.offer("fietsenreparatie", "Bakfietsen bouwen", "")
		waitFor(t, "new offer indexed", func() bool { return e.found("bakfietsen", o.ID) })
		_, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{Status: ptr(plekwijzer.OfferPaused)}, 0)
		must(t, err)
		waitFor(t, "paused offer gone from the default search", func() bool { return !e.found("bakfietsen", o.ID) })

		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run returned %v", err)
		}
	})
}

// frozenOutbox hides the outbox: only a refresh can bring changes.
type frozenOutbox struct {
	*store.DB
	head int64
}

func (f frozenOutbox) OutboxHead(context.Context) (int64, error) { return f.head, nil }
func (f frozenOutbox) OutboxAfter(context.Context, int64, int) ([]plekwijzer.OutboxEntry, error) {
	return nil, nil
}

// TestDailyRefresh: when the date changes, Run rewrites every offer, so
// the free places are today's even without a write.
func TestDailyRefresh(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer("fietsenreparatie", "Fietsen opknappen", "", func(o *plekwijzer.Offer) {
			o.Capacity = plekwijzer.Capacity{"ma-ochtend": 1}
		})
		e.catchUp()
		head := e.ix.Position()
		must(t, e.ix.Close())
		e.book(o.ID, "ma-ochtend") // in the outbox, which the index will not see
		must(t, search.SetInternal(e.dir, search.KeyFreeDate, "2000-01-01"))

		e.ix = openIndex(t, e.dir, frozenOutbox{db, head})
		monday := plekwijzer.SearchQuery{DayParts: []plekwijzer.DayPart{"ma-ochtend"}}
		if hit(e.search(monday), plekwijzer.KindOffer, o.ID) == nil {
			t.Fatal("the stale document should still show a free place")
		}
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error, 1)
		go func() { done <- e.ix.Run(ctx) }()
		waitFor(t, "refresh of free places", func() bool { return hit(e.search(monday), plekwijzer.KindOffer, o.ID) == nil })
		cancel()
		must(t, <-done)
		must(t, e.ix.Close())
		if d, err := search.Internal(e.dir, search.KeyFreeDate); err != nil || d != string(plekwijzer.Today()) {
			t.Errorf("free date %q, %v; want today", d, err)
		}
	})
}

// flaky fails the calls it is told to fail.
type flaky struct {
	*store.DB
	failOutbox, failIDs, failDocs atomic.Bool
}

var errFlaky = errors.New("database unavailable")

func (f *flaky) OutboxAfter(ctx context.Context, after int64, limit int) ([]plekwijzer.OutboxEntry, error) {
	if f.failOutbox.Load() {
		return nil, errFlaky
	}
	return f.DB.OutboxAfter(ctx, after, limit)
}

func (f *flaky) OfferDocs(ctx context.Context, ids []string) ([]*plekwijzer.OfferDoc, error) {
	if f.failDocs.Load() {
		return nil, errFlaky
	}
	return f.DB.OfferDocs(ctx, ids)
}

func (f *flaky) WorkTypeIDs(ctx context.Context) ([]string, error) {
	if f.failIDs.Load() {
		return nil, errFlaky
	}
	return f.DB.WorkTypeIDs(ctx)
}

// TestSourceFailures: a database failure leaves the index as it was, at
// its position, and searchable; a failed first build leaves nothing.
func TestSourceFailures(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		src := &flaky{DB: db}
		must(t, e.ix.Close())
		e.ix = openIndex(t, e.dir, src)

		o := e.offer("fietsenreparatie", "Fietsen opknappen", "")
		pos := e.ix.Position()
		src.failOutbox.Store(true)
		if _, err := e.ix.CatchUp(e.ctx); !errors.Is(err, errFlaky) {
			t.Errorf("catch-up error %v", err)
		}
		if e.ix.Position() != pos {
			t.Errorf("position moved to %d on failure", e.ix.Position())
		}
		if hit(e.text("keuken"), plekwijzer.KindWorkType, seed.WorkTypeID("keuken-catering")) == nil {
			t.Error("index not searchable after a failed catch-up")
		}
		src.failOutbox.Store(false)
		e.catchUp()
		if !e.found("opknappen", o.ID) {
			t.Error("offer not found once the database is back")
		}

		src.failIDs.Store(true)
		dir := filepath.Join(t.TempDir(), "index")
		if ix, err := search.Open(e.ctx, dir, src, testLogger(t)); !errors.Is(err, errFlaky) {
			if ix != nil {
				ix.Close()
			}
			t.Errorf("open without a database: %v", err)
		}
		if leftovers, _ := filepath.Glob(dir + "*"); len(leftovers) > 0 {
			t.Errorf("failed build left %v", leftovers)
		}
		if err := e.ix.Rebuild(e.ctx); !errors.Is(err, errFlaky) {
			t.Errorf("rebuild without a database: %v", err)
		}
		if !e.found("opknappen", o.ID) {
			t.Error("failed rebuild broke the index")
		}
		// The offers are read while the index writes: a failure there
		// ends the rebuild too, and leaves the index as it was.
		src.failIDs.Store(false)
		src.failDocs.Store(true)
		if err := e.ix.Rebuild(e.ctx); !errors.Is(err, errFlaky) {
			t.Errorf("rebuild while the offers cannot be read: %v", err)
		}
		if leftovers, _ := filepath.Glob(e.dir + ".rebuild-*"); len(leftovers) > 0 {
			t.Errorf("failed rebuild left %v", leftovers)
		}
		if !e.found("opknappen", o.ID) {
			t.Error("failed rebuild broke the index")
		}
		src.failDocs.Store(false)
		must(t, e.ix.Rebuild(e.ctx))
		if !e.found("opknappen", o.ID) {
			t.Error("offer not found after a rebuild")
		}
	})
}

// TestStatsAndClose: the index reports its size, and refuses work once
// closed.
func TestStatsAndClose(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		size, err := e.ix.SizeBytes()
		if err != nil || size <= 0 {
			t.Errorf("size %d, %v", size, err)
		}
		must(t, e.ix.Close())
		must(t, e.ix.Close())
		if _, err := e.ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "fietsen"}); err == nil {
			t.Error("search after close")
		}
		if _, err := e.ix.CatchUp(e.ctx); err == nil {
			t.Error("catch-up after close")
		}
		if err := e.ix.Rebuild(e.ctx); err == nil {
			t.Error("rebuild after close")
		}
		if _, err := e.ix.DocCount(); err == nil {
			t.Error("doc count after close")
		}
		if err := e.ix.Run(e.ctx); err != nil {
			t.Errorf("run after close: %v", err)
		}
	})
}

// TestDatabaseReplacedAhead: a database replaced by one whose outbox is
// already further along than the index (a restore of a busier database)
// is recognised by its epoch, not its sequence numbers, and rebuilt.
func TestDatabaseReplacedAhead(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		old := e.offer("fietsenreparatie", "Fietsen opknappen", "").ID
		e.catchUp()
		must(t, e.ix.Close())

		other := storetest.New(t, db.Engine())
		must(t, seed.Catalogue(e.ctx, other))
		o := newEnv(t, other)
		for range 5 {
			o.offer("groenvoorziening", "Plantsoen bijhouden", "")
		}
		o.ix.Close()
		head, err := other.OutboxHead(e.ctx)
		must(t, err)
		if head <= e.ix.Position() {
			t.Fatalf("the replacement must be ahead: head %d, index position %d", head, e.ix.Position())
		}
		ix := openIndex(t, e.dir, other)
		res, err := ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "fietsen opknappen", Kind: plekwijzer.KindOffer})
		must(t, err)
		if hit(res, plekwijzer.KindOffer, old) != nil {
			t.Error("an offer of the old database is still found")
		}
		res, err = ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "plantsoen", Kind: plekwijzer.KindOffer})
		must(t, err)
		if res.Total != 5 {
			t.Errorf("offers of the new database: %d, want 5", res.Total)
		}
	})
}
