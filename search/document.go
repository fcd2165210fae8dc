package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/geo"
)

// docID is the id of an entity's document: kind and id, so an offer and a
// work type can never collide.
func docID(kind, id string) string { return kind + ":" + id }

// splitDocID is the inverse of docID.
func splitDocID(s string) (kind, id string, ok bool) {
	return strings.Cut(s, ":")
}

// synonyms maps ESCO occupation codes to the Dutch labels a coach may use
// for that work: the preferred label and the alternative labels. A work
// type linked to a code the catalogue does not know (a beheerder's own work
// type) is found by its own name and description only.
type synonyms map[string][]string

func loadSynonyms() (synonyms, error) {
	cat, err := catalogue.Load()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	s := synonyms{}
	for _, w := range cat.WorkTypes {
		for _, o := range w.Occupations {
			if _, ok := s[o.Code]; ok {
				continue // an occupation shared by two work types
			}
			s[o.Code] = append([]string{o.Name}, o.AltLabels...)
		}
	}
	return s, nil
}

// of returns the labels of the occupations with the given codes, each once.
func (s synonyms) of(codes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		for _, l := range s[c] {
			if k := strings.ToLower(l); !seen[k] {
				seen[k] = true
				out = append(out, l)
			}
		}
	}
	return out
}

var folder = asciifolding.New()

// sortKey orders titles the way people read them: case and diacritics
// do not matter.
func sortKey(s string) string {
	return string(folder.Filter([]byte(strings.ToLower(strings.TrimSpace(s)))))
}

// offerDocument is what the index holds of an offer.
func (s synonyms) offerDocument(d *plekwijzer.OfferDoc) map[string]any {
	o := d.Offer
	doc := map[string]any{
		fieldKind:         plekwijzer.KindOffer,
		fieldTitle:        o.Title,
		fieldDescription:  o.Description,
		fieldWorkTypeName: d.WorkTypeName,
		fieldOrganisation: d.OrganisationName,
		fieldSupervision:  strconv.Itoa(o.Supervision),
		fieldVersion:      o.Version,
		fieldSort:         sortKey(o.Title),
	}
	if syn := s.of(d.WorkTypeESCO); len(syn) > 0 {
		doc[fieldSynonyms] = syn
	}
	keyword := func(field, v string) {
		if v != "" {
			doc[field] = v
		}
	}
	keyword(fieldWorkTypeID, o.WorkTypeID)
	keyword(fieldOrgKind, string(d.OrganisationKind))
	keyword(fieldStatus, string(o.Status))
	keyword(fieldLoad, string(o.PhysicalLoad))
	var free []string
	for _, p := range freeDayParts(d.Free) {
		free = append(free, string(p))
	}
	if len(free) > 0 {
		doc[fieldFree] = free
	}
	if pc, ok := geo.Lookup(o.Postcode); ok {
		doc[fieldPostcode] = pc.PC4
		doc[fieldLocation] = map[string]any{"lat": pc.Point.Lat, "lon": pc.Point.Lon}
	}
	return doc
}

// workTypeDocument is what the index holds of a work type. Its
// werksoortId is its own id, so a search for one work type finds the
// work type with its offers.
func (s synonyms) workTypeDocument(w *plekwijzer.WorkType) map[string]any {
	doc := map[string]any{
		fieldKind:        plekwijzer.KindWorkType,
		fieldTitle:       w.Name,
		fieldDescription: w.Description,
		fieldWorkTypeID:  w.ID,
		fieldVersion:     w.Version,
		fieldSort:        sortKey(w.Name),
	}
	if w.Code != "" {
		doc[fieldCode] = w.Code
	}
	if syn := s.of(w.ESCOCodes); len(syn) > 0 {
		doc[fieldSynonyms] = syn
	}
	// "buiten werken" should find outdoor work even where the description
	// does not say so.
	switch w.Environment {
	case "binnen", "buiten":
		doc[fieldEnvironment] = string(w.Environment)
	case "beide":
		doc[fieldEnvironment] = "binnen buiten"
	}
	return doc
}

// freeDayParts lists the day-parts of c with a free place, in calendar
// order.
func freeDayParts(c plekwijzer.Capacity) []plekwijzer.DayPart {
	var out []plekwijzer.DayPart
	for _, p := range plekwijzer.DayParts {
		if c[p] > 0 {
			out = append(out, p)
		}
	}
	return slices.Clip(out)
}
