package store_test

import (
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestCatalogueImport(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		counts := func() (workTypes, skills int) {
			t.Helper()
			_, workTypes, err := db.FindWorkTypes(e.ctx, plekwijzer.WorkTypeFilter{Page: pageOf(1, 1)})
			must(t, err)
			_, skills, err = db.FindSkills(e.ctx, plekwijzer.SkillFilter{Page: pageOf(1, 1)})
			must(t, err)
			return workTypes, skills
		}

		must(t, seed.Catalogue(e.ctx, db))
		w1, s1 := counts()
		if w1 != len(cat.WorkTypes) || s1 != len(cat.Skills) || w1 != 37 || s1 != 359 {
			t.Fatalf("%d work types and %d skills after the import; the catalogue has %d and %d",
				w1, s1, len(cat.WorkTypes), len(cat.Skills))
		}

		// Every work type arrives whole, under its stable id.
		for _, cw := range cat.WorkTypes {
			w, err := db.WorkType(e.ctx, seed.WorkTypeID(cw.Code))
			if err != nil {
				t.Errorf("work type %s: %v", cw.Code, err)
				continue
			}
			if w.Name != cw.Name || len(w.Skills) != len(cw.SkillURIs) || len(w.ESCOCodes) != len(cw.Occupations) {
				t.Errorf("work type %s read back as %q with %d skills and %d ESCO codes; want %q, %d, %d", cw.Code,
					w.Name, len(w.Skills), len(w.ESCOCodes), cw.Name, len(cw.SkillURIs), len(cw.Occupations))
			}
			for i, uri := range cw.SkillURIs {
				if i < len(w.Skills) && w.Skills[i] != seed.SkillID(uri) {
					t.Errorf("work type %s: skill %d is %s, want %s", cw.Code, i, w.Skills[i], seed.SkillID(uri))
				}
			}
		}

		// A beheerder renames one work type and removes another; a second
		// import (every start runs one) keeps both changes.
		renamed := seed.WorkTypeID("fietsenreparatie")
		changed, err := db.UpdateWorkType(e.ctx, renamed, plekwijzer.WorkTypeUpdate{
			Name: ptr("Fietsen opknappen"), Skills: &[]string{},
		}, 1)
		must(t, err)
		removed := seed.WorkTypeID("autowassen")
		must(t, db.DeleteWorkType(e.ctx, removed))

		must(t, seed.Catalogue(e.ctx, db))
		w2, s2 := counts()
		if w2 != w1-1 || s2 != s1 {
			t.Errorf("%d work types and %d skills after a second import, want %d and %d", w2, s2, w1-1, s1)
		}
		got, err := db.WorkType(e.ctx, renamed)
		must(t, err)
		assertSame(t, got, changed)
		_, err = db.WorkType(e.ctx, removed)
		wantCode(t, err, plekwijzer.ENotFound)
	})
}
