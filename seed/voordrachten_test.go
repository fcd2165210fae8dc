package seed

import (
	"context"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestDemoProposals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := Demo(ctx, db, DemoOptions{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		kees, err := db.Authenticate(ctx, res.Tokens["Partner Kees M. (iederz Fietsenwerkplaats)"])
		if err != nil {
			t.Fatal(err)
		}
		fatma, err := db.Authenticate(ctx, res.Tokens["Coach Fatma Y."])
		if err != nil {
			t.Fatal(err)
		}
		waiting, _, err := db.FindPlacements(ctx, plekwijzer.PlacementFilter{OrganisationID: *kees.OrganisationID,
			Status: plekwijzer.PlacementProposed, Page: plekwijzer.Page{Number: 1, Size: 100}})
		if err != nil {
			t.Fatal(err)
		}
		var summaries, intakes, threads int
		for _, pl := range waiting {
			pr, err := db.Proposal(ctx, pl.ID)
			if err != nil {
				t.Fatal(err)
			}
			if pr.Consent {
				summaries++
			}
			if pr.Intake != nil && pr.Intake.Agreed {
				intakes++
			}
			ms, err := db.Messages(ctx, pl.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) > 0 {
				threads++
			}
		}
		if summaries != 2 || intakes != 1 || threads != 1 || res.Proposals != len(demoProposals) {
			t.Errorf("kees has %d waiting voordrachten with a summary, %d with an intake, %d with a thread (%d sent); want 2, 1, 1 (%d)",
				summaries, intakes, threads, res.Proposals, len(demoProposals))
		}
		checkDemoEvaluations(t, db, res, fatma.ID)
		unread, err := db.UnreadNotifications(ctx, fatma.ID)
		if err != nil || unread < 3 {
			t.Errorf("fatma has %d unread notifications (%v), want her answers among them", unread, err)
		}
		counts, err := db.ProposalCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The demo's answers at kees's werkplek: one accepted, two declined.
		var accepted, declined int
		for _, c := range counts {
			if c.OrganisationID != *kees.OrganisationID {
				continue
			}
			switch c.Final {
			case plekwijzer.DecisionAccept:
				accepted++
			case plekwijzer.DecisionDecline:
				declined++
			}
		}
		if accepted != 1 || declined != 2 {
			t.Errorf("kees's werkplek has %d accepted and %d declined voordrachten, want 1 and 2", accepted, declined)
		}
		// The manager sees how many voordrachten it had, not the handful
		// of answers (below the small-cell threshold).
		for _, o := range plekwijzer.NewProposalStats(counts).Organisations {
			if o.OrganisationID == *kees.OrganisationID && (o.Suppressed || o.Proposals == nil || o.Accepted != nil || o.Declined != nil) {
				t.Errorf("the manager's figures for kees's organisation: %+v", o)
			}
		}
	})
}
