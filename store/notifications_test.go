package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func withEmail(addr string) func(*plekwijzer.User) {
	return func(u *plekwijzer.User) { u.Email = addr }
}

// TestNotifyResolvesPreferences: the recipient's choice for the kind
// decides the mail; the notification in the app exists whatever it is.
func TestNotifyResolvesPreferences(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		direct := e.user(plekwijzer.RoleCoach, withEmail("direct@example.org"))
		daily := e.user(plekwijzer.RoleCoach, withEmail("dagelijks@example.org"))
		off := e.user(plekwijzer.RoleCoach, withEmail("uit@example.org"))
		noAddress := e.user(plekwijzer.RoleCoach)
		_, err := db.SetNotificationPreferences(e.ctx, daily.ID, plekwijzer.NotificationPreferences{
			Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{plekwijzer.NotifyAnswer: plekwijzer.DeliveryDaily}, DigestHour: 17})
		must(t, err)
		_, err = db.SetNotificationPreferences(e.ctx, off.ID, plekwijzer.NotificationPreferences{
			Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{plekwijzer.NotifyAnswer: plekwijzer.DeliveryOff}, DigestHour: 8})
		must(t, err)

		before := time.Now().UTC().Truncate(time.Second)
		ns := []plekwijzer.Notification{}
		for _, u := range []*plekwijzer.User{direct, daily, off, noAddress} {
			ns = append(ns, plekwijzer.Notification{UserID: u.ID, Kind: plekwijzer.NotifyAnswer, Code: "DN-0001", OfferTitle: "Fietsen maken"})
		}
		must(t, db.Notify(e.ctx, ns...))

		want := map[string]string{direct.ID: "pending", daily.ID: "digest", off.ID: "none", noAddress.ID: "none"}
		for _, n := range ns {
			state, due, err := db.MailState(e.ctx, n.ID)
			must(t, err)
			if state != want[n.UserID] {
				t.Errorf("user %s: mail state %q, want %q", n.UserID, state, want[n.UserID])
			}
			switch state {
			case "pending":
				if due == nil || due.Before(before) || due.After(time.Now().Add(time.Second)) {
					t.Errorf("direct mail due %v, want now", due)
				}
			case "digest":
				if wantDue := plekwijzer.NextDigest(before, 17); due == nil || !due.Equal(wantDue) {
					t.Errorf("digest due %v, want %v", due, wantDue)
				}
			default:
				if due != nil {
					t.Errorf("unmailed notification due %v", due)
				}
			}
			list, total, unread, err := db.Notifications(e.ctx, n.UserID, plekwijzer.NotificationFilter{})
			must(t, err)
			if total != 1 || unread != 1 || len(list) != 1 {
				t.Fatalf("user %s has %d notifications (%d unread), want 1 in the app", n.UserID, total, unread)
			}
			got := list[0]
			if got.Text != "De werkplek heeft geantwoord op de voordracht van DN-0001 voor Fietsen maken." || got.Code != "DN-0001" || got.OfferTitle != "Fietsen maken" {
				t.Errorf("notification %+v", got)
			}
		}
	})
}

// TestNotifyIsPartOfTheChange: a notification is written with the change
// that causes it, or not at all; a keyed event is written once.
func TestNotifyIsPartOfTheChange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user(plekwijzer.RoleCoach, withEmail("coach@example.org"))
		n := plekwijzer.Notification{UserID: u.ID, Kind: plekwijzer.NotifyPlacementEnding, Code: "DN-1", OfferTitle: "Koken", Key: "plaatsing-eindigt:x"}
		wantCode(t, db.NotifyThenFail(e.ctx, n), plekwijzer.EConflict)
		if c, err := db.UnreadNotifications(e.ctx, u.ID); err != nil || c != 0 {
			t.Fatalf("after a rolled-back change %d unread (%v), want 0", c, err)
		}
		must(t, db.Notify(e.ctx, n))
		n.ID = ""
		must(t, db.Notify(e.ctx, n))
		if c, err := db.UnreadNotifications(e.ctx, u.ID); err != nil || c != 1 {
			t.Fatalf("a keyed event twice gives %d notifications (%v), want 1", c, err)
		}
	})
}

// TestPlacementRecipients: coaches are the participant's coach and the
// coaches it is shared with; partners the partner users of the offer's
// organisation, not those of another.
func TestPlacementRecipients(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, shared, other := e.coach(), e.coach(), e.coach()
		p := e.participant(owner.ID, func(p *plekwijzer.Participant) { p.SharedWith = []string{shared.ID} })
		o := e.offer()
		inOrg := func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID }
		k1, k2 := e.user(plekwijzer.RolePartner, inOrg), e.user(plekwijzer.RolePartner, inOrg)
		e.user(plekwijzer.RolePartner) // another organisation
		e.participant(other.ID)
		pl := e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, plekwijzer.Today(), nil)

		check := func(coaches, partners bool, want ...string) {
			t.Helper()
			got, err := db.PlacementRecipients(e.ctx, pl.ID, coaches, partners)
			must(t, err)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("recipients (coaches %v, partners %v) = %v, want %v", coaches, partners, got, want)
			}
		}
		check(true, false, owner.ID, shared.ID)
		check(false, true, k1.ID, k2.ID)
		check(true, true, owner.ID, shared.ID, k1.ID, k2.ID)
	})
}

