package plekwijzer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// PlacementStatus is where a placement is in its lifecycle.
type PlacementStatus string

// Placement statuses. A proposed placement already holds its places.
const (
	PlacementProposed  PlacementStatus = "voorgesteld"
	PlacementAccepted  PlacementStatus = "geaccepteerd" // the werkplek accepted; active from the start date
	PlacementActive    PlacementStatus = "actief"
	PlacementCompleted PlacementStatus = "afgerond"
	PlacementDropout   PlacementStatus = "uitgevallen"
	PlacementCancelled PlacementStatus = "geannuleerd"
)

// PlacementStatuses lists the valid statuses.
var PlacementStatuses = []PlacementStatus{PlacementProposed, PlacementAccepted, PlacementActive, PlacementCompleted, PlacementDropout, PlacementCancelled}

// transitions lists the legal status changes.
var transitions = map[PlacementStatus][]PlacementStatus{
	PlacementProposed: {PlacementActive, PlacementCancelled},
	PlacementAccepted: {PlacementActive, PlacementCancelled},
	PlacementActive:   {PlacementCompleted, PlacementDropout, PlacementCancelled},
}

// CanBecome reports whether a placement in status s may move to next.
func (s PlacementStatus) CanBecome(next PlacementStatus) bool {
	return slices.Contains(transitions[s], next)
}

// HoldsPlaces reports whether a placement in status s occupies capacity.
func (s PlacementStatus) HoldsPlaces() bool {
	return s == PlacementProposed || s == PlacementAccepted || s == PlacementActive
}

// Evaluated reports whether a placement in status s has evaluations: it
// began (it runs or ran).
func (s PlacementStatus) Evaluated() bool {
	return s == PlacementActive || s == PlacementCompleted || s == PlacementDropout
}

// Ended reports whether s is a final status.
func (s PlacementStatus) Ended() bool {
	return s == PlacementCompleted || s == PlacementDropout || s == PlacementCancelled
}

// Results of a placement.
var Results = []string{"betaald-werk", "opleiding", "vervolgplek", "beschut-werk", "dagbesteding", "geen", "overig"}

// DropoutReasons say why a placement ended early. "te-weinig-variatie" is
// the reason the letter names first.
var DropoutReasons = []string{
	"te-weinig-variatie", "werk-past-niet", "te-zwaar", "begeleiding-past-niet",
	"gezondheid", "motivatie", "persoonlijke-omstandigheden", "verhuizing",
	"justitie", "reisafstand", "overig",
}

// Causes say who caused a dropout.
var Causes = []string{"deelnemer", "werkplek", "beide", "extern"}

// CancelExpired is the cancel reason of a proposal that held its places for
// the configured time without becoming active; only the store sets it.
const CancelExpired = "verlopen"

// CancelReasons say why a placement was cancelled. A cancelled placement
// never ran: it counts in no dropout or occupancy figure.
var CancelReasons = []string{CancelExpired, "deelnemer-ziet-af", "werkplek-ziet-af", "andere-plaatsing", "overig"}

// Outcome records how a placement ended; while it runs, only the hours
// missed so far (attendance), without a result.
type Outcome struct {
	Result        string `json:"resultaat,omitempty"`
	DropoutReason string `json:"uitvalreden,omitempty"`
	CausedBy      string `json:"veroorzaaktDoor,omitempty"`
	MissedHours   int    `json:"gemisteUren"`
}

// Placement (plaatsing) is a participant at an offer on some day-parts,
// from a start date to an end date.
type Placement struct {
	ID              string          `json:"id"`
	ParticipantID   *string         `json:"deelnemerId"`
	ParticipantCode string          `json:"deelnemerCode"`
	OfferID         string          `json:"werkplekId"`
	DayParts        []DayPart       `json:"dagdelen"`
	StartDate       Date            `json:"startdatum"`
	EndDate         *Date           `json:"einddatum"`
	Status          PlacementStatus `json:"status"`
	Outcome         *Outcome        `json:"uitkomst"`
	// HoldUntil is when a proposal stops holding its places and is
	// cancelled as expired; nil for other statuses (and for proposals
	// made while holding was unlimited).
	HoldUntil    *time.Time `json:"verlooptOp"`
	CancelReason *string    `json:"annuleringsreden"`
	// ReferrerID is the organisation that referred the participant when
	// the placement was booked: whether it may use a contingent's places.
	// Internal: it says something about the participant.
	ReferrerID *string `json:"-"`
	// Deviation is the coach's override of a hard rule, if any; never
	// shown to the werkplek.
	Deviation *Deviation `json:"afwijking,omitempty"`
	Version   int        `json:"versie"`
	CreatedAt time.Time  `json:"aangemaakt"`
	UpdatedAt time.Time  `json:"gewijzigd"`
}

