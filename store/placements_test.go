package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestPlacementRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 2, "di-middag": 1}))
		p := e.participant(e.coach().ID)

		end := feb28
		pl := e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"di-middag", "ma-ochtend"}, jan6, &end)
		if !plekwijzer.ValidID(pl.ID) || pl.Version != 1 || pl.Status != plekwijzer.PlacementProposed ||
			pl.ParticipantCode != p.Code || pl.Outcome != nil || pl.CreatedAt.IsZero() {
			t.Fatalf("created placement %+v", pl)
		}
		if want := []plekwijzer.DayPart{"ma-ochtend", "di-middag"}; !slices.Equal(pl.DayParts, want) {
			t.Errorf("dagdelen %v, want %v", pl.DayParts, want)
		}
		got, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		assertSame(t, got, pl)

		// Booked as active straight away, open-ended.
		p2 := e.participant(e.coach().ID)
		active := plekwijzer.PlacementActive
		pl2, err := plekwijzer.NewPlacement{
			ParticipantID: &p2.ID, OfferID: &o.ID, DayParts: &maOchtend, StartDate: ptr(feb1), Status: &active,
		}.Placement()
		must(t, err)
		must(t, db.CreatePlacement(e.ctx, pl2))
		got, err = db.Placement(e.ctx, pl2.ID)
		must(t, err)
		assertSame(t, got, pl2)
		if got.Status != plekwijzer.PlacementActive || got.EndDate != nil {
			t.Errorf("active placement read back as %+v", got)
		}
	})
}

func TestFindPlacements(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna, bram := e.coach(), e.coach()
		orgA, orgB := e.organisation(), e.organisation()
		capacity := plekwijzer.Capacity{"ma-ochtend": 5, "ma-middag": 5}
		offerA := e.offer(withCapacity(capacity), func(o *plekwijzer.Offer) { o.OrganisationID = orgA.ID })
		offerB := e.offer(withCapacity(capacity), func(o *plekwijzer.Offer) { o.OrganisationID = orgB.ID })
		p1 := e.participant(anna.ID)
		p2 := e.participant(bram.ID, func(p *plekwijzer.Participant) { p.SharedWith = []string{anna.ID} })
		p3 := e.participant(bram.ID)

		end := jan31
		a := e.mustBook(p1.ID, offerA.ID, maOchtend, jan6, &end) // oldest
		b := e.mustBook(p1.ID, offerB.ID, maOchtend, mar1, nil)  // newest
		c := e.mustBook(p2.ID, offerA.ID, maMiddag, feb1, nil)
		d := e.mustBook(p3.ID, offerB.ID, maMiddag, feb28, nil)
		_, err := db.UpdatePlacement(e.ctx, c.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		must(t, err)

		for _, tc := range []struct {
			name   string
			filter plekwijzer.PlacementFilter
			want   []*plekwijzer.Placement // newest start first
		}{
			{"all", plekwijzer.PlacementFilter{}, []*plekwijzer.Placement{b, d, c, a}},
			{"participant", plekwijzer.PlacementFilter{ParticipantID: p1.ID}, []*plekwijzer.Placement{b, a}},
			{"offer", plekwijzer.PlacementFilter{OfferID: offerA.ID}, []*plekwijzer.Placement{c, a}},
			{"organisation", plekwijzer.PlacementFilter{OrganisationID: orgB.ID}, []*plekwijzer.Placement{b, d}},
			{"coach, with shared participants", plekwijzer.PlacementFilter{CoachID: anna.ID}, []*plekwijzer.Placement{b, c, a}},
			{"other coach", plekwijzer.PlacementFilter{CoachID: bram.ID}, []*plekwijzer.Placement{d, c}},
			{"status", plekwijzer.PlacementFilter{Status: plekwijzer.PlacementActive}, []*plekwijzer.Placement{c}},
			{"combined", plekwijzer.PlacementFilter{CoachID: anna.ID, OfferID: offerB.ID}, []*plekwijzer.Placement{b}},
			{"nothing", plekwijzer.PlacementFilter{Status: plekwijzer.PlacementCancelled}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.FindPlacements(e.ctx, tc.filter)
				must(t, err)
				if total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("%d items, total %d, want %d", len(got), total, len(tc.want))
				}
				for i, pl := range got {
					if pl.ID != tc.want[i].ID {
						t.Errorf("item %d starts %s, want the one starting %s", i, pl.StartDate, tc.want[i].StartDate)
					}
				}
			})
		}
		got, total, err := db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{Page: pageOf(2, 3)})
		must(t, err)
		if total != 4 || len(got) != 1 || got[0].ID != a.ID {
			t.Errorf("page 2 of 3: %d items, total %d", len(got), total)
		}
		got, _, err = db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{OfferID: offerA.ID})
		must(t, err)
		stored, err := db.Placement(e.ctx, a.ID)
		must(t, err)
		assertSame(t, got[1], stored)
	})
}

