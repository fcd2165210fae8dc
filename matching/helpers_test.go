package matching

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/iederz/plekwijzer"
)

// A small world: four work types, six skills in three groups, postcodes in
// and around Groningen.
const today plekwijzer.Date = "2026-06-01"

var (
	wtBike    = &plekwijzer.WorkType{ID: "wt-bike", Code: "fietsenreparatie", Name: "Fietsenreparatie", Skills: []string{"s-repair", "s-tools"}, PhysicalLoad: "midden"}
	wtGreen   = &plekwijzer.WorkType{ID: "wt-green", Code: "groenvoorziening", Name: "Groenvoorziening", Skills: []string{"s-plants", "s-tools"}, PhysicalLoad: "hoog"}
	wtPack    = &plekwijzer.WorkType{ID: "wt-pack", Code: "inpakken", Name: "Inpakken", Skills: []string{"s-pack"}, PhysicalLoad: "laag"}
	wtKitchen = &plekwijzer.WorkType{ID: "wt-kitchen", Code: "keuken-catering", Name: "Keuken en catering", Skills: []string{"s-hygiene", "s-customers"}, PhysicalLoad: "midden"}
	workTypes = []*plekwijzer.WorkType{wtBike, wtGreen, wtPack, wtKitchen}
	skills    = []*plekwijzer.Skill{
		{ID: "s-repair", Name: "fietsen repareren", Group: "techniek"},
		{ID: "s-tools", Name: "handgereedschap gebruiken", Group: "techniek"},
		{ID: "s-plants", Name: "planten verzorgen", Group: "groen"},
		{ID: "s-pack", Name: "goederen inpakken", Group: "logistiek"},
		{ID: "s-hygiene", Name: "hygiënenormen toepassen", Group: "zorg"},
		{ID: "s-customers", Name: "klantvriendelijk werken", Group: "zorg"},
	}
	postcodes = []string{"9711", "9712", "9725", "9741", "9601", "9301", "9402"}
)

// doc is an open offer with two places on every morning, at 9712, that asks
// nothing special. Options change it.
func doc(id string, wt *plekwijzer.WorkType, opts ...func(*plekwijzer.OfferDoc)) *plekwijzer.OfferDoc {
	d := &plekwijzer.OfferDoc{
		Offer: &plekwijzer.Offer{
			ID: id, OrganisationID: "org-" + id, Title: "Werkplek " + id, WorkTypeID: wt.ID,
			Supervision: 3, PhysicalLoad: plekwijzer.LoadLow, Postcode: "9712",
			Access: plekwijzer.Accessibility{PublicTransport: true, Wheelchair: true},
			Status: plekwijzer.OfferOpen, RequiredSkills: []string{}, LearnableSkills: []string{},
			TargetGroups: []plekwijzer.TargetGroup{},
		},
		OrganisationName: "Organisatie " + id, OrganisationKind: "sociale-onderneming",
		WorkTypeCode: wt.Code, WorkTypeName: wt.Name,
		Free: plekwijzer.Capacity{"ma-ochtend": 2, "di-ochtend": 2, "wo-ochtend": 2, "do-ochtend": 2, "vr-ochtend": 2},
	}
	d.Offer.Capacity = d.Free
	for _, o := range opts {
		o(d)
	}
	return d
}

