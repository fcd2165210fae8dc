package notify_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/notify"
	"github.com/iederz/plekwijzer/notify/notifytest"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

const base = "https://plekwijzer.example.org"

func worker(t *testing.T, db *store.DB, mp *notifytest.Server, mods ...func(*notify.Config)) *notify.Worker {
	t.Helper()
	smtp, err := notify.ParseSMTP(mp.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg := notify.Config{SMTP: smtp, BaseURL: base, Batch: 20}
	for _, m := range mods {
		m(&cfg)
	}
	w, err := notify.New(db, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// drain delivers until nothing is due.
func drain(t *testing.T, w *notify.Worker) {
	t.Helper()
	notifytest.Drain(t, w)
}

func setup(t *testing.T, db *store.DB, coaches, notifications int, domain string) ([]*plekwijzer.User, []string) {
	t.Helper()
	ctx := t.Context()
	if err := seed.Catalogue(ctx, db); err != nil {
		t.Fatal(err)
	}
	cs, err := notifytest.Coaches(ctx, db, coaches, domain)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := notifytest.PausedOffers(ctx, db, cs, notifications)
	if err != nil {
		t.Fatal(err)
	}
	return cs, codes
}

// TestMailDelivered: a direct notification arrives at its user's address
// with a Dutch subject, the code, the offer's title, a link under the base
// URL and a Message-ID derived from the notification, in plain text and
// HTML — and nothing of the offer or participant beyond that.
func TestMailDelivered(t *testing.T) {
	mp := notifytest.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		cs, codes := setup(t, db, 1, 1, "delivered-"+db.Engine()+".example.org")
		w := worker(t, db, mp)
		drain(t, w)
		var got *notifytest.Message
		for _, m := range mp.Messages() {
			if len(m.To) == 1 && m.To[0].Address == cs[0].Email {
				full := mp.Message(m.ID)
				got = &full
			}
		}
		if got == nil {
			t.Fatalf("no mail to %s", cs[0].Email)
		}
		list, _, _, err := db.Notifications(t.Context(), cs[0].ID, plekwijzer.NotificationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := list[0]
		if got.Subject != "Plekwijzer: Werkplek gepauzeerd of gesloten" {
			t.Errorf("subject %q", got.Subject)
		}
		if got.MessageID != "melding-"+n.ID+"@plekwijzer.example.org" {
			t.Errorf("Message-ID %q for notification %s", got.MessageID, n.ID)
		}
		for name, body := range map[string]string{"text": got.Text, "html": got.HTML} {
			for _, want := range []string{codes[0], "Fietsen maken 1", base + "/plaatsingen/" + *n.PlacementID, "Beste Coach 001"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s body lacks %q:\n%s", name, want, body)
				}
			}
			if strings.Contains(body, notifytest.Secret) {
				t.Errorf("%s body carries more than the notification: %s", name, body)
			}
		}
		// Sent once: nothing is due any more.
		if n, err := w.DeliverDue(t.Context()); err != nil || n != 0 {
			t.Errorf("after delivery %d mails still due (%v)", n, err)
		}
	})
}

// TestDigest: a user who chose "dagelijks" gets one mail at their hour
// listing every digest notification, not one each.
func TestDigest(t *testing.T) {
	mp := notifytest.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		domain := "digest-" + db.Engine() + ".example.org"
		if err := seed.Catalogue(ctx, db); err != nil {
			t.Fatal(err)
		}
		cs, err := notifytest.Coaches(ctx, db, 2, domain)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if _, err := db.SetNotificationPreferences(ctx, c.ID, plekwijzer.NotificationPreferences{DigestHour: 7,
				Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{plekwijzer.NotifyOfferPaused: plekwijzer.DeliveryDaily}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := notifytest.PausedOffers(ctx, db, cs, 6); err != nil {
			t.Fatal(err)
		}
		w := worker(t, db, mp)
		drain(t, w)
		if n := countTo(mp, domain); n != 0 {
			t.Fatalf("%d digest mails before the digest hour", n)
		}
		at := plekwijzer.NextDigest(time.Now(), 7).Add(time.Minute)
		drain(t, worker(t, db, mp, func(c *notify.Config) { c.Now = func() time.Time { return at } }))
		if n := countTo(mp, domain); n != 2 {
			t.Fatalf("%d digest mails at the hour, want one per user (2)", n)
		}
		for _, m := range mp.Messages() {
			if !strings.HasSuffix(m.To[0].Address, domain) {
				continue
			}
			full := mp.Message(m.ID)
			if full.Subject != "Plekwijzer: je meldingen (3)" || strings.Count(full.Text, "/plaatsingen/") != 3 {
				t.Errorf("digest %q:\n%s", full.Subject, full.Text)
			}
		}
	})
}

func countTo(mp *notifytest.Server, domain string) int {
	n := 0
	for _, m := range mp.Messages() {
		if len(m.To) > 0 && strings.HasSuffix(m.To[0].Address, "@"+domain) {
			n++
		}
	}
	return n
}

// TestMailWaitsForServer: while the mail server is down mail queues; when
// it is back (and the retry is due) every mail goes out, once.
func TestMailWaitsForServer(t *testing.T) {
	mp := notifytest.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		domain := "down-" + db.Engine() + ".example.org"
		setup(t, db, 3, 9, domain)
		mp.Stop()
		if _, err := worker(t, db, mp).DeliverDue(t.Context()); err == nil {
			t.Fatal("no error while the mail server is down")
		}
		mp.Restart()
		drain(t, worker(t, db, mp))
		if n := countTo(mp, domain); n != 0 {
			t.Fatalf("%d mails sent before their retry was due", n)
		}
		later := func(c *notify.Config) { c.Now = func() time.Time { return time.Now().Add(2 * time.Minute) } }
		drain(t, worker(t, db, mp, later))
		if n := countTo(mp, domain); n != 9 {
			t.Fatalf("%d mails after the server came back, want 9", n)
		}
	})
}

