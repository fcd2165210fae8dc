package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/bench/benchutil"
)

// bookingResult is what the booking race measured and found.
type bookingResult struct {
	Offers, Weeks, Clients, Attempts int
	Free                             int // places free in the raced slots before the race
	Booked, Refused                  int
	Wall                             time.Duration
	Overbooked                       int // slots holding more placements than places afterwards
	WronglyRefused                   int // refusals for a slot that still had a free place at the end
	HeldByRace                       int // placements the race added to the slots, counted in the database
}

// slot is one offer's day-part in one week of the race.
type slot struct {
	Offer   string
	DayPart plekwijzer.DayPart
	Places  int
	Monday  plekwijzer.Date
}

// heldQuery counts the placements holding a place of an offer's day-part
// on a day: proposed or active, started, not ended.
const heldQuery = `SELECT count(*) FROM placements pl JOIN placement_day_parts d ON d.placement_id = pl.id
	WHERE pl.offer_id = ? AND d.day_part = ? AND pl.status IN ('voorgesteld', 'actief')
	AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date >= ?)`

func held(ctx context.Context, raw *sql.DB, engine string, s slot) (int, error) {
	var n int
	err := raw.QueryRowContext(ctx, benchutil.Rebind(engine, heldQuery), s.Offer, string(s.DayPart), string(s.Monday), string(s.Monday)).Scan(&n)
	return n, err
}

// booking races -clients clients, each booking -attempts waiting
// participants (every one once) into a week of one of -race-offers open
// offers that still have a place on their fullest day-part, through
// POST /plaatsingen as a beheerder, all at once. Afterwards it counts in
// the database that no slot holds more placements than places, that the
// race added as many as were booked, and that no booking was refused while
// its slot still had a free place.
func (b *bench) booking(ctx context.Context) error {
	cfg, res := b.cfg, &b.rep.Booking
	res.Clients, res.Attempts, res.Weeks = cfg.Clients, cfg.Attempts, cfg.RaceWeeks
	if n := cfg.Clients * cfg.Attempts; n > len(b.waiting) {
		return fmt.Errorf("%d attempts need as many waiting participants; there are %d", n, len(b.waiting))
	}
	raw, err := benchutil.OpenSQL(cfg.Engine, b.dbURL)
	if err != nil {
		return err
	}
	defer raw.Close()

	// The raced offers: open ones, spread over the list, with a free place
	// in their day-part of most places in the first week.
	first := plekwijzer.Today().Monday().AddDays(7)
	var offers [][]slot // per offer, one slot per week
	before := map[slot]int{}
	for _, id := range benchutil.Sample(b.open, len(b.open)/7+1) {
		if len(offers) == cfg.RaceOffers {
			break
		}
		places := b.places[id]
		best := 0
		for i, n := range places {
			if n > places[best] {
				best = i
			}
		}
		var weeks []slot
		free := 0
		for w := range cfg.RaceWeeks {
			s := slot{Offer: id, DayPart: plekwijzer.DayParts[best], Places: places[best], Monday: first.AddDays(7 * w)}
			n, err := held(ctx, raw, cfg.Engine, s)
			if err != nil {
				return err
			}
			before[s] = n
			free += max(0, s.Places-n)
			weeks = append(weeks, s)
		}
		if before[weeks[0]] < weeks[0].Places {
			offers = append(offers, weeks)
			res.Free += free
		}
	}
	res.Offers = len(offers)
	if len(offers) == 0 {
		return fmt.Errorf("no open offer with a free place to race for")
	}

	type attempt struct {
		slot    slot
		took    time.Duration
		refused bool
	}
	people := b.waiting[len(b.waiting)-cfg.Clients*cfg.Attempts:]
	attempts := make([][]attempt, cfg.Clients)
	errs := make([]error, cfg.Clients)
	startLine := make(chan struct{})
	var wg sync.WaitGroup
	for c := range cfg.Clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(cfg.Seed, uint64(c)))
			<-startLine
			for a := range cfg.Attempts {
				s := offers[rng.IntN(len(offers))][rng.IntN(cfg.RaceWeeks)]
				end := s.Monday.AddDays(4)
				body := map[string]any{"deelnemerId": people[c*cfg.Attempts+a], "werkplekId": s.Offer, "dagdelen": []plekwijzer.DayPart{s.DayPart},
					"startdatum": s.Monday, "einddatum": end, "status": plekwijzer.PlacementActive,
					// The race is about places, not fit: people and slots
					// are drawn at random, so the profile's rules are set
					// aside with a reason, as a coach may.
					"afwijking": map[string]string{"reden": "wedloop om plekken (benchmark)"}}
				t0 := time.Now()
				status, out, err := b.call(ctx, http.MethodPost, "/plaatsingen", plekwijzer.RoleAdmin, body)
				at := attempt{slot: s, took: time.Since(t0)}
				switch {
				case err != nil:
					errs[c] = err
					return
				case status == http.StatusConflict:
					at.refused = true
				case status != http.StatusCreated:
					errs[c] = fmt.Errorf("POST /plaatsingen: %d %s", status, out)
					return
				}
				attempts[c] = append(attempts[c], at)
			}
		})
	}
	began := time.Now()
	close(startLine)
	wg.Wait()
	res.Wall = time.Since(began)
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	var booked, refused []time.Duration
	for _, as := range attempts {
		for _, a := range as {
			if a.refused {
				res.Refused++
				refused = append(refused, a.took)
			} else {
				res.Booked++
				booked = append(booked, a.took)
			}
		}
	}
	for _, x := range []struct {
		what, label string
		ds          []time.Duration
	}{{"a booking that succeeds", "booked", booked}, {"a booking refused for want of places", "refused", refused}} {
		if len(x.ds) > 0 {
			b.rep.Areas = append(b.rep.Areas, &measure{Area: "booking", What: x.what, Label: x.label, Where: fmt.Sprintf("HTTP, beheerder, %d at once", cfg.Clients),
				Latency: benchutil.Summarise(x.ds), Times: x.ds, Items: -1, Considered: -1})
		}
	}

	after := map[slot]int{}
	for _, weeks := range offers {
		for _, s := range weeks {
			n, err := held(ctx, raw, cfg.Engine, s)
			if err != nil {
				return err
			}
			after[s] = n
			res.HeldByRace += n - before[s]
			if n > s.Places {
				res.Overbooked++
			}
		}
	}
	for _, as := range attempts {
		for _, a := range as {
			if a.refused && after[a.slot] < a.slot.Places {
				res.WronglyRefused++
			}
		}
	}
	logf(cfg.Log, "booking race: %d booked, %d refused of %d free places in %s; %d overbooked slots, %d wrong refusals",
		res.Booked, res.Refused, res.Free, res.Wall.Round(time.Millisecond), res.Overbooked, res.WronglyRefused)
	if res.HeldByRace != res.Booked {
		return fmt.Errorf("%d bookings succeeded but the database holds %d more placements in the raced slots", res.Booked, res.HeldByRace)
	}
	return nil
}
