// Package search is Plekwijzer's full-text search over work offers and work
// types: what a coach types ("fietsen repareren", "buiten werken met
// planten", a misspelt "groenvoorzeining") becomes a ranked list of offers
// and work types, with highlighted snippets, facet counts and filters on
// what is really available.
//
// It wraps a bleve index on local disk. The database is the source of
// truth and the index is a cache of it that never drifts: every write to
// what the index shows adds an entry to the database's outbox, and the
// indexer applies the outbox in order, reading the current state of each
// entity, and stores its position in the index in the same batch as the
// documents. Re-applying an entry is harmless, so a crash at any moment
// leaves an index that catches up on the next start. An index that is
// missing, unreadable or built with an older mapping is rebuilt from the
// database. Each replica of the service keeps its own index.
package search

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/iederz/plekwijzer"
)

// Keys of the values the index stores about itself.
var (
	keyMappingVersion = []byte("plekwijzer:mappingVersion")
	keyPosition       = []byte("plekwijzer:position") // the last outbox Seq applied
	keyFreeDate       = []byte("plekwijzer:freeDate") // the day the free places are of
	keyEpoch          = []byte("plekwijzer:epoch")    // the database's outbox epoch
)

const (
	// batchSize bounds the outbox entries, and the documents, in one
	// bleve batch.
	batchSize = 500
	// maxWait bounds one wait for a change, whatever the source does: the
	// poll that guarantees progress when a notification is lost.
	maxWait = 30 * time.Second
	// maxBackoff bounds the pause after an error in Run.
	maxBackoff = time.Minute
)

// errClosed is returned by an Index after Close.
var errClosed = errors.New("search: index is closed")

// Index is the search index of one replica. Its methods are safe for
// concurrent use: searches run while the indexer writes, and during a
// rebuild they use the old index until the new one is complete.
type Index struct {
	dir     string
	src     plekwijzer.IndexSource
	log     *slog.Logger
	mapping *mapping.IndexMappingImpl
	syn     synonyms

	// mu guards idx: searches hold it for reading, the swap at the end of
	// a rebuild and Close hold it for writing.
	mu   sync.RWMutex
	idx  bleve.Index // nil after Close, or after a swap that failed
	shut bool        // Close was called

	// writeMu makes CatchUp, Rebuild, the daily refresh and Close take
	// turns, so the position stored in the index always belongs to the
	// documents next to it.
	writeMu  sync.Mutex
	pos      atomic.Int64
	freeDate plekwijzer.Date // guarded by writeMu

	health health
}

var _ plekwijzer.Searcher = (*Index)(nil)

// Open opens the index in dir, or creates it. A missing, unreadable or
// corrupt index, or one built with an older mapping version, is removed
// and rebuilt from src (and logged). Then it catches up with the outbox;
// a failure there is logged and left to Run, because the index itself is
// usable. A folder that cannot be written, or a failed write of the
// index, does not fail Open: the index starts unhealthy (searches answer
// EUnavailable) and Run repairs it once the folder can be written again,
// so a disk problem cannot make the service crash on every start. An
// error means src could not be read for a rebuild.
func Open(ctx context.Context, dir string, src plekwijzer.IndexSource, log *slog.Logger) (*Index, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m, err := buildMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	syn, err := loadSynonyms(m.AnalyzerNamed(analyzerFolded))
	if err != nil {
		return nil, err
	}
	dir = filepath.Clean(dir)
	ix := &Index{dir: dir, src: src, log: log.With("index", dir), mapping: m, syn: syn}
	// A folder that cannot be written is left exactly as it is: opening
	// an index there would fail on its first write, and removing a
	// damaged one is impossible.
	if err := ix.probeWritable(); err != nil {
		ix.failed(err)
		return ix, nil
	}
	ix.removeLeftovers()

	ix.writeMu.Lock()
	err = ix.loadLocked(ctx)
	ix.writeMu.Unlock()
	var ie *indexError
	switch {
	case errors.As(err, &ie):
		ix.failed(err)
		return ix, nil
	case err != nil:
		return nil, err
	}

	if n, err := ix.CatchUp(ctx); errors.As(err, &ie) {
		ix.failed(err)
	} else if err != nil {
		ix.log.Warn("search index could not catch up at start; retrying in the background", "err", err)
	} else if n > 0 {
		ix.log.Info("search index caught up", "entries", n, "position", ix.Position())
	}
	return ix, nil
}

