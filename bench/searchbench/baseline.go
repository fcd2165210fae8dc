package main

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/iederz/plekwijzer"
)

// The baseline: PostgreSQL full-text search over the same documents as
// the index — offers and work types, with the same words: title,
// description, work type name, the ESCO labels (synonyms), organisation
// name and (work types) environment — in a tsvector of the 'dutch'
// configuration with a GIN index. The fields are weighted (title and work
// type name A, synonyms B, the rest D), so ts_rank prefers a title hit as
// the index's boosts do: a stronger baseline than one flat tsvector.
const baselineSchema = `
CREATE TABLE bench_fts (
    kind         text NOT NULL,
    id           uuid PRIMARY KEY,
    work_type_id uuid NOT NULL,
    title        text NOT NULL,
    description  text NOT NULL,
    wt_name      text NOT NULL,
    synonyms     text NOT NULL,
    org_name     text NOT NULL,
    environment  text NOT NULL,
    status       text,
    org_kind     text,
    supervision  integer,
    load         text,
    free         text[] NOT NULL,
    lat          double precision,
    lon          double precision,
    tsv          tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', title), 'A') ||
        setweight(to_tsvector('dutch', wt_name), 'A') ||
        setweight(to_tsvector('dutch', synonyms), 'B') ||
        setweight(to_tsvector('dutch', description), 'D') ||
        setweight(to_tsvector('dutch', org_name), 'D') ||
        setweight(to_tsvector('dutch', environment), 'D')
    ) STORED
)`

// baseline runs the PostgreSQL queries.
type baseline struct {
	db      *sql.DB
	version string
}

// baselineBuild is what building the baseline took.
type baselineBuild struct {
	Load, Index time.Duration // COPY with tsvector computation; GIN build
	TableBytes  int64         // heap and TOAST
	GINBytes    int64
	Rows        int
}

// openBaseline creates and fills bench_fts in the database at dbURL.
func openBaseline(ctx context.Context, dbURL string, d *dataset) (*baseline, *baselineBuild, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(2)
	b := &baseline{db: db}
	if err := db.QueryRowContext(ctx, "SHOW server_version").Scan(&b.version); err != nil {
		db.Close()
		return nil, nil, err
	}
	build, err := b.fill(ctx, d)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("baseline: %w", err)
	}
	return b, build, nil
}

func (b *baseline) Close() error { return b.db.Close() }

func (b *baseline) fill(ctx context.Context, d *dataset) (*baselineBuild, error) {
	if _, err := b.db.ExecContext(ctx, baselineSchema); err != nil {
		return nil, err
	}
	build := &baselineBuild{}
	start := time.Now()
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("bench_fts", "kind", "id", "work_type_id", "title", "description", "wt_name",
		"synonyms", "org_name", "environment", "status", "org_kind", "supervision", "load", "free", "lat", "lon"))
	if err != nil {
		return nil, err
	}
	for _, w := range d.WorkTypes {
		env := w.Environment
		if env == "beide" {
			env = "binnen buiten"
		}
		if _, err := stmt.ExecContext(ctx, plekwijzer.KindWorkType, w.ID, w.ID, w.Name, w.Description, "",
			strings.Join(w.Synonyms, ", "), "", env, nil, nil, nil, nil, pq.Array([]string{}), nil, nil); err != nil {
			return nil, err
		}
		build.Rows++
	}
	for _, o := range d.Offers {
		wt := d.wtByID[o.WorkTypeID]
		var lat, lon any
		if o.hasLocation {
			lat, lon = o.lat, o.lon
		}
		// No placements: every place is free.
		if _, err := stmt.ExecContext(ctx, plekwijzer.KindOffer, o.ID, o.WorkTypeID, o.Title, o.Description, wt.Name,
			strings.Join(wt.Synonyms, ", "), o.orgName, "", o.Status, o.orgKind, o.Supervision, o.Load,
			pq.Array(o.DayParts), lat, lon); err != nil {
			return nil, err
		}
		build.Rows++
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return nil, err
	}
	if err := stmt.Close(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	build.Load = time.Since(start)
	start = time.Now()
	if _, err := b.db.ExecContext(ctx, "CREATE INDEX bench_fts_tsv ON bench_fts USING gin (tsv)"); err != nil {
		return nil, err
	}
	build.Index = time.Since(start)
	if _, err := b.db.ExecContext(ctx, "VACUUM ANALYZE bench_fts"); err != nil {
		return nil, err
	}
	err = b.db.QueryRowContext(ctx, `SELECT pg_table_size('bench_fts'), pg_relation_size('bench_fts_tsv')`).Scan(&build.TableBytes, &build.GINBytes)
	return build, err
}

