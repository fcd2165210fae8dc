package store_test

import (
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestWorkTypeRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		skills := e.skills(3)
		w := &plekwijzer.WorkType{
			Code: "fietsenreparatie", Name: "Fietsenreparatie", Description: "Fietsen nakijken en repareren.",
			ESCOCodes: []string{"7234.1", "7231"}, Skills: []string{skills[2], skills[0]},
			PhysicalLoad: plekwijzer.LoadMedium, Environment: "binnen",
		}
		must(t, db.CreateWorkType(e.ctx, w))
		if !plekwijzer.ValidID(w.ID) || w.Version != 1 || w.CreatedAt.IsZero() {
			t.Fatalf("created work type has id %q, version %d, created %v", w.ID, w.Version, w.CreatedAt)
		}
		got, err := db.WorkType(e.ctx, w.ID)
		must(t, err)
		assertSame(t, got, w)

		// Without codes and skills the lists are empty, not missing.
		bare := newWorkType("schoonmaak")
		bare.ESCOCodes, bare.Skills = nil, nil
		must(t, db.CreateWorkType(e.ctx, bare))
		got, err = db.WorkType(e.ctx, bare.ID)
		must(t, err)
		if got.ESCOCodes == nil || got.Skills == nil || len(got.ESCOCodes)+len(got.Skills) != 0 {
			t.Errorf("escoCodes %#v, vaardigheden %#v; want two empty lists", got.ESCOCodes, got.Skills)
		}
	})
}

func TestFindWorkTypes(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, w := range []*plekwijzer.WorkType{
			{Code: "groenonderhoud", Name: "Groenonderhoud", PhysicalLoad: "hoog", Environment: "buiten"},
			{Code: "inpakken", Name: "Inpak- en ompakwerk", PhysicalLoad: "laag", Environment: "binnen"},
			{Code: "fietsenreparatie", Name: "fietsen repareren", PhysicalLoad: "midden", Environment: "binnen"},
			{Code: "catering", Name: "Keuken en catering", PhysicalLoad: "midden", Environment: "binnen"},
			{Code: "kringloop", Name: "Kringloopwinkel", PhysicalLoad: "midden", Environment: "beide"},
		} {
			must(t, db.CreateWorkType(e.ctx, w))
		}
		for _, tc := range []struct {
			name   string
			filter plekwijzer.WorkTypeFilter
			want   []string // codes, in order of name
		}{
			{"all, by name ignoring case", plekwijzer.WorkTypeFilter{},
				[]string{"fietsenreparatie", "groenonderhoud", "inpakken", "catering", "kringloop"}},
			{"part of the name", plekwijzer.WorkTypeFilter{Query: "OMPAK"}, []string{"inpakken"}},
			{"part of the code", plekwijzer.WorkTypeFilter{Query: "cater"}, []string{"catering"}},
			{"load", plekwijzer.WorkTypeFilter{PhysicalLoad: "midden"}, []string{"fietsenreparatie", "catering", "kringloop"}},
			{"environment", plekwijzer.WorkTypeFilter{Environment: "buiten"}, []string{"groenonderhoud"}},
			{"load and environment", plekwijzer.WorkTypeFilter{PhysicalLoad: "midden", Environment: "beide"}, []string{"kringloop"}},
			{"nothing", plekwijzer.WorkTypeFilter{Query: "lassen"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.FindWorkTypes(e.ctx, tc.filter)
				must(t, err)
				if total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("%d items, total %d, want %d", len(got), total, len(tc.want))
				}
				for i, w := range got {
					if w.Code != tc.want[i] {
						t.Errorf("item %d is %q, want %q", i, w.Code, tc.want[i])
					}
				}
			})
		}
		got, total, err := db.FindWorkTypes(e.ctx, plekwijzer.WorkTypeFilter{Page: pageOf(2, 3)})
		must(t, err)
		if total != 5 || len(got) != 2 || got[0].Code != "catering" || got[1].Code != "kringloop" {
			t.Errorf("page 2 of 3: %d items, total %d", len(got), total)
		}
	})
}

func TestUpdateWorkType(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		skills := e.skills(3)
		w := e.workType(func(w *plekwijzer.WorkType) {
			w.ESCOCodes, w.Skills = []string{"9329.2"}, []string{skills[0], skills[1]}
		})

		got, err := db.UpdateWorkType(e.ctx, w.ID, plekwijzer.WorkTypeUpdate{
			Name: ptr("Montage"), Skills: &[]string{skills[2]},
		}, 1)
		must(t, err)
		want := *w
		want.Name, want.Skills, want.Version, want.UpdatedAt = "Montage", []string{skills[2]}, 2, got.UpdatedAt
		assertSame(t, got, &want)
		stored, err := db.WorkType(e.ctx, w.ID)
		must(t, err)
		assertSame(t, stored, got)

		// Keeping its own code is no conflict.
		_, err = db.UpdateWorkType(e.ctx, w.ID, plekwijzer.WorkTypeUpdate{Code: &w.Code}, 2)
		must(t, err)
	})
}

