package store_test

import (
	"sync"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// versioned is one kind of entity with an optimistic version: how to make
// one, how to change it harmlessly, and how to read its version.
type versioned struct {
	name   string
	create func(e *env) string
	update func(e *env, id string, version int) (int, error)
	get    func(e *env, id string) (int, error)
}

// version returns v's Version, or 0 when the update failed.
func version[T any](v *T, err error, of func(*T) int) (int, error) {
	if err != nil {
		return 0, err
	}
	return of(v), nil
}

var versionedKinds = []versioned{
	{
		name:   "organisation",
		create: func(e *env) string { return e.organisation().ID },
		update: func(e *env, id string, v int) (int, error) {
			o, err := e.db.UpdateOrganisation(e.ctx, id, plekwijzer.OrganisationUpdate{Place: ptr("Haren")}, v)
			return version(o, err, func(o *plekwijzer.Organisation) int { return o.Version })
		},
		get: func(e *env, id string) (int, error) {
			o, err := e.db.Organisation(e.ctx, id)
			return version(o, err, func(o *plekwijzer.Organisation) int { return o.Version })
		},
	},
	{
		name:   "work type",
		create: func(e *env) string { return e.workType().ID },
		update: func(e *env, id string, v int) (int, error) {
			w, err := e.db.UpdateWorkType(e.ctx, id, plekwijzer.WorkTypeUpdate{Description: ptr("Anders.")}, v)
			return version(w, err, func(w *plekwijzer.WorkType) int { return w.Version })
		},
		get: func(e *env, id string) (int, error) {
			w, err := e.db.WorkType(e.ctx, id)
			return version(w, err, func(w *plekwijzer.WorkType) int { return w.Version })
		},
	},
	{
		name:   "offer",
		create: func(e *env) string { return e.offer().ID },
		update: func(e *env, id string, v int) (int, error) {
			o, err := e.db.UpdateOffer(e.ctx, id, plekwijzer.OfferUpdate{Capacity: &plekwijzer.Capacity{"vr-ochtend": 3}}, v)
			return version(o, err, func(o *plekwijzer.Offer) int { return o.Version })
		},
		get: func(e *env, id string) (int, error) {
			o, err := e.db.Offer(e.ctx, id)
			return version(o, err, func(o *plekwijzer.Offer) int { return o.Version })
		},
	},
	{
		name:   "participant",
		create: func(e *env) string { return e.participant(e.coach().ID).ID },
		update: func(e *env, id string, v int) (int, error) {
			p, err := e.db.UpdateParticipant(e.ctx, id, plekwijzer.ParticipantUpdate{Availability: &[]plekwijzer.DayPart{"wo-middag"}}, v)
			return version(p, err, func(p *plekwijzer.Participant) int { return p.Version })
		},
		get: func(e *env, id string) (int, error) {
			p, err := e.db.Participant(e.ctx, id)
			return version(p, err, func(p *plekwijzer.Participant) int { return p.Version })
		},
	},
	{
		name:   "user",
		create: func(e *env) string { return e.user(plekwijzer.RoleManager).ID },
		update: func(e *env, id string, v int) (int, error) {
			u, err := e.db.UpdateUser(e.ctx, id, plekwijzer.UserUpdate{Name: ptr("Nieuwe naam")}, v)
			return version(u, err, func(u *plekwijzer.User) int { return u.Version })
		},
		get: func(e *env, id string) (int, error) {
			u, err := e.db.User(e.ctx, id)
			return version(u, err, func(u *plekwijzer.User) int { return u.Version })
		},
	},
	{
		name: "placement",
		create: func(e *env) string {
			return e.mustBook(e.participant(e.coach().ID).ID, e.offer().ID, maOchtend, jan6, nil).ID
		},
		update: func(e *env, id string, v int) (int, error) {
			pl, err := e.db.UpdatePlacement(e.ctx, id, plekwijzer.PlacementUpdate{EndDate: ptr(mar1)}, v)
			return version(pl, err, func(pl *plekwijzer.Placement) int { return pl.Version })
		},
		get: func(e *env, id string) (int, error) {
			pl, err := e.db.Placement(e.ctx, id)
			return version(pl, err, func(pl *plekwijzer.Placement) int { return pl.Version })
		},
	},
}

func TestOptimisticConcurrency(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, k := range versionedKinds {
			t.Run(k.name, func(t *testing.T) {
				e := e.in(t)
				id := k.create(e)
				for _, step := range []struct{ send, want int }{{1, 2}, {0, 3}, {3, 4}} {
					got, err := k.update(e, id, step.send)
					must(t, err)
					if got != step.want {
						t.Fatalf("update with version %d gave version %d, want %d", step.send, got, step.want)
					}
				}
				e.unchanged(func() {
					for _, stale := range []int{1, 3, 5} {
						_, err := k.update(e, id, stale)
						wantCode(t, err, plekwijzer.EConflict)
						if got := details(err)["huidigeVersie"]; got != 4 {
							t.Errorf("huidigeVersie %v, want 4", got)
						}
					}
				})
				if v, err := k.get(e, id); err != nil || v != 4 {
					t.Errorf("stored version %d (%v), want 4", v, err)
				}
			})
		}
	})
}

