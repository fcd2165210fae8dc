package api

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/iederz/plekwijzer"
)

// IndexStatus is what a search index tells about itself for /metrics:
// how far it has applied the outbox, and its size.
type IndexStatus interface {
	// Position is the Seq of the last outbox entry applied.
	Position() int64
	// DocCount is the number of documents.
	DocCount() (uint64, error)
	// SizeBytes is the size on disk.
	SizeBytes() (int64, error)
	// Health reports whether the index can be written, and if not why
	// (a short phrase without paths or data).
	Health() (healthy bool, reason string)
}

// Operations of the matching, as the matching histogram labels them.
const (
	opMatches    = "matches"
	opCandidates = "kandidaten"
	opWorkTypes  = "werksoorten"
	opDemand     = "vraag"
)

// Why the match pool was built again, as its histogram labels it.
const (
	rebuildFull    = "full"    // every offer read again: the first use, or a new day
	rebuildChanges = "changes" // the offers the outbox named read again
	rebuildStats   = "stats"   // only the dropout and proposal figures aged out
)

// Reasons a booking is refused (409), as the refusals counter labels them.
// They follow the facts a 409 problem carries.
const (
	refusedFull     = "full"             // volleDagdelen: no free place on a day-part
	refusedReserved = "reserved"         // gereserveerdeDagdelen: free places kept for other referrers
	refusedBusy     = "participant_busy" // bezetteDagdelen: the participant is placed elsewhere then
	refusedStale    = "stale_version"    // huidigeVersie: changed by someone else meanwhile
	refusedRules    = "profile_rules"    // regels: breaks a hard rule of matching without a deviation
	refusedOther    = "other"            // the offer is not open, a status change that is not allowed
)

// latencyBuckets suit operations that should take milliseconds.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

