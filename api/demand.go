package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
)

// demandItem is the demand gap at one work type. Its counts of people are
// published counts (plekwijzer.PublishedCount): null below the small-cell
// threshold, rounded to multiples of it otherwise.
type demandItem struct {
	WorkType     workTypeRef         `json:"werksoort"`
	Participants *int                `json:"deelnemers"`
	Placeable    *int                `json:"plaatsbaar"`
	Shortage     *int                `json:"tekort"`
	OpenOffers   int                 `json:"openWerkplekken"`
	Demand       publishedDayParts   `json:"vraagPerDagdeel"`
	Free         plekwijzer.Capacity `json:"vrijPerDagdeel"` // places, not people
	Short        publishedDayParts   `json:"tekortPerDagdeel"`
}

// publishedDayParts is a count of people per day-part, published by the
// small-cell rule: a day-part with a suppressed count is null.
type publishedDayParts map[plekwijzer.DayPart]*int

func publishDayParts(c plekwijzer.Capacity) publishedDayParts {
	out := make(publishedDayParts, len(c))
	for d, n := range c {
		out[d] = plekwijzer.PublishedCount(n)
	}
	return out
}

type demandAnswer struct {
	Items        []demandItem `json:"items"`
	Participants *int         `json:"deelnemers"`
	Top          int          `json:"besteWerksoorten"`
	MinScore     float64      `json:"minimaleScore"`
	ComputedAt   time.Time    `json:"berekendOp"`
}

// demandMaxAge is how long a demand gap computed before the latest
// change may still be shown while a new one is computed. Over a region's
// whole population the gap takes seconds to count, and it moves slowly.
const demandMaxAge = 5 * time.Minute

// demandCache keeps the last demand gap: shown as long as no offer,
// participant or placement changed since, and for demandMaxAge after a
// change while a new one is counted in the background.
type demandCache struct {
	mu         sync.Mutex
	answer     *demandAnswer
	pool       *matching.Pool // the offers and figures it was counted with
	stamp      string         // the population it was counted over
	refreshing bool

	counting sync.Mutex // one count at a time
}

// demandGap shows managers which work types participants fit but capacity
// lacks. Counts only: never who.
func (s *Server) demandGap(c echo.Context) error {
	if err := newQuery(c).err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	pool, stamp, err := s.demandState(ctx)
	if err != nil {
		return err
	}
	d := &s.demand
	d.mu.Lock()
	if a := d.answer; a != nil && (d.pool == pool && d.stamp == stamp || time.Since(a.ComputedAt) < demandMaxAge) {
		if d.pool != pool || d.stamp != stamp {
			s.refreshDemand()
		}
		d.mu.Unlock()
		return writeJSON(c, http.StatusOK, a)
	}
	d.mu.Unlock()
	a, err := s.countDemandOnce(ctx, pool, stamp)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, a)
}

// demandState is what a demand gap depends on: the offer pool and the
// population's stamp.
func (s *Server) demandState(ctx context.Context) (*matching.Pool, string, error) {
	pool, err := s.matchPool.get(ctx)
	if err != nil {
		return nil, "", err
	}
	stamp, err := s.store.PopulationStamp(ctx)
	if err != nil {
		return nil, "", err
	}
	return pool, stamp, nil
}

// refreshDemand counts the gap again in the background, once at a time.
// The caller holds s.demand.mu.
func (s *Server) refreshDemand() {
	d := &s.demand
	if d.refreshing {
		return
	}
	d.refreshing = true
	go func() {
		defer func() {
			d.mu.Lock()
			d.refreshing = false
			d.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		pool, stamp, err := s.demandState(ctx)
		if err == nil {
			_, err = s.countDemandOnce(ctx, pool, stamp)
		}
		if err != nil {
			s.log.Warn("demand gap: count in the background", "err", err)
		}
	}()
}

// countDemandOnce counts the gap for pool and stamp, unless a count that
// finished while this one waited its turn already did.
func (s *Server) countDemandOnce(ctx context.Context, pool *matching.Pool, stamp string) (*demandAnswer, error) {
	d := &s.demand
	d.counting.Lock()
	defer d.counting.Unlock()
	d.mu.Lock()
	if d.answer != nil && d.pool == pool && d.stamp == stamp {
		a := d.answer
		d.mu.Unlock()
		return a, nil
	}
	d.mu.Unlock()
	a, err := s.countDemand(ctx, pool)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.answer, d.pool, d.stamp = a, pool, stamp
	d.mu.Unlock()
	return a, nil
}

// countDemand counts the demand gap over every matchable participant, a
// part of the population at a time, so that memory stays bounded however
// many participants there are.
func (s *Server) countDemand(ctx context.Context, pool *matching.Pool) (*demandAnswer, error) {
	at := time.Now().UTC()
	tally := pool.NewDemandTally()
	var counting time.Duration
	err := s.eachChunk(ctx, pool, plekwijzer.ParticipantFilter{}, func(people []*matching.Person) error {
		start := time.Now()
		tally.Add(people)
		counting += time.Since(start)
		return nil
	})
	if err != nil {
		return nil, err
	}
	items := tally.Items()
	s.metrics.matching.WithLabelValues(opDemand).Observe(counting.Seconds())
	out := &demandAnswer{Items: make([]demandItem, len(items)), Participants: plekwijzer.PublishedCount(tally.People()),
		Top: matching.DemandTop, MinScore: matching.DemandMinScore, ComputedAt: at}
	for i, it := range items {
		out.Items[i] = demandItem{
			WorkType:     workTypeRef{ID: it.WorkType.ID, Code: it.WorkType.Code, Name: it.WorkType.Name},
			Participants: plekwijzer.PublishedCount(it.Participants), Placeable: plekwijzer.PublishedCount(it.Placeable),
			Shortage: plekwijzer.PublishedCount(it.Shortage), OpenOffers: it.OpenOffers,
			Demand: publishDayParts(it.Demand), Free: it.Free, Short: publishDayParts(it.Short),
		}
	}
	return out, nil
}
