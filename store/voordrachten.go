package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.ProposalStore = (*DB)(nil)

// placementStatus is the status of pl as the domain knows it. An accepted
// placement that has not started is stored as 'voorgesteld' with
// accepted_at, so every query that asks whether a placement holds its
// places (holding, the statistics, retention) stays right unchanged.
const placementStatus = `(CASE WHEN pl.status = 'voorgesteld' AND pl.accepted_at IS NOT NULL THEN 'geaccepteerd' ELSE pl.status END)`

// storedStatus is the status column's value for s (see placementStatus).
func storedStatus(s plekwijzer.PlacementStatus) plekwijzer.PlacementStatus {
	if s == plekwijzer.PlacementAccepted {
		return plekwijzer.PlacementProposed
	}
	return s
}

// CreateProposedPlacement implements plekwijzer.ProposalStore.
func (db *DB) CreateProposedPlacement(ctx context.Context, pl *plekwijzer.Placement, n *plekwijzer.NewProposal, by *plekwijzer.Actor) (*plekwijzer.Proposal, error) {
	var pr *plekwijzer.Proposal
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		if err := db.createPlacement(ctx, tx, pl); err != nil {
			return err
		}
		if err := db.writeProposal(ctx, tx, pl, n, by); err != nil {
			return err
		}
		if err := db.tell(ctx, tx, pl, plekwijzer.NotifyProposalNew, plekwijzer.RolePartner, by); err != nil {
			return err
		}
		var err error
		pr, err = db.proposal(ctx, tx, pl.ID)
		return err
	})
	return pr, err
}

