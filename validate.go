package plekwijzer

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// validUUID reports whether s is a UUID in its canonical text form.
func validUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// ValidID reports whether s can be an id of an entity.
func ValidID(s string) bool { return validUUID(s) }

// NewID returns a new random id.
func NewID() string { return uuid.NewString() }

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a lowercase kebab-case code.
func ValidSlug(s string) bool { return len(s) <= 64 && slugRE.MatchString(s) }

// Date is a calendar date (YYYY-MM-DD) without a time of day.
type Date string

// Dates lie in the years MinYear to MaxYear. Outside them a date is a typo
// (0026, 2206), and year 0000 broke both engines differently: PostgreSQL
// refused it (a 500), SQLite kept it, and an open-ended placement from year
// 0 held a place forever.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Valid reports whether d is a real date in YYYY-MM-DD form between
// MinYear and MaxYear.
func (d Date) Valid() bool {
	t, err := time.Parse(time.DateOnly, string(d))
	return err == nil && InDateRange(t)
}

// DateRangeReason is the problem of a date or moment outside the range.
var DateRangeReason = fmt.Sprintf("moet tussen %d en %d liggen", MinYear, MaxYear)

// InDateRange reports whether t lies in the years MinYear to MaxYear; every
// date and moment the API takes must.
func InDateRange(t time.Time) bool { return t.Year() >= MinYear && t.Year() <= MaxYear }

// checkDate adds a problem when d is not a valid date, saying whether it
// is malformed or out of range.
func checkDate(p *Problems, field string, d Date) {
	if d.Valid() {
		return
	}
	if _, err := time.Parse(time.DateOnly, string(d)); err == nil {
		p.Add(field, DateRangeReason)
		return
	}
	p.Add(field, "is geen datum als 2026-01-31")
}

// checkPastDate is checkDate for a date that has happened: today or
// earlier, and not before MinYear.
func checkPastDate(p *Problems, field string, d Date) {
	t, err := time.Parse(time.DateOnly, string(d))
	switch {
	case err != nil:
		p.Add(field, "is geen datum als 2026-01-31")
	case t.Year() < MinYear:
		p.Addf(field, "ligt vóór %d; kijk het jaartal na", MinYear)
	case d > Today():
		p.Add(field, "ligt in de toekomst; vul een datum in van vandaag of eerder")
	}
}

// Today is the current date in the Netherlands.
func Today() Date { return DateOf(time.Now()) }

// DateOf is the Dutch calendar date of t.
func DateOf(t time.Time) Date { return Date(t.In(amsterdam).Format(time.DateOnly)) }

// Time is the start of day d in the Netherlands (the zero time for an
// invalid date).
func (d Date) Time() time.Time {
	t, err := time.ParseInLocation(time.DateOnly, string(d), amsterdam)
	if err != nil {
		return time.Time{}
	}
	return t
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return d
	}
	return Date(t.AddDate(0, 0, n).Format(time.DateOnly))
}

// InNetherlands is t in Dutch time, as the pages show times.
func InNetherlands(t time.Time) time.Time { return t.In(amsterdam) }

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

// Scan lets the store read a date from either engine: PostgreSQL returns a
// time.Time for a date column, SQLite the text itself.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = ""
	case time.Time:
		*d = Date(v.Format(time.DateOnly))
	case string:
		*d = Date(v)
	case []byte:
		*d = Date(v)
	default:
		return fmt.Errorf("plekwijzer: cannot scan %T into Date", src)
	}
	return nil
}

// Value stores a date as its YYYY-MM-DD text, which both engines accept.
func (d Date) Value() (driver.Value, error) {
	if d == "" {
		return nil, nil
	}
	return string(d), nil
}

// checkIDs adds a problem for every id in ids that is not a UUID, and for
// duplicates.
func checkIDs(p *Problems, field string, ids []string) {
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		name := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !validUUID(id):
			p.Add(name, "is geen geldige id")
		case seen[id]:
			p.Add(name, "staat er dubbel in")
		}
		seen[id] = true
	}
}

// checkDayParts adds a problem for every unknown or repeated day-part.
func checkDayParts(p *Problems, field string, parts []DayPart) {
	seen := make(map[DayPart]bool, len(parts))
	for i, d := range parts {
		name := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !d.Valid():
			p.Addf(name, "onbekend dagdeel %q; kies uit %s", d, joinQuoted(DayParts))
		case seen[d]:
			p.Add(name, "staat er dubbel in")
		}
		seen[d] = true
	}
}

// checkText requires a non-empty text of at most max characters.
func checkText(p *Problems, field, s string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(s) == "":
		p.Add(field, "is verplicht")
	case len([]rune(s)) > max:
		p.Addf(field, "is langer dan %d tekens", max)
	}
}

// checkFreeText refuses a free text (optional) that is longer than max
// characters or holds control characters.
func checkFreeText(p *Problems, field, s string, max int) {
	switch {
	case utf8.RuneCountInString(s) > max:
		p.Addf(field, "is langer dan %d tekens", max)
	case strings.ContainsFunc(s, isControl):
		p.Add(field, "bevat tekens die geen tekst zijn")
	}
}

// checkListedIDs adds a problem under field[i].id for every id of a list
// that unknown names (its reason; "" when known) and for repeated ones.
func checkListedIDs(p *Problems, field string, ids []string, unknown func(id string) string) {
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		name := fmt.Sprintf("%s[%d].id", field, i)
		if reason := unknown(id); reason != "" {
			p.Add(name, reason)
		} else if seen[id] {
			p.Add(name, "staat er dubbel in")
		}
		seen[id] = true
	}
}

// checkEnum requires v to be one of allowed.
func checkEnum[T ~string](p *Problems, field string, v T, allowed []T) {
	if v == "" {
		p.Add(field, "is verplicht")
		return
	}
	if !slices.Contains(allowed, v) {
		p.Addf(field, "onbekende waarde %q; kies uit %s", v, joinQuoted(allowed))
	}
}

func joinQuoted[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// SortedDayParts returns parts in calendar order.
func SortedDayParts(parts []DayPart) []DayPart {
	out := slices.Clone(parts)
	slices.SortFunc(out, func(a, b DayPart) int { return a.Index() - b.Index() })
	return out
}
