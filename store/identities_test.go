package store_test

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

const issuer = "https://login.gemeente.example/realms/medewerkers"

func TestIdentities(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna := plekwijzer.Identity{Issuer: issuer, Subject: "3f1c9e2a-anna"}

		// Nobody is linked yet.
		_, err := db.UserByIdentity(e.ctx, anna)
		wantCode(t, err, plekwijzer.ENotFound)

		// A first sign-in: the user and the link at once.
		u := &plekwijzer.User{Name: "Anna de Boer", Role: plekwijzer.RoleCoach}
		must(t, db.CreateUserWithIdentity(e.ctx, u, anna))
		got, err := db.UserByIdentity(e.ctx, anna)
		must(t, err)
		assertSame(t, got, u)

		// The same account at another issuer, or another subject, is not her.
		for _, other := range []plekwijzer.Identity{{Issuer: issuer + "-test", Subject: anna.Subject}, {Issuer: issuer, Subject: "3F1C9E2A-ANNA"}} {
			_, err := db.UserByIdentity(e.ctx, other)
			wantCode(t, err, plekwijzer.ENotFound)
		}

		// The account cannot make a second user, and a bad user or
		// identity makes none at all.
		before := userCount(t, e)
		wantCode(t, db.CreateUserWithIdentity(e.ctx, &plekwijzer.User{Name: "Dubbel", Role: plekwijzer.RoleCoach}, anna), plekwijzer.EConflict)
		wantFields(t, db.CreateUserWithIdentity(e.ctx, &plekwijzer.User{Name: "Partner", Role: plekwijzer.RolePartner}, plekwijzer.Identity{Issuer: issuer, Subject: "p"}),
			plekwijzer.EInvalid, "organisatieId")
		wantFields(t, db.CreateUserWithIdentity(e.ctx, &plekwijzer.User{Name: "Leeg", Role: plekwijzer.RoleCoach}, plekwijzer.Identity{Subject: strings.Repeat("x", 256)}),
			plekwijzer.EInvalid, "issuer", "subject")
		unknownOrg := "00000000-0000-4000-8000-000000000000"
		wantCode(t, db.CreateUserWithIdentity(e.ctx, &plekwijzer.User{Name: "P", Role: plekwijzer.RolePartner, OrganisationID: &unknownOrg},
			plekwijzer.Identity{Issuer: issuer, Subject: "p"}), plekwijzer.EInvalid)
		if n := userCount(t, e); n != before {
			t.Fatalf("refused sign-ins left %d users, were %d", n, before)
		}

		// A user made beforehand (a partner with an organisation) is linked
		// to the account they will sign in with; linking twice is fine.
		partner := e.user(plekwijzer.RolePartner)
		kees := plekwijzer.Identity{Issuer: issuer, Subject: "kees"}
		must(t, db.LinkIdentity(e.ctx, partner.ID, kees))
		must(t, db.LinkIdentity(e.ctx, partner.ID, kees))
		got, err = db.UserByIdentity(e.ctx, kees)
		must(t, err)
		assertSame(t, got, partner)
		// Not an account that is someone else's, not a second account at the
		// same issuer, not an unknown user.
		wantCode(t, db.LinkIdentity(e.ctx, partner.ID, anna), plekwijzer.EConflict)
		wantCode(t, db.LinkIdentity(e.ctx, partner.ID, plekwijzer.Identity{Issuer: issuer, Subject: "kees-2"}), plekwijzer.EConflict)
		wantCode(t, db.LinkIdentity(e.ctx, "00000000-0000-4000-8000-000000000000", plekwijzer.Identity{Issuer: issuer, Subject: "x"}), plekwijzer.ENotFound)
		wantFields(t, db.LinkIdentity(e.ctx, partner.ID, plekwijzer.Identity{Issuer: issuer}), plekwijzer.EInvalid, "subject")
		// Another issuer is another account: a user may have one there too.
		must(t, db.LinkIdentity(e.ctx, partner.ID, plekwijzer.Identity{Issuer: "https://partners.example", Subject: "kees"}))

		// Unlinking removes every account of the user, and only theirs.
		n, err := db.UnlinkIdentities(e.ctx, partner.ID)
		must(t, err)
		if n != 2 {
			t.Errorf("unlinked %d identities, want 2", n)
		}
		_, err = db.UserByIdentity(e.ctx, kees)
		wantCode(t, err, plekwijzer.ENotFound)
		if _, err := db.UserByIdentity(e.ctx, anna); err != nil {
			t.Fatalf("unlinking one user unlinked another: %v", err)
		}
		_, err = db.UnlinkIdentities(e.ctx, "00000000-0000-4000-8000-000000000000")
		wantCode(t, err, plekwijzer.ENotFound)

		// Deleting the user removes the link: the account is free again.
		must(t, db.DeleteUser(e.ctx, u.ID))
		_, err = db.UserByIdentity(e.ctx, anna)
		wantCode(t, err, plekwijzer.ENotFound)
		must(t, db.LinkIdentity(e.ctx, partner.ID, anna))
	})
}

func userCount(t *testing.T, e *env) int {
	t.Helper()
	_, n, err := e.db.FindUsers(e.ctx, plekwijzer.UserFilter{})
	must(t, err)
	return n
}
