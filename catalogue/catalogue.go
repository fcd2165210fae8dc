// Package catalogue is Plekwijzer's built-in catalogue of work types
// (werksoorten) and skills (vaardigheden), in Dutch.
//
// The raadsbrief asks iederz for a larger and more varied range of work than
// packing alone. This package is that range: a few dozen kinds of work that
// suit sheltered and development places, each linked to the ESCO occupations
// that do the same work in the regular labour market and to the skills those
// occupations need. Describing work and learning goals in ESCO terms lets a
// participant's progress be told in the words an employer uses, and lets
// offers from different partners be compared.
//
// The data is generated from the ESCO CSV files in the shared reference data
// by ./internal/gen and embedded in the binary, so the service needs no
// download or database to know its catalogue. Which work types exist and
// which occupations belong to them is hand-written product knowledge in
// internal/gen/table.go; labels and skills come from ESCO. A test keeps the
// committed files equal to what the generator produces.
//
// Wherever ESCO data is shown, Attribution must be shown with it (licence
// of the European Commission, Decision 2011/833/EU).
package catalogue

//go:generate go run ./internal/gen -esco ../../shared/data/esco -out data

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// Attribution is the text that must be shown wherever ESCO data is shown.
const Attribution = "This service uses the ESCO classification of the European Commission."

// Occupation is an ESCO occupation a work type resembles.
type Occupation struct {
	URI       string   `json:"uri"`           // http://data.europa.eu/esco/occupation/<id>
	Code      string   `json:"code"`          // ESCO code, an ISCO-08 unit group plus a suffix: "7234.1"
	Name      string   `json:"naam"`          // Dutch preferred label
	AltLabels []string `json:"alternatieven"` // Dutch alternative and hidden labels, for search
}

// WorkType is a kind of work a participant can do at iederz or a partner.
type WorkType struct {
	Code         string       `json:"code"`             // stable kebab-case slug, e.g. "fietsenreparatie"
	Name         string       `json:"naam"`             // short plain Dutch
	Description  string       `json:"omschrijving"`     // one or two sentences at B1 level
	PhysicalLoad string       `json:"fysiekeBelasting"` // "laag", "midden" or "hoog"
	Environment  string       `json:"omgeving"`         // "binnen", "buiten" or "beide"
	Occupations  []Occupation `json:"beroepen"`
	// SkillURIs are the skills the work asks, most shared among the
	// occupations first; each is the URI of an entry in Catalogue.Skills.
	SkillURIs []string `json:"vaardigheden"`
}

// Skill is a skill a work type asks or a participant can learn. It is an
// ESCO skill with a Dutch label, or, where ESCO has no Dutch label for the
// skill itself, the Dutch ESCO skill group it belongs to. Either way its
// name is Dutch and unique in the catalogue.
type Skill struct {
	URI       string   `json:"uri"`                     // ESCO URI of the skill or skill group
	Name      string   `json:"naam"`                    // Dutch label
	Group     string   `json:"groep"`                   // Dutch label of the group above it
	AltLabels []string `json:"alternatieven,omitempty"` // Dutch alternative labels, for search
}

// Catalogue is the set of work types and skills. WorkTypes are sorted by
// code, Skills by name.
type Catalogue struct {
	WorkTypes []WorkType
	Skills    []Skill

	// Indexes by key into the slices above. They are shared between
	// copies; lookups check the entry found, so a caller who reorders the
	// slices gets correct (slower) answers instead of wrong ones.
	workTypeIndex map[string]int
	skillIndex    map[string]int
}

//go:embed data/werksoorten.json data/vaardigheden.json
var dataFS embed.FS

type workTypesFile struct {
	Attribution string     `json:"attributie"`
	WorkTypes   []WorkType `json:"werksoorten"`
}

type skillsFile struct {
	Attribution string  `json:"attributie"`
	Skills      []Skill `json:"vaardigheden"`
}

var (
	loadOnce sync.Once
	loaded   *Catalogue
	loadErr  error
)

// Load returns the embedded catalogue. The files are parsed once, at the
// first call. Every call returns a fresh deep copy, so a caller may change
// what it gets without affecting other callers.
func Load() (*Catalogue, error) {
	loadOnce.Do(func() { loaded, loadErr = parse() })
	if loadErr != nil {
		return nil, loadErr
	}
	return loaded.clone(), nil
}

func parse() (*Catalogue, error) {
	var wf workTypesFile
	if err := decode("data/werksoorten.json", &wf); err != nil {
		return nil, err
	}
	var sf skillsFile
	if err := decode("data/vaardigheden.json", &sf); err != nil {
		return nil, err
	}
	c := &Catalogue{
		WorkTypes:     wf.WorkTypes,
		Skills:        sf.Skills,
		workTypeIndex: make(map[string]int, len(wf.WorkTypes)),
		skillIndex:    make(map[string]int, len(sf.Skills)),
	}
	for i, s := range c.Skills {
		c.skillIndex[s.URI] = i
	}
	for i, w := range c.WorkTypes {
		c.workTypeIndex[w.Code] = i
		// The generator guarantees this; checking here turns a
		// hand-edited data file into an error instead of dangling keys.
		for _, u := range w.SkillURIs {
			if _, ok := c.skillIndex[u]; !ok {
				return nil, fmt.Errorf("catalogue: work type %s refers to unknown skill %s", w.Code, u)
			}
		}
	}
	return c, nil
}

func decode(name string, v any) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("catalogue: %s: %w", name, err)
	}
	return nil
}

func (c *Catalogue) clone() *Catalogue {
	out := &Catalogue{
		WorkTypes:     make([]WorkType, len(c.WorkTypes)),
		Skills:        slices.Clone(c.Skills),
		workTypeIndex: c.workTypeIndex,
		skillIndex:    c.skillIndex,
	}
	for i, w := range c.WorkTypes {
		out.WorkTypes[i] = w.clone()
	}
	for i := range out.Skills {
		out.Skills[i].AltLabels = slices.Clone(out.Skills[i].AltLabels)
	}
	return out
}

func (w WorkType) clone() WorkType {
	w.SkillURIs = slices.Clone(w.SkillURIs)
	occ := make([]Occupation, len(w.Occupations))
	for i, o := range w.Occupations {
		o.AltLabels = slices.Clone(o.AltLabels)
		occ[i] = o
	}
	w.Occupations = occ
	return w
}

// Skill returns the skill with the given URI.
func (c *Catalogue) Skill(uri string) (Skill, bool) {
	if i, ok := c.skillIndex[uri]; ok && i < len(c.Skills) && c.Skills[i].URI == uri {
		return c.Skills[i], true
	}
	for _, s := range c.Skills {
		if s.URI == uri {
			return s, true
		}
	}
	return Skill{}, false
}

// WorkType returns the work type with the given code. The result shares no
// memory with the catalogue.
func (c *Catalogue) WorkType(code string) (WorkType, bool) {
	if i, ok := c.workTypeIndex[code]; ok && i < len(c.WorkTypes) && c.WorkTypes[i].Code == code {
		return c.WorkTypes[i].clone(), true
	}
	for _, w := range c.WorkTypes {
		if w.Code == code {
			return w.clone(), true
		}
	}
	return WorkType{}, false
}
