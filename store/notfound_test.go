package store_test

import (
	"reflect"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestUnknownIDs asks every operation that takes an id for one that does
// not exist: the answer is ENotFound, never a nil entity without an error.
func TestUnknownIDs(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		user := e.coach()
		e.organisation()
		e.offer()
		ctx := e.ctx
		for _, tc := range []struct {
			name string
			call func(id string) (any, error)
		}{
			{"Organisation", func(id string) (any, error) { return db.Organisation(ctx, id) }},
			{"UpdateOrganisation", func(id string) (any, error) {
				return db.UpdateOrganisation(ctx, id, plekwijzer.OrganisationUpdate{Name: ptr("x")}, 0)
			}},
			{"DeleteOrganisation", func(id string) (any, error) { return nil, db.DeleteOrganisation(ctx, id) }},
			{"WorkType", func(id string) (any, error) { return db.WorkType(ctx, id) }},
			{"UpdateWorkType", func(id string) (any, error) {
				return db.UpdateWorkType(ctx, id, plekwijzer.WorkTypeUpdate{Name: ptr("x")}, 0)
			}},
			{"DeleteWorkType", func(id string) (any, error) { return nil, db.DeleteWorkType(ctx, id) }},
			{"Skill", func(id string) (any, error) { return db.Skill(ctx, id) }},
			{"Offer", func(id string) (any, error) { return db.Offer(ctx, id) }},
			{"UpdateOffer", func(id string) (any, error) {
				return db.UpdateOffer(ctx, id, plekwijzer.OfferUpdate{Title: ptr("x")}, 0)
			}},
			{"DeleteOffer", func(id string) (any, error) { return nil, db.DeleteOffer(ctx, id) }},
			{"Participant", func(id string) (any, error) { return db.Participant(ctx, id) }},
			{"UpdateParticipant", func(id string) (any, error) {
				return db.UpdateParticipant(ctx, id, plekwijzer.ParticipantUpdate{MaxTravelKm: ptr(5)}, 0)
			}},
			{"DeleteParticipant", func(id string) (any, error) { return nil, db.DeleteParticipant(ctx, id) }},
			{"User", func(id string) (any, error) { return db.User(ctx, id) }},
			{"UpdateUser", func(id string) (any, error) { return db.UpdateUser(ctx, id, plekwijzer.UserUpdate{Name: ptr("x")}, 0) }},
			{"DeleteUser", func(id string) (any, error) { return nil, db.DeleteUser(ctx, id) }},
			{"Placement", func(id string) (any, error) { return db.Placement(ctx, id) }},
			{"UpdatePlacement", func(id string) (any, error) {
				return db.UpdatePlacement(ctx, id, plekwijzer.PlacementUpdate{Status: ptr(plekwijzer.PlacementActive)}, 0)
			}},
			{"CreateToken", func(id string) (any, error) {
				tok, _, err := db.CreateToken(ctx, id, "x", nil)
				return tok, err
			}},
			{"Tokens", func(id string) (any, error) { return db.Tokens(ctx, id) }},
			{"DeleteToken of an unknown user", func(id string) (any, error) { return nil, db.DeleteToken(ctx, id, plekwijzer.NewID()) }},
			{"DeleteToken, unknown token", func(id string) (any, error) { return nil, db.DeleteToken(ctx, user.ID, id) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				e.unchanged(func() {
					v, err := tc.call(plekwijzer.NewID())
					wantCode(t, err, plekwijzer.ENotFound)
					if !isNil(v) {
						t.Errorf("returned %+v with the error", v)
					}

					// An id that is not even a UUID names nothing either.
					v, err = tc.call("geen-id")
					wantCode(t, err, plekwijzer.ENotFound)
					if !isNil(v) {
						t.Errorf("for a malformed id: returned %+v", v)
					}
				})
			})
		}
	})
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	return (r.Kind() == reflect.Pointer || r.Kind() == reflect.Slice) && r.IsNil()
}
