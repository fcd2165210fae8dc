package store_test

import (
	"fmt"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestOfferRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		org, wt, skills := e.organisation(), e.workType(), e.skills(4)
		o := &plekwijzer.Offer{
			OrganisationID: org.ID, Title: "Fietsenmaker in de werkplaats", Description: "Banden plakken, remmen stellen.",
			WorkTypeID: wt.ID, RequiredSkills: []string{skills[3], skills[1]}, LearnableSkills: []string{skills[0], skills[1], skills[2]},
			Supervision: 3, PhysicalLoad: plekwijzer.LoadMedium,
			Capacity: plekwijzer.Capacity{"vr-middag": 1, "ma-ochtend": 4, "di-middag": 0, "wo-ochtend": 500},
			Postcode: "9711 AB", Access: plekwijzer.Accessibility{PublicTransport: true, Wheelchair: true},
			TargetGroups:     []plekwijzer.TargetGroup{"banenafspraak", "statushouder"},
			DevelopmentPlace: true,
		}
		must(t, db.CreateOffer(e.ctx, o))
		if !plekwijzer.ValidID(o.ID) || o.Version != 1 || o.Status != plekwijzer.OfferOpen || o.Postcode != "9711" {
			t.Fatalf("created offer: id %q, version %d, status %q, postcode %q", o.ID, o.Version, o.Status, o.Postcode)
		}
		if _, ok := o.Capacity["di-middag"]; ok {
			t.Errorf("a day-part with 0 places stays in the capacity: %v", o.Capacity)
		}
		got, err := db.Offer(e.ctx, o.ID)
		must(t, err)
		assertSame(t, got, o)

		// The smallest offer: no skills, no target groups (everyone
		// welcome), no places yet; lists come back empty, not missing.
		bare := newOffer(org.ID, wt.ID)
		bare.Capacity, bare.Status = nil, plekwijzer.OfferPaused
		must(t, db.CreateOffer(e.ctx, bare))
		got, err = db.Offer(e.ctx, bare.ID)
		must(t, err)
		assertSame(t, got, bare)
		if got.Capacity == nil || got.RequiredSkills == nil || got.LearnableSkills == nil || got.TargetGroups == nil {
			t.Errorf("missing lists in %+v", got)
		}
	})
}

