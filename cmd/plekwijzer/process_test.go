package main

// Process-level tests: the real binary, started as a child process, killed
// with SIGKILL and started again, and two replicas on one PostgreSQL
// database. They check what only whole processes show: that the search
// index, a cache of the database, never loses a committed change however
// the process ends, and that replicas see each other's changes in time.

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// replicaDeadline is the product's promise: a change made through one
// replica is found by the search of every other within two seconds.
const replicaDeadline = 2 * time.Second

// indexPositionKey is where search.Index keeps the last outbox entry it
// applied (search/index.go, keyPosition). The tests read it from a dead
// process's index to show that the crash really left changes unindexed.
const indexPositionKey = "plekwijzer:position"

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// binary builds the command once per test run, on first use.
func binary(t *testing.T) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "plekwijzer-bin-")
		if build.err != nil {
			return
		}
		build.path = filepath.Join(build.dir, "plekwijzer")
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		// go test puts its own go first on PATH.
		out, err := exec.CommandContext(ctx, "go", "build", "-o", build.path, ".").CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.path
}

// service is one child process running "plekwijzer serve".
type service struct {
	t       *testing.T
	name    string
	addr    string
	cmd     *exec.Cmd
	exited  chan struct{}
	stdout  string // paths of the captured output
	stderr  string
	http    *http.Client
	started time.Time
}

// startService starts the binary on dbURL and dataDir and waits until it
// is ready. The process is killed when the test ends, and its output is
// printed if the test failed.
func startService(t *testing.T, ctx context.Context, name, dbURL, dataDir string) *service {
	t.Helper()
	return startServiceEnv(t, ctx, name, dbURL, dataDir, nil)
}

// startServiceEnv is startService with PLEKWIJZER_ variables of the test's
// own (env, as NAME=value).
func startServiceEnv(t *testing.T, ctx context.Context, name, dbURL, dataDir string, env []string) *service {
	t.Helper()
	return startServiceAs(t, ctx, name, dbURL, dataDir, env, nil)
}

// startServiceAs is startServiceEnv as the user of cred (nil: this
// process's user).
func startServiceAs(t *testing.T, ctx context.Context, name, dbURL, dataDir string, env []string, cred *syscall.Credential) *service {
	t.Helper()
	bin := binary(t)
	logs := t.TempDir()
	s := &service{
		t: t, name: name, addr: freeAddr(t), exited: make(chan struct{}),
		stdout: filepath.Join(logs, name+".stdout"), stderr: filepath.Join(logs, name+".stderr"),
		http: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}},
	}
	stdout, err := os.Create(s.stdout)
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := os.Create(s.stderr)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.CommandContext(ctx, bin, "serve", "--addr", s.addr, "--database-url", dbURL, "--data-dir", dataDir)
	s.cmd.Stdout, s.cmd.Stderr = stdout, stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PLEKWIJZER_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	s.cmd.Env = append(s.cmd.Env, env...)
	if cred != nil {
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		s.cmd.Wait()
		stdout.Close()
		stderr.Close()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.kill()
		s.http.CloseIdleConnections()
		if t.Failed() {
			s.dump()
		}
	})
	s.waitReady(ctx)
	return s
}

