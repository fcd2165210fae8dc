package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.NotificationStore = (*DB)(nil)

// Mail states of a notification (the column mail_state).
const (
	mailNone    = "none"    // not mailed: the user chose "uit" or has no address
	mailPending = "pending" // to be mailed on its own from mail_due_at
	mailDigest  = "digest"  // to be mailed in the daily digest at mail_due_at
	mailSent    = "sent"
	mailFailed  = "failed" // given up; shown to the beheerder
)

// mailClock is now as the mail columns (mail_due_at, lease_until) store it:
// in whole seconds, so that SQLite's text comparison orders it right.
func mailClock() time.Time { return time.Now().UTC().Truncate(time.Second) }

type notificationRow struct {
	ID          string     `db:"id"`
	UserID      string     `db:"user_id"`
	Kind        string     `db:"kind"`
	PlacementID *string    `db:"placement_id"`
	OfferID     *string    `db:"offer_id"`
	Code        string     `db:"participant_code"`
	OfferTitle  string     `db:"offer_title"`
	Text        string     `db:"text"`
	Link        string     `db:"link"`
	CreatedAt   time.Time  `db:"created_at"`
	ReadAt      *time.Time `db:"read_at"`
}

const notificationColumns = `id, user_id, kind, placement_id, offer_id, participant_code, offer_title, text, link, created_at, read_at`

func (r notificationRow) domain() *plekwijzer.Notification {
	return &plekwijzer.Notification{ID: r.ID, UserID: r.UserID, Kind: plekwijzer.NotificationKind(r.Kind),
		PlacementID: r.PlacementID, OfferID: r.OfferID, Code: r.Code, OfferTitle: r.OfferTitle,
		Text: r.Text, Link: r.Link, CreatedAt: r.CreatedAt.UTC(), ReadAt: utcPtr(r.ReadAt)}
}

