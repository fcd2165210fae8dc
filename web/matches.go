package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

// matchItem is one ranked offer of GET /deelnemers/{id}/matches.
type matchItem struct {
	Offer        plekwijzer.Offer      `json:"werkplek"`
	Organisation struct{ Naam string } `json:"organisatie"`
	WorkType     struct{ Naam string } `json:"werksoort"`
	Free         plekwijzer.Capacity   `json:"vrij"`
	Score        float64               `json:"score"`
	Components   map[string]float64    `json:"onderdelen"`
	Reasons      []string              `json:"redenen"`
	DayParts     []plekwijzer.DayPart  `json:"dagdelen"`
	DistanceKm   *float64              `json:"afstandKm"`
}

type matchAnswer struct {
	Items      []matchItem    `json:"items"`
	Excluded   map[string]int `json:"uitgesloten"`
	Considered int            `json:"beschouwd"`
	Diversity  struct {
		WorkTypes     int     `json:"werksoorten"`
		Organisations int     `json:"organisaties"`
		IntraList     float64 `json:"intraLijst"`
	} `json:"diversiteit"`
	NearMisses  []nearMiss   `json:"bijnaPassend"`
	Relaxations []relaxation `json:"versoepelingen"`
}

// nearMiss is an offer that breaks one or two hard rules.
type nearMiss struct {
	Offer        plekwijzer.Offer      `json:"werkplek"`
	Organisation struct{ Naam string } `json:"organisatie"`
	WorkType     struct{ Naam string } `json:"werksoort"`
	Score        float64               `json:"score"`
	DistanceKm   *float64              `json:"afstandKm"`
	DayParts     []plekwijzer.DayPart  `json:"dagdelen"`
	Misses       []struct {
		Rule   string `json:"regel"`
		Text   string `json:"tekst"`
		Action string `json:"actie"`
		Advice string `json:"advies"`
	} `json:"redenen"`
	// FreeFrom is, for an offer that is only full, the first day a place
	// comes free on one of the participant's day-parts (nil: unknown or it
	// stays full).
	FreeFrom *plekwijzer.Date `json:"-"`
}

// onlyFull reports whether the one thing wrong is a full day-part.
func (n nearMiss) onlyFull() bool {
	return len(n.Misses) == 1 && n.Misses[0].Rule == "geen-vrij-dagdeel" && n.Misses[0].Action == "wachten"
}

// expectedWait fills in when the full near misses come free, from their
// free places per day-part (the end dates of what runs there and the
// expiry of proposals), and returns the first such day.
func (p *page) expectedWait(near []nearMiss) (*plekwijzer.Date, error) {
	var first *plekwijzer.Date
	for i := range near {
		n := &near[i]
		if !n.onlyFull() {
			continue
		}
		v, err := p.freePlaces(n.Offer.ID, plekwijzer.Today(), 0)
		if err != nil {
			return nil, err
		}
		for _, d := range v.DayParts {
			if d.FreeFrom != nil && slices.Contains(n.DayParts, d.DayPart) && (n.FreeFrom == nil || *d.FreeFrom < *n.FreeFrom) {
				day := *d.FreeFrom
				n.FreeFrom = &day
			}
		}
		if n.FreeFrom != nil && (first == nil || *n.FreeFrom < *first) {
			first = n.FreeFrom
		}
	}
	return first, nil
}

// relaxation is what one step of a rule would open.
type relaxation struct {
	Rule   string `json:"regel"`
	Step   string `json:"stap"`
	Offers int    `json:"extraWerkplekken"`
	Places int    `json:"extraPlekken"`
}

