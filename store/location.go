package store

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/lib/pq"
)

// The forms a database location can take (PLEKWIJZER_DATABASE_URL):
// a postgres:// URL, a libpq key=value string, or the path of a SQLite
// file. Anything else is refused rather than taken for a file name: a
// mistyped PostgreSQL location must not start the service on an empty
// local database, with files named after the password in the working
// folder.
var (
	// keyValueForm is how a libpq connection string starts: "host=…".
	keyValueForm = regexp.MustCompile(`^\s*[A-Za-z_]+\s*=`)
	// schemeForm is how any URL starts: "mysql://…", "file:…".
	schemeForm = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)
	// keyValuePassword is the password of a key=value string, quoted
	// ('…', with \' inside) or not.
	keyValuePassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)`)
)

// errLocation is the advice for a database location that is none of the
// accepted forms. It never repeats the location: it may hold a password.
const errLocation = "PLEKWIJZER_DATABASE_URL (or --database-url): %s; use postgres://user:password@host:5432/db?sslmode=…, " +
	"a key=value string (host=… user=… password=… dbname=…), or the path of a SQLite file"

// engineOf says which engine loc is for, and refuses a location that is
// none of the accepted forms or does not parse.
func engineOf(loc string) (string, error) {
	switch {
	case isPostgresURL(loc):
		if _, err := url.Parse(loc); err != nil {
			return "", locationError("the URL does not parse (percent-encode special characters in the password, e.g. % as %25)")
		}
		if _, err := pq.NewConfig(loc); err != nil {
			return "", locationError("the URL is not a valid PostgreSQL URL")
		}
		return Postgres, nil
	case keyValueForm.MatchString(loc):
		// pq's own message may quote a piece of the password (after an
		// unquoted space, the rest reads as a key), so it is not passed on.
		if _, err := pq.NewConfig(loc); err != nil {
			return "", locationError("the key=value string does not parse (put a value with spaces or quotes in single quotes)")
		}
		return Postgres, nil
	case loc == ":memory:":
		return SQLite, nil
	case schemeForm.MatchString(loc):
		return "", locationError("only PostgreSQL URLs are supported")
	case strings.ContainsAny(loc, "?#\x00"):
		// The SQLite driver would read what follows ? as its own options.
		return "", locationError("a SQLite path cannot hold ?, # or NUL")
	}
	return SQLite, nil
}

func isPostgresURL(loc string) bool {
	return strings.HasPrefix(loc, "postgres://") || strings.HasPrefix(loc, "postgresql://")
}

func locationError(reason string) error { return fmt.Errorf(errLocation, reason) }

// Redact returns the database location without its password, for a log
// line or a message: the password of a URL (also one given as
// ?password=), of a key=value string, and the whole of a location that
// does not parse, since where its password ends cannot be known.
func Redact(loc string) string {
	switch {
	case keyValueForm.MatchString(loc):
		if _, err := pq.NewConfig(loc); err != nil {
			return "key=value string (not shown: does not parse)"
		}
		return keyValuePassword.ReplaceAllString(loc, "${1}xxxxx")
	case schemeForm.MatchString(loc) && loc != ":memory:":
		u, err := url.Parse(loc)
		if err != nil {
			return loc[:strings.Index(loc, ":")] + ":(not shown: does not parse)"
		}
		if q := u.Query(); q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	return loc
}