// NewPlacement is the input of a new placement.
type NewPlacement struct {
	ParticipantID *string          `json:"deelnemerId"`
	OfferID       *string          `json:"werkplekId"`
	DayParts      *[]DayPart       `json:"dagdelen"`
	StartDate     *Date            `json:"startdatum"`
	EndDate       *Date            `json:"einddatum"`
	Status        *PlacementStatus `json:"status"`
	// Proposal is what the werkplek may know (voordracht.go).
	Proposal *NewProposal `json:"voordracht"`
	// Deviation overrides the hard rules the booking breaks (deviation.go).
	Deviation *NewDeviation `json:"afwijking"`
}

// Placement validates n and returns the placement it describes: proposed
// unless it asks to be booked as active straight away.
func (n NewPlacement) Placement() (*Placement, error) {
	var p Problems
	pl := &Placement{Status: PlacementProposed}
	switch {
	case n.ParticipantID == nil || *n.ParticipantID == "":
		p.Add("deelnemerId", "is verplicht")
	case !validUUID(*n.ParticipantID):
		p.Add("deelnemerId", "is geen geldige id")
	default:
		pl.ParticipantID = n.ParticipantID
	}
	switch {
	case n.OfferID == nil || *n.OfferID == "":
		p.Add("werkplekId", "is verplicht")
	case !validUUID(*n.OfferID):
		p.Add("werkplekId", "is geen geldige id")
	default:
		pl.OfferID = *n.OfferID
	}
	if n.DayParts == nil || len(*n.DayParts) == 0 {
		p.Add("dagdelen", "kies minstens één dagdeel")
	} else {
		checkDayParts(&p, "dagdelen", *n.DayParts)
		pl.DayParts = SortedDayParts(*n.DayParts)
	}
	if n.StartDate == nil || *n.StartDate == "" {
		p.Add("startdatum", "is verplicht")
	} else if !n.StartDate.Valid() {
		checkDate(&p, "startdatum", *n.StartDate)
	} else {
		pl.StartDate = *n.StartDate
	}
	if n.EndDate != nil && *n.EndDate != "" {
		switch {
		case !n.EndDate.Valid():
			checkDate(&p, "einddatum", *n.EndDate)
		case n.StartDate != nil && n.StartDate.Valid() && *n.EndDate < *n.StartDate:
			p.Add("einddatum", "ligt voor de startdatum")
		default:
			pl.EndDate = n.EndDate
		}
	}
	if n.Status != nil {
		if *n.Status != PlacementProposed && *n.Status != PlacementActive {
			p.Add("status", "een nieuwe plaatsing is voorgesteld of actief")
		} else {
			pl.Status = *n.Status
		}
	}
	if n.Proposal != nil {
		if pl.Status != PlacementProposed {
			p.Add("voordracht", "hoort bij een voorgestelde plaatsing")
		}
		n.Proposal.Check(&p)
	}
	if n.Deviation != nil {
		n.Deviation.Check(&p)
	}
	return pl, p.Err()
}

// PlacementOn is Placement for a placement someone makes on day today: its
// start may lie at most a year back (MaxBackdateYears), so a typo cannot
// book a place over years of history. History itself (the demo data, an
// import) is made with Placement.
func (n NewPlacement) PlacementOn(today Date) (*Placement, error) {
	pl, err := n.Placement()
	if n.StartDate == nil || !n.StartDate.Valid() || !tooFarBack(*n.StartDate, today) {
		return pl, err
	}
	var p Problems
	if e := (*Error)(nil); errors.As(err, &e) {
		p = e.Fields
	}
	p.Add("startdatum", backdateReason)
	return pl, p.Err()
}

// MaxBackdateYears is how far back a new or moved placement may start.
const MaxBackdateYears = 1

