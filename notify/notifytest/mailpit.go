// Package notifytest runs a real Mailpit (github.com/axllent/mailpit) as the
// SMTP server of tests and the benchmark, on free ports with a database of
// its own, and reads the delivered mail through its HTTP API. Without the
// binary a test is skipped, unless PLEKWIJZER_REQUIRE_MAILPIT=1.
package notifytest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Server is a running Mailpit.
type Server struct {
	tb        testing.TB
	bin       string
	args      []string
	smtp, api string // host:port
	cmd       *exec.Cmd
}

// Binary finds mailpit on PATH, in $GOPATH/bin or in $HOME/go/bin.
func Binary() (string, error) {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p, nil
	}
	var dirs []string
	if gp := os.Getenv("GOPATH"); gp != "" {
		dirs = append(dirs, filepath.Join(gp, "bin"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "mailpit")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("mailpit not found on PATH, in $GOPATH/bin or $HOME/go/bin (go install github.com/axllent/mailpit@v1.33.1)")
}

// Start runs Mailpit with extra flags (such as --smtp-allowed-recipients)
// until the test ends.
func Start(tb testing.TB, extra ...string) *Server {
	tb.Helper()
	bin, err := Binary()
	if err != nil {
		if os.Getenv("PLEKWIJZER_REQUIRE_MAILPIT") == "1" {
			tb.Fatalf("PLEKWIJZER_REQUIRE_MAILPIT=1: %v", err)
		}
		tb.Skipf("skipping: %v (set PLEKWIJZER_REQUIRE_MAILPIT=1 to fail instead)", err)
	}
	s := &Server{tb: tb, bin: bin, smtp: freeAddr(tb), api: freeAddr(tb)}
	s.args = append([]string{"--smtp", s.smtp, "--listen", s.api, "--database", filepath.Join(tb.TempDir(), "mailpit.db"),
		"--smtp-disable-rdns", "--disable-version-check", "--quiet"}, extra...)
	s.Restart()
	tb.Cleanup(s.Stop)
	return s
}

func freeAddr(tb testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// SMTPURL is the URL the service sends to (plain SMTP on localhost).
func (s *Server) SMTPURL() string { return "smtp://" + s.smtp + "?tls=off" }

// Stop ends Mailpit; its messages stay in its database for a Restart.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts Mailpit again on the same ports and waits until it
// answers.
func (s *Server) Restart() {
	s.tb.Helper()
	s.cmd = exec.Command(s.bin, s.args...)
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	if err := s.cmd.Start(); err != nil {
		s.tb.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.smtp, time.Second)
		if err == nil {
			c.Close()
			if _, err := s.list(1); err == nil {
				return
			}
		}
		if time.Now().After(deadline) {
			s.tb.Fatalf("mailpit did not start on %s / %s", s.smtp, s.api)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Address is a mail address as Mailpit reports it.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Message is a delivered mail.
type Message struct {
	ID        string    `json:"ID"`
	MessageID string    `json:"MessageID"`
	From      Address   `json:"From"`
	To        []Address `json:"To"`
	Subject   string    `json:"Subject"`
	Text      string    `json:"Text"`
	HTML      string    `json:"HTML"`
	// Attachments are the mail's attached files (read by Message; the
	// list of Messages has only their number).
	Attachments []Attachment `json:"-"`
}

// Attachment is an attached file of a delivered mail.
type Attachment struct {
	PartID      string `json:"PartID"`
	FileName    string `json:"FileName"`
	ContentType string `json:"ContentType"`
}

// Part returns the content of one part of a delivered mail (an
// attachment's PartID).
func (s *Server) Part(id, partID string) []byte {
	s.tb.Helper()
	resp, err := http.Get("http://" + s.api + "/api/v1/message/" + id + "/part/" + partID)
	if err != nil {
		s.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		s.tb.Fatalf("mailpit part %s of %s: %s %v", partID, id, resp.Status, err)
	}
	return b
}

// Messages lists every delivered mail (without bodies), newest first.
func (s *Server) Messages() []Message {
	s.tb.Helper()
	all, err := s.list(1_000_000)
	if err != nil {
		s.tb.Fatal(err)
	}
	return all
}

// Count is how many mails were delivered.
func (s *Server) Count() int {
	s.tb.Helper()
	var page struct {
		Total int `json:"total"`
	}
	if err := s.getJSON("/api/v1/messages?limit=1", &page); err != nil {
		s.tb.Fatal(err)
	}
	return page.Total
}

func (s *Server) list(limit int) ([]Message, error) {
	var page struct {
		Messages []Message `json:"messages"`
	}
	err := s.getJSON("/api/v1/messages?limit="+strconv.Itoa(limit), &page)
	return page.Messages, err
}

// Message reads one mail with its bodies.
func (s *Server) Message(id string) Message {
	s.tb.Helper()
	var m struct {
		Message
		Attachments []Attachment `json:"Attachments"`
	}
	if err := s.getJSON("/api/v1/message/"+id, &m); err != nil {
		s.tb.Fatal(err)
	}
	m.Message.Attachments = m.Attachments
	return m.Message
}

// Wait waits until at least n mails arrived, or fails after timeout.
func (s *Server) Wait(n int, timeout time.Duration) {
	s.tb.Helper()
	deadline := time.Now().Add(timeout)
	for s.Count() < n {
		if time.Now().After(deadline) {
			s.tb.Fatalf("%d mails arrived within %v, want %d", s.Count(), timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) getJSON(path string, v any) error {
	resp, err := http.Get("http://" + s.api + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mailpit %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// Deliverer is what Drain needs of a mail worker (notify.Worker).
type Deliverer interface {
	DeliverDue(ctx context.Context) (int, error)
}

// Drain lets w deliver until nothing is due.
func Drain(tb testing.TB, w Deliverer) {
	tb.Helper()
	for {
		n, err := w.DeliverDue(tb.Context())
		if err != nil {
			tb.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}
