package main

import (
	"context"
	"time"

	"github.com/iederz/plekwijzer/bench/dataset"
	"github.com/iederz/plekwijzer/store"
)

// loadData is what the load test needs of the generated data: whom to
// ask about, what to search for, and the tokens to ask with. -state keeps
// it between runs.
type loadData struct {
	Participants []string // ids of matchable participants, in generation order
	Offers       []string // ids of the open offers
	WorkTypes    []string // codes
	Postcodes    []string // where offers are, for searches near a place
	AdminToken   string
	CoachToken   string // of the coach with the largest caseload
	Caseload     int
	Counts       counts
}

type counts struct {
	Organisations, Offers, Open, Coaches, Participants, Matchable, Placements, Ended int
	Generate, Load                                                                   time.Duration
}

// newData generates offers offers and participants matchable participants
// (with a history of placements) from seed with the benchmarks' shared
// generator, loads them in bulk into the empty database at dbURL (of
// engine) and makes the tokens the load test asks with.
func newData(ctx context.Context, dbURL, engine string, offers, participants int, seed uint64) (*loadData, error) {
	start := time.Now()
	d, err := dataset.Generate(offers, participants, seed)
	if err != nil {
		return nil, err
	}
	generated := time.Since(start)
	start = time.Now()
	db, err := d.Load(ctx, dbURL, engine)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := &loadData{Participants: d.MatchableIDs(), Offers: d.OpenOfferIDs()}
	for _, w := range d.WorkTypes {
		out.WorkTypes = append(out.WorkTypes, w.Code)
	}
	seen := map[string]bool{}
	for _, o := range d.Offers {
		if !seen[o.PC4] && len(out.Postcodes) < 12 {
			seen[o.PC4] = true
			out.Postcodes = append(out.Postcodes, o.PC4)
		}
	}
	coach, caseload := d.BusiestCoach()
	out.Caseload = caseload
	if out.AdminToken, err = token(ctx, db, d.AdminID); err != nil {
		return nil, err
	}
	if out.CoachToken, err = token(ctx, db, coach); err != nil {
		return nil, err
	}
	ended := 0
	for _, pl := range d.Placements {
		if pl.End != "" {
			ended++
		}
	}
	out.Counts = counts{Organisations: len(d.Orgs), Offers: len(d.Offers), Open: d.OpenOffers(), Coaches: len(d.Coaches),
		Participants: len(d.Participants), Matchable: d.Matchable(), Placements: len(d.Placements), Ended: ended,
		Generate: generated, Load: time.Since(start)}
	return out, nil
}

func token(ctx context.Context, db *store.DB, userID string) (string, error) {
	_, secret, err := db.CreateToken(ctx, userID, "load", nil)
	return secret, err
}
