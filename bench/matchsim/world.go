package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
)

// world is what the evaluation ranks over: the catalogue, the demo's
// organisations and offers, and the demo's participants as templates for
// synthetic people. It is read through the store from an in-memory SQLite
// database that seed.Demo filled, the way the service reads it.
type world struct {
	today     plekwijzer.Date
	workTypes []*plekwijzer.WorkType
	skills    []*plekwijzer.Skill
	// offers are the open offers, with their whole capacity free: the
	// simulation books its own placements.
	offers    []*plekwijzer.OfferDoc
	people    []*plekwijzer.Participant // the demo's participants, not uitgestroomd
	wtByID    map[string]*plekwijzer.WorkType
	wtByCode  map[string]*plekwijzer.WorkType
	skillByID map[string]*plekwijzer.Skill
	// skillByName finds a skill by its lower-case name.
	skillByName map[string]*plekwijzer.Skill
}

// demoToday is the day the demo is built around and the simulation starts:
// a fixed Monday, so every run gives the same data.
const demoToday plekwijzer.Date = "2026-01-05"

// loadWorld loads the catalogue and the demo of the given seed.
func loadWorld(ctx context.Context, demoSeed uint64) (*world, error) {
	db, err := store.Open(ctx, ":memory:", nil)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if _, err := seed.Demo(ctx, db, seed.DemoOptions{Seed: demoSeed, Today: demoToday}); err != nil {
		return nil, err
	}
	w := &world{today: demoToday, wtByID: map[string]*plekwijzer.WorkType{}, wtByCode: map[string]*plekwijzer.WorkType{}, skillByID: map[string]*plekwijzer.Skill{}}
	ids, err := db.WorkTypeIDs(ctx)
	if err != nil {
		return nil, err
	}
	if w.workTypes, err = db.WorkTypeDocs(ctx, ids); err != nil {
		return nil, err
	}
	for _, wt := range w.workTypes {
		w.wtByID[wt.ID], w.wtByCode[wt.Code] = wt, wt
	}
	for page := 1; ; page++ {
		ss, total, err := db.FindSkills(ctx, plekwijzer.SkillFilter{Page: plekwijzer.Page{Number: page, Size: plekwijzer.MaxPageSize}})
		if err != nil {
			return nil, err
		}
		w.skills = append(w.skills, ss...)
		if len(w.skills) >= total || len(ss) == 0 {
			break
		}
	}
	w.skillByName = make(map[string]*plekwijzer.Skill, len(w.skills))
	for _, s := range w.skills {
		w.skillByID[s.ID], w.skillByName[strings.ToLower(s.Name)] = s, s
	}
	offerIDs, err := db.OfferIDs(ctx, "", 10_000)
	if err != nil {
		return nil, err
	}
	docs, err := db.OfferDocs(ctx, offerIDs)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.Offer.Status != plekwijzer.OfferOpen {
			continue
		}
		d.Free = maps.Clone(d.Offer.Capacity)
		d.Reserved = nil
		w.offers = append(w.offers, d)
	}
	slices.SortFunc(w.offers, func(a, b *plekwijzer.OfferDoc) int { return strings.Compare(a.Offer.ID, b.Offer.ID) })
	if w.people, err = db.MatchableParticipants(ctx, plekwijzer.ParticipantFilter{}); err != nil {
		return nil, err
	}
	if len(w.offers) == 0 || len(w.people) == 0 || w.wtByCode[packingCode] == nil {
		return nil, fmt.Errorf("demo has %d open offers, %d participants", len(w.offers), len(w.people))
	}
	return w, nil
}

// packingCode is the catalogue code of packing and repacking.
const packingCode = "inpakken"
