package main

import (
	"context"
	"fmt"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/store"
)

// demoPool reads the demo's offers, catalogue and statistics from the
// store into a matching pool, as the API does for a request.
func demoPool(ctx context.Context, db *store.DB) (*matching.Pool, []*plekwijzer.OfferDoc, error) {
	var docs []*plekwijzer.OfferDoc
	for after := ""; ; {
		ids, err := db.OfferIDs(ctx, after, 1000)
		if err != nil {
			return nil, nil, err
		}
		if len(ids) == 0 {
			break
		}
		ds, err := db.OfferDocs(ctx, ids)
		if err != nil {
			return nil, nil, err
		}
		docs = append(docs, ds...)
		after = ids[len(ids)-1]
	}
	cat, err := readCatalogue(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	dropouts, err := db.DropoutCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	pool := matching.NewPool(matching.Input{
		WorkTypes: cat.WorkTypes, Skills: cat.Skills, Offers: docs,
		Stats: matching.Stats{Dropouts: dropouts}, Today: plekwijzer.Today(),
	})
	return pool, docs, nil
}

// demoPeople prepares the demo's matchable participants with their
// history, and adds copies of them (same profile, no history, a new code)
// until there are n: the demo has fewer than the about 300 people a plan
// at iederz covers. It returns how many are copies.
func demoPeople(ctx context.Context, db *store.DB, pool *matching.Pool, n int) ([]matching.PlanPerson, int, error) {
	ps, err := db.MatchableParticipants(ctx, plekwijzer.ParticipantFilter{})
	if err != nil {
		return nil, 0, err
	}
	if len(ps) == 0 {
		return nil, 0, fmt.Errorf("the demo has no matchable participants")
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	hs, err := db.Histories(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	var out []matching.PlanPerson
	for _, p := range ps {
		if len(out) < n {
			out = append(out, matching.PlanPerson{Person: pool.Prepare(p, hs[p.ID])})
		}
	}
	copies := 0
	for i := 0; len(out) < n; i++ {
		c := *ps[i%len(ps)]
		c.ID = fmt.Sprintf("00000000-0000-4000-d000-%012d", i)
		c.Code = fmt.Sprintf("KOPIE-%04d", i)
		out = append(out, matching.PlanPerson{Person: pool.Prepare(&c, nil)})
		copies++
	}
	return out, copies, nil
}
