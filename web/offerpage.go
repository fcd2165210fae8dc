package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// mountOfferPage adds the page of one offer as coaches (and beheerders and
// managers) read it; partners keep their own edit page.
func (a *App) mountOfferPage(e *echo.Echo) {
	e.GET("/werkplekken/:id", a.handle(a.offerPage, plekwijzer.RoleCoach, plekwijzer.RoleAdmin, plekwijzer.RoleManager, plekwijzer.RolePartner))
}

// candidate is one participant of GET /werkplekken/{id}/kandidaten.
type candidate struct {
	Participant struct {
		ID          string                 `json:"id"`
		Code        string                 `json:"code"`
		TargetGroup plekwijzer.TargetGroup `json:"doelgroep"`
		Phase       plekwijzer.Phase       `json:"fase"`
	} `json:"deelnemer"`
	Score    float64              `json:"score"`
	Reasons  []string             `json:"redenen"`
	DayParts []plekwijzer.DayPart `json:"dagdelen"`
}

// BookURL is the booking form for this candidate at offer, with the
// day-parts matching found.
func (c candidate) BookURL(offer string) string {
	q := url.Values{"deelnemer": {c.Participant.ID}, "werkplek": {offer}}
	for _, d := range c.DayParts {
		q.Add("dagdeel", string(d))
	}
	return "/plaatsingen/nieuw?" + q.Encode()
}

type offerPageData struct {
	Offer      plekwijzer.Offer
	Org        plekwijzer.Organisation
	WorkType   string
	Required   []skillChoice
	Learnable  []skillChoice
	Free       *freeView
	Contacts   []contactPerson
	Propose    bool // the user may propose a participant
	Candidates []candidate
	Excluded   []excludedCount
	Caseload   []plekwijzer.Participant // the coach's own, to pick any of them
}

type contactPerson struct {
	Name  string `json:"naam"`
	Email string `json:"email"`
}

// offerWeeks is how many weeks of free places the offer page shows.
const offerWeeks = 8

func (a *App) offerPage(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	if p.user.Role == plekwijzer.RolePartner {
		return p.Redirect(http.StatusSeeOther, "/werkplekken/"+id+"/bewerken")
	}
	d := offerPageData{Propose: p.user.Role != plekwijzer.RoleManager}
	if err := p.api.get("/werkplekken/"+id, nil, &d.Offer); err != nil {
		return err
	}
	if err := p.api.get("/organisaties/"+d.Offer.OrganisationID, nil, &d.Org); err != nil {
		return err
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	d.WorkType = cat.workTypeName(d.Offer.WorkTypeID)
	if d.Required, err = p.skillChoices(d.Offer.RequiredSkills, nil); err != nil {
		return err
	}
	if d.Learnable, err = p.skillChoices(d.Offer.LearnableSkills, nil); err != nil {
		return err
	}
	if d.Free, err = p.freePlaces(id, plekwijzer.Today(), offerWeeks); err != nil {
		return err
	}
	if d.Propose {
		if err := a.offerProposals(p, &d); err != nil {
			return err
		}
	}
	return p.show("werkplek", d.Offer.Title, "zoeken", d)
}

// offerProposals adds what proposing someone needs: the organisation's
// contacts, the coach's own caseload ranked by fit for the offer, and the
// whole caseload to pick from.
func (a *App) offerProposals(p *page, d *offerPageData) error {
	var contacts apiList[contactPerson]
	if err := p.api.get("/organisaties/"+d.Org.ID+"/contactpersonen", nil, &contacts); err != nil {
		return err
	}
	d.Contacts = contacts.Items
	q := url.Values{"aantal": {"10"}}
	if p.user.Role == plekwijzer.RoleCoach {
		q.Set("eigen", "true")
	}
	var cands struct {
		Items    []candidate    `json:"items"`
		Excluded map[string]int `json:"uitgesloten"`
	}
	if err := p.api.get("/werkplekken/"+d.Offer.ID+"/kandidaten", q, &cands); err != nil {
		return err
	}
	d.Candidates, d.Excluded = cands.Items, excludedCounts(cands.Excluded)
	if p.user.Role != plekwijzer.RoleCoach {
		return nil
	}
	var err error
	d.Caseload, err = all[plekwijzer.Participant](p.api, "/deelnemers", url.Values{"coachId": {p.user.ID}}, 0)
	return err
}
