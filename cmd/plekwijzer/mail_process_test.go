package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/notify/notifytest"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestCrashDuringMailBatch: the service is killed with SIGKILL while it
// mails a batch of 200 notifications; after a restart every one is
// delivered. A mail the server accepted just before the kill, but that was
// not yet marked sent, goes out again when its lease runs out: the test
// counts those duplicates (docs/NOTIFICATIONS.md), and wants none lost.
func TestCrashDuringMailBatch(t *testing.T) {
	mp := notifytest.Start(t)
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			dbURL := storetest.URL(t, engine)
			dataDir := t.TempDir()
			db := storetest.Open(t, dbURL)
			if err := seed.Catalogue(ctx, db); err != nil {
				t.Fatal(err)
			}
			domain := "crash-" + engine + ".example.org"
			coaches, err := notifytest.Coaches(ctx, db, 10, domain)
			if err != nil {
				t.Fatal(err)
			}
			offers, _, err := notifytest.Placements(ctx, db, coaches, 200)
			if err != nil {
				t.Fatal(err)
			}
			env := []string{"PLEKWIJZER_SMTP_URL=" + mp.SMTPURL(), "PLEKWIJZER_BASE_URL=https://plekwijzer.example.org",
				"PLEKWIJZER_MAIL_LEASE=2s", "PLEKWIJZER_INDEXER=off"}
			first := startServiceEnv(t, ctx, "first", dbURL, dataDir, env)
			if err := notifytest.Pause(ctx, db, offers); err != nil { // 200 notifications in one commit
				t.Fatal(err)
			}
			delivered := func() (distinct, total int) {
				seen := map[string]bool{}
				for _, m := range mp.Messages() {
					if len(m.To) == 1 && strings.HasSuffix(m.To[0].Address, "@"+domain) {
						total++
						seen[m.MessageID] = true
					}
				}
				return len(seen), total
			}
			for {
				// Kill in the middle of the stream, in the second batch.
				if n, _ := delivered(); n >= 60 {
					break
				}
				if ctx.Err() != nil {
					t.Fatal("no mail arrived before the deadline")
				}
				time.Sleep(5 * time.Millisecond)
			}
			first.crash()
			if !strings.Contains(first.log(), "mail on") {
				t.Errorf("the start log does not say mail is on:\n%s", first.log())
			}
			atKill, _ := delivered()
			if atKill >= 200 {
				t.Fatalf("all 200 mails were out before the kill landed; the test proves nothing")
			}
			startServiceEnv(t, ctx, "second", dbURL, dataDir, env)
			for {
				distinct, total := delivered()
				if distinct == 200 {
					// Wait out one more lease: nothing else may arrive.
					time.Sleep(3 * time.Second)
					distinct, total = delivered()
					t.Logf("%s: killed after %d of 200 mails; after the restart %d distinct delivered, %d duplicates", engine, atKill, distinct, total-distinct)
					if distinct != 200 {
						t.Errorf("%d distinct mails, want 200", distinct)
					}
					return
				}
				if ctx.Err() != nil {
					t.Fatalf("after the restart %d of 200 mails delivered (%d with duplicates)", distinct, total)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}
