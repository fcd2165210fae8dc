package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/iederz/plekwijzer"
)

// expiryInterval is how often the service cancels proposals whose hold ran
// out. Bookings never count an expired proposal anyway; the sweep makes
// their status say so for everyone who reads them.
const expiryInterval = 10 * time.Minute

// sweepStore is what the sweep changes: expired proposals, and accepted
// placements whose start date has come.
type sweepStore interface {
	ExpireProposals(ctx context.Context) (int, error)
	StartAccepted(ctx context.Context) (int, error)
}

// expireProposals runs the sweep at once and then every interval until ctx
// ends.
func expireProposals(ctx context.Context, s sweepStore, log *slog.Logger, interval time.Duration) {
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
		started, err := s.StartAccepted(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("starting accepted placements failed", "err", err)
		case started > 0:
			log.Info("accepted placements started", "count", started)
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

// Keeping the outbox short (docs/SCALING.md): every replica reports how
// far its index has applied the outbox, and the entries every replica
// reported within replicaTimeout has applied are pruned.
const (
	reportInterval = time.Minute
	pruneInterval  = 10 * time.Minute
	// replicaTimeout is how long a replica that is not heard from (down,
	// or cut off from the database) holds back pruning. One that comes
	// back later rebuilds its index at start.
	replicaTimeout = 7 * 24 * time.Hour
)

// replicaID is the id this replica is known by in the outbox's table of
// replicas, kept in the data folder next to the index: made on first use.
func replicaID(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "replica-id")
	b, err := os.ReadFile(path)
	if err == nil && plekwijzer.ValidID(strings.TrimSpace(string(b))) {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return "", err
	}
	id := plekwijzer.NewID()
	return id, os.WriteFile(path, []byte(id+"\n"), 0o640)
}

// resumeReplica marks this replica seen before its index opens, and
// removes the index when the outbox was pruned past the position recorded
// for it (it was away longer than replicaTimeout, or its id is new while
// entries were pruned): it may have missed entries, so it is rebuilt.
func resumeReplica(ctx context.Context, s plekwijzer.OutboxStore, id, indexDir string, log *slog.Logger) error {
	pos, known, through, err := s.ResumeReplica(ctx, id)
	if err != nil {
		return fmt.Errorf("register this replica: %w", err)
	}
	if through > 0 && (!known || pos < through) {
		log.Warn("the outbox was pruned past this replica's search index; rebuilding it", "position", pos, "known", known, "prunedThrough", through)
		return os.RemoveAll(indexDir)
	}
	return nil
}

// positioned is the part of the search index keepOutbox needs.
type positioned interface {
	Position() int64
	Rebuild(ctx context.Context) error
}

// keepOutbox reports this replica's index position every interval and
// prunes the outbox every pruneEvery reports, until ctx ends.
func keepOutbox(ctx context.Context, s plekwijzer.OutboxStore, ix positioned, id string, log *slog.Logger, interval time.Duration, pruneEvery int, staleAfter time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for n := 1; ; n++ {
		tendOutbox(ctx, s, ix, id, log, n%pruneEvery == 0, staleAfter)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// tendOutbox reports this replica's index position and, with prune, prunes
// what every replica seen within staleAfter has applied. Should the outbox
// have been pruned past the index anyway (reports failed for longer than
// staleAfter), the index is rebuilt.
func tendOutbox(ctx context.Context, s plekwijzer.OutboxStore, ix positioned, id string, log *slog.Logger, prune bool, staleAfter time.Duration) {
	pos := ix.Position()
	through, err := s.ReportIndexPosition(ctx, id, pos)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("reporting the search index position failed", "err", err)
	case err == nil && through > pos:
		log.Warn("the outbox was pruned past the search index; rebuilding it", "position", pos, "prunedThrough", through)
		if err := ix.Rebuild(ctx); err != nil && ctx.Err() == nil {
			log.Error("search index rebuild failed", "err", err)
		}
	}
	if !prune {
		return
	}
	if deleted, err := s.PruneOutbox(ctx, staleAfter); err != nil && ctx.Err() == nil {
		log.Warn("pruning the outbox failed", "err", err)
	} else if deleted > 0 {
		log.Info("outbox pruned", "entries", deleted)
	}
}
