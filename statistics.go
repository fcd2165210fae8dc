package plekwijzer

import "context"

// DropoutCount is how many placements ended, and how many of them in
// dropout, per work type and target group. Ended counts completed
// (afgerond) and dropped-out (uitgevallen) placements; cancelled ones never
// really ran and do not count. Reasons counts the dropouts per dropout
// reason. Placements of deleted participants still count: a placement
// keeps its target group without naming anyone.
type DropoutCount struct {
	WorkTypeID  string
	TargetGroup TargetGroup
	Ended       int
	Dropouts    int
	Reasons     map[string]int // dropout reason → dropouts; never nil
}

// SmoothedRate is a dropout rate pulled towards a prior rate, so that a
// work type with two placements and one dropout does not show 50%:
//
//	(dropouts + strength·prior) / (ended + strength)
//
// It is the mean of a Beta posterior with the prior worth strength
// placements (additive smoothing). With no placements it is the prior; as
// ended grows the observed rate takes over. A negative strength counts as 0.
func SmoothedRate(dropouts, ended int, prior float64, strength float64) float64 {
	strength = max(strength, 0)
	n := float64(ended) + strength
	if n == 0 {
		return prior
	}
	return (float64(dropouts) + strength*prior) / n
}

// StatisticsStore answers the aggregate questions of the dashboard and of
// matching. Its answers hold counts only, never participant ids or codes.
type StatisticsStore interface {
	// DropoutCounts returns, per work type (of the offer) and target group
	// (kept on the placement), the ended placements and the dropouts
	// among them, ordered by work type id and target group. Only pairs
	// with at least one ended placement appear.
	DropoutCounts(ctx context.Context) ([]DropoutCount, error)
}