// wantFull checks that err refuses a booking because of exactly these full
// day-parts.
func wantFull(t *testing.T, err error, parts ...plekwijzer.DayPart) {
	t.Helper()
	wantCode(t, err, plekwijzer.EConflict)
	got, ok := details(err)["volleDagdelen"]
	if !ok || fmt.Sprint(got) != fmt.Sprint(parts) {
		t.Errorf("volleDagdelen %v, want %v", got, parts)
	}
}

func TestPlacementCapacity(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		people := func(e *env, n int) []string {
			var ids []string
			for range n {
				ids = append(ids, e.participant(coach.ID).ID)
			}
			return ids
		}

		t.Run("as many bookings as places", func(t *testing.T) {
			e := e.in(t)
			o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 3}))
			ps := people(e, 4)
			for _, p := range ps[:3] {
				e.mustBook(p, o.ID, maOchtend, jan6, nil)
			}
			e.unchanged(func() {
				_, err := e.book(ps[3], o.ID, maOchtend, feb1, ptr(feb28))
				wantFull(t, err, "ma-ochtend")
			})
		})

		t.Run("only the full day-part is named", func(t *testing.T) {
			e := e.in(t)
			o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1, "ma-middag": 1, "di-ochtend": 1}))
			ps := people(e, 2)
			e.mustBook(ps[0], o.ID, []plekwijzer.DayPart{"ma-ochtend", "di-ochtend"}, jan6, ptr(jan31))
			e.unchanged(func() {
				_, err := e.book(ps[1], o.ID, []plekwijzer.DayPart{"di-ochtend", "ma-middag", "ma-ochtend"}, jan6, ptr(jan6))
				wantFull(t, err, "ma-ochtend", "di-ochtend")
			})
			e.mustBook(ps[1], o.ID, []plekwijzer.DayPart{"ma-middag"}, jan6, nil)
		})

		t.Run("periods that do not overlap share a place", func(t *testing.T) {
			e := e.in(t)
			o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1}))
			ps := people(e, 5)
			e.mustBook(ps[0], o.ID, maOchtend, jan6, ptr(jan31))
			e.mustBook(ps[1], o.ID, maOchtend, feb1, ptr(feb28)) // starts the day after
			e.unchanged(func() {
				_, err := e.book(ps[2], o.ID, maOchtend, jan31, ptr(feb1)) // a day of each
				wantFull(t, err, "ma-ochtend")
				_, err = e.book(ps[2], o.ID, maOchtend, "2024-12-01", nil) // open-ended, so overlapping
				wantFull(t, err, "ma-ochtend")
			})
			e.mustBook(ps[2], o.ID, maOchtend, "2024-12-01", ptr(plekwijzer.Date("2025-01-05")))
			e.mustBook(ps[3], o.ID, maOchtend, mar1, nil)
			e.unchanged(func() {
				_, err := e.book(ps[4], o.ID, maOchtend, "2031-01-01", nil) // the open-ended one holds it
				wantFull(t, err, "ma-ochtend")
			})
		})

		t.Run("a cancelled placement frees its place", func(t *testing.T) {
			e := e.in(t)
			o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1}))
			ps := people(e, 2)
			first := e.mustBook(ps[0], o.ID, maOchtend, jan6, nil)
			_, err := e.book(ps[1], o.ID, maOchtend, jan6, nil)
			wantFull(t, err, "ma-ochtend")
			_, err = db.UpdatePlacement(e.ctx, first.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCancelled)}, 0)
			must(t, err)
			e.mustBook(ps[1], o.ID, maOchtend, jan6, nil)
		})

		t.Run("an ended placement frees its place", func(t *testing.T) {
			e := e.in(t)
			for _, status := range []plekwijzer.PlacementStatus{plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout} {
				o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1}))
				ps := people(e, 2)
				first := e.mustBook(ps[0], o.ID, maOchtend, jan6, nil)
				_, err := db.UpdatePlacement(e.ctx, first.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
				must(t, err)
				_, err = db.UpdatePlacement(e.ctx, first.ID, plekwijzer.PlacementUpdate{
					Status: &status, EndDate: ptr(feb28),
					Outcome: &plekwijzer.Outcome{Result: "geen", DropoutReason: "te-zwaar", CausedBy: "werkplek"},
				}, 0)
				must(t, err)
				e.mustBook(ps[1], o.ID, maOchtend, jan6, nil) // within the ended one's period
			}
		})

		t.Run("a day-part the offer has no places on", func(t *testing.T) {
			e := e.in(t)
			o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 4}))
			p := people(e, 1)[0]
			e.unchanged(func() {
				_, err := e.book(p, o.ID, []plekwijzer.DayPart{"ma-ochtend", "vr-middag"}, jan6, nil)
				wantFields(t, err, plekwijzer.EInvalid, "dagdelen[1]")
			})
		})

		t.Run("an offer that is not open", func(t *testing.T) {
			e := e.in(t)
			p := people(e, 1)[0]
			for _, status := range []plekwijzer.OfferStatus{plekwijzer.OfferPaused, plekwijzer.OfferClosed} {
				o := e.offer(func(o *plekwijzer.Offer) { o.Status = status })
				e.unchanged(func() {
					_, err := e.book(p, o.ID, maOchtend, jan6, nil)
					wantCode(t, err, plekwijzer.EConflict)
				})
			}
		})

		t.Run("one participant cannot be in two places at once", func(t *testing.T) {
			e := e.in(t)
			here := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5, "ma-middag": 5}))
			there := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 5, "ma-middag": 5}))
			p := people(e, 1)[0]
			e.mustBook(p, here.ID, []plekwijzer.DayPart{"ma-ochtend", "ma-middag"}, jan6, ptr(jan31))
			e.unchanged(func() {
				_, err := e.book(p, there.ID, maOchtend, "2025-01-20", ptr(feb28))
				wantCode(t, err, plekwijzer.EConflict)
				if got := fmt.Sprint(details(err)["bezetteDagdelen"]); got != "[ma-ochtend]" {
					t.Errorf("bezetteDagdelen %s, want [ma-ochtend]", got)
				}
				_, err = e.book(p, here.ID, maMiddag, jan31, nil) // the same offer again
				wantCode(t, err, plekwijzer.EConflict)
			})
			e.mustBook(p, there.ID, maOchtend, feb1, nil)
		})

		t.Run("references that do not exist", func(t *testing.T) {
			e := e.in(t)
			o := e.offer()
			p := people(e, 1)[0]
			e.unchanged(func() {
				_, err := e.book(plekwijzer.NewID(), o.ID, maOchtend, jan6, nil)
				wantFields(t, err, plekwijzer.EInvalid, "deelnemerId")
				_, err = e.book(p, plekwijzer.NewID(), maOchtend, jan6, nil)
				wantFields(t, err, plekwijzer.EInvalid, "werkplekId")
			})
		})
	})
}