func TestFindOffers(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		orgA, orgB := e.organisation(), e.organisation()
		groen, inpak := e.workType(), e.workType()
		mk := func(title string, org *plekwijzer.Organisation, wt *plekwijzer.WorkType, mod func(*plekwijzer.Offer)) {
			o := newOffer(org.ID, wt.ID)
			o.Title = title
			if mod != nil {
				mod(o)
			}
			must(t, db.CreateOffer(e.ctx, o))
		}
		mk("Plantsoenendienst", orgA, groen, func(o *plekwijzer.Offer) {
			o.Capacity = plekwijzer.Capacity{"di-ochtend": 2}
			o.TargetGroups = []plekwijzer.TargetGroup{"statushouder"}
		})
		mk("inpakafdeling", orgA, inpak, func(o *plekwijzer.Offer) { o.DevelopmentPlace = true })
		mk("Ompakken 50%", orgB, inpak, func(o *plekwijzer.Offer) {
			o.Status = plekwijzer.OfferPaused
			o.TargetGroups = []plekwijzer.TargetGroup{"banenafspraak", "detachering"}
		})
		mk("Kwekerij", orgB, groen, func(o *plekwijzer.Offer) {
			o.Status = plekwijzer.OfferClosed
			o.Capacity = plekwijzer.Capacity{"ma-ochtend": 1, "di-ochtend": 1}
			o.DevelopmentPlace = true
		})
		yes, no := true, false
		for _, tc := range []struct {
			name   string
			filter plekwijzer.OfferFilter
			want   []string // titles, in order
		}{
			{"all, by title ignoring case", plekwijzer.OfferFilter{}, []string{"inpakafdeling", "Kwekerij", "Ompakken 50%", "Plantsoenendienst"}},
			{"organisation", plekwijzer.OfferFilter{OrganisationID: orgA.ID}, []string{"inpakafdeling", "Plantsoenendienst"}},
			{"work type", plekwijzer.OfferFilter{WorkTypeID: groen.ID}, []string{"Kwekerij", "Plantsoenendienst"}},
			{"status", plekwijzer.OfferFilter{Status: plekwijzer.OfferOpen}, []string{"inpakafdeling", "Plantsoenendienst"}},
			{"target group, or open to all", plekwijzer.OfferFilter{TargetGroup: "statushouder"}, []string{"inpakafdeling", "Kwekerij", "Plantsoenendienst"}},
			{"target group listed", plekwijzer.OfferFilter{TargetGroup: "detachering"}, []string{"inpakafdeling", "Kwekerij", "Ompakken 50%"}},
			{"day-part", plekwijzer.OfferFilter{DayPart: "di-ochtend"}, []string{"Kwekerij", "Plantsoenendienst"}},
			{"day-part without places", plekwijzer.OfferFilter{DayPart: "vr-middag"}, nil},
			{"development place", plekwijzer.OfferFilter{DevelopmentPlace: &yes}, []string{"inpakafdeling", "Kwekerij"}},
			{"no development place", plekwijzer.OfferFilter{DevelopmentPlace: &no}, []string{"Ompakken 50%", "Plantsoenendienst"}},
			{"part of the title", plekwijzer.OfferFilter{Query: "PAK"}, []string{"inpakafdeling", "Ompakken 50%"}},
			{"percent sign matches itself", plekwijzer.OfferFilter{Query: "50%"}, []string{"Ompakken 50%"}},
			{"combined", plekwijzer.OfferFilter{OrganisationID: orgB.ID, DayPart: "ma-ochtend", Status: plekwijzer.OfferClosed}, []string{"Kwekerij"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.FindOffers(e.ctx, tc.filter)
				must(t, err)
				if total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("%d items, total %d, want %d", len(got), total, len(tc.want))
				}
				for i, o := range got {
					if o.Title != tc.want[i] {
						t.Errorf("item %d is %q, want %q", i, o.Title, tc.want[i])
					}
				}
			})
		}
		for n, want := range []string{"inpakafdeling", "Kwekerij", "Ompakken 50%", "Plantsoenendienst", ""} {
			got, total, err := db.FindOffers(e.ctx, plekwijzer.OfferFilter{Page: pageOf(n+1, 1)})
			must(t, err)
			if total != 4 || (want == "") != (len(got) == 0) || len(got) > 1 || len(got) == 1 && got[0].Title != want {
				t.Errorf("page %d of 1: %d items, total %d, want %q", n+1, len(got), total, want)
			}
		}
	})
}

func TestUpdateOffer(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		skills := e.skills(2)
		o := e.offer(func(o *plekwijzer.Offer) {
			o.RequiredSkills, o.LearnableSkills = []string{skills[0]}, []string{skills[1]}
			o.TargetGroups = []plekwijzer.TargetGroup{"statushouder"}
			o.Capacity = plekwijzer.Capacity{"ma-ochtend": 2, "do-middag": 1}
		})

		newCap := plekwijzer.Capacity{"ma-ochtend": 3, "do-middag": 0, "vr-ochtend": 1}
		got, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{Capacity: &newCap, Status: ptr(plekwijzer.OfferPaused)}, 1)
		must(t, err)
		want := *o
		want.Capacity = plekwijzer.Capacity{"ma-ochtend": 3, "vr-ochtend": 1}
		want.Status, want.Version, want.UpdatedAt = plekwijzer.OfferPaused, 2, got.UpdatedAt
		assertSame(t, got, &want)
		stored, err := db.Offer(e.ctx, o.ID)
		must(t, err)
		assertSame(t, stored, &want)

		// Lists can be emptied, and moving the offer to another
		// organisation is allowed.
		org := e.organisation()
		got, err = db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{
			OrganisationID: &org.ID, RequiredSkills: &[]string{}, TargetGroups: &[]plekwijzer.TargetGroup{},
			Access: &plekwijzer.Accessibility{Wheelchair: true},
		}, 2)
		must(t, err)
		stored, err = db.Offer(e.ctx, o.ID)
		must(t, err)
		assertSame(t, stored, got)
		if stored.OrganisationID != org.ID || len(stored.RequiredSkills) != 0 || len(stored.TargetGroups) != 0 ||
			len(stored.LearnableSkills) != 1 || !stored.Access.Wheelchair || stored.Access.PublicTransport || stored.Version != 3 {
			t.Errorf("after the second update: %+v", stored)
		}
	})
}

