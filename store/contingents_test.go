package store_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// pool is a contingent's world: offers, the GON organisation that refers
// the participants it keeps places for, and another referrer.
type pool struct {
	offers     []*plekwijzer.Offer
	gon, other *plekwijzer.Organisation
	coach      *plekwijzer.User
}

func (e *env) pool(capacities ...plekwijzer.Capacity) *pool {
	e.t.Helper()
	p := &pool{gon: e.organisation(func(o *plekwijzer.Organisation) { o.Kind = "zorgaanbieder" }),
		other: e.organisation(func(o *plekwijzer.Organisation) { o.Kind = "zorgaanbieder" }), coach: e.coach()}
	for _, c := range capacities {
		p.offers = append(p.offers, e.offer(withCapacity(c)))
	}
	return p
}

func (p *pool) offerIDs() []string {
	ids := make([]string, len(p.offers))
	for i, o := range p.offers {
		ids[i] = o.ID
	}
	return ids
}

// contingent stores a contingent over the whole pool for the GON
// organisation, changed by mods first.
func (e *env) contingent(p *pool, places plekwijzer.Capacity, mods ...func(*plekwijzer.Contingent)) *plekwijzer.Contingent {
	e.t.Helper()
	c := &plekwijzer.Contingent{Name: fmt.Sprintf("GON-plaatsen %d", e.next()), OfferIDs: p.offerIDs(),
		ReferrerIDs: []string{p.gon.ID}, Places: places, StartDate: "2024-01-01"}
	for _, m := range mods {
		m(c)
	}
	must(e.t, e.db.CreateContingent(e.ctx, c))
	return c
}

// referred is a new participant referred by org (nil: no referrer).
func (e *env) referred(p *pool, org *plekwijzer.Organisation) string {
	e.t.Helper()
	return e.participant(p.coach.ID, func(x *plekwijzer.Participant) {
		if org != nil {
			x.ReferrerID = &org.ID
		}
	}).ID
}

// wantReserved checks that err refuses a booking because the free places
// of these day-parts are reserved for others.
func wantReserved(t *testing.T, err error, parts ...plekwijzer.DayPart) {
	t.Helper()
	wantFull(t, err, parts...)
	if got := fmt.Sprint(details(err)["gereserveerdeDagdelen"]); got != fmt.Sprint(parts) {
		t.Errorf("gereserveerdeDagdelen %s, want %v", got, parts)
	}
}

func TestContingentRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.pool(plekwijzer.Capacity{"ma-ochtend": 3, "di-middag": 2}, plekwijzer.Capacity{"ma-ochtend": 2})
		end := plekwijzer.Date("2099-12-31")
		c := &plekwijzer.Contingent{Name: "GON-partners 2026", OfferIDs: []string{p.offers[1].ID, p.offers[0].ID},
			ReferrerIDs: []string{p.other.ID, p.gon.ID}, Places: plekwijzer.Capacity{"ma-ochtend": 4, "di-middag": 1},
			ReleaseDays: 14, StartDate: "2025-01-01", EndDate: &end}
		must(t, db.CreateContingent(e.ctx, c))
		if !plekwijzer.ValidID(c.ID) || c.Version != 1 || c.CreatedAt.IsZero() {
			t.Fatalf("created contingent %+v", c)
		}
		got, err := db.Contingent(e.ctx, c.ID)
		must(t, err)
		assertSame(t, got, c)
		// Today nobody uses the places: all free.
		want := []plekwijzer.ContingentUse{
			{DayPart: "ma-ochtend", ReservedUse: plekwijzer.ReservedUse{Reserved: 4, Free: 4}},
			{DayPart: "di-middag", ReservedUse: plekwijzer.ReservedUse{Reserved: 1, Free: 1}},
		}
		if !slices.Equal(got.Use, want) {
			t.Errorf("gebruik %+v, want %+v", got.Use, want)
		}

		// Lists, filtered on an offer or a referrer.
		other := e.contingent(e.pool(plekwijzer.Capacity{"vr-middag": 1}), plekwijzer.Capacity{"vr-middag": 1})
		for _, tc := range []struct {
			f    plekwijzer.ContingentFilter
			want []string
		}{
			{plekwijzer.ContingentFilter{}, []string{c.ID, other.ID}},
			{plekwijzer.ContingentFilter{OfferID: p.offers[1].ID}, []string{c.ID}},
			{plekwijzer.ContingentFilter{ReferrerID: p.other.ID}, []string{c.ID}},
			{plekwijzer.ContingentFilter{ReferrerID: e.organisation().ID}, nil},
		} {
			cs, total, err := db.FindContingents(e.ctx, tc.f)
			must(t, err)
			var ids []string
			for _, x := range cs {
				ids = append(ids, x.ID)
			}
			if total != len(tc.want) || !slices.Equal(ids, tc.want) {
				t.Errorf("%+v: %v (total %d), want %v", tc.f, ids, total, tc.want)
			}
		}

		// A change: fewer offers, an open end.
		upd, err := db.UpdateContingent(e.ctx, c.ID, plekwijzer.ContingentUpdate{
			OfferIDs: &[]string{p.offers[0].ID}, Places: &plekwijzer.Capacity{"ma-ochtend": 3}, EndDate: ptr(plekwijzer.Date("")),
		}, 1)
		must(t, err)
		got, err = db.Contingent(e.ctx, c.ID)
		must(t, err)
		assertSame(t, got, upd)
		if got.Version != 2 || got.EndDate != nil || len(got.OfferIDs) != 1 || !maps.Equal(got.Places, plekwijzer.Capacity{"ma-ochtend": 3}) {
			t.Errorf("after the change: %+v", got)
		}
		_, err = db.UpdateContingent(e.ctx, c.ID, plekwijzer.ContingentUpdate{Name: ptr("Oud")}, 1)
		wantCode(t, err, plekwijzer.EConflict)

		// An offer or organisation in a contingent stays.
		wantCode(t, db.DeleteOffer(e.ctx, p.offers[0].ID), plekwijzer.EConflict)
		wantCode(t, db.DeleteOrganisation(e.ctx, p.gon.ID), plekwijzer.EConflict)

		must(t, db.DeleteContingent(e.ctx, c.ID))
		_, err = db.Contingent(e.ctx, c.ID)
		wantCode(t, err, plekwijzer.ENotFound)
		wantCode(t, db.DeleteContingent(e.ctx, c.ID), plekwijzer.ENotFound)
		must(t, db.DeleteOffer(e.ctx, p.offers[0].ID))
	})
}