// loadLocked opens the index on disk, or when there is none or it is
// unusable or of another database, builds it from the database. The
// caller holds writeMu, and no index is open.
func (ix *Index) loadLocked(ctx context.Context) error {
	idx, pos, freeDate, problem := ix.openExisting()
	if idx != nil {
		same, why, err := ix.sameDatabase(ctx, idx)
		if err != nil {
			closeQuietly(idx)
			return err
		}
		if !same {
			closeQuietly(idx)
			idx, problem = nil, errors.New(why)
			if err := os.RemoveAll(ix.dir); err != nil {
				return &indexError{fmt.Errorf("remove the search index of another database: %w", err)}
			}
		}
	}
	if idx == nil {
		if problem != nil {
			ix.log.Warn("search index unusable; rebuilding it from the database", "reason", problem.Error())
		} else {
			ix.log.Info("no search index yet; building it from the database")
		}
		return ix.rebuildLocked(ctx)
	}
	ix.mu.Lock()
	ix.idx = idx
	ix.mu.Unlock()
	ix.freeDate = freeDate
	ix.pos.Store(pos)
	return nil
}

// sameDatabase checks that idx was built from src's database: a restored
// or replaced database has another outbox epoch, and its sequence numbers
// mean something else. An error is one of reading either.
func (ix *Index) sameDatabase(ctx context.Context, idx bleve.Index) (same bool, why string, err error) {
	want, err := ix.src.OutboxEpoch(ctx)
	if err != nil {
		return false, "", fmt.Errorf("search: read the outbox epoch: %w", err)
	}
	have, err := idx.GetInternal(keyEpoch)
	if err != nil {
		return false, "", &indexError{err}
	}
	if string(have) != want {
		return false, fmt.Sprintf("the index was built from another database (epoch %q, database %q)", have, want), nil
	}
	return true, "", nil
}

// openExisting opens the index in dir and checks it. A nil index with a
// nil problem means there is none; with a problem, the directory has been
// removed.
func (ix *Index) openExisting() (idx bleve.Index, pos int64, freeDate plekwijzer.Date, problem error) {
	if _, err := os.Stat(ix.dir); errors.Is(err, fs.ErrNotExist) {
		return nil, 0, "", nil
	}
	idx, pos, freeDate, problem = ix.tryOpen()
	if problem != nil {
		if idx != nil {
			closeQuietly(idx)
		}
		if err := os.RemoveAll(ix.dir); err != nil {
			ix.log.Error("cannot remove unusable search index", "err", err)
		}
		return nil, 0, "", problem
	}
	return idx, pos, freeDate, nil
}

// tryOpen opens dir and reads what the index says about itself. A
// damaged segment can make bleve panic instead of failing, so a panic
// counts as damage too.
func (ix *Index) tryOpen() (idx bleve.Index, pos int64, freeDate plekwijzer.Date, problem error) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Errorf("panic while opening: %v", r)
		}
	}()
	idx, err := bleve.Open(ix.dir)
	if err != nil {
		return nil, 0, "", err
	}
	v, err := idx.GetInternal(keyMappingVersion)
	if err != nil {
		return idx, 0, "", err
	}
	if string(v) != strconv.Itoa(MappingVersion) {
		return idx, 0, "", fmt.Errorf("mapping version %q, want %d", v, MappingVersion)
	}
	p, err := idx.GetInternal(keyPosition)
	if err != nil {
		return idx, 0, "", err
	}
	pos, err = strconv.ParseInt(string(p), 10, 64)
	if err != nil || pos < 0 {
		return idx, 0, "", fmt.Errorf("bad position %q", p)
	}
	d, err := idx.GetInternal(keyFreeDate)
	if err != nil {
		return idx, 0, "", err
	}
	if err := check(idx); err != nil {
		return idx, 0, "", err
	}
	return idx, pos, plekwijzer.Date(d), nil
}

// checkSample is the number of documents whose stored fields the
// start-up check reads.
const checkSample = 200

