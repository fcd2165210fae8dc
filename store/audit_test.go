package store_test

import (
	"fmt"
	"strings"
	"sync/atomic"
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

// TestAuditGroupCommit: concurrent callers' audit rows share commits, each
// caller returns only after the commit that holds its rows, every row is
// there exactly once, and a caller with a bad row fails alone.
func TestAuditGroupCommit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		p := e.participant(coach.ID)
		entry := func(req string, role plekwijzer.Role) []plekwijzer.AuditEntry {
			return []plekwijzer.AuditEntry{{UserID: coach.ID, UserName: coach.Name, Role: role, Action: plekwijzer.AuditRead,
				ParticipantID: p.ID, Endpoint: "GET /api/v1/deelnemers/:id", RequestID: req}}
		}
		commits0, callers0 := db.AuditCommits()

		// While the log cannot be written, 40 callers come: the first ones,
		// one per lane, start a commit and wait on the lock; the others (one
		// with a role the log refuses) queue for the first lane that ends.
		release, err := db.HoldAuditWrites(e.ctx)
		must(t, err)
		const n = 40
		errs := make(chan error, n)
		var done atomic.Int32
		record := func(req string, role plekwijzer.Role) {
			err := db.RecordAccess(e.ctx, entry(req, role))
			done.Add(1)
			if err != nil {
				err = fmt.Errorf("%s: %w", req, err)
			}
			errs <- err
		}
		go record("r0", plekwijzer.RoleCoach)
		waitUntil := func(want int) {
			deadline := time.Now().Add(20 * time.Second)
			for db.AuditWaiting() < want {
				if time.Now().After(deadline) {
					t.Fatalf("%d callers wait for a shared commit, want %d", db.AuditWaiting(), want)
				}
				time.Sleep(time.Millisecond)
			}
		}
		waitUntil(1)
		for i := 1; i < n; i++ {
			role := plekwijzer.RoleCoach
			if i == 7 {
				role = "onbekend"
			}
			go record(fmt.Sprintf("r%d", i), role)
		}
		waitUntil(n)
		time.Sleep(50 * time.Millisecond)
		if d := done.Load(); d != 0 {
			t.Fatalf("%d callers returned before their rows could be committed", d)
		}
		release()
		var failed []string
		for range n {
			if err := <-errs; err != nil {
				failed = append(failed, err.Error())
			}
		}
		if len(failed) != 1 || !strings.HasPrefix(failed[0], "r7:") {
			t.Errorf("failed callers: %q, want only r7", failed)
		}
		commits, callers := db.AuditCommits()
		lanes := int64(db.AuditLanes())
		if callers-callers0 != n || commits-commits0 != lanes+1 {
			t.Errorf("%d callers in %d commits, want %d in %d (one per lane, then everyone who queued)", callers-callers0, commits-commits0, n, lanes+1)
		}
		rows, total, err := db.FindAudit(e.ctx, plekwijzer.AuditFilter{ParticipantID: p.ID, Page: pageOf(1, 100)})
		must(t, err)
		seen := map[string]int{}
		for _, r := range rows {
			seen[r.RequestID]++
		}
		for i := range n {
			want := 1
			if i == 7 {
				want = 0 // the refused caller's row is not there
			}
			if got := seen[fmt.Sprintf("r%d", i)]; got != want {
				t.Errorf("caller r%d: %d rows, want %d", i, got, want)
			}
		}
		if total != n-1 {
			t.Errorf("the log holds %d rows, want %d", total, n-1)
		}
	})
}
