package search_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// inMountNamespace is set in the child process that TestUnwritableFolder
// runs in its own mount namespace.
const inMountNamespace = "PLEKWIJZER_TEST_MOUNT_NAMESPACE"

// lockedBuffer is a log that goroutines write while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// count is the number of log lines with msg.
func (l *lockedBuffer) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), `msg="`+msg+`"`)
}

// TestUnwritableFolder: the index folder stops being writable while the
// database stays writable. How: a read-only bind mount over the folder the
// index is in, which root cannot write either (file permissions would not
// stop root). The mount lives in a mount namespace of its own: the test
// runs itself again as a child process created with CLONE_NEWNS, so the
// mount disappears with that process whatever happens to it, and nothing
// else on the machine sees it. Writes of offers then make bleve fail (it
// panicked with "assignment to entry in nil map" before); expected: no
// panic, the index unhealthy with the operating system's reason, searches
// EUnavailable, the indexer backing off and logging the change once; an
// index opened on the folder meanwhile (a restart) starts unhealthy
// instead of failing; once the folder is writable again the index
// recovers by itself and catches up with every change from the outbox.
func TestUnwritableFolder(t *testing.T) {
	if os.Getenv(inMountNamespace) == "" {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestUnwritableFolder$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), inMountNamespace+"=1")
		// Go makes every mount of the new namespace private.
		cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
		out, err := cmd.CombinedOutput()
		if err != nil && cmd.ProcessState == nil {
			t.Skipf("cannot start the test in a mount namespace of its own (needs root or CAP_SYS_ADMIN; cmd/plekwijzer's TestIndexFolderUnwritable covers a non-root user): %v", err)
		}
		t.Logf("in its own mount namespace:\n%s", out)
		if err != nil {
			t.Fatalf("the test in its own mount namespace failed: %v", err)
		}
		return
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		defer store.SetPollInterval(store.SetPollInterval(50 * time.Millisecond))
		logs := &lockedBuffer{}
		log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		disk := filepath.Join(t.TempDir(), "disk")
		must(t, os.Mkdir(disk, 0o755))
		e := newEnv(t, db)
		must(t, e.ix.Close())
		e.dir = filepath.Join(disk, "index")
		ix, err := search.Open(e.ctx, e.dir, db, log)
		must(t, err)
		e.ix = ix
		t.Cleanup(func() { ix.Close() })
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error, 1)
		go func() { done <- ix.Run(ctx) }()
		defer func() { cancel(); <-done }()

		before := e.offer("fietsenreparatie", "Bakfietsen bouwen", "")
		waitFor(t, "offer indexed", func() bool { return e.found("bakfietsen", before.ID) })

		must(t, syscall.Mount(disk, disk, "", syscall.MS_BIND, ""))
		writable := func() { must(t, syscall.Mount("", disk, "", syscall.MS_BIND|syscall.MS_REMOUNT, "")) }
		t.Cleanup(func() { syscall.Unmount(disk, syscall.MNT_DETACH) })
		must(t, syscall.Mount("", disk, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""))
		if err := os.WriteFile(filepath.Join(disk, "probe"), nil, 0o644); err == nil {
			t.Fatal("the read-only folder can be written")
		}

		var during []*plekwijzer.Offer
		for i := range 5 {
			during = append(during, e.offer("fietsenreparatie", "Ligfietsen lassen", "", func(o *plekwijzer.Offer) {
				o.Description = strings.Repeat("frame ", i+1)
			}))
			time.Sleep(100 * time.Millisecond)
		}
		waitFor(t, "index unhealthy", func() bool { ok, _ := ix.Health(); return !ok })
		_, reason := ix.Health()
		t.Logf("unhealthy: %s", reason)
		if !strings.Contains(reason, "read-only file system") {
			t.Errorf("reason %q does not say the folder is read-only", reason)
		}
		_, err = ix.Search(e.ctx, plekwijzer.SearchQuery{Text: "fietsen"})
		if plekwijzer.ErrorCode(err) != plekwijzer.EUnavailable || !strings.Contains(plekwijzer.ErrorMessage(err), "Zoeken is even niet beschikbaar") {
			t.Errorf("search while unhealthy: %v", err)
		}

		// A restart meanwhile: the index opens, unhealthy, and leaves the
		// folder as it is.
		again, err := search.Open(e.ctx, e.dir, db, log)
		if err != nil {
			t.Fatalf("open on a read-only folder: %v", err)
		}
		if ok, _ := again.Health(); ok {
			t.Error("an index opened on a read-only folder says it is healthy")
		}
		must(t, again.Close())

		// Backoff: after the first failures the attempts come 1, 2, 4 s
		// apart; a tight loop would make thousands.
		start := logs.count("search index still unhealthy")
		time.Sleep(4 * time.Second)
		if n := logs.count("search index still unhealthy") - start; n > 4 {
			t.Errorf("%d attempts to repair in 4 s: no backoff", n)
		}
		if n := logs.count("search index unhealthy: searches answer 503 until it recovers by itself; everything else keeps working"); n != 2 {
			t.Errorf("%d log lines saying the index is unhealthy, want one per index (2)", n)
		}

		writable()
		waitFor(t, "index recovered", func() bool { ok, _ := ix.Health(); return ok })
		for _, o := range during {
			if !e.found("ligfietsen", o.ID) {
				t.Errorf("offer %s written while the folder was read-only not found after recovery", o.ID)
			}
		}
		if !e.found("bakfietsen", before.ID) {
			t.Error("offer of before the failure lost")
		}
		waitFor(t, "caught up", func() bool { return ix.Position() == e.head() })
		if n := logs.count("search index recovered"); n != 1 {
			t.Errorf("%d log lines saying the index recovered, want 1", n)
		}
		if all := logs.String(); strings.Contains(all, "panic:") || strings.Contains(all, "goroutine ") {
			t.Error("a panic reached the log")
		}
	})
}
