package search

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/iederz/plekwijzer"
)

// Highlights are HTML: the stored text is escaped and only the matched
// words are wrapped in <mark>…</mark>, so a partner's description with
// markup in it shows as text and can never run as script in a browser.
const (
	markOpen  = "<mark>"
	markClose = "</mark>"
	ellipsis  = "…"
	// fragmentBytes is about the length of a description fragment: two
	// lines in a result list.
	fragmentBytes = 160
	// contextBytes is how much text a fragment shows before its first
	// match.
	contextBytes = 50
)

// highlighted fields: the field, the stored field its values come from,
// whether it has a folded copy (for typos and prefixes), and the key in
// SearchHit.Highlights per kind. The ESCO labels are not stored with
// each document: their values are the catalogue's labels of the stored
// ESCO codes, the same the document was indexed with.
var highlighted = []struct {
	field, stored   string
	exact           bool
	offerKey, wtKey string
	whole           bool // show whole values (titles, labels), not fragments
	maxFragments    int
}{
	{fieldTitle, fieldTitle, true, "titel", "naam", true, 1},
	{fieldDescription, fieldDescription, true, "omschrijving", "omschrijving", false, 2},
	{fieldWorkTypeName, fieldWorkTypeName, true, "werksoort", "werksoort", true, 1},
	{fieldOrganisation, fieldOrganisation, true, "organisatie", "organisatie", true, 1},
	{fieldSynonyms, fieldESCO, true, "synoniemen", "synoniemen", true, 3},
	{fieldEnvironment, fieldEnvironment, false, "omgeving", "omgeving", true, 1},
}

// highlight marks the words of the search in the stored fields of one
// hit of the page. bleve could return the matched positions itself, but
// it then reads and merges them for every match, not only for the page
// (a fifth of a search's time at 100 000 offers); finding the words again
// in the 25 hits shown is cheaper.
func (ix *Index) highlight(hit *plekwijzer.SearchHit, fields map[string]any, m *marker) {
	for _, hf := range highlighted {
		values := storedStrings(fields[hf.stored])
		labels := hf.field == fieldSynonyms
		if labels {
			values = ix.syn.of(values)
		}
		var frags []string
		for _, v := range values {
			if len(frags) >= hf.maxFragments {
				break
			}
			var tokens []token
			if labels {
				tokens = ix.syn.tokens[v]
			}
			spans := m.spans(hf.field, v, hf.exact, tokens)
			if len(spans) == 0 {
				continue
			}
			if hf.whole {
				frags = append(frags, mark(v, spans, 0, len(v)))
			} else {
				frags = append(frags, fragments(v, spans, hf.maxFragments-len(frags))...)
			}
		}
		if len(frags) > 0 {
			key := hf.offerKey
			if hit.Kind == plekwijzer.KindWorkType {
				key = hf.wtKey
			}
			hit.Highlights[key] = frags
		}
	}
}

// storedStrings returns a stored field's values: one string, or several.
func storedStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// marker finds the words of one search in stored text the way the index
// matched them: a word's stems in the stemmed field; its typo terms in
// the folded copy of a name field; and in every folded copy, what the
// last word begins, when the search used that.
type marker struct {
	folded  analysis.Analyzer
	stemmed analysis.Analyzer
	stems   map[string]bool
	typos   map[string]map[string]bool // folded field → terms
	prefix  map[string]string          // folded field → what the last word begins
	done    map[spanKey][]span         // labels and names recur on a page
	// needles: a text in lower-case ASCII without one of them has no
	// match (mayMatch), and need not be analyzed.
	needles [][]byte
	lower   []byte
}

type spanKey struct {
	field, value string
}

// newMarker returns the marker of a search for ws, with the last word's
// prefix when prefix is set.
func (ix *Index) newMarker(ws []*queryWord, prefix bool) *marker {
	m := &marker{
		folded:  ix.mapping.AnalyzerNamed(analyzerFolded),
		stemmed: ix.mapping.AnalyzerNamed(analyzerStemmed),
		stems:   map[string]bool{},
		typos:   map[string]map[string]bool{},
		prefix:  map[string]string{},
		done:    map[spanKey][]span{},
	}
	for _, w := range ws {
		for _, s := range w.stems {
			m.stems[s] = true
			m.needles = append(m.needles, []byte(stemNeedle(s)))
		}
		for _, tt := range w.typos {
			if m.typos[tt.field.field] == nil {
				m.typos[tt.field.field] = map[string]bool{}
			}
			for _, t := range tt.terms {
				m.typos[tt.field.field][t] = true
				m.needles = append(m.needles, []byte(t))
			}
		}
		for _, f := range w.prefixed {
			if prefix {
				m.prefix[f.field] = w.word
				m.needles = append(m.needles, []byte(w.word))
			}
		}
	}
	return m
}

// stemNeedle is what a word whose stem is s certainly contains. The Dutch
// stemmer only changes the end of a word: it removes endings, turns
// "heden" into "heid", and drops one letter of a double consonant or of
// a double vowel in the last syllable ("maan" → "man"). So the word
// begins with the stem but for its last three letters, and with its
// first two.
func stemNeedle(s string) string {
	return s[:max(len(s)-3, min(2, len(s)))]
}

