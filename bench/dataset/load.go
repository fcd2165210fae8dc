package dataset

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/bench/benchutil"
	"github.com/iederz/plekwijzer/matching"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store" // also registers the "sqlite" driver
)

// Scratch makes an empty database for one run: a new PostgreSQL database
// on the server that server names, or a SQLite file in a new temporary
// folder. It returns the URL (or path) to open and a function that drops
// the database or removes the folder.
func Scratch(ctx context.Context, engine, server, purpose string) (url string, drop func(), err error) {
	switch engine {
	case store.Postgres:
		return benchutil.CreateDatabase(ctx, server, purpose)
	case store.SQLite:
		dir, err := os.MkdirTemp("", "plekwijzer-"+purpose+"-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "plekwijzer.db"), func() { os.RemoveAll(dir) }, nil
	}
	return "", nil, fmt.Errorf("unknown engine %q", engine)
}

// Load migrates the empty database at url (of engine), adds the catalogue
// and copies d in. The store it returns is open on that database.
func (d *Dataset) Load(ctx context.Context, url, engine string) (*store.DB, error) {
	db, err := store.Open(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	err = db.Migrate(ctx)
	if err == nil {
		err = seed.Catalogue(ctx, db)
	}
	if err == nil {
		tables := d.Tables(time.Now().UTC().Truncate(time.Microsecond))
		if engine == store.Postgres {
			err = benchutil.LoadPostgres(ctx, url, tables)
		} else {
			err = benchutil.LoadSQLite(ctx, url, tables)
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load: %w", err)
	}
	return db, nil
}

// MatchingInput reads from the store what the API's offer pool is built
// from: every offer document, the catalogue's work types and skills, the
// dropout counts and the recent proposals.
func MatchingInput(ctx context.Context, db *store.DB) (matching.Input, error) {
	in := matching.Input{Today: plekwijzer.Today()}
	for after := ""; ; {
		ids, err := db.OfferIDs(ctx, after, 1000)
		if err != nil {
			return in, err
		}
		if len(ids) == 0 {
			break
		}
		docs, err := db.OfferDocs(ctx, ids)
		if err != nil {
			return in, err
		}
		in.Offers = append(in.Offers, docs...)
		after = ids[len(ids)-1]
	}
	wtIDs, err := db.WorkTypeIDs(ctx)
	if err != nil {
		return in, err
	}
	if in.WorkTypes, err = db.WorkTypeDocs(ctx, wtIDs); err != nil {
		return in, err
	}
	for page := 1; ; page++ {
		ss, total, err := db.FindSkills(ctx, plekwijzer.SkillFilter{Page: plekwijzer.Page{Number: page, Size: plekwijzer.MaxPageSize}})
		if err != nil {
			return in, err
		}
		in.Skills = append(in.Skills, ss...)
		if len(in.Skills) >= total || len(ss) == 0 {
			break
		}
	}
	if in.Stats.Dropouts, err = db.DropoutCounts(ctx); err != nil {
		return in, err
	}
	in.Stats.Proposals, err = db.RecentProposals(ctx, time.Now().Add(-api.ProposalWindow))
	return in, err
}

// Prepare reads the matchable participants of ids (all of them when ids
// is empty) with their histories and prepares them for pool, as the API
// does before it ranks.
func Prepare(ctx context.Context, db *store.DB, pool *matching.Pool, ids []string) ([]*matching.Person, error) {
	ps, err := db.MatchableParticipants(ctx, plekwijzer.ParticipantFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	ids = make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	hs, err := db.Histories(ctx, ids)
	if err != nil {
		return nil, err
	}
	people := make([]*matching.Person, len(ps))
	for i, p := range ps {
		people[i] = pool.Prepare(p, hs[p.ID])
	}
	return people, nil
}