func (s *service) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func (s *service) waitReady(ctx context.Context) {
	s.t.Helper()
	for {
		if !s.running() {
			s.t.Fatalf("%s ended before it was ready: %v", s.name, s.cmd.ProcessState)
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+s.addr+"/readyz", nil)
		if res, err := s.http.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.t.Logf("%s ready on %s after %s", s.name, s.addr, time.Since(s.started).Round(time.Millisecond))
				return
			}
		}
		select {
		case <-ctx.Done():
			s.t.Fatalf("%s not ready: %v", s.name, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// kill ends the process with SIGKILL, at once: no shutdown, no flush.
func (s *service) kill() {
	if s.running() {
		s.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-s.exited
}

// crash kills the process and checks that it was the kill that ended it.
func (s *service) crash() {
	s.t.Helper()
	if !s.running() {
		s.t.Fatalf("%s had already ended: %v", s.name, s.cmd.ProcessState)
	}
	s.kill()
	ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		s.t.Fatalf("%s ended with %v, not by SIGKILL", s.name, s.cmd.ProcessState)
	}
}

func (s *service) log() string {
	b, _ := os.ReadFile(s.stderr)
	return string(b)
}

func (s *service) dump() {
	for _, p := range []string{s.stdout, s.stderr} {
		b, err := os.ReadFile(p)
		if err != nil {
			s.t.Logf("%s: %v", p, err)
			continue
		}
		s.t.Logf("--- %s %s ---\n%s", s.name, filepath.Ext(p)[1:], b)
	}
}

// client talks to the API of s with a token.
func (s *service) client(token string) *client { return &client{s: s, token: token} }

type client struct {
	s     *service
	token string
}

// do sends a request and returns the status and body; a transport error
// fails the test.
func (c *client) do(ctx context.Context, method, path string, body any) (int, []byte) {
	c.s.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.s.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://"+c.s.addr+"/api/v1"+path, r)
	if err != nil {
		c.s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.s.http.Do(req)
	if err != nil {
		c.s.t.Fatalf("%s %s on %s: %v", method, path, c.s.name, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.s.t.Fatalf("%s %s on %s: %v", method, path, c.s.name, err)
	}
	return res.StatusCode, b
}

// must sends a request, wants the status and decodes the answer into out.
func (c *client) must(ctx context.Context, want int, method, path string, body, out any) {
	c.s.t.Helper()
	status, b := c.do(ctx, method, path, body)
	if status != want {
		c.s.t.Fatalf("%s %s on %s: %d, want %d\n%s", method, path, c.s.name, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.s.t.Fatalf("%s %s on %s: %v\n%s", method, path, c.s.name, err, b)
		}
	}
}

// refs creates an organisation and picks a work type from the catalogue,
// for offers to refer to.
func (c *client) refs(ctx context.Context) (orgID, workTypeID string) {
	c.s.t.Helper()
	var org struct {
		ID string `json:"id"`
	}
	c.must(ctx, http.StatusCreated, "POST", "/organisaties", map[string]any{
		"naam": "Procestest Werkplaats", "soort": "sociale-onderneming", "postcode": "9713", "plaats": "Groningen",
	}, &org)
	var wts struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	c.must(ctx, http.StatusOK, "GET", "/werksoorten?paginaGrootte=1", nil, &wts)
	if len(wts.Items) == 0 {
		c.s.t.Fatal("the catalogue has no work types")
	}
	return org.ID, wts.Items[0].ID
}

func offerBody(orgID, workTypeID, title string) map[string]any {
	return map[string]any{
		"organisatieId": orgID, "titel": title, "omschrijving": "Een werkplek van de procestest.",
		"werksoortId": workTypeID, "begeleiding": 2, "fysiekeBelasting": "laag",
		"capaciteit": map[string]int{"ma-ochtend": 1}, "postcode": "9713",
	}
}

func (c *client) createOffer(ctx context.Context, orgID, workTypeID, title string) string {
	c.s.t.Helper()
	var o struct {
		ID string `json:"id"`
	}
	c.must(ctx, http.StatusCreated, "POST", "/werkplekken", offerBody(orgID, workTypeID, title), &o)
	return o.ID
}

type searchAnswer struct {
	Items []searchHit `json:"items"`
	Total int         `json:"totaal"`
}

type searchHit struct {
	Kind  string `json:"soort"`
	ID    string `json:"id"`
	Offer *struct {
		Title string `json:"titel"`
	} `json:"werkplek"`
}

// search asks for offers with word. Total counts the hits in the index;
// Items leaves out hits whose offer is no longer in the database, so only
// Total shows whether the index itself still has a deleted offer.
func (c *client) search(ctx context.Context, word string) searchAnswer {
	c.s.t.Helper()
	var a searchAnswer
	c.must(ctx, http.StatusOK, "GET", "/zoeken?soort=werkplek&paginaGrootte=100&q="+url.QueryEscape(word), nil, &a)
	return a
}

// expectation is what a search for word must show: the offer id with
// title, or (id empty) no hit at all, not even in the index.
type expectation struct {
	word, id, title string
}

func found(id, word, title string) expectation { return expectation{word: word, id: id, title: title} }
func gone(word string) expectation             { return expectation{word: word} }

// unmet returns the expectations the search of c does not meet now.
func (c *client) unmet(ctx context.Context, want []expectation) []string {
	var out []string
	for _, e := range want {
		a := c.search(ctx, e.word)
		if e.id == "" {
			if a.Total != 0 || len(a.Items) != 0 {
				out = append(out, fmt.Sprintf("%q: want no hit, the index has %d (%d shown)", e.word, a.Total, len(a.Items)))
			}
			continue
		}
		ok := slices.ContainsFunc(a.Items, func(it searchHit) bool {
			return it.ID == e.id && it.Offer != nil && it.Offer.Title == e.title
		})
		if !ok {
			out = append(out, fmt.Sprintf("%q: offer %s (%q) not found among %d hits", e.word, e.id, e.title, a.Total))
		}
	}
	return out
}

// eventually polls until the search of c meets every expectation and
// returns how long that took; after limit it fails the test.
func (c *client) eventually(ctx context.Context, limit time.Duration, want []expectation) time.Duration {
	c.s.t.Helper()
	start := time.Now()
	for {
		miss := c.unmet(ctx, want)
		if len(miss) == 0 {
			return time.Since(start)
		}
		if time.Since(start) > limit || ctx.Err() != nil {
			c.s.t.Fatalf("search of %s after %s:\n  %s", c.s.name, time.Since(start).Round(time.Millisecond), strings.Join(miss, "\n  "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// beheerderToken makes a beheerder with the command, in this process,
// on the database the services will use.
func beheerderToken(t *testing.T, ctx context.Context, dbURL, dataDir string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	args := []string{"user", "create", "--name", "Procestest Beheer", "--role", "beheerder", "--database-url", dbURL, "--data-dir", dataDir}
	if err := run(ctx, args, &out, &errOut); err != nil {
		t.Fatalf("user create: %v\n%s", err, errOut.String())
	}
	var user, token string
	if _, err := fmt.Sscanf(out.String(), "user  %s\ntoken %s\n", &user, &token); err != nil || !strings.HasPrefix(token, "pw_") {
		t.Fatalf("user create printed %q", out.String())
	}
	return token
}

// outboxHead is the last outbox entry committed to the database.
func outboxHead(t *testing.T, ctx context.Context, dbURL string) int64 {
	t.Helper()
	db, err := store.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	head, err := db.OutboxHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return head
}

// indexPosition reads, read-only, the outbox position stored in the index
// of a stopped service: what its index holds on disk.
func indexPosition(t *testing.T, dataDir string) int64 {
	t.Helper()
	idx, err := bleve.OpenUsing(filepath.Join(dataDir, "index"), map[string]any{"read_only": true})
	if err != nil {
		t.Fatalf("open the index of the killed service: %v", err)
	}
	defer idx.Close()
	v, err := idx.GetInternal([]byte(indexPositionKey))
	if err != nil {
		t.Fatal(err)
	}
	pos, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		t.Fatalf("index position %q: %v", v, err)
	}
	return pos
}

// describeIndexPosition is indexPosition for a log line: after a damage
// that bleve survived by falling back to an older snapshot, that snapshot
// may not open read-only (its mapping is not in it), which the service
// itself handles by rebuilding; the test only reports it.
func describeIndexPosition(dataDir string) string {
	idx, err := bleve.OpenUsing(filepath.Join(dataDir, "index"), map[string]any{"read_only": true})
	if err != nil {
		return fmt.Sprintf("not readable (%v)", err)
	}
	defer idx.Close()
	v, err := idx.GetInternal([]byte(indexPositionKey))
	if err != nil {
		return fmt.Sprintf("no position (%v)", err)
	}
	return "at " + string(v)
}

// stall holds up the indexers on a PostgreSQL database without stopping
// the API: an exclusive lock on work_type_esco_codes, which every
// catch-up of an offer reads (OfferDocs) and no offer write touches.
// While an indexer waits on it, a commit is in the database and not in
// the index. release lets go of the lock.
type stall struct {
	db      *sql.DB
	tx      *sql.Tx
	release func()
}

func stallIndexer(t *testing.T, ctx context.Context, dbURL string) *stall {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	s := &stall{db: db, tx: tx}
	var once sync.Once
	s.release = func() { once.Do(func() { tx.Rollback(); db.Close() }) }
	t.Cleanup(s.release)
	if _, err := tx.ExecContext(ctx, `SET LOCAL lock_timeout = '10s'`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `LOCK TABLE work_type_esco_codes IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	return s
}

// waitStalled waits until an indexer waits on the lock.
func (s *stall) waitStalled(t *testing.T, ctx context.Context) {
	t.Helper()
	for {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_locks
			WHERE NOT granted AND relation = 'work_type_esco_codes'::regclass
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no indexer ever waited on the stalled table: %v", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// TestCrashBetweenCommitAndIndex: changes committed to the database but
// not yet applied to the search index when the process is killed are in
// the index after the next start, and the index holds nothing the
// database no longer has.
//
// The service has no switch to pause its indexer, so the gap between
// commit and index is made in two ways. Through the API: offers are
// created, changed and deleted as fast as possible and the process is
// killed right after the last answer; on PostgreSQL the indexer is
// held up first by a table lock (stallIndexer), so the kill lands in the
// gap every time; on SQLite it lands there when the indexer happens to be
// behind (logged). Then, with the process dead, more changes are
// committed through the store, exactly as a commit whose process dies
// before its indexer runs leaves them: in the database and the outbox,
// not in the index. The index on disk is checked to lag before the
// restart.
func TestCrashBetweenCommitAndIndex(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()
			dbURL := storetest.URL(t, engine)
			dataDir := t.TempDir()
			token := beheerderToken(t, ctx, dbURL, dataDir)

			first := startService(t, ctx, "first", dbURL, dataDir)
			api := first.client(token)
			orgID, workTypeID := api.refs(ctx)

			var held *stall
			if engine == store.Postgres {
				held = stallIndexer(t, ctx, dbURL)
			}

			// The burst: every answer means a commit.
			const n = 20
			ids := make([]string, n)
			titles := make([]string, n)
			for i := range n {
				titles[i] = "Proefplek " + burstWord(i)
			}
			// Words that only these offers have, and that no other word
			// is a typo or prefix of: a search for them must find nothing
			// once the offer is renamed or deleted.
			titles[0] = "Werk op de Kwartelhoeve"
			titles[1] = "Vuurtorenwachter gezocht"
			titles[2] = "Werk in de Mosselkwekerij"
			titles[3] = "Werk bij de Bandrecorderfabriek"
			for i := range n {
				ids[i] = api.createOffer(ctx, orgID, workTypeID, titles[i])
			}
			api.must(ctx, http.StatusOK, "PATCH", "/werkplekken/"+ids[0], map[string]any{"titel": "Kaasmakerij in de Zoutloods"}, nil)
			api.must(ctx, http.StatusNoContent, "DELETE", "/werkplekken/"+ids[1], nil, nil)
			if held != nil {
				held.waitStalled(t, ctx)
			}
			first.crash()
			if held != nil {
				held.release()
			}

			head := outboxHead(t, ctx, dbURL)
			pos := indexPosition(t, dataDir)
			t.Logf("at the kill: outbox head %d, index on disk at %d: %d committed entries not in the index", head, pos, head-pos)
			if held != nil && pos >= head {
				t.Fatalf("the indexer was held, yet the index is at %d of %d", pos, head)
			}

			// Commits of a process that died before its indexer ran.
			db, err := store.Open(ctx, dbURL, nil)
			if err != nil {
				t.Fatal(err)
			}
			late := &plekwijzer.Offer{OrganisationID: orgID, Title: "Nagekomen Klokkenluiderij", WorkTypeID: workTypeID,
				Supervision: 2, PhysicalLoad: plekwijzer.LoadLow, Capacity: plekwijzer.Capacity{"ma-ochtend": 1}, Postcode: "9713"}
			if err := db.CreateOffer(ctx, late); err != nil {
				t.Fatal(err)
			}
			renamed := "Proefplek Zeehondencreche"
			if _, err := db.UpdateOffer(ctx, ids[2], plekwijzer.OfferUpdate{Title: &renamed}, 0); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteOffer(ctx, ids[3]); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if head := outboxHead(t, ctx, dbURL); indexPosition(t, dataDir) >= head {
				t.Fatalf("the index is not behind the outbox (head %d) before the restart", head)
			}

			second := startService(t, ctx, "second", dbURL, dataDir)
			api = second.client(token)
			want := []expectation{
				found(ids[0], "kaasmakerij", "Kaasmakerij in de Zoutloods"),
				gone("kwartelhoeve"),
				gone("vuurtorenwachter"),
				found(ids[2], "zeehondencreche", renamed),
				gone("mosselkwekerij"),
				gone("bandrecorderfabriek"),
				found(late.ID, "klokkenluiderij", late.Title),
			}
			for i := 4; i < n; i++ {
				want = append(want, found(ids[i], burstWord(i), titles[i]))
			}
			took := api.eventually(ctx, 10*time.Second, want)
			t.Logf("after the restart every committed change was found within %s", took.Round(time.Millisecond))
			if log := second.log(); !strings.Contains(log, "search index caught up") || strings.Contains(log, "rebuilding") {
				t.Errorf("the restarted service should catch its index up from the outbox, not rebuild it; its log:\n%s", log)
			}

			// The indexer runs on after the catch-up.
			after := api.createOffer(ctx, orgID, workTypeID, "Naderhand Sleepbootkade")
			api.eventually(ctx, 10*time.Second, []expectation{found(after, "sleepbootkade", "Naderhand Sleepbootkade")})
		})
	}
}

// burstWord is a title word of its own for offer i of the burst, letters
// only. Burst words are typos of each other (search finds them all), so
// they serve only to find an offer by id, never to find nothing.
func burstWord(i int) string {
	syllables := []string{"ba", "de", "fi", "go", "hu", "ka", "le", "mi", "no", "pu"}
	return "zwerm" + syllables[i/10] + syllables[i%10] + "tuin"
}

// TestCrashIdleThenCorruptIndex: a service killed while idle, whose index
// is then damaged on disk, searches as before at the next start. Two
// damages, one after the other: half of the largest segment file cut off
// (bleve may fall back to an older snapshot, which catching up from the
// outbox then completes, or the index is rebuilt), and then every
// segment file cut in half (nothing usable is left: the index must be
// rebuilt from the database).
func TestCrashIdleThenCorruptIndex(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()
			dbURL := storetest.URL(t, engine)
			dataDir := t.TempDir()
			indexDir := filepath.Join(dataDir, "index")
			token := beheerderToken(t, ctx, dbURL, dataDir)

			svc := startService(t, ctx, "first", dbURL, dataDir)
			api := svc.client(token)
			orgID, workTypeID := api.refs(ctx)
			var want []expectation
			add := func(i int) {
				title := "Proefplek " + burstWord(i)
				want = append(want, found(api.createOffer(ctx, orgID, workTypeID, title), burstWord(i), title))
			}
			for i := range 5 {
				add(i)
			}

			damages := []struct {
				name    string
				damage  func() []string // the files damaged
				rebuild bool            // the damage leaves nothing to fall back on
			}{
				{"the largest segment cut in half", func() []string {
					segs := segments(t, indexDir)
					return truncateHalf(t, segs[len(segs)-1:])
				}, false},
				{"every segment cut in half", func() []string {
					return truncateHalf(t, segments(t, indexDir))
				}, true},
			}
			for round, d := range damages {
				// Idle: everything is in the index.
				api.eventually(ctx, 10*time.Second, want)
				svc.crash()
				t.Logf("killed while idle; index on disk: %s of %d", describeIndexPosition(dataDir), outboxHead(t, ctx, dbURL))
				t.Logf("damage: %s: %s", d.name, strings.Join(d.damage(), ", "))

				svc = startService(t, ctx, fmt.Sprintf("after-damage-%d", round+1), dbURL, dataDir)
				api = svc.client(token)
				took := api.eventually(ctx, 10*time.Second, want)
				log := svc.log()
				rebuilt := strings.Contains(log, "search index unusable; rebuilding it from the database")
				switch {
				case rebuilt:
					t.Logf("the index was rebuilt; every offer found within %s", took.Round(time.Millisecond))
				case strings.Contains(log, "unable to load snapshot"):
					t.Logf("bleve fell back to an older snapshot and the index caught up; every offer found within %s", took.Round(time.Millisecond))
				default:
					t.Logf("the damage went unnoticed; every offer found within %s", took.Round(time.Millisecond))
				}
				if d.rebuild && !rebuilt {
					t.Errorf("%s: the index was not rebuilt; log:\n%s", d.name, log)
				}
				// The indexer works on whatever index it now has.
				add(10 + round)
			}
			api.eventually(ctx, 10*time.Second, want)
		})
	}
}

// segments lists the segment files of the index in dir, smallest first.
func segments(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no segment files in %s", dir)
	}
	size := func(p string) int64 {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	slices.SortFunc(paths, func(a, b string) int { return cmp.Compare(size(a), size(b)) })
	return paths
}

func truncateHalf(t *testing.T, paths []string) []string {
	t.Helper()
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, info.Size()/2); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d → %d bytes", filepath.Base(p), info.Size(), info.Size()/2))
	}
	return out
}

// waitListening waits until n connections to the database LISTEN for the
// outbox: the indexers of n replicas are notified of every commit from
// then on.
func waitListening(t *testing.T, ctx context.Context, dbURL string, n int) {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	for {
		var have int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND query ILIKE 'LISTEN%'`).Scan(&have)
		if err != nil {
			t.Fatal(err)
		}
		if have >= n {
			t.Logf("%d replicas listening %s after both were ready", have, time.Since(start).Round(time.Millisecond))
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d of %d replicas listen for outbox notifications: %v", have, n, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// TestTwoReplicasOnePostgres: two services on one PostgreSQL database,
// each with its own index, find each other's changes within two seconds.
func TestTwoReplicasOnePostgres(t *testing.T) {
	if !slices.Contains(storetest.Engines(t), store.Postgres) {
		t.Skip("replicas share a database only on PostgreSQL: set PLEKWIJZER_TEST_DATABASE_URL to run this test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	dbURL := storetest.URL(t, store.Postgres)
	token := beheerderToken(t, ctx, dbURL, t.TempDir())

	a := startService(t, ctx, "replica-a", dbURL, t.TempDir())
	b := startService(t, ctx, "replica-b", dbURL, t.TempDir())
	waitListening(t, ctx, dbURL, 2)
	apiA, apiB := a.client(token), b.client(token)
	orgID, workTypeID := apiA.refs(ctx)

	// within polls the search of c until want holds, from the moment
	// the change was answered, and wants it within the deadline.
	within := func(c *client, what string, since time.Time, want []expectation) {
		t.Helper()
		c.eventually(ctx, 10*time.Second, want)
		took := time.Since(since)
		t.Logf("%s: %s", what, took.Round(time.Millisecond))
		if took > replicaDeadline {
			t.Errorf("%s took %s, more than %s", what, took.Round(time.Millisecond), replicaDeadline)
		}
	}

	id := apiA.createOffer(ctx, orgID, workTypeID, "Replicaproef Ooievaarsnest")
	answered := time.Now()
	within(apiB, "created through A, found through B", answered,
		[]expectation{found(id, "ooievaarsnest", "Replicaproef Ooievaarsnest")})

	apiB.must(ctx, http.StatusOK, "PATCH", "/werkplekken/"+id, map[string]any{"titel": "Replicaproef Reigerskolonie"}, nil)
	answered = time.Now()
	within(apiA, "changed through B, found through A", answered,
		[]expectation{found(id, "reigerskolonie", "Replicaproef Reigerskolonie"), gone("ooievaarsnest")})

	apiA.must(ctx, http.StatusNoContent, "DELETE", "/werkplekken/"+id, nil, nil)
	answered = time.Now()
	within(apiB, "deleted through A, gone from B's index", answered, []expectation{gone("reigerskolonie")})

	// Both replicas ran on their own index the whole time.
	for _, s := range []*service{a, b} {
		if !s.running() {
			t.Errorf("%s ended: %v", s.name, s.cmd.ProcessState)
		}
	}
}

// TestOneReplicaFindsItsOwnChangesInTime: the replica that makes a change
// finds it within the same two seconds as every other replica, also at
// the end of a quick series of changes. Its indexer is woken in-process
// at every commit, so a change must never wait for the poll.
func TestOneReplicaFindsItsOwnChangesInTime(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()
			dbURL := storetest.URL(t, engine)
			dataDir := t.TempDir()
			token := beheerderToken(t, ctx, dbURL, dataDir)
			svc := startService(t, ctx, "single", dbURL, dataDir)
			api := svc.client(token)
			orgID, workTypeID := api.refs(ctx)

			var took []string
			for round := range 8 {
				// A series of 1 to 5 offers, one right after the other; the
				// last one counts.
				var id, word string
				for k := range 1 + round%5 {
					word = burstWord(10*round%100 + k)
					id = api.createOffer(ctx, orgID, workTypeID, "Proefplek "+word)
				}
				answered := time.Now()
				api.eventually(ctx, 10*time.Second, []expectation{found(id, word, "Proefplek "+word)})
				d := time.Since(answered)
				took = append(took, d.Round(time.Millisecond).String())
				if d > replicaDeadline {
					t.Fatalf("series %d of %d offers: the last was found only after %s (more than %s): a commit during a catch-up did not wake the indexer; so far: %s",
						round+1, 1+round%5, d.Round(time.Millisecond), replicaDeadline, strings.Join(took, " "))
				}
			}
			t.Logf("last offer of each series found after: %s", strings.Join(took, " "))
		})
	}
}