// mayMatch reports whether value may hold a match: false only for plain
// ASCII text (folding leaves it as it is) without any of the needles.
func (m *marker) mayMatch(value string) bool {
	m.lower = m.lower[:0]
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		m.lower = append(m.lower, c)
	}
	for _, n := range m.needles {
		if bytes.Contains(m.lower, n) {
			return true
		}
	}
	return false
}

// spans returns the byte ranges of value that the search matched in
// field; exact says the field has a folded copy. tokens are the value's
// folded tokens when they are known, else it is analyzed.
func (m *marker) spans(field, value string, exact bool, tokens []token) []span {
	key := spanKey{field, value}
	if s, ok := m.done[key]; ok {
		return s
	}
	if tokens == nil {
		if !m.mayMatch(value) {
			m.done[key] = nil
			return nil
		}
		tokens = foldedTokens.get(value, func(v string) []token { return tokenize(m.folded, v) })
	}
	typos, prefix := m.typos[field+exactSuffix], m.prefix[field+exactSuffix]
	var out []span
	for _, t := range tokens {
		folded := exact && (typos[t.term] || (prefix != "" && strings.HasPrefix(t.term, prefix)))
		if folded || m.stems[m.stem(t.term)] {
			out = append(out, span{t.start, t.end})
		}
	}
	m.done[key] = out
	return out
}

// token is a term of analyzed text and where it stands, in bytes.
type token struct {
	term       string
	start, end int
}

func tokenize(a analysis.Analyzer, s string) []token {
	ts := a.Analyze([]byte(s))
	out := make([]token, len(ts))
	for i, t := range ts {
		out[i] = token{string(t.Term), t.Start, t.End}
	}
	return out
}

// stem is the stemmed analyzer's term for a folded term, "" for a stop
// word. The stemmed analyzer is the folded one plus stop words and the
// stemmer, so stemming the folded term gives what the index holds.
func (m *marker) stem(term string) string {
	return stems.get(term, func(term string) string {
		if ts := m.stemmed.Analyze([]byte(term)); len(ts) > 0 {
			return string(ts[0].Term)
		}
		return ""
	})
}

// foldedTokens remembers the analyzed text of highlighted values: the same
// offers come back on the first pages of many searches, and analyzing a
// description was a tenth of a search's CPU under load. At most a few
// thousand values (a few megabytes); the tokens are never changed.
var foldedTokens = newMemo[string, []token](2048)

// stems remembers the stems of the words in highlighted text: the
// snowball stemmer is the dearest part of highlighting, and the words of
// offers recur.
var stems = newMemo[string, string](100_000)

// span is a matched byte range [start, end) of a stored value.
type span struct{ start, end int }

// merge sorts spans, drops those outside text or not on rune boundaries
// (they cannot come from this text), and joins overlapping ones: the
// stemmed and the folded field both mark the same word.
func merge(text string, spans []span) []span {
	var ok []span
	for _, s := range spans {
		if s.start < 0 || s.end > len(text) || s.start >= s.end ||
			!utf8.RuneStart(text[s.start]) || (s.end < len(text) && !utf8.RuneStart(text[s.end])) {
			continue
		}
		ok = append(ok, s)
	}
	slices.SortFunc(ok, func(a, b span) int { return a.start - b.start })
	var out []span
	for _, s := range ok {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// mark returns text[from:to], escaped, with the spans inside it marked.
func mark(text string, spans []span, from, to int) string {
	var b strings.Builder
	at := from
	for _, s := range merge(text, spans) {
		if s.start < from || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString(markOpen)
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString(markClose)
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	return b.String()
}

// fragments returns up to n pieces of a longer text around its matches,
// each cut at spaces and marked with an ellipsis where text was left out.
// A short text is returned whole.
func fragments(text string, spans []span, n int) []string {
	spans = merge(text, spans)
	if len(spans) == 0 || n <= 0 {
		return nil
	}
	if len(text) <= fragmentBytes+contextBytes {
		return []string{mark(text, spans, 0, len(text))}
	}
	var out []string
	covered := 0
	for _, s := range spans {
		if len(out) == n {
			break
		}
		if s.start < covered {
			continue
		}
		from := wordStart(text, max(covered, s.start-contextBytes), s.start)
		to := wordEnd(text, max(s.end, from+fragmentBytes))
		var b strings.Builder
		if from > 0 {
			b.WriteString(ellipsis)
		}
		b.WriteString(mark(text, spans, from, to))
		if to < len(text) {
			b.WriteString(ellipsis)
		}
		out = append(out, b.String())
		covered = to
	}
	return out
}

// wordStart moves i forward to the start of a word, but not past limit
// (the first match); at least it moves to a rune boundary.
func wordStart(text string, i, limit int) int {
	if i <= 0 {
		return 0
	}
	if sp := strings.IndexByte(text[i:limit], ' '); sp >= 0 {
		return i + sp + 1
	}
	for i < limit && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i forward to the end of a word: the next space, or the
// text's end.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	if sp := strings.IndexByte(text[i:], ' '); sp >= 0 {
		return i + sp
	}
	return len(text)
}
