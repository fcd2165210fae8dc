package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// Organisations, work types and reserved places (contingents) in the
// back-office: each a list with a form to add one, and the same form to
// change one. The use of reserved places per week is the manager's
// occupancy figures (GET /statistieken/bezetting), per contingent.

func (a *App) mountBeheerCatalogue(e *echo.Echo) {
	admin := plekwijzer.RoleAdmin
	for _, r := range []struct {
		path       string
		list, save func(*page) error
	}{
		{"organisaties", a.beheerOrganisations, a.beheerSaveOrganisation},
		{"werksoorten", a.beheerWorkTypes, a.beheerSaveWorkType},
		{"contingenten", a.beheerContingents, a.beheerSaveContingent},
	} {
		e.GET("/beheer/"+r.path, a.handle(r.list, admin))
		e.POST("/beheer/"+r.path, a.handle(r.save, admin))
		e.GET("/beheer/"+r.path+"/:id", a.handle(r.list, admin))
		e.POST("/beheer/"+r.path+"/:id", a.handle(r.save, admin))
	}
	for collection, list := range map[string]string{"/contingenten": "contingenten", "/organisaties": "organisaties", "/werksoorten": "werksoorten"} {
		e.POST("/beheer/"+list+"/:id/verwijderen", a.handle(a.beheerDelete(collection, list), admin))
	}
}

// catalogueData is a list with the form of one new or edited entry.
type catalogueData[T any] struct {
	Items   []T
	Editing string // id of the entry in the form ("" for a new one)
	Version int
	Orgs    orgNames
	Offers  []option
	Use     chart // contingents only: their use per week
}

// editing loads the entry the path names into out, and returns its id and
// version ("" and 0 on the list itself).
func (p *page) editing(collection string, out any) (string, int, error) {
	if p.Param("id") == "" {
		return "", 0, nil
	}
	id, err := p.pathID("id")
	if err != nil {
		return "", 0, err
	}
	v, err := p.api.getVersion(collection+"/"+id, out)
	return id, v, err
}

// saved finishes a form that saves an entry: back to the list, or the
// form again with its problems.
func (p *page) saved(err error, path string, form url.Values, again func(url.Values, *formErrors) error) error {
	if err == nil {
		return p.redirect("/beheer/"+path, savedNotice(p.Param("id")))
	}
	var errs formErrors
	if !errs.addAll(err) {
		return err
	}
	return again(form, &errs)
}

// --- organisations

func (a *App) beheerOrganisations(p *page) error { return a.showOrganisations(p, nil, nil) }

func (a *App) showOrganisations(p *page, form url.Values, errs *formErrors) error {
	var d catalogueData[plekwijzer.Organisation]
	var err error
	if d.Items, err = p.organisations(); err != nil {
		return err
	}
	var o plekwijzer.Organisation
	if d.Editing, d.Version, err = p.editing("/organisaties", &o); err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"naam": {o.Name}, "soort": {string(o.Kind)}, "postcode": {o.Postcode}, "plaats": {o.Place}}
	}
	return p.showForm(http.StatusOK, "beheer-organisaties", "Organisaties", "beheer", d, form, errs)
}

func (a *App) beheerSaveOrganisation(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	ps := parser{form: form}
	kind := plekwijzer.OrganisationKind(form.Get("soort"))
	in := plekwijzer.OrganisationUpdate{Name: ps.str("naam"), Kind: &kind, Postcode: ps.str("postcode"), Place: ps.str("plaats")}
	err = p.save("/organisaties", p.Param("id"), form, in, nil)
	return p.saved(err, "organisaties", form, func(f url.Values, e *formErrors) error { return a.showOrganisations(p, f, e) })
}

// --- work types

func (a *App) beheerWorkTypes(p *page) error { return a.showWorkTypes(p, nil, nil) }

func (a *App) showWorkTypes(p *page, form url.Values, errs *formErrors) error {
	var d catalogueData[plekwijzer.WorkType]
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	d.Items = cat.WorkTypes
	var w plekwijzer.WorkType
	if d.Editing, d.Version, err = p.editing("/werksoorten", &w); err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"code": {w.Code}, "naam": {w.Name}, "omschrijving": {w.Description}, "escoCodes": {strings.Join(w.ESCOCodes, " ")},
			"fysiekeBelasting": {string(w.PhysicalLoad)}, "omgeving": {string(w.Environment)}}
	}
	return p.showForm(http.StatusOK, "beheer-werksoorten", "Werksoorten", "beheer", d, form, errs)
}

