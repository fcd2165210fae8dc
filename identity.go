package plekwijzer

import "context"

// Identity is an account at an OpenID Connect provider (the municipality's
// identity provider) that a user signs in with. The issuer and the subject
// together name it for good: unlike a name or an e-mail address, a subject
// is never given to someone else.
type Identity struct {
	Issuer  string `json:"issuer"`
	Subject string `json:"subject"`
}

// Validate checks id: both parts are required, and OpenID Connect allows a
// subject of at most 255 characters.
func (id Identity) Validate() error {
	var p Problems
	checkText(&p, "issuer", id.Issuer, true, 255)
	checkText(&p, "subject", id.Subject, true, 255)
	return p.Err()
}

// IdentityStore links users to their accounts at the identity provider. A
// user has at most one identity per issuer.
type IdentityStore interface {
	// UserByIdentity returns the user linked to id. ENotFound when none is.
	UserByIdentity(ctx context.Context, id Identity) (*User, error)
	// CreateUserWithIdentity stores usr linked to id, both or neither.
	// EInvalid for a user or identity that breaks the rules, EConflict
	// when id is linked to a user already.
	CreateUserWithIdentity(ctx context.Context, usr *User, id Identity) error
	// LinkIdentity links an existing user to id; linking the same pair
	// again changes nothing. ENotFound for an unknown user, EConflict when
	// id is linked to another user or the user has another identity at
	// this issuer.
	LinkIdentity(ctx context.Context, userID string, id Identity) error
	// UnlinkIdentities removes every identity of a user and returns how
	// many there were. ENotFound for an unknown user.
	UnlinkIdentities(ctx context.Context, userID string) (int, error)
	// Identities lists a user's linked accounts, by issuer. ENotFound for
	// an unknown user.
	Identities(ctx context.Context, userID string) ([]Identity, error)
}