// TestConcurrentUpdatesSameVersion sends several updates that all read
// version 1 at the same moment: exactly one may win.
func TestConcurrentUpdatesSameVersion(t *testing.T) {
	t.Parallel()
	const writers = 6
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, k := range versionedKinds {
			t.Run(k.name, func(t *testing.T) {
				e := e.in(t)
				id := k.create(e)
				errs := make([]error, writers)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for i := range writers {
					wg.Go(func() {
						<-start
						_, errs[i] = k.update(e, id, 1)
					})
				}
				close(start)
				wg.Wait()
				won := 0
				for _, err := range errs {
					switch plekwijzer.ErrorCode(err) {
					case "":
						won++
					case plekwijzer.EConflict:
					default:
						t.Errorf("unexpected error: %v", err)
					}
				}
				if won != 1 {
					t.Errorf("%d of %d updates of version 1 succeeded, want exactly 1", won, writers)
				}
				if v, err := k.get(e, id); err != nil || v != 2 {
					t.Errorf("stored version %d (%v), want 2", v, err)
				}
			})
		}
	})
}

// TestConcurrentBookingsNeverOverbook releases many bookings of the last
// places of one day-part at the same moment. On SQLite the writes
// serialise; on PostgreSQL the lock on the offer's row must, or two
// bookings would both see a free place.
func TestConcurrentBookingsNeverOverbook(t *testing.T) {
	t.Parallel()
	const (
		before  = 5 // booked before the race
		places  = 3 // left for it
		seekers = 32
	)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer(withCapacity(plekwijzer.Capacity{"ma-ochtend": before + places, "ma-middag": 5}))
		coach := e.coach()
		for range before {
			e.mustBook(e.participant(coach.ID).ID, o.ID, maOchtend, jan6, nil)
		}
		ps := make([]string, seekers)
		for i := range ps {
			ps[i] = e.participant(coach.ID).ID
		}

		warmUp(e, seekers)
		errs := make([]error, seekers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, p := range ps {
			wg.Go(func() {
				<-start
				_, errs[i] = e.book(p, o.ID, maOchtend, jan6, nil)
			})
		}
		close(start)
		wg.Wait()

		booked, refused := 0, 0
		for _, err := range errs {
			switch plekwijzer.ErrorCode(err) {
			case "":
				booked++
			case plekwijzer.EConflict:
				refused++
				if got, _ := details(err)["volleDagdelen"].([]plekwijzer.DayPart); len(got) != 1 || got[0] != "ma-ochtend" {
					t.Errorf("volleDagdelen %v, want [ma-ochtend]", got)
				}
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if booked != places || refused != seekers-places {
			t.Errorf("%d bookings succeeded and %d were refused; want %d and %d", booked, refused, places, seekers-places)
		}
		got, total, err := db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{OfferID: o.ID, Page: pageOf(1, 100)})
		must(t, err)
		holding := 0
		for _, pl := range got {
			if pl.Status.HoldsPlaces() && len(pl.DayParts) == 1 && pl.DayParts[0] == "ma-ochtend" {
				holding++
			}
		}
		if total != before+places || holding != before+places {
			t.Errorf("the database holds %d placements, %d of them holding a place on ma-ochtend; want %d", total, holding, before+places)
		}
	})
}

// TestConcurrentBookingsOfOneParticipant books one participant at many
// offers on the same day-part at once: the offers differ, so only the
// participant's own lock keeps them from being in two places.
func TestConcurrentBookingsOfOneParticipant(t *testing.T) {
	t.Parallel()
	const offers = 8
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		org, wt := e.organisation(), e.workType()
		os := make([]string, offers)
		for i := range os {
			os[i] = e.offer(func(o *plekwijzer.Offer) { o.OrganisationID, o.WorkTypeID = org.ID, wt.ID }).ID
		}
		p := e.participant(e.coach().ID).ID

		warmUp(e, offers)
		errs := make([]error, offers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, o := range os {
			wg.Go(func() {
				<-start
				_, errs[i] = e.book(p, o, maOchtend, jan6, nil)
			})
		}
		close(start)
		wg.Wait()

		booked := 0
		for _, err := range errs {
			switch plekwijzer.ErrorCode(err) {
			case "":
				booked++
			case plekwijzer.EConflict:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		_, total, err := db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{ParticipantID: p})
		must(t, err)
		if booked != 1 || total != 1 {
			t.Errorf("%d bookings succeeded, %d stored; want exactly 1", booked, total)
		}
	})
}

