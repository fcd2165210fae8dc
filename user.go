package plekwijzer

import (
	"context"
	"time"
)

// Role is what a user may do (shared/API.md, "Authentication and roles").
type Role string

// Roles.
const (
	RoleAdmin   Role = "beheerder"
	RoleCoach   Role = "coach"
	RolePartner Role = "partner"
	RoleManager Role = "manager"
)

// RoleSystem is no user's role: it marks what the service itself did, such
// as a scheduled anonymisation, in the audit log.
const RoleSystem Role = "systeem"

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleCoach, RolePartner, RoleManager}

// User is a person who uses the service: a beheerder, coach, partner or
// manager. Partners belong to the organisation whose offers they keep.
type User struct {
	ID             string  `json:"id"`
	Name           string  `json:"naam"`
	Role           Role    `json:"rol"`
	OrganisationID *string `json:"organisatieId"`
	// Email is where notifications are mailed; empty: none are.
	Email string `json:"email"`
	// Active is false for a user the beheerder switched off: they cannot
	// log in or use a token; DeactivatedAt says since when.
	Active        bool       `json:"actief"`
	DeactivatedAt *time.Time `json:"gedeactiveerdOp"`
	Version       int        `json:"versie"`
	CreatedAt     time.Time  `json:"aangemaakt"`
	UpdatedAt     time.Time  `json:"gewijzigd"`
}

// UserUpdate holds the fields to change; nil leaves a field as is.
type UserUpdate struct {
	Name           *string `json:"naam"`
	Role           *Role   `json:"rol"`
	OrganisationID *string `json:"organisatieId"`
	Email          *string `json:"email"`
	Active         *bool   `json:"actief"`
}

// Apply copies the set fields of u into usr. An empty organisatieId removes
// the organisation; so does a new role that has none, unless u names one
// (which Validate then refuses).
func (usr *User) Apply(u UserUpdate) {
	set(&usr.Name, u.Name)
	set(&usr.Role, u.Role)
	set(&usr.Email, u.Email)
	set(&usr.Active, u.Active)
	if u.Role != nil && !usr.Role.HasOrganisation() && u.OrganisationID == nil {
		usr.OrganisationID = nil
	}
	if u.OrganisationID != nil {
		if *u.OrganisationID == "" {
			usr.OrganisationID = nil
		} else {
			id := *u.OrganisationID
			usr.OrganisationID = &id
		}
	}
}

// HasOrganisation reports whether users of role r belong to an
// organisation: only partners do; the other roles work for iederz itself.
func (r Role) HasOrganisation() bool { return r == RolePartner }

// Validate checks usr: a partner needs an organisation, and the other
// roles may not have one (it would mean nothing, and an organisation on a
// manager or coach reads as if it limited what they see).
func (usr *User) Validate() error {
	var p Problems
	checkText(&p, "naam", usr.Name, true, 200)
	checkEnum(&p, "rol", usr.Role, Roles)
	checkEmail(&p, "email", usr.Email)
	switch {
	case usr.OrganisationID != nil && !validUUID(*usr.OrganisationID):
		p.Add("organisatieId", "is geen geldige id")
	case usr.Role == RolePartner && usr.OrganisationID == nil:
		p.Add("organisatieId", "is verplicht voor een partner")
	case usr.OrganisationID != nil && !usr.Role.HasOrganisation():
		p.Addf("organisatieId", "hoort niet bij de rol %s; alleen een partner hoort bij een organisatie", usr.Role)
	}
	return p.Err()
}

// Actor returns usr as the actor of a request.
func (usr *User) Actor() *Actor {
	a := &Actor{UserID: usr.ID, Name: usr.Name, Role: usr.Role}
	if usr.OrganisationID != nil {
		a.OrganisationID = *usr.OrganisationID
	}
	return a
}

// Token is an API token of a user. The secret itself is shown once, at
// creation; the store keeps only its hash.
type Token struct {
	ID        string     `json:"id"`
	UserID    string     `json:"gebruikerId"`
	Name      string     `json:"naam"`
	CreatedAt time.Time  `json:"aangemaakt"`
	ExpiresAt *time.Time `json:"verloopt"`
	LastUsed  *time.Time `json:"laatstGebruikt"`
}

// UserFilter narrows a list of users.
type UserFilter struct {
	Role           Role
	OrganisationID string
	// Active, when set, keeps only active (true) or deactivated users.
	Active *bool
	Page   Page
}

// UserStore keeps users and their tokens.
type UserStore interface {
	// FindUsers returns one page of users, by name, and the total.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// User returns one user, or ENotFound.
	User(ctx context.Context, id string) (*User, error)
	// CreateUser stores usr. EInvalid, also for an unknown organisation.
	CreateUser(ctx context.Context, usr *User) error
	// UpdateUser applies u if the version matches (0: any).
	UpdateUser(ctx context.Context, id string, u UserUpdate, version int) (*User, error)
	// DeleteUser removes a user and their tokens. EConflict while they
	// still coach participants.
	DeleteUser(ctx context.Context, id string) error
	// CreateToken makes a new token for a user and returns it with its
	// secret, which is not stored. ENotFound for an unknown user.
	CreateToken(ctx context.Context, userID, name string, expires *time.Time) (*Token, string, error)
	// Tokens lists a user's tokens (never their secrets).
	Tokens(ctx context.Context, userID string) ([]*Token, error)
	// DeleteToken revokes a token. ENotFound.
	DeleteToken(ctx context.Context, userID, tokenID string) error
	// Authenticate returns the user a token secret belongs to.
	// EUnauthorized for an unknown, revoked or expired token.
	Authenticate(ctx context.Context, secret string) (*User, error)
}

// Store is everything the service keeps; store.DB implements it.
type Store interface {
	OrganisationStore
	WorkTypeStore
	SkillStore
	OfferStore
	ParticipantStore
	PlacementStore
	UserStore
	CatalogueStore
	IndexSource
	OutboxStore
	StatisticsStore
	MatchStore
	AuditStore
	RetentionStore
	ContingentStore
	HistoryStore
	ProposalStore
	NotificationStore
	FreePlacesStore
	AttendanceStore
	EvaluationStore
	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
}