func TestOfferInvalid(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		skills := e.skills(2)
		existing := e.offer()
		missing := plekwijzer.NewID()
		for _, tc := range []struct {
			name   string
			mod    func(*plekwijzer.Offer)
			fields []string
		}{
			{"supervision 9", func(o *plekwijzer.Offer) { o.Supervision = 9 }, []string{"begeleiding"}},
			{"supervision 0", func(o *plekwijzer.Offer) { o.Supervision = 0 }, []string{"begeleiding"}},
			{"negative capacity", func(o *plekwijzer.Offer) { o.Capacity = plekwijzer.Capacity{"ma-ochtend": -1} }, []string{"capaciteit.ma-ochtend"}},
			{"too much capacity", func(o *plekwijzer.Offer) { o.Capacity = plekwijzer.Capacity{"di-middag": 501} }, []string{"capaciteit.di-middag"}},
			{"unknown day-part", func(o *plekwijzer.Offer) { o.Capacity = plekwijzer.Capacity{"ma-ochtend": 1, "za-ochtend": 2} }, []string{"capaciteit.za-ochtend"}},
			{"unknown target group", func(o *plekwijzer.Offer) { o.TargetGroups = []plekwijzer.TargetGroup{"statushouder", "studenten"} }, []string{"doelgroepen[1]"}},
			{"target group twice", func(o *plekwijzer.Offer) { o.TargetGroups = []plekwijzer.TargetGroup{"overig", "overig"} }, []string{"doelgroepen[1]"}},
			{"unknown status", func(o *plekwijzer.Offer) { o.Status = "vol" }, []string{"status"}},
			{"unknown load", func(o *plekwijzer.Offer) { o.PhysicalLoad = "licht" }, []string{"fysiekeBelasting"}},
			{"no title", func(o *plekwijzer.Offer) { o.Title = "" }, []string{"titel"}},
			{"postcode that does not exist", func(o *plekwijzer.Offer) { o.Postcode = "1000" }, []string{"postcode"}},
			{"postcode not a postcode", func(o *plekwijzer.Offer) { o.Postcode = "0000" }, []string{"postcode"}},
			{"work type that does not exist", func(o *plekwijzer.Offer) { o.WorkTypeID = missing }, []string{"werksoortId"}},
			{"work type that is no id", func(o *plekwijzer.Offer) { o.WorkTypeID = "inpakken" }, []string{"werksoortId"}},
			{"organisation that does not exist", func(o *plekwijzer.Offer) { o.OrganisationID = missing }, []string{"organisatieId"}},
			{"required skill that does not exist", func(o *plekwijzer.Offer) { o.RequiredSkills = []string{skills[0], missing} }, []string{"vereisteVaardigheden[1]"}},
			{"learnable skill that does not exist", func(o *plekwijzer.Offer) { o.LearnableSkills = []string{missing, skills[1]} }, []string{"leerbareVaardigheden[0]"}},
			{"every reference missing at once", func(o *plekwijzer.Offer) {
				o.OrganisationID, o.WorkTypeID, o.RequiredSkills = missing, plekwijzer.NewID(), []string{plekwijzer.NewID()}
			}, []string{"organisatieId", "werksoortId", "vereisteVaardigheden[0]"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				e.unchanged(func() {
					o := newOffer(existing.OrganisationID, existing.WorkTypeID)
					tc.mod(o)
					wantFields(t, db.CreateOffer(e.ctx, o), plekwijzer.EInvalid, tc.fields...)

					u := newOffer(existing.OrganisationID, existing.WorkTypeID)
					tc.mod(u)
					_, err := db.UpdateOffer(e.ctx, existing.ID, plekwijzer.OfferUpdate{
						OrganisationID: &u.OrganisationID, Title: &u.Title, WorkTypeID: &u.WorkTypeID,
						RequiredSkills: &u.RequiredSkills, LearnableSkills: &u.LearnableSkills,
						Supervision: &u.Supervision, PhysicalLoad: &u.PhysicalLoad, Capacity: &u.Capacity,
						Postcode: &u.Postcode, TargetGroups: &u.TargetGroups, Status: &u.Status,
					}, existing.Version)
					wantFields(t, err, plekwijzer.EInvalid, tc.fields...)
				})
			})
		}
	})
}