// placementIn returns a placement (with its own offer) brought to status
// through legal transitions.
func (e *env) placementIn(status plekwijzer.PlacementStatus) *plekwijzer.Placement {
	e.t.Helper()
	o := e.offer()
	pl := e.mustBook(e.participant(e.coach().ID).ID, o.ID, maOchtend, jan6, nil)
	var steps []plekwijzer.PlacementUpdate
	outcome := &plekwijzer.Outcome{Result: "vervolgplek", DropoutReason: "te-weinig-variatie", CausedBy: "werkplek", MissedHours: 4}
	switch status {
	case plekwijzer.PlacementActive:
		steps = append(steps, plekwijzer.PlacementUpdate{Status: &status})
	case plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout:
		steps = append(steps, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)},
			plekwijzer.PlacementUpdate{Status: &status, Outcome: outcome})
	case plekwijzer.PlacementCancelled:
		steps = append(steps, plekwijzer.PlacementUpdate{Status: &status})
	}
	for _, u := range steps {
		var err error
		pl, err = e.db.UpdatePlacement(e.ctx, pl.ID, u, pl.Version)
		must(e.t, err)
	}
	return pl
}

func TestPlacementTransitions(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var (
			proposed  = plekwijzer.PlacementProposed
			active    = plekwijzer.PlacementActive
			completed = plekwijzer.PlacementCompleted
			dropout   = plekwijzer.PlacementDropout
			cancelled = plekwijzer.PlacementCancelled
		)
		done := &plekwijzer.Outcome{Result: "betaald-werk", MissedHours: 2}
		dropped := &plekwijzer.Outcome{Result: "geen", DropoutReason: "te-weinig-variatie", CausedBy: "werkplek"}
		for _, tc := range []struct {
			from, to plekwijzer.PlacementStatus
			outcome  *plekwijzer.Outcome
			code     string   // "" when the change is legal
			fields   []string // for EInvalid
		}{
			{proposed, active, nil, "", nil},
			{proposed, cancelled, nil, "", nil},
			{proposed, completed, done, plekwijzer.EConflict, nil},
			{proposed, dropout, dropped, plekwijzer.EConflict, nil},
			{active, completed, done, "", nil},
			{active, dropout, dropped, "", nil},
			{active, cancelled, nil, "", nil},
			{active, proposed, nil, plekwijzer.EConflict, nil},
			{active, completed, nil, plekwijzer.EInvalid, []string{"uitkomst"}},
			{active, dropout, nil, plekwijzer.EInvalid, []string{"uitkomst"}},
			{active, dropout, &plekwijzer.Outcome{Result: "geen"}, plekwijzer.EInvalid, []string{"uitkomst.uitvalreden", "uitkomst.veroorzaaktDoor"}},
			{active, dropout, &plekwijzer.Outcome{Result: "geen", DropoutReason: "verveling", CausedBy: "werkplek"}, plekwijzer.EInvalid, []string{"uitkomst.uitvalreden"}},
			{active, completed, &plekwijzer.Outcome{Result: "ontslag"}, plekwijzer.EInvalid, []string{"uitkomst.resultaat"}},
			{active, completed, &plekwijzer.Outcome{Result: "geen", MissedHours: -1}, plekwijzer.EInvalid, []string{"uitkomst.gemisteUren"}},
			{active, "klaar", nil, plekwijzer.EInvalid, []string{"status"}},
			{completed, active, nil, plekwijzer.EConflict, nil},
			{completed, cancelled, nil, plekwijzer.EConflict, nil},
			{completed, proposed, nil, plekwijzer.EConflict, nil},
			{completed, dropout, dropped, plekwijzer.EConflict, nil},
			{dropout, active, nil, plekwijzer.EConflict, nil},
			{dropout, completed, done, plekwijzer.EConflict, nil},
			{cancelled, active, nil, plekwijzer.EConflict, nil},
			{cancelled, proposed, nil, plekwijzer.EConflict, nil},
		} {
			name := fmt.Sprintf("%s to %s", tc.from, tc.to)
			if tc.code != "" {
				name += " is " + tc.code
				if len(tc.fields) > 0 {
					name += " " + fmt.Sprint(tc.fields)
				}
			}
			t.Run(name, func(t *testing.T) {
				e := e.in(t)
				pl := e.placementIn(tc.from)
				u := plekwijzer.PlacementUpdate{Status: &tc.to, Outcome: tc.outcome}
				if tc.code != "" {
					e.unchanged(func() {
						_, err := db.UpdatePlacement(e.ctx, pl.ID, u, pl.Version)
						wantFields(t, err, tc.code, tc.fields...)
					})
					return
				}
				got, err := db.UpdatePlacement(e.ctx, pl.ID, u, pl.Version)
				must(t, err)
				stored, err := db.Placement(e.ctx, pl.ID)
				must(t, err)
				assertSame(t, stored, got)
				if stored.Status != tc.to || stored.Version != pl.Version+1 {
					t.Errorf("status %s, version %d; want %s, %d", stored.Status, stored.Version, tc.to, pl.Version+1)
				}
				if tc.outcome != nil && (stored.Outcome == nil || *stored.Outcome != *tc.outcome) {
					t.Errorf("uitkomst %+v, want %+v", stored.Outcome, tc.outcome)
				}
				if tc.to.Ended() != (stored.EndDate != nil) {
					t.Errorf("status %s with einddatum %v", stored.Status, stored.EndDate)
				}
			})
		}
	})
}