// writeProposal freezes the voordracht: the chosen items of the profile as
// it is now, resolved to labels.
func (db *DB) writeProposal(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement, n *plekwijzer.NewProposal, by *plekwijzer.Actor) error {
	p, err := db.participant(ctx, tx, *pl.ParticipantID, "")
	if err != nil {
		return err
	}
	shared := []plekwijzer.SharedItem{}
	var consentBy *string
	var consentAt *time.Time
	if n.Consent {
		names, err := db.profileNames(ctx, tx, p)
		if err != nil {
			return err
		}
		shared = plekwijzer.ShareProfile(p, n.Share, names)
		at := pl.CreatedAt
		consentBy, consentAt = &by.Name, &at
	}
	js, err := json.Marshal(shared)
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, tx, `INSERT INTO proposals (placement_id, participant_id, coach_id, shared, note, consent, consent_by, consent_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, pl.ID, p.ID, by.UserID, string(js), n.Note, n.Consent, consentBy, consentAt, pl.CreatedAt)
	return err
}

// profileNames returns the names of the skills and work types a profile
// refers to, by id.
func (db *DB) profileNames(ctx context.Context, q querier, p *plekwijzer.Participant) (map[string]string, error) {
	ids := append(append([]string{}, p.LearningGoals...), p.Interests...)
	for _, s := range p.Skills {
		ids = append(ids, s.SkillID)
	}
	names := map[string]string{}
	if len(ids) == 0 {
		return names, nil
	}
	var rows []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	if err := db.selectIn(ctx, q, &rows, `SELECT id, name FROM skills WHERE id IN (?) UNION ALL SELECT id, name FROM work_types WHERE id IN (?)`, ids, ids); err != nil {
		return nil, err
	}
	for _, r := range rows {
		names[r.ID] = r.Name
	}
	return names, nil
}

// Proposal implements plekwijzer.ProposalStore. A placement booked without
// a voordracht (by the planner, say) has an empty one: nothing shared, the
// participant's coach as contact.
func (db *DB) Proposal(ctx context.Context, placementID string) (*plekwijzer.Proposal, error) {
	pr, err := db.proposal(ctx, db.db, placementID)
	return pr, db.translate(err)
}

func (db *DB) proposal(ctx context.Context, q querier, placementID string) (*plekwijzer.Proposal, error) {
	if !plekwijzer.ValidID(placementID) {
		return nil, errNotFound
	}
	var r struct {
		Shared    *string    `db:"shared"`
		Note      *string    `db:"note"`
		Consent   *bool      `db:"consent"`
		ConsentBy *string    `db:"consent_by"`
		ConsentAt *time.Time `db:"consent_at"`
		SentAt    *time.Time `db:"sent_at"`
		Created   time.Time  `db:"created_at"`
		Coach     *string    `db:"coach_name"`
		Email     *string    `db:"coach_email"`
	}
	if err := db.get(ctx, q, &r, `SELECT pr.shared, pr.note, pr.consent, pr.consent_by, pr.consent_at, pr.created_at AS sent_at,
		pl.created_at, u.name AS coach_name, u.email AS coach_email
		FROM placements pl LEFT JOIN proposals pr ON pr.placement_id = pl.id
		LEFT JOIN participants p ON p.id = pl.participant_id
		LEFT JOIN users u ON u.id = COALESCE(pr.coach_id, p.coach_id)
		WHERE pl.id = ?`, placementID); err != nil {
		return nil, err
	}
	pr := &plekwijzer.Proposal{PlacementID: placementID, Shared: []plekwijzer.SharedItem{}, SentAt: r.Created.UTC()}
	if r.Shared != nil {
		if err := json.Unmarshal([]byte(*r.Shared), &pr.Shared); err != nil {
			return nil, err
		}
		pr.Note, pr.Consent, pr.SentAt = *r.Note, *r.Consent, r.SentAt.UTC()
		if r.ConsentBy != nil {
			at := r.ConsentAt.UTC()
			pr.ConsentBy, pr.ConsentAt = *r.ConsentBy, &at
		}
	}
	if r.Coach != nil {
		pr.Contact.Name, pr.Contact.Email = *r.Coach, *r.Email
	}
	var err error
	if pr.Answers, err = db.answers(ctx, q, placementID); err != nil {
		return nil, err
	}
	pr.Intake = plekwijzer.CurrentIntake(pr.Answers)
	return pr, nil
}

type answerRow struct {
	Decision    string           `db:"decision"`
	Reason      *string          `db:"reason"`
	Note        string           `db:"note"`
	IntakeAt    *time.Time       `db:"intake_at"`
	IntakePlace string           `db:"intake_place"`
	IntakeWith  string           `db:"intake_with"`
	StartDate   *plekwijzer.Date `db:"start_date"`
	UserName    string           `db:"user_name"`
	Role        string           `db:"role"`
	CreatedAt   time.Time        `db:"created_at"`
}

func (db *DB) answers(ctx context.Context, q querier, placementID string) ([]*plekwijzer.Answer, error) {
	var rows []answerRow
	if err := db.sel(ctx, q, &rows, `SELECT decision, reason, note, intake_at, intake_place, intake_with, start_date, user_name, role, created_at
		FROM proposal_answers WHERE placement_id = ? ORDER BY created_at, id`, placementID); err != nil {
		return nil, err
	}
	out := make([]*plekwijzer.Answer, len(rows))
	for i, r := range rows {
		a := &plekwijzer.Answer{Decision: plekwijzer.Decision(r.Decision), Note: r.Note, IntakePlace: r.IntakePlace,
			IntakeWith: r.IntakeWith, StartDate: r.StartDate, ByName: r.UserName, ByRole: plekwijzer.Role(r.Role), At: r.CreatedAt.UTC()}
		if r.Reason != nil {
			a.Reason = *r.Reason
		}
		if r.IntakeAt != nil {
			t := r.IntakeAt.UTC()
			a.IntakeAt = &t
		}
		out[i] = a
	}
	return out, nil
}

// lockPlacement takes the locks a change of a placement needs, in the
// store's one order (offer, contingents, placement), cancels expired
// proposals at its offer first, and returns the placement with its offer
// and contingents.
func (db *DB) lockPlacement(ctx context.Context, tx *sqlx.Tx, id string) (*plekwijzer.Placement, *plekwijzer.Offer, []*plekwijzer.Contingent, error) {
	if !plekwijzer.ValidID(id) {
		return nil, nil, nil, errNotFound
	}
	var offerID string
	if err := db.get(ctx, tx, &offerID, `SELECT offer_id FROM placements WHERE id = ?`, id); err != nil {
		return nil, nil, nil, err
	}
	o, err := db.offer(ctx, tx, offerID, db.forUpdate())
	if err != nil {
		return nil, nil, nil, err
	}
	cs, err := db.lockContingents(ctx, tx, o.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := db.expireAt(ctx, tx, o.ID); err != nil {
		return nil, nil, nil, err
	}
	pl, err := db.placement(ctx, tx, id, db.forUpdate())
	return pl, o, cs, err
}

// notOpen is the conflict of answering a proposal that is no longer open.
func notOpen(pl *plekwijzer.Placement) error {
	return &plekwijzer.Error{Code: plekwijzer.EConflict,
		Message: "Deze voordracht staat niet meer open: de plaatsing is " + string(pl.Status) + ".",
		Details: map[string]any{"plaatsingStatus": pl.Status}}
}

// AnswerProposal implements plekwijzer.ProposalStore.
func (db *DB) AnswerProposal(ctx context.Context, placementID string, a *plekwijzer.Answer, by *plekwijzer.Actor) (*plekwijzer.Placement, error) {
	var pl *plekwijzer.Placement
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var (
			o   *plekwijzer.Offer
			cs  []*plekwijzer.Contingent
			err error
		)
		if pl, o, cs, err = db.lockPlacement(ctx, tx, placementID); err != nil {
			return err
		}
		if pl.Status != plekwijzer.PlacementProposed {
			return notOpen(pl)
		}
		at := now()
		switch a.Decision {
		case plekwijzer.DecisionIntake:
			extendHold(pl, *a.IntakeAt)
		case plekwijzer.DecisionAccept:
			if err := db.accept(ctx, tx, o, cs, pl, *a.StartDate); err != nil {
				return err
			}
		case plekwijzer.DecisionDecline:
			cancelled, reason := plekwijzer.PlacementCancelled, plekwijzer.CancelDeclined
			if err := pl.Apply(plekwijzer.PlacementUpdate{Status: &cancelled, CancelReason: &reason}, plekwijzer.Today()); err != nil {
				return err
			}
		}
		if err := db.savePlacement(ctx, tx, pl); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `UPDATE placements SET answered_at = COALESCE(answered_at, ?), decline_reason = ?,
			accepted_at = CASE WHEN ? THEN ? ELSE accepted_at END WHERE id = ?`,
			at, nullable(a.Reason), a.Decision == plekwijzer.DecisionAccept, at, pl.ID); err != nil {
			return err
		}
		if err := db.writeAnswer(ctx, tx, pl, a, by, at); err != nil {
			return err
		}
		kind := plekwijzer.NotifyAnswer
		if a.Decision == plekwijzer.DecisionIntake {
			kind = plekwijzer.NotifyIntake
		}
		return db.tell(ctx, tx, pl, kind, plekwijzer.RoleCoach, by)
	})
	return pl, err
}

// accept confirms the start date of pl: the placement is accepted until
// that day and active from it (at once when the day has come).
func (db *DB) accept(ctx context.Context, tx *sqlx.Tx, o *plekwijzer.Offer, cs []*plekwijzer.Contingent, pl *plekwijzer.Placement, start plekwijzer.Date) error {
	if pl.EndDate != nil && start > *pl.EndDate {
		return &plekwijzer.Error{Code: plekwijzer.EInvalid, Message: "De invoer is niet geldig.",
			Fields: []plekwijzer.FieldError{{Name: "startdatum", Reason: "ligt na de einddatum van de plaatsing"}}}
	}
	moved := start != pl.StartDate
	pl.StartDate = start
	if moved {
		if err := db.checkCapacity(ctx, tx, o, cs, pl); err != nil {
			return err
		}
	}
	pl.Status, pl.HoldUntil = plekwijzer.PlacementAccepted, nil
	if start <= plekwijzer.Today() {
		pl.Status = plekwijzer.PlacementActive
	}
	return nil
}

// extendHold keeps a proposal holding its places until some time after its
// intake, so it cannot expire before the werkplek could decide.
func extendHold(pl *plekwijzer.Placement, intake time.Time) {
	if pl.HoldUntil == nil {
		return // holds without limit already
	}
	if until := intake.Add(plekwijzer.IntakeHold).Truncate(time.Second); until.After(*pl.HoldUntil) {
		pl.HoldUntil = &until
	}
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (db *DB) writeAnswer(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement, a *plekwijzer.Answer, by *plekwijzer.Actor, at time.Time) error {
	a.ByName, a.ByRole, a.At = by.Name, by.Role, at.UTC()
	_, err := db.exec(ctx, tx, `INSERT INTO proposal_answers (id, placement_id, participant_id, decision, reason, note, intake_at,
		intake_place, intake_with, start_date, user_id, user_name, role, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		plekwijzer.NewID(), pl.ID, pl.ParticipantID, a.Decision, nullable(a.Reason), a.Note, a.IntakeAt,
		a.IntakePlace, a.IntakeWith, a.StartDate, by.UserID, by.Name, by.Role, at)
	return err
}