// check looks for damage at start, rather than in a coach's search: the
// checksum of every segment file the index uses (a zap segment ends with
// the CRC-32 of everything before it; 270 MB take about 0.2 s), the facet
// doc values of every document, and the stored fields of a sample. Reading
// every stored document instead took seconds at 100 000 offers.
func check(idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		for _, seg := range snap.Segments() {
			if f, ok := seg.Segment().(interface{ Path() string }); ok {
				if err := checkSegmentFile(f.Path()); err != nil {
					return err
				}
			}
		}
	}
	n, err := idx.DocCount()
	if err != nil {
		return err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), checkSample, 0, false)
	req.Fields = []string{"*"}
	req.AddFacet(fieldFacets, bleve.NewFacetRequest(fieldFacets, 10_000))
	req.SortBy([]string{fieldSort})
	res, err := idx.Search(req)
	if err != nil {
		return err
	}
	if res.Total != n {
		return fmt.Errorf("%d documents counted, %d found", n, res.Total)
	}
	for _, h := range res.Hits {
		if _, _, ok := splitDocID(h.ID); !ok {
			return fmt.Errorf("bad document id %q", h.ID)
		}
	}
	return nil
}

// checkSegmentFile compares a zap segment file with the CRC-32 (IEEE,
// big-endian) in its last four bytes, which covers everything before it.
func checkSegmentFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() < 4 {
		return fmt.Errorf("segment %s: %d bytes", filepath.Base(path), info.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, info.Size()-4); err != nil {
		return fmt.Errorf("segment %s: %w", filepath.Base(path), err)
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil {
		return fmt.Errorf("segment %s: %w", filepath.Base(path), err)
	}
	if h.Sum32() != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("segment %s: checksum mismatch", filepath.Base(path))
	}
	return nil
}

// forceMerge merges the segments of idx as far as scorch's
// single-segment merge plan allows.
func forceMerge(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	return s.ForceMerge(ctx, nil)
}

func closeQuietly(idx bleve.Index) {
	defer func() { _ = recover() }()
	_ = idx.Close()
}

// Directories next to dir: a rebuild in progress and an index moved
// aside during the swap. Both are left behind only by a crash.
func (ix *Index) rebuildPattern() string { return ix.dir + ".rebuild-*" }
func (ix *Index) asidePattern() string   { return ix.dir + ".old-*" }

func (ix *Index) removeLeftovers() {
	for _, pattern := range []string{ix.rebuildPattern(), ix.asidePattern()} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if err := os.RemoveAll(m); err != nil {
				ix.log.Warn("cannot remove leftover search index directory", "dir", m, "err", err)
			}
		}
	}
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Rebuild builds a new index from the database into a directory next to
// dir and swaps it in with a rename. Searches keep using the old index
// while it builds; they wait only for the swap itself.
func (ix *Index) Rebuild(ctx context.Context) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed() {
		return errClosed
	}
	return ix.rebuildLocked(ctx)
}

func (ix *Index) closed() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.shut
}

func (ix *Index) rebuildLocked(ctx context.Context) error {
	start := time.Now()
	if err := os.MkdirAll(filepath.Dir(ix.dir), 0o755); err != nil {
		return fmt.Errorf("search: rebuild: %w", &indexError{err})
	}
	tmp := ix.dir + ".rebuild-" + randomSuffix()
	var nidx bleve.Index
	if err := guard(func() (err error) { nidx, err = bleve.New(tmp, ix.mapping); return err }); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("search: rebuild: %w", err)
	}
	fail := func(err error) error {
		closeQuietly(nidx)
		os.RemoveAll(tmp)
		return fmt.Errorf("search: rebuild: %w", err)
	}

	// The position is the head before anything is read: whatever
	// changes while the entities are read is in the outbox after it, and
	// applying it again later is harmless.
	head, err := ix.src.OutboxHead(ctx)
	if err != nil {
		return fail(err)
	}
	epoch, err := ix.src.OutboxEpoch(ctx)
	if err != nil {
		return fail(err)
	}
	// Likewise the date: if it changes while reading, Run refreshes the
	// free places once more.
	today := plekwijzer.Today()
	docs := 0
	wts, err := ix.src.WorkTypeIDs(ctx)
	if err != nil {
		return fail(err)
	}
	for len(wts) > 0 {
		n := min(batchSize, len(wts))
		b := nidx.NewBatch()
		c, err := ix.load(ctx, b, nil, wts[:n])
		if err != nil {
			return fail(err)
		}
		if err := guard(func() error { return nidx.Batch(b) }); err != nil {
			return fail(err)
		}
		docs += c
		wts = wts[n:]
	}
	// The offers are read from the database one batch ahead of the
	// index: while bleve analyses a batch, the next is read and mapped.
	readCtx, stopReading := context.WithCancel(ctx)
	batches := ix.readOffers(readCtx, nidx)
	for l := range batches {
		if l.err == nil {
			l.err = guard(func() error { return nidx.Batch(l.batch) })
		}
		if l.err != nil {
			stopReading()
			for range batches {
			}
			return fail(l.err)
		}
		docs += l.docs
	}
	stopReading()
	// Reading stops early only when ctx ended: then the batches are not
	// all there.
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	b := nidx.NewBatch()
	b.SetInternal(keyMappingVersion, []byte(strconv.Itoa(MappingVersion)))
	b.SetInternal(keyPosition, []byte(strconv.FormatInt(head, 10)))
	b.SetInternal(keyEpoch, []byte(epoch))
	b.SetInternal(keyFreeDate, []byte(today))
	if err := guard(func() error { return nidx.Batch(b) }); err != nil {
		return fail(err)
	}
	// A bulk load leaves a dozen segments of very different sizes; one
	// (or a few) merged segments make every search cheaper, and the
	// merge costs a few seconds once, before anyone searches.
	if err := guard(func() error { return forceMerge(ctx, nidx) }); err != nil {
		return fail(err)
	}
	if err := guard(nidx.Close); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("search: rebuild: %w", err)
	}
	if err := ix.swap(tmp); err != nil {
		return err
	}
	ix.pos.Store(head)
	ix.freeDate = today
	ix.log.Info("search index rebuilt", "documents", docs, "position", head, "ms", time.Since(start).Milliseconds())
	return nil
}

