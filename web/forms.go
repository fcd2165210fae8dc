package web

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

// formErrors are the problems of a submitted form: a message for the top
// of the form and the reasons per field, shown next to the field. Field
// names are the API's (vaardigheden[2].niveau is shown at vaardigheden).
type formErrors struct {
	Message string
	Fields  map[string][]string
	// order keeps the fields in the order the API named them, for the
	// summary at the top.
	order []string
}

// Empty reports whether there is nothing to show.
func (f *formErrors) Empty() bool { return f == nil || (f.Message == "" && len(f.Fields) == 0) }

// For returns the reasons for one field.
func (f *formErrors) For(name string) []string {
	if f == nil {
		return nil
	}
	return f.Fields[name]
}

// Summary lists every problem as "label: reason", for the box at the top
// of the form that links to each field.
func (f *formErrors) Summary() []fieldProblem {
	if f == nil {
		return nil
	}
	var out []fieldProblem
	for _, name := range f.order {
		for _, r := range f.Fields[name] {
			out = append(out, fieldProblem{Field: name, ID: fieldID(name), Label: fieldLabel(name), Reason: r})
		}
	}
	return out
}

type fieldProblem struct{ Field, ID, Label, Reason string }

// inPageOrder puts the fields in the order their inputs have on the
// rendered page, so that the summary reads as the form does. It reports
// whether the order changed (the page must then be rendered again).
func (f *formErrors) inPageOrder(page []byte) bool {
	if f == nil || len(f.order) < 2 {
		return false
	}
	pos := func(key string) int {
		if i := bytes.Index(page, []byte(`id="`+fieldID(key)+`"`)); i >= 0 {
			return i
		}
		return len(page) // not on the page: last, in the API's order
	}
	sorted := slices.Clone(f.order)
	slices.SortStableFunc(sorted, func(a, b string) int { return cmp.Compare(pos(a), pos(b)) })
	if slices.Equal(sorted, f.order) {
		return false
	}
	f.order = sorted
	return true
}

// add records a problem with a field. Indexed names (vaardigheden[2].id)
// are kept under their list (vaardigheden), with the position in words.
func (f *formErrors) add(name, reason string) {
	if f.Fields == nil {
		f.Fields = map[string][]string{}
	}
	key := name
	if i := strings.IndexByte(name, '['); i > 0 {
		key = name[:i]
		rest := name[i+1:]
		if j := strings.IndexByte(rest, ']'); j >= 0 {
			if n, err := strconv.Atoi(rest[:j]); err == nil {
				reason = fmt.Sprintf("nummer %d%s: %s", n+1, strings.ReplaceAll(rest[j+1:], ".", " "), reason)
			}
		}
	}
	if _, seen := f.Fields[key]; !seen {
		f.order = append(f.order, key)
	}
	f.Fields[key] = append(f.Fields[key], reason)
}

// rename files the problems of the API's field from under the form's
// field to, where a form names a field otherwise.
func (f *formErrors) rename(from, to string) {
	reasons, ok := f.Fields[from]
	if !ok {
		return
	}
	delete(f.Fields, from)
	if _, seen := f.Fields[to]; seen {
		f.order = slices.DeleteFunc(f.order, func(k string) bool { return k == from })
	} else {
		f.order[slices.Index(f.order, from)] = to
	}
	f.Fields[to] = append(f.Fields[to], reasons...)
}

// addAll records every field problem of an error (an API 400 or a domain
// validation error) and its message. It reports whether err was about the
// input at all; other errors are left to the caller.
func (f *formErrors) addAll(err error) bool {
	var ae *apiError
	var de *plekwijzer.Error
	switch {
	case errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusConflict):
		f.Message = ae.Detail
		for _, fe := range ae.Fields {
			f.add(fe.Name, fe.Reason)
		}
	case errors.As(err, &de) && de.Code == plekwijzer.EInvalid:
		f.Message = de.Message
		for _, fe := range de.Fields {
			f.add(fe.Name, fe.Reason)
		}
	default:
		return false
	}
	if len(f.Fields) > 0 {
		f.Message = notSaved
	}
	return true
}