func TestPlacementEndDate(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)

		t.Run("ending without an end date ends today", func(t *testing.T) {
			e := e.in(t)
			for _, to := range []plekwijzer.PlacementStatus{plekwijzer.PlacementCompleted, plekwijzer.PlacementCancelled} {
				pl := e.placementIn(plekwijzer.PlacementActive)
				before := plekwijzer.Today()
				got, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{
					Status: &to, Outcome: &plekwijzer.Outcome{Result: "opleiding"},
				}, 0)
				after := plekwijzer.Today()
				must(t, err)
				stored, err := db.Placement(e.ctx, pl.ID)
				must(t, err)
				if got.EndDate == nil || stored.EndDate == nil || *stored.EndDate != *got.EndDate ||
					*got.EndDate < before || *got.EndDate > after {
					t.Errorf("%s: einddatum %v (stored %v), want today (%s)", to, got.EndDate, stored.EndDate, before)
				}
			}
		})

		t.Run("a planned end that came first stays", func(t *testing.T) {
			e := e.in(t)
			o := e.offer()
			pl := e.mustBook(e.participant(e.coach().ID).ID, o.ID, maOchtend, jan6, ptr(jan31))
			_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
			must(t, err)
			_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{
				Status: ptr(plekwijzer.PlacementCompleted), Outcome: &plekwijzer.Outcome{Result: "vervolgplek"},
			}, 0)
			must(t, err)
			stored, err := db.Placement(e.ctx, pl.ID)
			must(t, err)
			if stored.EndDate == nil || *stored.EndDate != jan31 {
				t.Errorf("einddatum %v, want the planned %s", stored.EndDate, jan31)
			}
		})

		t.Run("a given end date stays", func(t *testing.T) {
			e := e.in(t)
			pl := e.placementIn(plekwijzer.PlacementActive)
			_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{
				Status: ptr(plekwijzer.PlacementCompleted), EndDate: ptr(feb28), Outcome: &plekwijzer.Outcome{Result: "opleiding"},
			}, 0)
			must(t, err)
			stored, err := db.Placement(e.ctx, pl.ID)
			must(t, err)
			if stored.EndDate == nil || *stored.EndDate != feb28 {
				t.Errorf("einddatum %v, want %s", stored.EndDate, feb28)
			}
		})

		t.Run("an end date before the start", func(t *testing.T) {
			e := e.in(t)
			pl := e.placementIn(plekwijzer.PlacementActive)
			e.unchanged(func() {
				_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{EndDate: ptr(plekwijzer.Date("2024-12-31"))}, 0)
				wantFields(t, err, plekwijzer.EInvalid, "einddatum")
			})
		})

		t.Run("an ended placement keeps its dates and day-parts", func(t *testing.T) {
			e := e.in(t)
			pl := e.placementIn(plekwijzer.PlacementCompleted)
			e.unchanged(func() {
				for _, u := range []plekwijzer.PlacementUpdate{
					{EndDate: ptr(mar1)}, {StartDate: ptr(feb1)}, {DayParts: &maMiddag},
				} {
					_, err := db.UpdatePlacement(e.ctx, pl.ID, u, 0)
					wantCode(t, err, plekwijzer.EConflict)
				}
			})
		})
	})
}

