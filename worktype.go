package plekwijzer

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// WorkType is a kind of work — packing, bike repair, green maintenance —
// linked to the ESCO occupations it resembles and the skills it asks.
type WorkType struct {
	ID           string      `json:"id"`
	Code         string      `json:"code"`
	Name         string      `json:"naam"`
	Description  string      `json:"omschrijving"`
	ESCOCodes    []string    `json:"escoCodes"`
	Skills       []string    `json:"vaardigheden"`
	PhysicalLoad Load        `json:"fysiekeBelasting"`
	Environment  Environment `json:"omgeving"`
	Version      int         `json:"versie"`
	CreatedAt    time.Time   `json:"aangemaakt"`
	UpdatedAt    time.Time   `json:"gewijzigd"`
}

// WorkTypeUpdate holds the fields to change; nil leaves a field as is.
type WorkTypeUpdate struct {
	Code         *string      `json:"code"`
	Name         *string      `json:"naam"`
	Description  *string      `json:"omschrijving"`
	ESCOCodes    *[]string    `json:"escoCodes"`
	Skills       *[]string    `json:"vaardigheden"`
	PhysicalLoad *Load        `json:"fysiekeBelasting"`
	Environment  *Environment `json:"omgeving"`
}

// Apply copies the set fields of u into w.
func (w *WorkType) Apply(u WorkTypeUpdate) {
	set(&w.Code, u.Code)
	set(&w.Name, u.Name)
	set(&w.Description, u.Description)
	set(&w.ESCOCodes, u.ESCOCodes)
	set(&w.Skills, u.Skills)
	set(&w.PhysicalLoad, u.PhysicalLoad)
	set(&w.Environment, u.Environment)
}

var escoCodeRE = regexp.MustCompile(`^[0-9]{4}(\.[0-9]+)*$`)

// Validate checks w.
func (w *WorkType) Validate() error {
	var p Problems
	if !ValidSlug(w.Code) {
		p.Add("code", "moet bestaan uit kleine letters, cijfers en streepjes, zoals fietsenreparatie")
	}
	checkText(&p, "naam", w.Name, true, 100)
	checkText(&p, "omschrijving", w.Description, false, 2000)
	for i, c := range w.ESCOCodes {
		if !escoCodeRE.MatchString(c) {
			p.Add(fmt.Sprintf("escoCodes[%d]", i), "is geen ESCO-beroepscode zoals 7234.1")
		}
	}
	checkIDs(&p, "vaardigheden", w.Skills)
	checkEnum(&p, "fysiekeBelasting", w.PhysicalLoad, Loads)
	checkEnum(&p, "omgeving", w.Environment, Environments)
	return p.Err()
}

// WorkTypeFilter narrows a list of work types.
type WorkTypeFilter struct {
	Query        string // part of the name or code
	PhysicalLoad Load
	Environment  Environment
	Page         Page
}

// WorkTypeStore keeps the work-type catalogue.
type WorkTypeStore interface {
	// FindWorkTypes returns one page of work types, by name, and the total.
	FindWorkTypes(ctx context.Context, f WorkTypeFilter) ([]*WorkType, int, error)
	// WorkType returns one work type, or ENotFound.
	WorkType(ctx context.Context, id string) (*WorkType, error)
	// CreateWorkType stores w. EInvalid, EConflict for a duplicate code.
	CreateWorkType(ctx context.Context, w *WorkType) error
	// UpdateWorkType applies u if the version matches (0: any). ENotFound,
	// EInvalid, EConflict.
	UpdateWorkType(ctx context.Context, id string, u WorkTypeUpdate, version int) (*WorkType, error)
	// DeleteWorkType removes a work type. ENotFound, or EConflict while
	// offers use it.
	DeleteWorkType(ctx context.Context, id string) error
}

// Skill is an ESCO skill (or skill group) from the catalogue, with its
// Dutch name. Skills are read-only: they come with the binary.
type Skill struct {
	ID      string `json:"id"`
	Name    string `json:"naam"`
	ESCOURI string `json:"escoUri"`
	Group   string `json:"groep"`
}

// SkillFilter narrows a list of skills.
type SkillFilter struct {
	Query string // part of the name
	Group string
	Page  Page
}

// SkillStore reads the skill catalogue.
type SkillStore interface {
	// FindSkills returns one page of skills, by name, and the total.
	FindSkills(ctx context.Context, f SkillFilter) ([]*Skill, int, error)
	// Skill returns one skill, or ENotFound.
	Skill(ctx context.Context, id string) (*Skill, error)
}

// SkillSearcher finds skills by what a person types: Dutch words,
// stemmed, with typos, ESCO's other names for a skill and the work that
// asks for it ("fiets" finds the skills of bicycle repair).
type SkillSearcher interface {
	// SearchSkills returns one page of the skills that match f.Query,
	// best first, and their total; EInvalid for a query it cannot take.
	SearchSkills(ctx context.Context, f SkillFilter) ([]*Skill, int, error)
}

// CatalogueStore loads the built-in catalogue.
type CatalogueStore interface {
	// ImportCatalogue adds the skills the database does not have yet (by
	// ESCO URI), and the work types when the database has none: a
	// beheerder's changes to work types are never overwritten.
	ImportCatalogue(ctx context.Context, skills []*Skill, workTypes []*WorkType) error
}
