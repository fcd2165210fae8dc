package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// kindsOf lists the kinds of a user's notifications, oldest first.
func (e *env) kindsOf(userID string) []plekwijzer.NotificationKind {
	e.t.Helper()
	list, _, _, err := e.db.Notifications(e.ctx, userID, plekwijzer.NotificationFilter{Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
	must(e.t, err)
	var out []plekwijzer.NotificationKind
	for _, n := range slices.Backward(list) {
		out = append(out, n.Kind)
	}
	return out
}

func (e *env) wantKinds(who string, userID string, want ...plekwijzer.NotificationKind) {
	e.t.Helper()
	if got := e.kindsOf(userID); !slices.Equal(got, want) {
		e.t.Errorf("%s was told %v, want %v", who, got, want)
	}
}

// TestNotifyOfferPaused: pausing or closing an offer tells the coaches of
// what runs there, once per placement; the werkplek, who did it, is not
// told, nor is a coach with nothing there.
func TestNotifyOfferPaused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c, idle := e.coach(), e.coach()
		o := e.offer()
		partner := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID })
		p := e.participant(c.ID)
		e.participant(idle.ID)
		pl := e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, plekwijzer.Today().AddDays(7), nil)

		for _, status := range []plekwijzer.OfferStatus{plekwijzer.OfferPaused, plekwijzer.OfferOpen, plekwijzer.OfferClosed} {
			_, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{Status: &status}, 0)
			must(t, err)
		}
		e.wantKinds("the coach", c.ID, plekwijzer.NotifyOfferPaused)
		e.wantKinds("a coach with nothing there", idle.ID)
		e.wantKinds("the partner", partner.ID)
		list, _, _, err := db.Notifications(e.ctx, c.ID, plekwijzer.NotificationFilter{})
		must(t, err)
		if n := list[0]; n.PlacementID == nil || *n.PlacementID != pl.ID || n.Code != p.Code || n.OfferTitle != o.Title || n.Link != "/plaatsingen/"+pl.ID {
			t.Errorf("notification %+v", n)
		}
	})
}

// TestNotifyProposalExpired: the sweep that expires a proposal tells both
// sides in the same transaction, once.
func TestNotifyProposalExpired(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.coach()
		o := e.offer()
		partner := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID })
		p := e.participant(c.ID)
		db.SetProposalHold(1) // expires at once
		e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, plekwijzer.Today().AddDays(7), nil)
		for range 2 {
			_, err := db.ExpireProposals(e.ctx)
			must(t, err)
		}
		e.wantKinds("the coach", c.ID, plekwijzer.NotifyProposalExpired)
		e.wantKinds("the partner", partner.ID, plekwijzer.NotifyProposalExpired)
	})
}

// TestNotifyUpcoming: a proposal that expires within 2 days warns both
// sides, a placement that ends within 2 weeks warns the coach; each once,
// however often the sweep runs; later ones are not warned about yet.
func TestNotifyUpcoming(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.coach()
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5, "di-ochtend": 5}))
		partner := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID })
		today := plekwijzer.Today()

		db.SetProposalHold(36 * 3600e9) // 36 hours: within 2 days
		e.mustBook(e.participant(c.ID).ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, today.AddDays(7), nil)
		db.SetProposalHold(96 * 3600e9) // 4 days: not yet
		e.mustBook(e.participant(c.ID).ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, today.AddDays(7), nil)
		active := plekwijzer.PlacementActive
		for _, end := range []plekwijzer.Date{today.AddDays(10), today.AddDays(30)} {
			pid, oid, parts, start := e.participant(c.ID).ID, o.ID, []plekwijzer.DayPart{"di-ochtend"}, today.AddDays(-5) // no evaluation due yet
			pl, err := plekwijzer.NewPlacement{ParticipantID: &pid, OfferID: &oid, DayParts: &parts, StartDate: &start, EndDate: &end, Status: &active}.Placement()
			must(t, err)
			must(t, db.CreatePlacement(e.ctx, pl))
		}
		for i, want := range []int{2, 0} {
			n, err := db.NotifyUpcoming(e.ctx)
			must(t, err)
			if n != want {
				t.Errorf("sweep %d warned about %d placements, want %d", i+1, n, want)
			}
		}
		e.wantKinds("the coach", c.ID, plekwijzer.NotifyProposalExpiring, plekwijzer.NotifyPlacementEnding)
		e.wantKinds("the partner", partner.ID, plekwijzer.NotifyProposalExpiring)
	})
}

