package plekwijzer

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Session is a browser's login to the web pages. The browser holds the
// session's secret (its cookie); the store keeps only a hash of it. Each
// session carries an API token of its own, so that the pages act through the
// API under exactly the rules (and the audit) of any other client.
type Session struct {
	UserID    string
	TokenID   string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
	// Token is the secret of the session's API token, unsealed with the
	// session secret; only filled in by SessionBySecret.
	Token string
}

// Password rules (NIST SP 800-63B: length, not composition).
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
)

// LoginStore keeps usernames, password hashes, browser sessions and failed
// logins (in the database, so that every replica sees the same).
type LoginStore interface {
	// SetPassword gives a user a username and password. EInvalid for a
	// username or password that breaks the rules, EConflict for a username
	// another user has, ENotFound for an unknown user.
	SetPassword(ctx context.Context, userID, username, password string) error
	// CheckPassword returns the user with this username and password.
	// EUnauthorized for anything else, in about the same time whether the
	// username exists or not.
	CheckPassword(ctx context.Context, username, password string) (*User, error)
	// Username returns a user's username, or ENotFound when they have none.
	Username(ctx context.Context, userID string) (string, error)

	// CreateSession starts a session for a user that ends at expires, and
	// returns it with its secret (shown once, for the cookie). ENotFound
	// for an unknown user.
	CreateSession(ctx context.Context, userID string, expires time.Time) (*Session, string, error)
	// SessionBySecret returns the session whose secret this is, with its
	// API token unsealed, and records that it was used (at most once a
	// minute). EUnauthorized for an unknown, ended or expired session, or
	// one idle for longer than idle.
	SessionBySecret(ctx context.Context, secret string, idle time.Duration) (*Session, error)
	// DeleteSession ends a session and revokes its API token. Ending an
	// unknown session is not an error.
	DeleteSession(ctx context.Context, secret string) error
	// DeleteExpiredSessions removes sessions (and their tokens) that ended
	// before t, and failed logins older than t minus a day.
	DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error)

	// LoginFailures counts the failed logins recorded under key since t.
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// RecordLoginFailure records a failed login under each key.
	RecordLoginFailure(ctx context.Context, keys ...string) error
	// ClearLoginFailures forgets the failed logins under key.
	ClearLoginFailures(ctx context.Context, key string) error
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// NormalizeUsername is how usernames are compared: trimmed, lower case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateCredentials checks a (normalised) username and a password against
// the rules, naming every problem.
func ValidateCredentials(username, password string) error {
	var p Problems
	if !usernameRE.MatchString(username) {
		p.Add("gebruikersnaam", "moet 3 tot 64 kleine letters, cijfers, punten, streepjes of liggende streepjes zijn")
	}
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		p.Addf("wachtwoord", "moet minstens %d tekens hebben", MinPasswordLength)
	case n > MaxPasswordLength:
		p.Addf("wachtwoord", "mag hoogstens %d tekens hebben", MaxPasswordLength)
	}
	return p.Err()
}
