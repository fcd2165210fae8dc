package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// The voordracht in the pages: the coach chooses what to share when
// proposing and sees a preview of what the werkplek will read; the partner
// finds open proposals in the inbox (Voordrachten) and answers on the
// placement's page, where both sides arrange the intake and write to each
// other.

func (a *App) mountProposals(e *echo.Echo) {
	keeping := []plekwijzer.Role{plekwijzer.RolePartner, plekwijzer.RoleAdmin}
	both := []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin}
	e.GET("/voordrachten", a.handle(a.proposalInbox, keeping...))
	e.POST("/plaatsingen/:id/antwoord", a.handle(a.answerProposal, keeping...))
	e.POST("/plaatsingen/:id/kennismaking", a.handle(a.replyIntake, both...))
	e.POST("/plaatsingen/:id/berichten", a.handle(a.sendMessage, both...))
}

// inboxRow is one open proposal in the partner's inbox.
type inboxRow struct {
	placementRow
	AgeDays int
}

// proposalInbox lists the open proposals for the organisation's offers,
// oldest first: who waits longest comes first.
func (a *App) proposalInbox(p *page) error {
	pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", url.Values{"status": {"voorgesteld"}}, 1000)
	if err != nil {
		return err
	}
	slices.SortFunc(pls, func(x, y plekwijzer.Placement) int { return x.CreatedAt.Compare(y.CreatedAt) })
	rows, err := p.withOfferTitles(pls)
	if err != nil {
		return err
	}
	out := make([]inboxRow, len(rows))
	for i, r := range rows {
		out[i] = inboxRow{placementRow: r, AgeDays: int(time.Since(r.CreatedAt).Hours() / 24)}
	}
	return p.show("voordrachten", "Voordrachten", "voordrachten", out)
}

// navCounts are the numbers beside menu entries: a partner's open
// proposals, a coach's or partner's evaluations due today or overdue. A
// failure to count leaves the number out rather than the page.
func (p *page) navCounts() map[string]int {
	if p.user == nil || (p.user.Role != plekwijzer.RolePartner && p.user.Role != plekwijzer.RoleCoach) {
		return nil
	}
	out := map[string]int{}
	if n := p.evaluationsDueNow(); n > 0 {
		out["evaluaties"] = n
	}
	if p.user.Role != plekwijzer.RolePartner {
		return out
	}
	var l apiList[plekwijzer.Placement]
	if err := p.api.get("/plaatsingen", url.Values{"status": {"voorgesteld"}, "paginaGrootte": {"1"}}, &l); err != nil {
		return out
	}
	out["voordrachten"] = l.Total
	return out
}

// placementWithProposal is GET /plaatsingen/{id}: the placement and its
// voordracht.
type placementWithProposal struct {
	plekwijzer.Placement
	Proposal *plekwijzer.Proposal `json:"voordracht"`
}

// loadPlacement reads a placement with its voordracht and thread into d
// and returns its version.
func (p *page) loadPlacement(id string, d *placementData) (int, error) {
	var v placementWithProposal
	version, err := p.api.getVersion("/plaatsingen/"+id, &v)
	if err != nil {
		return 0, err
	}
	d.Pl, d.Proposal = v.Placement, v.Proposal
	var l apiList[plekwijzer.Message]
	if err := p.api.get("/plaatsingen/"+id+"/berichten", url.Values{"paginaGrootte": {"100"}}, &l); err != nil {
		return 0, err
	}
	d.Messages = l.Items
	d.Partner = p.user.Role == plekwijzer.RolePartner
	open := d.Pl.Status == plekwijzer.PlacementProposed
	d.CanAnswer = open && d.Partner
	d.CanWithdraw = open && !d.Partner
	if in := d.Proposal.Intake; open && in != nil && !in.Agreed {
		// Only the side that did not propose this time can agree to it.
		d.CanAgree = (in.ProposedBy == plekwijzer.RolePartner) != d.Partner
	}
	return version, nil
}

// answerProposal sends the partner's answer: kennismaken, accepteren or
// afwijzen, whichever button was pressed.
func (a *App) answerProposal(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	ps := &parser{form: form}
	d := plekwijzer.Decision(form.Get("besluit"))
	in := plekwijzer.AnswerInput{Decision: &d, Note: ps.optStr("toelichting")}
	switch d {
	case plekwijzer.DecisionDecline:
		in.Reason = ps.optStr("reden")
	case plekwijzer.DecisionAccept:
		in.StartDate = ps.date("startdatum")
	case plekwijzer.DecisionIntake:
		in.IntakeAt = ps.localTime("kennismakingOp")
		in.IntakePlace, in.IntakeWith = ps.optStr("kennismakingPlaats"), ps.optStr("kennismakingMet")
	}
	return a.sendAnswer(p, id, "/antwoord", form, ps, in)
}