// TestNotifyProposalWithdrawn: when the coach withdraws a proposal — open
// or accepted and not begun — the werkplek's partner users are told in the
// same transaction, with the code and the offer's title only; a partner's
// own cancellation, one without an actor, the cancellation of a running
// placement and a refused change tell nobody, and the coach who did it is
// not told.
func TestNotifyProposalWithdrawn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.coach()
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5}))
		inOrg := func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID }
		k1, k2 := e.user(plekwijzer.RolePartner, inOrg), e.user(plekwijzer.RolePartner, inOrg)
		elsewhere := e.user(plekwijzer.RolePartner)
		asCoach := plekwijzer.WithActor(e.ctx, &plekwijzer.Actor{UserID: c.ID, Name: c.Name, Role: plekwijzer.RoleCoach})
		asPartner := plekwijzer.WithActor(e.ctx, &plekwijzer.Actor{UserID: k1.ID, Name: k1.Name, Role: plekwijzer.RolePartner, OrganisationID: o.OrganisationID})
		cancelled, active := plekwijzer.PlacementCancelled, plekwijzer.PlacementActive
		book := func() (*plekwijzer.Placement, *plekwijzer.Participant) {
			p := e.participant(c.ID)
			return e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, plekwijzer.Today().AddDays(7), nil), p
		}
		change := func(ctx context.Context, pl *plekwijzer.Placement, st *plekwijzer.PlacementStatus) *plekwijzer.Placement {
			t.Helper()
			pl, err := db.UpdatePlacement(ctx, pl.ID, plekwijzer.PlacementUpdate{Status: st}, pl.Version)
			must(t, err)
			return pl
		}

		// An open proposal, withdrawn by the coach.
		open, p := book()
		withdrawn := change(asCoach, open, &cancelled)
		e.wantKinds("a partner of the werkplek", k1.ID, plekwijzer.NotifyProposalWithdrawn)
		e.wantKinds("another partner of the werkplek", k2.ID, plekwijzer.NotifyProposalWithdrawn)
		e.wantKinds("a partner elsewhere", elsewhere.ID)
		e.wantKinds("the coach who withdrew it", c.ID)
		list, _, _, err := db.Notifications(e.ctx, k1.ID, plekwijzer.NotificationFilter{})
		must(t, err)
		if len(list) == 0 {
			t.Fatal("the werkplek was not told of the withdrawal")
		}
		if n := list[0]; n.PlacementID == nil || *n.PlacementID != open.ID || n.Code != p.Code || n.OfferTitle != o.Title ||
			n.Link != "/plaatsingen/"+open.ID || n.Text != plekwijzer.NotifyProposalWithdrawn.Sentence(p.Code, o.Title) {
			t.Errorf("notification %+v", n)
		}
		// Cancelling it again changes nothing and tells nobody again; a
		// stale version is refused and tells nobody.
		change(asCoach, withdrawn, &cancelled)
		stale, _ := book()
		_, err = db.UpdatePlacement(asCoach, stale.ID, plekwijzer.PlacementUpdate{Status: &cancelled}, stale.Version+1)
		wantCode(t, err, plekwijzer.EConflict)
		e.wantKinds("a partner of the werkplek", k1.ID, plekwijzer.NotifyProposalWithdrawn)

		// An accepted placement that has not begun, cancelled by the coach.
		accepted, _ := book()
		start := plekwijzer.Today().AddDays(7)
		_, err = db.AnswerProposal(asPartner, accepted.ID, &plekwijzer.Answer{Decision: plekwijzer.DecisionAccept, StartDate: &start},
			&plekwijzer.Actor{UserID: k1.ID, Name: k1.Name, Role: plekwijzer.RolePartner, OrganisationID: o.OrganisationID})
		must(t, err)
		accepted, err = db.Placement(e.ctx, accepted.ID)
		must(t, err)
		if accepted.Status != plekwijzer.PlacementAccepted {
			t.Fatalf("after accepting: %s", accepted.Status)
		}
		change(asCoach, accepted, &cancelled)
		both := []plekwijzer.NotificationKind{plekwijzer.NotifyProposalWithdrawn, plekwijzer.NotifyProposalWithdrawn}
		e.wantKinds("a partner of the werkplek", k1.ID, both...)
		e.wantKinds("another partner of the werkplek", k2.ID, both...)

		// The werkplek's own cancellation, the system's (no actor: the
		// demo's history) and a running placement's are no withdrawal.
		own, _ := book()
		change(asPartner, own, &cancelled)
		system, _ := book()
		change(e.ctx, system, &cancelled)
		running, _ := book()
		change(asCoach, change(asCoach, running, &active), &cancelled)
		e.wantKinds("a partner of the werkplek", k1.ID, both...)
		e.wantKinds("another partner of the werkplek", k2.ID, both...)
		e.wantKinds("the coach", c.ID, plekwijzer.NotifyAnswer)
	})
}
