package plekwijzer

import (
	"context"
	"slices"
	"time"
)

// Kinds of indexed entities, as they appear in the outbox and in search hits.
const (
	KindOffer    = "werkplek"
	KindWorkType = "werksoort"
)

// OutboxEntry says that an indexed entity changed: every write to an offer
// or work type (or to what an offer's search document shows: its
// organisation, its work type, its bookings) adds one in the same
// transaction. Seq grows in commit order.
type OutboxEntry struct {
	Seq  int64
	Kind string // KindOffer or KindWorkType
	ID   string
}

// OfferDoc is what the search index knows of an offer: the offer and what
// it shows of its organisation and work type, and its free places today.
type OfferDoc struct {
	Offer            *Offer
	OrganisationName string
	OrganisationKind OrganisationKind
	WorkTypeCode     string
	WorkTypeName     string
	WorkTypeESCO     []string // the work type's ESCO occupation codes
	Free             Capacity // free places per day-part today, for anyone
	// Reserved are free places today that only participants referred by
	// certain organisations may take: the unused places of a contingent
	// (contingent) that covers this offer.
	Reserved []ReservedFree
}

// ReservedFree is the part of an offer's free places that a contingent keeps
// for participants referred by ReferrerIDs.
type ReservedFree struct {
	ContingentID string
	ReferrerIDs  []string // organisation ids
	Free         Capacity
}

// FreeFor returns the places free today for a participant referred by
// referrerID (nil: no referrer): the places free for anyone plus the
// reserved places this referrer's participants may use.
func (d *OfferDoc) FreeFor(referrerID *string) Capacity {
	out := make(Capacity, len(d.Free))
	for dp, n := range d.Free {
		out[dp] = n
	}
	if referrerID == nil {
		return out
	}
	for _, r := range d.Reserved {
		if !slices.Contains(r.ReferrerIDs, *referrerID) {
			continue
		}
		for dp, n := range r.Free {
			out[dp] += n
		}
	}
	return out
}

// IndexSource is what the search indexer reads from the database, the
// source of truth.
type IndexSource interface {
	// OutboxAfter returns up to limit entries with Seq > after, by Seq.
	OutboxAfter(ctx context.Context, after int64, limit int) ([]OutboxEntry, error)
	// OutboxHead returns the highest Seq written, 0 for none.
	OutboxHead(ctx context.Context) (int64, error)
	// OutboxEpoch names this database's outbox, made once when the
	// database was created: an index built from another database (a
	// restore, a new installation) has another epoch and is rebuilt.
	OutboxEpoch(ctx context.Context) (string, error)
	// OfferDocs returns the documents of the offers that still exist among
	// ids; a missing id means the offer was deleted.
	OfferDocs(ctx context.Context, ids []string) ([]*OfferDoc, error)
	// WorkTypeDocs returns the work types that still exist among ids.
	WorkTypeDocs(ctx context.Context, ids []string) ([]*WorkType, error)
	// OfferIDs returns up to limit offer ids greater than after, in order:
	// the pages of a full rebuild.
	OfferIDs(ctx context.Context, after string, limit int) ([]string, error)
	// WorkTypeIDs returns every work type id.
	WorkTypeIDs(ctx context.Context) ([]string, error)
	// WaitForChange returns when the outbox may have grown (PostgreSQL
	// NOTIFY), when ctx ends, or after at most the poll interval the
	// implementation uses; notifications can be lost, so callers poll too.
	WaitForChange(ctx context.Context) error
}

// OutboxStore is what operations need of the outbox besides the indexer:
// how far behind a replica's index is, and keeping the outbox short.
// Replicas report how far their index has applied the outbox; the entries
// every replica reported recently has applied can be pruned. A replica
// whose index is behind what was pruned has missed entries and must
// rebuild its index.
type OutboxStore interface {
	// OutboxOldestAfter returns when the first entry with Seq > after was
	// written; false when there is none.
	OutboxOldestAfter(ctx context.Context, after int64) (time.Time, bool, error)
	// ResumeReplica is a replica's first report after it starts: it
	// returns the position recorded for replica id (known false when
	// there is none; it is then recorded at prunedThrough) and marks the
	// replica seen, so no prune passes that position from now on. The
	// replica's index is safe to catch up only if known and pos >=
	// prunedThrough.
	ResumeReplica(ctx context.Context, id string) (pos int64, known bool, prunedThrough int64, err error)
	// ReportIndexPosition records that replica id's index has applied
	// the outbox through pos, and returns up to which Seq entries have
	// been pruned.
	ReportIndexPosition(ctx context.Context, id string, pos int64) (prunedThrough int64, err error)
	// PruneOutbox deletes the entries that every replica reported within
	// staleAfter has applied, never the last one, and returns how many;
	// without such a replica it deletes nothing. Replicas not heard from
	// for four times staleAfter are forgotten.
	PruneOutbox(ctx context.Context, staleAfter time.Duration) (deleted int64, err error)
	// OutboxPrunedThrough is the Seq up to which entries may have been
	// pruned (0: none ever were).
	OutboxPrunedThrough(ctx context.Context) (int64, error)
}

// SearchQuery is a full-text search over offers and work types.
type SearchQuery struct {
	Text             string
	Kind             string    // "" for both, KindOffer or KindWorkType
	WorkTypeID       string    // offers of this work type (and the work type itself)
	DayParts         []DayPart // offers with a free place in each of these day-parts
	OrganisationKind OrganisationKind
	Supervision      int           // offers with exactly this supervision level, 0 for any
	PhysicalLoad     Load          // offers with exactly this physical load
	Statuses         []OfferStatus // default: open only
	Postcode         string        // with RadiusKm: offers within RadiusKm of this PC4
	RadiusKm         float64
	Page             Page
	// NoFacets leaves the facet counts out of the result: counting them
	// over every match is most of the work of a broad search, and a
	// result list that does not show them (a widget, search-as-you-type,
	// the next page) need not pay for it.
	NoFacets bool
}

// Search limits.
const (
	MaxSearchTextLength = 200
	MaxSearchOffset     = 1000 // deeper pages are refused: refine the query instead
)

// SearchHit is one result: an offer or a work type, with why it matched.
type SearchHit struct {
	Kind       string              `json:"soort"`
	ID         string              `json:"id"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"markering"` // field → HTML-escaped fragments with <mark>
	DistanceKm *float64            `json:"afstandKm"`
}

// FacetCount is how many results have one value of a facet.
type FacetCount struct {
	Value string `json:"waarde"`
	Count int    `json:"aantal"`
}

// SearchResult is one page of hits, the total, and facet counts over all
// hits: "werksoort", "organisatieSoort", "dagdeel", "begeleiding",
// "fysiekeBelasting", "soort" (nil with NoFacets).
type SearchResult struct {
	Hits   []SearchHit
	Total  int
	Facets map[string][]FacetCount
}

// Searcher answers search queries. EInvalid for a query it cannot parse or
// that asks too much; the context bounds how long it may take.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}
