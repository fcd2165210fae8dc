package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iederz/plekwijzer"
)

// The input rules for text, checked once for every body (scanText) and
// every query parameter (query.str), so no handler has to:
//
//   - Text is valid UTF-8. The JSON decoder would replace invalid bytes and
//     lone surrogate escapes (\ud800) with U+FFFD and store what the
//     client never sent.
//   - No control characters except tab and newline. PostgreSQL refuses
//     U+0000 in text (a 500) while SQLite stores it; the others are
//     invisible on a page and in an export. A carriage return is allowed
//     only as part of \r\n, which is kept as \n (browsers send a textarea's
//     lines that way); a lone \r is refused.
//   - A key appears once per object. The decoder would keep the last one;
//     a client that sends two meant something the answer cannot show.

// textProblem returns why s may not be stored, or "".
func textProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is geen geldige UTF-8-tekst"
	}
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
		case unicode.IsControl(r):
			return fmt.Sprintf("bevat het stuurteken U+%04X; alleen tab en regelovergang mogen", r)
		}
	}
	return ""
}

// scanText walks a JSON body token by token and names every string (key or
// value) that breaks the text rules, and every repeated key, by its path
// as the other problems name fields ("bereikbaarheid.x", "vaardigheden[1]").
// body is known to be valid JSON.
func scanText(body []byte) plekwijzer.Problems {
	s := &textScanner{dec: json.NewDecoder(bytes.NewReader(body)), body: body}
	s.value("")
	return s.p
}

type textScanner struct {
	dec  *json.Decoder
	body []byte
	last int64 // offset of the end of the previous token
	p    plekwijzer.Problems
}

// token reads the next token and checks it when it is a string.
func (s *textScanner) token(path string) json.Token {
	tok, err := s.dec.Token()
	if err != nil {
		return nil // cannot happen for valid JSON; nothing more to check
	}
	raw := s.body[s.last:s.dec.InputOffset()]
	s.last = s.dec.InputOffset()
	if str, ok := tok.(string); ok {
		if reason := stringProblem(str, raw); reason != "" {
			s.p.Add(path, reason)
		}
	}
	return tok
}

func (s *textScanner) value(path string) {
	switch s.token(path) {
	case json.Delim('{'):
		seen := map[string]bool{}
		for s.dec.More() {
			key, _ := s.token(path).(string)
			name := joinPath(path, key)
			if seen[key] {
				s.p.Add(name, "staat meer dan één keer in het object")
			}
			seen[key] = true
			s.value(name)
		}
		s.token(path) // '}'
	case json.Delim('['):
		for i := 0; s.dec.More(); i++ {
			s.value(fmt.Sprintf("%s[%d]", path, i))
		}
		s.token(path) // ']'
	}
}

// stringProblem checks a decoded string against the raw text it came from:
// invalid UTF-8 and lone surrogates show only in the raw text, because the
// decoder has replaced them with U+FFFD.
func stringProblem(decoded string, raw []byte) string {
	if !utf8.Valid(raw) || strings.Count(decoded, "\uFFFD") > bytes.Count(raw, []byte("\uFFFD"))+countFold(raw, `\ufffd`) {
		return "is geen geldige UTF-8-tekst"
	}
	return textProblem(decoded)
}

// countFold counts the occurrences of the ASCII string sub in b, ignoring case.
func countFold(b []byte, sub string) int {
	return bytes.Count(bytes.ToLower(b), []byte(sub))
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// normaliseNewlines turns every \r\n in the strings of v into \n, after
// textProblem has let them through.
func normaliseNewlines(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && strings.Contains(v.String(), "\r\n") {
			v.SetString(strings.ReplaceAll(v.String(), "\r\n", "\n"))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			normaliseNewlines(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				normaliseNewlines(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			normaliseNewlines(v.Index(i))
		}
	case reflect.Map:
		// Map values are not addressable: copy, normalise, put back.
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			normaliseNewlines(e)
			v.SetMapIndex(k, e)
		}
	}
}