// warmUp opens n connections at once, so that racing goroutines find them
// ready in the pool and really start together instead of one after the
// other while they connect.
func warmUp(e *env, n int) {
	e.t.Helper()
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			<-start
			_, _, _ = e.db.FindOffers(e.ctx, plekwijzer.OfferFilter{})
		})
	}
	close(start)
	wg.Wait()
}

// race books each of participants at offers[i % len(offers)] at the same
// moment and returns how many bookings succeeded and how many were refused
// as full; any other answer fails the test.
func race(e *env, participants []string, offers []string, parts []plekwijzer.DayPart) (booked, refused int) {
	e.t.Helper()
	warmUp(e, len(participants))
	errs := make([]error, len(participants))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range participants {
		wg.Go(func() {
			<-start
			_, errs[i] = e.book(p, offers[i%len(offers)], parts, jan6, nil)
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		switch plekwijzer.ErrorCode(err) {
		case "":
			booked++
		case plekwijzer.EConflict:
			if _, ok := details(err)["volleDagdelen"]; !ok {
				e.t.Errorf("a conflict without volleDagdelen: %v", err)
			}
			refused++
		default:
			e.t.Errorf("unexpected error: %v", err)
		}
	}
	return booked, refused
}

// poolHolding counts the places held on ma-ochtend at the pool's offers by
// the GON partner's participants and by others.
func poolHolding(e *env, p *pool) (gon, others int) {
	e.t.Helper()
	for _, o := range p.offers {
		got, _, err := e.db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{OfferID: o.ID, Page: pageOf(1, 100)})
		must(e.t, err)
		for _, pl := range got {
			if !pl.Status.HoldsPlaces() {
				continue
			}
			x, err := e.db.Participant(e.ctx, *pl.ParticipantID)
			must(e.t, err)
			if x.ReferrerID != nil && *x.ReferrerID == p.gon.ID {
				gon++
			} else {
				others++
			}
		}
	}
	return gon, others
}

// TestConcurrentBookingsNeverTakeReservedPlaces races bookings for the
// last places of a pool of two offers that keeps places for a GON partner:
// others, booking at both offers at once (so no one offer lock orders
// them), get exactly the general places left; the partner's participants
// then get exactly the places left, reserved ones included.
func TestConcurrentBookingsNeverTakeReservedPlaces(t *testing.T) {
	t.Parallel()
	const (
		seekers  = 32
		reserved = 4
		general  = 3 // free for everyone after the bookings made first
	)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Ten places on ma-ochtend over two offers; four kept for GON; three
		// taken beforehand.
		p := e.pool(plekwijzer.Capacity{"ma-ochtend": 6}, plekwijzer.Capacity{"ma-ochtend": 4})
		e.contingent(p, plekwijzer.Capacity{"ma-ochtend": reserved})
		offers := p.offerIDs()
		for i := range 10 - reserved - general {
			e.mustBook(e.referred(p, nil), offers[i%2], maOchtend, jan6, nil)
		}

		others := make([]string, seekers)
		for i := range others {
			org := p.other
			if i%2 == 0 {
				org = nil
			}
			others[i] = e.referred(p, org)
		}
		booked, refused := race(e, others, offers, maOchtend)
		if booked != general || refused != seekers-general {
			t.Errorf("others: %d booked, %d refused; want %d and %d", booked, refused, general, seekers-general)
		}
		if gon, other := poolHolding(e, p); gon != 0 || other != 10-reserved {
			t.Errorf("after the others' race the pool holds %d GON and %d other places; want 0 and %d", gon, other, 10-reserved)
		}

		gonSeekers := make([]string, seekers)
		for i := range gonSeekers {
			gonSeekers[i] = e.referred(p, p.gon)
		}
		booked, refused = race(e, gonSeekers, offers, maOchtend)
		if booked != reserved || refused != seekers-reserved {
			t.Errorf("GON: %d booked, %d refused; want %d and %d", booked, refused, reserved, seekers-reserved)
		}
		if gon, other := poolHolding(e, p); gon != reserved || other != 10-reserved {
			t.Errorf("the pool holds %d GON and %d other places; want %d and %d", gon, other, reserved, 10-reserved)
		}
	})
}
