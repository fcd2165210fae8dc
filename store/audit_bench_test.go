package store_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// BenchmarkRecordAccess: audited reads recording their row at once, by 16
// and 64 concurrent callers, each caller committing alone (the baseline)
// against group commit, on both engines. Run with
//
//	go test -run '^$' -bench RecordAccess -benchtime 3s ./store/
//
// ns/op is the time per audited call over all callers; the reported
// rows/commit is the group commit's sharing.
func BenchmarkRecordAccess(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		db := storetest.New(b, engine)
		for _, callers := range []int{16, 64} {
			for _, group := range []bool{false, true} {
				mode := "alone"
				if group {
					mode = "group"
				}
				b.Run(fmt.Sprintf("%s/callers=%d/%s", engine, callers, mode), func(b *testing.B) {
					benchRecordAccess(b, db, callers, group)
				})
			}
		}
	}
}

func benchRecordAccess(b *testing.B, db *store.DB, callers int, group bool) {
	db.SetAuditGroupCommit(group)
	defer db.SetAuditGroupCommit(true)
	entry := []plekwijzer.AuditEntry{{UserID: "u1", UserName: "Coach", Role: plekwijzer.RoleCoach, Action: plekwijzer.AuditRead,
		ParticipantID: plekwijzer.NewID(), Endpoint: "GET /api/v1/deelnemers/:id/matches", RequestID: "bench"}}
	c0, n0 := db.AuditCommits()
	var failed atomic.Int64
	b.SetParallelism(max(1, callers/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := db.RecordAccess(b.Context(), entry); err != nil {
				failed.Add(1)
			}
		}
	})
	b.StopTimer()
	if f := failed.Load(); f > 0 {
		b.Fatalf("%d calls failed", f)
	}
	if c, n := db.AuditCommits(); group && c > c0 {
		b.ReportMetric(float64(n-n0)/float64(c-c0), "rows/commit")
	}
}
