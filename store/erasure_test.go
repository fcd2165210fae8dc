package store_test

import (
	"bytes"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestErasureReachesTheFiles: after DELETE of a participant the
// pseudonymous code is in no byte of the database's files — on SQLite the
// database file and its write-ahead log, on PostgreSQL every table, index
// and TOAST file of the database after a checkpoint. Before the erasure
// the code is there (in the profile, the unique index on the code and the
// notifications about the participant's placement), so the search is
// real. The write-ahead log of PostgreSQL and backups are not covered:
// docs/SECURITY.md says what stays there.
func TestErasureReachesTheFiles(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			db := storetest.Open(t, url)
			files := dbFiles(t, engine, url)
			e := newEnv(t, db)

			const code = "WISTEST-Q7X9-ZK3"
			c := e.coach()
			o := e.offer()
			partner := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.OrganisationID = &o.OrganisationID })
			p := e.participant(c.ID, func(p *plekwijzer.Participant) {
				p.Code = code
				p.TargetGroup = "re-socialisatie"
			})
			// A proposal that expires tells both sides, with the code; the
			// placement then stays as an anonymous record.
			db.SetProposalHold(1)
			e.mustBook(p.ID, o.ID, []plekwijzer.DayPart{"ma-ochtend"}, plekwijzer.Today().AddDays(7), nil)
			_, err := db.ExpireProposals(e.ctx)
			must(t, err)
			e.wantKinds("the partner", partner.ID, plekwijzer.NotifyProposalExpired)

			if n := files.count(code); n == 0 {
				t.Fatalf("before the erasure the code is in no file: the search finds nothing")
			} else {
				t.Logf("before the erasure: the code %d times in the files", n)
			}

			start := time.Now()
			must(t, db.DeleteParticipant(e.ctx, p.ID))
			t.Logf("erasure with the scrub took %v", time.Since(start))

			if n := files.count(code); n != 0 {
				t.Errorf("after the erasure the code is still %d times in the database files", n)
			}
			for _, u := range []string{c.ID, partner.ID} {
				list, _, _, err := db.Notifications(e.ctx, u, plekwijzer.NotificationFilter{})
				must(t, err)
				for _, n := range list {
					if n.Code != "" || !strings.Contains(n.Text, "een gewiste deelnemer") {
						t.Errorf("a notification after the erasure: code %q, text %q", n.Code, n.Text)
					}
				}
			}
			pls, _, err := db.FindPlacements(e.ctx, plekwijzer.PlacementFilter{Page: plekwijzer.Page{Number: 1, Size: 10}})
			must(t, err)
			if len(pls) != 1 || pls[0].ParticipantID != nil {
				t.Errorf("the placement should stay, anonymous: %+v", pls)
			}
		})
	}
}

// fileSet reads a database's files as they are on disk.
type fileSet struct {
	t     *testing.T
	paths func() [][]byte
}

// count is how often s occurs in all files together.
func (f fileSet) count(s string) int {
	f.t.Helper()
	n := 0
	for _, b := range f.paths() {
		n += bytes.Count(b, []byte(s))
	}
	return n
}

func dbFiles(t *testing.T, engine, url string) fileSet {
	t.Helper()
	if engine == store.SQLite {
		return fileSet{t: t, paths: func() [][]byte {
			var out [][]byte
			for _, path := range []string{url, url + "-wal"} {
				b, err := os.ReadFile(path)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				out = append(out, b)
			}
			return out
		}}
	}
	// The test server's superuser may read the data files of its own
	// database (pg_read_binary_file); CHECKPOINT first writes every dirty
	// page from shared buffers into them.
	admin, err := sql.Open("postgres", url)
	must(t, err)
	t.Cleanup(func() { admin.Close() })
	return fileSet{t: t, paths: func() [][]byte {
		if _, err := admin.Exec(`CHECKPOINT`); err != nil {
			t.Fatalf("checkpoint (the test needs a superuser): %v", err)
		}
		rows, err := admin.Query(`SELECT pg_read_binary_file(pg_relation_filepath(c.oid))
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind IN ('r', 'i', 't') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
			AND pg_relation_filepath(c.oid) IS NOT NULL`)
		if err != nil {
			t.Fatalf("read the data files (the test needs a superuser): %v", err)
		}
		defer rows.Close()
		var out [][]byte
		for rows.Next() {
			var b []byte
			must(t, rows.Scan(&b))
			out = append(out, b)
		}
		must(t, rows.Err())
		return out
	}}
}
