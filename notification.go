package plekwijzer

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// NotificationKind is the kind of event a notification (melding) tells a
// user about. The list is open: a new event adds a constant here, a label
// and a sentence in notificationKinds, and a place in the store that emits
// it (docs/NOTIFICATIONS.md). The database keeps any kind as text, so
// adding one needs no migration.
type NotificationKind string

// Notification kinds. Who receives which is decided where the event
// happens; the comments say who is told today.
const (
	// NotifyProposalNew: a coach proposed a placement (the partner).
	NotifyProposalNew NotificationKind = "voordracht-nieuw"
	// NotifyAnswer: the werkplek accepted or declined a proposal (the coach).
	NotifyAnswer NotificationKind = "antwoord"
	// NotifyIntake: an intake meeting was proposed or answered (the other side).
	NotifyIntake NotificationKind = "kennismaking"
	// NotifyMessage: a new message in a placement's thread (the other side).
	NotifyMessage NotificationKind = "bericht"
	// NotifyProposalExpiring: a proposal expires in 2 days (both sides).
	NotifyProposalExpiring NotificationKind = "voordracht-verloopt"
	// NotifyProposalExpired: a proposal expired unanswered (both sides).
	NotifyProposalExpired NotificationKind = "voordracht-verlopen"
	// NotifyProposalWithdrawn: the coach withdrew a proposal, or cancelled
	// an accepted placement before it began (the partner).
	NotifyProposalWithdrawn NotificationKind = "voordracht-ingetrokken"
	// NotifyPlacementEnding: a placement ends in 2 weeks (the coach: plan
	// the next step).
	NotifyPlacementEnding NotificationKind = "plaatsing-eindigt"
	// NotifyOfferPaused: an offer was paused or closed while proposals or
	// placements at it run (the coach).
	NotifyOfferPaused NotificationKind = "werkplek-gepauzeerd"
	// NotifyEvaluation: an evaluation is due or overdue (the side that
	// has to record it: the werkplek's users or the coaches).
	NotifyEvaluation NotificationKind = "evaluatie"
	// NotifyEvaluationRecorded: the werkplek recorded an evaluation (the
	// coaches).
	NotifyEvaluationRecorded NotificationKind = "evaluatie-vastgelegd"
	// NotifyNewMatch: a new match for a participant the coach watches (later).
	NotifyNewMatch NotificationKind = "nieuwe-match"
)

// notificationKind describes a kind for people: the label of the
// preferences page and the sentence of the notification. The sentence gets
// the participant's code and the offer's title, nothing else: it must never
// carry profile content.
type notificationKind struct {
	label    string
	sentence string // fmt: code, offer title
}

var notificationKinds = map[NotificationKind]notificationKind{
	NotifyProposalNew:        {"Nieuwe voordracht", "Nieuwe voordracht van deelnemer %s voor %s."},
	NotifyAnswer:             {"Antwoord op een voordracht", "De werkplek heeft geantwoord op de voordracht van %s voor %s."},
	NotifyIntake:             {"Kennismaking", "Er is een kennismaking voorgesteld of beantwoord voor %s bij %s."},
	NotifyMessage:            {"Nieuw bericht", "Nieuw bericht over de plaatsing van %s bij %s."},
	NotifyProposalExpiring:   {"Voordracht verloopt bijna", "De voordracht van %s voor %s verloopt over 2 dagen."},
	NotifyProposalExpired:    {"Voordracht verlopen", "De voordracht van %s voor %s is verlopen zonder antwoord."},
	NotifyProposalWithdrawn:  {"Voordracht ingetrokken", "De coach heeft de voordracht van %s voor %s ingetrokken. De plaatsen zijn weer vrij."},
	NotifyPlacementEnding:    {"Plaatsing eindigt bijna", "De plaatsing van %s bij %s eindigt over 2 weken. Plan de volgende stap."},
	NotifyOfferPaused:        {"Werkplek gepauzeerd of gesloten", "De werkplek %[2]s is gepauzeerd of gesloten; %[1]s heeft daar een voordracht of plaatsing."},
	NotifyEvaluation:         {"Evaluatie te doen", "Het is tijd voor een evaluatie van %s bij %s."},
	NotifyEvaluationRecorded: {"Evaluatie van de werkplek", "De werkplek heeft een evaluatie vastgelegd van %s bij %s."},
	NotifyNewMatch:           {"Nieuwe match", "Er is een nieuwe passende werkplek voor %s: %s."},
}

