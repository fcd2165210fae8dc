// Command gen builds the work-type catalogue of package catalogue from the
// ESCO CSV files in the shared reference data:
//
//	go run ./catalogue/internal/gen -esco ../shared/data/esco -out catalogue/data
//
// It writes werksoorten.json (the curated work types with their ESCO
// occupations and skills) and vaardigheden.json (every skill a work type
// refers to, plus curated transversal learning goals). The selection lives in
// table.go; everything else comes from the data. The output depends only on
// the input files, so running it twice gives identical bytes; a test in
// package catalogue checks that the committed files match.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Attribution is required by the ESCO licence wherever ESCO data is shown;
// it travels inside the generated files so a copy of the data keeps it.
const attribution = "This service uses the ESCO classification of the European Commission."

const (
	occupationURIPrefix = "http://data.europa.eu/esco/occupation/"
	skillURIPrefix      = "http://data.europa.eu/esco/skill/"
	iscedURIPrefix      = "http://data.europa.eu/esco/isced-f/"

	// maxSkillsPerWorkType keeps a work type's skill list short enough for
	// a coach to read; the most shared skills come first, so the cut drops
	// what only one occupation asks.
	maxSkillsPerWorkType = 15
)

func main() {
	escoDir := flag.String("esco", "../shared/data/esco", "directory with the ESCO CSV files")
	outDir := flag.String("out", "catalogue/data", "directory to write werksoorten.json and vaardigheden.json to")
	verbose := flag.Bool("v", false, "print a summary of each work type")
	flag.Parse()
	if err := run(*escoDir, *outDir, *verbose, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Output types. They mirror the types of package catalogue (same JSON
// names) but are declared here so the generator builds even when the data
// files it writes do not exist yet.

type occupationOut struct {
	URI       string   `json:"uri"`
	Code      string   `json:"code"`
	Name      string   `json:"naam"`
	AltLabels []string `json:"alternatieven"`
}

type workTypeOut struct {
	Code         string          `json:"code"`
	Name         string          `json:"naam"`
	Description  string          `json:"omschrijving"`
	PhysicalLoad string          `json:"fysiekeBelasting"`
	Environment  string          `json:"omgeving"`
	Occupations  []occupationOut `json:"beroepen"`
	SkillURIs    []string        `json:"vaardigheden"`
}

type skillOut struct {
	URI       string   `json:"uri"`
	Name      string   `json:"naam"`
	Group     string   `json:"groep"`
	AltLabels []string `json:"alternatieven,omitempty"`
}

type workTypesFile struct {
	Attribution string        `json:"attributie"`
	WorkTypes   []workTypeOut `json:"werksoorten"`
}

type skillsFile struct {
	Attribution string     `json:"attributie"`
	Skills      []skillOut `json:"vaardigheden"`
}

func run(escoDir, outDir string, verbose bool, log io.Writer) error {
	d, err := loadESCO(escoDir)
	if err != nil {
		return err
	}
	wts, skills, err := build(d)
	if err != nil {
		return err
	}
	if verbose {
		byURI := map[string]skillOut{}
		for _, s := range skills {
			byURI[s.URI] = s
		}
		for _, w := range wts {
			fmt.Fprintf(log, "%-24s %-36s occ=%d skills=%d\n", w.Code, w.Name, len(w.Occupations), len(w.SkillURIs))
			for _, u := range w.SkillURIs {
				fmt.Fprintf(log, "    %s  [%s]\n", byURI[u].Name, byURI[u].Group)
			}
		}
		fmt.Fprintf(log, "%d work types, %d skills\n", len(wts), len(skills))
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(outDir, "werksoorten.json"), workTypesFile{attribution, wts}); err != nil {
		return err
	}
	return writeJSON(filepath.Join(outDir, "vaardigheden.json"), skillsFile{attribution, skills})
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" and "<" readable in Dutch labels
	enc.SetIndent("", "  ")  // one field a line: reviewable diffs when ESCO changes
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// ---- ESCO data ----

type occupation struct {
	id, code, label string
	alt, hidden     []string
}

type group struct {
	uri, code, label string
}

type escoData struct {
	occupations map[string]occupation
	essential   map[string][]string // occupation id -> essential skill ids, in file order
	skillNL     map[string]string   // skill id -> Dutch preferred label (only where ESCO has one)
	skillGroups map[string][]group  // skill id -> its skill groups, in file order
	altLabels   map[string][]string // skill or group uri -> Dutch alternative labels
	groupByURI  map[string]group
	groupByCode map[string]group // S- and T-codes such as "S6.11.3" or "T4.3"
}

func loadESCO(dir string) (*escoData, error) {
	d := &escoData{
		occupations: map[string]occupation{},
		essential:   map[string][]string{},
		skillNL:     map[string]string{},
		skillGroups: map[string][]group{},
		altLabels:   map[string][]string{},
		groupByURI:  map[string]group{},
		groupByCode: map[string]group{},
	}
	err := readCSV(filepath.Join(dir, "occupations_nl_isco4-9.csv"),
		[]string{"occupationId", "escoCode", "preferredLabel_nl", "altLabels_nl", "hiddenLabels_nl"},
		func(r []string) error {
			d.occupations[r[0]] = occupation{id: r[0], code: r[1], label: strings.TrimSpace(r[2]), alt: splitMulti(r[3]), hidden: splitMulti(r[4])}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "occupation_skill_relations_isco4-9.csv"),
		[]string{"occupationId", "relationType", "skillId"},
		func(r []string) error {
			if r[1] == "essential" {
				d.essential[r[0]] = append(d.essential[r[0]], r[2])
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "skills_nl_from_collections.csv"),
		[]string{"skillId", "preferredLabel_nl", "altLabels_nl"},
		func(r []string) error {
			if l := strings.TrimSpace(r[1]); l != "" {
				d.skillNL[r[0]] = l
				d.altLabels[skillURIPrefix+r[0]] = splitMulti(r[2])
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "skillGroups_nl.csv"),
		[]string{"skillGroupUri", "code", "preferredLabel_nl", "altLabels_nl"},
		func(r []string) error {
			g := group{uri: r[0], code: r[1], label: strings.TrimSpace(r[2])}
			if g.label == "" {
				return fmt.Errorf("skill group %s has no Dutch label", g.uri)
			}
			d.altLabels[g.uri] = splitMulti(r[3])
			d.groupByURI[g.uri] = g
			if g.code != "" {
				d.groupByCode[g.code] = g
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "skill_to_skillgroup_nl_isco4-9.csv"),
		[]string{"skillId", "skillGroupUri", "skillGroupCode", "skillGroupLabel_nl"},
		func(r []string) error {
			g := group{uri: r[1], code: r[2], label: strings.TrimSpace(r[3])}
			if g.label == "" {
				return fmt.Errorf("skill group %s of skill %s has no Dutch label", g.uri, r[0])
			}
			d.skillGroups[r[0]] = append(d.skillGroups[r[0]], g)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// readCSV calls fn with the named columns of every row of a CSV file with a
// header, failing when a column is missing: a renamed column in a new data
// release must stop the build, not produce empty labels.
func readCSV(path string, columns []string, fn func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	idx := make([]int, len(columns))
	for i, c := range columns {
		idx[i] = slices.Index(header, c)
		if idx[i] < 0 {
			return fmt.Errorf("%s: no column %q", path, c)
		}
	}
	row := make([]string, len(columns))
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, j := range idx {
			row[i] = rec[j]
		}
		if err := fn(row); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
}

// splitMulti splits an ESCO multi-valued cell ("a | b | c").
func splitMulti(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ---- building the catalogue ----

// entry is a catalogue skill before names are deduplicated.
type entry struct {
	skillOut
	isGroup bool // a skill group standing in for skills without a Dutch label
}

func build(d *escoData) ([]workTypeOut, []skillOut, error) {
	entries := map[string]entry{} // by uri
	rawKey := map[string]string{} // ESCO skill id -> uri of its catalogue entry

	// keyFor finds the catalogue entry for an ESCO skill: the skill itself
	// when ESCO has a Dutch label for it, else its first Dutch skill group,
	// so every name a coach sees is Dutch.
	keyFor := func(skillID string) (string, error) {
		if k, ok := rawKey[skillID]; ok {
			return k, nil
		}
		groups := d.skillGroups[skillID]
		if len(groups) == 0 {
			return "", fmt.Errorf("skill %s has no skill group", skillID)
		}
		var e entry
		if label, ok := d.skillNL[skillID]; ok {
			e = entry{skillOut{URI: skillURIPrefix + skillID, Name: label, Group: groups[0].label}, false}
		} else {
			g := groups[0]
			e = entry{skillOut{URI: g.uri, Name: g.label, Group: d.parentLabel(g)}, true}
		}
		if prev, ok := entries[e.URI]; ok && (prev.Name != e.Name || prev.Group != e.Group || prev.isGroup != e.isGroup) {
			return "", fmt.Errorf("two different catalogue entries for %s", e.URI)
		}
		entries[e.URI] = e
		rawKey[skillID] = e.URI
		return e.URI, nil
	}

	// Transversal learning goals.
	for _, t := range transversalSkills {
		label, ok := d.skillNL[t.id]
		if !ok {
			return nil, nil, fmt.Errorf("transversal skill %s (%q) is not in the data", t.id, t.label)
		}
		if label != t.label {
			return nil, nil, fmt.Errorf("transversal skill %s is now called %q, not %q: check the choice", t.id, label, t.label)
		}
		groupLabel := ""
		if gs := d.skillGroups[t.id]; len(gs) > 0 {
			groupLabel = gs[0].label // the data knows better than the table
		} else if g, ok := d.groupByCode[t.groupCode]; ok {
			groupLabel = g.label
		} else {
			return nil, nil, fmt.Errorf("transversal skill %q: no skill group with code %s", t.label, t.groupCode)
		}
		e := entry{skillOut{URI: skillURIPrefix + t.id, Name: label, Group: groupLabel}, false}
		entries[e.URI] = e
		rawKey[t.id] = e.URI
	}

	// Occupations and their essential skills.
	type wtRaw struct {
		def     workTypeDef
		occs    []occupationOut
		occKeys [][]string // per occupation: catalogue keys of its essential skills
	}
	var raws []wtRaw
	for _, def := range workTypes {
		if len(def.occupations) == 0 {
			return nil, nil, fmt.Errorf("work type %s has no occupations", def.code)
		}
		w := wtRaw{def: def}
		for _, ref := range def.occupations {
			o, ok := d.occupations[ref.id]
			if !ok {
				return nil, nil, fmt.Errorf("work type %s: occupation %s (%q) is not in the data", def.code, ref.id, ref.label)
			}
			if o.label != ref.label {
				return nil, nil, fmt.Errorf("work type %s: occupation %s is now called %q, not %q: check the choice", def.code, ref.id, o.label, ref.label)
			}
			if len(d.essential[ref.id]) == 0 {
				return nil, nil, fmt.Errorf("work type %s: occupation %q has no essential skills", def.code, o.label)
			}
			w.occs = append(w.occs, occupationOut{
				URI:       occupationURIPrefix + o.id,
				Code:      o.code,
				Name:      o.label,
				AltLabels: altLabels(o),
			})
			var keys []string
			for _, sid := range d.essential[ref.id] {
				k, err := keyFor(sid)
				if err != nil {
					return nil, nil, fmt.Errorf("work type %s, occupation %q: %w", def.code, o.label, err)
				}
				keys = append(keys, k)
			}
			w.occKeys = append(w.occKeys, keys)
		}
		raws = append(raws, w)
	}

	canon, err := dedupeNames(entries)
	if err != nil {
		return nil, nil, err
	}

	// Work types with their skills, most shared first.
	codes := map[string]bool{}
	var wts []workTypeOut
	for _, w := range raws {
		if codes[w.def.code] {
			return nil, nil, fmt.Errorf("work type code %s used twice", w.def.code)
		}
		codes[w.def.code] = true
		count := map[string]int{}
		for _, keys := range w.occKeys {
			seen := map[string]bool{}
			for _, k := range keys {
				k = canon[k]
				if !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
		uris := make([]string, 0, len(count))
		for k := range count {
			uris = append(uris, k)
		}
		slices.SortFunc(uris, func(a, b string) int {
			if c := count[b] - count[a]; c != 0 {
				return c
			}
			if c := rank(a) - rank(b); c != 0 {
				return c
			}
			return compareSkills(entries[a].skillOut, entries[b].skillOut)
		})
		if len(uris) > maxSkillsPerWorkType {
			uris = uris[:maxSkillsPerWorkType]
		}
		wts = append(wts, workTypeOut{
			Code:         w.def.code,
			Name:         w.def.name,
			Description:  w.def.description,
			PhysicalLoad: w.def.load,
			Environment:  w.def.environment,
			Occupations:  w.occs,
			SkillURIs:    uris,
		})
	}
	slices.SortFunc(wts, func(a, b workTypeOut) int { return strings.Compare(a.Code, b.Code) })

	// The skill list holds every essential skill of every linked
	// occupation, not only the ones that made a work type's top list:
	// offers may name any of them as something one can learn there.
	var skills []skillOut
	for uri, e := range entries {
		if canon[uri] == uri {
			// ESCO's alternative labels, for search ("fietsen" for a
			// skill named after repairing bicycles).
			e.AltLabels = d.altLabels[uri]
			skills = append(skills, e.skillOut)
		}
	}
	slices.SortFunc(skills, compareSkills)
	return wts, skills, nil
}

// dedupeNames makes catalogue names unique: two entries with the same Dutch
// name would look identical to a coach. ESCO repeats group labels across
// levels of the ISCED hierarchy ("recht" is both 042 and 0421), and a group
// can carry the same label as a skill ("efficiënt werken"). A real skill
// wins over a group; among groups the most general (shortest URI) wins. It
// returns, for every uri, the uri of the entry that represents it.
func dedupeNames(entries map[string]entry) (map[string]string, error) {
	byName := map[string][]entry{}
	for _, e := range entries {
		n := nameKey(e.Name)
		byName[n] = append(byName[n], e)
	}
	canon := map[string]string{}
	for _, es := range byName {
		slices.SortFunc(es, func(a, b entry) int {
			if a.isGroup != b.isGroup {
				if a.isGroup {
					return 1
				}
				return -1
			}
			if c := len(a.URI) - len(b.URI); c != 0 {
				return c
			}
			return strings.Compare(a.URI, b.URI)
		})
		if len(es) > 1 && !es[0].isGroup && !es[1].isGroup {
			return nil, fmt.Errorf("skills %s and %s share the Dutch name %q", es[0].URI, es[1].URI, es[0].Name)
		}
		for _, e := range es {
			canon[e.URI] = es[0].URI
		}
	}
	return canon, nil
}

// rank orders skills that are equally shared: broad ISCED-F fields of
// knowledge ("recht", "biologie") say least about the work itself, so they
// come after skills and competence groups and are the first to fall off a
// full list. Without this, the cut would be decided by the alphabet.
func rank(uri string) int {
	if strings.HasPrefix(uri, iscedURIPrefix) {
		return 1
	}
	return 0
}

func nameKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func compareSkills(a, b skillOut) int {
	if c := strings.Compare(nameKey(a.Name), nameKey(b.Name)); c != 0 {
		return c
	}
	return strings.Compare(a.URI, b.URI)
}

// parentLabel is the label of the group above g, used as the "groep" of a
// group that stands in for a skill. S- and T-codes name their parent by
// dropping the last part (S6.11.3 -> S6.11); ISCED-F fields by dropping the
// last digit (0831 -> 083). A top-level group is its own group.
func (d *escoData) parentLabel(g group) string {
	if g.code != "" {
		if i := strings.LastIndexByte(g.code, '.'); i > 0 {
			if p, ok := d.groupByCode[g.code[:i]]; ok {
				return p.label
			}
		}
		return g.label
	}
	if field, ok := strings.CutPrefix(g.uri, iscedURIPrefix); ok && len(field) > 2 {
		if p, ok := d.groupByURI[iscedURIPrefix+field[:len(field)-1]]; ok {
			return p.label
		}
	}
	return g.label
}

// altLabels merges the alternative and hidden Dutch labels of an occupation
// (hidden labels are the misspellings and old names people still search
// for), without duplicates and without the preferred label.
func altLabels(o occupation) []string {
	seen := map[string]bool{nameKey(o.label): true}
	out := []string{}
	for _, l := range slices.Concat(o.alt, o.hidden) {
		if k := nameKey(l); !seen[k] {
			seen[k] = true
			out = append(out, l)
		}
	}
	return out
}
