// Package matching ranks offers for a participant and participants for an
// offer: hard constraints that are never broken, soft components in [0,1]
// that are weighed and reported, a re-ranking that keeps the list varied,
// and reasons in plain Dutch. It is pure code: no SQL, no HTTP. The caller
// feeds it the offers, the catalogue, the history and the statistics it
// reads from the store.
package matching

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Component is one soft part of a match score.
type Component int

// The soft components. Each is a value in [0,1] where 1 is best.
const (
	Skills     Component = iota // required skills covered, with levels
	Learning                    // learnable skills that match the person's goals
	Interest                    // the work type is one the person likes
	Variety                     // a work type the person has not done (recently)
	Retention                   // 1 − the smoothed dropout risk, relative to the overall rate
	Distance                    // near, and reachable by public transport
	DayPartFit                  // enough usable day-parts
	Exposure                    // fair exposure: partners with free places and few recent proposals
	NextStep                    // a step up the ladder for a person who is ready for it
	numComponents
)

// componentNames are the Dutch names in `onderdelen`.
var componentNames = [numComponents]string{
	Skills:     "vaardigheden",
	Learning:   "leerwaarde",
	Interest:   "interesse",
	Variety:    "variatie",
	Retention:  "behoud",
	Distance:   "afstand",
	DayPartFit: "dagdelen",
	Exposure:   "spreiding",
	NextStep:   "volgendeStap",
}

// Name is the component's Dutch name.
func (c Component) Name() string { return componentNames[c] }

// ComponentNames lists the names in order.
func ComponentNames() []string { return componentNames[:] }

// Weights weigh the components; the score is their weighted mean.
type Weights [numComponents]float64

// DefaultWeights favour fit and variety: people dropped out because the
// work never varied, so a new work type weighs nearly as much as the skills
// a place asks. Fair exposure is a light touch.
var DefaultWeights = Weights{
	Skills:     0.20,
	Learning:   0.12,
	Interest:   0.12,
	Variety:    0.18,
	Retention:  0.12,
	Distance:   0.08,
	DayPartFit: 0.08,
	Exposure:   0.04,
	NextStep:   0.06,
}

// ParseWeights reads "variatie=0.3,afstand=0.05" on top of DefaultWeights.
// Weights are non-negative and at least one is positive.
func ParseWeights(s string) (Weights, error) {
	w := DefaultWeights
	if strings.TrimSpace(s) == "" {
		return w, nil
	}
	for _, part := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return w, fmt.Errorf("weight %q: want name=value", part)
		}
		c := componentByName(strings.TrimSpace(name))
		if c < 0 {
			return w, fmt.Errorf("weight %q: unknown component (known: %s)", name, strings.Join(ComponentNames(), ", "))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return w, fmt.Errorf("weight %q: want a number ≥ 0", part)
		}
		w[c] = v
	}
	if w.sum() == 0 {
		return w, fmt.Errorf("weights: at least one must be positive")
	}
	return w, nil
}

func componentByName(name string) Component {
	for c, n := range componentNames {
		if n == name {
			return Component(c)
		}
	}
	return -1
}

func (w Weights) sum() float64 {
	s := 0.0
	for _, v := range w {
		s += v
	}
	return s
}

// normalized returns w scaled to sum 1.
func (w Weights) normalized() Weights {
	s := w.sum()
	if s == 0 {
		return DefaultWeights.normalized()
	}
	for i := range w {
		w[i] /= s
	}
	return w
}

// String writes w as ParseWeights reads it.
func (w Weights) String() string {
	parts := make([]string, numComponents)
	for c := range numComponents {
		parts[c] = componentNames[c] + "=" + strconv.FormatFloat(w[c], 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

// Scores holds one value per component.
type Scores [numComponents]float64

// Map returns the scores by Dutch name, rounded to three decimals.
func (s Scores) Map() map[string]float64 {
	m := make(map[string]float64, numComponents)
	for c, v := range s {
		m[componentNames[c]] = round3(v)
	}
	return m
}

func (s Scores) total(w Weights) float64 {
	t := 0.0
	for c, v := range s {
		t += w[c] * v
	}
	return t
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }
