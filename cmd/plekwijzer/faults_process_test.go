package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestIndexFolderUnwritable: the search index folder of a running service
// stops being writable while the database stays writable (both engines).
// How: the service runs as the user nobody (SysProcAttr.Credential) when
// the test runs as root, which file permissions would not stop, or as the
// test's own user otherwise; the test takes write permission away from
// every folder of the index (chmod 0555) and gives it back. Before, bleve
// panicked after two or three writes and the service exited, and
// panicked again on every restart. Expected: the service keeps running
// and serving every route but search, /readyz answers 200 "degraded"
// naming the search index and why, search answers 503 with Retry-After
// and a Dutch problem, the metric plekwijzer_search_index_healthy is 0, a
// restart meanwhile starts (degraded) instead of failing, the indexer
// backs off and logs the change once; once the folders are writable
// again the index recovers by itself with every change made meanwhile.
func TestIndexFolderUnwritable(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) { testIndexFolderUnwritable(t, engine) })
	}
}

func testIndexFolderUnwritable(t *testing.T, engine string) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cred := unprivileged(t)
	base := openTempDir(t, "plekwijzer-unwritable-")
	dataDir, dbDir := filepath.Join(base, "data"), filepath.Join(base, "db")
	must(t, os.Mkdir(dataDir, 0o755))
	must(t, os.Mkdir(dbDir, 0o755))
	dbURL := filepath.Join(dbDir, "plekwijzer.db")
	if engine == store.Postgres {
		dbURL = storetest.URL(t, store.Postgres)
	}
	token := beheerderToken(t, ctx, dbURL, dataDir)
	if cred != nil {
		// The service's user owns its folders; the binary's folder is
		// the test's own (0700).
		must(t, filepath.WalkDir(base, func(p string, _ fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, int(cred.Uid), int(cred.Gid))
		}))
		must(t, os.Chmod(filepath.Dir(binary(t)), 0o755))
	}
	env := []string{"PLEKWIJZER_LOG_LEVEL=debug"}

	s := startServiceAs(t, ctx, "service", dbURL, dataDir, env, cred)
	c := s.client(token)
	orgID, workTypeID := c.refs(ctx)
	before := c.createOffer(ctx, orgID, workTypeID, "Bakfietsen bouwen")
	c.eventually(ctx, 10*time.Second, []expectation{found(before, "bakfietsen", "Bakfietsen bouwen")})
	if h := s.readyz(ctx); h["status"] != "ready" || h["searchIndex"] != "healthy" {
		t.Fatalf("readyz before: %v", h)
	}

	permit(t, dataDir, 0o555)
	var during []expectation
	for i := range 4 {
		title := "Ligfietsen lassen " + strconv.Itoa(i)
		during = append(during, found(c.createOffer(ctx, orgID, workTypeID, title), "ligfietsen lassen "+strconv.Itoa(i), title))
	}
	degraded := func(s *service) map[string]string {
		t.Helper()
		var h map[string]string
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if h = s.readyz(ctx); h["status"] == "degraded" {
				break
			}
			if time.Now().After(deadline) || !s.running() {
				t.Fatalf("%s: readyz %v, running %v", s.name, h, s.running())
			}
		}
		if h["searchIndex"] != "unhealthy" || !strings.Contains(h["reason"], "permission denied") {
			t.Errorf("%s: readyz while degraded: %v", s.name, h)
		}
		s.unavailableSearch(ctx, token)
		s.servesTheRest(ctx, c, orgID)
		if m := s.metrics(ctx); !strings.Contains(m, "\nplekwijzer_search_index_healthy 0\n") {
			t.Errorf("%s: metrics while degraded lack plekwijzer_search_index_healthy 0", s.name)
		}
		return h
	}
	degraded(s)

	// A restart while the folder cannot be written: the service starts,
	// degraded, instead of exiting (a crash loop under a restart policy).
	s.crash()
	s = startServiceAs(t, ctx, "restarted", dbURL, dataDir, env, cred)
	c = s.client(token)
	degraded(s)
	// Backoff: attempts to repair 1, 2, 4, 8 s apart, not a tight loop;
	// one log line for the change.
	time.Sleep(5 * time.Second)
	if !s.running() {
		t.Fatalf("the restarted service ended: %v", s.cmd.ProcessState)
	}
	log := s.log()
	if n := strings.Count(log, `"msg":"search index still unhealthy"`); n > 5 {
		t.Errorf("%d attempts to repair within about 6 s: no backoff", n)
	}
	if n := strings.Count(log, `"msg":"search index unhealthy: `); n != 1 {
		t.Errorf("%d log lines saying the index is unhealthy, want 1", n)
	}

	permit(t, dataDir, 0o755)
	writable := time.Now()
	for deadline := writable.Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if h := s.readyz(ctx); h["status"] == "ready" && h["searchIndex"] == "healthy" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not recovered 30 s after the folder became writable: readyz %v", s.readyz(ctx))
		}
	}
	t.Logf("healthy %s after the folder became writable", time.Since(writable).Round(100*time.Millisecond))
	took := c.eventually(ctx, 10*time.Second, append(during, found(before, "bakfietsen", "Bakfietsen bouwen")))
	t.Logf("every offer written meanwhile found %s after recovery", took.Round(time.Millisecond))
	if m := s.metrics(ctx); !strings.Contains(m, "\nplekwijzer_search_index_healthy 1\n") {
		t.Error("metrics after recovery lack plekwijzer_search_index_healthy 1")
	}
	log = s.log()
	if n := strings.Count(log, `"msg":"search index recovered"`); n != 1 {
		t.Errorf("%d log lines saying the index recovered, want 1", n)
	}
	if strings.Contains(log, "panic") {
		t.Error("a panic in the log")
	}

	// A first start on a data folder that cannot be written at all (a
	// volume mounted read-only): it starts degraded too.
	fresh := filepath.Join(base, "fresh")
	must(t, os.Mkdir(fresh, 0o555))
	if cred != nil {
		must(t, os.Chown(fresh, int(cred.Uid), int(cred.Gid)))
	}
	s.kill()
	s = startServiceAs(t, ctx, "fresh", dbURL, fresh, env, cred)
	c = s.client(token)
	degraded(s)
	if !strings.Contains(s.log(), "using a new one for this run") {
		t.Error("the start on a read-only data folder does not say its replica id is not kept")
	}
}

