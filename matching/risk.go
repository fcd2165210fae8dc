package matching

import (
	"github.com/iederz/plekwijzer"
)

// Smoothing strengths: how many placements the prior is worth. A work type
// with three ended placements stays close to the overall rate; one with
// fifty speaks for itself.
const (
	workTypeStrength = 30.0 // work type towards the overall rate
	cellStrength     = 20.0 // work type × target group towards the work type
	// defaultDropoutRate is assumed before any placement has ended.
	defaultDropoutRate = 0.3
	// minObserved is how many ended placements a cell needs before a
	// reason mentions its dropout rate.
	minObserved = 5
)

// riskModel is the observed dropout rate per work type and target group,
// smoothed hierarchically: cell → work type → overall.
type riskModel struct {
	overall float64
	byWT    map[string]float64
	cells   map[riskKey]riskCell
}

type riskKey struct {
	workType    string
	targetGroup plekwijzer.TargetGroup
}

type riskCell struct {
	rate  float64
	ended int
}

func newRiskModel(counts []plekwijzer.DropoutCount) *riskModel {
	m := &riskModel{overall: defaultDropoutRate, byWT: map[string]float64{}, cells: map[riskKey]riskCell{}}
	type tally struct{ dropouts, ended int }
	total := tally{}
	byWT := map[string]*tally{}
	for _, c := range counts {
		total.dropouts += c.Dropouts
		total.ended += c.Ended
		t := byWT[c.WorkTypeID]
		if t == nil {
			t = &tally{}
			byWT[c.WorkTypeID] = t
		}
		t.dropouts += c.Dropouts
		t.ended += c.Ended
	}
	if total.ended > 0 {
		m.overall = plekwijzer.SmoothedRate(total.dropouts, total.ended, defaultDropoutRate, cellStrength)
	}
	for wt, t := range byWT {
		m.byWT[wt] = plekwijzer.SmoothedRate(t.dropouts, t.ended, m.overall, workTypeStrength)
	}
	for _, c := range counts {
		k := riskKey{c.WorkTypeID, c.TargetGroup}
		m.cells[k] = riskCell{plekwijzer.SmoothedRate(c.Dropouts, c.Ended, m.byWT[c.WorkTypeID], cellStrength), c.Ended}
	}
	return m
}

// rate is the smoothed dropout rate of a work type for a target group and
// how many ended placements it rests on.
func (m *riskModel) rate(workType string, tg plekwijzer.TargetGroup) (float64, int) {
	if c, ok := m.cells[riskKey{workType, tg}]; ok {
		return c.rate, c.ended
	}
	if r, ok := m.byWT[workType]; ok {
		return r, 0
	}
	return m.overall, 0
}

// retention turns a dropout rate into a component: 1 for no dropout, 0.5 at
// the overall rate, 0 at twice the overall rate or more.
func (m *riskModel) retention(rate float64) float64 {
	if m.overall <= 0 {
		return 1 - rate
	}
	return clamp01(1 - rate/(2*m.overall))
}
