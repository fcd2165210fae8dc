package store

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iederz/plekwijzer"
)

// auditGroup commits the audit rows of concurrent requests together (group
// commit). Every audited read must have its rows committed before its answer
// is sent; with a commit per request, each read waits for its own commit
// (three round trips and a flush of the write-ahead log), and under load
// those commits queue for connections and for the disk.
//
// Up to lanes commits run at once. A caller that finds a lane free commits
// at once with whatever is queued; otherwise it queues. A commit that ends
// with callers queued hands them, as one batch, to the first of them, who
// commits that batch in the same lane. So at low load every request commits
// alone and at once, as before, and under load the rows of everyone who
// came during a commit share the next one. A caller returns only when the
// commit holding its rows has succeeded (or failed), so no guarantee is
// weakened: the rows are durable exactly as before, in fewer commits. There
// is no background goroutine: nothing to start or stop.
type auditGroup struct {
	mu      sync.Mutex
	queue   []*auditWait
	lanes   int // commits under way
	writing int // callers in the commits under way
	stats   auditGroupStats
	// alone makes every caller commit on its own, as before group commit:
	// the baseline of the benchmarks.
	alone atomic.Bool
}

// auditWait is one caller's rows and how it learns the outcome.
type auditWait struct {
	entries []plekwijzer.AuditEntry
	done    chan auditDone
}

// auditDone tells a waiting caller that its rows are committed (err nil)
// or could not be (err), or hands it a batch (its own rows among them) to
// commit in the lane that just finished.
type auditDone struct {
	err   error
	batch []*auditWait
}

// auditGroupStats counts commits and the callers they served.
type auditGroupStats struct {
	Commits int64
	Callers int64
}

// maxAuditGroup bounds the callers in one commit.
const maxAuditGroup = 256

// auditWriteTimeout bounds one shared commit. A caller's own context does
// not end it: the commit serves others too.
const auditWriteTimeout = 15 * time.Second

// auditLanes is how many audit commits run at once: SQLite has one writer;
// PostgreSQL flushes concurrent commits together, so a few lanes keep its
// flushes full without taking many connections.
func (db *DB) auditLanes() int {
	if db.engine == Postgres {
		return 4
	}
	return 1
}

// record commits entries with whatever else is waiting, and returns when
// that commit has ended.
func (g *auditGroup) record(ctx context.Context, db *DB, entries []plekwijzer.AuditEntry) error {
	if g.alone.Load() {
		return db.writeAudit(ctx, entries)
	}
	w := &auditWait{entries: entries, done: make(chan auditDone, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	var batch []*auditWait
	if g.lanes < db.auditLanes() {
		g.lanes++
		batch = g.take()
		g.mu.Unlock()
	} else {
		g.mu.Unlock()
		// A queued caller waits for its commit whatever its context says:
		// it may be handed a batch, and the others in it depend on it.
		d := <-w.done
		if d.batch == nil {
			return d.err
		}
		batch = d.batch
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditWriteTimeout)
	errs := db.writeAuditGroup(wctx, batch)
	cancel()
	var mine error
	for i, b := range batch {
		if b == w {
			mine = errs[i]
			continue
		}
		b.done <- auditDone{err: errs[i]}
	}
	g.mu.Lock()
	g.writing -= len(batch)
	if len(g.queue) == 0 {
		g.lanes--
		g.mu.Unlock()
		return mine
	}
	// Callers came during the commit: the first of them commits them
	// all next, in this lane, and this caller answers now.
	next := g.take()
	g.mu.Unlock()
	next[0].done <- auditDone{batch: next}
	return mine
}

// take removes the next batch from the queue; g.mu is held.
func (g *auditGroup) take() []*auditWait {
	n := min(len(g.queue), maxAuditGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.stats.Commits++
	g.stats.Callers += int64(n)
	g.writing += n
	return batch
}

// writeAuditGroup writes the rows of every caller in batch in one
// transaction. If that fails, it writes each caller's rows on their own, so
// that one caller's bad rows fail that caller only. It returns each caller's
// outcome.
func (db *DB) writeAuditGroup(ctx context.Context, batch []*auditWait) []error {
	errs := make([]error, len(batch))
	all := batch[0].entries
	if len(batch) > 1 {
		all = nil
		for _, b := range batch {
			all = append(all, b.entries...)
		}
	}
	err := db.writeAudit(ctx, all)
	if err == nil || len(batch) == 1 {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	for i, b := range batch {
		errs[i] = db.writeAudit(ctx, b.entries)
	}
	return errs
}

// writeAudit commits entries in a transaction of their own. It does not
// wake the indexer as other commits do: audit rows change nothing it
// indexes.
func (db *DB) writeAudit(ctx context.Context, entries []plekwijzer.AuditEntry) error {
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return db.translate(err)
	}
	defer tx.Rollback()
	if err := db.auditCommitMode(ctx, tx); err != nil {
		return db.translate(err)
	}
	if err := db.recordAccess(ctx, tx, entries); err != nil {
		return db.translate(err)
	}
	return db.translate(tx.Commit())
}

// AuditCommits reports how many commits the audit rows of RecordAccess
// took and for how many calls: their ratio is the group commit's gain.
func (db *DB) AuditCommits() (commits, callers int64) {
	db.audits.mu.Lock()
	defer db.audits.mu.Unlock()
	return db.audits.stats.Commits, db.audits.stats.Callers
}

// SetAuditGroupCommit turns group commit of audit rows off (every call of
// RecordAccess commits alone, as before; the benchmarks' baseline) or on
// (the default).
func (db *DB) SetAuditGroupCommit(on bool) { db.audits.alone.Store(!on) }