// addMissing adds the field problems of err for fields that have none yet.
func (f *formErrors) addMissing(err error) {
	var more formErrors
	if !more.addAll(err) {
		return
	}
	for _, key := range more.order {
		if _, has := f.Fields[key]; has {
			continue
		}
		for _, r := range more.Fields[key] {
			f.add(key, r)
		}
	}
}

// fieldID is the id of the input of a field, for label and summary links.
func fieldID(name string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "")
	return "veld-" + r.Replace(name)
}

// fieldLabels name the API's fields in plain Dutch, for the summary.
var fieldLabels = map[string]string{
	"registraties": "Aanwezigheid", "gewensteDagdelen": "Dagdelen per week", "participatieladder": "Participatieladder", "faseReden": "Waarom een andere fase", "van": "Vanaf maand", "tot": "Tot en met maand",
	"code": "Code", "doelgroep": "Doelgroep", "fase": "Fase", "beschikbaarheid": "Beschikbaarheid",
	"postcode": "Postcode", "maxReisafstandKm": "Reisafstand", "vaardigheden": "Vaardigheden",
	"interesses": "Interesses", "vermijden": "Liever niet", "begeleidingsbehoefte": "Begeleiding nodig",
	"belastbaarheid": "Belastbaarheid", "rolstoel": "Rolstoel", "taalniveau": "Taalniveau", "leerdoelen": "Leerdoelen",
	"verwijzerId": "Verwijzer", "wachtendSinds": "Wacht sinds", "titel": "Titel", "omschrijving": "Omschrijving",
	"werksoortId": "Werksoort", "begeleiding": "Begeleiding", "fysiekeBelasting": "Fysieke belasting",
	"capaciteit": "Capaciteit", "doelgroepen": "Doelgroepen", "status": "Status", "ontwikkelplek": "Ontwikkelplek",
	"vereisteVaardigheden": "Vereiste vaardigheden", "leerbareVaardigheden": "Wat je er leert",
	"dagdelen": "Dagdelen", "startdatum": "Startdatum", "einddatum": "Einddatum", "deelnemerId": "Deelnemer",
	"werkplekId": "Werkplek", "uitkomst": "Uitkomst", "uitkomst.resultaat": "Resultaat",
	"uitkomst.uitvalreden": "Reden van uitval", "uitkomst.veroorzaaktDoor": "Veroorzaakt door",
	"uitkomst.gemisteUren": "Gemiste uren", "gebruikersnaam": "Gebruikersnaam", "wachtwoord": "Wachtwoord",
	"bestand": "Bestand", "q": "Zoekwoorden", "straalKm": "Straal",
	"deelnemers": "Deelnemers", "eenWerkplek": "Eén werkplek",
	"gedeeldMet": "Delen met", "coachId": "Nieuwe coach", "bevestiging": "Bevestiging",
	"afwijking.reden": "Reden om af te wijken",
	"voordracht":      "Voordracht", "voordracht.delen": "Wat de werkplek mag weten", "voordracht.toelichting": "Toelichting",
	"voordracht.toestemming": "Toestemming", "besluit": "Antwoord", "reden": "Reden", "toelichting": "Bericht",
	"kennismakingOp": "Datum en tijd", "kennismakingPlaats": "Plaats", "kennismakingMet": "Wie er zijn",
	"tekst": "Bericht", "bevestigen": "Bevestigen", "uurDagelijks": "Tijd van het dagelijkse overzicht",
	"nieuwTijdstip": "Ander tijdstip", "aantal": "Aantal", "diversiteit": "Afwisseling in de lijst", "dagdeel": "Beschikbaar op",
}