// person is a participant available every morning at 9711, 20 km range,
// who needs supervision level 2 and can bear medium load.
func person(opts ...func(*plekwijzer.Participant)) *plekwijzer.Participant {
	p := &plekwijzer.Participant{
		ID: "p1", Code: "DN-0001", TargetGroup: "statushouder", Phase: "voortraject",
		Availability: []plekwijzer.DayPart{"ma-ochtend", "di-ochtend", "wo-ochtend", "do-ochtend", "vr-ochtend"},
		Postcode:     "9711", MaxTravelKm: 20, SupervisionNeed: 2, LoadCapacity: plekwijzer.LoadMedium,
		Skills: []plekwijzer.SkillLevel{}, Interests: []string{}, Avoid: []string{}, LearningGoals: []string{},
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

func newPool(docs []*plekwijzer.OfferDoc, stats Stats) *Pool {
	return NewPool(Input{WorkTypes: workTypes, Skills: skills, Offers: docs, Stats: stats, Today: today})
}

func ptr[T any](v T) *T { return &v }

// randomWorld makes n random offers and m random participants with random
// histories, for the properties.
func randomWorld(r *rand.Rand, n, m int) ([]*plekwijzer.OfferDoc, []*plekwijzer.Participant, map[string][]plekwijzer.HistoryEntry) {
	pick := func(k int, from []string) []string {
		var out []string
		for _, i := range r.Perm(len(from))[:r.IntN(k+1)] {
			out = append(out, from[i])
		}
		return out
	}
	skillIDs := make([]string, len(skills))
	for i, s := range skills {
		skillIDs[i] = s.ID
	}
	wtIDs := []string{wtBike.ID, wtGreen.ID, wtPack.ID, wtKitchen.ID}
	docs := make([]*plekwijzer.OfferDoc, n)
	for i := range docs {
		wt := workTypes[r.IntN(len(workTypes))]
		docs[i] = doc(fmt.Sprintf("o%03d", i), wt, func(d *plekwijzer.OfferDoc) {
			o := d.Offer
			o.OrganisationID = fmt.Sprintf("org%d", r.IntN(5))
			o.Supervision = 1 + r.IntN(4)
			o.PhysicalLoad = plekwijzer.Loads[r.IntN(3)]
			o.Postcode = postcodes[r.IntN(len(postcodes))]
			o.Access = plekwijzer.Accessibility{PublicTransport: r.IntN(3) > 0, Wheelchair: r.IntN(2) == 0}
			o.RequiredSkills = pick(2, skillIDs)
			o.LearnableSkills = pick(3, skillIDs)
			if r.IntN(4) == 0 {
				o.TargetGroups = []plekwijzer.TargetGroup{plekwijzer.TargetGroups[r.IntN(len(plekwijzer.TargetGroups))]}
			}
			if r.IntN(8) == 0 {
				o.Status = plekwijzer.OfferPaused
			}
			d.Free = plekwijzer.Capacity{}
			for _, dp := range plekwijzer.DayParts {
				if r.IntN(3) == 0 {
					d.Free[dp] = r.IntN(3)
				}
			}
			d.OrganisationKind = plekwijzer.OrganisationKinds[r.IntN(len(plekwijzer.OrganisationKinds))]
			o.DevelopmentPlace = r.IntN(2) == 0
		})
	}
	people := make([]*plekwijzer.Participant, m)
	hist := map[string][]plekwijzer.HistoryEntry{}
	for i := range people {
		people[i] = person(func(p *plekwijzer.Participant) {
			p.ID, p.Code = fmt.Sprintf("p%03d", i), fmt.Sprintf("DN-%04d", i)
			p.TargetGroup = plekwijzer.TargetGroups[r.IntN(len(plekwijzer.TargetGroups))]
			p.Phase = plekwijzer.Phases[r.IntN(len(plekwijzer.Phases)-1)]
			p.Availability = nil
			for _, dp := range plekwijzer.DayParts {
				if r.IntN(2) == 0 {
					p.Availability = append(p.Availability, dp)
				}
			}
			p.Postcode = postcodes[r.IntN(len(postcodes))]
			p.MaxTravelKm = r.IntN(60)
			p.SupervisionNeed = 1 + r.IntN(4)
			p.LoadCapacity = plekwijzer.Loads[r.IntN(3)]
			p.Wheelchair = r.IntN(5) == 0
			for _, s := range pick(3, skillIDs) {
				p.Skills = append(p.Skills, plekwijzer.SkillLevel{SkillID: s, Level: 1 + r.IntN(3)})
			}
			ws := pick(2, wtIDs)
			p.Interests = ws[:len(ws)/2+len(ws)%2]
			p.Avoid = ws[len(p.Interests):]
			p.LearningGoals = pick(2, skillIDs)
		})
		for range r.IntN(4) {
			d := docs[r.IntN(n)]
			st := []plekwijzer.PlacementStatus{plekwijzer.PlacementActive, plekwijzer.PlacementCompleted, plekwijzer.PlacementDropout, plekwijzer.PlacementProposed}[r.IntN(4)]
			start := today.AddDays(-r.IntN(700))
			var end *plekwijzer.Date
			if st.Ended() {
				end = ptr(start.AddDays(r.IntN(200)))
			}
			hist[people[i].ID] = append(hist[people[i].ID], plekwijzer.HistoryEntry{
				ParticipantID: people[i].ID, OfferID: d.Offer.ID, WorkTypeID: d.Offer.WorkTypeID,
				OrganisationID: d.Offer.OrganisationID, DayParts: []plekwijzer.DayPart{plekwijzer.DayParts[r.IntN(10)]},
				Start: start, End: end, Status: st,
			})
		}
	}
	return docs, people, hist
}

// violates is an independent statement of the hard constraints: the name
// of the first one the pair breaks, or "".
func violates(d *plekwijzer.OfferDoc, p *plekwijzer.Participant, h []plekwijzer.HistoryEntry, km float64) string {
	o := d.Offer
	busy := map[plekwijzer.DayPart]bool{}
	for _, e := range h {
		if e.Status.HoldsPlaces() && (e.End == nil || *e.End >= today) {
			if e.OfferID == o.ID {
				return "al-geplaatst"
			}
			for _, dp := range e.DayParts {
				busy[dp] = true
			}
		}
	}
	switch {
	case o.Status != plekwijzer.OfferOpen:
		return "niet-open"
	case slices.Contains(p.Avoid, o.WorkTypeID):
		return "vermeden-werksoort"
	case len(o.TargetGroups) > 0 && !slices.Contains(o.TargetGroups, p.TargetGroup):
		return "doelgroep"
	case o.Supervision < p.SupervisionNeed:
		return "begeleiding"
	case o.PhysicalLoad.Rank() > p.LoadCapacity.Rank():
		return "fysieke-belasting"
	case p.Wheelchair && !o.Access.Wheelchair:
		return "rolstoel"
	case km > float64(p.MaxTravelKm):
		return "reisafstand"
	}
	for _, dp := range p.Availability {
		if d.Free[dp] > 0 && !busy[dp] {
			return ""
		}
	}
	return "geen-vrij-dagdeel"
}
