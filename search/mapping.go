package search

import (
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
const MappingVersion = 1

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
		t.Term = f.f.Filter(t.Term)
	}
	return in
}

// Index fields. Text fields come in pairs: the field itself, stemmed, and
// field+exactSuffix, folded only.
const (
	fieldKind         = "soort" // KindOffer or KindWorkType
	fieldTitle        = "titel" // offer title, work type name
	fieldDescription  = "omschrijving"
	fieldWorkTypeName = "werksoort"  // the work type name of an offer
	fieldSynonyms     = "synoniemen" // ESCO labels of the linked occupations
	fieldOrganisation = "organisatie"
	fieldEnvironment  = "omgeving" // work types: "binnen", "buiten"
	fieldCode         = "code"     // work type code
	fieldWorkTypeID   = "werksoortId"
	fieldOrgKind      = "organisatieSoort"
	fieldStatus       = "status"
	fieldSupervision  = "begeleiding"
	fieldLoad         = "fysiekeBelasting"
	fieldFree         = "vrij" // day-parts with a free place today
	fieldLocation     = "locatie"
	fieldPostcode     = "postcode"
	fieldVersion      = "versie"
	fieldSort         = "sorteer"

	exactSuffix = "_exact"
)

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
	text(fieldSynonyms, true)
	text(fieldOrganisation, true)

	env := mapping.NewTextFieldMapping()
	env.Analyzer = analyzerStemmed
	env.Store, env.IncludeInAll, env.DocValues = true, false, false
	doc.AddFieldMappingsAt(fieldEnvironment, env)

	kw := func(name string, store bool) {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		doc.AddFieldMappingsAt(name, f)
	}
	kw(fieldKind, false)
	kw(fieldCode, false)
	kw(fieldWorkTypeID, false)
	kw(fieldOrgKind, false)
	kw(fieldStatus, false)
	kw(fieldSupervision, false)
	kw(fieldLoad, false)
	kw(fieldFree, false)
	kw(fieldPostcode, true)
	kw(fieldSort, false)

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