func (a *App) beheerSaveWorkType(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	ps := parser{form: form}
	load, env := plekwijzer.Load(form.Get("fysiekeBelasting")), plekwijzer.Environment(form.Get("omgeving"))
	esco := strings.Fields(strings.ReplaceAll(form.Get("escoCodes"), ",", " "))
	if esco == nil {
		esco = []string{}
	}
	in := plekwijzer.WorkTypeUpdate{Code: ps.str("code"), Name: ps.str("naam"), Description: ps.str("omschrijving"),
		ESCOCodes: &esco, PhysicalLoad: &load, Environment: &env}
	err = p.save("/werksoorten", p.Param("id"), form, in, nil)
	return p.saved(err, "werksoorten", form, func(f url.Values, e *formErrors) error { return a.showWorkTypes(p, f, e) })
}

// --- contingents

// contingentRow is a contingent with the names of its offers and
// referring organisations.
type contingentRow struct {
	plekwijzer.Contingent
	OfferTitles []string
	Referrers   []string
}

func (a *App) beheerContingents(p *page) error { return a.showContingents(p, nil, nil) }

func (a *App) showContingents(p *page, form url.Values, errs *formErrors) error {
	var d catalogueData[contingentRow]
	ks, err := all[plekwijzer.Contingent](p.api, "/contingenten", nil, 0)
	if err != nil {
		return err
	}
	if d.Orgs, err = p.orgNames(); err != nil {
		return err
	}
	offers, err := all[plekwijzer.Offer](p.api, "/werkplekken", nil, 0)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, o := range offers {
		titles[o.ID] = o.Title
		d.Offers = append(d.Offers, option{o.ID, o.Title + " (" + d.Orgs.Name(&o.OrganisationID) + ")"})
	}
	slices.SortFunc(d.Offers, func(a, b option) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	for _, k := range ks {
		r := contingentRow{Contingent: k}
		for _, id := range k.OfferIDs {
			r.OfferTitles = append(r.OfferTitles, titles[id])
		}
		for _, id := range k.ReferrerIDs {
			r.Referrers = append(r.Referrers, d.Orgs.Name(&id))
		}
		d.Items = append(d.Items, r)
	}
	var occupancy plekwijzer.Occupancy
	if err := p.api.get("/statistieken/bezetting", nil, &occupancy); err != nil {
		return err
	}
	d.Use = reservedChart(occupancy)
	var k plekwijzer.Contingent
	if d.Editing, d.Version, err = p.editing("/contingenten", &k); err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"naam": {k.Name}, "werkplekIds": k.OfferIDs, "verwijzerIds": k.ReferrerIDs,
			"vrijgaveDagen": {strconv.Itoa(k.ReleaseDays)}, "startdatum": {string(k.StartDate)}}
		if k.EndDate != nil {
			form.Set("einddatum", string(*k.EndDate))
		}
		for d, n := range k.Places {
			form.Set("plaatsen."+string(d), strconv.Itoa(n))
		}
		if d.Editing == "" {
			form.Set("startdatum", string(plekwijzer.Today()))
		}
	}
	return p.showForm(http.StatusOK, "beheer-contingenten", "Gereserveerde plaatsen", "beheer", d, form, errs)
}

func (a *App) beheerSaveContingent(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	ps := parser{form: form}
	in := plekwijzer.ContingentUpdate{Name: ps.str("naam"), OfferIDs: ps.list("werkplekIds"), ReferrerIDs: ps.list("verwijzerIds"),
		ReleaseDays: ps.int("vrijgaveDagen", false), StartDate: ps.date("startdatum")}
	end := ps.date("einddatum")
	in.EndDate = end
	places := plekwijzer.Capacity{}
	for _, d := range plekwijzer.DayParts {
		if n := ps.int("plaatsen."+string(d), false); n != nil && *n != 0 {
			places[d] = *n
		}
	}
	in.Places = &places
	if in.ReleaseDays == nil {
		zero := 0
		in.ReleaseDays = &zero
	}
	if !ps.errs.Empty() {
		var k plekwijzer.Contingent
		k.Apply(in)
		return a.showContingents(p, form, ps.invalidInput(k.Validate()))
	}
	err = p.save("/contingenten", p.Param("id"), form, in, nil)
	return p.saved(err, "contingenten", form, func(f url.Values, e *formErrors) error { return a.showContingents(p, f, e) })
}
