package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/iederz/plekwijzer"
)

// bulkChunk bounds the ids in one IN list: both engines limit the number of
// parameters of a statement.
const bulkChunk = 2000

// chunks calls fn with successive parts of ids of at most bulkChunk.
func chunks(ids []string, fn func(part []string) error) error {
	for len(ids) > 0 {
		n := min(len(ids), bulkChunk)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// queryByIDs runs query, whose one "IN (?)" takes ids (of a uuid column),
// for all of ids, and calls scan for every row. On PostgreSQL it is one
// statement with the ids as one array (= ANY): PostgreSQL reads each table
// once and probes a hash of the ids, where chunks of IN lists would each
// scan the table again. On SQLite it runs in chunks of bulkChunk, each an
// index lookup per id. Rows come chunk by chunk: an ORDER BY holds within
// the rows of one id. scan reads the row itself, without reflection: bulk
// loads read hundreds of thousands of rows.
func queryByIDs(ctx context.Context, db *DB, q querier, query string, ids []string, scan func(*sql.Rows) error) error {
	run := func(query string, args ...any) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if db.engine == Postgres {
		return run(db.db.Rebind(strings.Replace(query, "IN (?)", "= ANY(CAST(? AS uuid[]))", 1)), pq.Array(ids))
	}
	return chunks(ids, func(part []string) error {
		query, args, err := sqlx.In(query, part)
		if err != nil {
			return err
		}
		return run(db.db.Rebind(query), args...)
	})
}

// interner keeps one copy of each of the values a bulk load reads again
// and again (ids of skills, work types, offers, day-parts): fewer
// allocations while loading, and less memory afterwards.
type interner map[string]string

func (in interner) of(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// Histories implements plekwijzer.MatchStore. Two statements however many
// participants: the placements, and their day-parts found through the same
// participants.
func (db *DB) Histories(ctx context.Context, participantIDs []string) (map[string][]plekwijzer.HistoryEntry, error) {
	out := make(map[string][]plekwijzer.HistoryEntry, len(participantIDs))
	if len(participantIDs) == 0 {
		return out, nil
	}
	in := interner{}
	var entries []plekwijzer.HistoryEntry
	var placement, participant, offer, workType, organisation, status sql.RawBytes
	var result *string
	err := queryByIDs(ctx, db, db.db, `SELECT pl.id, pl.participant_id, pl.offer_id, o.work_type_id, o.organisation_id,
		pl.start_date, pl.end_date, pl.status, pl.result
		FROM placements pl JOIN offers o ON o.id = pl.offer_id
		WHERE pl.participant_id IN (?) ORDER BY pl.participant_id, pl.start_date, pl.id`, participantIDs, func(rows *sql.Rows) error {
		var h plekwijzer.HistoryEntry
		if err := rows.Scan(&placement, &participant, &offer, &workType, &organisation, &h.Start, &h.End, &status, &result); err != nil {
			return err
		}
		h.PlacementID, h.ParticipantID, h.OfferID = string(placement), in.of(participant), in.of(offer)
		h.WorkTypeID, h.OrganisationID, h.Status = in.of(workType), in.of(organisation), plekwijzer.PlacementStatus(in.of(status))
		if result != nil {
			h.Result = in.of([]byte(*result))
		}
		entries = append(entries, h)
		return nil
	})
	if err != nil {
		return nil, db.translate(err)
	}
	parts := make(map[string][]plekwijzer.DayPart, len(entries))
	var dayPart sql.RawBytes
	err = queryByIDs(ctx, db, db.db, `SELECT d.placement_id, d.day_part FROM placement_day_parts d JOIN placements pl ON pl.id = d.placement_id
		WHERE pl.participant_id IN (?)`, participantIDs, func(rows *sql.Rows) error {
		if err := rows.Scan(&placement, &dayPart); err != nil {
			return err
		}
		parts[string(placement)] = append(parts[string(placement)], plekwijzer.DayPart(in.of(dayPart)))
		return nil
	})
	if err != nil {
		return nil, db.translate(err)
	}
	for _, h := range entries {
		h.DayParts = plekwijzer.SortedDayParts(parts[h.PlacementID])
		out[h.ParticipantID] = append(out[h.ParticipantID], h)
	}
	return out, nil
}

// RecentProposals implements plekwijzer.MatchStore.
func (db *DB) RecentProposals(ctx context.Context, since time.Time) (map[string]int, error) {
	var rows []struct {
		OrganisationID string `db:"organisation_id"`
		N              int    `db:"n"`
	}
	if err := db.sel(ctx, db.db, &rows, `SELECT o.organisation_id, count(*) AS n FROM placements pl JOIN offers o ON o.id = pl.offer_id
		WHERE pl.created_at >= ? GROUP BY o.organisation_id`, since.UTC()); err != nil {
		return nil, db.translate(err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.OrganisationID] = r.N
	}
	return out, nil
}

// MatchableParticipants implements plekwijzer.MatchStore.
func (db *DB) MatchableParticipants(ctx context.Context, f plekwijzer.ParticipantFilter) ([]*plekwijzer.Participant, error) {
	return db.MatchableParticipantsAfter(ctx, f, "", 0)
}

// MatchableParticipantsAfter implements plekwijzer.MatchStore; limit 0
// means no limit.
func (db *DB) MatchableParticipantsAfter(ctx context.Context, f plekwijzer.ParticipantFilter, after string, limit int) ([]*plekwijzer.Participant, error) {
	w := participantWhere(f)
	w.add("phase <> 'uitgestroomd'")
	if after != "" {
		w.add("code > ?", after)
	}
	q := "SELECT " + participantColumns + " FROM participants" + w.String() + " ORDER BY code"
	if limit > 0 {
		q += " LIMIT ?"
		w.args = append(w.args, limit)
	}
	var rows []participantRow
	if err := db.sel(ctx, db.db, &rows, q, w.args...); err != nil {
		return nil, db.translate(err)
	}
	out, err := db.participants(ctx, db.db, rows)
	return out, db.translate(err)
}

// PopulationStamp implements plekwijzer.MatchStore: the number of
// participants and placements and their latest change. Every write sets
// updated_at and a deletion lowers the count, so any write changes it.
func (db *DB) PopulationStamp(ctx context.Context) (string, error) {
	stamp := ""
	for _, table := range []string{"participants", "placements"} {
		// The column itself, not max(): SQLite keeps its type then.
		var rows []struct {
			At time.Time `db:"updated_at"`
			N  int64     `db:"n"`
		}
		if err := db.sel(ctx, db.db, &rows, `SELECT updated_at, (SELECT count(*) FROM `+table+`) AS n
			FROM `+table+` ORDER BY updated_at DESC LIMIT 1`); err != nil {
			return "", db.translate(err)
		}
		if len(rows) == 0 {
			stamp += "0/0;"
			continue
		}
		stamp += strconv.FormatInt(rows[0].N, 10) + "/" + strconv.FormatInt(rows[0].At.UnixMicro(), 10) + ";"
	}
	return stamp, nil
}
