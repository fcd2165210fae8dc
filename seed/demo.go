package seed

import (
	"context"
	"errors"
	"fmt"

	"github.com/iederz/plekwijzer"
)

// DemoOptions tune the demo data.
type DemoOptions struct {
	// Seed chooses one of many equally realistic demos; the same seed
	// always gives the same data.
	Seed uint64
	// Today is the day the demo is built around: history lies before it,
	// proposed placements after it. Empty means today.
	Today plekwijzer.Date
}

// DemoResult says what Demo created.
type DemoResult struct {
	// Tokens maps each demo user's name to an API token secret, so the
	// demo can be explored in every role. They are shown once.
	Tokens        map[string]string
	Organisations int
	Offers        int
	Participants  int
	Placements    int
	Contingents   int
	// Proposals are the voordrachten sent on top of the planned
	// placements (voordrachten.go).
	Proposals int
	// Evaluations are the evaluations of the history (evaluations.go).
	Evaluations int
}

// ErrNotEmpty is returned by Demo for a database that already has
// organisations: demo data mixed into real data could not be told apart.
var ErrNotEmpty = errors.New("seed: demo data needs an empty database")

// Demo loads the catalogue and realistic demo data for Groningen into an
// empty database. Everything goes through the store's public methods, so
// the demo obeys the same rules as real use. A placement the store refuses
// for lack of capacity is skipped rather than failing the demo; the
// generator books capacity the way the store does, so this does not happen
// unless the store's rules change.
func Demo(ctx context.Context, s plekwijzer.Store, opts DemoOptions) (*DemoResult, error) {
	if err := Catalogue(ctx, s); err != nil {
		return nil, err
	}
	_, n, err := s.FindOrganisations(ctx, plekwijzer.OrganisationFilter{Page: plekwijzer.Page{Number: 1, Size: 1}})
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	p, err := newPlan(opts)
	if err != nil {
		return nil, err
	}
	w := &writer{s: s, p: p, res: &DemoResult{Tokens: map[string]string{}}}
	steps := []func(context.Context) error{
		w.organisations, w.users, w.offers, w.participants, w.placements, w.evaluations, w.offerStatuses, w.proposals, w.contingent,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return w.res, nil
}

// writer writes a plan through the store.
type writer struct {
	s   plekwijzer.Store
	p   *plan
	res *DemoResult
}

func (w *writer) organisations(ctx context.Context) error {
	for _, o := range w.p.organisations {
		if err := w.s.CreateOrganisation(ctx, o); err != nil {
			return fmt.Errorf("seed: organisation %s: %w", o.Name, err)
		}
		w.res.Organisations++
	}
	return nil
}

func (w *writer) users(ctx context.Context) error {
	for _, u := range w.p.users {
		if err := w.s.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("seed: user %s: %w", u.Name, err)
		}
		_, secret, err := w.s.CreateToken(ctx, u.ID, "demo", nil)
		if err != nil {
			return fmt.Errorf("seed: token for %s: %w", u.Name, err)
		}
		w.res.Tokens[u.Name] = secret
	}
	return nil
}

func (w *writer) offers(ctx context.Context) error {
	for _, o := range w.p.offers {
		if err := w.s.CreateOffer(ctx, o); err != nil {
			return fmt.Errorf("seed: offer %s: %w", o.Title, err)
		}
		w.res.Offers++
	}
	return nil
}

func (w *writer) participants(ctx context.Context) error {
	for _, p := range w.p.participants {
		if err := w.s.CreateParticipant(ctx, p); err != nil {
			return fmt.Errorf("seed: participant %s: %w", p.Code, err)
		}
		w.res.Participants++
	}
	return nil
}

// placements books every planned placement the way a coach would: history
// as an active placement over its real period that is then ended with its
// outcome, cancellations as a proposal that is withdrawn, and current
// placements as they are.
func (w *writer) placements(ctx context.Context) error {
	for _, pp := range w.p.placements {
		created := pp.Status
		switch pp.Status {
		case plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout:
			created = plekwijzer.PlacementActive
		case plekwijzer.PlacementCancelled:
			created = plekwijzer.PlacementProposed
		}
		pid := pp.ParticipantID
		pl := &plekwijzer.Placement{
			ID:              pp.ID,
			ParticipantID:   &pid,
			ParticipantCode: pp.Code,
			OfferID:         pp.OfferID,
			DayParts:        pp.DayParts,
			StartDate:       pp.Start,
			EndDate:         pp.End,
			Status:          created,
		}
		if err := w.s.CreatePlacement(ctx, pl); err != nil {
			if plekwijzer.ErrorCode(err) == plekwijzer.EConflict {
				continue // full after all: a coach would pick another place
			}
			return fmt.Errorf("seed: placement of %s: %w", pp.Code, err)
		}
		w.res.Placements++
		if created == pp.Status {
			continue
		}
		status := pp.Status
		u := plekwijzer.PlacementUpdate{Status: &status, Outcome: pp.Outcome, EndDate: pp.End}
		if _, err := w.s.UpdatePlacement(ctx, pl.ID, u, 0); err != nil {
			return fmt.Errorf("seed: ending placement of %s: %w", pp.Code, err)
		}
	}
	return nil
}

// offerStatuses pauses and closes offers last: the store books no
// placement on an offer that is not open, and these offers have history.
func (w *writer) offerStatuses(ctx context.Context) error {
	for _, o := range w.p.offers {
		st, ok := w.p.finalStatus[o.ID]
		if !ok {
			continue
		}
		if _, err := w.s.UpdateOffer(ctx, o.ID, plekwijzer.OfferUpdate{Status: &st}, 0); err != nil {
			return fmt.Errorf("seed: offer %s: %w", o.Title, err)
		}
	}
	return nil
}

// contingent reserves a fifth of the open development places per day-part
// for the participants the care providers (the GON partners) refer, as the
// letter has it (20 of 100), from today on and released two weeks ahead.
// It comes last: the history was booked before it existed.
func (w *writer) contingent(ctx context.Context) error {
	k := &plekwijzer.Contingent{Name: "GON-partners (Wmo-dagbesteding)", Places: plekwijzer.Capacity{},
		ReleaseDays: 14, StartDate: w.p.today}
	for _, o := range w.p.organisations {
		if o.Kind == "zorgaanbieder" {
			k.ReferrerIDs = append(k.ReferrerIDs, o.ID)
		}
	}
	pool := plekwijzer.Capacity{}
	for _, o := range w.p.offers {
		if _, closed := w.p.finalStatus[o.ID]; closed || !o.DevelopmentPlace {
			continue
		}
		k.OfferIDs = append(k.OfferIDs, o.ID)
		for d, n := range o.Capacity {
			pool[d] += n
		}
	}
	for d, n := range pool {
		if n/5 > 0 {
			k.Places[d] = n / 5
		}
	}
	if len(k.OfferIDs) == 0 || len(k.ReferrerIDs) == 0 || len(k.Places) == 0 {
		return nil
	}
	if err := w.s.CreateContingent(ctx, k); err != nil {
		return fmt.Errorf("seed: contingent: %w", err)
	}
	w.res.Contingents++
	return nil
}
