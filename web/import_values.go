package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/iederz/plekwijzer"
)

// What an import accepts in a cell: what people type, not only the API's
// codes. Every enumeration takes its code or the Dutch label the screens
// show, in any case ("Statushouder", "statushouder"); day-parts as
// "ma-ochtend", "ma ochtend" or "maandag ochtend"; work types by code or
// name; skills and learning goals by their ESCO label; dates as
// 2026-01-31, 31-1-2026, 31/1/2026, 31 januari 2026 or an Excel date.

// fold is how cells are compared: case, surrounding space and repeated
// inner space do not count.
func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// enumValue reads a cell of an enumeration kind (see labels and choices):
// its code or its label. It reports whether the cell named a value.
func enumValue(kind, cell string) (string, bool) {
	c := fold(cell)
	for _, v := range choices[kind] {
		if fold(v) == c || fold(label(kind, v)) == c {
			return v, true
		}
	}
	for code, l := range extraLabels[kind] {
		if fold(l) == c {
			return code, true
		}
	}
	return cell, false
}

// extraLabels are further words people use for a value.
var extraLabels = map[string]map[string]string{
	"belasting":   {"laag": "laag", "midden": "middel", "hoog": "hoog"},
	"begeleiding": {"1": "licht", "2": "gemiddeld", "3": "veel", "4": "intensief"},
}

var dayWords = map[string]string{
	"ma": "ma", "maandag": "ma", "di": "di", "dinsdag": "di", "wo": "wo", "woensdag": "wo",
	"do": "do", "donderdag": "do", "vr": "vr", "vrijdag": "vr",
}

var partWords = map[string]string{"ochtend": "ochtend", "morgen": "ochtend", "middag": "middag"}

// dayPartsOf reads a list of day-parts: "ma-ochtend di-middag", "ma ochtend,
// di middag", "maandagochtend; dinsdag middag". Words that make no day-part
// are returned as unknown.
func dayPartsOf(cell string) (out []plekwijzer.DayPart, unknown []string) {
	words := strings.FieldsFunc(strings.ToLower(cell), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;|-/", r)
	})
	for i := 0; i < len(words); i++ {
		w := words[i]
		if day, part, ok := glued(w); ok {
			out = append(out, plekwijzer.DayPart(day+"-"+part))
			continue
		}
		day, isDay := dayWords[w]
		if isDay && i+1 < len(words) {
			if part, ok := partWords[words[i+1]]; ok {
				out = append(out, plekwijzer.DayPart(day+"-"+part))
				i++
				continue
			}
		}
		unknown = append(unknown, w)
	}
	return out, unknown
}

// glued reads "maandagochtend" or "maochtend".
func glued(w string) (day, part string, ok bool) {
	for dw, d := range dayWords {
		if rest, found := strings.CutPrefix(w, dw); found {
			if p, ok := partWords[rest]; ok {
				return d, p, true
			}
		}
	}
	return "", "", false
}

