package main

import (
	"context"
	"flag"
	"log/slog"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestProposalHoldFromTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", store.DefaultProposalHold, true},
		{"3", 72 * time.Hour, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"twee", 0, false},
	} {
		t.Setenv("PLEKWIJZER_PROPOSAL_HOLD_DAYS", tc.value)
		cfg, err := loadConfig(flag.NewFlagSet("test", flag.ContinueOnError))
		if (err == nil) != tc.ok || (tc.ok && cfg.ProposalHold != tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.value, cfg, err, tc.want)
		}
	}
}

// TestExpireProposalsJob runs the service's sweep on a proposal whose hold
// has run out.
func TestExpireProposalsJob(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		org := &plekwijzer.Organisation{Name: "Werkplaats", Kind: "afdeling", Postcode: "9711", Place: "Groningen"}
		must(db.CreateOrganisation(ctx, org))
		wt := &plekwijzer.WorkType{Code: "werk", Name: "Werk", ESCOCodes: []string{}, Skills: []string{},
			PhysicalLoad: plekwijzer.LoadLow, Environment: "binnen"}
		must(db.CreateWorkType(ctx, wt))
		o := &plekwijzer.Offer{OrganisationID: org.ID, Title: "Plek", WorkTypeID: wt.ID, Supervision: 2,
			PhysicalLoad: plekwijzer.LoadLow, Capacity: plekwijzer.Capacity{"ma-ochtend": 1}, Postcode: "9711"}
		must(db.CreateOffer(ctx, o))
		coach := &plekwijzer.User{Name: "Coach", Role: plekwijzer.RoleCoach}
		must(db.CreateUser(ctx, coach))
		p := &plekwijzer.Participant{Code: "DN-1", CoachID: coach.ID, TargetGroup: "overig", Phase: "intake",
			Postcode: "9711", SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadLow}
		must(db.CreateParticipant(ctx, p))
		db.SetProposalHold(time.Nanosecond) // expired as soon as made
		pl := &plekwijzer.Placement{ParticipantID: &p.ID, OfferID: o.ID, DayParts: []plekwijzer.DayPart{"ma-ochtend"},
			StartDate: plekwijzer.Today(), Status: plekwijzer.PlacementProposed}
		must(db.CreatePlacement(ctx, pl))

		jobCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); expireProposals(jobCtx, db, slog.New(slog.DiscardHandler), time.Hour) }()
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, err := db.Placement(ctx, pl.ID)
			must(err)
			if got.Status == plekwijzer.PlacementCancelled {
				if got.CancelReason == nil || *got.CancelReason != plekwijzer.CancelExpired {
					t.Errorf("annuleringsreden %v", got.CancelReason)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the sweep did not expire the proposal")
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
	})
}