// TestCancelPlacementNotStarted cancels a proposal whose start lies ahead,
// the usual way a proposal ends when the participant does not come.
func TestCancelPlacementNotStarted(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1}))
		p1, p2 := e.participant(e.coach().ID), e.participant(e.coach().ID)
		start := plekwijzer.Today().AddDays(30)
		pl := e.mustBook(p1.ID, o.ID, maOchtend, start, nil)
		got, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCancelled)}, 0)
		must(t, err)
		stored, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		assertSame(t, stored, got)
		if stored.Status != plekwijzer.PlacementCancelled || stored.EndDate == nil || *stored.EndDate != start {
			t.Errorf("status %s, einddatum %v; want geannuleerd, ending on its start day %s", stored.Status, stored.EndDate, start)
		}
		e.mustBook(p2.ID, o.ID, maOchtend, start, nil)
	})
}

func TestUpdatePlacementCapacity(t *testing.T) {
	t.Parallel()
	// Moving a start date is refused more than a year back, so this test's
	// dates lie within the last year (and still in the past), in the same
	// order and with the same gaps as the package's fixed dates.
	base := plekwijzer.Today().AddDays(-300)
	jan6, jan31, feb1, feb28, mar1 := base, base.AddDays(25), base.AddDays(26), base.AddDays(53), base.AddDays(54)
	feb27 := base.AddDays(52)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1, "ma-middag": 1, "di-ochtend": 1}))
		p1, p2 := e.participant(coach.ID), e.participant(coach.ID)
		e.mustBook(p1.ID, o.ID, maOchtend, jan6, ptr(jan31))
		e.mustBook(p1.ID, o.ID, maMiddag, mar1, nil)
		pl := e.mustBook(p2.ID, o.ID, []plekwijzer.DayPart{"di-ochtend"}, feb1, ptr(feb28))

		e.unchanged(func() {
			for _, u := range []plekwijzer.PlacementUpdate{
				{DayParts: &[]plekwijzer.DayPart{"di-ochtend", "ma-ochtend"}, StartDate: ptr(jan31)}, // into p1's January
				{DayParts: &maMiddag, EndDate: ptr(plekwijzer.Date(""))},                             // open-ended runs into p1's afternoons from March
				{DayParts: &maMiddag, EndDate: ptr(mar1)},
			} {
				_, err := db.UpdatePlacement(e.ctx, pl.ID, u, 0)
				wantCode(t, err, plekwijzer.EConflict)
			}
			_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{DayParts: &[]plekwijzer.DayPart{"vr-ochtend"}}, 0)
			wantFields(t, err, plekwijzer.EInvalid, "dagdelen[0]")
			_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{DayParts: &[]plekwijzer.DayPart{}}, 0)
			wantFields(t, err, plekwijzer.EInvalid, "dagdelen")
		})

		// Changes that fit: the placement does not compete with itself.
		got, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{
			DayParts: &[]plekwijzer.DayPart{"ma-ochtend", "di-ochtend", "ma-middag"}, EndDate: ptr(feb27),
		}, 1)
		must(t, err)
		stored, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		assertSame(t, stored, got)
		if want := []plekwijzer.DayPart{"ma-ochtend", "ma-middag", "di-ochtend"}; !slices.Equal(stored.DayParts, want) || stored.Version != 2 {
			t.Errorf("dagdelen %v, version %d; want %v, 2", stored.DayParts, stored.Version, want)
		}
	})
}

