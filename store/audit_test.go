package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestAuditLog(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		p1, p2 := e.participant(coach.ID), e.participant(coach.ID)
		base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
		var entries []plekwijzer.AuditEntry
		for i := range 1100 { // more than one INSERT batch
			entries = append(entries, plekwijzer.AuditEntry{
				At: base.Add(time.Duration(i) * time.Minute), UserID: coach.ID, UserName: coach.Name, Role: plekwijzer.RoleCoach,
				Action: plekwijzer.AuditRead, ParticipantID: p1.ID, Endpoint: "GET /api/v1/deelnemers/:id", RequestID: "r1",
			})
		}
		entries = append(entries, plekwijzer.AuditEntry{
			At: base.Add(-time.Hour), UserID: "systeem", UserName: "Bewaartermijn", Role: "systeem", OnBehalfOf: ptr("bewaartermijn"),
			Action: plekwijzer.AuditAnonymise, ParticipantID: p2.ID, Endpoint: "job anonimiseren", RequestID: "r2",
		})
		must(t, db.RecordAccess(e.ctx, entries))

		got, total, err := db.FindAudit(e.ctx, plekwijzer.AuditFilter{ParticipantID: p1.ID, Page: pageOf(1, 10)})
		must(t, err)
		if total != 1100 || len(got) != 10 || !got[0].At.Equal(base.Add(1099*time.Minute)) || got[0].UserName != coach.Name {
			t.Fatalf("audit of p1: total %d, first %+v", total, got[0])
		}
		from, to := base.Add(10*time.Minute), base.Add(20*time.Minute)
		if _, n, err := db.FindAudit(e.ctx, plekwijzer.AuditFilter{From: &from, To: &to, Page: pageOf(1, 10)}); err != nil || n != 10 {
			t.Fatalf("window: %d %v", n, err)
		}
		sys, n, err := db.FindAudit(e.ctx, plekwijzer.AuditFilter{Action: plekwijzer.AuditAnonymise, Page: pageOf(1, 10)})
		must(t, err)
		if n != 1 || *sys[0].OnBehalfOf != "bewaartermijn" || sys[0].ParticipantID != p2.ID {
			t.Fatalf("system entry: %+v", sys)
		}

		// Deleting the participant keeps who looked at their file.
		must(t, db.DeleteParticipant(e.ctx, p1.ID))
		if _, n, _ := db.FindAudit(e.ctx, plekwijzer.AuditFilter{ParticipantID: p1.ID, Page: pageOf(1, 1)}); n != 1100 {
			t.Fatalf("after erasure the log holds %d entries, want 1100", n)
		}
	})
}

// TestAsyncAudit: with SetAsyncAudit, PostgreSQL commits audit rows
// without waiting for the disk, in those transactions only; the rows are
// there all the same.
func TestAsyncAudit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		p := e.participant(coach.ID)
		for _, async := range []bool{false, true} {
			db.SetAsyncAudit(async)
			mode, err := db.AuditCommitMode(e.ctx)
			must(t, err)
			want := "on"
			switch {
			case db.Engine() != store.Postgres:
				want = ""
			case async:
				want = "off"
			}
			if mode != want {
				t.Errorf("async %v: synchronous_commit %q, want %q", async, mode, want)
			}
			must(t, db.RecordAccess(e.ctx, []plekwijzer.AuditEntry{{UserID: coach.ID, UserName: coach.Name, Role: plekwijzer.RoleCoach,
				Action: plekwijzer.AuditRead, ParticipantID: p.ID, Endpoint: "GET /api/v1/deelnemers/:id", RequestID: "async"}}))
		}
		if _, n, err := db.FindAudit(e.ctx, plekwijzer.AuditFilter{ParticipantID: p.ID, Page: pageOf(1, 1)}); err != nil || n != 2 {
			t.Fatalf("%d rows, %v", n, err)
		}
		// Other transactions commit as before.
		mode, err := db.CommitMode(e.ctx)
		must(t, err)
		if db.Engine() == store.Postgres && mode != "on" {
			t.Errorf("outside audit transactions synchronous_commit is %q", mode)
		}
	})
}

// The database itself keeps the log append-only, whoever connects.
func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		url := storetest.URL(t, db.Engine())
		db = storetest.Open(t, url)
		must(t, db.RecordAccess(ctx, []plekwijzer.AuditEntry{{UserID: "u", UserName: "U", Role: plekwijzer.RoleAdmin,
			Action: plekwijzer.AuditRead, ParticipantID: "p", Endpoint: "GET /x", RequestID: "r"}}))
		raw := rawDB(t, db.Engine(), url)
		statements := []string{`UPDATE audit_log SET user_name = 'iemand anders'`, `DELETE FROM audit_log`}
		if db.Engine() == store.Postgres {
			statements = append(statements, `TRUNCATE audit_log`)
		}
		for _, q := range statements {
			if _, err := raw.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want it refused", q, err)
			}
		}
		if _, n, err := db.FindAudit(ctx, plekwijzer.AuditFilter{Page: pageOf(1, 1)}); err != nil || n != 1 {
			t.Fatalf("entries after the attempts: %d %v", n, err)
		}
	})
}
