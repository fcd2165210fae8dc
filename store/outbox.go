package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.IndexSource = (*DB)(nil)

// outboxChannel is the PostgreSQL NOTIFY channel that wakes the indexers of
// every replica.
const outboxChannel = "plekwijzer_outbox"

// outboxLockKey is the advisory lock that orders outbox writes on
// PostgreSQL: held from the first outbox row to commit, so a row with a
// higher seq never becomes visible before one with a lower seq.
const outboxLockKey = 740_2018

// pollInterval bounds how long an indexer waits without a notification:
// notifications can be lost (a reconnect), polling cannot.
var pollInterval atomic.Int64

func init() { pollInterval.Store(int64(2 * time.Second)) }

// SetPollInterval changes how often indexers poll the outbox and returns the
// previous interval (for tests and tuning).
func SetPollInterval(d time.Duration) time.Duration {
	return time.Duration(pollInterval.Swap(int64(d)))
}

// enqueue records in the outbox that entities of kind changed, in the
// caller's transaction.
func (db *DB) enqueue(ctx context.Context, tx *sqlx.Tx, kind string, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := db.lockOutbox(ctx, tx); err != nil {
		return err
	}
	t := now()
	for _, id := range ids {
		if _, err := db.exec(ctx, tx, `INSERT INTO search_outbox (kind, entity_id, created_at) VALUES (?, ?, ?)`, kind, id, t); err != nil {
			return err
		}
	}
	return nil
}

// enqueueOffersWhere records a change of every offer that cond selects (an
// organisation or work type they show changed).
func (db *DB) enqueueOffersWhere(ctx context.Context, tx *sqlx.Tx, cond string, args ...any) error {
	if err := db.lockOutbox(ctx, tx); err != nil {
		return err
	}
	_, err := db.exec(ctx, tx, `INSERT INTO search_outbox (kind, entity_id, created_at)
		SELECT 'werkplek', id, ? FROM offers WHERE `+cond+` ORDER BY id`, append([]any{now()}, args...)...)
	return err
}

func (db *DB) lockOutbox(ctx context.Context, tx *sqlx.Tx) error {
	if db.engine != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, outboxLockKey); err != nil {
		return err
	}
	// Delivered at commit, to every listening replica.
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, '')`, outboxChannel)
	return err
}

// OutboxAfter implements plekwijzer.IndexSource.
func (db *DB) OutboxAfter(ctx context.Context, after int64, limit int) ([]plekwijzer.OutboxEntry, error) {
	var rows []struct {
		Seq  int64  `db:"seq"`
		Kind string `db:"kind"`
		ID   string `db:"entity_id"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT seq, kind, entity_id FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit); err != nil {
		return nil, db.translate(err)
	}
	out := make([]plekwijzer.OutboxEntry, len(rows))
	for i, r := range rows {
		out[i] = plekwijzer.OutboxEntry{Seq: r.Seq, Kind: r.Kind, ID: r.ID}
	}
	return out, nil
}

// OutboxHead implements plekwijzer.IndexSource.
func (db *DB) OutboxHead(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.get(ctx, db.db, &seq, `SELECT coalesce(max(seq), 0) FROM search_outbox`); err != nil {
		return 0, db.translate(err)
	}
	return seq, nil
}

// OutboxOldestAfter implements plekwijzer.OutboxStore.
func (db *DB) OutboxOldestAfter(ctx context.Context, after int64) (time.Time, bool, error) {
	var at []time.Time
	if err := db.sel(ctx, db.db, &at, `SELECT created_at FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT 1`, after); err != nil {
		return time.Time{}, false, db.translate(err)
	}
	if len(at) == 0 {
		return time.Time{}, false, nil
	}
	return at[0], true, nil
}

// OutboxEpoch implements plekwijzer.IndexSource.
func (db *DB) OutboxEpoch(ctx context.Context) (string, error) {
	var epoch string
	if err := db.get(ctx, db.db, &epoch, `SELECT epoch FROM search_epoch`); err != nil {
		return "", db.translate(err)
	}
	return epoch, nil
}

