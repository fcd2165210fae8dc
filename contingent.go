package plekwijzer

import (
	"context"
	"time"
)

// Contingent (contingent) reserves places per day-part over a set of offers
// for the participants referred by a set of organisations: the 20 places
// per day-part of the Instroomportaal that belong to the GON partners.
//
// The places are a pool: on each day of its period, Places[d] of the
// offers' places in day-part d together are kept for the referrers'
// participants. Others cannot take them; a referrer's participant uses a
// reserved place first and a general place when the reserved ones are in
// use. With ReleaseDays > 0, a placement that starts within that many days
// from today may take reserved places that are still unused, whoever made
// it, and keeps its place for its whole period (nobody is moved out).
type Contingent struct {
	ID          string   `json:"id"`
	Name        string   `json:"naam"`
	OfferIDs    []string `json:"werkplekIds"`
	ReferrerIDs []string `json:"verwijzerIds"` // organisations whose participants may use the places
	Places      Capacity `json:"plaatsen"`
	ReleaseDays int      `json:"vrijgaveDagen"`
	StartDate   Date     `json:"startdatum"`
	EndDate     *Date    `json:"einddatum"`
	// Use is how the reserved places are used today (read-only).
	Use       []ContingentUse `json:"gebruik"`
	Version   int             `json:"versie"`
	CreatedAt time.Time       `json:"aangemaakt"`
	UpdatedAt time.Time       `json:"gewijzigd"`
}

// Bounds of a contingent.
const (
	MaxReleaseDays          = 365
	MaxReservedPerDayPart   = 5000
	MaxContingentListLength = 500
)

// ContingentUse is how a contingent's places in one day-part are used on
// one day.
type ContingentUse struct {
	DayPart DayPart `json:"dagdeel"`
	ReservedUse
}

// ReservedUse splits reserved places: Reserved = Used + TakenByOthers + Free.
type ReservedUse struct {
	Reserved int `json:"gereserveerd"`
	// Used are reserved places held by the referrers' participants.
	Used int `json:"gebruikt"`
	// TakenByOthers are unused reserved places that have no free place
	// behind them: others hold them, through a release or because they
	// were placed before the contingent existed.
	TakenByOthers int `json:"doorAnderenBezet"`
	// Free are reserved places still free for the referrers' participants.
	Free int `json:"vrij"`
}

// NewReservedUse splits the reserved places of one day-part on one day,
// given the pool's places (capacity) and the places held there by the
// referrers' participants (eligible) and by others.
func NewReservedUse(reserved, capacity, eligible, others int) ReservedUse {
	used := min(eligible, reserved)
	unused := reserved - used
	free := min(unused, max(0, capacity-eligible-others))
	return ReservedUse{Reserved: reserved, Used: used, TakenByOthers: unused - free, Free: free}
}

// ContingentUpdate holds the fields to change; nil leaves a field as is. An
// empty einddatum makes the contingent open-ended.
type ContingentUpdate struct {
	Name        *string   `json:"naam"`
	OfferIDs    *[]string `json:"werkplekIds"`
	ReferrerIDs *[]string `json:"verwijzerIds"`
	Places      *Capacity `json:"plaatsen"`
	ReleaseDays *int      `json:"vrijgaveDagen"`
	StartDate   *Date     `json:"startdatum"`
	EndDate     *Date     `json:"einddatum"`
}

// Apply copies the set fields of u into c.
func (c *Contingent) Apply(u ContingentUpdate) {
	set(&c.Name, u.Name)
	set(&c.OfferIDs, u.OfferIDs)
	set(&c.ReferrerIDs, u.ReferrerIDs)
	set(&c.Places, u.Places)
	set(&c.ReleaseDays, u.ReleaseDays)
	set(&c.StartDate, u.StartDate)
	if u.EndDate != nil {
		if *u.EndDate == "" {
			c.EndDate = nil
		} else {
			d := *u.EndDate
			c.EndDate = &d
		}
	}
}