func TestContingentInvalid(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := e.pool(plekwijzer.Capacity{"ma-ochtend": 2}, plekwijzer.Capacity{"ma-ochtend": 1, "di-ochtend": 1})
		valid := func() *plekwijzer.Contingent {
			return &plekwijzer.Contingent{Name: "GON", OfferIDs: p.offerIDs(), ReferrerIDs: []string{p.gon.ID},
				Places: plekwijzer.Capacity{"ma-ochtend": 3}, StartDate: "2025-01-01"}
		}
		for _, tc := range []struct {
			name   string
			mod    func(c *plekwijzer.Contingent)
			fields []string
		}{
			{"empty", func(c *plekwijzer.Contingent) { *c = plekwijzer.Contingent{} },
				[]string{"naam", "werkplekIds", "verwijzerIds", "plaatsen", "startdatum"}},
			{"bad values", func(c *plekwijzer.Contingent) {
				c.OfferIDs = []string{"x", p.offers[0].ID, p.offers[0].ID}
				c.ReferrerIDs = []string{"y"}
				c.Places = plekwijzer.Capacity{"za-ochtend": 1, "ma-ochtend": 0}
				c.ReleaseDays = -1
				c.StartDate, c.EndDate = "2025-02-30", ptr(plekwijzer.Date("morgen"))
			}, []string{"werkplekIds[0]", "werkplekIds[2]", "verwijzerIds[0]", "plaatsen.ma-ochtend", "plaatsen.za-ochtend",
				"vrijgaveDagen", "startdatum", "einddatum"}},
			{"end before start", func(c *plekwijzer.Contingent) { c.EndDate = ptr(plekwijzer.Date("2024-12-31")) }, []string{"einddatum"}},
			{"unknown offer and organisation", func(c *plekwijzer.Contingent) {
				c.OfferIDs = append(c.OfferIDs, plekwijzer.NewID())
				c.ReferrerIDs = []string{plekwijzer.NewID()}
			}, []string{"werkplekIds[2]", "verwijzerIds[0]"}},
			{"more places than the offers have", func(c *plekwijzer.Contingent) {
				c.Places = plekwijzer.Capacity{"ma-ochtend": 4, "di-ochtend": 1, "vr-middag": 1}
			}, []string{"plaatsen.ma-ochtend", "plaatsen.vr-middag"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := valid()
				tc.mod(c)
				wantFields(t, db.CreateContingent(e.ctx, c), plekwijzer.EInvalid, tc.fields...)
			})
		}
		cs, total, err := db.FindContingents(e.ctx, plekwijzer.ContingentFilter{})
		must(t, err)
		if total != 0 || len(cs) != 0 {
			t.Fatalf("refused contingents were stored: %d", total)
		}

		// One offer, one contingent at a time: overlapping periods conflict,
		// consecutive ones do not.
		first := valid()
		first.EndDate = ptr(plekwijzer.Date("2025-12-31"))
		must(t, db.CreateContingent(e.ctx, first))
		overlapping := valid()
		overlapping.OfferIDs = []string{e.offer().ID, p.offers[1].ID}
		overlapping.Places = plekwijzer.Capacity{"ma-ochtend": 1}
		overlapping.StartDate = "2025-12-31"
		err = db.CreateContingent(e.ctx, overlapping)
		wantCode(t, err, plekwijzer.EConflict)
		if got := fmt.Sprint(details(err)["werkplekIds"]); got != fmt.Sprint([]string{p.offers[1].ID}) {
			t.Errorf("werkplekIds %s, want the offer in both", got)
		}
		overlapping.StartDate = "2026-01-01"
		must(t, db.CreateContingent(e.ctx, overlapping))
		_, err = db.UpdateContingent(e.ctx, first.ID, plekwijzer.ContingentUpdate{EndDate: ptr(plekwijzer.Date(""))}, 0)
		wantCode(t, err, plekwijzer.EConflict)

		// An offer cannot shrink below what its contingent reserves.
		small := e.pool(plekwijzer.Capacity{"ma-ochtend": 2}, plekwijzer.Capacity{"ma-ochtend": 1})
		e.contingent(small, plekwijzer.Capacity{"ma-ochtend": 3})
		e.unchanged(func() {
			_, err := db.UpdateOffer(e.ctx, small.offers[0].ID, plekwijzer.OfferUpdate{Capacity: &plekwijzer.Capacity{"ma-ochtend": 1}}, 0)
			wantFields(t, err, plekwijzer.EConflict, "capaciteit.ma-ochtend")
		})
		_, err = db.UpdateOffer(e.ctx, small.offers[0].ID, plekwijzer.OfferUpdate{Capacity: &plekwijzer.Capacity{"ma-ochtend": 2, "wo-ochtend": 1}}, 0)
		must(t, err)
	})
}

