package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/notify/notifytest"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestIntakeMailCarriesInvitation: when the werkplek proposes an intake,
// the coach's mail carries a calendar invitation (text/calendar) with the
// time, the place and one UID per placement; when the coach proposes
// another time, the werkplek's mail carries the same event with a higher
// SEQUENCE, so calendars move it. Neither names more than the code and
// the offer: no shared profile item, no toelichting.
func TestIntakeMailCarriesInvitation(t *testing.T) {
	mp := notifytest.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if err := seed.Catalogue(ctx, db); err != nil {
			t.Fatal(err)
		}
		domain := "ics-" + db.Engine() + ".example.org"
		org := &plekwijzer.Organisation{Name: "Werkplaats Agenda", Kind: "sociale-onderneming", Postcode: "9712", Place: "Groningen"}
		if err := db.CreateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		coach := &plekwijzer.User{Name: "Coach Agenda", Role: plekwijzer.RoleCoach, Email: "coach@" + domain}
		partner := &plekwijzer.User{Name: "Partner Agenda", Role: plekwijzer.RolePartner, OrganisationID: &org.ID, Email: "partner@" + domain}
		for _, u := range []*plekwijzer.User{coach, partner} {
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		offer := &plekwijzer.Offer{OrganisationID: org.ID, Title: "Fietsen maken", Description: "Werkplaats", WorkTypeID: seed.WorkTypeID("fietsenreparatie"),
			Supervision: 2, PhysicalLoad: plekwijzer.LoadLow, Capacity: plekwijzer.Capacity{"ma-ochtend": 1}, Postcode: "9712", Status: plekwijzer.OfferOpen}
		if err := db.CreateOffer(ctx, offer); err != nil {
			t.Fatal(err)
		}
		pt := &plekwijzer.Participant{Code: "ICS-0001", CoachID: coach.ID, TargetGroup: "statushouder", Phase: "voortraject",
			Availability: []plekwijzer.DayPart{"ma-ochtend"}, Postcode: "9712", MaxTravelKm: 15, SupervisionNeed: 2,
			LoadCapacity: plekwijzer.LoadMedium, LanguageLevel: "B1"}
		if err := db.CreateParticipant(ctx, pt); err != nil {
			t.Fatal(err)
		}
		asCoach := &plekwijzer.Actor{UserID: coach.ID, Name: coach.Name, Role: coach.Role}
		asPartner := &plekwijzer.Actor{UserID: partner.ID, Name: partner.Name, Role: partner.Role, OrganisationID: org.ID}
		pl := &plekwijzer.Placement{ParticipantID: &pt.ID, OfferID: offer.ID, DayParts: []plekwijzer.DayPart{"ma-ochtend"},
			StartDate: plekwijzer.Today().AddDays(14), Status: plekwijzer.PlacementProposed}
		note := "Toelichting " + notifytest.Secret
		if _, err := db.CreateProposedPlacement(ctx, pl, &plekwijzer.NewProposal{Share: []plekwijzer.ShareItem{plekwijzer.ShareLanguage}, Note: note, Consent: true}, asCoach); err != nil {
			t.Fatal(err)
		}
		w := worker(t, db, mp)
		drain(t, w)

		at := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
		if _, err := db.AnswerProposal(ctx, pl.ID, &plekwijzer.Answer{Decision: plekwijzer.DecisionIntake, IntakeAt: &at,
			IntakePlace: "Werkplaats, ingang achterom", IntakeWith: "Kees"}, asPartner); err != nil {
			t.Fatal(err)
		}
		drain(t, w)
		first := invitationTo(t, mp, coach.Email, 1)
		uid := "UID:kennismaking-" + pl.ID + "@plekwijzer"
		for _, want := range []string{"BEGIN:VCALENDAR", "METHOD:PUBLISH", uid, "SEQUENCE:0", "DTSTART:" + at.Format("20060102T150405Z"),
			"LOCATION:Werkplaats\\, ingang achterom", "SUMMARY:Kennismaking ICS-0001 bij Fietsen maken"} {
			if !strings.Contains(first, want) {
				t.Errorf("the coach's invitation lacks %q:\n%s", want, first)
			}
		}

		later := at.Add(24 * time.Hour)
		if _, err := db.ReplyIntake(ctx, pl.ID, &plekwijzer.Answer{Decision: plekwijzer.DecisionIntakeMove, IntakeAt: &later}, asCoach); err != nil {
			t.Fatal(err)
		}
		drain(t, w)
		moved := invitationTo(t, mp, partner.Email, 1)
		for _, want := range []string{uid, "SEQUENCE:1", "DTSTART:" + later.Format("20060102T150405Z")} {
			if !strings.Contains(moved, want) {
				t.Errorf("the werkplek's invitation of the new time lacks %q:\n%s", want, moved)
			}
		}
		for _, leak := range []string{notifytest.Secret, "B1", "Taalniveau"} {
			if strings.Contains(first+moved, leak) {
				t.Errorf("an invitation carries %q", leak)
			}
		}
	})
}

// invitationTo is the one calendar invitation attached to the mails to
// address; want is how many such mails there must be.
func invitationTo(t *testing.T, mp *notifytest.Server, address string, want int) string {
	t.Helper()
	var found []string
	for _, m := range mp.Messages() {
		if len(m.To) != 1 || m.To[0].Address != address {
			continue
		}
		full := mp.Message(m.ID)
		for _, a := range full.Attachments {
			if strings.HasPrefix(a.ContentType, "text/calendar") && strings.HasSuffix(a.FileName, ".ics") {
				found = append(found, string(mp.Part(m.ID, a.PartID)))
			}
		}
		if strings.Contains(full.Text, notifytest.Secret) || strings.Contains(full.HTML, notifytest.Secret) {
			t.Errorf("the mail %q carries the toelichting", full.Subject)
		}
	}
	if len(found) != want {
		t.Fatalf("%d mails to %s with an invitation, want %d", len(found), address, want)
	}
	return found[0]
}
