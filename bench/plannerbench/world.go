package main

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/store"
)

// catalogue is the work types and skills of the built-in catalogue, read
// back from the store the demo was loaded into.
type catalogue struct {
	WorkTypes []*plekwijzer.WorkType
	Skills    []*plekwijzer.Skill
}

func readCatalogue(ctx context.Context, db *store.DB) (catalogue, error) {
	var c catalogue
	ids, err := db.WorkTypeIDs(ctx)
	if err != nil {
		return c, err
	}
	if c.WorkTypes, err = db.WorkTypeDocs(ctx, ids); err != nil {
		return c, err
	}
	for page := 1; ; page++ {
		ss, total, err := db.FindSkills(ctx, plekwijzer.SkillFilter{Page: plekwijzer.Page{Number: page, Size: plekwijzer.MaxPageSize}})
		if err != nil {
			return c, err
		}
		c.Skills = append(c.Skills, ss...)
		if len(c.Skills) >= total || len(ss) == 0 {
			break
		}
	}
	return c, nil
}

// The GON referrers, whose participants may use the reserved places.
var gonReferrers = []string{"00000000-0000-4000-8000-00000000a001", "00000000-0000-4000-8000-00000000a002", "00000000-0000-4000-8000-00000000a003"}

// largeWorld generates the synthetic instance of the issue: offers with
// exactly slotsPerOffer day-parts free each (offers × slotsPerOffer
// slots), 1 to 12 free places per slot, a fifth of the offers with places
// reserved for the GON referrers; and people across the province with
// random profiles. The same seed gives the same world.
func largeWorld(cat catalogue, seed uint64, people, offers, slotsPerOffer int) (*matching.Pool, []matching.PlanPerson) {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	areas := geo.InProvince("Groningen")
	pc4 := func() string { return areas[r.IntN(len(areas))].PC4 }
	kinds := []plekwijzer.OrganisationKind{"afdeling", "sociale-onderneming", "sociale-onderneming", "zorgaanbieder", "onderwijs", "overig"}
	docs := make([]*plekwijzer.OfferDoc, offers)
	for i := range docs {
		wt := cat.WorkTypes[r.IntN(len(cat.WorkTypes))]
		o := &plekwijzer.Offer{
			ID: offerID(i), OrganisationID: fmt.Sprintf("00000000-0000-4000-a000-%012d", r.IntN(offers/15+1)),
			Title: "Werkplek " + wt.Name, WorkTypeID: wt.ID,
			RequiredSkills: pick(r, wt.Skills, 2), LearnableSkills: pick(r, wt.Skills, 3),
			Supervision: 1 + r.IntN(4), PhysicalLoad: plekwijzer.Loads[r.IntN(3)], Postcode: pc4(),
			Access:       plekwijzer.Accessibility{PublicTransport: r.IntN(5) > 0, Wheelchair: r.IntN(2) == 0},
			TargetGroups: []plekwijzer.TargetGroup{}, Status: plekwijzer.OfferOpen, DevelopmentPlace: r.IntN(2) == 0,
		}
		if r.IntN(6) == 0 {
			o.TargetGroups = []plekwijzer.TargetGroup{plekwijzer.TargetGroups[r.IntN(len(plekwijzer.TargetGroups))]}
		}
		d := &plekwijzer.OfferDoc{Offer: o, OrganisationKind: kinds[r.IntN(len(kinds))], WorkTypeCode: wt.Code, WorkTypeName: wt.Name, Free: plekwijzer.Capacity{}}
		for _, k := range r.Perm(len(plekwijzer.DayParts))[:slotsPerOffer] {
			d.Free[plekwijzer.DayParts[k]] = 1 + r.IntN(12)
		}
		if r.IntN(5) == 0 {
			res := plekwijzer.ReservedFree{ContingentID: "gon", ReferrerIDs: gonReferrers, Free: plekwijzer.Capacity{}}
			for _, dp := range plekwijzer.DayParts { // in order: the same seed, the same world
				if d.Free[dp] > 0 && r.IntN(2) == 0 {
					res.Free[dp] = 1 + r.IntN(3)
				}
			}
			d.Reserved = []plekwijzer.ReservedFree{res}
		}
		o.Capacity = maps.Clone(d.Free)
		docs[i] = d
	}
	pool := matching.NewPool(matching.Input{WorkTypes: cat.WorkTypes, Skills: cat.Skills, Offers: docs, Today: "2026-06-01"})
	wtIDs := make([]string, len(cat.WorkTypes))
	for i, wt := range cat.WorkTypes {
		wtIDs[i] = wt.ID
	}
	skillIDs := make([]string, 0, len(cat.Skills))
	for _, wt := range cat.WorkTypes {
		skillIDs = append(skillIDs, wt.Skills...)
	}
	out := make([]matching.PlanPerson, people)
	for i := range out {
		p := &plekwijzer.Participant{
			ID: fmt.Sprintf("00000000-0000-4000-b000-%012d", i), Code: fmt.Sprintf("DN-%06d", i),
			TargetGroup: plekwijzer.TargetGroups[r.IntN(len(plekwijzer.TargetGroups))], Phase: "voortraject",
			Postcode: pc4(), MaxTravelKm: 10 + r.IntN(40), SupervisionNeed: 1 + r.IntN(3),
			LoadCapacity: plekwijzer.Loads[r.IntN(3)], Wheelchair: r.IntN(20) == 0,
			Interests: pick(r, wtIDs, 3), LearningGoals: pick(r, skillIDs, 2),
		}
		avoid := pick(r, wtIDs, 2)
		p.Avoid = slices.DeleteFunc(avoid, func(id string) bool { return slices.Contains(p.Interests, id) })
		for _, k := range r.Perm(len(plekwijzer.DayParts))[:3+r.IntN(6)] {
			p.Availability = append(p.Availability, plekwijzer.DayParts[k])
		}
		p.Availability = plekwijzer.SortedDayParts(p.Availability)
		for _, s := range pick(r, skillIDs, 5) {
			p.Skills = append(p.Skills, plekwijzer.SkillLevel{SkillID: s, Level: 1 + r.IntN(3)})
		}
		switch x := r.IntN(20); {
		case x < 3:
			p.ReferrerID = &gonReferrers[x]
		case x < 9:
			ref := fmt.Sprintf("00000000-0000-4000-c000-%012d", x)
			p.ReferrerID = &ref
		}
		out[i] = matching.PlanPerson{Person: pool.Prepare(p, nil)}
	}
	return pool, out
}

// offerID is the id of the i-th generated offer.
func offerID(i int) string { return fmt.Sprintf("00000000-0000-4000-9000-%012d", i) }

// pick returns up to k distinct items of from.
func pick(r *rand.Rand, from []string, k int) []string {
	out := []string{}
	if len(from) == 0 {
		return out
	}
	for _, i := range r.Perm(len(from))[:min(len(from), r.IntN(k+1))] {
		out = append(out, from[i])
	}
	return out
}
