package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/notify"
	"github.com/iederz/plekwijzer/notify/notifytest"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// domain is where the benchmark's coaches get their mail.
const domain = "digest.example.org"

// report is what one run measured.
type report struct {
	cfg                   config
	machine               benchutil.Machine
	prepare               time.Duration // demo, coaches, notifications
	notifications, mails  int           // written for the digest run
	delivery              time.Duration
	claims                int // DeliverDue calls that claimed mail
	sent, failed          int // notifications of the coaches afterwards
	delivered, distinct   int // mails to the coaches in Mailpit; distinct Message-IDs
	before, during, after benchutil.Latency
	loadStart, loadEnd    float64
	caseload              int // participants the matches are asked for
}

func run(ctx context.Context, cfg config) (*report, error) {
	rep := &report{cfg: cfg, machine: benchutil.ReadMachine(), loadStart: benchutil.LoadAverage()}
	if cfg.Engine == store.Postgres {
		v, err := benchutil.PostgresVersion(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, err
		}
		rep.machine.PostgreSQL = v
	}
	mp, err := startMailpit(ctx)
	if err != nil {
		return nil, err
	}
	defer mp.stop()
	db, dbURL, closeDB, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}

	start := time.Now()
	demo, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: 1})
	if err != nil {
		return nil, err
	}
	coaches, err := notifytest.Coaches(ctx, db, cfg.Users, domain)
	if err != nil {
		return nil, err
	}
	daily := plekwijzer.NotificationPreferences{Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{}, DigestHour: 8}
	for _, k := range plekwijzer.NotificationKinds {
		daily.Kinds[k] = plekwijzer.DeliveryDaily
	}
	for _, c := range coaches {
		if _, err := db.SetNotificationPreferences(ctx, c.ID, daily); err != nil {
			return nil, err
		}
	}
	logf(cfg, "demo and %d coaches with the daily digest at 8:00 in %s", cfg.Users, since(start))
	if _, err := notifytest.PausedOffers(ctx, db, coaches, cfg.Users*cfg.Per); err != nil {
		return nil, err
	}
	rep.prepare = time.Since(start)
	rep.notifications, rep.mails = cfg.Users*cfg.Per, cfg.Users
	logf(cfg, "%d notifications written in %s", rep.notifications, since(start))

	smtp, err := notify.ParseSMTP(mp.smtpURL())
	if err != nil {
		return nil, err
	}
	// The demo's own mail (direct) goes first, at the real time.
	now, err := notify.New(db, notify.Config{SMTP: smtp, BaseURL: "https://plekwijzer.example.org", Batch: cfg.Batch}, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	if _, err := drain(ctx, now); err != nil {
		return nil, err
	}
	// The digest run: the worker's clock at the digest hour.
	skew := time.Until(plekwijzer.NextDigest(time.Now(), daily.DigestHour)) + time.Minute
	worker, err := notify.New(db, notify.Config{SMTP: smtp, BaseURL: "https://plekwijzer.example.org", Batch: cfg.Batch,
		Now: func() time.Time { return time.Now().Add(skew) }}, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}

	ask, err := startAPI(ctx, db, demo.Tokens["Coach Fatma Y."])
	if err != nil {
		return nil, err
	}
	defer ask.stop()
	rep.caseload = len(ask.participants)
	if rep.before, err = ask.times(cfg.Requests, nil); err != nil {
		return nil, err
	}
	logf(cfg, "matches without delivery: p99 %s over %d", benchutil.Ms(rep.before.P99), rep.before.N)

	var done atomic.Bool
	var derr error
	finished := make(chan struct{})
	t0 := time.Now()
	go func() {
		defer close(finished)
		rep.claims, derr = drain(ctx, worker)
		rep.delivery = time.Since(t0)
		done.Store(true)
	}()
	rep.during, err = ask.times(0, &done)
	<-finished
	if err := errors.Join(err, derr); err != nil {
		return nil, err
	}
	logf(cfg, "%d mails delivered in %s; matches meanwhile: p99 %s over %d", rep.mails, rep.delivery.Round(time.Millisecond), benchutil.Ms(rep.during.P99), rep.during.N)
	if rep.after, err = ask.times(cfg.Requests, nil); err != nil {
		return nil, err
	}
	rep.loadEnd = benchutil.LoadAverage()

	// Check: everything sent once, nothing failed, one mail per coach.
	if rep.sent, rep.failed, err = mailStates(cfg.Engine, dbURL); err != nil {
		return nil, err
	}
	if rep.delivered, rep.distinct, err = mp.countTo(domain); err != nil {
		return nil, err
	}
	if rep.sent != rep.notifications || rep.failed != 0 || rep.distinct != rep.mails {
		return rep, fmt.Errorf("after the run %d of %d notifications sent, %d failed, %d distinct mails of %d", rep.sent, rep.notifications, rep.failed, rep.distinct, rep.mails)
	}
	return rep, nil
}