// TestNotificationsReadAndList: unread first and newest first; a user marks
// only their own read; mark all.
func TestNotificationsReadAndList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u, other := e.coach(), e.coach()
		var ids []string
		for i, code := range []string{"DN-1", "DN-2", "DN-3"} {
			n := plekwijzer.Notification{UserID: u.ID, Kind: plekwijzer.NotifyMessage, Code: code, OfferTitle: "Koken"}
			must(t, db.Notify(e.ctx, n))
			list, _, _, err := db.Notifications(e.ctx, u.ID, plekwijzer.NotificationFilter{})
			must(t, err)
			ids = append(ids, list[0].ID)
			if list[0].Code != code || len(list) != i+1 {
				t.Fatalf("newest first: got %s first of %d", list[0].Code, len(list))
			}
		}
		_, err := db.MarkNotificationRead(e.ctx, other.ID, ids[2], true)
		wantCode(t, err, plekwijzer.ENotFound)
		n, err := db.MarkNotificationRead(e.ctx, u.ID, ids[2], true)
		must(t, err)
		if n.ReadAt == nil {
			t.Fatal("marked read without gelezenOp")
		}
		list, total, unread, err := db.Notifications(e.ctx, u.ID, plekwijzer.NotificationFilter{})
		must(t, err)
		if total != 3 || unread != 2 || list[0].ID != ids[1] || list[1].ID != ids[0] || list[2].ID != ids[2] {
			t.Errorf("after reading the newest: total %d unread %d order %v %v %v", total, unread, list[0].Code, list[1].Code, list[2].Code)
		}
		only, total, _, err := db.Notifications(e.ctx, u.ID, plekwijzer.NotificationFilter{UnreadOnly: true, Page: plekwijzer.Page{Number: 1, Size: 1}})
		must(t, err)
		if total != 2 || len(only) != 1 || only[0].ID != ids[1] {
			t.Errorf("unread page of 1: total %d, %d rows", total, len(only))
		}
		c, err := db.MarkAllNotificationsRead(e.ctx, u.ID)
		must(t, err)
		if c != 2 {
			t.Errorf("mark all read changed %d, want 2", c)
		}
		if c, _ := db.UnreadNotifications(e.ctx, u.ID); c != 0 {
			t.Errorf("%d unread after mark all", c)
		}
	})
}

// TestNotificationPreferences: defaults for every kind, stored choices, and
// every invalid field named without a change.
func TestNotificationPreferences(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.coach()
		p, err := db.NotificationPreferences(e.ctx, u.ID)
		must(t, err)
		if p.DigestHour != plekwijzer.DefaultDigestHour || len(p.Kinds) != len(plekwijzer.NotificationKinds) || p.Kinds[plekwijzer.NotifyMessage] != plekwijzer.DeliveryDirect {
			t.Fatalf("defaults %+v", p)
		}
		bad := plekwijzer.NotificationPreferences{DigestHour: 24, Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{"onzin": "direct", plekwijzer.NotifyMessage: "soms"}}
		_, err = db.SetNotificationPreferences(e.ctx, u.ID, bad)
		wantCode(t, err, plekwijzer.EInvalid)
		fields := map[string]bool{}
		var pe *plekwijzer.Error
		if errors.As(err, &pe) {
			for _, f := range pe.Fields {
				fields[f.Name] = true
			}
		}
		for _, f := range []string{"uurDagelijks", "soorten.onzin", "soorten.bericht"} {
			if !fields[f] {
				t.Errorf("invalid preferences do not name %s: %v", f, err)
			}
		}
		p, err = db.SetNotificationPreferences(e.ctx, u.ID, plekwijzer.NotificationPreferences{DigestHour: 7,
			Kinds: map[plekwijzer.NotificationKind]plekwijzer.Delivery{plekwijzer.NotifyMessage: plekwijzer.DeliveryOff}})
		must(t, err)
		if p.DigestHour != 7 || p.Kinds[plekwijzer.NotifyMessage] != plekwijzer.DeliveryOff || p.Kinds[plekwijzer.NotifyAnswer] != plekwijzer.DeliveryDirect {
			t.Errorf("stored %+v", p)
		}
		_, err = db.NotificationPreferences(e.ctx, plekwijzer.NewID())
		wantCode(t, err, plekwijzer.ENotFound)
	})
}
