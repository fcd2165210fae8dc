package matching

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

// workTypeComponents are the components that apply to a work type without
// a concrete offer: there is no place, distance or organisation yet.
var workTypeComponents = []Component{Skills, Learning, Interest, Variety, Retention}

// heavierFactor scales the score of a work type that is usually heavier
// than the person can bear: some of its offers may still be light enough.
const heavierFactor = 0.6

// WorkTypeMatch is one work type of the catalogue ranked for a person.
type WorkTypeMatch struct {
	WorkType *plekwijzer.WorkType
	Score    float64
	Scores   map[string]float64 // only the components that apply
	Reasons  []string
	// Offers is how many offers of this work type pass every hard
	// constraint for the person today; DayParts the day-parts they have
	// free together.
	Offers   int
	DayParts []plekwijzer.DayPart
}

// WorkTypeResult ranks the catalogue for one person.
type WorkTypeResult struct {
	Items    []WorkTypeMatch
	Excluded Excluded // only Avoided applies
}

// WorkTypes ranks every work type of the catalogue for a person, also those
// with no free offer today, so that a coach can plan a trajectory across
// work types.
func (p *Pool) WorkTypes(ps *Person, opt Options) *WorkTypeResult {
	w := p.weightsFor(opt)
	offers := make([]int, len(p.workTypes))
	usable := make([]uint16, len(p.workTypes))
	for i := range p.offers {
		o := &p.offers[i]
		if o.workType < 0 {
			continue
		}
		if e := p.evaluate(ps, i, w); e.excluded == numExclusions {
			offers[o.workType]++
			usable[o.workType] |= e.usable
		}
	}
	res := &WorkTypeResult{}
	for i, wt := range p.workTypes {
		idx := int32(i)
		if contains32(ps.avoids, idx) {
			res.Excluded[Avoided]++
			continue
		}
		s, score := p.workTypeScore(ps, idx, w)
		m := WorkTypeMatch{WorkType: wt, Score: round3(score), Scores: map[string]float64{}, Offers: offers[i], DayParts: dayPartsOf(usable[i])}
		for _, c := range workTypeComponents {
			m.Scores[c.Name()] = round3(s[c])
		}
		m.Reasons = append(m.Reasons, p.varietyReason(ps, idx)...)
		m.Reasons = append(m.Reasons, p.interestReason(ps, idx)...)
		for _, g := range p.wtSkills[i] {
			if contains32(ps.goals, g) {
				m.Reasons = append(m.Reasons, "Past bij leerdoel: "+p.skillNames[g])
			}
		}
		m.Reasons = append(m.Reasons, p.riskReason(wt.ID, ps.P.TargetGroup)...)
		if wt.PhysicalLoad.Rank() > ps.P.LoadCapacity.Rank() {
			m.Reasons = append(m.Reasons, "Meestal zwaarder werk dan de deelnemer aankan")
		}
		if offers[i] == 0 {
			m.Reasons = append(m.Reasons, "Nu geen passende werkplek met een vrije plaats")
		} else {
			m.Reasons = append(m.Reasons, pluralDutch(offers[i], "passende werkplek", "passende werkplekken")+" met een vrije plaats")
		}
		res.Items = append(res.Items, m)
	}
	slices.SortStableFunc(res.Items, func(a, b WorkTypeMatch) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.WorkType.Code, b.WorkType.Code)
	})
	if l := opt.Limit; l > 0 && l < len(res.Items) {
		res.Items = res.Items[:l]
	}
	return res
}

// workTypeScore weighs the components that apply to a work type, the
// weights scaled to sum 1 over them.
func (p *Pool) workTypeScore(ps *Person, wt int32, w Weights) (Scores, float64) {
	var s Scores
	s[Skills] = p.workTypeSkillsFit(ps, p.wtSkills[wt])
	s[Learning] = p.learningValue(ps, p.wtSkills[wt])
	s[Interest] = interest(ps, wt)
	s[Variety] = variety(ps, wt)
	r, _ := p.risk.rate(p.workTypes[wt].ID, ps.P.TargetGroup)
	s[Retention] = p.risk.retention(r)
	total, sum := 0.0, 0.0
	for _, c := range workTypeComponents {
		total += w[c] * s[c]
		sum += w[c]
	}
	if sum > 0 {
		total /= sum
	}
	if p.workTypes[wt].PhysicalLoad.Rank() > ps.P.LoadCapacity.Rank() {
		total *= heavierFactor
	}
	return s, total
}

// coreSkills is how many of a work type's skills (most shared among its
// occupations first) it asks of everyone.
const coreSkills = 8

// workTypeSkillsFit is the mean of two shares: how well the person covers
// the work type's core skills, and how many of the person's skills the work
// type uses. A work type lists many skills of several occupations, so
// coverage alone would favour work types with short lists; the second share
// finds the work that fits what the person can already do.
func (p *Pool) workTypeSkillsFit(ps *Person, skills []int32) float64 {
	if len(skills) == 0 {
		return 1
	}
	cover := p.skillsFit(ps, skills[:min(len(skills), coreSkills)])
	if len(ps.skills) == 0 {
		return cover / 2
	}
	used := 0
	for _, s := range ps.skills {
		if contains32(skills, s.skill) {
			used++
		}
	}
	return (cover + float64(used)/float64(len(ps.skills))) / 2
}

func pluralDutch(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
