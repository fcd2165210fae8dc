package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iederz/plekwijzer"
)

// labels say the API's enumeration values in plain Dutch (B1).
var labels = map[string]map[string]string{
	"doelgroep": {
		"dagbesteding-wmo": "Dagbesteding (Wmo)", "statushouder": "Statushouder", "beschut-voortraject": "Voortraject beschut werk",
		"banenafspraak": "Banenafspraak", "re-socialisatie": "Re-socialisatie", "detachering": "Gedetacheerd",
		"jongere-zonder-diploma": "Jongere zonder diploma", "pro-vso-entree": "Leerling PrO, VSO of Entree",
		"verslavingszorg": "Verslavingszorg", "ggz-beschermd-wonen": "GGZ of beschermd wonen",
		"langdurig-bijstand": "Lang in de bijstand", "overig": "Overig",
	},
	"fase": {
		"intake": "Intake", "voortraject": "Voortraject", "ontwikkelplek": "Ontwikkelplek", "beschut": "Beschut werk",
		"banenafspraak": "Banenafspraak", "uitgestroomd": "Uitgestroomd",
	},
	"belasting": {"laag": "Licht", "midden": "Gemiddeld", "hoog": "Zwaar"},
	"omgeving":  {"binnen": "Binnen", "buiten": "Buiten", "beide": "Binnen en buiten"},
	"begeleiding": {
		"1": "1 – licht", "2": "2 – gemiddeld", "3": "3 – veel", "4": "4 – intensief",
	},
	"werkplekstatus": {"open": "Open", "gepauzeerd": "Gepauzeerd", "gesloten": "Gesloten"},
	"plaatsingstatus": {
		"voorgesteld": "Voorgesteld", "geaccepteerd": "Geaccepteerd, nog niet begonnen", "actief": "Actief", "afgerond": "Afgerond", "uitgevallen": "Uitgevallen", "geannuleerd": "Geannuleerd",
	},
	"resultaat": {
		"betaald-werk": "Betaald werk", "opleiding": "Opleiding", "vervolgplek": "Volgende werkplek", "beschut-werk": "Beschut werk",
		"dagbesteding": "Dagbesteding", "geen": "Geen", "overig": "Overig",
	},
	"uitvalreden": {
		"te-weinig-variatie": "Te weinig afwisseling", "werk-past-niet": "Werk past niet", "te-zwaar": "Te zwaar",
		"begeleiding-past-niet": "Begeleiding past niet", "gezondheid": "Gezondheid", "motivatie": "Motivatie",
		"persoonlijke-omstandigheden": "Persoonlijke omstandigheden", "verhuizing": "Verhuizing", "justitie": "Justitie",
		"reisafstand": "Reisafstand", "overig": "Overig",
	},
	"aanwezigheid":    {"aanwezig": "Aanwezig", "afwezig-met-bericht": "Afwezig met bericht", "afwezig-zonder-bericht": "Afwezig zonder bericht"},
	"veroorzaaktDoor": {"deelnemer": "De deelnemer", "werkplek": "De werkplek", "beide": "Allebei", "extern": "Iets van buiten"},
	"organisatieSoort": {
		"afdeling": "Afdeling van iederz", "sociale-onderneming": "Sociale onderneming", "zorgaanbieder": "Zorgaanbieder",
		"onderwijs": "Onderwijs", "overig": "Overig",
	},
	"rol": {"beheerder": "Beheerder", "coach": "Coach", "partner": "Partner", "manager": "Manager", "systeem": "Plekwijzer zelf"},
	"auditactie": {
		"lezen": "Bekeken", "aanmaken": "Aangemaakt", "wijzigen": "Gewijzigd", "verwijderen": "Verwijderd",
		"matchen": "Werk bij gezocht", "exporteren": "Alles gedownload", "anonimiseren": "Geanonimiseerd",
	},
	"soort": {"werkplek": "Werkplek", "werksoort": "Werksoort"},
	"onderdeel": {
		"vaardigheden": "Vaardigheden", "leerwaarde": "Leerwaarde", "interesse": "Interesse", "variatie": "Nieuw werk",
		"behoud": "Kans om vol te houden", "afstand": "Afstand", "dagdelen": "Dagdelen", "spreiding": "Spreiding over partners",
		"volgendeStap": "Volgende stap",
	},
	"uitgesloten": {},
	// The voordracht (voordrachten.go).
	"delen": {
		"begeleidingsbehoefte": "Hoeveel begeleiding nodig is", "belastbaarheid": "Belastbaarheid (alleen het niveau)",
		"rolstoel": "Of een rolstoel nodig is", "taalniveau": "Taalniveau Nederlands", "vaardigheden": "Vaardigheden, met niveau",
		"leerdoelen": "Leerdoelen", "interesses": "Interesses (werksoorten)",
	},
	"afwijsreden": {
		"geen-plek": "Geen plek", "past-niet-bij-het-werk": "Past niet bij het werk", "begeleiding-niet-haalbaar": "Begeleiding niet haalbaar",
		"reisafstand": "Reisafstand te groot", "te-weinig-informatie": "Te weinig informatie", "niet-verschenen": "Niet verschenen", "overig": "Iets anders",
	},
	"annuleringsreden": {
		"verlopen": "Verlopen: geen antwoord op tijd", "deelnemer-ziet-af": "De deelnemer ziet ervan af",
		"werkplek-ziet-af": "De werkplek ziet ervan af", "andere-plaatsing": "Andere plaatsing gevonden", "overig": "Iets anders",
	},
	// How a kind of notification is mailed (notifications.go).
	"bezorging": {"direct": "Meteen een e-mail", "dagelijks": "In het dagelijkse overzicht", "uit": "Geen e-mail, alleen in Plekwijzer"},
	// The hard rules a booking may deviate from (deviations.go).
	"regel": {
		"beschikbaarheid": "Beschikbaarheid", "begeleiding": "Begeleiding", "fysieke-belasting": "Fysieke belasting",
		"rolstoel": "Rolstoeltoegankelijk",
	},
	"besluit": {
		"kennismaken": "Kennismaking voorgesteld", "accepteren": "Geaccepteerd", "afwijzen": "Afgewezen",
		"akkoord": "Akkoord met de kennismaking", "ander-tijdstip": "Ander tijdstip voorgesteld",
	},
}