func TestDeleteOffer(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		free := e.offer()
		must(t, db.DeleteOffer(e.ctx, free.ID))
		_, err := db.Offer(e.ctx, free.ID)
		wantCode(t, err, plekwijzer.ENotFound)
		wantCode(t, db.DeleteOffer(e.ctx, free.ID), plekwijzer.ENotFound)

		// An offer with placements stays, even when they ended: it is
		// closed instead.
		booked := e.offer()
		p := e.participant(e.coach().ID)
		pl := e.mustBook(p.ID, booked.ID, maOchtend, jan6, nil)
		_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCancelled)}, 0)
		must(t, err)
		e.unchanged(func() {
			wantCode(t, db.DeleteOffer(e.ctx, booked.ID), plekwijzer.EConflict)
		})
		_, err = db.UpdateOffer(e.ctx, booked.ID, plekwijzer.OfferUpdate{Status: ptr(plekwijzer.OfferClosed)}, 0)
		must(t, err)
	})
}

// TestShrinkOfferCapacity lowers an offer's places below what placements
// hold from today on: that would overbook it, so it is refused.
func TestShrinkOfferCapacity(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach := e.coach()
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 2}))
		e.mustBook(e.participant(coach.ID).ID, o.ID, []plekwijzer.DayPart{"ma-ochtend", "ma-middag"}, jan6, nil)
		e.mustBook(e.participant(coach.ID).ID, o.ID, maOchtend, jan6, nil)
		e.mustBook(e.participant(coach.ID).ID, o.ID, maMiddag, jan6, ptr(jan31)) // over long ago

		for _, tc := range []struct {
			capacity plekwijzer.Capacity
			full     []plekwijzer.DayPart
		}{
			{plekwijzer.Capacity{"ma-ochtend": 1, "ma-middag": 2}, []plekwijzer.DayPart{"ma-ochtend"}},
			{plekwijzer.Capacity{"ma-middag": 2}, []plekwijzer.DayPart{"ma-ochtend"}},
			{plekwijzer.Capacity{"ma-ochtend": 1, "ma-middag": 0}, []plekwijzer.DayPart{"ma-ochtend", "ma-middag"}},
		} {
			e.unchanged(func() {
				_, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{Capacity: &tc.capacity}, 0)
				wantFull(t, err, tc.full...)
			})
		}
		// The placement that ended holds nothing any more.
		got, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{Capacity: &plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 1, "vr-ochtend": 1}}, 1)
		must(t, err)
		if want := (plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 1, "vr-ochtend": 1}); fmt.Sprint(got.Capacity) != fmt.Sprint(want) {
			t.Errorf("capaciteit %v, want %v", got.Capacity, want)
		}
	})
}
