package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/notify"
)

// loadMail reads the settings of notification mail: PLEKWIJZER_SMTP_URL
// (empty: no mail, the notifications in the app still work),
// PLEKWIJZER_MAIL_FROM, PLEKWIJZER_BASE_URL and PLEKWIJZER_MAIL_LEASE.
func loadMail() (notify.Config, error) {
	var c notify.Config
	raw, err := env("PLEKWIJZER_SMTP_URL")
	if err != nil {
		return c, err
	}
	if c.SMTP, err = notify.ParseSMTP(raw); err != nil {
		return c, err
	}
	if v, _ := env("PLEKWIJZER_MAIL_FROM"); v != "" {
		if c.From, err = notify.ParseFrom(v); err != nil {
			return c, err
		}
	}
	c.BaseURL, _ = env("PLEKWIJZER_BASE_URL")
	if v, _ := env("PLEKWIJZER_MAIL_LEASE"); v != "" {
		if c.Lease, err = time.ParseDuration(v); err != nil || c.Lease < time.Second {
			return c, fmt.Errorf("PLEKWIJZER_MAIL_LEASE: want a duration of at least 1s such as 2m, got %q", v)
		}
	}
	return c, c.Complete()
}

// deliverMail runs the notification worker until ctx ends: upcoming
// events, and with SMTP the mail. Its start line says whether mail is on.
func deliverMail(ctx context.Context, q plekwijzer.MailQueue, cfg notify.Config, log *slog.Logger) error {
	w, err := notify.New(q, cfg, log)
	if err != nil {
		return err
	}
	w.Run(ctx)
	return nil
}
