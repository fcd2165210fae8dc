package seed

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
)

// SkillID is the id of the catalogue skill with the given ESCO URI. It is
// derived from the URI so that every installation, and every run of the
// demo, gives a skill the same id: links and exported data stay valid.
func SkillID(escoURI string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(escoURI)).String()
}

// WorkTypeID is the id of the catalogue work type with the given code,
// derived from the code for the same reason as SkillID.
func WorkTypeID(code string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://plekwijzer.nl/werksoort/"+code)).String()
}

// Catalogue loads the embedded work-type catalogue into s. It is safe to
// call on every start: the store adds only skills it lacks and work types
// only into an empty table, so a beheerder's changes survive.
func Catalogue(ctx context.Context, s plekwijzer.CatalogueStore) error {
	cat, err := catalogue.Load()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	skills, workTypes := convertCatalogue(cat)
	if err := s.ImportCatalogue(ctx, skills, workTypes); err != nil {
		return fmt.Errorf("seed: import catalogue: %w", err)
	}
	return nil
}

// convertCatalogue turns the catalogue's records into domain values with
// deterministic ids.
func convertCatalogue(cat *catalogue.Catalogue) ([]*plekwijzer.Skill, []*plekwijzer.WorkType) {
	skills := make([]*plekwijzer.Skill, 0, len(cat.Skills))
	for _, s := range cat.Skills {
		skills = append(skills, &plekwijzer.Skill{
			ID:      SkillID(s.URI),
			Name:    s.Name,
			ESCOURI: s.URI,
			Group:   s.Group,
		})
	}
	workTypes := make([]*plekwijzer.WorkType, 0, len(cat.WorkTypes))
	for _, w := range cat.WorkTypes {
		codes := make([]string, 0, len(w.Occupations))
		for _, o := range w.Occupations {
			codes = append(codes, o.Code)
		}
		ids := make([]string, 0, len(w.SkillURIs))
		for _, u := range w.SkillURIs {
			ids = append(ids, SkillID(u))
		}
		workTypes = append(workTypes, &plekwijzer.WorkType{
			ID:           WorkTypeID(w.Code),
			Code:         w.Code,
			Name:         w.Name,
			Description:  w.Description,
			ESCOCodes:    codes,
			Skills:       ids,
			PhysicalLoad: plekwijzer.Load(w.PhysicalLoad),
			Environment:  plekwijzer.Environment(w.Environment),
		})
	}
	return skills, workTypes
}