func TestDeleteParticipantKeepsPlacements(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 3}))
		gone, stays := e.participant(coach.ID), e.participant(coach.ID)
		ended := e.mustBook(gone.ID, o.ID, maOchtend, jan6, ptr(jan31))
		_, err := db.UpdatePlacement(e.ctx, ended.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		must(t, err)
		_, err = db.UpdatePlacement(e.ctx, ended.ID, plekwijzer.PlacementUpdate{
			Status:  ptr(plekwijzer.PlacementDropout),
			Outcome: &plekwijzer.Outcome{Result: "geen", DropoutReason: "te-weinig-variatie", CausedBy: "werkplek"},
		}, 0)
		must(t, err)
		running := e.mustBook(gone.ID, o.ID, maOchtend, feb1, nil)
		e.mustBook(stays.ID, o.ID, maOchtend, feb1, nil)

		// A running placement would hold its place with nobody to end it:
		// it must be ended or cancelled before the participant goes.
		if err := db.DeleteParticipant(e.ctx, gone.ID); plekwijzer.ErrorCode(err) != plekwijzer.EConflict {
			t.Fatalf("deleting a participant with a running placement: %v, want conflict", err)
		}
		if _, err := db.Participant(e.ctx, gone.ID); err != nil {
			t.Fatalf("the refused delete removed the participant: %v", err)
		}
		_, err = db.UpdatePlacement(e.ctx, running.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCancelled)}, 0)
		must(t, err)
		must(t, db.DeleteParticipant(e.ctx, gone.ID))

		for _, id := range []string{ended.ID, running.ID} {
			pl, err := db.Placement(e.ctx, id)
			must(t, err)
			if pl.ParticipantID != nil || pl.ParticipantCode != "" {
				t.Errorf("placement still names the participant: deelnemerId %v, deelnemerCode %q", pl.ParticipantID, pl.ParticipantCode)
			}
		}
		stored, err := db.Placement(e.ctx, ended.ID)
		must(t, err)
		if stored.Status != plekwijzer.PlacementDropout || stored.Outcome == nil || stored.Outcome.DropoutReason != "te-weinig-variatie" {
			t.Errorf("the anonymous placement lost its outcome: %+v", stored)
		}
		for _, tc := range []struct {
			filter plekwijzer.PlacementFilter
			want   int
		}{
			{plekwijzer.PlacementFilter{}, 3},
			{plekwijzer.PlacementFilter{OfferID: o.ID}, 3},
			{plekwijzer.PlacementFilter{OrganisationID: o.OrganisationID}, 3},
			{plekwijzer.PlacementFilter{Status: plekwijzer.PlacementDropout}, 1},
			{plekwijzer.PlacementFilter{Status: plekwijzer.PlacementCancelled}, 1},
			{plekwijzer.PlacementFilter{ParticipantID: gone.ID}, 0},
			{plekwijzer.PlacementFilter{CoachID: coach.ID}, 1},
		} {
			got, total, err := db.FindPlacements(e.ctx, tc.filter)
			must(t, err)
			if total != tc.want || len(got) != tc.want {
				t.Errorf("%+v: %d items, total %d, want %d", tc.filter, len(got), total, tc.want)
			}
		}
	})
}

// TestAttendance records the hours missed while a placement runs, then
// ends it: the result is needed only then.
func TestAttendance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		pl := e.placementIn(plekwijzer.PlacementActive)
		got, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Outcome: &plekwijzer.Outcome{MissedHours: 6}}, 0)
		must(t, err)
		stored, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		assertSame(t, stored, got)
		if stored.Outcome == nil || *stored.Outcome != (plekwijzer.Outcome{MissedHours: 6}) || stored.Status != plekwijzer.PlacementActive {
			t.Fatalf("attendance stored as %+v", stored.Outcome)
		}
		e.unchanged(func() {
			_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCompleted)}, 0)
			wantFields(t, err, plekwijzer.EInvalid, "uitkomst.resultaat")
		})
		_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCompleted),
			Outcome: &plekwijzer.Outcome{Result: "betaald-werk", MissedHours: 8}}, 0)
		must(t, err)
		stored, err = db.Placement(e.ctx, pl.ID)
		must(t, err)
		if *stored.Outcome != (plekwijzer.Outcome{Result: "betaald-werk", MissedHours: 8}) {
			t.Errorf("outcome %+v", stored.Outcome)
		}
	})
}
