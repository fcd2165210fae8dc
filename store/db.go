// Package store keeps Plekwijzer's data in PostgreSQL or in an embedded
// SQLite database. Both engines run the same portable SQL (written with ?
// placeholders and rebound for PostgreSQL); where they really differ — row
// locks, error codes, connection set-up — the difference sits behind the
// small dialect seam in this file.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.Store = (*DB)(nil)

// Engine names.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// DB is the store on one database.
type DB struct {
	db     *sqlx.DB
	engine string
	log    *slog.Logger
	url    string

	proposalHold atomic.Int64 // how long a new proposal holds its places; 0: until it changes
	asyncAudit   atomic.Bool  // audit rows committed without waiting for the disk (PostgreSQL)
	audits       auditGroup   // RecordAccess: concurrent callers' rows share commits
	// evaluationSchedule is when evaluations are due (zero: the default).
	evaluationSchedule plekwijzer.EvaluationSchedule

	committed signal // fired after every commit: wakes this process's indexer
	listenMu  sync.Mutex
	listen    *pq.Listener // PostgreSQL LISTEN for other replicas' commits
}

// Open connects to the database that url names: a postgres:// URL or a
// key=value connection string (host=… dbname=…) for PostgreSQL; otherwise a
// file path for SQLite ("" means ./data/plekwijzer.db, ":memory:" a private
// in-memory database). Any other URL is refused. It does not migrate.
func Open(ctx context.Context, url string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		db     *sqlx.DB
		engine string
		err    error
	)
	if engine, err = engineOf(url); err != nil {
		return nil, err
	}
	if engine == Postgres {
		db, err = sqlx.Open("postgres", url)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(10)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	} else {
		db, err = openSQLite(url)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", engine, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", engine, err)
	}
	st := &DB{db: db, engine: engine, log: log, url: url}
	st.proposalHold.Store(int64(DefaultProposalHold))
	return st, nil
}

// DefaultProposalHold is how long a proposal holds its places unless
// SetProposalHold says otherwise: two weeks to say yes.
const DefaultProposalHold = 14 * 24 * time.Hour

// SetProposalHold sets how long new proposals hold their places before they
// expire; 0 or less means until someone changes them.
func (db *DB) SetProposalHold(d time.Duration) { db.proposalHold.Store(int64(max(d, 0))) }

// SetAsyncAudit makes PostgreSQL commit audit rows without waiting for
// the write-ahead log to reach the disk (synchronous_commit off for those
// transactions only). The row is committed and visible before the answer
// is sent, as always; a crash of the database server within a fraction of
// a second can lose the last rows. It takes the disk's flush from every
// audited read, which on slow storage is what makes their slowest answers
// slow. Off by default. SQLite commits as before.
func (db *DB) SetAsyncAudit(on bool) { db.asyncAudit.Store(on) }

// ProposalHold is how long new proposals hold their places; 0 for no limit.
func (db *DB) ProposalHold() time.Duration { return time.Duration(db.proposalHold.Load()) }

// openSQLite opens a SQLite file with WAL (readers never wait for the
// writer), a busy timeout, foreign keys on, secure_delete, and BEGIN IMMEDIATE for every
// transaction: a transaction that reads and then writes takes the write lock
// up front, so two bookings can never both read "one place free".
func openSQLite(path string) (*sqlx.DB, error) {
	memory := path == ":memory:"
	if path == "" {
		path = filepath.Join("data", "plekwijzer.db")
	}
	if !memory {
		if err := writableSQLite(path); err != nil {
			return nil, err
		}
	}
	dsn := "file:" + path + "?_txlock=immediate&_time_format=sqlite" +
		"&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)" +
		// Deleted rows are overwritten with zeros, not left in free space
		// (erasure.go).
		"&_pragma=secure_delete(1)"
	if !memory {
		dsn += "&_pragma=journal_mode(WAL)"
	}
	db, err := sqlx.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if memory {
		// Every connection to :memory: is a database of its own.
		db.SetMaxOpenConns(1)
	} else {
		// SQLite has one writer; a few readers run beside it under WAL.
		db.SetMaxOpenConns(4)
	}
	return db, nil
}

// Engine is Postgres or SQLite.
func (db *DB) Engine() string { return db.engine }

// Close closes the database.
func (db *DB) Close() error {
	db.listenMu.Lock()
	if db.listen != nil {
		db.listen.Close()
		db.listen = nil
	}
	db.listenMu.Unlock()
	return db.db.Close()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }

// forUpdate locks the selected rows until the transaction ends. SQLite needs
// no row locks: its transactions are IMMEDIATE, so writers run one at a time.
func (db *DB) forUpdate() string {
	if db.engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// forUpdateOf locks the rows of one table (alias) of a joined select.
func (db *DB) forUpdateOf(alias string) string {
	if db.engine == Postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// transact runs fn in a transaction and commits if fn returns nil.
func (db *DB) transact(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return db.translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return db.translate(err)
	}
	if err := tx.Commit(); err != nil {
		return db.translate(err)
	}
	db.committed.fire()
	return nil
}

// translate turns driver errors into domain errors: no rows is ENotFound, a
// database that cannot be reached EUnavailable (with the cause wrapped for
// the log), a unique violation EConflict, a foreign-key violation EConflict
// (a row that is still referenced), a check violation EInvalid. Anything
// else stays an internal error with its cause wrapped for the log.
func (db *DB) translate(err error) error {
	if err == nil {
		return nil
	}
	var e *plekwijzer.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound
	}
	if unreachable(err) {
		return fmt.Errorf("store: %w: %w", errUnavailable, err)
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return plekwijzer.Errorf(plekwijzer.EConflict, "Dit bestaat al.")
		case "23503":
			return plekwijzer.Errorf(plekwijzer.EConflict, "Dit wordt nog gebruikt of verwijst naar iets dat niet bestaat.")
		case "23514", "23502":
			return plekwijzer.Errorf(plekwijzer.EInvalid, "De invoer past niet bij de regels van de database.")
		}
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return plekwijzer.Errorf(plekwijzer.EConflict, "Dit bestaat al.")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return plekwijzer.Errorf(plekwijzer.EConflict, "Dit wordt nog gebruikt of verwijst naar iets dat niet bestaat.")
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return plekwijzer.Errorf(plekwijzer.EInvalid, "De invoer past niet bij de regels van de database.")
		}
	}
	return fmt.Errorf("store: %w", err)
}