// TestRejectedRecipient: a recipient the server refuses (550) fails at
// once and is listed for the beheerder; others are delivered.
func TestRejectedRecipient(t *testing.T) {
	mp := notifytest.Start(t, "--smtp-allowed-recipients", `@(sqlite|postgres)\.example\.org$`)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cs, _ := setup(t, db, 2, 2, db.Engine()+".example.org")
		if _, err := db.UpdateUser(ctx, cs[1].ID, plekwijzer.UserUpdate{Email: ptr("weg@" + db.Engine() + ".example.net")}, 0); err != nil {
			t.Fatal(err)
		}
		drain(t, worker(t, db, mp))
		failed, total, err := db.FailedMails(ctx, plekwijzer.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || failed[0].UserID != cs[1].ID || failed[0].Email != "weg@"+db.Engine()+".example.net" || failed[0].LastError == "" {
			t.Fatalf("failed mails %d: %+v", total, failed)
		}
		if n := countTo(mp, db.Engine()+".example.org"); n != 1 {
			t.Errorf("%d mails to the allowed address, want 1", n)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestTwoWorkersNeverSendTwice: two workers (two instances of the service)
// on one database deliver 200 mails between them, each exactly once.
func TestTwoWorkersNeverSendTwice(t *testing.T) {
	mp := notifytest.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		domain := "twice-" + db.Engine() + ".example.org"
		setup(t, db, 20, 200, domain)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i := range counts {
			w := worker(t, db, mp, func(c *notify.Config) { c.Batch = 7 })
			wg.Go(func() {
				for {
					n, err := w.DeliverDue(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						return
					}
					counts[i] += n
				}
			})
		}
		wg.Wait()
		ids := map[string]int{}
		for _, m := range mp.Messages() {
			if strings.HasSuffix(m.To[0].Address, "@"+domain) {
				ids[m.MessageID]++
			}
		}
		dups := 0
		for _, c := range ids {
			dups += c - 1
		}
		t.Logf("%s: worker A %d, worker B %d mails; %d distinct delivered, %d duplicates", db.Engine(), counts[0], counts[1], len(ids), dups)
		if len(ids) != 200 || dups != 0 {
			t.Errorf("%d distinct mails, %d duplicates; want 200 and 0", len(ids), dups)
		}
	})
}

// TestMailGivesUpAfter24Hours: retries stop a day after the first try; the
// mail is then failed and listed for the beheerder.
func TestMailGivesUpAfter24Hours(t *testing.T) {
	mp := notifytest.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		setup(t, db, 1, 1, "giveup-"+db.Engine()+".example.org")
		mp.Stop()
		defer mp.Restart()
		for _, ahead := range []time.Duration{0, 25 * time.Hour} {
			w := worker(t, db, mp, func(c *notify.Config) { c.Now = func() time.Time { return time.Now().Add(ahead) } })
			if _, err := w.DeliverDue(t.Context()); err == nil {
				t.Fatal("no error while the mail server is down")
			}
		}
		failed, total, err := db.FailedMails(t.Context(), plekwijzer.Page{})
		if err != nil || total != 1 || failed[0].Attempts != 2 {
			t.Fatalf("failed mails after a day: %d %+v (%v)", total, failed, err)
		}
	})
}