// offerBatch is a batch of offer documents read for a rebuild, or the
// error that ended the reading.
type offerBatch struct {
	batch *bleve.Batch
	docs  int
	err   error
}

// readOffers reads every offer, batchSize at a time in id order, into
// batches of idx, sending each as soon as it is read; the channel closes
// after the last one or an error, or when ctx ends.
func (ix *Index) readOffers(ctx context.Context, idx bleve.Index) <-chan offerBatch {
	out := make(chan offerBatch, 1)
	go func() {
		defer close(out)
		send := func(l offerBatch) bool {
			select {
			case out <- l:
				return l.err == nil
			case <-ctx.Done():
				return false
			}
		}
		for after := ""; ; {
			ids, err := ix.src.OfferIDs(ctx, after, batchSize)
			if err != nil {
				send(offerBatch{err: err})
				return
			}
			if len(ids) == 0 {
				return
			}
			b := idx.NewBatch()
			n, err := ix.load(ctx, b, ids, nil)
			if !send(offerBatch{batch: b, docs: n, err: err}) || len(ids) < batchSize {
				return
			}
			after = ids[len(ids)-1]
		}
	}()
	return out
}

// swap replaces the index in dir with the complete one in tmp.
func (ix *Index) swap(tmp string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx != nil {
		closeQuietly(ix.idx)
		ix.idx = nil
	}
	aside := ""
	if _, err := os.Stat(ix.dir); err == nil {
		aside = ix.dir + ".old-" + randomSuffix()
		if err := os.Rename(ix.dir, aside); err != nil {
			os.RemoveAll(tmp)
			ix.reopenLocked()
			return fmt.Errorf("search: rebuild: move old index aside: %w", &indexError{err})
		}
	}
	if err := os.Rename(tmp, ix.dir); err != nil {
		os.RemoveAll(tmp)
		if aside != "" {
			os.Rename(aside, ix.dir)
		}
		ix.reopenLocked()
		return fmt.Errorf("search: rebuild: swap in new index: %w", &indexError{err})
	}
	if aside != "" {
		if err := os.RemoveAll(aside); err != nil {
			ix.log.Warn("cannot remove old search index", "dir", aside, "err", err)
		}
	}
	var idx bleve.Index
	if err := guard(func() (err error) { idx, err = bleve.Open(ix.dir); return err }); err != nil {
		return fmt.Errorf("search: open rebuilt index: %w", err)
	}
	ix.idx = idx
	return nil
}

// reopenLocked reopens the index in dir after a failed swap.
func (ix *Index) reopenLocked() {
	var idx bleve.Index
	if err := guard(func() (err error) { idx, err = bleve.Open(ix.dir); return err }); err != nil {
		ix.log.Error("cannot reopen search index after a failed rebuild", "err", err)
		return
	}
	ix.idx = idx
}

// current returns the open index: errClosed after Close, an indexError
// when a failed swap left none open (Run then rebuilds).
func (ix *Index) current() (bleve.Index, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.currentLocked()
}

func (ix *Index) currentLocked() (bleve.Index, error) {
	switch {
	case ix.shut:
		return nil, errClosed
	case ix.idx == nil:
		return nil, &indexError{errors.New("no index open")}
	}
	return ix.idx, nil
}

