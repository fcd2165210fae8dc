package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// queryWord is one word of a search with what the index knows of it,
// looked up once per search: the stems to match, and the terms a typo of
// it may stand for.
type queryWord struct {
	word  string   // folded, lower case, as typed
	stems []string // of the word and its everyday variants; none for a stop word
	typos []typoTerms
	// prefixed are the folded fields in which what the last word
	// begins counts too (the coach may still be typing it); none for
	// the other words.
	prefixed []boosted
}

// typoTerms are the terms of one fuzzy field within the word's edit
// distance, with their distances.
type typoTerms struct {
	field boosted
	terms []string
	dists []uint8
}

// lookUp reads what the index knows of the words: their stems, the
// typos they may be (lookUpTypos) and, for the last, the fields in which what
// it begins counts (prefixFields).
func (ix *Index) lookUp(ctx context.Context, r index.IndexReader, words []string) ([]*queryWord, error) {
	stemmed := ix.mapping.AnalyzerNamed(analyzerStemmed)
	out := make([]*queryWord, 0, len(words))
	for i, w := range words {
		qw := &queryWord{word: w}
		out = append(out, qw)
		forms := []string{w}
		for _, v := range wordVariants {
			if strings.Contains(w, v.formal) {
				forms = append(forms, strings.Replace(w, v.formal, v.everyday, 1))
			}
		}
		for _, f := range forms {
			for _, t := range stemmed.Analyze([]byte(f)) {
				if s := string(t.Term); !slices.Contains(qw.stems, s) {
					qw.stems = append(qw.stems, s)
				}
			}
		}
		var err error
		if i == len(words)-1 {
			if qw.prefixed, err = qw.prefixFields(ctx, r); err != nil {
				return nil, err
			}
		}
		if qw.typos, err = qw.lookUpTypos(ctx, r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// prefixFields returns the folded fields in which what the last word
// begins counts: every one, except a long text (description,
// organisation) that has the word itself. There a whole word ("werk") is
// what the coach means, and its longer words ("werkleider",
// "werkplaats") are many, common and expensive to match.
func (w *queryWord) prefixFields(ctx context.Context, r index.IndexReader) ([]boosted, error) {
	if utf8.RuneCountInString(w.word) < minPrefixLen {
		return nil, nil
	}
	var out []boosted
	for _, f := range exactFields {
		if len(w.stems) > 0 && slices.Contains(longFields, f) {
			whole, err := holds(ctx, r, w.word, []boosted{f})
			if err != nil {
				return nil, err
			}
			if whole {
				continue
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// lookUpTypos returns the terms of the name fields a typo of w may stand
// for. A word that one of them holds as typed is taken to be spelt right
// and costs no Levenshtein automaton; for another word of typo length
// each name field's dictionary is walked once, and the terms found are
// used as plain terms by every query of the search.
func (w *queryWord) lookUpTypos(ctx context.Context, r index.IndexReader) ([]typoTerms, error) {
	n := utf8.RuneCountInString(w.word)
	if len(w.stems) == 0 || n < minFuzzyLen || n > maxFuzzyLen {
		return nil, nil
	}
	known, err := holds(ctx, r, w.word, fuzzyFields)
	if err != nil || known {
		return nil, err
	}
	fuzziness := 1
	if n >= minFuzzy2Len {
		fuzziness = 2
	}
	return typoCandidates(ctx, r, w.word, fuzziness)
}

// holds reports whether one of the fields has the term.
func holds(ctx context.Context, r index.IndexReader, term string, fields []boosted) (bool, error) {
	for _, f := range fields {
		n, err := docFreq(ctx, r, term, f.field)
		if err != nil || n > 0 {
			return n > 0, err
		}
	}
	return false, nil
}

// docFreq is the number of documents with term in field.
func docFreq(ctx context.Context, r index.IndexReader, term, field string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	n := tfr.Count()
	return n, tfr.Close()
}

// typoCandidates returns, per fuzzy field, the terms within fuzziness
// edits of w (a swap of two letters is one edit).
//
// Every work type name an offer shows is the title of that work type's
// own document, so the work type field's candidates are those of the
// title that the field has: looked up, which spares the Levenshtein
// automaton bleve builds for every dictionary it walks (the dearest part
// of a search with a typo). fuzzyFields lists the title first.
func typoCandidates(ctx context.Context, r index.IndexReader, w string, fuzziness int) ([]typoTerms, error) {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil, fmt.Errorf("index reader %T cannot look up typos", r)
	}
	var title typoTerms
	var out []typoTerms
	for _, f := range fuzzyFields {
		var tt typoTerms
		var err error
		if f.field == fieldWorkTypeName+exactSuffix {
			tt, err = title.in(ctx, r, f)
		} else {
			tt, err = walkTypos(fr, f, w, fuzziness)
		}
		if err != nil {
			return nil, err
		}
		if f.field == fieldTitle+exactSuffix {
			title = tt
		}
		if len(tt.terms) > 0 {
			out = append(out, tt)
		}
	}
	return out, nil
}

// walkTypos walks the dictionary of field f for the terms within
// fuzziness edits of w.
func walkTypos(fr index.IndexReaderFuzzy, f boosted, w string, fuzziness int) (typoTerms, error) {
	tt := typoTerms{field: f}
	fd, err := fr.FieldDictFuzzy(f.field, w, fuzziness, "")
	if err != nil {
		return tt, err
	}
	e, err := fd.Next()
	for err == nil && e != nil {
		tt.terms = append(tt.terms, e.Term)
		tt.dists = append(tt.dists, e.EditDistance)
		e, err = fd.Next()
	}
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	return tt, err
}

// in returns the terms of tt that field f has.
func (tt typoTerms) in(ctx context.Context, r index.IndexReader, f boosted) (typoTerms, error) {
	out := typoTerms{field: f}
	for i, term := range tt.terms {
		n, err := docFreq(ctx, r, term, f.field)
		if err != nil {
			return out, err
		}
		if n > 0 {
			out.terms = append(out.terms, term)
			out.dists = append(out.dists, tt.dists[i])
		}
	}
	return out, nil
}

// rareWords returns the words of ws, other than stop words, that no
// field has in more than maxFallbackShare of the documents: the words
// the any-word fallback searches for.
func (ix *Index) rareWords(ctx context.Context, r index.IndexReader, ws []*queryWord) ([]*queryWord, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	limit := uint64(maxFallbackShare * float64(n))
	var out []*queryWord
	for _, w := range ws {
		common := false
		for _, s := range w.stems {
			for _, f := range stemmedFields {
				df, err := docFreq(ctx, r, s, f.field)
				if err != nil {
					return nil, err
				}
				common = common || df > limit
			}
		}
		if len(w.stems) > 0 && !common {
			out = append(out, w)
		}
	}
	return out, nil
}

// textQuery builds the query for the words ws of words: with all, a
// document must match every word; without, any of them, and one with
// more of them ranks above one with fewer. A work type code typed in
// full, and a name of the work as a whole (synonyms.names), match either
// way and rank first.
func textQuery(ws []*queryWord, words []string, all bool) query.Query {
	if len(words) == 0 {
		return nil
	}
	var per []query.Query
	for _, w := range ws {
		if q := w.query(all); q != nil {
			per = append(per, q)
		}
	}
	var clauses []query.Query
	switch {
	case len(per) == 0:
	case all:
		clauses = append(clauses, bleve.NewConjunctionQuery(per...))
	default:
		clauses = append(clauses, per...)
	}
	code := bleve.NewTermQuery(strings.Join(words, "-"))
	code.SetField(fieldCode)
	code.SetBoost(codeBoost)
	name := bleve.NewTermQuery(strings.Join(words, " "))
	name.SetField(fieldNames)
	name.SetBoost(nameBoost)
	clauses = append(clauses, code, name)
	return bleve.NewDisjunctionQuery(clauses...)
}

// query is the query for one word: a disjunction of its stems on the
// stemmed fields, its typo terms on the name fields (each a disjunction,
// worth less the more edits away, as bleve's fuzzy query scores them)
// and, when prefix is set, what it begins on the fields w.prefixed. Nil
// for a stop word that is not being typed.
func (w *queryWord) query(prefix bool) query.Query {
	var d []query.Query
	for _, s := range w.stems {
		for _, f := range stemmedFields {
			t := bleve.NewTermQuery(s)
			t.SetField(f.field)
			t.SetBoost(f.boost)
			d = append(d, t)
		}
	}
	for _, tt := range w.typos {
		alt := make([]query.Query, len(tt.terms))
		for i, term := range tt.terms {
			t := bleve.NewTermQuery(term)
			t.SetField(tt.field.field)
			t.SetBoost(tt.field.boost * fuzzyBoost / float64(tt.dists[i]+1))
			alt[i] = t
		}
		d = append(d, bleve.NewDisjunctionQuery(alt...))
	}
	if prefix {
		for _, f := range w.prefixed {
			pq := bleve.NewPrefixQuery(w.word)
			pq.SetField(f.field)
			pq.SetBoost(f.boost * prefixBoost)
			d = append(d, pq)
		}
	}
	if len(d) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(d...)
}
