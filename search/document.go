package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"

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
type synonyms struct {
	labels map[string][]string
	folded analysis.Analyzer
	// tokens are the folded tokens of every label, analyzed once:
	// highlighting looks for the words of a search in them for every hit.
	tokens map[string][]token
	// byCodes remembers of: highlighting asks for the labels of every
	// hit, and there are only as many sets of codes as work types.
	byCodes *memo[string, []string] // by strings.Join(codes, " ")
}

func loadSynonyms(folded analysis.Analyzer) (synonyms, error) {
	cat, err := catalogue.Load()
	if err != nil {
		return synonyms{}, fmt.Errorf("search: %w", err)
	}
	s := synonyms{labels: map[string][]string{}, folded: folded, tokens: map[string][]token{}, byCodes: newMemo[string, []string](10_000)}
	for _, w := range cat.WorkTypes {
		for _, o := range w.Occupations {
			if _, ok := s.labels[o.Code]; ok {
				continue // an occupation shared by two work types
			}
			s.labels[o.Code] = append([]string{o.Name}, o.AltLabels...)
			for _, l := range s.labels[o.Code] {
				s.tokens[l] = tokenize(folded, l)
			}
		}
	}
	return s, nil
}

// key is a name as a search for it reads: its folded words, joined by
// spaces.
func (s synonyms) key(name string) string {
	return strings.Join(words(s.folded, name), " ")
}

// of returns the labels of the occupations with the given codes, each
// once. The caller must not change the slice.
func (s synonyms) of(codes []string) []string {
	return s.byCodes.get(strings.Join(codes, " "), func(string) []string { return s.labelsOf(codes) })
}

func (s synonyms) labelsOf(codes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		for _, l := range s.labels[c] {
			if k := strings.ToLower(l); !seen[k] {
				seen[k] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// names returns the keys of the names of a kind of work: its work type's
// name and its ESCO labels. A search that is one of them as a whole
// ("sloper van gebouwen", "decoratieschilderes (hout)") is a coach typing
// the name of the work, and the work with that name ranks first.
func (s synonyms) names(name string, labels []string) []string {
	var out []string
	for _, n := range append([]string{name}, labels...) {
		if k := s.key(n); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
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
		fieldTitle:        o.Title,
		fieldDescription:  o.Description,
		fieldWorkTypeName: d.WorkTypeName,
		fieldOrganisation: d.OrganisationName,
		fieldVersion:      o.Version,
		fieldSort:         sortKey(o.Title),
	}
	syn := s.of(d.WorkTypeESCO)
	if len(syn) > 0 {
		doc[fieldSynonyms] = syn
		doc[fieldESCO] = d.WorkTypeESCO
	}
	if names := s.names(d.WorkTypeName, syn); len(names) > 0 {
		doc[fieldNames] = names
	}
	if o.Status != "" {
		doc[fieldStatus] = string(o.Status)
	}
	facets := []string{facetTerm(facetKind, plekwijzer.KindOffer), facetTerm(facetSupervision, strconv.Itoa(o.Supervision))}
	add := func(facet, v string) {
		if v != "" {
			facets = append(facets, facetTerm(facet, v))
		}
	}
	add(facetWorkType, o.WorkTypeID)
	add(facetOrgKind, string(d.OrganisationKind))
	add(facetLoad, string(o.PhysicalLoad))
	for _, p := range freeDayParts(d.Free) {
		add(facetDayPart, string(p))
	}
	doc[fieldFacets] = facets
	if pc, ok := geo.Lookup(o.Postcode); ok {
		doc[fieldPostcode] = pc.PC4
		doc[fieldLocation] = map[string]any{"lat": pc.Point.Lat, "lon": pc.Point.Lon}
	}
	return doc
}

// workTypeDocument is what the index holds of a work type. Its
// werksoort facet is its own id, so a search for one work type finds the
// work type with its offers.
func (s synonyms) workTypeDocument(w *plekwijzer.WorkType) map[string]any {
	doc := map[string]any{
		fieldTitle:       w.Name,
		fieldDescription: w.Description,
		fieldFacets:      []string{facetTerm(facetKind, plekwijzer.KindWorkType), facetTerm(facetWorkType, w.ID)},
		fieldVersion:     w.Version,
		fieldSort:        sortKey(w.Name),
	}
	if w.Code != "" {
		doc[fieldCode] = w.Code
	}
	syn := s.of(w.ESCOCodes)
	if len(syn) > 0 {
		doc[fieldSynonyms] = syn
		doc[fieldESCO] = w.ESCOCodes
	}
	if names := s.names(w.Name, syn); len(names) > 0 {
		doc[fieldNames] = names
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

// document maps data to the index's document with the given id, as
// bleve's Batch.Index does, and gives fieldFacets facetOptions, which a
// field mapping cannot express.
func document(m mapping.IndexMapping, id string, data map[string]any) (*bdoc.Document, error) {
	doc := bdoc.NewDocument(id)
	if err := m.MapDocument(doc, data); err != nil {
		return nil, err
	}
	for i, f := range doc.Fields {
		tf, ok := f.(*bdoc.TextField)
		if !ok || f.Name() != fieldFacets {
			continue
		}
		doc.Fields[i] = bdoc.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options()|facetOptions, tf.Analyzer())
	}
	return doc, nil
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
