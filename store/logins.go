package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/argon2"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.LoginStore = (*DB)(nil)

// argon2id parameters: the OWASP minimum for argon2id (19 MiB, 2 passes,
// one lane). They are written into every hash, so raising them later only
// affects new passwords.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// hashPassword returns the PHC string of password with a fresh salt.
func hashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// passwordMatches checks password against a PHC string made by hashPassword
// (with whatever parameters it names).
func passwordMatches(phc, password string) bool {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 10 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a username is unknown, so that the
// answer takes as long as for a known one (no probing of usernames).
var dummyHash, _ = hashPassword("plekwijzer: geen gebruiker")

// SetPassword implements plekwijzer.LoginStore.
func (db *DB) SetPassword(ctx context.Context, userID, username, password string) error {
	username = plekwijzer.NormalizeUsername(username)
	if err := plekwijzer.ValidateCredentials(username, password); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.user(ctx, tx, userID, ""); err != nil {
			return err
		}
		var owner string
		err := db.get(ctx, tx, &owner, `SELECT user_id FROM credentials WHERE username = ?`, username)
		switch {
		case err == nil && owner != userID:
			return &plekwijzer.Error{Code: plekwijzer.EConflict, Message: "Deze gebruikersnaam is al in gebruik.",
				Fields: []plekwijzer.FieldError{{Name: "gebruikersnaam", Reason: "is al in gebruik"}}}
		case err != nil && plekwijzer.ErrorCode(db.translate(err)) != plekwijzer.ENotFound:
			return err
		}
		if _, err := db.exec(ctx, tx, `DELETE FROM credentials WHERE user_id = ?`, userID); err != nil {
			return err
		}
		_, err = db.exec(ctx, tx, `INSERT INTO credentials (user_id, username, password_hash, updated_at) VALUES (?, ?, ?, ?)`,
			userID, username, hash, now())
		return err
	})
}

// CheckPassword implements plekwijzer.LoginStore.
func (db *DB) CheckPassword(ctx context.Context, username, password string) (*plekwijzer.User, error) {
	wrong := plekwijzer.Errorf(plekwijzer.EUnauthorized, "De gebruikersnaam of het wachtwoord klopt niet.")
	username = plekwijzer.NormalizeUsername(username)
	if len(username) > 64 || len(password) > 4*plekwijzer.MaxPasswordLength {
		passwordMatches(dummyHash, password)
		return nil, wrong
	}
	var r struct {
		userRow
		Hash string `db:"password_hash"`
	}
	err := db.get(ctx, db.db, &r, `SELECT `+userColumnsOf+`, c.password_hash
		FROM credentials c JOIN users u ON u.id = c.user_id WHERE c.username = ?`, username)
	if err != nil {
		if plekwijzer.ErrorCode(db.translate(err)) == plekwijzer.ENotFound {
			passwordMatches(dummyHash, password)
			return nil, wrong
		}
		return nil, db.translate(err)
	}
	if !passwordMatches(r.Hash, password) {
		return nil, wrong
	}
	if r.DeactivatedAt != nil {
		return nil, plekwijzer.Errorf(plekwijzer.EUnauthorized, msgDeactivated)
	}
	return r.userRow.domain(), nil
}

// Username implements plekwijzer.LoginStore.
func (db *DB) Username(ctx context.Context, userID string) (string, error) {
	if !plekwijzer.ValidID(userID) {
		return "", errNotFound
	}
	var name string
	if err := db.get(ctx, db.db, &name, `SELECT username FROM credentials WHERE user_id = ?`, userID); err != nil {
		return "", db.translate(err)
	}
	return name, nil
}

// sessionPrefix marks session secrets, as tokenPrefix marks tokens.
const sessionPrefix = "pws_"

// sealKey derives the key that seals a session's API token from the
// session's secret: the database holds only the secret's hash, so it
// cannot unseal the token on its own.
func sealKey(secret string) ([]byte, error) {
	return hkdf.Key(sha256.New, []byte(secret), nil, "plekwijzer session token", 32)
}

func sealToken(secret, token string) (string, error) {
	gcm, err := sessionCipher(secret)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(token), nil)), nil
}

func unsealToken(secret, sealed string) (string, error) {
	gcm, err := sessionCipher(secret)
	if err != nil {
		return "", err
	}
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(b) < gcm.NonceSize() {
		return "", errors.New("store: sealed token is malformed")
	}
	plain, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], nil)
	if err != nil {
		return "", fmt.Errorf("store: unseal token: %w", err)
	}
	return string(plain), nil
}

