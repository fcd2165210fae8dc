package store_test

import (
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestRetention(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		offer := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5}))
		fresh := e.participant(coach.ID)   // changed today
		ended := e.participant(coach.ID)   // a placement that ended in 2024
		running := e.participant(coach.ID) // a placement that holds places
		pl := e.mustBook(ended.ID, offer.ID, []plekwijzer.DayPart{"ma-ochtend"}, "2024-01-08", ptr(plekwijzer.Date("2024-06-28")))
		e.mustBook(running.ID, offer.ID, []plekwijzer.DayPart{"ma-ochtend"}, "2024-01-08", ptr(plekwijzer.Date("2024-02-28")))
		_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		must(t, err)
		_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCompleted),
			Outcome: &plekwijzer.Outcome{Result: "vervolgplek"}}, 0)
		must(t, err)

		// Profiles are changed today: nobody is inactive before today.
		none, err := db.InactiveParticipants(e.ctx, plekwijzer.Today())
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("inactive before today: %+v", none)
		}
		// Tomorrow counts every profile as inactive, but the one with a
		// proposal holding places never.
		later, err := db.InactiveParticipants(e.ctx, plekwijzer.Today().AddDays(1))
		must(t, err)
		got := map[string]bool{}
		for _, p := range later {
			got[p.ID] = true
		}
		if !got[fresh.ID] || !got[ended.ID] || got[running.ID] {
			t.Fatalf("inactive by tomorrow: %+v", later)
		}

		policy := "bewaartermijn"
		n, err := db.Anonymise(e.ctx, []string{ended.ID, running.ID, plekwijzer.NewID()}, plekwijzer.AuditEntry{
			UserID: "systeem", UserName: "Bewaartermijn", Role: plekwijzer.RoleSystem, OnBehalfOf: &policy,
			Action: plekwijzer.AuditAnonymise, Endpoint: "taak bewaartermijn", RequestID: "run-1",
		})
		must(t, err)
		if n != 1 {
			t.Fatalf("anonymised %d, want only the one without running placements", n)
		}
		if _, err := db.Participant(e.ctx, ended.ID); plekwijzer.ErrorCode(err) != plekwijzer.ENotFound {
			t.Fatalf("the anonymised profile is still there: %v", err)
		}
		if _, err := db.Participant(e.ctx, running.ID); err != nil {
			t.Fatalf("a participant with a running placement was erased: %v", err)
		}
		// The placement stays as an anonymous record, without referrer.
		kept, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		if kept.ParticipantID != nil || kept.ParticipantCode != "" || kept.ReferrerID != nil || kept.Status != plekwijzer.PlacementCompleted {
			t.Fatalf("kept placement: %+v", kept)
		}
		log, total, err := db.FindAudit(e.ctx, plekwijzer.AuditFilter{Action: plekwijzer.AuditAnonymise, Page: pageOf(1, 10)})
		must(t, err)
		if total != 1 || log[0].ParticipantID != ended.ID || *log[0].OnBehalfOf != "bewaartermijn" || log[0].Role != plekwijzer.RoleSystem {
			t.Fatalf("audit of the anonymisation: %+v", log)
		}
	})
}

func TestRetentionCutoff(t *testing.T) {
	for today, want := range map[plekwijzer.Date]plekwijzer.Date{"2026-11-22": "2024-11-22", "2026-03-31": "2024-03-31", "2028-02-29": "2026-03-01"} {
		if got := plekwijzer.RetentionCutoff(today, 24); got != want {
			t.Errorf("cutoff of %s: %s, want %s", today, got, want)
		}
	}
}
