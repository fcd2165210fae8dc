package store_test

import (
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestOrganisationRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := &plekwijzer.Organisation{Name: "Fietsenwerkplaats Noord", Kind: "sociale-onderneming", Postcode: "9712 ab", Place: "Groningen"}
		must(t, db.CreateOrganisation(e.ctx, o))
		if !plekwijzer.ValidID(o.ID) || o.Version != 1 || o.CreatedAt.IsZero() || o.UpdatedAt.Before(o.CreatedAt) {
			t.Fatalf("created organisation has id %q, version %d, created %v, updated %v", o.ID, o.Version, o.CreatedAt, o.UpdatedAt)
		}
		if o.Postcode != "9712" {
			t.Errorf("postcode %q, want it kept as PC4 9712", o.Postcode)
		}
		got, err := db.Organisation(e.ctx, o.ID)
		must(t, err)
		assertSame(t, got, o)
	})
}

func TestFindOrganisations(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		byName := map[string]*plekwijzer.Organisation{}
		for _, o := range []*plekwijzer.Organisation{
			{Name: "de Groenwerkers", Kind: "sociale-onderneming", Postcode: "9611", Place: "Hoogezand"},
			{Name: "Afdeling Inpak", Kind: "afdeling", Postcode: "9712", Place: "Groningen"},
			{Name: "Zorgboerderij Ter Laan", Kind: "zorgaanbieder", Postcode: "9951", Place: "Winsum"},
			{Name: "Noorderpoort 100% Praktijk", Kind: "onderwijs", Postcode: "9712", Place: "Groningen"},
			{Name: "Afdeling Groen", Kind: "afdeling", Postcode: "9934", Place: "Delfzijl"},
		} {
			must(t, db.CreateOrganisation(e.ctx, o))
			byName[o.Name] = o
		}
		for _, tc := range []struct {
			name   string
			filter plekwijzer.OrganisationFilter
			want   []string // names, in order
		}{
			{"all, by name ignoring case", plekwijzer.OrganisationFilter{},
				[]string{"Afdeling Groen", "Afdeling Inpak", "de Groenwerkers", "Noorderpoort 100% Praktijk", "Zorgboerderij Ter Laan"}},
			{"kind", plekwijzer.OrganisationFilter{Kind: "afdeling"}, []string{"Afdeling Groen", "Afdeling Inpak"}},
			{"place, any case", plekwijzer.OrganisationFilter{Place: "groningen"}, []string{"Afdeling Inpak", "Noorderpoort 100% Praktijk"}},
			{"part of the name, any case", plekwijzer.OrganisationFilter{Query: "GROEN"}, []string{"Afdeling Groen", "de Groenwerkers"}},
			{"percent sign matches itself", plekwijzer.OrganisationFilter{Query: "100%"}, []string{"Noorderpoort 100% Praktijk"}},
			{"underscore matches itself", plekwijzer.OrganisationFilter{Query: "_"}, nil},
			{"kind and place", plekwijzer.OrganisationFilter{Kind: "afdeling", Place: "Delfzijl"}, []string{"Afdeling Groen"}},
			{"nothing", plekwijzer.OrganisationFilter{Kind: "overig"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.FindOrganisations(e.ctx, tc.filter)
				must(t, err)
				if total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("%d items, total %d, want %d", len(got), total, len(tc.want))
				}
				for i, o := range got {
					if o.Name != tc.want[i] {
						t.Errorf("item %d is %q, want %q", i, o.Name, tc.want[i])
					}
					assertSame(t, o, byName[o.Name])
				}
			})
		}

		t.Run("pages", func(t *testing.T) {
			all, _, err := db.FindOrganisations(e.ctx, plekwijzer.OrganisationFilter{})
			must(t, err)
			var paged []string
			for n, size := range []int{2, 2, 1, 0} {
				got, total, err := db.FindOrganisations(e.ctx, plekwijzer.OrganisationFilter{Page: pageOf(n+1, 2)})
				must(t, err)
				if total != 5 || len(got) != size {
					t.Errorf("page %d: %d items, total %d; want %d items, total 5", n+1, len(got), total, size)
				}
				for _, o := range got {
					paged = append(paged, o.ID)
				}
			}
			for i, o := range all {
				if i >= len(paged) || paged[i] != o.ID {
					t.Fatalf("the pages together are not the whole list in order")
				}
			}
		})
	})
}