func sessionCipher(secret string) (cipher.AEAD, error) {
	key, err := sealKey(secret)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// CreateSession implements plekwijzer.LoginStore. The session and its API
// token are made in one transaction.
func (db *DB) CreateSession(ctx context.Context, userID string, expires time.Time) (*plekwijzer.Session, string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	secret := sessionPrefix + base64.RawURLEncoding.EncodeToString(b)
	s := &plekwijzer.Session{UserID: userID, CreatedAt: now(), ExpiresAt: expires.UTC().Truncate(time.Microsecond)}
	s.LastSeen = s.CreatedAt
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		t, token, err := db.insertToken(ctx, tx, userID, "websessie", &s.ExpiresAt)
		if err != nil {
			return err
		}
		sealed, err := sealToken(secret, token)
		if err != nil {
			return err
		}
		s.TokenID, s.Token = t.ID, token
		_, err = db.exec(ctx, tx, `INSERT INTO sessions (hash, user_id, token_id, sealed_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			hashToken(secret), userID, t.ID, sealed, s.CreatedAt, s.LastSeen, s.ExpiresAt)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return s, secret, nil
}

type sessionRow struct {
	UserID    string    `db:"user_id"`
	TokenID   string    `db:"token_id"`
	Sealed    string    `db:"sealed_token"`
	CreatedAt time.Time `db:"created_at"`
	LastSeen  time.Time `db:"last_seen_at"`
	ExpiresAt time.Time `db:"expires_at"`
}

// SessionBySecret implements plekwijzer.LoginStore.
func (db *DB) SessionBySecret(ctx context.Context, secret string, idle time.Duration) (*plekwijzer.Session, error) {
	ended := plekwijzer.Errorf(plekwijzer.EUnauthorized, "Je sessie is verlopen. Log opnieuw in.")
	if !strings.HasPrefix(secret, sessionPrefix) || len(secret) > 100 {
		return nil, ended
	}
	var r sessionRow
	err := db.get(ctx, db.db, &r, `SELECT user_id, token_id, sealed_token, created_at, last_seen_at, expires_at FROM sessions WHERE hash = ?`, hashToken(secret))
	if err != nil {
		if plekwijzer.ErrorCode(db.translate(err)) == plekwijzer.ENotFound {
			return nil, ended
		}
		return nil, db.translate(err)
	}
	t := time.Now()
	if !r.ExpiresAt.After(t) || (idle > 0 && t.Sub(r.LastSeen) > idle) {
		return nil, ended
	}
	token, err := unsealToken(secret, r.Sealed)
	if err != nil {
		return nil, err
	}
	if t.Sub(r.LastSeen) > time.Minute {
		r.LastSeen = now()
		if _, err := db.exec(ctx, db.db, `UPDATE sessions SET last_seen_at = ? WHERE hash = ?`, r.LastSeen, hashToken(secret)); err != nil {
			db.log.Warn("record session use", "err", err)
		}
	}
	return &plekwijzer.Session{UserID: r.UserID, TokenID: r.TokenID, CreatedAt: r.CreatedAt.UTC(), LastSeen: r.LastSeen.UTC(),
		ExpiresAt: r.ExpiresAt.UTC(), Token: token}, nil
}

// DeleteSession implements plekwijzer.LoginStore: deleting the token ends
// the session with it (ON DELETE CASCADE).
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		_, err := db.exec(ctx, tx, `DELETE FROM tokens WHERE id IN (SELECT token_id FROM sessions WHERE hash = ?)`, hashToken(secret))
		return err
	})
}

// DeleteExpiredSessions implements plekwijzer.LoginStore.
func (db *DB) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	var n int64
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if n, err = db.exec(ctx, tx, `DELETE FROM tokens WHERE id IN (SELECT token_id FROM sessions WHERE expires_at <= ?)`, t.UTC()); err != nil {
			return err
		}
		_, err = db.exec(ctx, tx, `DELETE FROM login_failures WHERE failed_at < ?`, t.UTC().Add(-24*time.Hour))
		return err
	})
	return int(n), err
}

// loginKey is what the failures table keeps of a key (a username or an
// address): its hash.
func loginKey(key string) string { return hashToken("login:" + key) }

// LoginFailures implements plekwijzer.LoginStore.
func (db *DB) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	if err := db.get(ctx, db.db, &n, `SELECT count(*) FROM login_failures WHERE key_hash = ? AND failed_at > ?`, loginKey(key), since.UTC()); err != nil {
		return 0, db.translate(err)
	}
	return n, nil
}

// RecordLoginFailure implements plekwijzer.LoginStore.
func (db *DB) RecordLoginFailure(ctx context.Context, keys ...string) error {
	at := now()
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		for _, k := range keys {
			if _, err := db.exec(ctx, tx, `INSERT INTO login_failures (key_hash, failed_at) VALUES (?, ?)`, loginKey(k), at); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearLoginFailures implements plekwijzer.LoginStore.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.exec(ctx, db.db, `DELETE FROM login_failures WHERE key_hash = ?`, loginKey(key))
	return db.translate(err)
}
