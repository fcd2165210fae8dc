package store_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestUserRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		org := e.organisation()
		for _, u := range []*plekwijzer.User{
			{Name: "Petra de Vries", Role: plekwijzer.RolePartner, OrganisationID: &org.ID},
			{Name: "Kees Bakker", Role: plekwijzer.RoleCoach},
			{Name: "Beheer", Role: plekwijzer.RoleAdmin},
			{Name: "Manager", Role: plekwijzer.RoleManager},
		} {
			must(t, db.CreateUser(e.ctx, u))
			if !plekwijzer.ValidID(u.ID) || u.Version != 1 || u.CreatedAt.IsZero() {
				t.Fatalf("created user: id %q, version %d, created %v", u.ID, u.Version, u.CreatedAt)
			}
			got, err := db.User(e.ctx, u.ID)
			must(t, err)
			assertSame(t, got, u)
		}
	})
}

func TestFindUsers(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		orgA, orgB := e.organisation(), e.organisation()
		for _, u := range []*plekwijzer.User{
			{Name: "Femke", Role: plekwijzer.RoleCoach},
			{Name: "anouk", Role: plekwijzer.RoleCoach},
			{Name: "Bart", Role: plekwijzer.RolePartner, OrganisationID: &orgA.ID},
			{Name: "Dirk", Role: plekwijzer.RolePartner, OrganisationID: &orgB.ID},
			{Name: "Carla", Role: plekwijzer.RolePartner, OrganisationID: &orgA.ID},
		} {
			must(t, db.CreateUser(e.ctx, u))
		}
		for _, tc := range []struct {
			name   string
			filter plekwijzer.UserFilter
			want   []string
		}{
			{"all, by name ignoring case", plekwijzer.UserFilter{}, []string{"anouk", "Bart", "Carla", "Dirk", "Femke"}},
			{"role", plekwijzer.UserFilter{Role: plekwijzer.RoleCoach}, []string{"anouk", "Femke"}},
			{"organisation", plekwijzer.UserFilter{OrganisationID: orgA.ID}, []string{"Bart", "Carla"}},
			{"role and organisation", plekwijzer.UserFilter{Role: plekwijzer.RolePartner, OrganisationID: orgB.ID}, []string{"Dirk"}},
			{"nobody", plekwijzer.UserFilter{Role: plekwijzer.RoleAdmin}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.FindUsers(e.ctx, tc.filter)
				must(t, err)
				if total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("%d items, total %d, want %d", len(got), total, len(tc.want))
				}
				for i, u := range got {
					if u.Name != tc.want[i] {
						t.Errorf("item %d is %q, want %q", i, u.Name, tc.want[i])
					}
				}
			})
		}
		got, total, err := db.FindUsers(e.ctx, plekwijzer.UserFilter{Page: pageOf(2, 2)})
		must(t, err)
		if total != 5 || len(got) != 2 || got[0].Name != "Carla" || got[1].Name != "Dirk" {
			t.Errorf("page 2 of 2: %d items, total %d", len(got), total)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		org := e.organisation()
		u := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.Name = "Partner"; u.OrganisationID = &org.ID })

		got, err := db.UpdateUser(e.ctx, u.ID, plekwijzer.UserUpdate{Name: ptr("Partner Noord")}, 1)
		must(t, err)
		want := *u
		want.Name, want.Version, want.UpdatedAt = "Partner Noord", 2, got.UpdatedAt
		assertSame(t, got, &want)

		// A partner cannot lose their organisation; a beheerder can.
		e.unchanged(func() {
			_, err := db.UpdateUser(e.ctx, u.ID, plekwijzer.UserUpdate{OrganisationID: ptr("")}, 0)
			wantFields(t, err, plekwijzer.EInvalid, "organisatieId")
		})
		got, err = db.UpdateUser(e.ctx, u.ID, plekwijzer.UserUpdate{Role: ptr(plekwijzer.RoleAdmin), OrganisationID: ptr("")}, 2)
		must(t, err)
		stored, err := db.User(e.ctx, u.ID)
		must(t, err)
		assertSame(t, stored, got)
		if stored.Role != plekwijzer.RoleAdmin || stored.OrganisationID != nil || stored.Name != "Partner Noord" || stored.Version != 3 {
			t.Errorf("after the second update: %+v", stored)
		}
	})
}

