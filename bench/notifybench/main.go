// Command notifybench measures Plekwijzer's notification mail: one daily
// digest run delivered to a real Mailpit, and what it costs the service
// meanwhile. It writes the "Notifications" section of docs/BENCHMARKS.md.
//
//	go run ./bench/notifybench -out docs/BENCHMARKS.md
//
// Steps: load the demo data into a new database (its coaches and their
// caseloads are what the matches are asked for), then -users coaches with
// an address each who chose the daily digest for every kind, and
// -per notifications for each of them as they come about in the service
// (active placements at offers that are then paused: one notification
// per placement, written in the pause's transaction). Mail of the demo
// itself is delivered first. Then GET /deelnemers/{id}/matches is asked,
// one request at a time by the demo coach Fatma over her caseload, through
// the real API on a loopback listener: -requests times before, all the
// while the real mail worker (package notify, default batch of 50 mails
// over one SMTP connection) delivers the digest run with its clock moved
// to the digest hour, and -requests times after. Afterwards every
// notification must be marked sent, none failed, and Mailpit must hold one
// mail per user with distinct Message-IDs.
//
// Mailpit (github.com/axllent/mailpit, go install it) runs on free
// loopback ports with a database of its own in a temporary folder.
//
// The database is a new one on the PostgreSQL server that
// PLEKWIJZER_BENCH_DATABASE_URL, else PLEKWIJZER_TEST_DATABASE_URL, else
// the local server names; it is dropped afterwards. -engine sqlite runs on
// a SQLite file instead (the pipeline test does).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/store"
)

// sectionName names the markers of this program's section of the report.
const sectionName = "notify"

// config is one run.
type config struct {
	Engine      string
	DatabaseURL string // the PostgreSQL server (engine postgres)
	Users       int    // coaches who get a digest
	Per         int    // notifications per coach
	Requests    int    // matches requests before and after the delivery
	Batch       int    // mails the worker claims at a time (0: its default)
	Out         string
	Command     string // the command line, for the report
	Log         io.Writer
}

func main() {
	benchutil.Main("notifybench", func(ctx context.Context) error {
		cfg := config{Log: os.Stderr}
		flag.StringVar(&cfg.Engine, "engine", store.Postgres, "postgres or sqlite")
		flag.IntVar(&cfg.Users, "users", 2500, "coaches who get a daily digest")
		flag.IntVar(&cfg.Per, "per", 4, "notifications per coach")
		flag.IntVar(&cfg.Requests, "requests", 1000, "matches requests before and after the delivery")
		flag.IntVar(&cfg.Batch, "batch", 0, "mails the worker claims at a time (0: its default of 50)")
		flag.StringVar(&cfg.Out, "out", "", "write the report section into this file (docs/BENCHMARKS.md)")
		flag.Parse()
		cfg.DatabaseURL = benchutil.DatabaseURL()
		cfg.Command = "go run ./bench/notifybench"
		if f := benchutil.FlagsSet("out"); f != "" {
			cfg.Command += " " + f
		}
		cfg.Command += " -out docs/BENCHMARKS.md"
		rep, err := run(ctx, cfg)
		if err != nil {
			return err
		}
		section := rep.markdown()
		if cfg.Out == "" {
			fmt.Print(section)
			return nil
		}
		return benchutil.WriteSection(cfg.Out, sectionName, section)
	})
}

// openDatabase makes the run's database: a new PostgreSQL database, or a
// SQLite file in a temporary folder.
func openDatabase(ctx context.Context, cfg config) (*store.DB, string, func(), error) {
	if cfg.Engine == store.SQLite {
		dir, err := os.MkdirTemp("", "notifybench-")
		if err != nil {
			return nil, "", nil, err
		}
		url := filepath.Join(dir, "plekwijzer.db")
		db, err := store.Open(ctx, url, nil)
		if err != nil {
			os.RemoveAll(dir)
			return nil, "", nil, err
		}
		return db, url, func() { db.Close(); os.RemoveAll(dir) }, nil
	}
	url, drop, err := benchutil.CreateDatabase(ctx, cfg.DatabaseURL, "notify")
	if err != nil {
		return nil, "", nil, err
	}
	db, err := store.Open(ctx, url, nil)
	if err != nil {
		drop()
		return nil, "", nil, err
	}
	return db, url, func() { db.Close(); drop() }, nil
}

func logf(cfg config, format string, args ...any) {
	benchutil.Logf(cfg.Log, "notifybench", format, args...)
}

// since is the time from start, for the log.
func since(start time.Time) string { return time.Since(start).Round(time.Millisecond).String() }
