package plekwijzer

import (
	"context"
	"time"

	"github.com/iederz/plekwijzer/geo"
)

// Organisation is an iederz department, a social enterprise, a care provider
// or a school: who offers work places, or who refers participants.
type Organisation struct {
	ID        string           `json:"id"`
	Name      string           `json:"naam"`
	Kind      OrganisationKind `json:"soort"`
	Postcode  string           `json:"postcode"`
	Place     string           `json:"plaats"`
	Version   int              `json:"versie"`
	CreatedAt time.Time        `json:"aangemaakt"`
	UpdatedAt time.Time        `json:"gewijzigd"`
}

// OrganisationUpdate holds the fields to change; nil leaves a field as is.
// It is also the input of a new organisation.
type OrganisationUpdate struct {
	Name     *string           `json:"naam"`
	Kind     *OrganisationKind `json:"soort"`
	Postcode *string           `json:"postcode"`
	Place    *string           `json:"plaats"`
}

// Apply copies the set fields of u into o.
func (o *Organisation) Apply(u OrganisationUpdate) {
	set(&o.Name, u.Name)
	set(&o.Kind, u.Kind)
	set(&o.Postcode, u.Postcode)
	set(&o.Place, u.Place)
}

// Validate checks o and normalises its postcode.
func (o *Organisation) Validate() error {
	var p Problems
	checkText(&p, "naam", o.Name, true, 200)
	checkEnum(&p, "soort", o.Kind, OrganisationKinds)
	checkPostcode(&p, "postcode", &o.Postcode, true)
	checkText(&p, "plaats", o.Place, true, 100)
	return p.Err()
}

// OrganisationFilter narrows a list of organisations.
type OrganisationFilter struct {
	Kind  OrganisationKind
	Place string
	Query string // part of the name
	Page  Page
}

// OrganisationStore keeps organisations.
type OrganisationStore interface {
	// FindOrganisations returns one page of matching organisations, by name,
	// and the total number of matches.
	FindOrganisations(ctx context.Context, f OrganisationFilter) ([]*Organisation, int, error)
	// Organisation returns one organisation, or ENotFound.
	Organisation(ctx context.Context, id string) (*Organisation, error)
	// CreateOrganisation validates o, stores it and sets its id, version
	// and timestamps. EInvalid for bad input.
	CreateOrganisation(ctx context.Context, o *Organisation) error
	// UpdateOrganisation applies u to the organisation if its version still
	// equals version (0: any version). ENotFound, EInvalid, or EConflict for
	// a stale version.
	UpdateOrganisation(ctx context.Context, id string, u OrganisationUpdate, version int) (*Organisation, error)
	// DeleteOrganisation removes an organisation. ENotFound, or EConflict
	// while offers, users or participants still refer to it.
	DeleteOrganisation(ctx context.Context, id string) error
}

// set copies *src into *dst when src is not nil.
func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// checkPostcode validates a postcode and keeps only its four digits (PC4).
// Participants are stored with their PC4 only: enough for travel distances,
// not enough to find someone's home.
func checkPostcode(p *Problems, field string, pc *string, required bool) {
	if *pc == "" {
		if required {
			p.Add(field, "is verplicht")
		}
		return
	}
	pc4, ok := geo.Normalize(*pc)
	if !ok {
		p.Add(field, "is geen geldige Nederlandse postcode (bijvoorbeeld 9712 of 9712 AB)")
		return
	}
	if _, known := geo.Lookup(pc4); !known {
		p.Addf(field, "postcodegebied %s bestaat niet", pc4)
		return
	}
	*pc = pc4
}