// side is the party a role speaks for in a proposal: the werkplek, or
// iederz (coaches and the beheerder).
func side(r plekwijzer.Role) plekwijzer.Role {
	if r == plekwijzer.RolePartner {
		return plekwijzer.RolePartner
	}
	return plekwijzer.RoleCoach
}

// otherSide is the side that hears of what r's side did.
func otherSide(r plekwijzer.Role) plekwijzer.Role {
	if side(r) == plekwijzer.RolePartner {
		return plekwijzer.RoleCoach
	}
	return plekwijzer.RolePartner
}

// tell notifies, in the caller's transaction, the users of one side of pl
// (RoleCoach: the participant's coaches, RolePartner: the werkplek's
// users, "": both) of kind, never the actor who caused it. The
// notification carries the code and the offer's title only.
func (db *DB) tell(ctx context.Context, tx *sqlx.Tx, pl *plekwijzer.Placement, kind plekwijzer.NotificationKind, to plekwijzer.Role, by *plekwijzer.Actor) error {
	users, err := db.placementRecipients(ctx, tx, pl.ID, to != plekwijzer.RolePartner, to != plekwijzer.RoleCoach)
	if err != nil {
		return err
	}
	var title string
	if err := db.get(ctx, tx, &title, `SELECT title FROM offers WHERE id = ?`, pl.OfferID); err != nil {
		return err
	}
	var ns []plekwijzer.Notification
	for _, u := range users {
		if u != by.UserID {
			ns = append(ns, plekwijzer.Notification{UserID: u, Kind: kind, PlacementID: &pl.ID, OfferID: &pl.OfferID,
				Code: pl.ParticipantCode, OfferTitle: title})
		}
	}
	return db.notify(ctx, tx, ns...)
}