// load adds to b the current documents of the given offers and work
// types, and deletes those that no longer exist. It returns the number
// of documents written.
func (ix *Index) load(ctx context.Context, b *bleve.Batch, offerIDs, workTypeIDs []string) (int, error) {
	n := 0
	if len(offerIDs) > 0 {
		docs, err := ix.src.OfferDocs(ctx, offerIDs)
		if err != nil {
			return 0, err
		}
		found := make(map[string]bool, len(docs))
		for _, d := range docs {
			if d == nil || d.Offer == nil {
				continue
			}
			found[d.Offer.ID] = true
			if err := ix.add(b, docID(plekwijzer.KindOffer, d.Offer.ID), ix.syn.offerDocument(d)); err != nil {
				return 0, err
			}
			n++
		}
		for _, id := range offerIDs {
			if !found[id] {
				b.Delete(docID(plekwijzer.KindOffer, id))
			}
		}
	}
	if len(workTypeIDs) > 0 {
		docs, err := ix.src.WorkTypeDocs(ctx, workTypeIDs)
		if err != nil {
			return 0, err
		}
		found := make(map[string]bool, len(docs))
		for _, w := range docs {
			if w == nil {
				continue
			}
			found[w.ID] = true
			if err := ix.add(b, docID(plekwijzer.KindWorkType, w.ID), ix.syn.workTypeDocument(w)); err != nil {
				return 0, err
			}
			n++
		}
		for _, id := range workTypeIDs {
			if !found[id] {
				b.Delete(docID(plekwijzer.KindWorkType, id))
			}
		}
	}
	return n, nil
}

// add adds the document of data to b.
func (ix *Index) add(b *bleve.Batch, id string, data map[string]any) error {
	doc, err := document(ix.mapping, id, data)
	if err != nil {
		return err
	}
	return b.IndexAdvanced(doc)
}

// indexError marks a failure of the index itself, as opposed to one of
// the database: Run answers it with a rebuild.
type indexError struct{ err error }

func (e *indexError) Error() string { return "search: index: " + e.err.Error() }
func (e *indexError) Unwrap() error { return e.err }

// CatchUp applies the outbox entries after the stored position, in
// batches: for each batch it loads the current documents of the entities
// named, writes those that exist, deletes those that do not and stores
// the batch's last Seq, all in one bleve batch. It returns the number of
// entries applied. An outbox whose head lies before the stored position
// belongs to another database (a restore, a new installation): the index
// is then rebuilt.
func (ix *Index) CatchUp(ctx context.Context) (int, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return 0, err
	}
	pos := ix.pos.Load()
	head, err := ix.src.OutboxHead(ctx)
	if err != nil {
		return 0, fmt.Errorf("search: catch up: %w", err)
	}
	if head < pos {
		ix.log.Warn("the outbox is behind the search index, so the database was replaced; rebuilding", "position", pos, "head", head)
		if err := ix.rebuildLocked(ctx); err != nil {
			return 0, err
		}
		return 0, nil
	}
	applied := 0
	for pos < head {
		entries, err := ix.src.OutboxAfter(ctx, pos, batchSize)
		if err != nil {
			return applied, fmt.Errorf("search: catch up: %w", err)
		}
		if len(entries) == 0 {
			break
		}
		var offers, workTypes []string
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Seq <= pos {
				return applied, fmt.Errorf("search: catch up: outbox entry %d after %d is out of order", e.Seq, pos)
			}
			key := e.Kind + ":" + e.ID
			if seen[key] {
				continue
			}
			seen[key] = true
			switch e.Kind {
			case plekwijzer.KindOffer:
				offers = append(offers, e.ID)
			case plekwijzer.KindWorkType:
				workTypes = append(workTypes, e.ID)
			default:
				ix.log.Warn("outbox entry of unknown kind skipped", "seq", e.Seq, "kind", e.Kind)
			}
		}
		last := entries[len(entries)-1].Seq
		b := idx.NewBatch()
		if _, err := ix.load(ctx, b, offers, workTypes); err != nil {
			return applied, fmt.Errorf("search: catch up: %w", err)
		}
		b.SetInternal(keyPosition, []byte(strconv.FormatInt(last, 10)))
		if err := guard(func() error { return idx.Batch(b) }); err != nil {
			return applied, err
		}
		pos = last
		ix.pos.Store(pos)
		applied += len(entries)
		ix.log.Debug("search index: outbox applied", "entries", len(entries), "offers", len(offers), "workTypes", len(workTypes), "position", pos)
		if len(entries) < batchSize {
			// The head may have moved on meanwhile; the next call
			// picks that up.
			break
		}
	}
	return applied, nil
}