func TestReservedPlaces(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)

		t.Run("others cannot take reserved places", func(t *testing.T) {
			e := e.in(t)
			// Three places on ma-ochtend over two offers, two kept for GON.
			p := e.pool(plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 2}, plekwijzer.Capacity{"ma-ochtend": 1})
			e.contingent(p, plekwijzer.Capacity{"ma-ochtend": 2})
			a, b := p.offers[0].ID, p.offers[1].ID
			e.mustBook(e.referred(p, p.other), b, maOchtend, jan6, nil) // the one general place
			none, other := e.referred(p, nil), e.referred(p, p.other)
			e.unchanged(func() {
				_, err := e.book(none, a, maOchtend, jan6, nil)
				wantReserved(t, err, "ma-ochtend")
				_, err = e.book(other, a, []plekwijzer.DayPart{"ma-ochtend", "ma-middag"}, jan6, nil)
				wantReserved(t, err, "ma-ochtend")
			})
			e.mustBook(e.referred(p, nil), a, maMiddag, jan6, nil) // no contingent on ma-middag
			// Participants of the GON partner take the reserved places…
			e.mustBook(e.referred(p, p.gon), a, maOchtend, jan6, nil)
			gon := e.mustBook(e.referred(p, p.gon), a, maOchtend, jan6, nil)
			// …and then the pool is simply full.
			_, err := e.book(e.referred(p, p.gon), b, maOchtend, jan6, nil)
			wantFull(t, err, "ma-ochtend")
			if _, ok := details(err)["gereserveerdeDagdelen"]; ok {
				t.Errorf("a full pool is not a reservation: %v", details(err))
			}
			// A GON participant who leaves frees a reserved place, not a
			// general one.
			_, err = db.UpdatePlacement(e.ctx, gon.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementCancelled)}, 0)
			must(t, err)
			_, err = e.book(e.referred(p, p.other), a, maOchtend, jan6, nil)
			wantReserved(t, err, "ma-ochtend")
			e.mustBook(e.referred(p, p.gon), a, maOchtend, jan6, nil)
		})

		t.Run("referrers' participants use general places when the reserved ones are in use", func(t *testing.T) {
			e := e.in(t)
			p := e.pool(plekwijzer.Capacity{"ma-ochtend": 4})
			c := e.contingent(p, plekwijzer.Capacity{"ma-ochtend": 1})
			o := p.offers[0].ID
			for range 3 {
				e.mustBook(e.referred(p, p.gon), o, maOchtend, jan6, nil)
			}
			e.mustBook(e.referred(p, nil), o, maOchtend, jan6, nil) // one general place left
			got, err := db.Contingent(e.ctx, c.ID)
			must(t, err)
			if want := []plekwijzer.ContingentUse{{DayPart: "ma-ochtend", ReservedUse: plekwijzer.ReservedUse{Reserved: 1, Used: 1}}}; !slices.Equal(got.Use, want) {
				t.Errorf("gebruik %+v, want %+v", got.Use, want)
			}
		})

		t.Run("the reservation holds in the contingent's period only", func(t *testing.T) {
			e := e.in(t)
			p := e.pool(plekwijzer.Capacity{"ma-ochtend": 1})
			e.contingent(p, plekwijzer.Capacity{"ma-ochtend": 1}, func(c *plekwijzer.Contingent) {
				c.StartDate, c.EndDate = feb1, ptr(feb28)
			})
			o := p.offers[0].ID
			e.mustBook(e.referred(p, nil), o, maOchtend, jan6, ptr(jan31)) // before
			e.mustBook(e.referred(p, nil), o, maOchtend, mar1, nil)        // after
			none := e.referred(p, nil)
			e.unchanged(func() {
				_, err := e.book(none, o, maOchtend, feb28, ptr(feb28)) // one day of it
				wantReserved(t, err, "ma-ochtend")
			})
			e.mustBook(e.referred(p, p.gon), o, maOchtend, feb1, ptr(feb28))
		})

		t.Run("unused places are released a number of days ahead", func(t *testing.T) {
			e := e.in(t)
			p := e.pool(plekwijzer.Capacity{"di-ochtend": 2})
			e.contingent(p, plekwijzer.Capacity{"di-ochtend": 2}, func(c *plekwijzer.Contingent) { c.ReleaseDays = 7 })
			o, today := p.offers[0].ID, plekwijzer.Today()
			tue := []plekwijzer.DayPart{"di-ochtend"}
			none := e.referred(p, nil)
			e.unchanged(func() {
				_, err := e.book(none, o, tue, today.AddDays(7), nil)
				wantReserved(t, err, "di-ochtend")
			})
			// Starting within the week: anyone may take an unused place, and
			// keeps it.
			e.mustBook(e.referred(p, nil), o, tue, today.AddDays(6), nil)
			e.mustBook(e.referred(p, p.gon), o, tue, today.AddDays(30), nil)
			_, err := e.book(e.referred(p, p.gon), o, tue, today.AddDays(30), nil)
			wantFull(t, err, "di-ochtend")
		})

		t.Run("search sees general and reserved free places", func(t *testing.T) {
			e := e.in(t)
			p := e.pool(plekwijzer.Capacity{"ma-ochtend": 3, "ma-middag": 1}, plekwijzer.Capacity{"ma-ochtend": 1})
			today := plekwijzer.Today()
			c := e.contingent(p, plekwijzer.Capacity{"ma-ochtend": 2})
			e.mustBook(e.referred(p, nil), p.offers[0].ID, maOchtend, today, nil)
			docs, err := db.OfferDocs(e.ctx, p.offerIDs())
			must(t, err)
			byID := map[string]*plekwijzer.OfferDoc{}
			for _, d := range docs {
				byID[d.Offer.ID] = d
			}
			a, b := byID[p.offers[0].ID], byID[p.offers[1].ID]
			for _, tc := range []struct {
				name     string
				doc      *plekwijzer.OfferDoc
				referrer *string
				want     plekwijzer.Capacity
			}{
				// Four places, one taken, two kept: one general place left,
				// at either offer.
				{"a for anyone", a, nil, plekwijzer.Capacity{"ma-ochtend": 1, "ma-middag": 1}},
				{"b for anyone", b, &p.other.ID, plekwijzer.Capacity{"ma-ochtend": 1}},
				{"a for GON", a, &p.gon.ID, plekwijzer.Capacity{"ma-ochtend": 2, "ma-middag": 1}},
				{"b for GON", b, &p.gon.ID, plekwijzer.Capacity{"ma-ochtend": 1}},
			} {
				if got := tc.doc.FreeFor(tc.referrer); !maps.Equal(got, tc.want) {
					t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				}
			}
			if len(a.Reserved) != 1 || a.Reserved[0].ContingentID != c.ID {
				t.Errorf("reserved at a: %+v", a.Reserved)
			}
		})
	})
}