// label says value of kind in Dutch, or the value itself. A pointer is
// followed (nil says nothing), so a template never prints an address.
func label(kind string, value any) string {
	s := plain(value)
	if l, ok := labels[kind][s]; ok {
		return l
	}
	return s
}

// plain is v as text, following pointers: "" for nil, never an address.
func plain(v any) string {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return ""
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return ""
	}
	return fmt.Sprint(rv.Interface())
}

// choices are the values of each enumeration a form offers, in order.
var choices = map[string][]string{
	"doelgroep":        strs(plekwijzer.TargetGroups),
	"fase":             strs(plekwijzer.Phases),
	"belasting":        strs(plekwijzer.Loads),
	"omgeving":         strs(plekwijzer.Environments),
	"werkplekstatus":   strs(plekwijzer.OfferStatuses),
	"resultaat":        plekwijzer.Results,
	"uitvalreden":      plekwijzer.DropoutReasons,
	"veroorzaaktDoor":  plekwijzer.Causes,
	"organisatieSoort": strs(plekwijzer.OrganisationKinds),
	"taalniveau":       plekwijzer.LanguageLevels,
	"begeleiding":      {"1", "2", "3", "4"},
	"plaatsingstatus":  strs(plekwijzer.PlacementStatuses),
	"delen":            strs(plekwijzer.ShareItems),
	"afwijsreden":      plekwijzer.DeclineReasons,
	"rol":              strs(plekwijzer.Roles),
	"auditactie":       strs(plekwijzer.AuditActions),
	"annuleringsreden": slices.DeleteFunc(slices.Clone(plekwijzer.CancelReasons), func(r string) bool { return r == plekwijzer.CancelExpired }),
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}

// choicesOf lists the choices of kind with their Dutch labels; "dagdeel"
// gives the day-parts of the week.
func choicesOf(kind string) []option {
	if kind == "dagdeel" {
		out := make([]option, len(plekwijzer.DayParts))
		for i, d := range plekwijzer.DayParts {
			out[i] = option{string(d), dayPartLabel(d)}
		}
		return out
	}
	values, ok := choices[kind]
	if !ok {
		panic("web: no choices for " + kind) // a template names a list that does not exist: caught by the template tests
	}
	return options(kind, values)
}

// option is one choice of a select, radio group or checkbox group.
type option struct{ Value, Label string }

// options lists the values of kind with their labels, in the given order.
func options[T ~string](kind string, values []T) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{string(v), label(kind, v)}
	}
	return out
}

var dayNamesShort = map[string]string{"ma": "ma", "di": "di", "wo": "wo", "do": "do", "vr": "vr"}

// dayPartShort is "ma ochtend".
func dayPartShort(d plekwijzer.DayPart) string {
	day, part, _ := strings.Cut(string(d), "-")
	return dayNamesShort[day] + " " + part
}

