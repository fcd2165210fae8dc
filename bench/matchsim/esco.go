package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/seed"
)

// The ESCO check: a participant whose skills are exactly the essential
// skills of an ESCO occupation should find the work type that occupation
// belongs to among their best work types. It asks whether the skills fit
// of work types (and of offers) points people to the work their skills are
// for; the other components are held equal.

const (
	occupationURIPrefix = "http://data.europa.eu/esco/occupation/"
	skillURIPrefix      = "http://data.europa.eu/esco/skill/"
	// escoSkillLevel is the level the participant has each skill at.
	escoSkillLevel = 2
	// offerRequired and offerLearnable are how many of its work type's
	// skills, from the head of the list, the one offer per work type asks
	// and teaches: the demo's offers ask one or two of the first four and
	// teach some of the first ten.
	offerRequired  = 2
	offerLearnable = 4
)

// escoCase is one occupation linked to a catalogue work type.
type escoCase struct {
	Occupation string   // Dutch preferred label
	Code       string   // ESCO code
	WorkTypes  []string // codes of the work types it is linked to (one, rarely two)
	Essential  int      // essential skills in ESCO
	// Mapped is how many catalogue skills stand for them: the
	// participant's skills; Direct how many of those are the ESCO skill
	// itself rather than its skill group.
	Mapped, Direct int
	// RankWorkType is the best rank (1-based) of a linked work type in
	// Pool.WorkTypes; RankOffer the best rank of its offer in Match when
	// every work type has one offer, RankNoLearn that rank without the
	// learning value. TopWorkType is what ranked first.
	RankWorkType, RankOffer, RankNoLearn int
	TopWorkType                          string
}

// escoReport is the outcome over every linked occupation.
type escoReport struct {
	Dir                      string
	Cases                    []escoCase
	WorkTypes                int
	Top1WT, Top3WT           int
	Top1Offer, Top3Offer     int
	Top1NoLearn, Top3NoLearn int
	NoSkills                 int // occupations none of whose essential skills is in the catalogue
}

func (r *escoReport) rate(n int) float64 {
	if len(r.Cases) == 0 {
		return 0
	}
	return float64(n) / float64(len(r.Cases))
}

// escoData is what the check reads from the ESCO CSV files.
type escoData struct {
	essential map[string][]string  // occupation id → essential skill ids
	group     map[string]escoGroup // skill id → its first skill group
}

type escoGroup struct{ uri, label string }

// readESCO reads the essential skills of the given occupations (ESCO ids,
// without the URI prefix) and the first skill group of each of those
// skills from the ESCO CSV files in dir.
func readESCO(dir string, occupations map[string]bool) (*escoData, error) {
	d := &escoData{essential: map[string][]string{}, group: map[string]escoGroup{}}
	rels, err := readTable(filepath.Join(dir, "occupation_skill_relations_isco4-9.csv"), "occupationId", "relationType", "skillId")
	if err != nil {
		return nil, err
	}
	skills := map[string]bool{}
	for _, r := range rels {
		if r[1] == "essential" && occupations[r[0]] {
			d.essential[r[0]] = append(d.essential[r[0]], r[2])
			skills[r[2]] = true
		}
	}
	groups, err := readTable(filepath.Join(dir, "skill_to_skillgroup_nl_isco4-9.csv"), "skillId", "skillGroupUri", "skillGroupLabel_nl")
	if err != nil {
		return nil, err
	}
	for _, r := range groups {
		if _, seen := d.group[r[0]]; !seen && skills[r[0]] {
			d.group[r[0]] = escoGroup{r[1], strings.TrimSpace(r[2])}
		}
	}
	return d, nil
}

// readTable reads the named columns of a CSV file with a header. The files
// are a few megabytes: reading them whole keeps this simple.
func readTable(path string, columns ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("%s: no header (%v)", path, err)
	}
	at := make([]int, len(columns))
	for i, c := range columns {
		if at[i] = slices.Index(recs[0], c); at[i] < 0 {
			return nil, fmt.Errorf("%s: no column %q", path, c)
		}
	}
	rows := make([][]string, len(recs)-1)
	for n, rec := range recs[1:] {
		rows[n] = make([]string, len(at))
		for i, j := range at {
			rows[n][i] = rec[j]
		}
	}
	return rows, nil
}

// catalogueSkill is the catalogue skill that stands for an ESCO skill, the
// way the catalogue generator chose it: the skill itself where ESCO has a
// Dutch label for it, else its first skill group (by URI, or by name where
// two entries shared a name and one was kept). direct says it was the
// skill itself.
func (w *world) catalogueSkill(d *escoData, skillID string) (id string, direct, ok bool) {
	if s, ok := w.skillByID[seed.SkillID(skillURIPrefix+skillID)]; ok {
		return s.ID, true, true
	}
	g, ok := d.group[skillID]
	if !ok {
		return "", false, false
	}
	if s, ok := w.skillByID[seed.SkillID(g.uri)]; ok {
		return s.ID, false, true
	}
	if s, ok := w.skillByName[strings.ToLower(g.label)]; ok {
		return s.ID, false, true
	}
	return "", false, false
}