func TestProposalsExpire(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": 1, "ma-middag": 1}))
		coach := e.coach()
		p1, p2, p3 := e.participant(coach.ID), e.participant(coach.ID), e.participant(coach.ID)

		// A held proposal says until when, and holds.
		held := e.mustBook(p1.ID, o.ID, maMiddag, jan6, nil)
		if held.HoldUntil == nil || held.HoldUntil.Sub(held.CreatedAt) < store.DefaultProposalHold-1e9 {
			t.Fatalf("verlooptOp %v for a proposal made %v", held.HoldUntil, held.CreatedAt)
		}
		_, err := e.book(p2.ID, o.ID, maMiddag, jan6, nil)
		wantFull(t, err, "ma-middag")

		// Proposals that hold for no time at all expire at once.
		db.SetProposalHold(1)
		stale := e.mustBook(p1.ID, o.ID, maOchtend, jan6, nil)
		if n, err := db.ExpireProposals(e.ctx); err != nil || n != 1 {
			t.Fatalf("ExpireProposals: %d, %v; want 1", n, err)
		}
		got, err := db.Placement(e.ctx, stale.ID)
		must(t, err)
		if got.Status != plekwijzer.PlacementCancelled || got.CancelReason == nil || *got.CancelReason != plekwijzer.CancelExpired ||
			got.HoldUntil != nil || got.EndDate == nil || got.Version != 2 {
			t.Errorf("expired proposal: %+v", got)
		}
		if n, err := db.ExpireProposals(e.ctx); err != nil || n != 0 {
			t.Errorf("ExpireProposals again: %d, %v; want 0", n, err)
		}
		// It can no longer be made active.
		_, err = db.UpdatePlacement(e.ctx, stale.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		wantCode(t, err, plekwijzer.EConflict)

		// A booking does not wait for the sweep: it cancels the expired
		// proposal it would compete with.
		stale = e.mustBook(p2.ID, o.ID, maOchtend, jan6, nil)
		db.SetProposalHold(0) // from now on proposals hold until changed
		fresh := e.mustBook(p3.ID, o.ID, maOchtend, jan6, nil)
		if fresh.HoldUntil != nil {
			t.Errorf("verlooptOp %v without a hold limit", fresh.HoldUntil)
		}
		got, err = db.Placement(e.ctx, stale.ID)
		must(t, err)
		if got.Status != plekwijzer.PlacementCancelled || *got.CancelReason != plekwijzer.CancelExpired {
			t.Errorf("the proposal the booking replaced: %+v", got)
		}
		// Activation ends the hold.
		act, err := db.UpdatePlacement(e.ctx, held.ID, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
		must(t, err)
		if act.HoldUntil != nil {
			t.Errorf("an active placement with verlooptOp %v", act.HoldUntil)
		}

		// Expired proposals count in no dropout figure.
		counts, err := db.DropoutCounts(e.ctx)
		must(t, err)
		if len(counts) != 0 {
			t.Errorf("dropout counts %+v", counts)
		}
	})
}

func TestCancelReason(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		pl := e.placementIn(plekwijzer.PlacementProposed)
		e.unchanged(func() {
			_, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{CancelReason: ptr("overig")}, 0)
			wantFields(t, err, plekwijzer.EInvalid, "annuleringsreden")
			for _, r := range []string{plekwijzer.CancelExpired, "geen-zin", ""} {
				_, err = db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{
					Status: ptr(plekwijzer.PlacementCancelled), CancelReason: &r}, 0)
				wantFields(t, err, plekwijzer.EInvalid, "annuleringsreden")
			}
		})
		got, err := db.UpdatePlacement(e.ctx, pl.ID, plekwijzer.PlacementUpdate{
			Status: ptr(plekwijzer.PlacementCancelled), CancelReason: ptr("deelnemer-ziet-af")}, 0)
		must(t, err)
		stored, err := db.Placement(e.ctx, pl.ID)
		must(t, err)
		assertSame(t, stored, got)
		if stored.CancelReason == nil || *stored.CancelReason != "deelnemer-ziet-af" {
			t.Errorf("annuleringsreden %v", stored.CancelReason)
		}
	})
}