// NotificationKinds lists every kind, in the order the preferences page
// shows them.
var NotificationKinds = []NotificationKind{
	NotifyProposalNew, NotifyAnswer, NotifyIntake, NotifyMessage,
	NotifyProposalExpiring, NotifyProposalExpired, NotifyProposalWithdrawn, NotifyPlacementEnding,
	NotifyOfferPaused, NotifyEvaluation, NotifyEvaluationRecorded, NotifyNewMatch,
}

// Valid reports whether k is a known kind.
func (k NotificationKind) Valid() bool { _, ok := notificationKinds[k]; return ok }

// Label is k in plain Dutch, for lists and the preferences page.
func (k NotificationKind) Label() string {
	if d, ok := notificationKinds[k]; ok {
		return d.label
	}
	return string(k)
}

// Sentence is the text of a notification of kind k about the participant
// with this code at this offer.
func (k NotificationKind) Sentence(code, offerTitle string) string {
	d, ok := notificationKinds[k]
	if !ok {
		return "Er is iets veranderd."
	}
	return fmt.Sprintf(d.sentence, orDash(code), orDash(offerTitle))
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// Notification (melding) tells one user that something happened. It holds
// only the participant's pseudonymous code, the offer's title, a sentence
// and a link into the app — never profile or voordracht content — so that
// showing or mailing it cannot leak more (docs/SECURITY.md).
type Notification struct {
	ID          string           `json:"id"`
	UserID      string           `json:"-"`
	Kind        NotificationKind `json:"soort"`
	PlacementID *string          `json:"plaatsingId"`
	OfferID     *string          `json:"werkplekId"`
	Code        string           `json:"code"`
	OfferTitle  string           `json:"werkplekTitel"`
	Text        string           `json:"tekst"`
	Link        string           `json:"link"`
	CreatedAt   time.Time        `json:"aangemaaktOp"`
	ReadAt      *time.Time       `json:"gelezenOp"`
	// Key makes an event that may happen only once per user (a proposal
	// expires in 2 days) idempotent: a second notification with the same
	// user and key is not written. Empty: no such limit.
	Key string `json:"-"`
}

// Complete fills what the emitter may leave out: the sentence from the kind
// and the link to the placement (or offer).
func (n *Notification) Complete() {
	if n.Text == "" {
		n.Text = n.Kind.Sentence(n.Code, n.OfferTitle)
	}
	if n.Link == "" {
		switch {
		case n.PlacementID != nil:
			n.Link = "/plaatsingen/" + *n.PlacementID
		case n.OfferID != nil:
			n.Link = "/werkplekken/" + *n.OfferID
		}
	}
}

// Delivery is how a user wants a kind of notification mailed.
type Delivery string

// Deliveries. Every notification is shown in the app, whatever the delivery.
const (
	DeliveryDirect Delivery = "direct"    // a mail per notification, at once
	DeliveryDaily  Delivery = "dagelijks" // one digest mail a day at the user's hour
	DeliveryOff    Delivery = "uit"       // no mail
)

// Deliveries lists the valid deliveries.
var Deliveries = []Delivery{DeliveryDirect, DeliveryDaily, DeliveryOff}

// DefaultDelivery is the delivery of a kind the user has not chosen.
const DefaultDelivery = DeliveryDirect

// DefaultDigestHour is the digest hour of a user who has not chosen one.
const DefaultDigestHour = 8

// NotificationPreferences are a user's mail choices: a delivery per kind
// (every kind present) and the hour, Dutch time, of the daily digest.
type NotificationPreferences struct {
	Kinds      map[NotificationKind]Delivery `json:"soorten"`
	DigestHour int                           `json:"uurDagelijks"`
}

// Validate checks p: known kinds, known deliveries, an hour 0–23. A kind
// left out keeps its current delivery.
func (p *NotificationPreferences) Validate() error {
	var pr Problems
	for k, d := range p.Kinds {
		field := "soorten." + string(k)
		switch {
		case !k.Valid():
			pr.Add(field, "is geen bekende soort melding")
		case d != DeliveryDirect && d != DeliveryDaily && d != DeliveryOff:
			pr.Add(field, "moet direct, dagelijks of uit zijn")
		}
	}
	if p.DigestHour < 0 || p.DigestHour > 23 {
		pr.Add("uurDagelijks", "moet een heel uur van 0 tot en met 23 zijn")
	}
	return pr.Err()
}

// NextDigest is the first moment at or after t on the hour, Dutch time,
// when a daily digest goes out.
func NextDigest(t time.Time, hour int) time.Time {
	local := t.In(amsterdam)
	d := time.Date(local.Year(), local.Month(), local.Day(), hour, 0, 0, 0, amsterdam)
	if d.Before(t) {
		d = time.Date(local.Year(), local.Month(), local.Day()+1, hour, 0, 0, 0, amsterdam)
	}
	return d.UTC()
}

// NotificationFilter selects a page of a user's notifications.
type NotificationFilter struct {
	UnreadOnly bool
	Page       Page
}

// FailedMail is a notification whose mail could not be delivered, for the
// beheerder. It names the recipient (a user, not a participant) and the
// error, never more of the notification than its kind and link.
type FailedMail struct {
	NotificationID string           `json:"meldingId"`
	UserID         string           `json:"gebruikerId"`
	UserName       string           `json:"gebruikerNaam"`
	Email          string           `json:"email"`
	Kind           NotificationKind `json:"soort"`
	Attempts       int              `json:"pogingen"`
	LastError      string           `json:"fout"`
	CreatedAt      time.Time        `json:"aangemaaktOp"`
}

// NotificationStore keeps the notifications of users and their choices.
type NotificationStore interface {
	// Notifications returns one page of a user's notifications, unread
	// first, newest first, with the total and the number unread.
	Notifications(ctx context.Context, userID string, f NotificationFilter) ([]*Notification, int, int, error)
	// UnreadNotifications counts a user's unread notifications.
	UnreadNotifications(ctx context.Context, userID string) (int, error)
	// MarkNotificationRead marks one of the user's notifications read (or
	// unread). ENotFound for another user's notification.
	MarkNotificationRead(ctx context.Context, userID, id string, read bool) (*Notification, error)
	// MarkAllNotificationsRead marks all of a user's notifications read and
	// returns how many changed.
	MarkAllNotificationsRead(ctx context.Context, userID string) (int, error)
	// NotificationPreferences returns a user's choices, every kind filled
	// in. ENotFound for an unknown user.
	NotificationPreferences(ctx context.Context, userID string) (*NotificationPreferences, error)
	// SetNotificationPreferences stores a user's choices (EInvalid) and
	// returns them as they now are.
	SetNotificationPreferences(ctx context.Context, userID string, p NotificationPreferences) (*NotificationPreferences, error)
	// FailedMails lists notifications whose mail failed, newest first.
	FailedMails(ctx context.Context, p Page) ([]*FailedMail, int, error)
}

// ValidEmail reports whether s is a bare e-mail address (no display name,
// no spaces, at most 254 characters) as mail servers accept it.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// checkEmail accepts an empty address (no mail) or a valid one.
func checkEmail(p *Problems, field, s string) {
	if s != "" && !ValidEmail(s) {
		p.Add(field, "is geen geldig e-mailadres")
	}
}

// OutgoingMail is one mail the worker is to send: a single notification
// (direct) or a user's daily digest of several. The worker holds a lease on
// its notifications until it reports the outcome.
type OutgoingMail struct {
	UserID        string
	Name          string
	Email         string
	Digest        bool
	Notifications []*Notification
	// Attempts counts the tries including this one; FirstAttempt is when
	// the first began (retries stop 24 hours after it).
	Attempts     int
	FirstAttempt time.Time
}

// IDs are the ids of the mail's notifications.
func (m *OutgoingMail) IDs() []string {
	ids := make([]string, len(m.Notifications))
	for i, n := range m.Notifications {
		ids[i] = n.ID
	}
	return ids
}

// MailQueue is what the mail worker needs of the store: the notifications
// table is its own outbox.
type MailQueue interface {
	// ClaimMail leases up to limit mails due at the moment at to owner
	// for lease: direct ones and whole digests. A mail whose lease ran out
	// without an outcome (a worker that died) is due again.
	ClaimMail(ctx context.Context, owner string, at time.Time, limit int, lease time.Duration) ([]*OutgoingMail, error)
	// MailSent records that the mail server accepted the mail of these
	// notifications, under messageID. It reports false when owner no
	// longer held the lease (another worker may send it again).
	MailSent(ctx context.Context, owner string, ids []string, messageID string) (bool, error)
	// MailNotSent records a failed try: retry at retryAt, or, with a zero
	// retryAt, give up (failed, shown to the beheerder).
	MailNotSent(ctx context.Context, owner string, ids []string, reason string, retryAt time.Time) error
	// Invitation is the calendar invitation (RFC 5545) of the intake
	// being arranged for a placement, for the mail of a kennismaking
	// notification, naming the participant by code and the offer by
	// title; nil when no intake is arranged (any more). It gives the
	// intake's time and place only, never the voordracht's content.
	Invitation(ctx context.Context, placementID, code, offerTitle string) ([]byte, error)
	// NotifyUpcoming writes the notifications of what is about to happen
	// (a proposal expires in 2 days, a placement ends in 2 weeks), once
	// per placement and kind, and returns for how many placements.
	NotifyUpcoming(ctx context.Context) (int, error)
}