func fieldLabel(name string) string {
	if l, ok := fieldLabels[name]; ok {
		return l
	}
	if k, ok := strings.CutPrefix(name, "soorten."); ok {
		return "E-mail bij " + plekwijzer.NotificationKind(k).Label()
	}
	if d, ok := strings.CutPrefix(name, "plaatsen."); ok { // a contingent's places
		return "Plaatsen " + dayPartLabel(plekwijzer.DayPart(d))
	}
	if d, ok := strings.CutPrefix(name, "capaciteit."); ok {
		return "Capaciteit " + dayPartLabel(plekwijzer.DayPart(d))
	}
	if strings.HasPrefix(name, "cap-") && len(name) > 10 {
		parts := strings.Split(name, "-")
		return "Capaciteit " + dayPartLabel(plekwijzer.DayPart(strings.Join(parts[len(parts)-2:], "-")))
	}
	return name
}

// parser reads typed values from a form and collects what does not parse,
// under the API's field names.
type parser struct {
	form url.Values
	errs formErrors
}

func (p *parser) str(name string) *string {
	v := strings.TrimSpace(p.form.Get(name))
	return &v
}

// optStr is nil for an empty field.
func (p *parser) optStr(name string) *string {
	v := strings.TrimSpace(p.form.Get(name))
	if v == "" {
		return nil
	}
	return &v
}

func (p *parser) int(name string, required bool) *int {
	v := strings.TrimSpace(p.form.Get(name))
	if v == "" {
		if required {
			p.errs.add(name, "is verplicht")
		}
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.errs.add(name, "moet een heel getal zijn")
		return nil
	}
	return &n
}

func (p *parser) boolean(name string) *bool {
	v := p.form.Get(name)
	b := v == "ja" || v == "on" || v == "true"
	return &b
}

func (p *parser) list(name string) *[]string {
	var out []string
	seen := map[string]bool{}
	for _, v := range p.form[name] {
		if v = strings.TrimSpace(v); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if out == nil {
		out = []string{}
	}
	return &out
}

func (p *parser) dayParts(name string) *[]plekwijzer.DayPart {
	l := p.list(name)
	out := make([]plekwijzer.DayPart, len(*l))
	for i, v := range *l {
		out[i] = plekwijzer.DayPart(v)
	}
	return &out
}

func (p *parser) date(name string) *plekwijzer.Date {
	v := strings.TrimSpace(p.form.Get(name))
	d := plekwijzer.Date(v)
	return &d
}

// notSaved is the message above a form that was not saved.
const notSaved = "Niet alles is goed ingevuld. Verbeter wat hieronder staat; er is nog niets opgeslagen."

// invalidInput finishes the problems of a form whose values did not all
// parse: it adds what validation finds in the fields that did (so every
// problem is named at once) and the message.
func (ps *parser) invalidInput(validation error) *formErrors {
	ps.errs.addMissing(validation)
	ps.errs.Message = notSaved
	return &ps.errs
}

// save creates an entity (POST to the collection) or changes one (PATCH,
// with the version the form was filled from, so that nobody's change is
// overwritten unseen).
func (p *page) save(collection, id string, form url.Values, in, out any) error {
	if id == "" {
		return p.api.post(collection, in, out)
	}
	version, _ := strconv.Atoi(form.Get("versie"))
	return p.api.patch(collection+"/"+id, version, in, out)
}

// changeForm reads what a form that changes one entity sends: the id in
// the path, the form, and the version the form was filled from (for
// If-Match; 0 when missing).
func (p *page) changeForm() (id string, form url.Values, version int, err error) {
	if id, err = p.pathID("id"); err != nil {
		return "", nil, 0, err
	}
	if form, err = p.FormParams(); err != nil {
		return "", nil, 0, err
	}
	version, _ = strconv.Atoi(form.Get("versie"))
	return id, form, version, nil
}

// savedNotice is the notice after saving a new (id "") or existing entity.
func savedNotice(id string) string {
	if id == "" {
		return "aangemaakt"
	}
	return "opgeslagen"
}
