package catalogue

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWorkTypes(t *testing.T) {
	c := load(t)
	if n := len(c.WorkTypes); n < 34 {
		t.Errorf("%d work types, want at least 34", n)
	}
	for _, code := range []string{"inpakken", "fietsenreparatie", "groenvoorziening", "schoonmaak"} {
		if _, ok := c.WorkType(code); !ok {
			t.Errorf("no work type %q", code)
		}
	}
	// Same rule as plekwijzer.ValidSlug: codes end up in URLs and in the
	// work-type table.
	slug := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, w := range c.WorkTypes {
		if !slug.MatchString(w.Code) || len(w.Code) > 64 {
			t.Errorf("work type code %q is not a kebab-case slug", w.Code)
		}
		if seen[w.Code] {
			t.Errorf("work type code %q twice", w.Code)
		}
		seen[w.Code] = true
		checkDutch(t, "work type "+w.Code+" naam", w.Name)
		checkDutch(t, "work type "+w.Code+" omschrijving", w.Description)
		if len([]rune(w.Name)) > 100 {
			t.Errorf("work type %s: name longer than 100 characters", w.Code)
		}
		if !slices.Contains([]string{"laag", "midden", "hoog"}, w.PhysicalLoad) {
			t.Errorf("work type %s: fysiekeBelasting %q", w.Code, w.PhysicalLoad)
		}
		if !slices.Contains([]string{"binnen", "buiten", "beide"}, w.Environment) {
			t.Errorf("work type %s: omgeving %q", w.Code, w.Environment)
		}
		if len(w.Occupations) == 0 {
			t.Errorf("work type %s has no occupations", w.Code)
		}
		for _, o := range w.Occupations {
			if !strings.HasPrefix(o.URI, "http://data.europa.eu/esco/occupation/") {
				t.Errorf("work type %s: occupation uri %q", w.Code, o.URI)
			}
			if !regexp.MustCompile(`^[0-9]{4}(\.[0-9]+)*$`).MatchString(o.Code) {
				t.Errorf("work type %s: occupation code %q", w.Code, o.Code)
			}
			checkDutch(t, "occupation "+o.URI, o.Name)
			if slices.Contains(o.AltLabels, o.Name) {
				t.Errorf("occupation %s lists its own name as alternative", o.Name)
			}
		}
		if len(w.SkillURIs) < 3 {
			t.Errorf("work type %s has %d skills, want at least 3", w.Code, len(w.SkillURIs))
		}
		for _, u := range w.SkillURIs {
			if _, ok := c.Skill(u); !ok {
				t.Errorf("work type %s refers to unknown skill %s", w.Code, u)
			}
		}
		if len(w.SkillURIs) != len(uniq(w.SkillURIs)) {
			t.Errorf("work type %s lists a skill twice", w.Code)
		}
	}
	if !slices.IsSortedFunc(c.WorkTypes, func(a, b WorkType) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("work types are not sorted by code")
	}
}

func TestSkills(t *testing.T) {
	c := load(t)
	uris, names := map[string]bool{}, map[string]bool{}
	for _, s := range c.Skills {
		if !strings.HasPrefix(s.URI, "http://data.europa.eu/esco/") {
			t.Errorf("skill uri %q is not an ESCO uri", s.URI)
		}
		if uris[s.URI] {
			t.Errorf("skill uri %s twice", s.URI)
		}
		uris[s.URI] = true
		k := strings.ToLower(s.Name)
		if names[k] {
			t.Errorf("skill name %q twice", s.Name)
		}
		names[k] = true
		checkDutch(t, "skill "+s.URI, s.Name)
		checkDutch(t, "group of skill "+s.URI, s.Group)
	}
	// The curated transversal learning goals are there.
	for _, want := range []string{"in teams werken", "omgaan met stress", "zelfstandig werken", "mondeling in het Nederlands communiceren", "verbintenissen nakomen"} {
		if !names[strings.ToLower(want)] {
			t.Errorf("no skill %q", want)
		}
	}
	if s, ok := c.Skill("http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"); !ok || s.Name != "in teams werken" {
		t.Errorf("Skill(in teams werken) = %+v, %v", s, ok)
	}
	if _, ok := c.Skill("http://data.europa.eu/esco/skill/nope"); ok {
		t.Error("Skill found an unknown uri")
	}
}

func TestLoadReturnsCopies(t *testing.T) {
	a := load(t)
	a.WorkTypes[0].Name = "veranderd"
	a.WorkTypes[0].SkillURIs[0] = "veranderd"
	a.WorkTypes[0].Occupations[0].AltLabels = append(a.WorkTypes[0].Occupations[0].AltLabels[:0], "veranderd")
	a.Skills[0].Name = "veranderd"
	b := load(t)
	if b.WorkTypes[0].Name == "veranderd" || b.WorkTypes[0].SkillURIs[0] == "veranderd" ||
		slices.Contains(b.WorkTypes[0].Occupations[0].AltLabels, "veranderd") || b.Skills[0].Name == "veranderd" {
		t.Error("a change to one Load result shows in the next")
	}
	// Lookups stay right when a caller reorders its copy.
	slices.Reverse(a.WorkTypes)
	if w, ok := a.WorkType("schoonmaak"); !ok || w.Code != "schoonmaak" {
		t.Errorf("WorkType after reordering = %q, %v", w.Code, ok)
	}
	if _, ok := a.WorkType("bestaat-niet"); ok {
		t.Error("WorkType found an unknown code")
	}
}

// englishWords are words that give away an English label that slipped in
// where a Dutch one belongs. ("of" and "in" are Dutch too, so not listed.)
var englishWords = map[string]bool{
	"the": true, "and": true, "with": true, "for": true, "use": true, "using": true,
	"ensure": true, "perform": true, "maintain": true, "operate": true, "apply": true,
	"handle": true, "manage": true, "worker": true, "skills": true,
}

func checkDutch(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" {
		t.Errorf("%s is empty", what)
		return
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	}) {
		if englishWords[w] {
			t.Errorf("%s %q does not look Dutch (%q)", what, s, w)
			return
		}
	}
}

func uniq(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// TestGeneratedFilesUpToDate reruns the generator and compares its output
// with the committed files, so the data can only change through the
// generator (and its hand-written table), never by editing the JSON.
func TestGeneratedFilesUpToDate(t *testing.T) {
	esco := filepath.Join("..", "..", "shared", "data", "esco")
	if _, err := os.Stat(esco); os.IsNotExist(err) {
		t.Skip("ESCO reference data not present at", esco)
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./internal/gen", "-esco", esco, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	for _, name := range []string{"werksoorten.json", "vaardigheden.json"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("data", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("data/%s differs from the generator's output; run go generate ./catalogue", name)
		}
	}
}