// drain delivers until nothing is due and returns how many claims found
// mail.
func drain(ctx context.Context, w *notify.Worker) (int, error) {
	claims := 0
	for {
		n, err := w.DeliverDue(ctx)
		if err != nil || n == 0 {
			return claims, err
		}
		claims++
	}
}

// mailStates counts the notifications of the benchmark's coaches that
// were sent and that failed, in the database itself.
func mailStates(engine, url string) (sent, failed int, err error) {
	sqldb, err := benchutil.OpenSQL(engine, url)
	if err != nil {
		return 0, 0, err
	}
	defer sqldb.Close()
	err = sqldb.QueryRow(benchutil.Rebind(engine, `SELECT COUNT(CASE WHEN n.mail_state = 'sent' THEN 1 END), COUNT(CASE WHEN n.mail_state = 'failed' THEN 1 END)
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email LIKE ?`), "%@"+domain).Scan(&sent, &failed)
	return sent, failed, err
}

// asker asks GET /deelnemers/{id}/matches through the real API over
// loopback, as one coach over her caseload.
type asker struct {
	base, token  string
	participants []string
	srv          *http.Server
	next         int
}

func startAPI(ctx context.Context, db *store.DB, token string) (*asker, error) {
	srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{})
	if err != nil {
		return nil, err
	}
	srv.SetReady(true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	a := &asker{base: "http://" + ln.Addr().String() + "/api/v1", token: token, srv: hs}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := a.get("/deelnemers?paginaGrootte=100", &page); err != nil {
		a.stop()
		return nil, err
	}
	for _, p := range page.Items {
		a.participants = append(a.participants, p.ID)
	}
	if len(a.participants) == 0 {
		a.stop()
		return nil, errors.New("the demo coach has no participants")
	}
	return a, nil
}

func (a *asker) stop() { a.srv.Close() }

func (a *asker) get(path string, out any) error {
	req, err := http.NewRequest(http.MethodGet, a.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, res.Status)
	}
	if out == nil {
		out = &json.RawMessage{}
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// times asks for matches one request at a time, n times, or (n 0) until
// stop is set, and summarises how long each took.
func (a *asker) times(n int, stop *atomic.Bool) (benchutil.Latency, error) {
	var ds []time.Duration
	for i := 0; n == 0 || i < n; i++ {
		if stop != nil && stop.Load() && i > 0 {
			break
		}
		id := a.participants[a.next%len(a.participants)]
		a.next++
		t := time.Now()
		if err := a.get("/deelnemers/"+id+"/matches?aantal=10", nil); err != nil {
			return benchutil.Latency{}, err
		}
		ds = append(ds, time.Since(t))
	}
	return benchutil.Summarise(ds), nil
}

// mailpit is a Mailpit of the run's own, on free loopback ports.
type mailpit struct {
	cmd       *exec.Cmd
	dir       string
	smtp, api string
}

func startMailpit(ctx context.Context) (*mailpit, error) {
	bin, err := notifytest.Binary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "notifybench-mailpit-")
	if err != nil {
		return nil, err
	}
	m := &mailpit{dir: dir}
	for _, addr := range []*string{&m.smtp, &m.api} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		*addr = l.Addr().String()
		l.Close()
	}
	m.cmd = exec.CommandContext(ctx, bin, "--smtp", m.smtp, "--listen", m.api, "--database", filepath.Join(dir, "mailpit.db"),
		"--smtp-disable-rdns", "--disable-version-check", "--quiet", "--max", "0")
	m.cmd.Stderr = os.Stderr
	if err := m.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, _, err := m.countTo(domain); err == nil {
			return m, nil
		}
		if time.Now().After(deadline) {
			m.stop()
			return nil, errors.New("mailpit did not start")
		}
	}
}

func (m *mailpit) smtpURL() string { return "smtp://" + m.smtp + "?tls=off" }

func (m *mailpit) stop() {
	m.cmd.Process.Kill()
	m.cmd.Wait()
	os.RemoveAll(m.dir)
}

// countTo counts the mails delivered to addresses at domain and their
// distinct Message-IDs.
func (m *mailpit) countTo(domain string) (total, distinct int, err error) {
	res, err := http.Get("http://" + m.api + "/api/v1/messages?limit=" + strconv.Itoa(1_000_000))
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	var page struct {
		Messages []notifytest.Message `json:"messages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil {
		return 0, 0, err
	}
	seen := map[string]bool{}
	for _, msg := range page.Messages {
		if len(msg.To) == 1 && len(msg.To[0].Address) > len(domain) && msg.To[0].Address[len(msg.To[0].Address)-len(domain)-1:] == "@"+domain {
			total++
			seen[msg.MessageID] = true
		}
	}
	return total, len(seen), nil
}