// unprivileged is the user the service runs as so that file permissions
// bind it: nobody when the test runs as root, else the test's own user
// (nil).
func unprivileged(t *testing.T) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("running as root and there is no user nobody to run the service as, so file permissions cannot stop it: %v", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	must(t, err)
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	must(t, err)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// openTempDir makes a folder that other users can enter (t.TempDir's
// are the test's own), removed when the test ends.
func openTempDir(t *testing.T, prefix string) string {
	t.Helper()
	base, err := os.MkdirTemp("", prefix)
	must(t, err)
	t.Cleanup(func() {
		permit(t, base, 0o755)
		os.RemoveAll(base)
	})
	must(t, os.Chmod(base, 0o755))
	return base
}

// permit sets the permissions of every folder under root, root too.
func permit(t *testing.T, root string, mode fs.FileMode) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return os.Chmod(p, mode)
	})
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// get sends a GET without a body and returns the response with its body
// read.
func (s *service) get(ctx context.Context, path, token string) (*http.Response, []byte) {
	s.t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+s.addr+path, nil)
	must(s.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := s.http.Do(req)
	if err != nil {
		s.t.Fatalf("GET %s on %s: %v", path, s.name, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(s.t, err)
	return res, b
}

// readyz is the answer of /readyz; it must be 200.
func (s *service) readyz(ctx context.Context) map[string]string {
	s.t.Helper()
	res, b := s.get(ctx, "/readyz", "")
	var h map[string]string
	if res.StatusCode != http.StatusOK || json.Unmarshal(b, &h) != nil {
		s.t.Fatalf("readyz on %s: %d %s", s.name, res.StatusCode, b)
	}
	return h
}

func (s *service) metrics(ctx context.Context) string {
	s.t.Helper()
	_, b := s.get(ctx, "/metrics", "")
	return string(b)
}

// unavailableSearch checks that a search answers 503 with Retry-After
// and a Dutch problem saying search is unavailable for now.
func (s *service) unavailableSearch(ctx context.Context, token string) {
	s.t.Helper()
	res, b := s.get(ctx, "/api/v1/zoeken?q=fietsen", token)
	var p map[string]any
	json.Unmarshal(b, &p)
	detail, _ := p["detail"].(string)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
		res.Header.Get("Content-Type") != "application/problem+json" || !strings.HasPrefix(detail, "Zoeken is even niet beschikbaar") {
		s.t.Errorf("search on %s while the index cannot be written: %d, Retry-After %q, %s", s.name, res.StatusCode, res.Header.Get("Retry-After"), b)
	}
}

// servesTheRest checks routes that do not need the index: reads, a
// write, the public list of the widget.
func (s *service) servesTheRest(ctx context.Context, c *client, orgID string) {
	s.t.Helper()
	c.must(ctx, http.StatusOK, "GET", "/organisaties/"+orgID, nil, nil)
	c.must(ctx, http.StatusOK, "GET", "/werkplekken?status=open", nil, nil)
	c.must(ctx, http.StatusCreated, "POST", "/organisaties", map[string]any{
		"naam": "Werkplaats " + s.name, "soort": "sociale-onderneming", "postcode": "9713", "plaats": "Groningen",
	}, nil)
	if res, b := s.get(ctx, "/api/v1/publiek/werkplekken", ""); res.StatusCode != http.StatusOK {
		s.t.Errorf("public offers on %s: %d %s", s.name, res.StatusCode, b)
	}
}

// TestSQLiteReadOnly: a SQLite database whose folder or file the
// service's user cannot write stops the start with a message that names
// the path and what to do, instead of "attempt to write a readonly
// database" (or "unable to open database file"). How: as in
// TestIndexFolderUnwritable, the command runs as nobody when the test runs
// as root, and the folder or file loses its write permission.
func TestSQLiteReadOnly(t *testing.T) {
	cred := unprivileged(t)
	base := openTempDir(t, "plekwijzer-readonly-")
	bin := binary(t)
	must(t, os.Chmod(filepath.Dir(bin), 0o755))
	command := func(dataDir string, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(t.Context(), bin, append(args, "--data-dir", dataDir)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		return cmd
	}
	// folder makes a data folder for the service's user, with a
	// database in it when withDB.
	folder := func(name string, withDB bool) string {
		dir := filepath.Join(base, name)
		must(t, os.Mkdir(dir, 0o755))
		if cred != nil {
			must(t, os.Chown(dir, int(cred.Uid), int(cred.Gid)))
		}
		if withDB {
			if out, err := command(dir, "migrate").CombinedOutput(); err != nil {
				t.Fatalf("migrate %s: %v\n%s", name, err, out)
			}
		}
		return dir
	}
	tests := []struct {
		name, what string
		prepare    func() string // returns the data folder
	}{
		{"empty read-only folder", "its folder %s cannot be written (permission denied)", func() string {
			dir := folder("empty", false)
			must(t, os.Chmod(dir, 0o555))
			return dir
		}},
		{"database in a read-only folder", "its folder %s cannot be written (permission denied)", func() string {
			dir := folder("folder", true)
			must(t, os.Chmod(dir, 0o555))
			return dir
		}},
		{"read-only database file", "the file %s/plekwijzer.db cannot be written (permission denied)", func() string {
			dir := folder("file", true)
			must(t, os.Chmod(filepath.Join(dir, "plekwijzer.db"), 0o444))
			return dir
		}},
		{"folder that cannot be created", "its folder %s/sub cannot be created (permission denied)", func() string {
			dir := folder("parent", false)
			must(t, os.Chmod(dir, 0o555))
			return filepath.Join(dir, "sub")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.prepare()
			what := fmt.Sprintf(tt.what, dir)
			if strings.HasSuffix(dir, "sub") {
				what = fmt.Sprintf(tt.what, filepath.Dir(dir))
			}
			for _, args := range [][]string{{"serve", "--addr", freeAddr(t)}, {"migrate"}} {
				var stderr bytes.Buffer
				cmd := command(dir, args...)
				cmd.Stderr = &stderr
				err := cmd.Run()
				msg := stderr.String()
				if err == nil {
					t.Fatalf("%s on a database it cannot write did not fail:\n%s", args[0], msg)
				}
				db := filepath.Join(dir, "plekwijzer.db")
				for _, want := range []string{"SQLite database " + db + ": " + what, "give the user the service runs as write access", "PLEKWIJZER_DATA_DIR"} {
					if !strings.Contains(msg, want) {
						t.Errorf("%s: the error does not say %q:\n%s", args[0], want, msg)
					}
				}
				if strings.Contains(msg, "attempt to write a readonly database") || strings.Contains(msg, "unable to open database file") {
					t.Errorf("%s: SQLite's own message instead of the advice:\n%s", args[0], msg)
				}
			}
		})
	}
}
