package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/iederz/plekwijzer"
)

// errUnavailable is the answer while the database cannot be reached: an
// outage to wait out (the API's 503 with Retry-After), not a bug.
var errUnavailable = plekwijzer.Errorf(plekwijzer.EUnavailable,
	"De database is even niet bereikbaar. Probeer het over een halve minuut opnieuw.")

// unreachable reports whether err says the database cannot be reached or
// cannot write at all, rather than that one statement failed: a refused,
// reset or timed-out connection (net.OpError, also for a connect that ran
// into its deadline), a connection that broke mid-way, PostgreSQL's
// connection exceptions (class 08) and shutdown or start-up states, and
// SQLite's disk that cannot be read or written.
func unreachable(err error) bool {
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &opErr), errors.As(err, &dnsErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "57P01", "57P02", "57P03", "53300": // admin or crash shutdown, starting up, too many connections
			return true
		}
		return pqErr.Code.Class() == "08"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() & 0xff {
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY:
			return true
		}
	}
	return false
}
