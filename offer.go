package plekwijzer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Offer (werkplek) is a concrete place where a work type is done, at an
// organisation, with a number of places per day-part.
type Offer struct {
	ID               string        `json:"id"`
	OrganisationID   string        `json:"organisatieId"`
	Title            string        `json:"titel"`
	Description      string        `json:"omschrijving"`
	WorkTypeID       string        `json:"werksoortId"`
	RequiredSkills   []string      `json:"vereisteVaardigheden"`
	LearnableSkills  []string      `json:"leerbareVaardigheden"`
	Supervision      int           `json:"begeleiding"`
	PhysicalLoad     Load          `json:"fysiekeBelasting"`
	Capacity         Capacity      `json:"capaciteit"`
	Postcode         string        `json:"postcode"`
	Access           Accessibility `json:"bereikbaarheid"`
	TargetGroups     []TargetGroup `json:"doelgroepen"`
	Status           OfferStatus   `json:"status"`
	DevelopmentPlace bool          `json:"ontwikkelplek"`
	Version          int           `json:"versie"`
	CreatedAt        time.Time     `json:"aangemaakt"`
	UpdatedAt        time.Time     `json:"gewijzigd"`
}

// Capacity is the number of places per day-part. A day-part that is absent
// has no places.
type Capacity map[DayPart]int

// Total is the number of places over the week.
func (c Capacity) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// capacityKeys returns the day-parts of c in calendar order, unknown ones
// last and sorted, so problems and JSON come out in a stable order.
func capacityKeys(c Capacity) []DayPart {
	keys := make([]DayPart, 0, len(c))
	for d := range c {
		keys = append(keys, d)
	}
	slices.SortFunc(keys, func(a, b DayPart) int {
		ia, ib := a.Index(), b.Index()
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		return strings.Compare(string(a), string(b))
	})
	return keys
}

// MarshalJSON writes the day-parts in calendar order (ma-ochtend first),
// which is how people read a week.
func (c Capacity) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, d := range capacityKeys(c) {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(string(d))
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c[d]))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MaxPlacesPerDayPart bounds one offer's places in one day-part.
const MaxPlacesPerDayPart = 500

// Accessibility says how an offer can be reached.
type Accessibility struct {
	PublicTransport bool `json:"ov"`
	Wheelchair      bool `json:"rolstoel"`
}

// Supervision levels: 1 light … 4 intensive.
const (
	MinSupervision = 1
	MaxSupervision = 4
)

// OfferUpdate holds the fields to change; nil leaves a field as is.
type OfferUpdate struct {
	OrganisationID   *string        `json:"organisatieId"`
	Title            *string        `json:"titel"`
	Description      *string        `json:"omschrijving"`
	WorkTypeID       *string        `json:"werksoortId"`
	RequiredSkills   *[]string      `json:"vereisteVaardigheden"`
	LearnableSkills  *[]string      `json:"leerbareVaardigheden"`
	Supervision      *int           `json:"begeleiding"`
	PhysicalLoad     *Load          `json:"fysiekeBelasting"`
	Capacity         *Capacity      `json:"capaciteit"`
	Postcode         *string        `json:"postcode"`
	Access           *Accessibility `json:"bereikbaarheid"`
	TargetGroups     *[]TargetGroup `json:"doelgroepen"`
	Status           *OfferStatus   `json:"status"`
	DevelopmentPlace *bool          `json:"ontwikkelplek"`
}

// Apply copies the set fields of u into o.
func (o *Offer) Apply(u OfferUpdate) {
	set(&o.OrganisationID, u.OrganisationID)
	set(&o.Title, u.Title)
	set(&o.Description, u.Description)
	set(&o.WorkTypeID, u.WorkTypeID)
	set(&o.RequiredSkills, u.RequiredSkills)
	set(&o.LearnableSkills, u.LearnableSkills)
	set(&o.Supervision, u.Supervision)
	set(&o.PhysicalLoad, u.PhysicalLoad)
	set(&o.Capacity, u.Capacity)
	set(&o.Postcode, u.Postcode)
	set(&o.Access, u.Access)
	set(&o.TargetGroups, u.TargetGroups)
	set(&o.Status, u.Status)
	set(&o.DevelopmentPlace, u.DevelopmentPlace)
}