// pgHit is one ranked result.
type pgHit struct {
	Kind, ID, WorkTypeID string
}

// where returns the WHERE clause of q and its arguments after $1 (the
// text): the default "work types and open offers", or, filtered, open
// offers with a free place in the day-part, of the organisation kind,
// within RadiusKm of the postcode.
func pgWhere(q benchQuery, filtered bool) (string, []any) {
	if !filtered {
		return `tsv @@ q AND (kind = 'werksoort' OR status = 'open')`, nil
	}
	dLat := RadiusKm / 111.2
	dLon := RadiusKm / (111.2 * math.Cos(q.Lat*math.Pi/180))
	return `tsv @@ q AND status = 'open' AND org_kind = $2 AND free @> ARRAY[$3]::text[]
		AND lat BETWEEN $4 AND $5 AND lon BETWEEN $6 AND $7
		AND 2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(lat - $8) / 2), 2)
			+ cos(radians($8)) * cos(radians(lat)) * power(sin(radians(lon - $9) / 2), 2)))) <= $10`,
		[]any{string(q.OrgKind), string(q.DayPart), q.Lat - dLat, q.Lat + dLat, q.Lon - dLon, q.Lon + dLon, q.Lat, q.Lon, float64(RadiusKm)}
}

// search returns the top limit hits of q by ts_rank.
func (b *baseline) search(ctx context.Context, q benchQuery, filtered bool, limit int) ([]pgHit, error) {
	where, args := pgWhere(q, filtered)
	args = append([]any{q.Text}, args...)
	args = append(args, limit)
	rows, err := b.db.QueryContext(ctx, fmt.Sprintf(`SELECT kind, id, work_type_id
		FROM bench_fts, websearch_to_tsquery('dutch', $1) q
		WHERE %s
		ORDER BY ts_rank(tsv, q) DESC, id
		LIMIT $%d`, where, len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pgHit
	for rows.Next() {
		var h pgHit
		if err := rows.Scan(&h.Kind, &h.ID, &h.WorkTypeID); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// facets counts the matches of q per facet value, the facets the index
// computes for every search, and returns the total.
func (b *baseline) facets(ctx context.Context, q benchQuery, filtered bool) (int, error) {
	where, args := pgWhere(q, filtered)
	args = append([]any{q.Text}, args...)
	rows, err := b.db.QueryContext(ctx, `WITH m AS MATERIALIZED (
			SELECT kind, work_type_id, org_kind, supervision, load, free
			FROM bench_fts, websearch_to_tsquery('dutch', $1) q WHERE `+where+`)
		SELECT 'soort', kind, count(*) FROM m GROUP BY kind
		UNION ALL SELECT 'werksoort', work_type_id::text, count(*) FROM m GROUP BY work_type_id
		UNION ALL SELECT 'organisatieSoort', org_kind, count(*) FROM m WHERE org_kind IS NOT NULL GROUP BY org_kind
		UNION ALL SELECT 'dagdeel', d, count(*) FROM m, unnest(free) d GROUP BY d
		UNION ALL SELECT 'begeleiding', supervision::text, count(*) FROM m WHERE supervision IS NOT NULL GROUP BY supervision
		UNION ALL SELECT 'fysiekeBelasting', load, count(*) FROM m WHERE load IS NOT NULL GROUP BY load`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var facet, value string
		var n int
		if err := rows.Scan(&facet, &value, &n); err != nil {
			return 0, err
		}
		if facet == "soort" {
			total += n
		}
	}
	return total, rows.Err()
}
