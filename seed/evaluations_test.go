package seed

import (
	"context"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
)

// checkDemoEvaluations: the demo's history has evaluations that tell its
// story — growth at completed placements, attendance slipping before a
// dropout, the participant's own view at most moments — and writing the
// history told nobody.
func checkDemoEvaluations(t *testing.T, db *store.DB, res *DemoResult, coachID string) {
	t.Helper()
	ctx := context.Background()
	if res.Evaluations < 200 {
		t.Fatalf("%d evaluations in the demo, want the history's", res.Evaluations)
	}
	total := func(e *plekwijzer.Evaluation) int {
		n := 0
		for _, s := range e.WorkSkills {
			n += s.Score
		}
		return n
	}
	score := func(e *plekwijzer.Evaluation, id string) int {
		for _, s := range e.WorkSkills {
			if s.ID == id {
				return s.Score
			}
		}
		return 0
	}
	var grew, completed, slipped, dropouts, views, evaluations int
	for _, st := range []plekwijzer.PlacementStatus{plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout} {
		pls, _, err := db.FindPlacements(ctx, plekwijzer.PlacementFilter{Status: st, Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, pl := range pls {
			es, err := db.Evaluations(ctx, pl.ID)
			if err != nil {
				t.Fatal(err)
			}
			var work []*plekwijzer.Evaluation
			for _, e := range es {
				evaluations++
				if e.Side == plekwijzer.SideWorkplace {
					work = append(work, e)
				} else if e.Participant != nil {
					views++
				}
			}
			if len(work) < 3 {
				continue
			}
			first, last := work[0], work[len(work)-1]
			if st == plekwijzer.PlacementCompleted {
				completed++
				if total(last) > total(first) || total(first) == 4*len(plekwijzer.WorkSkills) {
					grew++
				}
			} else {
				dropouts++
				if score(last, "aanwezigheid") < score(work[len(work)-3], "aanwezigheid") || score(last, "aanwezigheid") == 1 {
					slipped++
				}
			}
		}
	}
	if completed == 0 || grew != completed {
		t.Errorf("%d of %d completed placements show growth", grew, completed)
	}
	if dropouts == 0 || slipped != dropouts {
		t.Errorf("%d of %d dropouts show attendance slipping first", slipped, dropouts)
	}
	if views < evaluations/4 {
		t.Errorf("%d of %d evaluations hold the participant's view", views, evaluations)
	}
	ns, _, _, err := db.Notifications(ctx, coachID, plekwijzer.NotificationFilter{Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.Kind == plekwijzer.NotifyEvaluationRecorded {
			t.Fatalf("the history told the coach: %+v", n)
		}
	}
	due, err := db.DueEvaluations(ctx, plekwijzer.DueFilter{CoachID: coachID, Today: plekwijzer.Today()})
	if err != nil || len(due) == 0 {
		t.Errorf("the coach has %d evaluations to do (%v), want a few", len(due), err)
	}
}