func TestUserInvalid(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.organisation()
		missing := plekwijzer.NewID()
		for _, tc := range []struct {
			name   string
			user   plekwijzer.User
			fields []string
		}{
			{"partner without organisation", plekwijzer.User{Name: "P", Role: plekwijzer.RolePartner}, []string{"organisatieId"}},
			{"organisation that does not exist", plekwijzer.User{Name: "P", Role: plekwijzer.RolePartner, OrganisationID: &missing}, []string{"organisatieId"}},
			{"organisation that is no id", plekwijzer.User{Name: "P", Role: plekwijzer.RoleCoach, OrganisationID: ptr("iederz")}, []string{"organisatieId"}},
			{"unknown role", plekwijzer.User{Name: "P", Role: "admin"}, []string{"rol"}},
			{"no name", plekwijzer.User{Role: plekwijzer.RoleCoach}, []string{"naam"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				e.unchanged(func() {
					u := tc.user
					wantFields(t, db.CreateUser(e.ctx, &u), plekwijzer.EInvalid, tc.fields...)
				})
			})
		}
	})
}

func TestCoachWithCaseload(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		coach, next := e.coach(), e.coach()
		p := e.participant(coach.ID)
		e.unchanged(func() {
			wantCode(t, db.DeleteUser(e.ctx, coach.ID), plekwijzer.EConflict)
			_, err := db.UpdateUser(e.ctx, coach.ID, plekwijzer.UserUpdate{Role: ptr(plekwijzer.RoleManager)}, 0)
			wantCode(t, err, plekwijzer.EConflict)
		})

		// A coach whom a participant is only shared with can go; the share
		// goes with them.
		_, err := db.UpdateParticipant(e.ctx, p.ID, plekwijzer.ParticipantUpdate{CoachID: &next.ID, SharedWith: &[]string{coach.ID}}, 0)
		must(t, err)
		must(t, db.DeleteUser(e.ctx, coach.ID))
		_, err = db.User(e.ctx, coach.ID)
		wantCode(t, err, plekwijzer.ENotFound)
		wantCode(t, db.DeleteUser(e.ctx, coach.ID), plekwijzer.ENotFound)
		got, err := db.Participant(e.ctx, p.ID)
		must(t, err)
		if got.CoachID != next.ID || len(got.SharedWith) != 0 {
			t.Errorf("participant after deleting the coach it was shared with: coach %s, gedeeldMet %v", got.CoachID, got.SharedWith)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.coach()
		other := e.coach()

		tok, secret, err := db.CreateToken(e.ctx, u.ID, "  laptop  ", nil)
		must(t, err)
		if !strings.HasPrefix(secret, "pw_") || len(secret) < 40 {
			t.Errorf("secret %q: want pw_ and at least 256 random bits", secret)
		}
		if !plekwijzer.ValidID(tok.ID) || tok.UserID != u.ID || tok.Name != "laptop" || tok.ExpiresAt != nil || tok.LastUsed != nil {
			t.Errorf("token %+v", tok)
		}
		got, err := db.Authenticate(e.ctx, secret)
		must(t, err)
		assertSame(t, got, u)

		expires := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Microsecond)
		tok2, secret2, err := db.CreateToken(e.ctx, u.ID, "script", &expires)
		must(t, err)
		if secret2 == secret {
			t.Fatal("two tokens share a secret")
		}
		if got, err := db.Authenticate(e.ctx, secret2); err != nil || got.ID != u.ID {
			t.Errorf("authenticate with the second token: %v, %v", got, err)
		}

		list, err := db.Tokens(e.ctx, u.ID)
		must(t, err)
		if len(list) != 2 {
			t.Fatalf("%d tokens, want 2", len(list))
		}
		byID := map[string]*plekwijzer.Token{list[0].ID: list[0], list[1].ID: list[1]}
		if l := byID[tok.ID]; l == nil || l.Name != "laptop" || l.ExpiresAt != nil || l.LastUsed == nil || !l.CreatedAt.Equal(tok.CreatedAt) {
			t.Errorf("listed first token %+v, want it used and without expiry", l)
		}
		if l := byID[tok2.ID]; l == nil || l.ExpiresAt == nil || !l.ExpiresAt.Equal(expires) {
			t.Errorf("listed second token %+v, want expiry %v", l, expires)
		}
		b, err := json.Marshal(list)
		must(t, err)
		for _, s := range []string{secret, secret2, strings.TrimPrefix(secret, "pw_")} {
			if strings.Contains(string(b), s) {
				t.Errorf("the token list shows a secret: %s", b)
			}
		}
		if list, err := db.Tokens(e.ctx, other.ID); err != nil || len(list) != 0 {
			t.Errorf("tokens of another user: %v, %v", list, err)
		}

		t.Run("wrong secrets", func(t *testing.T) {
			for _, s := range []string{"", "pw_", "pw_onbekend", secret[:len(secret)-1], secret + "x",
				strings.TrimPrefix(secret, "pw_"), strings.ToUpper(secret), "pw_" + strings.Repeat("a", 200)} {
				got, err := db.Authenticate(e.ctx, s)
				wantCode(t, err, plekwijzer.EUnauthorized)
				if got != nil {
					t.Errorf("Authenticate(%q) returned a user", s)
				}
			}
		})

		t.Run("revoke", func(t *testing.T) {
			wantCode(t, db.DeleteToken(e.ctx, other.ID, tok.ID), plekwijzer.ENotFound) // not theirs
			must(t, db.DeleteToken(e.ctx, u.ID, tok.ID))
			_, err := db.Authenticate(e.ctx, secret)
			wantCode(t, err, plekwijzer.EUnauthorized)
			wantCode(t, db.DeleteToken(e.ctx, u.ID, tok.ID), plekwijzer.ENotFound)
			if _, err := db.Authenticate(e.ctx, secret2); err != nil {
				t.Errorf("revoking one token revoked another: %v", err)
			}
		})

		t.Run("bad input", func(t *testing.T) {
			past := time.Now().Add(-time.Minute)
			_, _, err := db.CreateToken(e.ctx, u.ID, "oud", &past)
			wantFields(t, err, plekwijzer.EInvalid, "verloopt")
			_, _, err = db.CreateToken(e.ctx, u.ID, " ", nil)
			wantFields(t, err, plekwijzer.EInvalid, "naam")
			_, _, err = db.CreateToken(e.ctx, plekwijzer.NewID(), "weg", nil)
			wantCode(t, err, plekwijzer.ENotFound)
			_, err = db.Tokens(e.ctx, plekwijzer.NewID())
			wantCode(t, err, plekwijzer.ENotFound)
			list, err := db.Tokens(e.ctx, u.ID)
			must(t, err)
			if len(list) != 1 {
				t.Errorf("%d tokens after refused creations, want 1", len(list))
			}
		})

		t.Run("deleting the user revokes their tokens", func(t *testing.T) {
			manager := e.in(t).user(plekwijzer.RoleManager)
			_, s, err := db.CreateToken(e.ctx, manager.ID, "dashboard", nil)
			must(t, err)
			must(t, db.DeleteUser(e.ctx, manager.ID))
			_, err = db.Authenticate(e.ctx, s)
			wantCode(t, err, plekwijzer.EUnauthorized)
		})
	})
}

// TestTokenExpires waits for a token to expire. It waits on the clock but
// asserts nothing about durations: once the expiry has passed, the token
// must be refused.
func TestTokenExpires(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.coach()
		expires := time.Now().Add(time.Second)
		_, secret, err := db.CreateToken(e.ctx, u.ID, "kort", &expires)
		must(t, err)
		time.Sleep(time.Until(expires) + 10*time.Millisecond)
		_, err = db.Authenticate(e.ctx, secret)
		wantCode(t, err, plekwijzer.EUnauthorized)
	})
}
