package seed

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/iederz/plekwijzer"
)

// demoID is the id of a demo entity, derived from its kind and a key that is
// unique within the kind. Fixed ids make two demo databases built from the
// same seed identical, so a bug report that names an id can be reproduced.
func demoID(kind, key string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://plekwijzer.nl/demo/"+kind+"/"+key)).String()
}

// dice wraps the seeded generator with the few draws the demo needs. All
// choices go through it, and never through map iteration, so that one seed
// always gives the same plan.
type dice struct{ r *rand.Rand }

func newDice(seed uint64) *dice { return &dice{rand.New(rand.NewPCG(seed, seed))} }

// between returns a number from lo to hi, both included.
func (d *dice) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + d.r.IntN(hi-lo+1)
}

// chance reports true with probability p.
func (d *dice) chance(p float64) bool { return d.r.Float64() < p }

// index returns a position in weights, each as likely as its weight. It
// returns -1 when no weight is positive.
func (d *dice) index(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		if w > 0 {
			total += w
		}
	}
	if total <= 0 {
		return -1
	}
	x := d.r.Float64() * total
	last := -1
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		last = i
		if x < w {
			return i
		}
		x -= w
	}
	return last // rounding
}

// pick returns one element of xs, uniformly.
func pick[T any](d *dice, xs []T) T { return xs[d.r.IntN(len(xs))] }

// choose returns one element of xs, each as likely as its weight.
func choose[T any](d *dice, xs []T, weights []float64) T { return xs[d.index(weights)] }

// sample returns n distinct elements of xs in random order (all of them
// when n is larger).
func sample[T any](d *dice, xs []T, n int) []T {
	c := slices.Clone(xs)
	n = min(n, len(c))
	for i := range n {
		j := i + d.r.IntN(len(c)-i)
		c[i], c[j] = c[j], c[i]
	}
	return c[:n]
}

// weightedSample returns n distinct elements of xs, drawn one by one with
// the given weights.
func weightedSample[T any](d *dice, xs []T, weights []float64, n int) []T {
	xs, w := slices.Clone(xs), slices.Clone(weights)
	var out []T
	for len(out) < n {
		i := d.index(w)
		if i < 0 {
			break
		}
		out = append(out, xs[i])
		w[i] = 0
	}
	return out
}

// Days are counted as offsets from the demo's today: -30 is a month ago.
// Working with numbers keeps the timeline code simple; dayDate turns an
// offset into a date only at the edges.

// dayDate is the date offset days after today.
func dayDate(today plekwijzer.Date, offset int) plekwijzer.Date { return today.AddDays(offset) }

// weekday is the day of the week of the date offset days after today.
func weekday(today plekwijzer.Date, offset int) time.Weekday {
	t, err := time.Parse(time.DateOnly, string(dayDate(today, offset)))
	if err != nil {
		return time.Monday
	}
	return t.Weekday()
}

// mondayFrom moves offset forward to the next Monday (or keeps it when it
// is one): placements start at the beginning of a week, the way coaches
// plan them.
func mondayFrom(today plekwijzer.Date, offset int) int {
	for weekday(today, offset) != time.Monday {
		offset++
	}
	return offset
}

// workdayBack moves offset back to a weekday: nobody ends a placement on a
// Sunday.
func workdayBack(today plekwijzer.Date, offset int) int {
	for {
		switch weekday(today, offset) {
		case time.Saturday, time.Sunday:
			offset--
		default:
			return offset
		}
	}
}
