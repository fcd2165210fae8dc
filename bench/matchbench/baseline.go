package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/lib/pq"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/geo"
)

// The baseline: the plain SQL a simple implementation of matching would
// run on PostgreSQL over the store's own tables — the hard constraints as
// a WHERE clause and ORDER BY a simple score, LIMIT 10 — with one helper
// table of PC4 centroids for the distance. No precomputation, no extra
// index: the schema as the store creates it.

// baselineSchema holds the postcode centroids a SQL implementation needs
// for distances; matching gets them from package geo.
const baselineSchema = `CREATE TABLE bench_pc4 (pc4 text PRIMARY KEY, lat double precision NOT NULL, lon double precision NOT NULL)`

// baselineFrom joins a participant p and an offer o with both centroids
// and their distance km (haversine, as geo.DistanceKm).
const baselineFrom = `participants p JOIN bench_pc4 pp ON pp.pc4 = p.postcode
	CROSS JOIN offers o JOIN bench_pc4 po ON po.pc4 = o.postcode
	CROSS JOIN LATERAL (SELECT 2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(po.lat - pp.lat) / 2), 2)
		+ cos(radians(pp.lat)) * cos(radians(po.lat)) * power(sin(radians(po.lon - pp.lon) / 2), 2)))) AS km) dist`

// baselineFit is every hard constraint of matching, in SQL; $2 is today.
// An offer has a free place in a day-part when its capacity there exceeds
// the proposed and active placements that hold it today; the participant
// is free in a day-part they are available and no running placement of
// theirs takes.
const baselineFit = `o.status = 'open'
	AND NOT EXISTS (SELECT 1 FROM placements h WHERE h.participant_id = p.id AND h.offer_id = o.id
		AND h.status IN ('voorgesteld', 'actief') AND (h.end_date IS NULL OR h.end_date >= $2))
	AND NOT EXISTS (SELECT 1 FROM participant_work_types w WHERE w.participant_id = p.id AND w.kind = 'vermijden' AND w.work_type_id = o.work_type_id)
	AND (NOT EXISTS (SELECT 1 FROM offer_target_groups t WHERE t.offer_id = o.id)
		OR EXISTS (SELECT 1 FROM offer_target_groups t WHERE t.offer_id = o.id AND t.target_group = p.target_group))
	AND o.supervision >= p.supervision_need
	AND array_position(ARRAY['laag', 'midden', 'hoog'], o.physical_load) <= array_position(ARRAY['laag', 'midden', 'hoog'], p.load_capacity)
	AND (NOT p.wheelchair OR o.wheelchair)
	AND dist.km <= p.max_travel_km
	AND EXISTS (SELECT 1 FROM offer_capacity c JOIN participant_availability a ON a.participant_id = p.id AND a.day_part = c.day_part
		WHERE c.offer_id = o.id
		AND c.places > (SELECT count(*) FROM placements h JOIN placement_day_parts hd ON hd.placement_id = h.id
			WHERE h.offer_id = o.id AND hd.day_part = c.day_part AND h.status IN ('voorgesteld', 'actief')
			AND h.start_date <= $2 AND (h.end_date IS NULL OR h.end_date >= $2))
		AND NOT EXISTS (SELECT 1 FROM placements h JOIN placement_day_parts hd ON hd.placement_id = h.id
			WHERE h.participant_id = p.id AND hd.day_part = c.day_part AND h.status IN ('voorgesteld', 'actief')
			AND (h.end_date IS NULL OR h.end_date >= $2)))`