// RuleLabel words a broken rule: "Te weinig begeleiding".
func (nearMiss) RuleLabel(rule string) string {
	l, ok := exclusionLabels[rule]
	if !ok || l == "" {
		return rule
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// ActionLabel words what a coach can do about a miss.
func (nearMiss) ActionLabel(action string) string {
	switch action {
	case "profiel":
		return "Bespreek met de deelnemer"
	case "vraag-werkplek":
		return "Vraag de werkplek"
	case "wachten":
		return "Wachten"
	}
	return action
}

type workTypeMatch struct {
	WorkType plekwijzer.WorkType  `json:"werksoort"`
	Score    float64              `json:"score"`
	Reasons  []string             `json:"redenen"`
	Offers   int                  `json:"passendeWerkplekken"`
	DayParts []plekwijzer.DayPart `json:"vrijeDagdelen"`
}

// component is one part of a score, for the bars.
type component struct {
	Name, Label string
	Value       float64
}

// componentOrder is the order of the score bars: the heaviest weights first.
var componentOrder = []string{"vaardigheden", "variatie", "leerwaarde", "interesse", "behoud", "afstand", "dagdelen", "volgendeStap", "spreiding"}

func (m matchItem) Parts() []component {
	out := make([]component, 0, len(m.Components))
	for _, name := range componentOrder {
		if v, ok := m.Components[name]; ok {
			out = append(out, component{name, label("onderdeel", name), v})
		}
	}
	return out
}

// BookURL is the address of the form that proposes this offer, with the
// day-parts matching found.
func (m matchItem) BookURL(participantID string) string {
	q := url.Values{"deelnemer": {participantID}, "werkplek": {m.Offer.ID}}
	for _, d := range m.DayParts {
		q.Add("dagdeel", string(d))
	}
	return "/plaatsingen/nieuw?" + q.Encode()
}

type excludedCount struct {
	Label string
	Count int
}

type matchesData struct {
	P         plekwijzer.Participant
	Answer    matchAnswer
	Excluded  []excludedCount
	WorkTypes []workTypeMatch
	// FirstFree is the first day a place that fits (but for being full)
	// comes free, as far as the running placements and proposals say.
	FirstFree *plekwijzer.Date
}

var exclusionLabels = map[string]string{
	"niet-open": "werkplek is niet open", "al-geplaatst": "deelnemer staat er al", "vermeden-werksoort": "werksoort die de deelnemer liever niet doet",
	"doelgroep": "doelgroep niet toegelaten", "begeleiding": "te weinig begeleiding", "fysieke-belasting": "te zwaar werk",
	"rolstoel": "niet toegankelijk met een rolstoel", "reisafstand": "te ver weg", "geen-vrij-dagdeel": "geen vrije plaats op de dagdelen van de deelnemer",
}

// excludedCounts lists the reasons offers were ruled out, in words, most
// first.
func excludedCounts(excluded map[string]int) []excludedCount {
	var out []excludedCount
	for name, n := range excluded {
		if n > 0 {
			l := exclusionLabels[name]
			if l == "" {
				l = name
			}
			out = append(out, excludedCount{l, n})
		}
	}
	slices.SortStableFunc(out, func(a, b excludedCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Label, b.Label)
	})
	return out
}

func (a *App) matches(p *page) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	id := pt.ID
	form := url.Values{"aantal": {"10"}, "diversiteit": {"0.3"}}
	for _, k := range []string{"aantal", "diversiteit"} {
		if v := p.QueryParam(k); v != "" {
			form.Set(k, v)
		}
	}
	d := matchesData{P: pt}
	var errs formErrors
	err = p.api.get("/deelnemers/"+id+"/matches", form, &d.Answer)
	if errs.addAll(err) {
		return p.showForm(422, "matches", "Passend werk voor "+pt.Code, "deelnemers", d, form, &errs)
	}
	if err != nil {
		return err
	}
	d.Excluded = excludedCounts(d.Answer.Excluded)
	if d.FirstFree, err = p.expectedWait(d.Answer.NearMisses); err != nil {
		return err
	}
	var wt struct {
		Items []workTypeMatch `json:"items"`
	}
	if err := p.api.get("/deelnemers/"+id+"/werksoorten", url.Values{"aantal": {"6"}}, &wt); err != nil {
		return err
	}
	d.WorkTypes = wt.Items
	return p.showForm(200, "matches", "Passend werk voor "+pt.Code, "deelnemers", d, form, &errs)
}

// kilometres writes a distance in whole km (one decimal under 10 km).
func kilometres(f *float64) string {
	if f == nil {
		return ""
	}
	if *f < 10 {
		return decimal(*f, 1) + " km"
	}
	return strconv.Itoa(int(*f+0.5)) + " km"
}

// freeText lists the free places of an offer per day-part.
func freeDayParts(c plekwijzer.Capacity) string {
	var parts []string
	for _, d := range plekwijzer.DayParts {
		if c[d] > 0 {
			parts = append(parts, dayPartShort(d)+" ("+strconv.Itoa(c[d])+")")
		}
	}
	if parts == nil {
		return "geen"
	}
	return strings.Join(parts, ", ")
}
