package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/iederz/plekwijzer"
)

// health is whether the index can be written: it turns unhealthy when a
// write of the index itself fails (a folder that cannot be written, a
// full disk, a panic inside bleve), not when the database does, and
// healthy again when the indexer has repaired it and caught up.
type health struct {
	mu    sync.Mutex
	err   error     // nil while healthy: the failure that made it unhealthy
	since time.Time // when it turned unhealthy
}

// errUnavailable is the answer to a search while the index is unhealthy.
var errUnavailable = &plekwijzer.Error{Code: plekwijzer.EUnavailable,
	Message: "Zoeken is even niet beschikbaar: de zoekindex kan nu niet worden bijgewerkt. " +
		"De rest van Plekwijzer werkt gewoon. Probeer het over een paar minuten opnieuw."}

// Health reports whether the index is healthy, and if not, why, in a
// short English phrase for operators (no paths, no data): what /readyz
// shows. The log names the folder.
func (ix *Index) Health() (healthy bool, reason string) {
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	if ix.health.err == nil {
		return true, ""
	}
	return false, reasonOf(ix.health.err)
}

// unavailable returns errUnavailable while the index is unhealthy.
func (ix *Index) unavailable() error {
	if ok, _ := ix.Health(); !ok {
		return errUnavailable
	}
	return nil
}

// failed marks the index unhealthy after err, a failure of the index
// itself; only the change is logged, so a failure that lasts an hour is
// one line, not one per attempt.
func (ix *Index) failed(err error) {
	// A failed write rarely says why; the folder does.
	if perr := ix.probeWritable(); perr != nil {
		err = fmt.Errorf("%w (after: %v)", perr, err)
	}
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	if ix.health.err != nil {
		ix.health.err = err
		ix.log.Debug("search index still unhealthy", "err", err)
		return
	}
	ix.health.err, ix.health.since = err, time.Now()
	ix.log.Error("search index unhealthy: searches answer 503 until it recovers by itself; everything else keeps working",
		"reason", reasonOf(err), "err", err)
}

// recovered marks the index healthy again, logging the change.
func (ix *Index) recovered() {
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	if ix.health.err == nil {
		return
	}
	ix.log.Info("search index recovered", "unhealthyFor", time.Since(ix.health.since).Round(time.Second).String(),
		"position", ix.Position())
	ix.health.err = nil
}

// reasonOf names the kind of failure of err: the operating system's
// error when there is one (a read-only file system, permission denied, no
// space left on device), which says what to fix.
func reasonOf(err error) string {
	var errno syscall.Errno
	var pe *panicError
	switch {
	case errors.As(err, &errno):
		return "the search index folder cannot be written: " + errno.Error()
	case errors.As(err, &pe):
		return "the search library failed while writing (panic)"
	}
	return "writing the search index failed"
}

// panicError is a panic inside bleve, caught at the index boundary.
type panicError struct{ value any }

func (e *panicError) Error() string { return fmt.Sprintf("panic in bleve: %v", e.value) }

// guard calls fn, a call into bleve, and returns its failure as an
// indexError: an error, or a panic. Bleve panics on some write failures
// (a nil map in zapx after it could not write a segment); one failed
// write must not end the service.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &indexError{&panicError{r}}
		}
	}()
	if err := fn(); err != nil {
		return &indexError{err}
	}
	return nil
}

// probeWritable checks that the index folder, and the folder it is in
// (where a rebuild is built), can be written: it creates a file in each
// and removes it again. The folder itself may be missing.
func (ix *Index) probeWritable() error {
	dirs := []string{filepath.Dir(ix.dir)}
	if info, err := os.Stat(ix.dir); err == nil && info.IsDir() {
		dirs = append(dirs, ix.dir)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return &indexError{err}
		}
		f, err := os.CreateTemp(d, ".plekwijzer-probe-*")
		if err != nil {
			return &indexError{err}
		}
		name := f.Name()
		_, werr := f.Write([]byte("ok"))
		cerr := f.Close()
		rerr := os.Remove(name)
		if err := errors.Join(werr, cerr, rerr); err != nil {
			return &indexError{err}
		}
	}
	return nil
}

// repair makes an unhealthy index usable again, once its folder can be
// written: it closes the open index, opens what is on disk and checks it
// (its position is that of the last batch written in full), and rebuilds
// it from the database only when that fails. The caller catches up with
// the outbox from there. While the folder cannot be written it changes
// nothing, so the index on disk survives the outage.
func (ix *Index) repair(ctx context.Context) error {
	if err := ix.probeWritable(); err != nil {
		return err
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	if ix.shut {
		ix.mu.Unlock()
		return errClosed
	}
	old := ix.idx
	ix.idx = nil
	ix.mu.Unlock()
	if old != nil {
		closeQuietly(old)
	}
	return ix.loadLocked(ctx)
}