// parts splits a list cell into items at semicolons, bars and line
// breaks; an item that is not known as a whole may be a list with commas
// or spaces, which known() tries next.
func parts(cell string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == '|' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// known resolves the items of a list cell with find: each item as a whole,
// else its comma-separated pieces, else (where spaces may separate, as
// between work type codes) its words. It returns what was found and what
// was not.
func known(cell string, spaces bool, find func(string) (string, bool)) (found, unknown []string) {
	for _, item := range parts(cell) {
		if v, ok := find(item); ok {
			found = append(found, v)
			continue
		}
		pieces := strings.Split(item, ",")
		if len(pieces) == 1 && spaces {
			pieces = strings.Fields(item)
		}
		if len(pieces) == 1 {
			unknown = append(unknown, item)
			continue
		}
		for _, piece := range pieces {
			if piece = strings.TrimSpace(piece); piece == "" {
				continue
			}
			f, u := known(piece, spaces, find)
			found, unknown = append(found, f...), append(unknown, u...)
		}
	}
	return found, unknown
}

// workType finds a work type by code or name.
func (c *catalogue) workType(cell string) (string, bool) {
	f := fold(cell)
	for _, w := range c.WorkTypes {
		if fold(w.Code) == f || fold(w.Name) == f {
			return w.ID, true
		}
	}
	return "", false
}

var monthNumbers = map[string]time.Month{
	"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4,
	"mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// excelEpoch is day 0 of Excel's date serials (1900 system, with its leap
// year bug: serials from 61 on count from here).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a date as people type it or Excel stores it. ok is false
// for anything else (the cell is then passed on as is, for the rules to
// name).
func parseDate(cell string) (plekwijzer.Date, bool) {
	s := strings.TrimSpace(cell)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return plekwijzer.Date(t.Format(time.DateOnly)), true
	}
	// An Excel serial (a date cell read raw): whole days, maybe a time.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 && !strings.ContainsAny(s, "eE") {
		t := excelEpoch.AddDate(0, 0, int(f))
		return plekwijzer.Date(t.Format(time.DateOnly)), true
	}
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '-' || r == '/' || r == '.' || unicode.IsSpace(r) })
	if len(fields) != 3 {
		return "", false
	}
	day, err1 := strconv.Atoi(fields[0])
	year, err2 := strconv.Atoi(fields[2])
	month, err3 := strconv.Atoi(fields[1])
	if err3 != nil {
		m, ok := monthNumbers[strings.TrimSuffix(fields[1], ".")]
		if !ok {
			return "", false
		}
		month, err3 = int(m), nil
	}
	if err1 != nil || err2 != nil || year < 1000 || month < 1 || month > 12 {
		return "", false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31-2-2026
		return "", false
	}
	return plekwijzer.Date(t.Format(time.DateOnly)), true
}

// skillFinder finds skills by their ESCO label, asking the API once per
// label.
type skillFinder struct {
	p     *page
	cache map[string]string // folded label → id ("" for none)
}

func (p *page) skillFinder() *skillFinder { return &skillFinder{p: p, cache: map[string]string{}} }

// find returns the id of the skill with exactly this label.
func (sf *skillFinder) find(label string) (string, bool) {
	f := fold(label)
	if id, ok := sf.cache[f]; ok {
		return id, id != ""
	}
	id := ""
	list, err := all[plekwijzer.Skill](sf.p.api, "/vaardigheden", url.Values{"q": {strings.TrimSpace(label)}}, 200)
	if err == nil {
		for _, s := range list {
			if fold(s.Name) == f {
				id = s.ID
				break
			}
		}
	}
	sf.cache[f] = id
	return id, id != ""
}

// skillLevels reads a skills cell: ESCO labels, each with a level 1-3 as
// "label (2)" or "label: 2" (default 1).
func (sf *skillFinder) skillLevels(cell string) (out []plekwijzer.SkillLevel, unknown []string) {
	levels := map[string]int{}
	found, unknown := known(cell, false, func(item string) (string, bool) {
		name, level := splitLevel(item)
		id, ok := sf.find(name)
		if ok {
			levels[id] = level
		}
		return id, ok
	})
	seen := map[string]bool{}
	for _, id := range found {
		if !seen[id] {
			seen[id] = true
			out = append(out, plekwijzer.SkillLevel{SkillID: id, Level: levels[id]})
		}
	}
	return out, unknown
}

// splitLevel reads "label (2)" or "label: 2".
func splitLevel(item string) (string, int) {
	s := strings.TrimSpace(item)
	if open := strings.LastIndex(s, "("); open > 0 && strings.HasSuffix(s, ")") {
		if n, err := strconv.Atoi(strings.TrimSpace(s[open+1 : len(s)-1])); err == nil {
			return strings.TrimSpace(s[:open]), n
		}
	}
	if colon := strings.LastIndex(s, ":"); colon > 0 {
		if n, err := strconv.Atoi(strings.TrimSpace(s[colon+1:])); err == nil {
			return strings.TrimSpace(s[:colon]), n
		}
	}
	return s, 1
}
