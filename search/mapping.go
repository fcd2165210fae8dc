package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion is stored in every index. Change it whenever the mapping,
// the analyzers or what a document holds changes: Open then rebuilds an
// index of an older version from the database instead of searching a
// mixture.
//
// 2: the facets in one field whose doc values are kept per document,
// uncompressed; the ESCO labels indexed but not stored (highlights take
// them from the catalogue by the stored ESCO codes); doc values only
// where the facets or the sort need them; the names of the work as whole
// keys.
const MappingVersion = 2

// Analyzers.
const (
	// analyzerStemmed is for ranking: Dutch stemming and stop words, after
	// folding diacritics, so "cliënt" and "client", "beëindigd" and
	// "beeindigd" are one word.
	analyzerStemmed = "nl_folded"
	// analyzerFolded keeps whole words (folded, lower case, no stemming,
	// no stop words): what typo tolerance and prefixes work on, because a
	// stem is not a word a person types.
	analyzerFolded = "folded"
	// foldFilter folds diacritics per token. bleve's asciifolding is a
	// char filter; as a char filter it would shift the byte offsets of
	// every token after a "ë", and highlights would mark the wrong
	// letters. Folding the token keeps the offsets of the original text.
	foldFilter  = "plekwijzer_asciifolding"
	colonFilter = "plekwijzer_colon"
)

func init() {
	err := registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{asciifolding.New()}, nil
	})
	if err != nil {
		panic(err)
	}
}

type foldTokens struct {
	f *asciifolding.AsciiFoldingFilter
}

func (f foldTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		// ASCII folds to itself; most Dutch words are ASCII, and the
		// filter allocates twice per token.
		if !ascii(t.Term) {
			t.Term = f.f.Filter(t.Term)
		}
	}
	return in
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Index fields. Text fields come in pairs: the field itself, stemmed, and
// field+exactSuffix, folded only.
const (
	fieldTitle        = "titel" // offer title, work type name
	fieldDescription  = "omschrijving"
	fieldWorkTypeName = "werksoort"  // the work type name of an offer
	fieldSynonyms     = "synoniemen" // ESCO labels of the linked occupations
	fieldOrganisation = "organisatie"
	fieldEnvironment  = "omgeving" // work types: "binnen", "buiten"
	fieldCode         = "code"     // work type code
	fieldFacets       = "facet"    // every facet value, as facetTerm
	fieldStatus       = "status"
	fieldLocation     = "locatie"
	fieldPostcode     = "postcode"
	fieldVersion      = "versie"
	fieldSort         = "sorteer"
	fieldESCO         = "esco"  // stored only: the ESCO codes whose labels are the synonyms
	fieldNames        = "namen" // the work's names as whole keys: work type name and ESCO labels

	exactSuffix = "_exact"
)

// Facets, by their names in the API. Every facet value of a document is
// one term of fieldFacets, "name=value": filters look them up, and a
// search counts them in one pass over one field's doc values instead of
// six (each field costs a lookup per match).
const (
	facetKind        = "soort" // KindOffer or KindWorkType
	facetWorkType    = "werksoort"
	facetOrgKind     = "organisatieSoort"
	facetDayPart     = "dagdeel" // day-parts with a free place today
	facetSupervision = "begeleiding"
	facetLoad        = "fysiekeBelasting"
)

// facetTerm is the term of fieldFacets for one value of a facet.
func facetTerm(facet, value string) string { return facet + "=" + value }

// facetOptions are added to the indexing options of fieldFacets. bleve
// keeps doc values in snappy-compressed chunks of 1024 documents, so
// counting facets over a few matches spread through the index
// decompresses a whole chunk per match (the largest cost of a search at
// 100 000 offers, docs/BENCHMARKS.md). Per document and uncompressed, a
// match costs only its own values; they are a few bytes each.
const facetOptions = index.SkipDVChunking | index.SkipDVCompression

// buildMapping returns the index mapping: one static mapping for both
// kinds of documents, nothing dynamic, no _all field.
func buildMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	// Unicode word breaking keeps "titel:fietsen" together (a colon
	// joins letters in Swedish); here it separates words. One byte for
	// one byte, so offsets stay right.
	err := im.AddCustomCharFilter(colonFilter, map[string]any{
		"type":    regexp.Name,
		"regexp":  ":",
		"replace": " ",
	})
	if err != nil {
		return nil, err
	}
	err = im.AddCustomAnalyzer(analyzerStemmed, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{colonFilter},
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, foldFilter, nl.StopName, nl.SnowballStemmerName},
	})
	if err != nil {
		return nil, err
	}
	err = im.AddCustomAnalyzer(analyzerFolded, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{colonFilter},
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, foldFilter},
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = analyzerStemmed
	// BM25 rather than bleve's default tf-idf: tf-idf squares the rarity
	// of a word, so one rare word in a short title outweighs a document
	// that has every word the coach typed.
	im.ScoringModel = index.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()

	// The ESCO labels are the same for every offer of a work type (about
	// 600 characters): indexed for every offer, so BM25 scores them as
	// before, but stored once, in the catalogue, by code.
	text := func(name string, store bool) {
		stemmed := mapping.NewTextFieldMapping()
		stemmed.Analyzer = analyzerStemmed
		stemmed.Store = store
		stemmed.IncludeInAll = false
		stemmed.DocValues = false
		exact := mapping.NewTextFieldMapping()
		exact.Name = name + exactSuffix
		exact.Analyzer = analyzerFolded
		exact.Store = false
		exact.IncludeInAll = false
		exact.DocValues = false
		doc.AddFieldMappingsAt(name, stemmed, exact)
	}
	text(fieldTitle, true)
	text(fieldDescription, true)
	text(fieldWorkTypeName, true)
	text(fieldSynonyms, false)
	text(fieldOrganisation, true)

	env := mapping.NewTextFieldMapping()
	env.Analyzer = analyzerStemmed
	env.Store, env.IncludeInAll, env.DocValues = true, false, false
	doc.AddFieldMappingsAt(fieldEnvironment, env)

	kw := func(name string, store, docValues bool) {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		doc.AddFieldMappingsAt(name, f)
	}
	kw(fieldFacets, false, true)
	kw(fieldCode, false, false)
	kw(fieldNames, false, false)
	kw(fieldStatus, false, false)
	kw(fieldPostcode, true, false)
	kw(fieldSort, false, true)

	esco := mapping.NewTextFieldMapping()
	esco.Index = false
	esco.Store = true
	esco.IncludeInAll, esco.IncludeTermVectors, esco.DocValues = false, false, false
	doc.AddFieldMappingsAt(fieldESCO, esco)

	loc := mapping.NewGeoPointFieldMapping()
	loc.IncludeInAll = false
	loc.Store = false
	doc.AddFieldMappingsAt(fieldLocation, loc)

	ver := mapping.NewNumericFieldMapping()
	ver.Index = false
	ver.Store = true
	ver.IncludeInAll = false
	ver.DocValues = false
	doc.AddFieldMappingsAt(fieldVersion, ver)

	im.DefaultMapping = doc
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
