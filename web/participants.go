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

func (a *App) mountCoach(e *echo.Echo) {
	coaching := []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin}
	e.GET("/deelnemers", a.handle(a.caseload, coaching...))
	e.GET("/deelnemers/nieuw", a.handle(a.newParticipant, coaching...))
	e.POST("/deelnemers/nieuw", a.handle(a.createParticipant, coaching...))
	e.GET("/deelnemers/:id", a.handle(a.participant, coaching...))
	e.GET("/deelnemers/:id/bewerken", a.handle(a.editParticipant, coaching...))
	e.POST("/deelnemers/:id/bewerken", a.handle(a.updateParticipant, coaching...))
	e.GET("/deelnemers/:id/matches", a.handle(a.matches, coaching...))
	e.GET("/deelnemers/:id/tijdlijn", a.handle(a.timeline, coaching...))
	e.GET("/wachtlijst", a.handle(a.waitingList, coaching...))
	e.GET("/planner", a.handle(a.planner, coaching...))
	e.POST("/planner", a.handle(a.bookPlan, coaching...))
	e.GET("/vaardigheden/kiezen", a.handle(a.skillResults))
	e.GET("/zoeken", a.handle(a.search, plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RoleManager))
	e.GET("/plaatsingen", a.handle(a.placements, plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RolePartner))
	e.GET("/plaatsingen/nieuw", a.handle(a.newPlacement, coaching...))
	e.POST("/plaatsingen/nieuw", a.handle(a.createPlacement, coaching...))
	e.GET("/plaatsingen/nieuw/vrij", a.handle(a.bookingFreePlaces, coaching...))
	e.GET("/plaatsingen/:id", a.handle(a.placement, plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RolePartner))
	e.POST("/plaatsingen/:id", a.handle(a.changePlacement, plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RolePartner))
}

// caseloadFilter is what the caseload list is narrowed by: the API's
// filters, and part of the code (read here: the API finds exact codes).
type caseloadFilter struct {
	Code, TargetGroup, Phase, DayPart string
	Waiting                           bool
}

func readCaseloadFilter(q url.Values) caseloadFilter {
	return caseloadFilter{Code: strings.TrimSpace(q.Get("code")), TargetGroup: q.Get("doelgroep"), Phase: q.Get("fase"),
		DayPart: q.Get("dagdeel"), Waiting: q.Get("wachtend") == "ja"}
}

// findParticipants returns the participants the user may see that match f,
// by code.
func (p *page) findParticipants(f caseloadFilter) ([]plekwijzer.Participant, error) {
	q := url.Values{}
	for k, v := range map[string]string{"doelgroep": f.TargetGroup, "fase": f.Phase, "dagdeel": f.DayPart} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Waiting {
		q.Set("wachtend", "true")
	}
	list, err := all[plekwijzer.Participant](p.api, "/deelnemers", q, 0)
	if err != nil {
		return nil, err
	}
	if f.Code == "" {
		return list, nil
	}
	code := strings.ToLower(f.Code)
	out := list[:0]
	for _, pt := range list {
		if strings.Contains(strings.ToLower(pt.Code), code) {
			out = append(out, pt)
		}
	}
	return out, nil
}

type caseloadRow struct {
	plekwijzer.Participant
	Running int      // proposed or active placements
	Fitting fitCount // fitting offers now (fitting.go)
}

type caseloadData struct {
	Rows        []caseloadRow
	Total       int
	Page, Pages int
	PrevURL     string
	NextURL     string
	ExportURL   string
	Sort        fittingSort
}

const caseloadPageSize = 25

func (a *App) caseload(p *page) error {
	q := p.QueryParams()
	f := readCaseloadFilter(q)
	var errs formErrors
	list, err := p.findParticipants(f)
	if errs.addAll(err) {
		list = nil
	} else if err != nil {
		return err
	}
	running := map[string]int{}
	for _, st := range []string{"voorgesteld", "geaccepteerd", "actief"} {
		pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", url.Values{"status": {st}}, 0)
		if err != nil {
			return err
		}
		for _, pl := range pls {
			if pl.ParticipantID != nil {
				running[*pl.ParticipantID]++
			}
		}
	}
	fit, err := p.fitting()
	if err != nil {
		return err
	}
	order := fittingOrder(q)
	sortByFitting(list, order, fit, func(pt plekwijzer.Participant) string { return pt.ID }, func(pt plekwijzer.Participant) string { return pt.Code })
	d := caseloadData{Total: len(list), Sort: newFittingSort("/deelnemers", q, order)}
	d.Pages = max(1, (len(list)+caseloadPageSize-1)/caseloadPageSize)
	d.Page, _ = strconv.Atoi(q.Get("pagina"))
	d.Page = min(max(d.Page, 1), d.Pages)
	from := (d.Page - 1) * caseloadPageSize
	for _, pt := range list[from:min(from+caseloadPageSize, len(list))] {
		d.Rows = append(d.Rows, caseloadRow{Participant: pt, Running: running[pt.ID], Fitting: fit.of(pt.ID)})
	}
	d.PrevURL, d.NextURL = pageLinks("/deelnemers", q, d.Page, d.Pages)
	qq := cloneValues(q)
	qq.Del("pagina")
	d.ExportURL = "/exporteren/deelnemers.csv"
	if len(qq) > 0 {
		d.ExportURL += "?" + qq.Encode()
	}
	return p.showForm(http.StatusOK, "deelnemers", "Deelnemers", "deelnemers", d, q, &errs)
}