// Validate checks c (whether offers and organisations exist is the store's
// part) and fills defaults: empty lists instead of nil.
func (c *Contingent) Validate() error {
	var p Problems
	checkText(&p, "naam", c.Name, true, 200)
	if len(c.OfferIDs) == 0 {
		p.Add("werkplekIds", "kies minstens één werkplek")
	} else if len(c.OfferIDs) > MaxContingentListLength {
		p.Addf("werkplekIds", "hoogstens %d werkplekken", MaxContingentListLength)
	}
	checkIDs(&p, "werkplekIds", c.OfferIDs)
	if len(c.ReferrerIDs) == 0 {
		p.Add("verwijzerIds", "kies minstens één verwijzende organisatie")
	} else if len(c.ReferrerIDs) > MaxContingentListLength {
		p.Addf("verwijzerIds", "hoogstens %d organisaties", MaxContingentListLength)
	}
	checkIDs(&p, "verwijzerIds", c.ReferrerIDs)
	if len(c.Places) == 0 {
		p.Add("plaatsen", "reserveer op minstens één dagdeel plaatsen")
	}
	for _, d := range capacityKeys(c.Places) {
		n, name := c.Places[d], "plaatsen."+string(d)
		switch {
		case !d.Valid():
			p.Addf(name, "onbekend dagdeel %q; kies uit %s", d, joinQuoted(DayParts))
		case n < 1 || n > MaxReservedPerDayPart:
			p.Addf(name, "moet 1 tot en met %d zijn", MaxReservedPerDayPart)
		}
	}
	if c.ReleaseDays < 0 || c.ReleaseDays > MaxReleaseDays {
		p.Addf("vrijgaveDagen", "moet 0 (nooit vrijgeven) tot en met %d zijn", MaxReleaseDays)
	}
	if c.StartDate == "" {
		p.Add("startdatum", "is verplicht")
	} else {
		checkDate(&p, "startdatum", c.StartDate)
	}
	if c.EndDate != nil {
		switch {
		case !c.EndDate.Valid():
			checkDate(&p, "einddatum", *c.EndDate)
		case c.StartDate.Valid() && *c.EndDate < c.StartDate:
			p.Add("einddatum", "ligt voor de startdatum")
		}
	}
	if c.OfferIDs == nil {
		c.OfferIDs = []string{}
	}
	if c.ReferrerIDs == nil {
		c.ReferrerIDs = []string{}
	}
	if c.Places == nil {
		c.Places = Capacity{}
	}
	return p.Err()
}

// Covers reports whether the contingent reserves places on some day of
// [start, end] (end nil: open-ended).
func (c *Contingent) Covers(start Date, end *Date) bool {
	ce := Date("")
	if c.EndDate != nil {
		ce = *c.EndDate
	}
	return overlaps(c.StartDate, ce, start, end)
}

// Releases reports whether a placement starting on start may take the
// contingent's unused places, seen on today.
func (c *Contingent) Releases(start, today Date) bool {
	return c.ReleaseDays > 0 && start < today.AddDays(c.ReleaseDays)
}

// ContingentFilter narrows a list of contingents.
type ContingentFilter struct {
	OfferID    string // contingents over this offer
	ReferrerID string // contingents for this organisation's participants
	Page       Page
}

// ContingentStore keeps contingents.
type ContingentStore interface {
	// FindContingents returns one page of contingents, by name, with
	// today's use, and the total.
	FindContingents(ctx context.Context, f ContingentFilter) ([]*Contingent, int, error)
	// Contingent returns one contingent with today's use, or ENotFound.
	Contingent(ctx context.Context, id string) (*Contingent, error)
	// CreateContingent stores c. EInvalid (also for unknown offers or
	// organisations, or more places than the offers have); EConflict when
	// an offer is in another contingent in an overlapping period.
	CreateContingent(ctx context.Context, c *Contingent) error
	// UpdateContingent applies u if the version matches (0: any).
	// ENotFound, EInvalid, EConflict as CreateContingent or for a stale
	// version.
	UpdateContingent(ctx context.Context, id string, u ContingentUpdate, version int) (*Contingent, error)
	// DeleteContingent removes a contingent; its places become general
	// places. ENotFound.
	DeleteContingent(ctx context.Context, id string) error
}
