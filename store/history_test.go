package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestPlacementHistory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		p, other := e.participant(coach.ID), e.participant(coach.ID)
		packing, bikes := e.offer(), e.offer()
		first := e.mustBook(p.ID, packing.ID, maOchtend, jan6, ptr(jan31))
		e.finish(first, plekwijzer.PlacementDropout, "te-weinig-variatie")
		e.mustBook(p.ID, bikes.ID, maOchtend, feb1, nil)
		e.mustBook(other.ID, bikes.ID, maOchtend, feb1, nil)

		got, err := db.PlacementHistory(e.ctx, p.ID)
		must(t, err)
		if len(got) != 2 {
			t.Fatalf("%d entries, want 2", len(got))
		}
		slices.SortFunc(got, func(a, b plekwijzer.TimelineEntry) int {
			return strings.Compare(string(a.StartDate), string(b.StartDate))
		})
		x := got[0]
		org, err := db.Organisation(e.ctx, packing.OrganisationID)
		must(t, err)
		wt, err := db.WorkType(e.ctx, packing.WorkTypeID)
		must(t, err)
		if x.PlacementID != first.ID || x.OfferTitle != packing.Title || x.OrganisationName != org.Name ||
			x.WorkTypeID != wt.ID || x.WorkTypeCode != wt.Code || x.WorkTypeName != wt.Name ||
			x.Status != plekwijzer.PlacementDropout || x.Outcome == nil || x.Outcome.DropoutReason != "te-weinig-variatie" ||
			!slices.Equal(x.DayParts, maOchtend) || x.EndDate == nil || *x.EndDate != jan31 {
			t.Errorf("entry %+v", x)
		}
		if got[1].OfferID != bikes.ID || got[1].Status != plekwijzer.PlacementProposed {
			t.Errorf("second entry %+v", got[1])
		}
		none, err := db.PlacementHistory(e.ctx, e.participant(coach.ID).ID)
		must(t, err)
		if none == nil || len(none) != 0 {
			t.Errorf("no placements: %v", none)
		}
	})
}

func TestWaitingList(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna, bram := e.coach(), e.coach()
		today := plekwijzer.Today()
		waiting := func(coach string, since plekwijzer.Date, mods ...func(*plekwijzer.Participant)) *plekwijzer.Participant {
			return e.participant(coach, append(mods, func(p *plekwijzer.Participant) { p.WaitingSince = &since })...)
		}
		newest := waiting(anna.ID, today)
		oldest := waiting(bram.ID, today.AddDays(-40), func(p *plekwijzer.Participant) { p.SharedWith = []string{anna.ID} })
		middle := waiting(anna.ID, today.AddDays(-10), func(p *plekwijzer.Participant) { p.TargetGroup = "dagbesteding-wmo" })
		waiting(bram.ID, today.AddDays(-20))
		e.participant(anna.ID) // not waiting
		e.mustBook(middle.ID, e.offer().ID, maOchtend, today.AddDays(7), nil)

		list, total, err := db.WaitingList(e.ctx, plekwijzer.WaitingFilter{VisibleTo: anna.ID})
		must(t, err)
		var ids []string
		for _, w := range list {
			ids = append(ids, w.ParticipantID)
		}
		if total != 3 || !slices.Equal(ids, []string{oldest.ID, middle.ID, newest.ID}) {
			t.Errorf("anna's waiting list %v (total %d), want oldest, middle, newest", ids, total)
		}
		if w := list[0]; w.Code != oldest.Code || w.CoachID != bram.ID || w.DaysWaiting != 40 || w.Proposed || w.WaitingSince != today.AddDays(-40) {
			t.Errorf("oldest %+v", w)
		}
		if !list[1].Proposed || list[1].TargetGroup != "dagbesteding-wmo" || list[2].DaysWaiting != 0 {
			t.Errorf("middle %+v, newest %+v", list[1], list[2])
		}
		all, total, err := db.WaitingList(e.ctx, plekwijzer.WaitingFilter{Page: pageOf(2, 3)})
		must(t, err)
		if total != 4 || len(all) != 1 || all[0].ParticipantID != newest.ID {
			t.Errorf("page 2 of everyone's: %+v (total %d)", all, total)
		}
		wmo, total, err := db.WaitingList(e.ctx, plekwijzer.WaitingFilter{TargetGroup: "dagbesteding-wmo"})
		must(t, err)
		if total != 1 || wmo[0].ParticipantID != middle.ID {
			t.Errorf("filtered on target group: %+v", wmo)
		}
	})
}