// errNotFound is the answer for an id that names nothing — also for a
// malformed one, which PostgreSQL would otherwise reject as a uuid.
var errNotFound = plekwijzer.Errorf(plekwijzer.ENotFound, "Niet gevonden.")

// querier is what both *sqlx.DB and *sqlx.Tx offer.
type querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// get runs a portable query (? placeholders) for one row.
func (db *DB) get(ctx context.Context, q querier, dest any, query string, args ...any) error {
	return q.GetContext(ctx, dest, db.db.Rebind(query), args...)
}

// sel runs a portable query for many rows.
func (db *DB) sel(ctx context.Context, q querier, dest any, query string, args ...any) error {
	return q.SelectContext(ctx, dest, db.db.Rebind(query), args...)
}

// exec runs a portable statement and returns the number of rows affected.
func (db *DB) exec(ctx context.Context, q querier, query string, args ...any) (int64, error) {
	res, err := q.ExecContext(ctx, db.db.Rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// selectIn runs a portable query with IN (?) lists (expanded by sqlx.In)
// for many rows.
func (db *DB) selectIn(ctx context.Context, q querier, dest any, query string, args ...any) error {
	query, args, err := sqlx.In(query, args...)
	if err != nil {
		return err
	}
	return q.SelectContext(ctx, dest, db.db.Rebind(query), args...)
}

// now is the time stored in created_at and updated_at: UTC, to the
// microsecond, which both engines keep exactly.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// where builds a WHERE clause from optional conditions.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likePattern returns a LIKE pattern that finds s anywhere, case-insensitive
// when compared with lower() on both sides; % and _ in s match themselves.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}

// page returns LIMIT/OFFSET for a page, with defaults filled in.
func page(p plekwijzer.Page) string {
	if p.Number < 1 {
		p.Number = 1
	}
	if p.Size < 1 {
		p.Size = plekwijzer.DefaultPageSize
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", p.Size, p.Offset())
}

// versionMismatch is the error of an update whose version is stale.
func versionMismatch(current int) error {
	return &plekwijzer.Error{
		Code:    plekwijzer.EConflict,
		Message: fmt.Sprintf("Iemand anders heeft dit intussen gewijzigd (nu versie %d). Laad het opnieuw en probeer het nog eens.", current),
		Details: map[string]any{"huidigeVersie": current},
	}
}

// checkVersion returns a conflict if want is set and differs from have.
func checkVersion(want, have int) error {
	if want != 0 && want != have {
		return versionMismatch(have)
	}
	return nil
}

// missing returns the ids among ids that table lacks.
func (db *DB) missing(ctx context.Context, q querier, table string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var found []string
	if err := db.selectIn(ctx, q, &found, "SELECT id FROM "+table+" WHERE id IN (?)", ids); err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(found))
	for _, id := range found {
		have[id] = true
	}
	var out []string
	for _, id := range ids {
		if !have[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

// refs checks that referenced ids exist and reports each missing one under
// its field name, all at once.
type refs struct {
	checks []refCheck
}

type refCheck struct {
	table string
	field string // "werksoortId" or "vaardigheden" (then indexed)
	ids   []string
	list  bool
}

func (r *refs) one(table, field, id string) {
	if id != "" {
		r.checks = append(r.checks, refCheck{table: table, field: field, ids: []string{id}})
	}
}

func (r *refs) many(table, field string, ids []string) {
	r.checks = append(r.checks, refCheck{table: table, field: field, ids: ids, list: true})
}

func (db *DB) checkRefs(ctx context.Context, q querier, r refs) error {
	var p plekwijzer.Problems
	for _, c := range r.checks {
		miss, err := db.missing(ctx, q, c.table, c.ids)
		if err != nil {
			return err
		}
		for _, m := range miss {
			if !c.list {
				p.Add(c.field, "bestaat niet")
				continue
			}
			for i, id := range c.ids {
				if id == m {
					p.Add(fmt.Sprintf("%s[%d]", c.field, i), "bestaat niet")
				}
			}
		}
	}
	return p.Err()
}

// nilID stands in for "no id" where a query compares with an id: PostgreSQL
// refuses ” as a uuid.
const nilID = "00000000-0000-0000-0000-000000000000"

func orNil(id string) string {
	if id == "" {
		return nilID
	}
	return id
}

// indexRows turns rows into entities, in order, with a map by id and the
// ids: what loading the lists of many entities at once starts from.
func indexRows[R, T any](rows []R, conv func(R) (string, *T)) (out []*T, byID map[string]*T, ids []string) {
	out, byID, ids = make([]*T, len(rows)), make(map[string]*T, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		ids[i], out[i] = conv(r)
		byID[ids[i]] = out[i]
	}
	return out, byID, ids
}
