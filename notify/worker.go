// Package notify runs the background work of notifications: it writes the
// ones that come from time passing (a proposal expires in 2 days, a
// placement ends in 2 weeks) and mails due notifications through an SMTP
// server with go-mail, with leases, retries and backoff
// (docs/NOTIFICATIONS.md). The notifications themselves are written by the
// store in the transaction of the change that causes them.
package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/iederz/plekwijzer"
)

// Config configures a Worker. Zero durations take the defaults.
type Config struct {
	SMTP    *SMTP         // nil: no mail, only the notifications in the app
	From    *mail.Address // the sender; default noreply@ the base URL's host
	BaseURL string        // PLEKWIJZER_BASE_URL: links in mails start with it
	Owner   string        // this worker's name in leases; default a new id
	Batch   int           // mails claimed at a time (default 50)
	Lease   time.Duration // how long a claim holds (default 2 minutes)
	Poll    time.Duration // how often to look for due mail (default 5 seconds)
	Sweep   time.Duration // how often to write upcoming events (default 10 minutes)
	Retry   Backoff
	// Now is the worker's clock (default time.Now); tests and the
	// benchmark move it to a digest hour or past a retry.
	Now func() time.Time
}

// Backoff says when a mail that could not be delivered is tried again:
// after First, then twice as long each time up to Max, until GiveUp after
// the first try; then it is failed and shown to the beheerder.
type Backoff struct {
	First, Max, GiveUp time.Duration
}

// Delay is the wait after the attempts-th failed try.
func (b Backoff) Delay(attempts int) time.Duration {
	d := b.First
	for i := 1; i < attempts && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Complete fills in the defaults and checks the base URL.
func (c *Config) Complete() error {
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost:8080"
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("PLEKWIJZER_BASE_URL %q is not an http(s) address", c.BaseURL)
	}
	if c.From == nil {
		c.From = &mail.Address{Name: "Plekwijzer", Address: "noreply@" + hostOf(c.BaseURL)}
	}
	if c.Owner == "" {
		c.Owner = plekwijzer.NewID()
	}
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Batch <= 0 {
		c.Batch = 50
	}
	set(&c.Lease, 2*time.Minute)
	set(&c.Poll, 5*time.Second)
	set(&c.Sweep, 10*time.Minute)
	set(&c.Retry.First, time.Minute)
	set(&c.Retry.Max, time.Hour)
	set(&c.Retry.GiveUp, 24*time.Hour)
	return nil
}

func hostOf(base string) string {
	u, _ := url.Parse(base)
	return u.Hostname()
}

// Worker delivers notifications by mail and writes upcoming events.
type Worker struct {
	q   plekwijzer.MailQueue
	cfg Config
	log *slog.Logger
}

// New makes a worker; it reports a bad configuration.
func New(q plekwijzer.MailQueue, cfg Config, log *slog.Logger) (*Worker, error) {
	if err := cfg.Complete(); err != nil {
		return nil, err
	}
	return &Worker{q: q, cfg: cfg, log: log}, nil
}

// MailOn reports whether the worker sends mail.
func (w *Worker) MailOn() bool { return w.cfg.SMTP != nil }

// Run writes upcoming events every Sweep and, with mail on, delivers due
// mail every Poll (at once again after a full batch), until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	if w.MailOn() {
		w.log.Info("mail on", "smtp", w.cfg.SMTP.String(), "from", w.cfg.From.String(), "baseUrl", w.cfg.BaseURL)
	} else {
		w.log.Info("mail off: PLEKWIJZER_SMTP_URL is not set; notifications are shown in the app only")
	}
	sweep := time.NewTicker(w.cfg.Sweep)
	defer sweep.Stop()
	poll := time.NewTicker(w.cfg.Poll)
	defer poll.Stop()
	w.sweep(ctx)
	for {
		if w.MailOn() {
			for {
				n, err := w.DeliverDue(ctx)
				if err != nil && ctx.Err() == nil {
					w.log.Warn("delivering mail failed", "err", err)
				}
				if err != nil || n < w.cfg.Batch {
					break
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-sweep.C:
			w.sweep(ctx)
		case <-poll.C:
		}
	}
}

func (w *Worker) sweep(ctx context.Context) {
	n, err := w.q.NotifyUpcoming(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		w.log.Warn("writing upcoming notifications failed", "err", err)
	case n > 0:
		w.log.Info("upcoming notifications written", "placements", n)
	}
}

// DeliverDue claims one batch of due mail and sends it over one
// connection, recording each outcome as soon as the server answers. It
// returns how many mails it claimed.
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	mails, err := w.q.ClaimMail(ctx, w.cfg.Owner, w.cfg.Now(), w.cfg.Batch, w.cfg.Lease)
	if err != nil || len(mails) == 0 {
		return 0, err
	}
	client, err := w.cfg.SMTP.client()
	if err != nil {
		return len(mails), w.retryAll(ctx, mails, err)
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if rerr := w.retryAll(ctx, mails, err); rerr != nil {
			return len(mails), rerr
		}
		return len(mails), fmt.Errorf("mail server unreachable, %d mails wait: %w", len(mails), err)
	}
	defer client.CloseWithSMTPClient(conn)
	for _, m := range mails {
		if err := w.send(ctx, client, conn, m); err != nil {
			return len(mails), err
		}
	}
	return len(mails), nil
}