// notify writes notifications in the caller's transaction, so that an event
// is stored with the change that causes it or not at all. Each recipient's
// preference for the kind decides the mail: direct is due now, dagelijks at
// the recipient's next digest hour, uit (or no e-mail address) not at all;
// the notification in the app always exists. A notification with a Key is
// written at most once per user and key.
func (db *DB) notify(ctx context.Context, tx *sqlx.Tx, ns ...plekwijzer.Notification) error {
	t := now()
	for i := range ns {
		n := &ns[i]
		n.Complete()
		if n.ID == "" {
			n.ID = plekwijzer.NewID()
		}
		n.CreatedAt = t
		state, due, err := db.mailPlan(ctx, tx, n.UserID, n.Kind)
		if err != nil {
			return err
		}
		var key *string
		if n.Key != "" {
			key = &n.Key
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO notifications (`+notificationColumns+`, dedup_key, mail_state, mail_due_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) ON CONFLICT DO NOTHING`,
			n.ID, n.UserID, n.Kind, n.PlacementID, n.OfferID, n.Code, n.OfferTitle, n.Text, n.Link, n.CreatedAt,
			key, state, due); err != nil {
			return err
		}
	}
	return nil
}

// mailPlan resolves how a notification of kind for user is mailed: its mail
// state and when it is due (nil when it is not mailed).
func (db *DB) mailPlan(ctx context.Context, tx *sqlx.Tx, userID string, kind plekwijzer.NotificationKind) (string, *time.Time, error) {
	var u struct {
		Email      string  `db:"email"`
		DigestHour int     `db:"digest_hour"`
		Delivery   *string `db:"delivery"`
	}
	if err := db.get(ctx, tx, &u, `SELECT u.email, u.digest_hour, np.delivery FROM users u
		LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = ? WHERE u.id = ?`, kind, userID); err != nil {
		return "", nil, err
	}
	delivery := plekwijzer.DefaultDelivery
	if u.Delivery != nil {
		delivery = plekwijzer.Delivery(*u.Delivery)
	}
	if u.Email == "" || delivery == plekwijzer.DeliveryOff {
		return mailNone, nil, nil
	}
	t := mailClock()
	if delivery == plekwijzer.DeliveryDaily {
		d := plekwijzer.NextDigest(t, u.DigestHour)
		return mailDigest, &d, nil
	}
	return mailPending, &t, nil
}

// placementRecipients returns the users to tell about a placement: with
// coaches, the participant's coach and the coaches it is shared with; with
// partners, the partner users of the offer's organisation. A placement
// whose participant was erased has no coaches any more.
func (db *DB) placementRecipients(ctx context.Context, tx *sqlx.Tx, placementID string, coaches, partners bool) ([]string, error) {
	var ids []string
	if coaches {
		if err := db.sel(ctx, tx, &ids, `SELECT p.coach_id FROM placements pl JOIN participants p ON p.id = pl.participant_id WHERE pl.id = ?
			UNION SELECT s.coach_id FROM placements pl JOIN participant_shares s ON s.participant_id = pl.participant_id WHERE pl.id = ?`,
			placementID, placementID); err != nil {
			return nil, err
		}
	}
	if partners {
		var more []string
		if err := db.sel(ctx, tx, &more, `SELECT u.id FROM placements pl JOIN offers o ON o.id = pl.offer_id
			JOIN users u ON u.organisation_id = o.organisation_id AND u.role = 'partner' WHERE pl.id = ? ORDER BY u.id`,
			placementID); err != nil {
			return nil, err
		}
		ids = append(ids, more...)
	}
	return dedupe(ids), nil
}

// Notifications implements plekwijzer.NotificationStore.
func (db *DB) Notifications(ctx context.Context, userID string, f plekwijzer.NotificationFilter) ([]*plekwijzer.Notification, int, int, error) {
	if !plekwijzer.ValidID(userID) {
		return nil, 0, 0, errNotFound
	}
	var w where
	w.add("user_id = ?", userID)
	if f.UnreadOnly {
		w.add("read_at IS NULL")
	}
	var total int
	if err := db.get(ctx, db.db, &total, "SELECT count(*) FROM notifications"+w.String(), w.args...); err != nil {
		return nil, 0, 0, db.translate(err)
	}
	unread, err := db.UnreadNotifications(ctx, userID)
	if err != nil {
		return nil, 0, 0, err
	}
	var rows []notificationRow
	if err := db.sel(ctx, db.db, &rows, "SELECT "+notificationColumns+" FROM notifications"+w.String()+
		" ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC"+page(f.Page), w.args...); err != nil {
		return nil, 0, 0, db.translate(err)
	}
	out := make([]*plekwijzer.Notification, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, unread, nil
}

// UnreadNotifications implements plekwijzer.NotificationStore.
func (db *DB) UnreadNotifications(ctx context.Context, userID string) (int, error) {
	if !plekwijzer.ValidID(userID) {
		return 0, errNotFound
	}
	var n int
	err := db.get(ctx, db.db, &n, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID)
	return n, db.translate(err)
}

// MarkNotificationRead implements plekwijzer.NotificationStore. Another
// user's notification is not found, as if it did not exist.
func (db *DB) MarkNotificationRead(ctx context.Context, userID, id string, read bool) (*plekwijzer.Notification, error) {
	if !plekwijzer.ValidID(userID) || !plekwijzer.ValidID(id) {
		return nil, errNotFound
	}
	var n *plekwijzer.Notification
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		// COALESCE keeps the first moment a notification was read.
		set, args := `read_at = NULL`, []any{}
		if read {
			set, args = `read_at = COALESCE(read_at, ?)`, []any{now()}
		}
		if _, err := db.exec(ctx, tx, `UPDATE notifications SET `+set+` WHERE id = ? AND user_id = ?`, append(args, id, userID)...); err != nil {
			return err
		}
		var r notificationRow
		if err := db.get(ctx, tx, &r, "SELECT "+notificationColumns+" FROM notifications WHERE id = ? AND user_id = ?", id, userID); err != nil {
			return err
		}
		n = r.domain()
		return nil
	})
	return n, err
}

// MarkAllNotificationsRead implements plekwijzer.NotificationStore.
func (db *DB) MarkAllNotificationsRead(ctx context.Context, userID string) (int, error) {
	if !plekwijzer.ValidID(userID) {
		return 0, errNotFound
	}
	var n int64
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		n, err = db.exec(ctx, tx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, now(), userID)
		return err
	})
	return int(n), err
}

// NotificationPreferences implements plekwijzer.NotificationStore.
func (db *DB) NotificationPreferences(ctx context.Context, userID string) (*plekwijzer.NotificationPreferences, error) {
	return db.notificationPreferences(ctx, db.db, userID)
}

func (db *DB) notificationPreferences(ctx context.Context, q querier, userID string) (*plekwijzer.NotificationPreferences, error) {
	if !plekwijzer.ValidID(userID) {
		return nil, errNotFound
	}
	p := &plekwijzer.NotificationPreferences{Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{}}
	if err := db.get(ctx, q, &p.DigestHour, `SELECT digest_hour FROM users WHERE id = ?`, userID); err != nil {
		return nil, db.translate(err)
	}
	var rows []struct {
		Kind     string `db:"kind"`
		Delivery string `db:"delivery"`
	}
	if err := db.sel(ctx, q, &rows, `SELECT kind, delivery FROM notification_preferences WHERE user_id = ?`, userID); err != nil {
		return nil, db.translate(err)
	}
	for _, k := range plekwijzer.NotificationKinds {
		p.Kinds[k] = plekwijzer.DefaultDelivery
	}
	for _, r := range rows {
		if k := plekwijzer.NotificationKind(r.Kind); k.Valid() {
			p.Kinds[k] = plekwijzer.Delivery(r.Delivery)
		}
	}
	return p, nil
}

// SetNotificationPreferences implements plekwijzer.NotificationStore. Mail
// already waiting keeps the delivery it was written with.
func (db *DB) SetNotificationPreferences(ctx context.Context, userID string, p plekwijzer.NotificationPreferences) (*plekwijzer.NotificationPreferences, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if !plekwijzer.ValidID(userID) {
		return nil, errNotFound
	}
	var out *plekwijzer.NotificationPreferences
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		n, err := db.exec(ctx, tx, `UPDATE users SET digest_hour = ? WHERE id = ?`, p.DigestHour, userID)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotFound
		}
		for k, d := range p.Kinds {
			if _, err := db.exec(ctx, tx, `INSERT INTO notification_preferences (user_id, kind, delivery) VALUES (?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery`, userID, k, d); err != nil {
				return err
			}
		}
		out, err = db.notificationPreferences(ctx, tx, userID)
		return err
	})
	return out, err
}

// FailedMails implements plekwijzer.NotificationStore.
func (db *DB) FailedMails(ctx context.Context, p plekwijzer.Page) ([]*plekwijzer.FailedMail, int, error) {
	var total int
	if err := db.get(ctx, db.db, &total, `SELECT count(*) FROM notifications WHERE mail_state = ?`, mailFailed); err != nil {
		return nil, 0, db.translate(err)
	}
	var rows []struct {
		ID        string    `db:"id"`
		UserID    string    `db:"user_id"`
		Name      string    `db:"name"`
		Email     string    `db:"email"`
		Kind      string    `db:"kind"`
		Attempts  int       `db:"attempts"`
		LastError string    `db:"last_error"`
		CreatedAt time.Time `db:"created_at"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT n.id, n.user_id, u.name, u.email, n.kind, n.attempts, n.last_error, n.created_at
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.mail_state = ? ORDER BY n.created_at DESC, n.id`+page(p), mailFailed); err != nil {
		return nil, 0, db.translate(err)
	}
	out := make([]*plekwijzer.FailedMail, len(rows))
	for i, r := range rows {
		out[i] = &plekwijzer.FailedMail{NotificationID: r.ID, UserID: r.UserID, UserName: r.Name, Email: r.Email,
			Kind: plekwijzer.NotificationKind(r.Kind), Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, total, nil
}
