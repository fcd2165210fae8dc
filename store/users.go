package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

type userRow struct {
	ID             string     `db:"id"`
	Name           string     `db:"name"`
	Role           string     `db:"role"`
	OrganisationID *string    `db:"organisation_id"`
	Email          string     `db:"email"`
	Version        int        `db:"version"`
	CreatedAt      time.Time  `db:"created_at"`
	UpdatedAt      time.Time  `db:"updated_at"`
	DeactivatedAt  *time.Time `db:"deactivated_at"`
}

const userColumns = `id, name, role, organisation_id, email, version, created_at, updated_at, deactivated_at`

// userColumnsOf is userColumns of the users table under alias u.
const userColumnsOf = `u.id, u.name, u.role, u.organisation_id, u.email, u.version, u.created_at, u.updated_at, u.deactivated_at`

func (r userRow) domain() *plekwijzer.User {
	return &plekwijzer.User{ID: r.ID, Name: r.Name, Role: plekwijzer.Role(r.Role), OrganisationID: r.OrganisationID, Email: r.Email,
		Active: r.DeactivatedAt == nil, DeactivatedAt: utcPtr(r.DeactivatedAt),
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// FindUsers implements plekwijzer.UserStore.
func (db *DB) FindUsers(ctx context.Context, f plekwijzer.UserFilter) ([]*plekwijzer.User, int, error) {
	var w where
	if f.Role != "" {
		w.add("role = ?", f.Role)
	}
	if f.OrganisationID != "" {
		w.add("organisation_id = ?", f.OrganisationID)
	}
	if f.Active != nil {
		if *f.Active {
			w.add("deactivated_at IS NULL")
		} else {
			w.add("deactivated_at IS NOT NULL")
		}
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM users"+w.String(), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []userRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+userColumns+" FROM users"+w.String()+" ORDER BY lower(name), id"+page(f.Page), w.args...); err != nil {
		return nil, 0, db.translate(err)
	}
	out := make([]*plekwijzer.User, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// User implements plekwijzer.UserStore.
func (db *DB) User(ctx context.Context, id string) (*plekwijzer.User, error) {
	return db.user(ctx, db.db, id, "")
}

func (db *DB) user(ctx context.Context, q querier, id, lock string) (*plekwijzer.User, error) {
	if !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var r userRow
	if err := db.get(ctx, q, &r, "SELECT "+userColumns+" FROM users WHERE id = ?"+lock, id); err != nil {
		return nil, db.translate(err)
	}
	return r.domain(), nil
}

func userRefs(u *plekwijzer.User) refs {
	var r refs
	if u.OrganisationID != nil {
		r.one("organisations", "organisatieId", *u.OrganisationID)
	}
	return r
}

// CreateUser implements plekwijzer.UserStore.
func (db *DB) CreateUser(ctx context.Context, u *plekwijzer.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.transact(ctx, func(tx *sqlx.Tx) error { return db.insertUser(ctx, tx, u) })
}

// insertUser stores a validated user in tx.
func (db *DB) insertUser(ctx context.Context, tx *sqlx.Tx, u *plekwijzer.User) error {
	if err := db.checkRefs(ctx, tx, userRefs(u)); err != nil {
		return err
	}
	if u.ID == "" {
		u.ID = plekwijzer.NewID()
	}
	u.CreatedAt, u.Version = now(), 1
	u.UpdatedAt = u.CreatedAt
	u.Active, u.DeactivatedAt = true, nil
	_, err := db.exec(ctx, tx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Name, u.Role, u.OrganisationID, u.Email, u.Version, u.CreatedAt, u.UpdatedAt, u.DeactivatedAt)
	return err
}

// UpdateUser implements plekwijzer.UserStore.
func (db *DB) UpdateUser(ctx context.Context, id string, upd plekwijzer.UserUpdate, version int) (*plekwijzer.User, error) {
	var u *plekwijzer.User
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if u, err = db.user(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := checkVersion(version, u.Version); err != nil {
			return err
		}
		wasCoach, wasActive := u.Role == plekwijzer.RoleCoach, u.Active
		u.Apply(upd)
		switch {
		case wasActive && !u.Active:
			t := now()
			u.DeactivatedAt = &t
		case u.Active:
			u.DeactivatedAt = nil
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := db.checkRefs(ctx, tx, userRefs(u)); err != nil {
			return err
		}
		if wasCoach && u.Role != plekwijzer.RoleCoach {
			if err := db.noCaseload(ctx, tx, id); err != nil {
				return err
			}
		}
		u.Version++
		u.UpdatedAt = now()
		_, err = db.exec(ctx, tx, `UPDATE users SET name = ?, role = ?, organisation_id = ?, email = ?, version = ?, updated_at = ?, deactivated_at = ? WHERE id = ?`,
			u.Name, u.Role, u.OrganisationID, u.Email, u.Version, u.UpdatedAt, u.DeactivatedAt, u.ID)
		return err
	})
	return u, err
}

// noCaseload refuses to take away a coach who still has participants.
func (db *DB) noCaseload(ctx context.Context, q querier, id string) error {
	var n int
	if err := db.get(ctx, q, &n, `SELECT count(*) FROM participants WHERE coach_id = ?`, id); err != nil {
		return err
	}
	if n > 0 {
		return &plekwijzer.Error{Code: plekwijzer.EConflict,
			Message: "Deze coach heeft nog deelnemers. Draag die eerst over aan een andere coach.",
			Details: map[string]any{"deelnemers": n}}
	}
	return nil
}

// DeleteUser implements plekwijzer.UserStore.
func (db *DB) DeleteUser(ctx context.Context, id string) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.user(ctx, tx, id, db.forUpdate()); err != nil {
			return err
		}
		if err := db.noCaseload(ctx, tx, id); err != nil {
			return err
		}
		_, err := db.exec(ctx, tx, `DELETE FROM users WHERE id = ?`, id)
		return err
	})
}

// tokenPrefix marks Plekwijzer tokens, so secret scanners can find leaked
// ones in code or chat.
const tokenPrefix = "pw_"

// hashToken is what the store keeps of a token: its SHA-256. Tokens are 256
// random bits, so a fast hash is safe here (no dictionary to try).
func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken implements plekwijzer.UserStore.
func (db *DB) CreateToken(ctx context.Context, userID, name string, expires *time.Time) (*plekwijzer.Token, string, error) {
	var p plekwijzer.Problems
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		p.Add("naam", "is verplicht en hoogstens 100 tekens")
	}
	if expires != nil && !expires.After(time.Now()) {
		p.Add("verloopt", "ligt in het verleden")
	}
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	var t *plekwijzer.Token
	var secret string
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		t, secret, err = db.insertToken(ctx, tx, userID, name, expires)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// insertToken makes a new token for an existing user in tx.
func (db *DB) insertToken(ctx context.Context, tx *sqlx.Tx, userID, name string, expires *time.Time) (*plekwijzer.Token, string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := &plekwijzer.Token{ID: plekwijzer.NewID(), UserID: userID, Name: name, CreatedAt: now()}
	if expires != nil {
		e := expires.UTC().Truncate(time.Microsecond)
		t.ExpiresAt = &e
	}
	if _, err := db.user(ctx, tx, userID, ""); err != nil {
		return nil, "", err
	}
	_, err := db.exec(ctx, tx, `INSERT INTO tokens (id, user_id, name, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		t.ID, t.UserID, t.Name, hashToken(secret), t.CreatedAt, t.ExpiresAt)
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

type tokenRow struct {
	ID        string     `db:"id"`
	UserID    string     `db:"user_id"`
	Name      string     `db:"name"`
	CreatedAt time.Time  `db:"created_at"`
	ExpiresAt *time.Time `db:"expires_at"`
	LastUsed  *time.Time `db:"last_used_at"`
}

// Tokens implements plekwijzer.UserStore.
func (db *DB) Tokens(ctx context.Context, userID string) ([]*plekwijzer.Token, error) {
	if _, err := db.User(ctx, userID); err != nil {
		return nil, err
	}
	var rows []tokenRow
	if err := db.sel(ctx, db.db, &rows, `SELECT id, user_id, name, created_at, expires_at, last_used_at FROM tokens WHERE user_id = ? ORDER BY created_at, id`, userID); err != nil {
		return nil, db.translate(err)
	}
	out := make([]*plekwijzer.Token, len(rows))
	for i, r := range rows {
		out[i] = &plekwijzer.Token{ID: r.ID, UserID: r.UserID, Name: r.Name, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: utcPtr(r.ExpiresAt), LastUsed: utcPtr(r.LastUsed)}
	}
	return out, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// DeleteToken implements plekwijzer.UserStore.
func (db *DB) DeleteToken(ctx context.Context, userID, tokenID string) error {
	if !plekwijzer.ValidID(userID) || !plekwijzer.ValidID(tokenID) {
		return errNotFound
	}
	n, err := db.exec(ctx, db.db, `DELETE FROM tokens WHERE id = ? AND user_id = ?`, tokenID, userID)
	if err != nil {
		return db.translate(err)
	}
	if n == 0 {
		return errNotFound
	}
	return nil
}

// Authenticate implements plekwijzer.UserStore. It records when a token was
// last used, at most once a minute, so a busy client does not turn every
// read into a write.
func (db *DB) Authenticate(ctx context.Context, secret string) (*plekwijzer.User, error) {
	unauthorized := plekwijzer.Errorf(plekwijzer.EUnauthorized, "Je token is onbekend, ingetrokken of verlopen.")
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, unauthorized
	}
	var r struct {
		userRow
		TokenID   string     `db:"token_id"`
		ExpiresAt *time.Time `db:"expires_at"`
		LastUsed  *time.Time `db:"last_used_at"`
	}
	// A deactivated user's tokens open nothing (and are not recorded as
	// used), whatever their expiry.
	err := db.get(ctx, db.db, &r, `SELECT `+userColumnsOf+`, t.id AS token_id, t.expires_at, t.last_used_at
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND u.deactivated_at IS NULL`, hashToken(secret))
	if err != nil {
		if plekwijzer.ErrorCode(db.translate(err)) == plekwijzer.ENotFound {
			return nil, unauthorized
		}
		return nil, db.translate(err)
	}
	t := time.Now()
	if r.ExpiresAt != nil && !r.ExpiresAt.After(t) {
		return nil, unauthorized
	}
	if r.LastUsed == nil || t.Sub(*r.LastUsed) > time.Minute {
		if _, err := db.exec(ctx, db.db, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, now(), r.TokenID); err != nil {
			db.log.Warn("record token use", "err", err)
		}
	}
	return r.userRow.domain(), nil
}

// msgDeactivated answers a deactivated user who tries to log in.
const msgDeactivated = "Dit account is uitgezet. Vraag de beheerder van Plekwijzer om het weer aan te zetten."
