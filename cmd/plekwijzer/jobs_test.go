package main

import (
	"context"
	"flag"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
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
			Postcode: "9711", SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadLow, Availability: []plekwijzer.DayPart{"ma-ochtend"}}
		must(db.CreateParticipant(ctx, p))
		// An accepted placement whose start date has come: the sweep
		// starts it.
		p2 := &plekwijzer.Participant{Code: "DN-2", CoachID: coach.ID, TargetGroup: "overig", Phase: "intake",
			Postcode: "9711", SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadLow, Availability: []plekwijzer.DayPart{"di-ochtend"}}
		must(db.CreateParticipant(ctx, p2))
		o2 := &plekwijzer.Offer{OrganisationID: org.ID, Title: "Plek 2", WorkTypeID: wt.ID, Supervision: 2,
			PhysicalLoad: plekwijzer.LoadLow, Capacity: plekwijzer.Capacity{"di-ochtend": 1}, Postcode: "9711"}
		must(db.CreateOffer(ctx, o2))
		accepted := &plekwijzer.Placement{ParticipantID: &p2.ID, OfferID: o2.ID, DayParts: []plekwijzer.DayPart{"di-ochtend"},
			StartDate: plekwijzer.Today().AddDays(7), Status: plekwijzer.PlacementProposed}
		by := &plekwijzer.Actor{UserID: coach.ID, Name: coach.Name, Role: coach.Role}
		_, err := db.CreateProposedPlacement(ctx, accepted, &plekwijzer.NewProposal{}, by)
		must(err)
		start := accepted.StartDate
		_, err = db.AnswerProposal(ctx, accepted.ID, &plekwijzer.Answer{Decision: plekwijzer.DecisionAccept, StartDate: &start}, by)
		must(err)
		today := plekwijzer.Today()
		_, err = db.UpdatePlacement(ctx, accepted.ID, plekwijzer.PlacementUpdate{StartDate: &today}, 0)
		must(err)
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
			started, err := db.Placement(ctx, accepted.ID)
			must(err)
			if got.Status == plekwijzer.PlacementCancelled && started.Status == plekwijzer.PlacementActive {
				if got.CancelReason == nil || *got.CancelReason != plekwijzer.CancelExpired {
					t.Errorf("annuleringsreden %v", got.CancelReason)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the sweep did not expire the proposal (%s) or start the accepted placement (%s)", got.Status, started.Status)
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
	})
}

// TestOutboxIsPrunedAndReplicasCatchUp: two replicas report their index
// positions and prune what both applied; one that was away while the
// outbox was pruned past it loses its index at start, and Open rebuilds
// it with every change.
func TestOutboxIsPrunedAndReplicasCatchUp(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		log := slog.New(slog.DiscardHandler)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(seed.Catalogue(ctx, db))
		org := &plekwijzer.Organisation{Name: "Werkplaats", Kind: "afdeling", Postcode: "9711", Place: "Groningen"}
		must(db.CreateOrganisation(ctx, org))
		newOffer := func(title string) *plekwijzer.Offer {
			o := &plekwijzer.Offer{OrganisationID: org.ID, Title: title, WorkTypeID: seed.WorkTypeID("fietsenreparatie"), Supervision: 2,
				PhysicalLoad: plekwijzer.LoadLow, Capacity: plekwijzer.Capacity{"ma-ochtend": 1}, Postcode: "9711"}
			must(db.CreateOffer(ctx, o))
			return o
		}
		newOffer("Fietsen maken")

		// Two replicas, each with its data folder and index.
		type replica struct {
			dir, id string
			ix      *search.Index
		}
		open := func(dir string) *replica {
			t.Helper()
			id, err := replicaID(dir)
			must(err)
			must(resumeReplica(ctx, db, id, filepath.Join(dir, "index"), log))
			ix, err := search.Open(ctx, filepath.Join(dir, "index"), db, log)
			must(err)
			t.Cleanup(func() { ix.Close() })
			return &replica{dir: dir, id: id, ix: ix}
		}
		a, b := open(t.TempDir()), open(t.TempDir())
		if again, err := replicaID(a.dir); err != nil || again != a.id {
			t.Fatalf("replica id %q then %q (%v)", a.id, again, err)
		}
		report := func(r *replica, staleAfter time.Duration) {
			t.Helper()
			tendOutbox(ctx, db, r.ix, r.id, log, true, staleAfter)
		}
		report(a, time.Hour)
		report(b, time.Hour)
		if n := len(outbox(t, db)); n != 1 {
			t.Errorf("%d entries after both applied everything; want only the head", n)
		}

		// b stops; a goes on alone until b counts as gone.
		must(b.ix.Close())
		o := newOffer("Kapotte fietsen")
		if _, err := db.UpdateOffer(ctx, o.ID, plekwijzer.OfferUpdate{Title: ptr("Fietsen repareren aan de Ooievaarsnestweg")}, 0); err != nil {
			t.Fatal(err)
		}
		newOffer("Banden plakken") // the head entry, which stays
		_, err := a.ix.CatchUp(ctx)
		must(err)
		report(a, time.Hour)
		if n := len(outbox(t, db)); n <= 1 {
			t.Fatalf("the outbox was pruned past b, which is not gone yet (%d entries)", n)
		}
		// Replicas are seen to the second: after a second, b is gone for
		// a prune that waits only half a second for a replica.
		time.Sleep(1100 * time.Millisecond)
		report(a, 500*time.Millisecond)
		if n := len(outbox(t, db)); n != 1 {
			t.Fatalf("%d entries after pruning with b gone; want only the head", n)
		}

		// b comes back: its index is rebuilt, so it finds the new title.
		b = open(b.dir)
		res, err := b.ix.Search(ctx, plekwijzer.SearchQuery{Text: "ooievaarsnestweg", Page: plekwijzer.Page{Number: 1, Size: 10}})
		must(err)
		if res.Total != 1 {
			t.Errorf("b finds %d offers for a change it missed while away", res.Total)
		}
	})
}

func outbox(t *testing.T, db *store.DB) []plekwijzer.OutboxEntry {
	t.Helper()
	es, err := db.OutboxAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func ptr[T any](v T) *T { return &v }

// TestEvaluationScheduleFromTheEnvironment: the days of the start
// evaluation and between interim ones; nonsense is refused at start.
func TestEvaluationScheduleFromTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		start, interval string
		want            plekwijzer.EvaluationSchedule
		ok              bool
	}{
		{"", "", plekwijzer.DefaultEvaluationSchedule, true},
		{"7", "28", plekwijzer.EvaluationSchedule{StartAfter: 7, Interval: 28}, true},
		{"0", "", plekwijzer.EvaluationSchedule{}, false},
		{"", "3", plekwijzer.EvaluationSchedule{}, false},
		{"twee", "", plekwijzer.EvaluationSchedule{}, false},
	} {
		t.Setenv("PLEKWIJZER_EVALUATION_START_DAYS", tc.start)
		t.Setenv("PLEKWIJZER_EVALUATION_INTERVAL_DAYS", tc.interval)
		cfg, err := loadConfig(flag.NewFlagSet("test", flag.ContinueOnError))
		if (err == nil) != tc.ok || (tc.ok && cfg.Evaluations != tc.want) {
			t.Errorf("%q, %q: %v, %v; want %v", tc.start, tc.interval, cfg, err, tc.want)
		}
	}
}