// send delivers one mail and records its outcome.
func (w *Worker) send(ctx context.Context, client *gomail.Client, conn *smtp.Client, m *plekwijzer.OutgoingMail) error {
	if m.Email == "" {
		return w.q.MailNotSent(ctx, w.cfg.Owner, m.IDs(), "de gebruiker heeft geen e-mailadres", time.Time{})
	}
	r, err := render(m, w.cfg.BaseURL, hostOf(w.cfg.BaseURL))
	if err != nil {
		return err
	}
	msg := gomail.NewMsg()
	msg.FromMailAddress(w.cfg.From)
	if err := msg.To(m.Email); err != nil {
		return w.q.MailNotSent(ctx, w.cfg.Owner, m.IDs(), "ongeldig e-mailadres", time.Time{})
	}
	msg.Subject(r.Subject)
	msg.SetMessageIDWithValue(r.MessageID)
	msg.SetDate()
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, r.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	if err := w.attachInvitations(ctx, msg, m); err != nil {
		return err
	}
	if err := client.SendWithSMTPClient(conn, msg); err != nil {
		return w.failed(ctx, m, err)
	}
	ok, err := w.q.MailSent(ctx, w.cfg.Owner, m.IDs(), r.MessageID)
	if err == nil && !ok {
		// The lease ran out while sending: another worker may send it too.
		w.log.Warn("mail sent after its lease ran out; it may be sent twice", "messageId", r.MessageID)
	}
	return err
}

// attachInvitations adds the calendar invitation of every intake the
// mail tells of (a kennismaking notification), one per placement, so the
// recipient can put the meeting in their calendar; a moved intake's
// invitation replaces the earlier one (same UID, higher SEQUENCE).
func (w *Worker) attachInvitations(ctx context.Context, msg *gomail.Msg, m *plekwijzer.OutgoingMail) error {
	seen := map[string]bool{}
	for _, n := range m.Notifications {
		if n.Kind != plekwijzer.NotifyIntake || n.PlacementID == nil || seen[*n.PlacementID] {
			continue
		}
		seen[*n.PlacementID] = true
		ics, err := w.q.Invitation(ctx, *n.PlacementID, n.Code, n.OfferTitle)
		if err != nil {
			return fmt.Errorf("invitation of the intake: %w", err)
		}
		if ics == nil {
			continue
		}
		name := "kennismaking.ics"
		if len(seen) > 1 {
			name = fmt.Sprintf("kennismaking-%d.ics", len(seen))
		}
		msg.AttachReadSeeker(name, bytes.NewReader(ics), gomail.WithFileContentType(`text/calendar; charset=utf-8; method=PUBLISH`))
	}
	return nil
}

// failed records a try that did not deliver: a permanent refusal (5xx) or
// one older than GiveUp fails at once, anything else is retried later.
// The log gets the server's answer, never the address.
func (w *Worker) failed(ctx context.Context, m *plekwijzer.OutgoingMail, cause error) error {
	reason := cause.Error()
	var se *gomail.SendError
	permanent := errors.As(cause, &se) && !se.IsTemp()
	retryAt := w.cfg.Now().Add(w.cfg.Retry.Delay(m.Attempts))
	if permanent || retryAt.Sub(m.FirstAttempt) > w.cfg.Retry.GiveUp {
		retryAt = time.Time{}
		w.log.Warn("mail failed; shown to the beheerder", "user", m.UserID, "attempts", m.Attempts, "err", reason)
	}
	return w.q.MailNotSent(ctx, w.cfg.Owner, m.IDs(), reason, retryAt)
}

// retryAll records a failure of the whole batch (the server could not be
// reached).
func (w *Worker) retryAll(ctx context.Context, mails []*plekwijzer.OutgoingMail, cause error) error {
	for _, m := range mails {
		if err := w.failed(ctx, m, cause); err != nil {
			return err
		}
	}
	return nil
}