var backdateReason = fmt.Sprintf("mag hoogstens %d jaar terug liggen", MaxBackdateYears)

// tooFarBack reports whether start lies more than MaxBackdateYears before today.
func tooFarBack(start, today Date) bool {
	return start.Time().Before(today.Time().AddDate(-MaxBackdateYears, 0, 0))
}

// PlacementUpdate changes a placement: its status (with the outcome when it
// ends, or the reason when it is cancelled), its dates or its day-parts.
type PlacementUpdate struct {
	Status       *PlacementStatus `json:"status"`
	DayParts     *[]DayPart       `json:"dagdelen"`
	StartDate    *Date            `json:"startdatum"`
	EndDate      *Date            `json:"einddatum"`
	Outcome      *Outcome         `json:"uitkomst"`
	CancelReason *string          `json:"annuleringsreden"`
}

// Apply checks u against the current placement pl and applies it. today is
// the date an ending placement gets when no end date is given.
func (pl *Placement) Apply(u PlacementUpdate, today Date) error {
	var p Problems
	prev := pl.Status
	if u.Status != nil && *u.Status != pl.Status {
		if !slices.Contains(PlacementStatuses, *u.Status) {
			p.Addf("status", "onbekende status %q; kies uit %s", *u.Status, joinQuoted(PlacementStatuses))
		} else if !pl.Status.CanBecome(*u.Status) {
			return Errorf(EConflict, "Een plaatsing met status %s kan niet naar %s.", pl.Status, *u.Status)
		} else {
			pl.Status = *u.Status
		}
	}
	if prev.Ended() && (u.DayParts != nil || u.StartDate != nil || u.EndDate != nil) {
		return Errorf(EConflict, "Een beëindigde plaatsing kan niet meer veranderen.")
	}
	if u.DayParts != nil {
		if len(*u.DayParts) == 0 {
			p.Add("dagdelen", "kies minstens één dagdeel")
		}
		checkDayParts(&p, "dagdelen", *u.DayParts)
		pl.DayParts = SortedDayParts(*u.DayParts)
	}
	if u.StartDate != nil && *u.StartDate != pl.StartDate {
		switch {
		case !u.StartDate.Valid():
			checkDate(&p, "startdatum", *u.StartDate)
		case tooFarBack(*u.StartDate, today):
			p.Add("startdatum", backdateReason)
		default:
			pl.StartDate = *u.StartDate
		}
	}
	if u.EndDate != nil {
		switch {
		case *u.EndDate == "":
			pl.EndDate = nil
		case !u.EndDate.Valid():
			checkDate(&p, "einddatum", *u.EndDate)
		default:
			d := *u.EndDate
			pl.EndDate = &d
		}
	}
	if pl.EndDate != nil && pl.StartDate.Valid() && *pl.EndDate < pl.StartDate {
		p.Add("einddatum", "ligt voor de startdatum")
	}
	if u.Outcome != nil {
		checkOutcome(&p, *u.Outcome, pl.Status)
		o := *u.Outcome
		pl.Outcome = &o
	}
	ending := pl.Status == PlacementCompleted || pl.Status == PlacementDropout
	switch {
	case ending && pl.Outcome == nil:
		p.Add("uitkomst", "vul de uitkomst in als een plaatsing eindigt")
	case ending && u.Outcome == nil && pl.Status != prev:
		// Ending on the attendance recorded so far: it needs the rest.
		checkOutcome(&p, *pl.Outcome, pl.Status)
	}
	if u.CancelReason != nil {
		switch {
		case pl.Status != PlacementCancelled:
			p.Add("annuleringsreden", "hoort alleen bij een geannuleerde plaatsing")
		case *u.CancelReason == CancelExpired:
			p.Add("annuleringsreden", "wordt alleen gezet als een voorstel verloopt")
		default:
			checkEnum(&p, "annuleringsreden", *u.CancelReason, CancelReasons)
			r := *u.CancelReason
			pl.CancelReason = &r
		}
	}
	if pl.Status != PlacementProposed {
		pl.HoldUntil = nil
	}
	if pl.Status.Ended() && !prev.Ended() && u.EndDate == nil {
		// Without an end date in the update, a placement ends today — or
		// on its planned end if that came first, or on its start day if it
		// never began.
		end := today
		if pl.EndDate != nil && *pl.EndDate < end {
			end = *pl.EndDate
		}
		end = max(end, pl.StartDate)
		pl.EndDate = &end
	}
	return p.Err()
}