func TestUpdateOrganisation(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.organisation()

		got, err := db.UpdateOrganisation(e.ctx, o.ID, plekwijzer.OrganisationUpdate{Place: ptr("Haren"), Postcode: ptr("9751 AA")}, o.Version)
		must(t, err)
		want := *o
		want.Place, want.Postcode, want.Version = "Haren", "9751", 2
		want.UpdatedAt = got.UpdatedAt
		assertSame(t, got, &want)
		if got.UpdatedAt.Before(o.UpdatedAt) {
			t.Errorf("updated at %v, before the previous %v", got.UpdatedAt, o.UpdatedAt)
		}
		stored, err := db.Organisation(e.ctx, o.ID)
		must(t, err)
		assertSame(t, stored, got)

		// An empty update still counts as a change of version.
		again, err := db.UpdateOrganisation(e.ctx, o.ID, plekwijzer.OrganisationUpdate{}, 0)
		must(t, err)
		if again.Version != 3 || again.Name != o.Name || again.Place != "Haren" {
			t.Errorf("after an empty update: version %d, name %q, place %q", again.Version, again.Name, again.Place)
		}
	})
}

func TestOrganisationInvalid(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		existing := e.organisation()
		for _, tc := range []struct {
			name   string
			mod    func(*plekwijzer.Organisation)
			fields []string
		}{
			{"no name", func(o *plekwijzer.Organisation) { o.Name = " " }, []string{"naam"}},
			{"unknown kind", func(o *plekwijzer.Organisation) { o.Kind = "bedrijf" }, []string{"soort"}},
			{"postcode not a postcode", func(o *plekwijzer.Organisation) { o.Postcode = "0000" }, []string{"postcode"}},
			{"postcode area that does not exist", func(o *plekwijzer.Organisation) { o.Postcode = "1000" }, []string{"postcode"}},
			{"no place", func(o *plekwijzer.Organisation) { o.Place = "" }, []string{"plaats"}},
			{"everything wrong at once", func(o *plekwijzer.Organisation) { *o = plekwijzer.Organisation{Kind: "x"} },
				[]string{"naam", "soort", "postcode", "plaats"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				e.unchanged(func() {
					o := newOrganisation("Nieuw")
					tc.mod(o)
					wantFields(t, db.CreateOrganisation(e.ctx, o), plekwijzer.EInvalid, tc.fields...)

					u := newOrganisation("Nieuw")
					tc.mod(u)
					upd := plekwijzer.OrganisationUpdate{Name: &u.Name, Kind: &u.Kind, Postcode: &u.Postcode, Place: &u.Place}
					got, err := db.UpdateOrganisation(e.ctx, existing.ID, upd, 0)
					wantFields(t, err, plekwijzer.EInvalid, tc.fields...)
					if got != nil && err == nil {
						t.Errorf("update returned %+v", got)
					}
				})
			})
		}
	})
}

func TestDeleteOrganisation(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		free := e.organisation()
		must(t, db.DeleteOrganisation(e.ctx, free.ID))
		_, err := db.Organisation(e.ctx, free.ID)
		wantCode(t, err, plekwijzer.ENotFound)
		wantCode(t, db.DeleteOrganisation(e.ctx, free.ID), plekwijzer.ENotFound)

		coach := e.coach()
		for _, tc := range []struct {
			name  string
			refer func(e *env, orgID string) (undo func())
		}{
			{"an offer", func(e *env, orgID string) func() {
				o := e.offer(func(o *plekwijzer.Offer) { o.OrganisationID = orgID })
				return func() { must(e.t, db.DeleteOffer(e.ctx, o.ID)) }
			}},
			{"a partner", func(e *env, orgID string) func() {
				u := e.user(plekwijzer.RolePartner, func(u *plekwijzer.User) { u.OrganisationID = &orgID })
				return func() { must(e.t, db.DeleteUser(e.ctx, u.ID)) }
			}},
			{"a referred participant", func(e *env, orgID string) func() {
				p := e.participant(coach.ID, func(p *plekwijzer.Participant) { p.ReferrerID = &orgID })
				return func() { must(e.t, db.DeleteParticipant(e.ctx, p.ID)) }
			}},
		} {
			t.Run("still has "+tc.name, func(t *testing.T) {
				e := e.in(t)
				org := e.organisation()
				undo := tc.refer(e, org.ID)
				e.unchanged(func() {
					wantCode(t, db.DeleteOrganisation(e.ctx, org.ID), plekwijzer.EConflict)
				})
				undo()
				must(t, db.DeleteOrganisation(e.ctx, org.ID))
			})
		}
	})
}
