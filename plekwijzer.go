// Package plekwijzer holds the domain of Plekwijzer: the types that describe
// participants, work offers and placements, the rules that keep them valid,
// the interfaces the parts of the service offer each other, and the error
// type every part speaks. It imports nothing of the infrastructure; store/,
// search/, matching/, api/ and web/ depend on it, never the other way round.
package plekwijzer

import (
	"context"
)

// Version is the semantic version of the service and of its API; the API
// sends it in the API-Version header of every response.
const Version = "1.0.0"

// DayPart is a morning or an afternoon of a weekday: the unit in which
// iederz counts development places.
type DayPart string

// The ten day-parts of a week, in calendar order.
var DayParts = []DayPart{
	"ma-ochtend", "ma-middag", "di-ochtend", "di-middag", "wo-ochtend",
	"wo-middag", "do-ochtend", "do-middag", "vr-ochtend", "vr-middag",
}

// Valid reports whether d is one of the ten day-parts.
func (d DayPart) Valid() bool { return dayPartIndex(d) >= 0 }

// Index is d's position in DayParts, or -1 for an unknown day-part.
func (d DayPart) Index() int { return dayPartIndex(d) }

func dayPartIndex(d DayPart) int {
	for i, p := range DayParts {
		if p == d {
			return i
		}
	}
	return -1
}

// Load is how physically demanding work is, or how much a person can bear.
type Load string

// Physical loads, from light to heavy.
const (
	LoadLow    Load = "laag"
	LoadMedium Load = "midden"
	LoadHigh   Load = "hoog"
)

// Loads lists the valid loads from light to heavy.
var Loads = []Load{LoadLow, LoadMedium, LoadHigh}

// Rank orders loads (1 light … 3 heavy); 0 for an unknown load.
func (l Load) Rank() int {
	for i, x := range Loads {
		if x == l {
			return i + 1
		}
	}
	return 0
}

// Environment says whether work happens indoors, outdoors or both.
type Environment string

// Environments of work types.
var Environments = []Environment{"binnen", "buiten", "beide"}

// OrganisationKind classifies organisations.
type OrganisationKind string

// Organisation kinds.
var OrganisationKinds = []OrganisationKind{"afdeling", "sociale-onderneming", "zorgaanbieder", "onderwijs", "overig"}

// TargetGroup is one of the groups that use the Instroomportaal and iederz.
type TargetGroup string

// TargetGroups lists every target group (shared/API.md).
var TargetGroups = []TargetGroup{
	"dagbesteding-wmo", "statushouder", "beschut-voortraject", "banenafspraak",
	"re-socialisatie", "detachering", "jongere-zonder-diploma", "pro-vso-entree",
	"verslavingszorg", "ggz-beschermd-wonen", "langdurig-bijstand", "overig",
}

// Phase is where a participant is on the way from care to work.
type Phase string

// Phases in the order a participant usually passes them.
var Phases = []Phase{"intake", "voortraject", "ontwikkelplek", "beschut", "banenafspraak", PhaseLeft}

// PhaseLeft is the phase of a participant who has left (uitgestroomd): the
// only one who may have no day-parts to work on.
const PhaseLeft Phase = "uitgestroomd"

// OfferStatus says whether an offer takes participants.
type OfferStatus string

// Offer statuses.
const (
	OfferOpen   OfferStatus = "open"
	OfferPaused OfferStatus = "gepauzeerd"
	OfferClosed OfferStatus = "gesloten"
)

// OfferStatuses lists the valid offer statuses.
var OfferStatuses = []OfferStatus{OfferOpen, OfferPaused, OfferClosed}

// LanguageLevels are the CEFR levels, plus A0 for no Dutch yet.
var LanguageLevels = []string{"A0", "A1", "A2", "B1", "B2", "C1", "C2"}

// Page asks for one page of a list. Number starts at 1.
type Page struct {
	Number int
	Size   int
}

// Page size limits of every list (shared/API.md).
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// Offset is the number of rows before this page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// Actor is who performs an operation: the authenticated user. Stores use it
// to scope what a coach or partner may see; nil means the system itself
// (start-up, demo data, command line).
type Actor struct {
	UserID         string
	Name           string // the user's name, for the audit log
	Role           Role
	OrganisationID string
}

type actorKey struct{}

// WithActor returns a context that carries the acting user.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the acting user of ctx, or nil for the system.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
