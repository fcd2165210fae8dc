package store_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestHistories(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		offer := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 3, "di-ochtend": 3}))
		a, b, none := e.participant(coach.ID), e.participant(coach.ID), e.participant(coach.ID)
		first := e.mustBook(a.ID, offer.ID, []plekwijzer.DayPart{"di-ochtend", "ma-ochtend"}, "2026-01-05", ptr(plekwijzer.Date("2026-03-31")))
		second := e.mustBook(a.ID, offer.ID, []plekwijzer.DayPart{"ma-ochtend"}, "2026-05-04", nil)
		e.mustBook(b.ID, offer.ID, []plekwijzer.DayPart{"di-ochtend"}, "2026-02-02", nil)
		_, err := db.UpdatePlacement(e.ctx, first.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		must(t, err)

		hs, err := db.Histories(e.ctx, []string{a.ID, b.ID, none.ID, "00000000-0000-4000-8000-000000000000"})
		must(t, err)
		if len(hs) != 2 || len(hs[a.ID]) != 2 || len(hs[b.ID]) != 1 || hs[none.ID] != nil {
			t.Fatalf("histories: %+v", hs)
		}
		got := hs[a.ID][0]
		want := plekwijzer.HistoryEntry{
			ParticipantID: a.ID, PlacementID: first.ID, OfferID: offer.ID, WorkTypeID: offer.WorkTypeID,
			OrganisationID: offer.OrganisationID, DayParts: []plekwijzer.DayPart{"ma-ochtend", "di-ochtend"},
			Start: "2026-01-05", End: ptr(plekwijzer.Date("2026-03-31")), Status: plekwijzer.PlacementActive,
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("first entry\n got %+v\nwant %+v", got, want)
		}
		if hs[a.ID][1].PlacementID != second.ID || hs[a.ID][1].End != nil {
			t.Fatalf("entries oldest first: %+v", hs[a.ID])
		}
	})
}

func TestRecentProposals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		o1 := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5}))
		o2 := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5}))
		for range 3 {
			e.mustBook(e.participant(coach.ID).ID, o1.ID, []plekwijzer.DayPart{"ma-ochtend"}, "2026-01-05", nil)
		}
		e.mustBook(e.participant(coach.ID).ID, o2.ID, []plekwijzer.DayPart{"ma-ochtend"}, "2026-01-05", nil)
		got, err := db.RecentProposals(e.ctx, time.Now().Add(-time.Hour))
		must(t, err)
		if got[o1.OrganisationID] != 3 || got[o2.OrganisationID] != 1 || len(got) != 2 {
			t.Fatalf("recent proposals: %v", got)
		}
		later, err := db.RecentProposals(e.ctx, time.Now().Add(time.Hour))
		must(t, err)
		if len(later) != 0 {
			t.Fatalf("proposals after now: %v", later)
		}
	})
}

// MatchableParticipants returns every participant the filter selects,
// beyond any page size and beyond the parameter limits of one statement,
// leaving out those who have flowed out.
func TestMatchableParticipants(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach, other := e.coach(), e.coach()
		goals := e.skills(2)
		const n = 2100 // more than one chunk of child rows
		for i := range n {
			e.participant(coach.ID, func(p *plekwijzer.Participant) {
				p.LearningGoals = goals[:i%3]
				if i%500 == 0 {
					p.Phase = "uitgestroomd"
				}
			})
		}
		shared := e.participant(other.ID, func(p *plekwijzer.Participant) { p.SharedWith = []string{coach.ID} })
		e.participant(other.ID)

		mine, err := db.MatchableParticipants(e.ctx, plekwijzer.ParticipantFilter{VisibleTo: coach.ID, Page: pageOf(1, 10)})
		must(t, err)
		if want := n - 5 + 1; len(mine) != want {
			t.Fatalf("coach's matchable participants: %d, want %d", len(mine), want)
		}
		if !slices.ContainsFunc(mine, func(p *plekwijzer.Participant) bool { return p.ID == shared.ID }) {
			t.Fatal("a shared participant is missing")
		}
		withGoals := 0
		for _, p := range mine {
			if p.Phase == "uitgestroomd" {
				t.Fatal("an outflowed participant is matchable")
			}
			if len(p.LearningGoals) > 0 {
				withGoals++
			}
			if len(p.Availability) != 3 {
				t.Fatalf("participant %s lacks their availability", p.Code)
			}
		}
		if withGoals < n/2 {
			t.Fatalf("only %d participants have their goals loaded", withGoals)
		}
		all, err := db.MatchableParticipants(e.ctx, plekwijzer.ParticipantFilter{})
		must(t, err)
		if len(all) != n-5+2 {
			t.Fatalf("all matchable participants: %d", len(all))
		}
		// In parts of 700, by code, the same people with the same lists.
		var parts []*plekwijzer.Participant
		for after := ""; ; {
			part, err := db.MatchableParticipantsAfter(e.ctx, plekwijzer.ParticipantFilter{VisibleTo: coach.ID}, after, 700)
			must(t, err)
			parts = append(parts, part...)
			if len(part) < 700 {
				break
			}
			after = part[len(part)-1].Code
		}
		if len(parts) != len(mine) {
			t.Fatalf("%d participants in parts, %d at once", len(parts), len(mine))
		}
		for i := range parts {
			if parts[i].ID != mine[i].ID || !slices.Equal(parts[i].LearningGoals, mine[i].LearningGoals) || !slices.Equal(parts[i].Availability, mine[i].Availability) {
				t.Fatalf("part %d: %+v, at once %+v", i, parts[i], mine[i])
			}
		}
	})
}