// ReplyIntake implements plekwijzer.ProposalStore.
func (db *DB) ReplyIntake(ctx context.Context, placementID string, a *plekwijzer.Answer, by *plekwijzer.Actor) (*plekwijzer.Placement, error) {
	var pl *plekwijzer.Placement
	err := db.transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if pl, _, _, err = db.lockPlacement(ctx, tx, placementID); err != nil {
			return err
		}
		if pl.Status != plekwijzer.PlacementProposed {
			return notOpen(pl)
		}
		answers, err := db.answers(ctx, tx, pl.ID)
		if err != nil {
			return err
		}
		in := plekwijzer.CurrentIntake(answers)
		switch {
		case in == nil:
			return plekwijzer.Errorf(plekwijzer.EConflict, "Er is nog geen kennismaking voorgesteld.")
		case a.Decision == plekwijzer.DecisionIntakeOK && in.Agreed:
			return plekwijzer.Errorf(plekwijzer.EConflict, "Deze kennismaking is al afgesproken.")
		case a.Decision == plekwijzer.DecisionIntakeOK && side(in.ProposedBy) == side(by.Role):
			return plekwijzer.Errorf(plekwijzer.EConflict, "Je hebt dit tijdstip zelf voorgesteld; de ander moet het nog goedkeuren.")
		}
		if a.IntakeAt != nil {
			extendHold(pl, *a.IntakeAt)
			if err := db.savePlacement(ctx, tx, pl); err != nil {
				return err
			}
		}
		if err := db.writeAnswer(ctx, tx, pl, a, by, now()); err != nil {
			return err
		}
		return db.tell(ctx, tx, pl, plekwijzer.NotifyIntake, otherSide(by.Role), by)
	})
	return pl, err
}

