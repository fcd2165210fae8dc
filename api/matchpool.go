package api

import (
	"context"
	"sync"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
)

// ProposalWindow is how far back fair exposure counts an organisation's
// proposals.
const ProposalWindow = 30 * 24 * time.Hour

// statsMaxAge bounds how old the dropout and proposal figures a pool was
// built with may be: they move slowly and cost a scan of the placements.
const statsMaxAge = time.Minute

// matchPool keeps a matching.Pool in step with the database. It follows the
// same outbox as the search index: every write to an offer, its work type,
// its organisation or its bookings adds an entry, so before each ranking a
// cheap look at the outbox head tells whether the pool is stale, and only
// the offers that changed are read again. A new day rereads everything,
// since free places are counted for today.
type matchPool struct {
	store   plekwijzer.Store
	weights matching.Weights
	now     func() time.Time

	mu         sync.Mutex
	pool       *matching.Pool
	pos        int64
	day        plekwijzer.Date
	docs       map[string]*plekwijzer.OfferDoc
	workTypes  []*plekwijzer.WorkType
	skills     []*plekwijzer.Skill
	stats      matching.Stats
	statsAt    time.Time
	refreshing bool // refreshStats is running

	// rebuilt, when set, hears of every rebuild: why, and when it began.
	rebuilt func(reason string, start time.Time)
}

func newMatchPool(st plekwijzer.Store, w matching.Weights) *matchPool {
	return &matchPool{store: st, weights: w, now: time.Now}
}

// get returns a pool that reflects every write committed before the call.
func (m *matchPool) get(ctx context.Context) (*matching.Pool, error) {
	head, err := m.store.OutboxHead(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	today := plekwijzer.DateOf(m.now())
	if m.pool != nil && head == m.pos && today == m.day {
		// Aged figures are read again in the background: rankings go on
		// with the current pool meanwhile instead of waiting for it.
		if m.now().Sub(m.statsAt) >= statsMaxAge && !m.refreshing {
			m.refreshing = true
			go m.refreshStats()
		}
		return m.pool, nil
	}
	start, reason := time.Now(), rebuildChanges
	if m.pool == nil || today != m.day {
		reason = rebuildFull
		err = m.loadAll(ctx, head)
	} else {
		from := m.pos
		err = m.catchUp(ctx, head)
		if err == nil {
			// Entries after from that were pruned before catchUp read
			// them are missed: then every offer is read again.
			var through int64
			if through, err = m.store.OutboxPrunedThrough(ctx); err == nil && through > from {
				reason = rebuildFull
				err = m.loadAll(ctx, head)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if m.now().Sub(m.statsAt) >= statsMaxAge {
		if err := m.loadStats(ctx); err != nil {
			return nil, err
		}
	}
	m.pool = matching.NewPool(m.input(today))
	m.day = today
	if m.rebuilt != nil {
		m.rebuilt(reason, start)
	}
	return m.pool, nil
}

// input is what a new pool is made of. The caller holds mu.
func (m *matchPool) input(today plekwijzer.Date) matching.Input {
	offers := make([]*plekwijzer.OfferDoc, 0, len(m.docs))
	for _, d := range m.docs {
		offers = append(offers, d)
	}
	return matching.Input{WorkTypes: m.workTypes, Skills: m.skills, Offers: offers,
		Stats: m.stats, Today: today, Weights: m.weights}
}

// refreshStats reads the dropout and proposal figures again and builds a
// pool with them, without holding mu meanwhile; the pool replaces the
// current one unless that has moved on (then the next rebuild uses the
// new figures anyway).
func (m *matchPool) refreshStats() {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	defer func() {
		m.mu.Lock()
		m.refreshing = false
		m.mu.Unlock()
	}()
	stats, at, err := m.readStats(ctx)
	if err != nil {
		return // tried again at the next request after statsMaxAge
	}
	m.mu.Lock()
	m.stats, m.statsAt = stats, at
	pos, day, in := m.pos, m.day, m.input(m.day)
	m.mu.Unlock()
	pool := matching.NewPool(in)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pos == pos && m.day == day {
		m.pool = pool
		if m.rebuilt != nil {
			m.rebuilt(rebuildStats, start)
		}
	}
}

// loadAll reads every offer, work type and skill. The position is read
// before the offers, so a write that lands meanwhile is read again later,
// never missed.
func (m *matchPool) loadAll(ctx context.Context, head int64) error {
	docs := map[string]*plekwijzer.OfferDoc{}
	after := ""
	for {
		ids, err := m.store.OfferIDs(ctx, after, 1000)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		ds, err := m.store.OfferDocs(ctx, ids)
		if err != nil {
			return err
		}
		for _, d := range ds {
			docs[d.Offer.ID] = d
		}
		after = ids[len(ids)-1]
	}
	if err := m.loadCatalogue(ctx); err != nil {
		return err
	}
	m.docs, m.pos = docs, head
	return nil
}

func (m *matchPool) loadCatalogue(ctx context.Context) error {
	ids, err := m.store.WorkTypeIDs(ctx)
	if err != nil {
		return err
	}
	wts, err := m.store.WorkTypeDocs(ctx, ids)
	if err != nil {
		return err
	}
	if m.skills == nil {
		var all []*plekwijzer.Skill
		for page := 1; ; page++ {
			ss, total, err := m.store.FindSkills(ctx, plekwijzer.SkillFilter{Page: plekwijzer.Page{Number: page, Size: plekwijzer.MaxPageSize}})
			if err != nil {
				return err
			}
			all = append(all, ss...)
			if len(all) >= total || len(ss) == 0 {
				break
			}
		}
		m.skills = all // skills come with the binary and never change
	}
	m.workTypes = wts
	return nil
}

// catchUp rereads the offers and work types the outbox names after the
// pool's position.
func (m *matchPool) catchUp(ctx context.Context, head int64) error {
	offerIDs := map[string]bool{}
	workTypes := false
	for m.pos < head {
		es, err := m.store.OutboxAfter(ctx, m.pos, 1000)
		if err != nil {
			return err
		}
		if len(es) == 0 {
			break
		}
		for _, e := range es {
			switch e.Kind {
			case plekwijzer.KindOffer:
				offerIDs[e.ID] = true
			case plekwijzer.KindWorkType:
				workTypes = true
			}
		}
		m.pos = es[len(es)-1].Seq
	}
	if workTypes {
		if err := m.loadCatalogue(ctx); err != nil {
			return err
		}
	}
	if len(offerIDs) == 0 {
		return nil
	}
	ids := make([]string, 0, len(offerIDs))
	for id := range offerIDs {
		ids = append(ids, id)
		delete(m.docs, id) // gone unless read again below
	}
	ds, err := m.store.OfferDocs(ctx, ids)
	if err != nil {
		return err
	}
	for _, d := range ds {
		m.docs[d.Offer.ID] = d
	}
	return nil
}

func (m *matchPool) loadStats(ctx context.Context) error {
	stats, at, err := m.readStats(ctx)
	if err != nil {
		return err
	}
	m.stats, m.statsAt = stats, at
	return nil
}

// readStats reads the dropout counts and the recent proposals.
func (m *matchPool) readStats(ctx context.Context) (matching.Stats, time.Time, error) {
	counts, err := m.store.DropoutCounts(ctx)
	if err != nil {
		return matching.Stats{}, time.Time{}, err
	}
	now := m.now()
	proposals, err := m.store.RecentProposals(ctx, now.Add(-ProposalWindow))
	if err != nil {
		return matching.Stats{}, time.Time{}, err
	}
	return matching.Stats{Dropouts: counts, Proposals: proposals}, now, nil
}