// baselineScore is a simple score: the share of required skills the
// person has, a liked work type, a work type never done, and nearness.
const baselineScore = `0.4 * (SELECT count(*) FROM offer_skills r JOIN participant_skills s ON s.skill_id = r.skill_id AND s.participant_id = p.id
		WHERE r.offer_id = o.id AND r.kind = 'vereist')::float8
		/ greatest(1, (SELECT count(*) FROM offer_skills r WHERE r.offer_id = o.id AND r.kind = 'vereist'))
	+ 0.2 * (EXISTS (SELECT 1 FROM participant_work_types w WHERE w.participant_id = p.id AND w.kind = 'interesse' AND w.work_type_id = o.work_type_id))::int
	+ 0.2 * (NOT EXISTS (SELECT 1 FROM placements h JOIN offers ho ON ho.id = h.offer_id
		WHERE h.participant_id = p.id AND ho.work_type_id = o.work_type_id AND h.status IN ('actief', 'afgerond', 'uitgevallen')))::int
	+ 0.2 * (1 - dist.km / greatest(1, p.max_travel_km))`

var (
	// baselineOffers ranks the offers for participant $1.
	baselineOffers = `SELECT o.id FROM ` + baselineFrom + `
		WHERE p.id = $1 AND ` + baselineFit + `
		ORDER BY ` + baselineScore + ` DESC, o.id LIMIT 10`
	// baselineCandidates ranks the matchable participants for offer $1.
	baselineCandidates = `SELECT p.id FROM ` + baselineFrom + `
		WHERE o.id = $1 AND p.phase <> 'uitgestroomd' AND ` + baselineFit + `
		ORDER BY ` + baselineScore + ` DESC, p.code LIMIT 10`
	// The same filters, counted: they must pass exactly the pairs matching
	// passes, or the comparison is not fair.
	baselineOfferCount     = `SELECT count(*) FROM ` + baselineFrom + ` WHERE p.id = $1 AND ` + baselineFit
	baselineCandidateCount = `SELECT count(*) FROM ` + baselineFrom + ` WHERE o.id = $1 AND p.phase <> 'uitgestroomd' AND ` + baselineFit
	// baselineCandidateIDs lists them, to show where the two differ.
	baselineCandidateIDs = `SELECT p.id FROM ` + baselineFrom + ` WHERE o.id = $1 AND p.phase <> 'uitgestroomd' AND ` + baselineFit
)

// baseline runs the SQL on PostgreSQL.
type baseline struct {
	db      *sql.DB
	today   plekwijzer.Date
	version string
}

// openBaseline adds the centroids of the postcodes to the PostgreSQL
// database at dbURL, which holds the data set.
func openBaseline(ctx context.Context, dbURL string, today plekwijzer.Date, pc4s map[string]bool) (*baseline, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(2)
	b := &baseline{db: db, today: today}
	err = b.fill(ctx, pc4s)
	if err == nil {
		err = db.QueryRowContext(ctx, "SHOW server_version").Scan(&b.version)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("baseline: %w", err)
	}
	return b, nil
}

func (b *baseline) fill(ctx context.Context, pc4s map[string]bool) error {
	if _, err := b.db.ExecContext(ctx, baselineSchema); err != nil {
		return err
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("bench_pc4", "pc4", "lat", "lon"))
	if err != nil {
		return err
	}
	codes := make([]string, 0, len(pc4s))
	for pc := range pc4s {
		codes = append(codes, pc)
	}
	slices.Sort(codes)
	for _, pc := range codes {
		// The centre matching uses: where an area has several places,
		// the one Lookup names (InProvince may name another).
		a, ok := geo.Lookup(pc)
		if !ok {
			return fmt.Errorf("postcode %s unknown", pc)
		}
		if _, err := stmt.ExecContext(ctx, pc, a.Point.Lat, a.Point.Lon); err != nil {
			return err
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = b.db.ExecContext(ctx, "ANALYZE bench_pc4")
	return err
}

func (b *baseline) Close() error { return b.db.Close() }

// top runs a ranking query and returns the ids.
func (b *baseline) top(ctx context.Context, query, id string) ([]string, error) {
	rows, err := b.db.QueryContext(ctx, query, id, string(b.today))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// count runs a counting query.
func (b *baseline) count(ctx context.Context, query, id string) (int, error) {
	var n int
	err := b.db.QueryRowContext(ctx, query, id, string(b.today)).Scan(&n)
	return n, err
}