// metrics are the Prometheus collectors of the service, in a registry of
// its own. Labels are route patterns and small fixed sets, never ids.
type metrics struct {
	registry     *prometheus.Registry
	requests     *prometheus.HistogramVec
	matching     *prometheus.HistogramVec
	poolRebuilds *prometheus.HistogramVec
	search       prometheus.Histogram
	bookings     *prometheus.CounterVec
	refusals     *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "plekwijzer",
		Name:      "http_request_duration_seconds",
		Help:      "Time to answer HTTP requests, by method, route pattern and status.",
		Buckets:   []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"method", "route", "status"})
	m.matching = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "plekwijzer",
		Name:      "matching_duration_seconds",
		Help:      "Time of the ranking itself, by operation (matches, kandidaten, werksoorten, vraag): without reading the pool, the participants or their histories from the database.",
		Buckets:   latencyBuckets,
	}, []string{"operation"})
	m.poolRebuilds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "plekwijzer",
		Name:      "match_pool_rebuild_duration_seconds",
		Help:      "Time to build the matching pool again, by reason (full: every offer read; changes: the offers the outbox named; stats: the dropout figures aged out). The count is the number of rebuilds.",
		Buckets:   []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"reason"})
	m.search = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: "plekwijzer",
		Name:      "search_duration_seconds",
		Help:      "Time of one query on the search index (without reading the hits' entities from the database).",
		Buckets:   latencyBuckets,
	})
	m.bookings = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "plekwijzer",
		Name:      "bookings_total",
		Help:      "Placements booked, by the status they were booked in (voorgesteld, actief).",
	}, []string{"status"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "plekwijzer",
		Name:      "booking_refusals_total",
		Help:      "Bookings and changes of placements refused with 409, by reason (full, reserved, participant_busy, stale_version, other).",
	}, []string{"reason"})
	for _, op := range []string{opMatches, opCandidates, opWorkTypes, opDemand} {
		m.matching.WithLabelValues(op)
	}
	for _, r := range []string{rebuildFull, rebuildChanges, rebuildStats} {
		m.poolRebuilds.WithLabelValues(r)
	}
	for _, st := range []plekwijzer.PlacementStatus{plekwijzer.PlacementProposed, plekwijzer.PlacementActive} {
		m.bookings.WithLabelValues(string(st))
	}
	for _, r := range []string{refusedFull, refusedReserved, refusedBusy, refusedStale, refusedRules, refusedOther} {
		m.refusals.WithLabelValues(r)
	}
	m.registry.MustRegister(m.requests, m.matching, m.poolRebuilds, m.search, m.bookings, m.refusals,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe records the time since start in h.
func observe(h prometheus.Observer, start time.Time) { h.Observe(time.Since(start).Seconds()) }

// booked counts the outcome of a booking or a change of a placement: a
// new placement by its status, a 409 by its reason.
func (m *metrics) booked(pl *plekwijzer.Placement, err error) {
	if err == nil {
		if pl != nil {
			m.bookings.WithLabelValues(string(pl.Status)).Inc()
		}
		return
	}
	var de *plekwijzer.Error
	if !errors.As(err, &de) || de.Code != plekwijzer.EConflict {
		return
	}
	reason := refusedOther
	switch {
	case de.Details["gereserveerdeDagdelen"] != nil:
		reason = refusedReserved
	case de.Details["volleDagdelen"] != nil:
		reason = refusedFull
	case de.Details["bezetteDagdelen"] != nil:
		reason = refusedBusy
	case de.Details["huidigeVersie"] != nil:
		reason = refusedStale
	case de.Details["regels"] != nil:
		reason = refusedRules
	}
	m.refusals.WithLabelValues(reason).Inc()
}

// outboxCollector reports at each scrape how far this replica's search
// index is behind the outbox, and how big it is. It asks the database, so
// a scrape costs two small queries.
type outboxCollector struct {
	store plekwijzer.Store
	index IndexStatus
	log   *slog.Logger

	head, position, lagEntries, lagSeconds, docs, bytes, healthy *prometheus.Desc
}

func newOutboxCollector(st plekwijzer.Store, ix IndexStatus, log *slog.Logger) *outboxCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("plekwijzer_"+name, help, nil, nil)
	}
	return &outboxCollector{store: st, index: ix, log: log,
		head:       d("outbox_head", "The Seq of the last entry in the search outbox."),
		position:   d("search_index_position", "The Seq of the last outbox entry this replica's search index applied."),
		lagEntries: d("outbox_lag_entries", "Outbox entries this replica's search index has not applied yet (head - position)."),
		lagSeconds: d("outbox_lag_seconds", "Age of the oldest outbox entry this replica's search index has not applied; 0 when it is up to date."),
		docs:       d("search_index_documents", "Documents in this replica's search index (offers and work types)."),
		bytes:      d("search_index_bytes", "Size of this replica's search index on disk."),
		healthy:    d("search_index_healthy", "1 while this replica's search index can be written; 0 while it cannot (searches answer 503, everything else keeps working), until it recovers by itself."),
	}
}

func (o *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{o.head, o.position, o.lagEntries, o.lagSeconds, o.docs, o.bytes, o.healthy} {
		ch <- d
	}
}

func (o *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	pos := o.index.Position()
	gauge(o.position, float64(pos))
	if ok, _ := o.index.Health(); ok {
		gauge(o.healthy, 1)
	} else {
		gauge(o.healthy, 0)
	}
	if n, err := o.index.DocCount(); err == nil {
		gauge(o.docs, float64(n))
	}
	if n, err := o.index.SizeBytes(); err == nil {
		gauge(o.bytes, float64(n))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	head, err := o.store.OutboxHead(ctx)
	if err != nil {
		o.log.Warn("metrics: cannot read the outbox head", "err", err)
		return
	}
	gauge(o.head, float64(head))
	gauge(o.lagEntries, float64(max(head-pos, 0)))
	oldest, ok, err := o.store.OutboxOldestAfter(ctx, pos)
	if err != nil {
		o.log.Warn("metrics: cannot read the outbox", "err", err)
		return
	}
	lag := 0.0
	if ok {
		lag = max(time.Since(oldest).Seconds(), 0)
	}
	gauge(o.lagSeconds, lag)
}