// escoEval runs the check over every occupation the catalogue links to a
// work type.
func escoEval(w *world, dir string) (*escoReport, error) {
	cat, err := catalogue.Load()
	if err != nil {
		return nil, err
	}
	type link struct {
		occ       catalogue.Occupation
		workTypes []string
	}
	var links []*link
	byURI := map[string]*link{}
	want := map[string]bool{}
	for _, wt := range cat.WorkTypes {
		for _, o := range wt.Occupations {
			l := byURI[o.URI]
			if l == nil {
				l = &link{occ: o}
				byURI[o.URI] = l
				links = append(links, l)
				want[strings.TrimPrefix(o.URI, occupationURIPrefix)] = true
			}
			l.workTypes = append(l.workTypes, wt.Code)
		}
	}
	data, err := readESCO(dir, want)
	if err != nil {
		return nil, err
	}

	noLearning := matching.DefaultWeights
	noLearning[matching.Learning] = 0
	pool := matching.NewPool(matching.Input{WorkTypes: w.workTypes, Skills: w.skills, Offers: oneOfferPerWorkType(w), Today: w.today})
	rep := &escoReport{Dir: dir, WorkTypes: len(w.workTypes)}
	for _, l := range links {
		ids := data.essential[strings.TrimPrefix(l.occ.URI, occupationURIPrefix)]
		c := escoCase{Occupation: l.occ.Name, Code: l.occ.Code, WorkTypes: l.workTypes, Essential: len(ids)}
		pt := escoParticipant()
		for _, id := range ids {
			sid, direct, ok := w.catalogueSkill(data, id)
			if !ok || slices.ContainsFunc(pt.Skills, func(s plekwijzer.SkillLevel) bool { return s.SkillID == sid }) {
				continue
			}
			pt.Skills = append(pt.Skills, plekwijzer.SkillLevel{SkillID: sid, Level: escoSkillLevel})
			if direct {
				c.Direct++
			}
		}
		c.Mapped = len(pt.Skills)
		if c.Mapped == 0 {
			rep.NoSkills++
		}
		ps := pool.Prepare(pt, nil)
		wts := pool.WorkTypes(ps, matching.Options{})
		c.TopWorkType = wts.Items[0].WorkType.Code
		for i, m := range wts.Items {
			if slices.Contains(c.WorkTypes, m.WorkType.Code) {
				c.RankWorkType = i + 1
				break
			}
		}
		c.RankOffer = offerRank(pool, ps, c.WorkTypes, nil)
		c.RankNoLearn = offerRank(pool, ps, c.WorkTypes, &noLearning)
		rep.Cases = append(rep.Cases, c)
		tally(c.RankWorkType, &rep.Top1WT, &rep.Top3WT)
		tally(c.RankOffer, &rep.Top1Offer, &rep.Top3Offer)
		tally(c.RankNoLearn, &rep.Top1NoLearn, &rep.Top3NoLearn)
	}
	return rep, nil
}

// offerRank is the best rank (1-based) of an offer of one of the work types
// in the person's ranking; 0 if none is ranked.
func offerRank(pool *matching.Pool, ps *matching.Person, workTypes []string, w *matching.Weights) int {
	res := pool.Match(ps, matching.Options{Limit: matching.MaxLimit, Weights: w})
	for i, m := range res.Items {
		if slices.Contains(workTypes, m.Offer.WorkTypeCode) {
			return i + 1
		}
	}
	return 0
}

func tally(rank int, top1, top3 *int) {
	if rank == 1 {
		*top1++
	}
	if rank >= 1 && rank <= 3 {
		*top3++
	}
}

// escoParticipant is a participant for whom every offer passes every hard
// constraint and every component but the skills fit and the learning
// value is the same for every work type: no interests, goals or history.
func escoParticipant() *plekwijzer.Participant {
	return &plekwijzer.Participant{
		ID: "esco", Code: "ESCO-0001", TargetGroup: "overig", Phase: "ontwikkelplek",
		Availability: plekwijzer.DayParts, Postcode: "9711", MaxTravelKm: plekwijzer.MaxTravelKm,
		SupervisionNeed: plekwijzer.MinSupervision, LoadCapacity: plekwijzer.LoadHigh,
		Interests: []string{}, Avoid: []string{}, LearningGoals: []string{},
	}
}

// oneOfferPerWorkType makes one open offer of every work type, each at its
// own organisation, all alike but for the skills they ask and teach.
func oneOfferPerWorkType(w *world) []*plekwijzer.OfferDoc {
	docs := make([]*plekwijzer.OfferDoc, 0, len(w.workTypes))
	for _, wt := range w.workTypes {
		sk := wt.Skills
		req := sk[:min(offerRequired, len(sk))]
		learn := sk[len(req):min(len(req)+offerLearnable, len(sk))]
		capacity := plekwijzer.Capacity{}
		for _, d := range plekwijzer.DayParts {
			capacity[d] = 1
		}
		docs = append(docs, &plekwijzer.OfferDoc{
			Offer: &plekwijzer.Offer{
				ID: "offer-" + wt.Code, OrganisationID: "org-" + wt.Code, Title: wt.Name, WorkTypeID: wt.ID,
				RequiredSkills: slices.Clone(req), LearnableSkills: slices.Clone(learn),
				Supervision: plekwijzer.MaxSupervision, PhysicalLoad: plekwijzer.LoadLow, Capacity: capacity,
				Postcode: "9712", Access: plekwijzer.Accessibility{PublicTransport: true, Wheelchair: true},
				TargetGroups: []plekwijzer.TargetGroup{}, Status: plekwijzer.OfferOpen, DevelopmentPlace: true,
			},
			OrganisationName: "Organisatie " + wt.Name, OrganisationKind: "sociale-onderneming",
			WorkTypeCode: wt.Code, WorkTypeName: wt.Name, Free: capacity,
		})
	}
	return docs
}