// week is the day-parts by day, Monday first, morning before afternoon.
func week() [][]plekwijzer.DayPart {
	var out [][]plekwijzer.DayPart
	for i, d := range plekwijzer.DayParts {
		day, _, _ := strings.Cut(string(d), "-")
		if i == 0 || !strings.HasPrefix(string(plekwijzer.DayParts[i-1]), day+"-") {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], d)
	}
	return out
}

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// dutchDate is "3 maart 2025"; anything that is not a date stays as is.
func dutchDate(v any) string {
	var s string
	switch d := v.(type) {
	case plekwijzer.Date:
		s = string(d)
	case *plekwijzer.Date:
		if d == nil {
			return ""
		}
		s = string(*d)
	case string:
		s = d
	case time.Time:
		s = d.Format(time.DateOnly)
	case *time.Time:
		if d == nil {
			return ""
		}
		s = d.Format(time.DateOnly)
	default:
		return fmt.Sprint(v)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// percent is 0.723 as "72%".
func percent(f float64) string { return strconv.Itoa(int(math.Round(f*100))) + "%" }

// decimal writes f with n decimals and a decimal comma.
func decimal(f float64, n int) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', n, 64), ".", ",", 1)
}

// scoreBar draws a score in [0,1] as a small SVG bar; the number is in
// the text beside it, so the picture is decoration for screen readers.
func scoreBar(f float64) template.HTML {
	w := math.Max(0, math.Min(1, f)) * 100
	return template.HTML(fmt.Sprintf(`<svg class="pw-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">`+
		`<rect class="pw-bar__track" width="100" height="8"/><rect class="pw-bar__value" width="%.1f" height="8"/></svg>`, w))
}

// highlight makes a search fragment safe whatever the index returns: the
// text is unescaped and escaped again, and only balanced <mark> tags
// survive.
func highlight(s string) template.HTML {
	s = strings.NewReplacer("\ue000", "", "\ue001", "").Replace(s)
	s = strings.NewReplacer("<mark>", "\ue000", "</mark>", "\ue001").Replace(s)
	s = template.HTMLEscapeString(html.UnescapeString(s))
	var b strings.Builder
	open := false
	for _, r := range s {
		switch {
		case r == '\ue000' && !open:
			b.WriteString("<mark>")
			open = true
		case r == '\ue001' && open:
			b.WriteString("</mark>")
			open = false
		case r != '\ue000' && r != '\ue001':
			b.WriteRune(r)
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// fieldView is what the field templates need of one form field.
type fieldView struct {
	Name, ID, Label, Hint, Value, Type, Autocomplete string
	Size, Blank                                      string
	Required                                         bool
	Errors                                           []string
	Options                                          []option
	Values                                           []string // chosen values of a multiple choice
}

func (f fieldView) Invalid() bool { return len(f.Errors) > 0 }

// Chosen reports whether value is among the field's chosen values.
func (f fieldView) Chosen(value string) bool {
	for _, v := range f.Values {
		if v == value {
			return true
		}
	}
	return false
}

// DescribedBy lists the ids of the hint and error texts of the field.
func (f fieldView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-uitleg")
	}
	if f.Invalid() {
		ids = append(ids, f.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

// field describes one form field of a view: its value as submitted (or
// loaded) and its errors. opts are key=value pairs (hint, type,
// autocomplete, size, blank, required) or the options of a choice.
func field(v *view, name, lbl string, opts ...any) fieldView {
	f := fieldView{Name: name, ID: fieldID(name), Label: lbl, Type: "text"}
	if v != nil {
		f.Value = v.Form.Get(name)
		f.Values = v.Form[name]
		f.Errors = v.Errors.For(name)
	}
	for _, o := range opts {
		switch o := o.(type) {
		case []option:
			f.Options = o
		case string:
			k, val, _ := strings.Cut(o, "=")
			switch k {
			case "hint":
				f.Hint = val
			case "type":
				f.Type = val
			case "autocomplete":
				f.Autocomplete = val
			case "size":
				f.Size = val
			case "blank":
				f.Blank = val
			case "required":
				f.Required = true
			}
		}
	}
	return f
}

func (a *App) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":       a.assetURL,
		"label":       label,
		"dayPart":     dayPartShort,
		"dayPartLong": func(d any) string { return dayPartLabel(plekwijzer.DayPart(plain(d))) },
		"dayParts":    func() []plekwijzer.DayPart { return plekwijzer.DayParts },
		"week":        week,
		"date":        dutchDate,
		"percent":     percent,
		"decimal":     decimal,
		"bar":         scoreBar,
		"highlight":   highlight,
		"field":       field,
		"supervision": supervisionText,
		"opts":        choicesOf,
		"has": func(form url.Values, name, value string) bool {
			for _, v := range form[name] {
				if v == value {
					return true
				}
			}
			return false
		},
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"add":          func(a, b int) int { return a + b },
		"string":       plain,
		"join":         strings.Join,
		"list123":      func() []int { return []int{1, 2, 3} },
		"km":           kilometres,
		"free":         freeDayParts,
		"points":       points,
		"signedInt":    signedInt,
		"signedPoints": signedPoints,
		"opt":          func(v, l string) option { return option{v, l} },
		"ladder":       func(n *int) string { return plekwijzer.LadderLabels[*n] },
		"list":         func(o ...option) []option { return o },
		"dateTime":     dutchDateTime,
		"hours":        answerTime,
		"share":        func(f *float64) string { return percent(*f) },
		"moment":       moment,
		"filterValue":  filterValue,
	}
}