func TestWorkTypeInvalid(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		skills := e.skills(2)
		existing := e.workType()
		missing := plekwijzer.NewID()
		for _, tc := range []struct {
			name   string
			mod    func(*plekwijzer.WorkType)
			fields []string
		}{
			{"code not a slug", func(w *plekwijzer.WorkType) { w.Code = "Fietsen Reparatie" }, []string{"code"}},
			{"no name", func(w *plekwijzer.WorkType) { w.Name = "" }, []string{"naam"}},
			{"bad ESCO code", func(w *plekwijzer.WorkType) { w.ESCOCodes = []string{"7234.1", "72"} }, []string{"escoCodes[1]"}},
			{"skill that is no id", func(w *plekwijzer.WorkType) { w.Skills = []string{"lassen"} }, []string{"vaardigheden[0]"}},
			{"skill that does not exist", func(w *plekwijzer.WorkType) { w.Skills = []string{skills[0], missing} }, []string{"vaardigheden[1]"}},
			{"skill twice", func(w *plekwijzer.WorkType) { w.Skills = []string{skills[1], skills[1]} }, []string{"vaardigheden[1]"}},
			{"unknown load", func(w *plekwijzer.WorkType) { w.PhysicalLoad = "zwaar" }, []string{"fysiekeBelasting"}},
			{"unknown environment", func(w *plekwijzer.WorkType) { w.Environment = "thuis" }, []string{"omgeving"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				e.unchanged(func() {
					w := newWorkType("nieuw")
					tc.mod(w)
					wantFields(t, db.CreateWorkType(e.ctx, w), plekwijzer.EInvalid, tc.fields...)

					u := newWorkType(existing.Code)
					tc.mod(u)
					_, err := db.UpdateWorkType(e.ctx, existing.ID, plekwijzer.WorkTypeUpdate{
						Code: &u.Code, Name: &u.Name, ESCOCodes: &u.ESCOCodes, Skills: &u.Skills,
						PhysicalLoad: &u.PhysicalLoad, Environment: &u.Environment,
					}, 0)
					wantFields(t, err, plekwijzer.EInvalid, tc.fields...)
				})
			})
		}
	})
}

func TestWorkTypeDuplicateCode(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		first := e.workType(func(w *plekwijzer.WorkType) { w.Code = "inpakken" })
		second := e.workType(func(w *plekwijzer.WorkType) { w.Code = "assemblage" })
		e.unchanged(func() {
			wantFields(t, db.CreateWorkType(e.ctx, newWorkType("inpakken")), plekwijzer.EConflict, "code")
			_, err := db.UpdateWorkType(e.ctx, second.ID, plekwijzer.WorkTypeUpdate{Code: &first.Code}, 0)
			wantFields(t, err, plekwijzer.EConflict, "code")
		})
	})
}

func TestDeleteWorkType(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.offer()
		e.unchanged(func() {
			wantCode(t, db.DeleteWorkType(e.ctx, o.WorkTypeID), plekwijzer.EConflict)
		})

		// Once no offer uses it, it can go; a participant's interest in it
		// goes with it.
		other := e.workType()
		_, err := db.UpdateOffer(e.ctx, o.ID, plekwijzer.OfferUpdate{WorkTypeID: &other.ID}, 0)
		must(t, err)
		p := e.participant(e.coach().ID, func(p *plekwijzer.Participant) {
			p.Interests, p.Avoid = []string{o.WorkTypeID}, []string{other.ID}
		})
		must(t, db.DeleteWorkType(e.ctx, o.WorkTypeID))
		_, err = db.WorkType(e.ctx, o.WorkTypeID)
		wantCode(t, err, plekwijzer.ENotFound)
		wantCode(t, db.DeleteWorkType(e.ctx, o.WorkTypeID), plekwijzer.ENotFound)
		got, err := db.Participant(e.ctx, p.ID)
		must(t, err)
		if len(got.Interests) != 0 || len(got.Avoid) != 1 {
			t.Errorf("interesses %v, vermijden %v after deleting the interesting work type", got.Interests, got.Avoid)
		}
	})
}

func TestSkills(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := e.skills(5) // Vaardigheid 01…05; odd ones in groep-a

		s, err := db.Skill(e.ctx, ids[2])
		must(t, err)
		if s.ID != ids[2] || s.Name != "Vaardigheid 03" || s.Group != "groep-a" || s.ESCOURI != "https://test.plekwijzer.nl/vaardigheid/3" {
			t.Errorf("skill %+v", s)
		}
		_, err = db.Skill(e.ctx, plekwijzer.NewID())
		wantCode(t, err, plekwijzer.ENotFound)

		for _, tc := range []struct {
			filter plekwijzer.SkillFilter
			total  int
			first  string
		}{
			{plekwijzer.SkillFilter{}, 5, "Vaardigheid 01"},
			{plekwijzer.SkillFilter{Query: "heid 04"}, 1, "Vaardigheid 04"},
			{plekwijzer.SkillFilter{Group: "GROEP-B"}, 2, "Vaardigheid 02"},
			{plekwijzer.SkillFilter{Page: pageOf(2, 2)}, 5, "Vaardigheid 03"},
		} {
			got, total, err := db.FindSkills(e.ctx, tc.filter)
			must(t, err)
			if total != tc.total || len(got) == 0 || got[0].Name != tc.first {
				t.Errorf("%+v: total %d, %d items; want total %d starting with %s", tc.filter, total, len(got), tc.total, tc.first)
			}
		}
	})
}
