package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/iederz/plekwijzer"
)

// searchHit is one hit of GET /zoeken.
type searchHit struct {
	Kind       string               `json:"soort"`
	ID         string               `json:"id"`
	Highlights map[string][]string  `json:"markering"`
	DistanceKm *float64             `json:"afstandKm"`
	Offer      *plekwijzer.Offer    `json:"werkplek"`
	Free       plekwijzer.Capacity  `json:"vrij"`
	WorkType   *plekwijzer.WorkType `json:"werksoort"`
}

// Fragments are the highlighted passages of the description.
func (h searchHit) Fragments() []string { return h.Highlights["omschrijving"] }

// Also are the other whole values that matched: organisation, work type,
// the ESCO names of the work.
func (h searchHit) Also() []string {
	var out []string
	for _, f := range []string{"organisatie", "werksoort", "synoniemen"} {
		out = append(out, h.Highlights[f]...)
	}
	return out
}

type searchAnswer struct {
	Items  []searchHit                        `json:"items"`
	Total  int                                `json:"totaal"`
	Facets map[string][]plekwijzer.FacetCount `json:"facetten"`
}

// facet is one filter of the search page with the counts of its values.
type facet struct {
	Name, Label string
	Values      []facetValue
}

type facetValue struct {
	Value, Label, URL string
	Count             int
	Chosen            bool
}

type searchData struct {
	Answer      searchAnswer
	Facets      []facet
	Searched    bool
	Page, Pages int
	PrevURL     string
	NextURL     string
	WorkTypes   []option
	Names       map[string]string // work type names by id
	// Unavailable is the API's reason while search cannot answer (a
	// 503: the index cannot be written, the database is away).
	Unavailable string
}

// searchParams are the query parameters the search page passes on to the
// API, the filters first.
var searchParams = []string{"q", "soort", "werksoort", "dagdeel", "organisatieSoort", "begeleiding", "fysiekeBelasting", "postcode", "straalKm", "pagina"}

var facetLabels = []struct{ name, label, kind string }{
	{"soort", "Soort", "soort"},
	{"werksoort", "Werksoort", ""},
	{"dagdeel", "Vrij op", "dagdeel"},
	{"organisatieSoort", "Organisatie", "organisatieSoort"},
	{"begeleiding", "Begeleiding", "begeleiding"},
	{"fysiekeBelasting", "Fysieke belasting", "belasting"},
}

func (a *App) search(p *page) error {
	in := p.QueryParams()
	q := url.Values{}
	for _, k := range searchParams {
		for _, v := range in[k] {
			if v != "" {
				q.Add(k, v)
			}
		}
	}
	q.Set("paginaGrootte", "10")
	d := searchData{Searched: len(in) > 0}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	d.Names = map[string]string{}
	for _, w := range cat.WorkTypes {
		d.WorkTypes = append(d.WorkTypes, option{w.ID, w.Name})
		d.Names[w.ID] = w.Name
	}
	var errs formErrors
	err = p.api.get("/zoeken", q, &d.Answer)
	if errs.addAll(err) {
		return p.showForm(http.StatusUnprocessableEntity, "zoeken", "Zoeken", "zoeken", d, in, &errs)
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusServiceUnavailable {
		// The page with its form and the reason instead of results,
		// so one can try again from it.
		d.Unavailable = ae.Detail
		return p.showForm(http.StatusServiceUnavailable, "zoeken", "Zoeken", "zoeken", d, in, nil)
	}
	if err != nil {
		return err
	}
	for _, fl := range facetLabels {
		f := facet{Name: fl.name, Label: fl.label}
		for _, fc := range d.Answer.Facets[fl.name] {
			chosen := slices.Contains(in[fl.name], fc.Value)
			l := fc.Value
			switch {
			case fl.name == "werksoort":
				l = cat.workTypeName(fc.Value)
			case fl.kind == "dagdeel":
				l = dayPartLabel(plekwijzer.DayPart(fc.Value))
			case fl.kind != "":
				l = label(fl.kind, fc.Value)
			}
			link := cloneValues(in)
			link.Del("pagina")
			if chosen {
				link[fl.name] = slices.DeleteFunc(slices.Clone(link[fl.name]), func(v string) bool { return v == fc.Value })
			} else if fl.name == "dagdeel" {
				link.Add(fl.name, fc.Value)
			} else {
				link.Set(fl.name, fc.Value)
			}
			f.Values = append(f.Values, facetValue{Value: fc.Value, Label: l, Count: fc.Count, Chosen: chosen, URL: "/zoeken?" + link.Encode()})
		}
		if fl.name == "dagdeel" {
			slices.SortFunc(f.Values, func(a, b facetValue) int {
				return plekwijzer.DayPart(a.Value).Index() - plekwijzer.DayPart(b.Value).Index()
			})
		}
		if len(f.Values) > 0 {
			d.Facets = append(d.Facets, f)
		}
	}
	d.Page, _ = strconv.Atoi(in.Get("pagina"))
	d.Page = max(d.Page, 1)
	d.Pages = max(1, (min(d.Answer.Total, plekwijzer.MaxSearchOffset)+9)/10)
	d.PrevURL, d.NextURL = pageLinks("/zoeken", in, d.Page, d.Pages)
	return p.showForm(http.StatusOK, "zoeken", "Zoeken", "zoeken", d, in, &errs)
}
