package store

import (
	"context"

	"github.com/iederz/plekwijzer"
)

var _ plekwijzer.StatisticsStore = (*DB)(nil)

// DropoutCounts implements plekwijzer.StatisticsStore. The target group
// comes from the placement, not the participant, so placements of deleted
// participants still count.
func (db *DB) DropoutCounts(ctx context.Context) ([]plekwijzer.DropoutCount, error) {
	var rows []struct {
		WorkType    string  `db:"work_type_id"`
		TargetGroup string  `db:"target_group"`
		Reason      *string `db:"dropout_reason"`
		Ended       int     `db:"ended"`
		Dropouts    int     `db:"dropouts"`
	}
	// One row per work type, target group and dropout reason (NULL for the
	// completed placements and dropouts without a reason), folded below.
	if err := db.sel(ctx, db.db, &rows, `SELECT o.work_type_id, pl.target_group,
		CASE WHEN pl.status = 'uitgevallen' THEN pl.dropout_reason END AS dropout_reason,
		count(*) AS ended,
		sum(CASE WHEN pl.status = 'uitgevallen' THEN 1 ELSE 0 END) AS dropouts
		FROM placements pl JOIN offers o ON o.id = pl.offer_id
		WHERE pl.status IN ('afgerond', 'uitgevallen')
		GROUP BY o.work_type_id, pl.target_group, CASE WHEN pl.status = 'uitgevallen' THEN pl.dropout_reason END
		ORDER BY o.work_type_id, pl.target_group`); err != nil {
		return nil, db.translate(err)
	}
	var out []plekwijzer.DropoutCount
	for _, r := range rows {
		n := len(out)
		if n == 0 || out[n-1].WorkTypeID != r.WorkType || string(out[n-1].TargetGroup) != r.TargetGroup {
			out = append(out, plekwijzer.DropoutCount{WorkTypeID: r.WorkType,
				TargetGroup: plekwijzer.TargetGroup(r.TargetGroup), Reasons: map[string]int{}})
			n++
		}
		c := &out[n-1]
		c.Ended += r.Ended
		c.Dropouts += r.Dropouts
		if r.Reason != nil && r.Dropouts > 0 {
			c.Reasons[*r.Reason] += r.Dropouts
		}
	}
	return out, nil
}
