package storetest

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Proxy is a TCP proxy in front of a test database, so a test can make
// the database really go away and come back — as an outage looks to the
// service: refused connections and broken ones — without stopping a
// PostgreSQL server that others share.
type Proxy struct {
	tb     testing.TB
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

// NewProxy starts a proxy to the server of the PostgreSQL URL dbURL and
// returns it with the URL that goes through it. It stops at cleanup.
func NewProxy(tb testing.TB, dbURL string) (*Proxy, string) {
	tb.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		tb.Fatalf("proxy: %v", err)
	}
	p := &Proxy{tb: tb, target: u.Host, conns: map[net.Conn]bool{}}
	p.listen("127.0.0.1:0")
	tb.Cleanup(p.Cut)
	u.Host = p.addr
	return p, u.String()
}

// Cut makes the database unreachable: open connections break and new
// ones are refused.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// Restore makes the database reachable again, on the same address.
func (p *Proxy) Restore() {
	p.tb.Helper()
	p.listen(p.addr)
}

func (p *Proxy) listen(addr string) {
	p.tb.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.tb.Fatalf("proxy: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *Proxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		if !p.track(c, s) {
			return
		}
		go p.pipe(c, s)
		go p.pipe(s, c)
	}
}

// track records a connection pair, or closes it when the proxy was cut
// meanwhile.
func (p *Proxy) track(c, s net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		c.Close()
		s.Close()
		return false
	}
	p.conns[c], p.conns[s] = true, true
	return true
}

func (p *Proxy) pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}
