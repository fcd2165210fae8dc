package notify

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// SMTP is where mail goes, parsed from PLEKWIJZER_SMTP_URL:
//
//	smtp://user:password@host:587   STARTTLS, required (the default port 587)
//	smtps://user:password@host:465  TLS from the first byte (the default port 465)
//	smtp://host:1025?tls=off        no TLS: only for a relay on the same host or a test server
//	smtp://host:25?tls=opportunistic STARTTLS when the server offers it
//
// The password never appears in String, which is what the log shows.
type SMTP struct {
	u *url.URL
}

// ParseSMTP parses an SMTP URL; "" is no mail at all (nil, nil).
func ParseSMTP(raw string) (*SMTP, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url's error repeats the input, password and all.
		return nil, fmt.Errorf("PLEKWIJZER_SMTP_URL is not a URL")
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return nil, fmt.Errorf("PLEKWIJZER_SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("PLEKWIJZER_SMTP_URL names no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("PLEKWIJZER_SMTP_URL has a bad port %q", p)
		}
	}
	switch tls := u.Query().Get("tls"); {
	case tls == "" || tls == "off" || tls == "opportunistic":
	default:
		return nil, fmt.Errorf("PLEKWIJZER_SMTP_URL: tls must be off or opportunistic, not %q", tls)
	}
	if u.Scheme == "smtps" && u.Query().Get("tls") != "" {
		return nil, fmt.Errorf("PLEKWIJZER_SMTP_URL: smtps:// is always TLS; tls= belongs to smtp://")
	}
	return &SMTP{u: u}, nil
}

// String is the URL with the password masked, for the log.
func (s *SMTP) String() string { return s.u.Redacted() }

// client makes a go-mail client for s.
func (s *SMTP) client() (*gomail.Client, error) {
	port := 587
	opts := []gomail.Option{gomail.WithTLSPolicy(gomail.TLSMandatory)}
	switch {
	case s.u.Scheme == "smtps":
		port = 465
		opts = []gomail.Option{gomail.WithSSL()}
	case s.u.Query().Get("tls") == "off":
		opts = []gomail.Option{gomail.WithTLSPolicy(gomail.NoTLS)}
	case s.u.Query().Get("tls") == "opportunistic":
		opts = []gomail.Option{gomail.WithTLSPolicy(gomail.TLSOpportunistic)}
	}
	if p := s.u.Port(); p != "" {
		port, _ = strconv.Atoi(p)
	}
	opts = append(opts, gomail.WithPort(port))
	if user := s.u.User; user != nil {
		pw, _ := user.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(user.Username()), gomail.WithPassword(pw))
	}
	return gomail.NewClient(s.u.Hostname(), opts...)
}

// ParseFrom checks the sender address (a display name is allowed here).
func ParseFrom(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("PLEKWIJZER_MAIL_FROM %q is not an e-mail address", s)
	}
	return a, nil
}