// refreshFree rewrites every offer document, so the free places per
// day-part are today's: placements start and end by the calendar, with
// no write that would reach the outbox.
func (ix *Index) refreshFree(ctx context.Context, today plekwijzer.Date) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return err
	}
	docs := 0
	for after := ""; ; {
		ids, err := ix.src.OfferIDs(ctx, after, batchSize)
		if err != nil {
			return fmt.Errorf("search: refresh: %w", err)
		}
		b := idx.NewBatch()
		n, err := ix.load(ctx, b, ids, nil)
		if err != nil {
			return fmt.Errorf("search: refresh: %w", err)
		}
		last := len(ids) < batchSize
		if last {
			// With the last documents, so the date never claims more
			// than the index holds.
			b.SetInternal(keyFreeDate, []byte(today))
		}
		if err := guard(func() error { return idx.Batch(b) }); err != nil {
			return err
		}
		docs += n
		if last {
			break
		}
		after = ids[len(ids)-1]
	}
	ix.freeDate = today
	ix.log.Info("search index: free places refreshed", "date", today, "offers", docs)
	return nil
}

func (ix *Index) freeDateIs(d plekwijzer.Date) bool {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.freeDate == d
}

// Run keeps the index up to date until ctx ends, then returns nil: it
// catches up with the outbox, waits for a change (or at most a poll
// interval) and repeats; once a day, when the Dutch date changes, it
// refreshes the free places of every offer. Errors are retried after a
// pause that doubles up to maxBackoff. A failure of the index itself
// (a write that failed or panicked) makes the index unhealthy: then each
// attempt first repairs it (reopen and check, else rebuild; nothing is
// touched while its folder cannot be written) and it is healthy again
// once it has caught up. Run never gives up on a transient error.
func (ix *Index) Run(ctx context.Context) error {
	backoff := time.Second
	pause := func() {
		t := time.NewTimer(backoff)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		backoff = min(2*backoff, maxBackoff)
	}
	// fail reports whether Run is to stop; otherwise it records err and
	// pauses.
	fail := func(what string, err error) bool {
		if ctx.Err() != nil || errors.Is(err, errClosed) {
			return true
		}
		var ie *indexError
		if errors.As(err, &ie) {
			ix.failed(err)
		} else {
			ix.log.Error("search index: "+what+" failed", "err", err, "position", ix.Position())
		}
		pause()
		return false
	}
	for ctx.Err() == nil {
		if ok, _ := ix.Health(); !ok {
			if err := ix.repair(ctx); err != nil {
				if fail("repairing", err) {
					break
				}
				continue
			}
		}
		if today := plekwijzer.Today(); !ix.freeDateIs(today) {
			if err := ix.refreshFree(ctx, today); err != nil {
				if fail("refreshing free places", err) {
					break
				}
				continue
			}
		}
		if _, err := ix.CatchUp(ctx); err != nil {
			if fail("catching up", err) {
				break
			}
			continue
		}
		ix.recovered()
		backoff = time.Second
		wctx, cancel := context.WithTimeout(ctx, maxWait)
		err := ix.src.WaitForChange(wctx)
		cancel()
		if err != nil && ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
			ix.log.Warn("search index: waiting for changes failed", "err", err)
			pause()
		}
	}
	return nil
}

// Position is the Seq of the last outbox entry applied.
func (ix *Index) Position() int64 { return ix.pos.Load() }

// DocCount is the number of documents, offers and work types together.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	idx, err := ix.currentLocked()
	if err != nil {
		return 0, err
	}
	return idx.DocCount()
}

// SizeBytes is the size of the index on disk.
func (ix *Index) SizeBytes() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if _, err := ix.currentLocked(); err != nil {
		return 0, err
	}
	var n int64
	err := filepath.WalkDir(ix.dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a segment merged away while walking
			}
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search: size: %w", err)
	}
	return n, nil
}

// Close closes the index; it waits for a catch-up or rebuild in progress
// (cancel Run's context first). Searches after Close fail.
func (ix *Index) Close() error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.shut = true
	if ix.idx == nil {
		return nil
	}
	// After a failed write bleve may panic here too.
	err := guard(ix.idx.Close)
	ix.idx = nil
	return err
}