// checkOutcome checks an outcome for a placement in status: a result when
// it ends, with a reason and a cause when it ends in dropout; before that
// the missed hours alone will do.
func checkOutcome(p *Problems, o Outcome, status PlacementStatus) {
	if status == PlacementCompleted || status == PlacementDropout || o.Result != "" {
		checkEnum(p, "uitkomst.resultaat", o.Result, Results)
	}
	if status == PlacementDropout {
		checkEnum(p, "uitkomst.uitvalreden", o.DropoutReason, DropoutReasons)
		checkEnum(p, "uitkomst.veroorzaaktDoor", o.CausedBy, Causes)
	} else {
		if o.DropoutReason != "" {
			checkEnum(p, "uitkomst.uitvalreden", o.DropoutReason, DropoutReasons)
		}
		if o.CausedBy != "" {
			checkEnum(p, "uitkomst.veroorzaaktDoor", o.CausedBy, Causes)
		}
	}
	if o.MissedHours < 0 || o.MissedHours > 10000 {
		p.Add("uitkomst.gemisteUren", "moet 0 tot en met 10000 zijn")
	}
}

// Booking is a stretch of time in which a placement holds a place in one
// day-part of an offer. End "" means open-ended. ReferrerID is the
// organisation that referred the participant ("" for none).
type Booking struct {
	DayPart    DayPart
	Start      Date
	End        Date
	ReferrerID string
}

// FullDayParts returns the day-parts of want in which the offer has no free
// place for the whole period [start, end] given the existing bookings: for
// each day-part it computes the peak number of bookings on any day of the
// period, which is exact, where counting every overlapping booking would
// refuse places that are free.
func FullDayParts(c Capacity, want []DayPart, start Date, end *Date, existing []Booking) []DayPart {
	var full []DayPart
	for _, d := range want {
		if peakOccupancy(d, start, end, existing) >= c[d] {
			full = append(full, d)
		}
	}
	return full
}

// FreeFrom returns the places of c that a new placement starting on from,
// and running on without an end, could take in each day-part given the
// bookings: the capacity minus the peak occupancy from that day on. A
// place free today but booked from next month is not free in this sense,
// and booking it open-ended would be refused.
func FreeFrom(c Capacity, from Date, bookings []Booking) Capacity {
	out := Capacity{}
	for d, n := range c {
		if f := n - peakOccupancy(d, from, nil, bookings); f > 0 {
			out[d] = f
		}
	}
	return out
}

// OverbookedDayParts returns the day-parts in which the bookings would need
// more places than c has on some day from from onwards: what shrinking an
// offer's capacity must not cause.
func OverbookedDayParts(c Capacity, from Date, bookings []Booking) []DayPart {
	var over []DayPart
	for _, d := range DayParts {
		if peakOccupancy(d, from, nil, bookings) > c[d] {
			over = append(over, d)
		}
	}
	return over
}

// peakOccupancy is the largest number of bookings of day-part d that hold a
// place on one day within [start, end].
func peakOccupancy(d DayPart, start Date, end *Date, bs []Booking) int {
	return peak(d, start, end, bs, func(Booking) int { return 0 }, func(n [2]int) int { return n[0] })
}

// ReservedFull returns the day-parts of want in which a booking for
// [start, end] by someone who may not use contingent c's places would take
// one of them: on some day of the period within c's own, the places held by
// others plus the reserved places (or the places the referrers'
// participants hold, when more) leave none of the pool's places free. pool
// is the places of c's offers together, bookings those of c's offers.
func ReservedFull(c *Contingent, pool Capacity, want []DayPart, start Date, end *Date, bookings []Booking) []DayPart {
	from, to, ok := c.within(start, end)
	if !ok {
		return nil
	}
	kind := func(b Booking) int {
		if slices.Contains(c.ReferrerIDs, b.ReferrerID) {
			return 1
		}
		return 0
	}
	var full []DayPart
	for _, d := range want {
		reserved := c.Places[d]
		if reserved == 0 {
			continue
		}
		// n[0]: others' places, n[1]: the referrers' participants'.
		need := peak(d, from, to, bookings, kind, func(n [2]int) int { return n[0] + max(n[1], reserved) })
		if need >= pool[d] {
			full = append(full, d)
		}
	}
	return full
}