// StartAccepted implements plekwijzer.ProposalStore: part of the periodic
// sweep, one transaction per placement.
func (db *DB) StartAccepted(ctx context.Context) (int, error) {
	var ids []string
	if err := db.sel(ctx, db.db, &ids, `SELECT id FROM placements WHERE status = 'voorgesteld' AND accepted_at IS NOT NULL
		AND start_date <= ? ORDER BY id`, plekwijzer.Today()); err != nil {
		return 0, db.translate(err)
	}
	n := 0
	for _, id := range ids {
		err := db.transact(ctx, func(tx *sqlx.Tx) error {
			pl, _, _, err := db.lockPlacement(ctx, tx, id)
			if err != nil || pl.Status != plekwijzer.PlacementAccepted {
				return err // cancelled meanwhile
			}
			pl.Status = plekwijzer.PlacementActive
			n++
			return db.savePlacement(ctx, tx, pl)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Messages implements plekwijzer.ProposalStore.
func (db *DB) Messages(ctx context.Context, placementID string) ([]*plekwijzer.Message, error) {
	var rows []struct {
		ID       string    `db:"id"`
		UserID   *string   `db:"user_id"`
		UserName string    `db:"user_name"`
		Role     string    `db:"role"`
		Body     string    `db:"body"`
		Created  time.Time `db:"created_at"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT id, user_id, user_name, role, body, created_at FROM placement_messages
		WHERE placement_id = ? ORDER BY created_at, id`, placementID); err != nil {
		return nil, db.translate(err)
	}
	out := make([]*plekwijzer.Message, len(rows))
	for i, r := range rows {
		out[i] = &plekwijzer.Message{ID: r.ID, PlacementID: placementID, AuthorID: r.UserID, AuthorName: r.UserName,
			AuthorRole: plekwijzer.Role(r.Role), Text: r.Body, At: r.Created.UTC()}
	}
	return out, nil
}

// AddMessage implements plekwijzer.ProposalStore. The message carries the
// placement's participant, so that erasing the participant erases it.
func (db *DB) AddMessage(ctx context.Context, m *plekwijzer.Message) error {
	return db.transact(ctx, func(tx *sqlx.Tx) error {
		var participant *string
		if err := db.get(ctx, tx, &participant, `SELECT participant_id FROM placements WHERE id = ?`, m.PlacementID); err != nil {
			return err
		}
		if participant == nil {
			return plekwijzer.Errorf(plekwijzer.EConflict, "De gegevens van deze deelnemer zijn gewist; hier kun je geen berichten meer sturen.")
		}
		m.ID, m.At = plekwijzer.NewID(), now().UTC()
		if _, err := db.exec(ctx, tx, `INSERT INTO placement_messages (id, placement_id, participant_id, user_id, user_name, role, body, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.PlacementID, *participant, m.AuthorID, m.AuthorName, m.AuthorRole, m.Text, m.At); err != nil {
			return err
		}
		pl, err := db.placement(ctx, tx, m.PlacementID, "")
		if err != nil {
			return err
		}
		// Everyone on the thread but the writer: both sides.
		return db.tell(ctx, tx, pl, plekwijzer.NotifyMessage, "", &plekwijzer.Actor{UserID: *m.AuthorID})
	})
}

// ProposalCounts implements plekwijzer.ProposalStore: every placement that
// was answered, expired unanswered or waits for an answer, from the
// anonymous placement rows (they outlive the voordracht).
func (db *DB) ProposalCounts(ctx context.Context) ([]plekwijzer.ProposalCount, error) {
	var rows []struct {
		OrgID    string     `db:"organisation_id"`
		OrgName  string     `db:"organisation_name"`
		Created  time.Time  `db:"created_at"`
		Answered *time.Time `db:"answered_at"`
		Accepted *time.Time `db:"accepted_at"`
		Reason   *string    `db:"decline_reason"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT o.organisation_id, g.name AS organisation_name, pl.created_at, pl.answered_at,
		pl.accepted_at, pl.decline_reason
		FROM placements pl JOIN offers o ON o.id = pl.offer_id JOIN organisations g ON g.id = o.organisation_id
		WHERE pl.answered_at IS NOT NULL OR pl.cancel_reason = 'verlopen' OR (pl.status = 'voorgesteld' AND pl.accepted_at IS NULL)`); err != nil {
		return nil, db.translate(err)
	}
	out := make([]plekwijzer.ProposalCount, len(rows))
	for i, r := range rows {
		c := plekwijzer.ProposalCount{OrganisationID: r.OrgID, OrganisationName: r.OrgName, SentAt: r.Created, AnsweredAt: r.Answered}
		switch {
		case r.Accepted != nil:
			c.Final = plekwijzer.DecisionAccept
		case r.Reason != nil:
			c.Final, c.Reason = plekwijzer.DecisionDecline, *r.Reason
		}
		out[i] = c
	}
	return out, nil
}