// OfferDocs implements plekwijzer.IndexSource.
func (db *DB) OfferDocs(ctx context.Context, ids []string) ([]*plekwijzer.OfferDoc, error) {
	ids = validIDs(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []offerRow
	if err := db.selectIn(ctx, db.db, &rows, "SELECT "+offerColumns+" FROM offers WHERE id IN (?) ORDER BY id", ids); err != nil {
		return nil, db.translate(err)
	}
	offers, err := db.offers(ctx, db.db, rows)
	if err != nil {
		return nil, db.translate(err)
	}
	var extra []struct {
		ID       string `db:"id"`
		OrgName  string `db:"org_name"`
		OrgKind  string `db:"org_kind"`
		WTCode   string `db:"wt_code"`
		WTName   string `db:"wt_name"`
		WorkType string `db:"work_type_id"`
	}
	if err := db.selectIn(ctx, db.db, &extra, `SELECT o.id, g.name AS org_name, g.kind AS org_kind, w.code AS wt_code, w.name AS wt_name, w.id AS work_type_id
		FROM offers o JOIN organisations g ON g.id = o.organisation_id JOIN work_types w ON w.id = o.work_type_id
		WHERE o.id IN (?)`, ids); err != nil {
		return nil, db.translate(err)
	}
	docs := make(map[string]*plekwijzer.OfferDoc, len(offers))
	var workTypes []string
	for _, e := range extra {
		docs[e.ID] = &plekwijzer.OfferDoc{OrganisationName: e.OrgName, OrganisationKind: plekwijzer.OrganisationKind(e.OrgKind),
			WorkTypeCode: e.WTCode, WorkTypeName: e.WTName, Free: plekwijzer.Capacity{}}
		workTypes = append(workTypes, e.WorkType)
	}
	esco, err := db.escoCodes(ctx, dedupe(workTypes))
	if err != nil {
		return nil, err
	}
	bookings, err := db.bookingsFromToday(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := plekwijzer.Today()
	free := make(map[string]plekwijzer.Capacity, len(offers))
	for _, o := range offers {
		d := docs[o.ID]
		d.Free = plekwijzer.FreeFrom(o.Capacity, today, bookings[o.ID])
		free[o.ID] = d.Free
	}
	reserved, err := db.reservedToday(ctx, offers, free)
	if err != nil {
		return nil, db.translate(err)
	}
	out := make([]*plekwijzer.OfferDoc, 0, len(offers))
	for _, o := range offers {
		d := docs[o.ID]
		d.Offer = o
		d.WorkTypeESCO = esco[o.WorkTypeID]
		d.Reserved = reserved[o.ID]
		out = append(out, d)
	}
	return out, nil
}

// escoCodes returns the ESCO codes of each work type.
func (db *DB) escoCodes(ctx context.Context, workTypes []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(workTypes) == 0 {
		return out, nil
	}
	var rows []struct {
		WorkType string `db:"work_type_id"`
		Code     string `db:"esco_code"`
	}
	if err := db.selectIn(ctx, db.db, &rows, `SELECT work_type_id, esco_code FROM work_type_esco_codes WHERE work_type_id IN (?) ORDER BY work_type_id, position`, workTypes); err != nil {
		return nil, db.translate(err)
	}
	for _, r := range rows {
		out[r.WorkType] = append(out[r.WorkType], r.Code)
	}
	return out, nil
}

// bookingsFromToday returns, per offer, the bookings that hold a place
// today or later: what decides the places free from today on.
func (db *DB) bookingsFromToday(ctx context.Context, offers []string) (map[string][]plekwijzer.Booking, error) {
	today := plekwijzer.Today()
	var rows []struct {
		Offer   string           `db:"offer_id"`
		DayPart string           `db:"day_part"`
		Start   plekwijzer.Date  `db:"start_date"`
		End     *plekwijzer.Date `db:"end_date"`
	}
	if err := db.selectIn(ctx, db.db, &rows, `SELECT pl.offer_id, d.day_part, pl.start_date, pl.end_date
		FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id
		WHERE pl.offer_id IN (?) AND `+holding+`
		AND (pl.end_date IS NULL OR pl.end_date >= ?)`, offers, holdClock(), today); err != nil {
		return nil, db.translate(err)
	}
	out := map[string][]plekwijzer.Booking{}
	for _, r := range rows {
		b := plekwijzer.Booking{DayPart: plekwijzer.DayPart(r.DayPart), Start: r.Start}
		if r.End != nil {
			b.End = *r.End
		}
		out[r.Offer] = append(out[r.Offer], b)
	}
	return out, nil
}

// WorkTypeDocs implements plekwijzer.IndexSource.
func (db *DB) WorkTypeDocs(ctx context.Context, ids []string) ([]*plekwijzer.WorkType, error) {
	ids = validIDs(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []workTypeRow
	if err := db.selectIn(ctx, db.db, &rows, "SELECT "+workTypeColumns+" FROM work_types WHERE id IN (?) ORDER BY id", ids); err != nil {
		return nil, db.translate(err)
	}
	out, err := db.workTypes(ctx, db.db, rows)
	return out, db.translate(err)
}

// OfferIDs implements plekwijzer.IndexSource.
func (db *DB) OfferIDs(ctx context.Context, after string, limit int) ([]string, error) {
	var ids []string
	if err := db.sel(ctx, db.db, &ids, `SELECT id FROM offers WHERE id > ? ORDER BY id LIMIT ?`, orNil(after), limit); err != nil {
		return nil, db.translate(err)
	}
	return ids, nil
}

// WorkTypeIDs implements plekwijzer.IndexSource.
func (db *DB) WorkTypeIDs(ctx context.Context) ([]string, error) {
	var ids []string
	if err := db.sel(ctx, db.db, &ids, `SELECT id FROM work_types ORDER BY id`); err != nil {
		return nil, db.translate(err)
	}
	return ids, nil
}

// WaitForChange implements plekwijzer.IndexSource: it returns after a
// commit in this process, a NOTIFY from another (PostgreSQL), or the poll
// interval, whichever comes first.
func (db *DB) WaitForChange(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var notify <-chan *pq.Notification
	if db.engine == Postgres {
		l, err := db.listener()
		if err != nil {
			db.log.Warn("outbox: cannot listen for notifications; polling", "err", err)
		} else {
			notify = l.Notify
		}
	}
	timer := time.NewTimer(time.Duration(pollInterval.Load()))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-db.committed.wait():
	case <-notify:
	case <-timer.C:
	}
	return nil
}

// Listen starts listening for other replicas' commits (PostgreSQL), so
// that none made from now on is missed; WaitForChange also starts it.
func (db *DB) Listen() error {
	if db.engine != Postgres {
		return nil
	}
	_, err := db.listener()
	return err
}

// listener returns the LISTEN connection, made on first use.
func (db *DB) listener() (*pq.Listener, error) {
	db.listenMu.Lock()
	defer db.listenMu.Unlock()
	if db.listen != nil {
		return db.listen, nil
	}
	if db.url == "" {
		return nil, errors.New("no database URL to listen on")
	}
	l := pq.NewListener(db.url, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		if err != nil {
			db.log.Warn("outbox listener", "event", ev, "err", err)
		}
	})
	if err := l.Listen(outboxChannel); err != nil {
		l.Close()
		return nil, err
	}
	db.listen = l
	return l, nil
}

// signal wakes the indexer of this process. It remembers a wake-up until
// the next wait, so a commit made while the indexer is busy catching up is
// not lost (it would otherwise wait for the next poll).
type signal struct {
	once sync.Once
	ch   chan struct{}
}

func (s *signal) init() { s.once.Do(func() { s.ch = make(chan struct{}, 1) }) }

func (s *signal) wait() <-chan struct{} {
	s.init()
	return s.ch
}

func (s *signal) fire() {
	s.init()
	select {
	case s.ch <- struct{}{}:
	default: // a wake-up is pending already
	}
}

func validIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if plekwijzer.ValidID(id) {
			out = append(out, id)
		}
	}
	return dedupe(out)
}