// within returns the part of [start, end] in c's period; ok is false when
// they do not meet.
func (c *Contingent) within(start Date, end *Date) (from Date, to *Date, ok bool) {
	if !c.Covers(start, end) {
		return "", nil, false
	}
	from, to = max(start, c.StartDate), end
	if c.EndDate != nil && (to == nil || *c.EndDate < *to) {
		e := *c.EndDate
		to = &e
	}
	return from, to, true
}

// peak sweeps the bookings of day-part d that hold a place within
// [start, end] in date order, counting them in two kinds, and returns the
// largest value of the counts on one day (also on a day without bookings).
func peak(d DayPart, start Date, end *Date, bs []Booking, kind func(Booking) int, value func(n [2]int) int) int {
	type event struct {
		at    Date
		kind  int
		delta int
	}
	var evs []event
	for _, b := range bs {
		if b.DayPart != d || !overlaps(b.Start, b.End, start, end) {
			continue
		}
		from, k := max(b.Start, start), kind(b)
		evs = append(evs, event{from, k, +1})
		if b.End != "" {
			evs = append(evs, event{b.End.AddDays(1), k, -1})
		}
	}
	// Departures on a day come before arrivals on it: a booking ending
	// yesterday frees its place for one starting today.
	slices.SortFunc(evs, func(a, b event) int {
		if a.at != b.at {
			if a.at < b.at {
				return -1
			}
			return 1
		}
		return a.delta - b.delta
	})
	// Within a day, every departure comes first and every arrival only
	// raises the counts, so the largest value after any event is the
	// largest value on any day.
	var n [2]int
	top := value(n)
	for _, e := range evs {
		n[e.kind] += e.delta
		top = max(top, value(n))
	}
	return top
}

func overlaps(s1, e1 Date, s2 Date, e2 *Date) bool {
	if e2 != nil && s1 > *e2 {
		return false
	}
	return e1 == "" || e1 >= s2
}

// PlacementFilter narrows a list of placements.
type PlacementFilter struct {
	ParticipantID  string
	OfferID        string
	OrganisationID string // placements at this organisation's offers
	CoachID        string // placements of participants visible to this coach
	Status         PlacementStatus
	Page           Page
}

// PlacementStore keeps placements and guards capacity.
type PlacementStore interface {
	// FindPlacements returns one page of placements, newest start first,
	// and the total.
	FindPlacements(ctx context.Context, f PlacementFilter) ([]*Placement, int, error)
	// Placement returns one placement, or ENotFound.
	Placement(ctx context.Context, id string) (*Placement, error)
	// CreatePlacement books pl if every chosen day-part has a free place
	// for the whole period, atomically with respect to other bookings.
	// EInvalid for unknown participant or offer or day-parts the offer
	// does not have; EConflict (Details["volleDagdelen"]) when full or when
	// the offer is not open.
	CreatePlacement(ctx context.Context, pl *Placement) error
	// CreatePlacements books every placement as CreatePlacement does, all
	// or none, in one transaction. An error names the placement it is
	// about: Details["plaatsing"] is its index, fields are
	// "plaatsingen[i].…". The werkplek of each proposed placement is told
	// of the new voordracht, as with CreateProposedPlacement.
	CreatePlacements(ctx context.Context, pls []*Placement) error
	// UpdatePlacement applies u if the version matches (0: any), checking
	// capacity again when the period or day-parts change. ENotFound,
	// EInvalid, EConflict for an illegal transition, a stale version or
	// full day-parts.
	UpdatePlacement(ctx context.Context, id string, u PlacementUpdate, version int) (*Placement, error)
	// ExpireProposals cancels, with reason "verlopen", every proposal
	// whose hold has run out, and returns how many. Bookings never count
	// such a proposal, expired or not yet cancelled.
	ExpireProposals(ctx context.Context) (int, error)
}

// Overlaps reports whether b holds its place on any day of [start, end]
// (end nil: open-ended).
func (b Booking) Overlaps(start Date, end *Date) bool { return overlaps(b.Start, b.End, start, end) }
