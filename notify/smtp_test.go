package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer/notify"
)

// TestParseSMTP: the schemes and options, the password never in String or
// in an error.
func TestParseSMTP(t *testing.T) {
	s, err := notify.ParseSMTP("smtps://mailer:s3cr3t-pw@smtp.example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.String(); strings.Contains(got, "s3cr3t-pw") || !strings.Contains(got, "mailer") {
		t.Errorf("String() = %q", got)
	}
	if s, err := notify.ParseSMTP(""); s != nil || err != nil {
		t.Errorf("empty URL: %v, %v; want no mail", s, err)
	}
	for _, bad := range []string{"http://u:s3cr3t-pw@host", "smtp://u:s3cr3t-pw@", "smtp://u:s3cr3t-pw@host:99999",
		"smtp://u:s3cr3t-pw@host?tls=maybe", "smtps://u:s3cr3t-pw@host?tls=off", "smtp://u:s3cr3t-pw@host:%zz"} {
		_, err := notify.ParseSMTP(bad)
		if err == nil {
			t.Errorf("%s accepted", bad)
		} else if strings.Contains(err.Error(), "s3cr3t-pw") {
			t.Errorf("error shows the password: %v", err)
		}
	}
}

// TestBackoff doubles up to the maximum.
func TestBackoff(t *testing.T) {
	b := notify.Backoff{First: time.Minute, Max: time.Hour, GiveUp: 24 * time.Hour}
	for attempts, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 4: 8 * time.Minute, 7: time.Hour, 30: time.Hour} {
		if got := b.Delay(attempts); got != want {
			t.Errorf("Delay(%d) = %v, want %v", attempts, got, want)
		}
	}
}