// Validate checks o (references to other entities are the store's part)
// and fills defaults: status open, empty lists instead of nil.
func (o *Offer) Validate() error {
	var p Problems
	if o.Status == "" {
		o.Status = OfferOpen
	}
	if o.OrganisationID == "" {
		p.Add("organisatieId", "is verplicht")
	} else if !validUUID(o.OrganisationID) {
		p.Add("organisatieId", "is geen geldige id")
	}
	checkText(&p, "titel", o.Title, true, 200)
	checkText(&p, "omschrijving", o.Description, false, 5000)
	if o.WorkTypeID == "" {
		p.Add("werksoortId", "is verplicht")
	} else if !validUUID(o.WorkTypeID) {
		p.Add("werksoortId", "is geen geldige id")
	}
	checkIDs(&p, "vereisteVaardigheden", o.RequiredSkills)
	checkIDs(&p, "leerbareVaardigheden", o.LearnableSkills)
	if o.Supervision < MinSupervision || o.Supervision > MaxSupervision {
		p.Addf("begeleiding", "moet %d (licht) tot en met %d (intensief) zijn", MinSupervision, MaxSupervision)
	}
	checkEnum(&p, "fysiekeBelasting", o.PhysicalLoad, Loads)
	for _, d := range capacityKeys(o.Capacity) {
		n := o.Capacity[d]
		name := "capaciteit." + string(d)
		switch {
		case !d.Valid():
			p.Addf(name, "onbekend dagdeel %q; kies uit %s", d, joinQuoted(DayParts))
		case n < 0:
			p.Add(name, "mag niet negatief zijn")
		case n > MaxPlacesPerDayPart:
			p.Addf(name, "mag hoogstens %d zijn", MaxPlacesPerDayPart)
		}
	}
	checkPostcode(&p, "postcode", &o.Postcode, true)
	seen := map[TargetGroup]bool{}
	for i, g := range o.TargetGroups {
		name := fmt.Sprintf("doelgroepen[%d]", i)
		checkEnum(&p, name, g, TargetGroups)
		if seen[g] {
			p.Add(name, "staat er dubbel in")
		}
		seen[g] = true
	}
	checkEnum(&p, "status", o.Status, OfferStatuses)
	o.normalize()
	return p.Err()
}

func (o *Offer) normalize() {
	if o.RequiredSkills == nil {
		o.RequiredSkills = []string{}
	}
	if o.LearnableSkills == nil {
		o.LearnableSkills = []string{}
	}
	if o.TargetGroups == nil {
		o.TargetGroups = []TargetGroup{}
	}
	if o.Capacity == nil {
		o.Capacity = Capacity{}
	}
	for d, n := range o.Capacity {
		if n == 0 {
			delete(o.Capacity, d)
		}
	}
}

// Admits reports whether the offer takes participants of group g; an offer
// without target groups takes everyone.
func (o *Offer) Admits(g TargetGroup) bool {
	if len(o.TargetGroups) == 0 {
		return true
	}
	for _, x := range o.TargetGroups {
		if x == g {
			return true
		}
	}
	return false
}

// OfferFilter narrows a list of offers.
type OfferFilter struct {
	OrganisationID   string
	WorkTypeID       string
	Status           OfferStatus
	TargetGroup      TargetGroup // offers that admit this group
	DayPart          DayPart     // offers with places in this day-part
	DevelopmentPlace *bool
	Query            string // part of the title
	Page             Page
}

// OfferStore keeps work offers.
type OfferStore interface {
	// FindOffers returns one page of matching offers, by title, and the total.
	FindOffers(ctx context.Context, f OfferFilter) ([]*Offer, int, error)
	// Offer returns one offer, or ENotFound.
	Offer(ctx context.Context, id string) (*Offer, error)
	// CreateOffer stores o. EInvalid, also for references to organisations,
	// work types or skills that do not exist.
	CreateOffer(ctx context.Context, o *Offer) error
	// UpdateOffer applies u if the version matches (0: any). ENotFound,
	// EInvalid, EConflict for a stale version.
	UpdateOffer(ctx context.Context, id string, u OfferUpdate, version int) (*Offer, error)
	// DeleteOffer removes an offer. ENotFound, or EConflict while
	// placements refer to it (close it instead).
	DeleteOffer(ctx context.Context, id string) error
}

// CheckOffered adds to p every day-part of dps on which o has no places at
// all, named by its index in dps (dagdelen[i]): a booking there is invalid
// input, whatever the profile or the occupancy.
func (o *Offer) CheckOffered(p *Problems, dps []DayPart) {
	for i, d := range dps {
		if o.Capacity[d] == 0 {
			p.Addf(fmt.Sprintf("dagdelen[%d]", i), "deze werkplek heeft geen plaatsen op %s", d)
		}
	}
}
