package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

// The events the store emits itself, in the transaction of the change (an
// offer paused, a proposal expired) or from the periodic sweep of what is
// about to happen (NotifyUpcoming). Events about the same placement and
// kind are written once: their key is kind and placement.

// notifyPlacements tells about kind the coaches (coaches) and the
// werkplek's users (partners) of every placement that cond (over pl, the
// placement, and o, its offer) selects, once per placement. A placement
// whose participant was erased is left out: there is no code to name and
// no coach to tell.
func (db *DB) notifyPlacements(ctx context.Context, tx *sqlx.Tx, kind plekwijzer.NotificationKind, coaches, partners bool, cond string, args ...any) (int, error) {
	var rows []struct {
		ID      string `db:"id"`
		OfferID string `db:"offer_id"`
		Code    string `db:"code"`
		Title   string `db:"title"`
	}
	if err := db.sel(ctx, tx, &rows, `SELECT pl.id, pl.offer_id, p.code, o.title FROM placements pl
		JOIN participants p ON p.id = pl.participant_id JOIN offers o ON o.id = pl.offer_id
		WHERE (`+cond+`) AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.placement_id = pl.id AND n.kind = ?)
		ORDER BY pl.id`, append(args, kind)...); err != nil {
		return 0, err
	}
	for _, r := range rows {
		users, err := db.placementRecipients(ctx, tx, r.ID, coaches, partners)
		if err != nil {
			return 0, err
		}
		ns := make([]plekwijzer.Notification, len(users))
		for i, u := range users {
			ns[i] = plekwijzer.Notification{UserID: u, Kind: kind, PlacementID: &r.ID, OfferID: &r.OfferID,
				Code: r.Code, OfferTitle: r.Title, Key: string(kind) + ":" + r.ID}
		}
		if err := db.notify(ctx, tx, ns...); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// notifyOfferPaused tells the coaches of the proposals and placements that
// run at an offer which was just paused or closed.
func (db *DB) notifyOfferPaused(ctx context.Context, tx *sqlx.Tx, offerID string) error {
	_, err := db.notifyPlacements(ctx, tx, plekwijzer.NotifyOfferPaused, true, false,
		`pl.offer_id = ? AND pl.status IN ('voorgesteld', 'actief')`, offerID)
	return err
}

// notifyExpired tells both sides that a proposal expired unanswered.
func (db *DB) notifyExpired(ctx context.Context, tx *sqlx.Tx, placementID string) error {
	_, err := db.notifyPlacements(ctx, tx, plekwijzer.NotifyProposalExpired, true, true, `pl.id = ?`, placementID)
	return err
}

// notifyWithdrawn tells the werkplek's partner users that a coach or the
// beheerder (the actor of ctx) withdrew a proposal — cancelled it
// unanswered, or cancelled it after acceptance before it began — so it
// does not just vanish from their inbox. A cancellation by a partner (the
// werkplek itself), by the system (no actor: the demo's history, say) or
// of a placement that had begun is no withdrawal. The actor is never told.
func (db *DB) notifyWithdrawn(ctx context.Context, tx *sqlx.Tx, was plekwijzer.PlacementStatus, pl *plekwijzer.Placement) error {
	if pl.Status != plekwijzer.PlacementCancelled || (was != plekwijzer.PlacementProposed && was != plekwijzer.PlacementAccepted) {
		return nil
	}
	by := plekwijzer.ActorFrom(ctx)
	if by == nil || side(by.Role) != plekwijzer.RoleCoach {
		return nil
	}
	return db.tell(ctx, tx, pl, plekwijzer.NotifyProposalWithdrawn, plekwijzer.RolePartner, by)
}

// Lead times of the events that warn ahead.
const (
	proposalWarning  = 48 * time.Hour // a proposal expires in 2 days
	placementWarning = 14             // days: a placement ends in 2 weeks
)

// NotifyUpcoming implements plekwijzer.MailQueue: it writes the
// notifications of what is about to happen — proposals that expire within
// 2 days (both sides), placements that end within 2 weeks (the coach) —
// once per placement, and the evaluations due or overdue (the side that
// has to record them) once per moment, and returns how many events.
func (db *DB) NotifyUpcoming(ctx context.Context) (int, error) {
	n := 0
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		t := holdClock()
		k, err := db.notifyPlacements(ctx, tx, plekwijzer.NotifyProposalExpiring, true, true,
			`pl.status = 'voorgesteld' AND pl.hold_until IS NOT NULL AND pl.hold_until > ? AND pl.hold_until <= ?`, t, t.Add(proposalWarning))
		if err != nil {
			return err
		}
		today := plekwijzer.Today()
		m, err := db.notifyPlacements(ctx, tx, plekwijzer.NotifyPlacementEnding, true, false,
			`pl.status = 'actief' AND pl.end_date IS NOT NULL AND pl.end_date >= ? AND pl.end_date <= ?`, today, today.AddDays(placementWarning))
		if err != nil {
			return err
		}
		e, err := db.notifyEvaluationsDue(ctx, tx, today)
		n = k + m + e
		return err
	})
	return n, err
}
