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

func (a *App) mountPartner(e *echo.Echo) {
	keeping := []plekwijzer.Role{plekwijzer.RolePartner, plekwijzer.RoleAdmin}
	e.GET("/werkplekken", a.handle(a.offers, plekwijzer.RolePartner, plekwijzer.RoleAdmin, plekwijzer.RoleManager))
	e.GET("/werkplekken/nieuw", a.handle(a.newOffer, keeping...))
	e.POST("/werkplekken/nieuw", a.handle(a.createOffer, keeping...))
	e.GET("/werkplekken/capaciteit", a.handle(a.capacityGrid, keeping...))
	e.POST("/werkplekken/capaciteit", a.handle(a.saveCapacity, keeping...))
	e.GET("/werkplekken/:id/bewerken", a.handle(a.editOffer, keeping...))
	e.POST("/werkplekken/:id/bewerken", a.handle(a.updateOffer, keeping...))
	e.POST("/werkplekken/:id/status", a.handle(a.offerStatus, keeping...))
}

// occupancy counts, per offer and day-part, the placements that hold a
// place today (proposed or active). Only partners and beheerders may list
// placements; for others it is empty.
type occupancy map[string]plekwijzer.Capacity

func (p *page) occupancy() (occupancy, error) {
	pls, err := p.holdingPlacements()
	if err != nil {
		return nil, err
	}
	return occupancyOn(pls, plekwijzer.Today()), nil
}

// ownOffers lists the offers the user keeps (a partner: its organisation's;
// a beheerder: all), or reads (a manager: all), by title.
func (p *page) ownOffers(q url.Values) ([]plekwijzer.Offer, error) {
	q = cloneValues(q)
	if p.user.Role == plekwijzer.RolePartner && p.user.OrganisationID != nil {
		q.Set("organisatieId", *p.user.OrganisationID)
	}
	return all[plekwijzer.Offer](p.api, "/werkplekken", q, 0)
}

type offerRow struct {
	plekwijzer.Offer
	WorkType string
	Places   int
	Occupied int
}

type offersData struct {
	Rows      []offerRow
	CanEdit   bool
	ExportURL string
	WorkTypes []option
}

