package search

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"
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
