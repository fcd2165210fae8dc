package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/iederz/plekwijzer"
)

// The demo's voordrachten: kees (iederz Fietsenwerkplaats) has three
// voordrachten with a summary waiting for an answer (beside the plain
// proposals of the plan) — one with an intake planned, one with a message
// thread — and has answered three more of fatma's, so that fatma has
// answers and unread notifications, and the manager's figures show the
// organisation.

// demoProposal is one voordracht of the demo and what happens to it.
type demoProposal struct {
	share  []plekwijzer.ShareItem
	note   string
	answer func(w *writer, ctx context.Context, id string, kees, fatma *plekwijzer.Actor) error
}

var demoProposals = []demoProposal{
	{share: []plekwijzer.ShareItem{plekwijzer.ShareSupervision, plekwijzer.ShareSkills, plekwijzer.ShareInterests},
		note: "Sleutelt thuis aan brommers en wil dat graag leren op een werkplaats.",
		answer: func(w *writer, ctx context.Context, id string, kees, fatma *plekwijzer.Actor) error {
			at := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
			if _, err := w.s.AnswerProposal(ctx, id, &plekwijzer.Answer{Decision: plekwijzer.DecisionIntake, IntakeAt: &at,
				IntakePlace: "Fietsenwerkplaats, ingang achterom", IntakeWith: "Kees en de werkbegeleider"}, kees); err != nil {
				return err
			}
			_, err := w.s.ReplyIntake(ctx, id, &plekwijzer.Answer{Decision: plekwijzer.DecisionIntakeOK}, fatma)
			return err
		}},
	{share: []plekwijzer.ShareItem{plekwijzer.ShareLanguage, plekwijzer.ShareLoad, plekwijzer.ShareLearningGoals},
		note: "Spreekt nog weinig Nederlands; werkt het best met voordoen en nadoen.",
		answer: func(w *writer, ctx context.Context, id string, kees, fatma *plekwijzer.Actor) error {
			for _, m := range []struct {
				by   *plekwijzer.Actor
				text string
			}{
				{kees, "Kan ze ook op woensdagochtend? Dan is de werkbegeleider er."},
				{fatma, "Ik vraag het haar deze week en laat het je weten."},
			} {
				if err := w.s.AddMessage(ctx, &plekwijzer.Message{PlacementID: id, AuthorID: &m.by.UserID, AuthorName: m.by.Name,
					AuthorRole: m.by.Role, Text: m.text}); err != nil {
					return err
				}
			}
			return nil
		}},
	{share: nil, note: ""},
	{share: []plekwijzer.ShareItem{plekwijzer.ShareSkills, plekwijzer.ShareSupervision},
		answer: func(w *writer, ctx context.Context, id string, kees, _ *plekwijzer.Actor) error {
			start := w.p.today.AddDays(21)
			_, err := w.s.AnswerProposal(ctx, id, &plekwijzer.Answer{Decision: plekwijzer.DecisionAccept, StartDate: &start,
				Note: "Welkom! Neem werkschoenen mee."}, kees)
			return err
		}},
	{share: []plekwijzer.ShareItem{plekwijzer.ShareWheelchair, plekwijzer.ShareSupervision},
		answer: declineAs("begeleiding-niet-haalbaar", "Deze maand hebben we te weinig begeleiders; probeer het in februari nog eens.")},
	{answer: declineAs("te-weinig-informatie", "Wat kan deze deelnemer al? Bel me even.")},
}

func declineAs(reason, note string) func(w *writer, ctx context.Context, id string, kees, _ *plekwijzer.Actor) error {
	return func(w *writer, ctx context.Context, id string, kees, _ *plekwijzer.Actor) error {
		_, err := w.s.AnswerProposal(ctx, id, &plekwijzer.Answer{Decision: plekwijzer.DecisionDecline, Reason: reason, Note: note}, kees)
		return err
	}
}

// proposals sends the demo's voordrachten from fatma to kees's offers.
func (w *writer) proposals(ctx context.Context) error {
	kees, fatma := w.actor("Partner Kees M. (iederz Fietsenwerkplaats)"), w.actor("Coach Fatma Y.")
	if kees == nil || fatma == nil {
		return nil
	}
	var offers []*plekwijzer.Offer
	for _, o := range w.p.offers {
		if _, closed := w.p.finalStatus[o.ID]; !closed && o.OrganisationID == kees.OrganisationID {
			offers = append(offers, o)
		}
	}
	next := 0
	for _, pt := range w.p.participants {
		if next == len(demoProposals) {
			break
		}
		if pt.CoachID != fatma.UserID {
			continue
		}
		id, err := w.proposeSomewhere(ctx, pt, offers, demoProposals[next], fatma)
		if err != nil || id == "" {
			continue // busy or no place: the next participant
		}
		if a := demoProposals[next].answer; a != nil {
			if err := a(w, ctx, id, kees, fatma); err != nil {
				return fmt.Errorf("seed: answering a voordracht: %w", err)
			}
		}
		next++
	}
	return nil
}

// proposeSomewhere proposes pt at the first of offers with a free place on
// one of pt's day-parts, two weeks from the demo's today; "" when none.
func (w *writer) proposeSomewhere(ctx context.Context, pt *plekwijzer.Participant, offers []*plekwijzer.Offer, dp demoProposal, by *plekwijzer.Actor) (string, error) {
	for _, o := range offers {
		for _, d := range pt.Availability {
			if o.Capacity[d] == 0 {
				continue
			}
			pid := pt.ID
			pl := &plekwijzer.Placement{ParticipantID: &pid, OfferID: o.ID, DayParts: []plekwijzer.DayPart{d},
				StartDate: w.p.today.AddDays(14), Status: plekwijzer.PlacementProposed}
			n := &plekwijzer.NewProposal{Share: dp.share, Note: dp.note, Consent: len(dp.share) > 0 || dp.note != ""}
			_, err := w.s.CreateProposedPlacement(ctx, pl, n, by)
			if err == nil {
				w.res.Proposals++
				return pl.ID, nil
			}
			if plekwijzer.ErrorCode(err) != plekwijzer.EConflict {
				return "", err
			}
		}
	}
	return "", nil
}

// actor is the demo user with this name as an actor, or nil.
func (w *writer) actor(name string) *plekwijzer.Actor {
	i := slices.IndexFunc(w.p.users, func(u *plekwijzer.User) bool { return u.Name == name })
	if i < 0 {
		return nil
	}
	u := w.p.users[i]
	a := &plekwijzer.Actor{UserID: u.ID, Name: u.Name, Role: u.Role}
	if u.OrganisationID != nil {
		a.OrganisationID = *u.OrganisationID
	}
	return a
}
