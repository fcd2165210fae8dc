package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/store"
)

// world is the benchmark's data: organisations, a coach, and one new
// participant for every booking attempt of a scenario (the scenarios use
// other day-parts, so they can share them).
type world struct {
	db           *store.DB
	raw          *sql.DB
	cfg          config
	org, gon     *plekwijzer.Organisation
	coach        *plekwijzer.User
	workTypes    []string
	participants []string // participants[i] is referred by gon when i is even
}

func newWorld(ctx context.Context, db *store.DB, raw *sql.DB, cfg config) (*world, error) {
	w := &world{db: db, raw: raw, cfg: cfg}
	w.org = &plekwijzer.Organisation{Name: "iederz Werkplaats", Kind: "afdeling", Postcode: "9723", Place: "Groningen"}
	w.gon = &plekwijzer.Organisation{Name: "Zorggroep Noorderzon", Kind: "zorgaanbieder", Postcode: "9741", Place: "Groningen"}
	for _, o := range []*plekwijzer.Organisation{w.org, w.gon} {
		if err := db.CreateOrganisation(ctx, o); err != nil {
			return nil, err
		}
	}
	w.coach = &plekwijzer.User{Name: "Coach", Role: plekwijzer.RoleCoach}
	if err := db.CreateUser(ctx, w.coach); err != nil {
		return nil, err
	}
	wts, _, err := db.FindWorkTypes(ctx, plekwijzer.WorkTypeFilter{Page: plekwijzer.Page{Number: 1, Size: plekwijzer.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	for _, wt := range wts {
		w.workTypes = append(w.workTypes, wt.ID)
	}
	w.participants = make([]string, cfg.Clients*cfg.Attempts)
	err = benchutil.Parallel(8, len(w.participants), func(i int) error {
		p := w.newParticipant(fmt.Sprintf("BB-%05d", i), i%2 == 0, plekwijzer.TargetGroups[i%len(plekwijzer.TargetGroups)])
		if err := db.CreateParticipant(ctx, p); err != nil {
			return err
		}
		w.participants[i] = p.ID
		return nil
	})
	return w, err
}

func (w *world) newParticipant(code string, gon bool, g plekwijzer.TargetGroup) *plekwijzer.Participant {
	p := &plekwijzer.Participant{Code: code, CoachID: w.coach.ID, TargetGroup: g, Phase: "ontwikkelplek",
		Availability: plekwijzer.DayParts, Postcode: "9723", MaxTravelKm: 15, SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadMedium}
	if gon {
		p.ReferrerID = &w.gon.ID
	}
	return p
}

// scenario is one booking race.
type scenario struct {
	name     string
	dayPart  plekwijzer.DayPart
	offers   int // offers the clients pick from (0: one per client)
	places   int
	weeks    int
	reserved int // places of the day-part kept for the GON partner over all offers
}

func (w *world) scenarios() []scenario {
	c := w.cfg
	return []scenario{
		{name: "baseline", dayPart: "do-ochtend", places: c.Attempts, weeks: 1},
		{name: "few places", dayPart: "ma-ochtend", offers: c.Offers, places: c.Places, weeks: c.Weeks},
		{name: "few places, half reserved", dayPart: "di-ochtend", offers: c.Offers, places: c.Places, weeks: c.Weeks,
			reserved: max(1, c.Offers*c.Places/2)},
	}
}

// bookingResult is what one scenario measured and found.
type bookingResult struct {
	Scenario        scenario
	Offers          int
	Attempts        int
	Booked, Refused int
	Wall            time.Duration
	BookedLatency   benchutil.Latency
	RefusedLatency  benchutil.Latency
	Overbooked      int // offer-weeks holding more placements than places
	ReservedTaken   int // weeks in which others hold reserved places
	WronglyRefused  int // refusals while a place the participant could take was free
	HeldAfterwards  int // placements holding places at the end, counted in the database
}

// attempt is one booking try of the race.
type attempt struct {
	offer   int
	week    int
	gon     bool
	took    time.Duration
	booked  bool
	refused bool
}

func (w *world) book(ctx context.Context, sc scenario) (*bookingResult, error) {
	n := sc.offers
	if n == 0 {
		n = w.cfg.Clients
	}
	offers := make([]*plekwijzer.Offer, n)
	for i := range offers {
		offers[i] = &plekwijzer.Offer{OrganisationID: w.org.ID, Title: fmt.Sprintf("%s %d", sc.name, i+1),
			WorkTypeID: w.workTypes[i%len(w.workTypes)], Supervision: 2, PhysicalLoad: plekwijzer.LoadLow,
			Capacity: plekwijzer.Capacity{sc.dayPart: sc.places}, Postcode: "9723"}
		if err := w.db.CreateOffer(ctx, offers[i]); err != nil {
			return nil, err
		}
	}
	var contingent *plekwijzer.Contingent
	if sc.reserved > 0 {
		contingent = &plekwijzer.Contingent{Name: "GON " + sc.name, ReferrerIDs: []string{w.gon.ID},
			Places: plekwijzer.Capacity{sc.dayPart: sc.reserved}, StartDate: plekwijzer.Today()}
		for _, o := range offers {
			contingent.OfferIDs = append(contingent.OfferIDs, o.ID)
		}
		if err := w.db.CreateContingent(ctx, contingent); err != nil {
			return nil, err
		}
	}
	monday := nextMonday()
	attempts := make([][]attempt, w.cfg.Clients)
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, w.cfg.Clients)
	for c := range w.cfg.Clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(w.cfg.Seed, uint64(c)))
			<-start
			for a := range w.cfg.Attempts {
				i := c*w.cfg.Attempts + a
				at := attempt{offer: c, gon: i%2 == 0}
				if sc.offers > 0 {
					at.offer, at.week = rng.IntN(sc.offers), rng.IntN(sc.weeks)
				}
				first := monday.AddDays(7 * at.week)
				last := first.AddDays(4)
				pl := &plekwijzer.Placement{ParticipantID: &w.participants[i], OfferID: offers[at.offer].ID,
					DayParts: []plekwijzer.DayPart{sc.dayPart}, StartDate: first, EndDate: &last, Status: plekwijzer.PlacementActive}
				t0 := time.Now()
				err := w.db.CreatePlacement(ctx, pl)
				at.took = time.Since(t0)
				switch plekwijzer.ErrorCode(err) {
				case "":
					at.booked = true
				case plekwijzer.EConflict:
					at.refused = true
				default:
					errs[c] = err
					return
				}
				attempts[c] = append(attempts[c], at)
			}
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	res := &bookingResult{Scenario: sc, Offers: n, Wall: time.Since(began)}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var booked, refused []time.Duration
	for _, as := range attempts {
		for _, a := range as {
			res.Attempts++
			if a.booked {
				res.Booked++
				booked = append(booked, a.took)
			} else {
				res.Refused++
				refused = append(refused, a.took)
			}
		}
	}
	res.BookedLatency, res.RefusedLatency = benchutil.Summarise(booked), benchutil.Summarise(refused)
	return res, w.verify(ctx, res, offers, contingent, attempts)
}

// verify counts, in the database, the places held per offer and week and
// checks them against the places and the contingent, and checks that every
// refusal was for want of a place the participant could take.
func (w *world) verify(ctx context.Context, res *bookingResult, offers []*plekwijzer.Offer, c *plekwijzer.Contingent, attempts [][]attempt) error {
	sc := res.Scenario
	weeks := max(sc.weeks, 1)
	type slot struct{ offer, week int }
	gonHeld, othersHeld := map[slot]int{}, map[slot]int{}
	for i, o := range offers {
		for wk := range weeks {
			day := nextMonday().AddDays(7 * wk)
			var gon, others int
			if err := w.raw.QueryRowContext(ctx, benchutil.Rebind(w.cfg.Engine, `SELECT
				coalesce(sum(CASE WHEN pl.referrer_id = ? THEN 1 ELSE 0 END), 0),
				coalesce(sum(CASE WHEN pl.referrer_id = ? THEN 0 ELSE 1 END), 0)
				FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id
				WHERE pl.offer_id = ? AND d.day_part = ? AND pl.status = 'actief' AND pl.start_date <= ? AND pl.end_date >= ?`),
				w.gon.ID, w.gon.ID, o.ID, string(sc.dayPart), string(day), string(day)).Scan(&gon, &others); err != nil {
				return err
			}
			gonHeld[slot{i, wk}], othersHeld[slot{i, wk}] = gon, others
			res.HeldAfterwards += gon + others
			if gon+others > sc.places {
				res.Overbooked++
			}
		}
	}
	pool := func(wk int) (gon, others int) {
		for i := range offers {
			gon += gonHeld[slot{i, wk}]
			others += othersHeld[slot{i, wk}]
		}
		return gon, others
	}
	capacity := sc.places * len(offers)
	if c != nil {
		for wk := range weeks {
			if gon, others := pool(wk); others+max(gon, sc.reserved) > capacity {
				res.ReservedTaken++
			}
		}
	}
	for _, as := range attempts {
		for _, a := range as {
			if !a.refused {
				continue
			}
			s := slot{a.offer, a.week}
			full := gonHeld[s]+othersHeld[s] >= sc.places
			if c != nil && !a.gon {
				gon, others := pool(a.week)
				full = full || others+max(gon, sc.reserved) >= capacity
			}
			if !full {
				res.WronglyRefused++
			}
		}
	}
	if res.HeldAfterwards != res.Booked {
		return fmt.Errorf("%d bookings succeeded but the database holds %d", res.Booked, res.HeldAfterwards)
	}
	if res.Overbooked > 0 || res.ReservedTaken > 0 || res.WronglyRefused > 0 {
		return fmt.Errorf("%d overbooked offer-weeks, %d weeks with reserved places taken by others, %d wrong refusals",
			res.Overbooked, res.ReservedTaken, res.WronglyRefused)
	}
	return nil
}