func (a *App) offers(p *page) error {
	in := p.QueryParams()
	q := url.Values{}
	for _, k := range []string{"status", "werksoortId", "q"} {
		if v := strings.TrimSpace(in.Get(k)); v != "" {
			q.Set(k, v)
		}
	}
	var errs formErrors
	list, err := p.ownOffers(q)
	if errs.addAll(err) {
		list = nil
	} else if err != nil {
		return err
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	occ, err := p.occupancy()
	if err != nil {
		return err
	}
	d := offersData{CanEdit: p.user.Role != plekwijzer.RoleManager, ExportURL: "/exporteren/werkplekken.csv"}
	if len(q) > 0 {
		d.ExportURL += "?" + q.Encode()
	}
	for _, w := range cat.WorkTypes {
		d.WorkTypes = append(d.WorkTypes, option{w.ID, w.Name})
	}
	for _, o := range list {
		d.Rows = append(d.Rows, offerRow{Offer: o, WorkType: cat.workTypeName(o.WorkTypeID), Places: o.Capacity.Total(), Occupied: occ[o.ID].Total()})
	}
	return p.showForm(http.StatusOK, "werkplekken", "Werkplekken", "werkplekken", d, in, &errs)
}

// offerValues fills the offer form from an offer.
func offerValues(o *plekwijzer.Offer) url.Values {
	v := url.Values{
		"organisatieId": {o.OrganisationID}, "titel": {o.Title}, "omschrijving": {o.Description}, "werksoortId": {o.WorkTypeID},
		"begeleiding": {strconv.Itoa(o.Supervision)}, "fysiekeBelasting": {string(o.PhysicalLoad)}, "postcode": {o.Postcode},
		"status": {string(o.Status)}, "versie": {strconv.Itoa(o.Version)},
	}
	if o.Access.PublicTransport {
		v.Set("bereikbaarheid.ov", "ja")
	}
	if o.Access.Wheelchair {
		v.Set("bereikbaarheid.rolstoel", "ja")
	}
	if o.DevelopmentPlace {
		v.Set("ontwikkelplek", "ja")
	}
	for _, g := range o.TargetGroups {
		v.Add("doelgroepen", string(g))
	}
	for d, n := range o.Capacity {
		v.Set("capaciteit."+string(d), strconv.Itoa(n))
	}
	v["vereist"] = slices.Clone(o.RequiredSkills)
	v["leerbaar"] = slices.Clone(o.LearnableSkills)
	return v
}

// offerInput reads the offer form into the API's input.
func offerInput(form url.Values) (plekwijzer.OfferUpdate, *parser) {
	ps := &parser{form: form}
	in := plekwijzer.OfferUpdate{
		Title:            ps.str("titel"),
		Description:      ps.str("omschrijving"),
		WorkTypeID:       ps.str("werksoortId"),
		Supervision:      ps.int("begeleiding", true),
		Postcode:         ps.str("postcode"),
		DevelopmentPlace: ps.boolean("ontwikkelplek"),
		RequiredSkills:   ps.list("vereist"),
		LearnableSkills:  ps.list("leerbaar"),
	}
	if org := strings.TrimSpace(form.Get("organisatieId")); org != "" {
		in.OrganisationID = &org
	}
	load, st := plekwijzer.Load(form.Get("fysiekeBelasting")), plekwijzer.OfferStatus(form.Get("status"))
	in.PhysicalLoad, in.Status = &load, &st
	in.Access = &plekwijzer.Accessibility{PublicTransport: *ps.boolean("bereikbaarheid.ov"), Wheelchair: *ps.boolean("bereikbaarheid.rolstoel")}
	groups := []plekwijzer.TargetGroup{}
	for _, g := range *ps.list("doelgroepen") {
		groups = append(groups, plekwijzer.TargetGroup(g))
	}
	in.TargetGroups = &groups
	c := plekwijzer.Capacity{}
	for _, d := range plekwijzer.DayParts {
		if n := ps.int("capaciteit."+string(d), false); n != nil {
			c[d] = *n
		}
	}
	in.Capacity = &c
	return in, ps
}

type offerFormData struct {
	ID            string
	New           bool
	WorkTypes     []option
	Organisations []option // for a beheerder
	Required      *skillPicker
	Learnable     *skillPicker
}

func (a *App) newOffer(p *page) error {
	form := url.Values{"begeleiding": {"2"}, "fysiekeBelasting": {"midden"}, "status": {"open"}, "bereikbaarheid.ov": {"ja"}}
	if p.user.OrganisationID != nil {
		form.Set("organisatieId", *p.user.OrganisationID)
		var o plekwijzer.Organisation
		if err := p.api.get("/organisaties/"+*p.user.OrganisationID, nil, &o); err == nil {
			form.Set("postcode", o.Postcode)
		}
	}
	return a.showOfferForm(p, http.StatusOK, "", form, nil)
}

func (a *App) editOffer(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	var o plekwijzer.Offer
	if _, err := p.api.getVersion("/werkplekken/"+id, &o); err != nil {
		return err
	}
	if p.user.Role == plekwijzer.RolePartner && (p.user.OrganisationID == nil || *p.user.OrganisationID != o.OrganisationID) {
		// The API already answers 404 for another organisation's offer.
		return &apiError{Status: http.StatusNotFound, Detail: "Niet gevonden."}
	}
	return a.showOfferForm(p, http.StatusOK, id, offerValues(&o), nil)
}

func (a *App) showOfferForm(p *page, code int, id string, form url.Values, errs *formErrors) error {
	if errs == nil {
		errs = &formErrors{}
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	d := offerFormData{ID: id, New: id == ""}
	for _, w := range cat.WorkTypes {
		d.WorkTypes = append(d.WorkTypes, option{w.ID, w.Name})
	}
	if p.user.Role == plekwijzer.RoleAdmin {
		orgs, err := p.organisations()
		if err != nil {
			return err
		}
		for _, o := range orgs {
			d.Organisations = append(d.Organisations, option{o.ID, o.Name})
		}
	}
	if d.Required, err = p.picker(form, errs, "vereist", "Wat iemand al moet kunnen", "Laat leeg als iedereen kan beginnen.", false); err != nil {
		return err
	}
	if d.Learnable, err = p.picker(form, errs, "leerbaar", "Wat je er leert", "Vaardigheden die een deelnemer hier kan leren.", false); err != nil {
		return err
	}
	title := "Nieuwe werkplek"
	if id != "" {
		title = "Werkplek " + form.Get("titel") + " bewerken"
	}
	return p.showForm(code, "werkplek-form", title, "werkplekken", d, form, errs)
}

func (a *App) createOffer(p *page) error { return a.saveOffer(p, "") }

func (a *App) updateOffer(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	return a.saveOffer(p, id)
}

func (a *App) saveOffer(p *page, id string) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	if strings.HasPrefix(form.Get("actie"), "zoek-") {
		return a.showOfferForm(p, http.StatusOK, id, form, nil)
	}
	if p.user.Role == plekwijzer.RolePartner && p.user.OrganisationID != nil {
		form.Set("organisatieId", *p.user.OrganisationID)
	}
	in, ps := offerInput(form)
	if !ps.errs.Empty() {
		var o plekwijzer.Offer
		o.Apply(in)
		return a.showOfferForm(p, http.StatusUnprocessableEntity, id, form, ps.invalidInput(o.Validate()))
	}
	err = p.save("/werkplekken", id, form, in, nil)
	var errs formErrors
	if errs.addAll(err) {
		for _, d := range fullDayParts(err) {
			errs.add("capaciteit."+strings.ReplaceAll(d, " ", "-"), "er zijn nu meer plaatsingen op dit dagdeel")
		}
		return a.showOfferForm(p, http.StatusUnprocessableEntity, id, form, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect("/werkplekken", savedNotice(id))
}

// offerStatus pauses, reopens or closes an offer.
func (a *App) offerStatus(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	st := plekwijzer.OfferStatus(p.FormValue("status"))
	if !slices.Contains(plekwijzer.OfferStatuses, st) {
		return &apiError{Status: http.StatusBadRequest, Detail: "Onbekende status."}
	}
	version, _ := strconv.Atoi(p.FormValue("versie"))
	if err := p.api.patch("/werkplekken/"+id, version, plekwijzer.OfferUpdate{Status: &st}, nil); err != nil {
		return err
	}
	return p.redirect("/werkplekken", "opgeslagen")
}

// capacityRow is one offer in the capacity grid.
type capacityRow struct {
	ID, Title, Version string
	Cells              []capacityCell
	Problem            string
	Weeks              []capacityWeek // the coming weeks (capacityweeks.go)
}

type capacityCell struct {
	Name, Value string
	DayPart     plekwijzer.DayPart
	Occupied    int
	Errors      []string
}

type capacityData struct {
	Rows  []capacityRow
	Saved []string
}

func (a *App) capacityGrid(p *page) error {
	return a.showCapacity(p, http.StatusOK, nil, nil, nil)
}

// showCapacity renders the grid of offers × day-parts: the submitted values
// (form) where given, else the offers' own.
func (a *App) showCapacity(p *page, code int, form url.Values, errs *formErrors, problems map[string]string) error {
	list, err := p.ownOffers(nil)
	if err != nil {
		return err
	}
	pls, err := p.holdingPlacements()
	if err != nil {
		return err
	}
	occ := occupancyOn(pls, plekwijzer.Today())
	weeks := lookAhead(pls, list, plekwijzer.Today())
	d := capacityData{}
	for _, o := range list {
		if o.Status == plekwijzer.OfferClosed {
			continue
		}
		r := capacityRow{ID: o.ID, Title: o.Title, Version: strconv.Itoa(o.Version), Problem: problems[o.ID], Weeks: weeks[o.ID]}
		for _, dp := range plekwijzer.DayParts {
			name := "cap-" + o.ID + "-" + string(dp)
			v := strconv.Itoa(o.Capacity[dp])
			if form != nil {
				v = form.Get(name)
			}
			r.Cells = append(r.Cells, capacityCell{Name: name, Value: v, DayPart: dp, Occupied: occ[o.ID][dp], Errors: errs.For(name)})
		}
		d.Rows = append(d.Rows, r)
	}
	return p.showForm(code, "capaciteit", "Capaciteit per dagdeel", "capaciteit", d, form, errs)
}

// saveCapacity saves the changed rows of the grid. Every cell is checked
// first; if one is wrong, nothing is saved. Then each changed offer is
// saved on its own (with its version): one that the API refuses (fewer
// places than it has placements, or changed in between) is named, the
// others are saved.
func (a *App) saveCapacity(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	list, err := p.ownOffers(nil)
	if err != nil {
		return err
	}
	var errs formErrors
	changed := map[string]plekwijzer.Capacity{}
	for _, o := range list {
		if _, shown := form["versie-"+o.ID]; !shown {
			continue
		}
		c := plekwijzer.Capacity{}
		for _, dp := range plekwijzer.DayParts {
			name := "cap-" + o.ID + "-" + string(dp)
			v := strings.TrimSpace(form.Get(name))
			if v == "" {
				v = "0"
			}
			n, err := strconv.Atoi(v)
			switch {
			case err != nil:
				errs.add(name, "moet een heel getal zijn")
			case n < 0 || n > plekwijzer.MaxPlacesPerDayPart:
				errs.add(name, "moet 0 tot en met "+strconv.Itoa(plekwijzer.MaxPlacesPerDayPart)+" zijn")
			case n > 0:
				c[dp] = n
			}
		}
		if !sameCapacity(c, o.Capacity) {
			changed[o.ID] = c
		}
	}
	if !errs.Empty() {
		errs.Message = "Niet elk vakje is goed ingevuld. Er is nog niets opgeslagen."
		return a.showCapacity(p, http.StatusUnprocessableEntity, form, &errs, nil)
	}
	problems := map[string]string{}
	for _, o := range list {
		c, ok := changed[o.ID]
		if !ok {
			continue
		}
		version, _ := strconv.Atoi(form.Get("versie-" + o.ID))
		err := p.api.patch("/werkplekken/"+o.ID, version, plekwijzer.OfferUpdate{Capacity: &c}, nil)
		if ae, ok := err.(*apiError); ok && ae.Status < 500 {
			msg := ae.Detail
			if full := fullDayParts(err); len(full) > 0 {
				msg += " Vol op: " + strings.Join(full, ", ") + "."
			}
			problems[o.ID] = msg
			continue
		}
		if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		errs.Message = "Niet alle werkplekken zijn opgeslagen; zie de meldingen in de tabel. De andere wijzigingen zijn opgeslagen."
		return a.showCapacity(p, http.StatusConflict, form, &errs, problems)
	}
	return p.redirect("/werkplekken/capaciteit", "capaciteit")
}

func sameCapacity(a, b plekwijzer.Capacity) bool {
	for _, d := range plekwijzer.DayParts {
		if a[d] != b[d] {
			return false
		}
	}
	return true
}