// pageLinks returns the addresses of the previous and next page ("" at
// the ends).
func pageLinks(path string, q url.Values, n, pages int) (prev, next string) {
	link := func(to int) string {
		qq := cloneValues(q)
		qq.Set("pagina", strconv.Itoa(to))
		return path + "?" + qq.Encode()
	}
	if n > 1 {
		prev = link(n - 1)
	}
	if n < pages {
		next = link(n + 1)
	}
	return prev, next
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// participantData is the overview of one participant.
type participantData struct {
	P          plekwijzer.Participant
	Referrer   string
	Skills     []skillChoice
	Goals      []skillChoice
	Interests  []string
	Avoid      []string
	Placements []placementRow
	Access     access
}

// placementRow is a placement with the title of its offer.
type placementRow struct {
	plekwijzer.Placement
	OfferTitle string
}

// participantByPath reads the participant the path names.
func (p *page) participantByPath() (plekwijzer.Participant, error) {
	var pt plekwijzer.Participant
	id, err := p.pathID("id")
	if err != nil {
		return pt, err
	}
	err = p.api.get("/deelnemers/"+id, nil, &pt)
	return pt, err
}

func (a *App) participant(p *page) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	id := pt.ID
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	cs, err := p.colleagues()
	if err != nil {
		return err
	}
	d := participantData{P: pt, Access: p.accessOf(pt, cs)}
	if d.Skills, err = p.skillChoices(skillIDs(pt.Skills), levels(pt.Skills)); err != nil {
		return err
	}
	if d.Goals, err = p.skillChoices(pt.LearningGoals, nil); err != nil {
		return err
	}
	for _, id := range pt.Interests {
		d.Interests = append(d.Interests, cat.workTypeName(id))
	}
	for _, id := range pt.Avoid {
		d.Avoid = append(d.Avoid, cat.workTypeName(id))
	}
	if pt.ReferrerID != nil {
		var o plekwijzer.Organisation
		if err := p.api.get("/organisaties/"+*pt.ReferrerID, nil, &o); err == nil {
			d.Referrer = o.Name
		}
	}
	pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", url.Values{"deelnemerId": {id}}, 0)
	if err != nil {
		return err
	}
	if d.Placements, err = p.withOfferTitles(pls); err != nil {
		return err
	}
	return p.show("deelnemer", "Deelnemer "+pt.Code, "deelnemers", d)
}

// withOfferTitles adds the title of each placement's offer, newest first.
func (p *page) withOfferTitles(pls []plekwijzer.Placement) ([]placementRow, error) {
	titles := map[string]string{}
	out := make([]placementRow, len(pls))
	for i, pl := range pls {
		t, ok := titles[pl.OfferID]
		if !ok {
			var o plekwijzer.Offer
			if err := p.api.get("/werkplekken/"+pl.OfferID, nil, &o); err != nil && status(err) != http.StatusNotFound {
				return nil, err
			}
			t = o.Title
			titles[pl.OfferID] = t
		}
		out[i] = placementRow{Placement: pl, OfferTitle: t}
	}
	slices.SortStableFunc(out, func(a, b placementRow) int { return strings.Compare(string(b.StartDate), string(a.StartDate)) })
	return out, nil
}

func skillIDs(s []plekwijzer.SkillLevel) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.SkillID
	}
	return out
}

func levels(s []plekwijzer.SkillLevel) map[string]int {
	out := make(map[string]int, len(s))
	for _, x := range s {
		out[x.SkillID] = x.Level
	}
	return out
}

type waitingData struct {
	Rows        []waitingRow
	Total       int
	Page, Pages int
	PrevURL     string
	NextURL     string
	Sort        fittingSort
}

type waitingRow struct {
	plekwijzer.WaitingEntry
	Fitting fitCount // fitting offers now (fitting.go)
}

// waitingList shows who waits for a placement, longest first
// (GET /wachtlijst).
func (a *App) waitingList(p *page) error {
	in := p.QueryParams()
	q := url.Values{"paginaGrootte": {strconv.Itoa(caseloadPageSize)}}
	if g := in.Get("doelgroep"); g != "" {
		q.Set("doelgroep", g)
	}
	d := waitingData{}
	d.Page, _ = strconv.Atoi(in.Get("pagina"))
	d.Page = max(d.Page, 1)
	q.Set("pagina", strconv.Itoa(d.Page))
	var l apiList[plekwijzer.WaitingEntry]
	var errs formErrors
	order := fittingOrder(in)
	var err error
	if order == "" {
		err = p.api.get("/wachtlijst", q, &l)
	} else {
		// Sorted by the count: the whole list, paged here.
		q.Del("pagina")
		q.Del("paginaGrootte")
		l.Items, err = all[plekwijzer.WaitingEntry](p.api, "/wachtlijst", q, 0)
		l.Total = len(l.Items)
	}
	if err != nil && !errs.addAll(err) {
		return err
	}
	fit, err := p.fitting()
	if err != nil {
		return err
	}
	if order != "" {
		sortByFitting(l.Items, order, fit, func(w plekwijzer.WaitingEntry) string { return w.ParticipantID }, func(w plekwijzer.WaitingEntry) string { return w.Code })
		from := min((d.Page-1)*caseloadPageSize, len(l.Items))
		l.Items = l.Items[from:min(from+caseloadPageSize, len(l.Items))]
	}
	for _, w := range l.Items {
		d.Rows = append(d.Rows, waitingRow{WaitingEntry: w, Fitting: fit.of(w.ParticipantID)})
	}
	d.Total, d.Sort = l.Total, newFittingSort("/wachtlijst", in, order)
	d.Pages = max(1, (l.Total+caseloadPageSize-1)/caseloadPageSize)
	d.PrevURL, d.NextURL = pageLinks("/wachtlijst", in, d.Page, d.Pages)
	return p.showForm(http.StatusOK, "wachtlijst", "Wachtlijst", "wachtlijst", d, in, &errs)
}