// replyIntake sends either side's answer to a proposed intake time.
func (a *App) replyIntake(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	ps := &parser{form: form}
	d := plekwijzer.Decision(form.Get("besluit"))
	in := plekwijzer.AnswerInput{Decision: &d}
	if d == plekwijzer.DecisionIntakeMove {
		in.IntakeAt = ps.localTime("nieuwTijdstip")
	}
	// The API names the new time kennismakingOp; this form nieuwTijdstip.
	return a.sendAnswer(p, id, "/kennismaking", form, ps, in, "kennismakingOp", "nieuwTijdstip")
}

// sendAnswer posts an answer; rename holds pairs of the API's field name
// and the form's, where they differ.
func (a *App) sendAnswer(p *page, id, route string, form url.Values, ps *parser, in plekwijzer.AnswerInput, rename ...string) error {
	if !ps.errs.Empty() {
		return a.showPlacement(p, http.StatusUnprocessableEntity, form, ps.invalidInput(nil))
	}
	err := p.api.post("/plaatsingen/"+id+route, in, nil)
	var errs formErrors
	if errs.addAll(err) {
		for i := 0; i+1 < len(rename); i += 2 {
			errs.rename(rename[i], rename[i+1])
		}
		return a.showPlacement(p, http.StatusUnprocessableEntity, form, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect("/plaatsingen/"+id, "beantwoord")
}

// sendMessage adds a message to the placement's thread.
func (a *App) sendMessage(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	text := form.Get("tekst")
	err = p.api.post("/plaatsingen/"+id+"/berichten", plekwijzer.NewMessage{Text: &text}, nil)
	var errs formErrors
	if errs.addAll(err) {
		return a.showPlacement(p, http.StatusUnprocessableEntity, form, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect("/plaatsingen/"+id+"#berichten", "verstuurd")
}

// proposalForm reads the voordracht part of the booking form.
func proposalForm(form url.Values) *plekwijzer.NewProposal {
	n := &plekwijzer.NewProposal{Note: strings.TrimSpace(form.Get("voordracht.toelichting")), Consent: form.Get("voordracht.toestemming") == "ja"}
	for _, it := range form["voordracht.delen"] {
		n.Share = append(n.Share, plekwijzer.ShareItem(it))
	}
	return n
}

// ShareOptions are the parts of a profile a coach can share.
func (d newPlacementData) ShareOptions() []option { return choicesOf("delen") }

// preview is what the werkplek will read of this voordracht, resolved as
// the store will freeze it; nil without consent.
func (p *page) preview(pt *plekwijzer.Participant, n *plekwijzer.NewProposal) (*plekwijzer.Proposal, error) {
	names := map[string]string{}
	ids := append(slices.Clone(pt.LearningGoals), pt.Interests...)
	for _, s := range pt.Skills {
		ids = append(ids, s.SkillID)
	}
	for _, id := range ids {
		var named struct {
			Name string `json:"naam"`
		}
		err := p.api.get("/vaardigheden/"+id, nil, &named)
		if status(err) == http.StatusNotFound {
			err = p.api.get("/werksoorten/"+id, nil, &named)
		}
		if err != nil {
			return nil, err
		}
		names[id] = named.Name
	}
	pr := &plekwijzer.Proposal{Shared: []plekwijzer.SharedItem{}, Consent: n.Consent, Contact: plekwijzer.Contact{Name: p.user.Name}}
	if n.Consent {
		pr.Shared, pr.Note = plekwijzer.ShareProfile(pt, n.Share, names), n.Note
	}
	return pr, nil
}

// localTime reads a datetime-local field (2026-12-14T09:30) as Dutch time.
func (p *parser) localTime(name string) *time.Time {
	v := strings.TrimSpace(p.form.Get(name))
	if v == "" {
		return nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, plekwijzer.InNetherlands(time.Now()).Location())
	if err != nil {
		p.errs.add(name, "is geen datum en tijd als 2026-12-14 09:30")
		return nil
	}
	return &t
}

// localTimeValue is t as a datetime-local field's value, in Dutch time.
func localTimeValue(t time.Time) string {
	return plekwijzer.InNetherlands(t).Format("2006-01-02T15:04")
}

// dutchDateTime is "14 december 2026 om 09:30", in Dutch time.
func dutchDateTime(t time.Time) string {
	nl := plekwijzer.InNetherlands(t)
	return dutchDate(nl.Format(time.DateOnly)) + " om " + nl.Format("15:04")
}

// answerTime says a number of hours in words: "5 uur", "3 dagen".
func answerTime(h *float64) string {
	switch {
	case *h < 1:
		return "minder dan een uur"
	case *h < 48:
		return strconv.Itoa(int(math.Round(*h))) + " uur"
	}
	return strconv.Itoa(int(math.Round(*h/24))) + " dagen"
}
