package search_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

func openSkills(t *testing.T, db *store.DB) *search.SkillIndex {
	t.Helper()
	must(t, seed.Catalogue(t.Context(), db))
	si, err := search.OpenSkills(t.Context(), db)
	must(t, err)
	t.Cleanup(func() { si.Close() })
	return si
}

func skillNames(t *testing.T, si *search.SkillIndex, f plekwijzer.SkillFilter) ([]string, int) {
	t.Helper()
	items, total, err := si.SearchSkills(t.Context(), f)
	must(t, err)
	var names []string
	for _, s := range items {
		names = append(names, s.Name)
	}
	return names, total
}

// skillsOfWork returns the names of the skills the catalogue's work type
// asks for.
func skillsOfWork(t *testing.T, codes ...string) []string {
	t.Helper()
	cat, err := catalogue.Load()
	must(t, err)
	var out []string
	for _, c := range codes {
		w, ok := cat.WorkType(c)
		if !ok {
			t.Fatalf("no work type %s", c)
		}
		for _, u := range w.SkillURIs {
			s, _ := cat.Skill(u)
			out = append(out, s.Name)
		}
	}
	return out
}

// TestSkillSearchFindsWhatPeopleType: the words of the issue (the
// picker's own hint "fiets", and "koken", "kok", "klantvriendelijk")
// find sensible skills, as do typos, words being typed and ESCO's
// alternative labels.
func TestSkillSearchFindsWhatPeopleType(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		si := openSkills(t, db)
		top := func(q string, n int) []string {
			names, _ := skillNames(t, si, plekwijzer.SkillFilter{Query: q, Page: plekwijzer.Page{Number: 1, Size: n}})
			return names
		}
		// "fiets": the skills of bicycle repair (and of the bicycle
		// courier), nothing else on the first page.
		bike := skillsOfWork(t, "fietsenreparatie", "bezorging")
		got := top("fiets", 12)
		if len(got) < 10 {
			t.Errorf("fiets: %d skills, want the skills of bicycle repair: %q", len(got), got)
		}
		for _, n := range got {
			if !slices.Contains(bike, n) {
				t.Errorf("fiets found %q, not a skill of bicycle work", n)
			}
		}
		for _, n := range []string{"monteren van mechanische producten", "defecte onderdelen vervangen"} {
			if !slices.Contains(got, n) {
				t.Errorf("fiets: %q missing from %q", n, got)
			}
		}
		for _, tc := range []struct {
			q, want string
			n       int
		}{
			{"koken", "bereiden van voedsel en dranken", 1},
			{"kok", "bereiden van voedsel en dranken", 1},
			{"klantvriendelijk", "zorgen voor klantgerichtheid", 2},
			{"klant", "communiceren met collega’s en klanten", 2},
			{"samenwerk", "samenwerken in teams en netwerken", 3},                         // being typed
			{"schoonmaken", "schoonmaken", 1},                                             // as typed
			{"schoonmaakn", "schoonmaken", 3},                                             // a typo
			{"computervaardigheid", "beschikken over computervaardigheden", 1},            // stemmed
			{"documenten scannen", "documenten converteren van analoog naar digitaal", 3}, // an ESCO alternative label
			{"nauwkeurig", "gedetailleerd werken", 1},
		} {
			if got := top(tc.q, tc.n); !slices.Contains(got, tc.want) {
				t.Errorf("%q: %q not in the first %d: %q", tc.q, tc.want, tc.n, got)
			}
		}
		if got := top("xqzwv", 5); len(got) != 0 {
			t.Errorf("nonsense found %q", got)
		}
	})
}

// TestSkillSearchPagesAndFilters: totals and pages agree, the group
// filter narrows, and a query too long is refused naming q.
func TestSkillSearchPagesAndFilters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		si := openSkills(t, db)
		all, total := skillNames(t, si, plekwijzer.SkillFilter{Query: "tuin", Page: plekwijzer.Page{Number: 1, Size: 100}})
		if total != len(all) || total < 5 {
			t.Fatalf("tuin: total %d, %d names", total, len(all))
		}
		p2, _ := skillNames(t, si, plekwijzer.SkillFilter{Query: "tuin", Page: plekwijzer.Page{Number: 2, Size: 2}})
		if !slices.Equal(p2, all[2:4]) {
			t.Errorf("page 2 of 2: %q, want %q", p2, all[2:4])
		}
		in, n := skillNames(t, si, plekwijzer.SkillFilter{Query: "schoonmaken", Group: "Schoonmaken", Page: plekwijzer.Page{Number: 1, Size: 100}})
		cat, err := catalogue.Load()
		must(t, err)
		for _, name := range in {
			i := slices.IndexFunc(cat.Skills, func(s catalogue.Skill) bool { return s.Name == name })
			if i < 0 || !strings.EqualFold(cat.Skills[i].Group, "schoonmaken") {
				t.Errorf("group schoonmaken: %q is not in it", name)
			}
		}
		if n == 0 {
			t.Error("group schoonmaken: nothing")
		}
		_, _, err = si.SearchSkills(t.Context(), plekwijzer.SkillFilter{Query: strings.Repeat("a", 201)})
		if plekwijzer.ErrorCode(err) != plekwijzer.EInvalid {
			t.Errorf("a query of 201 letters: %v, want invalid", err)
		}
	})
}
