package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// The privacy actions on one participant: share them with colleague
// coaches or hand them over to another coach, download everything held
// about them (the right of access), and erase them. Each is one call of
// the API, which decides who may (the participant's own coach or a
// beheerder) and writes the audit log; these pages only explain, ask for
// confirmation and show the answer.

func (a *App) mountPrivacy(e *echo.Echo) {
	coaching := []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RoleAdmin}
	e.GET("/deelnemers/:id/delen", a.handle(a.sharing, coaching...))
	e.POST("/deelnemers/:id/delen", a.handle(a.share, coaching...))
	e.GET("/deelnemers/:id/wissen", a.handle(a.eraseForm, coaching...))
	e.POST("/deelnemers/:id/wissen", a.handle(a.erase, coaching...))
	e.GET("/deelnemers/:id/inzage", a.handle(a.downloadAll, coaching...))
}

// colleague is a coach as GET /coaches lists them.
type colleague struct {
	ID   string `json:"id"`
	Name string `json:"naam"`
}

// colleagues are the coaches, by name, to show and pick from.
type colleagues []colleague

func (p *page) colleagues() (colleagues, error) {
	return all[colleague](p.api, "/coaches", nil, 0)
}

// name is the name of the coach with this id.
func (cs colleagues) name(id string) string {
	for _, c := range cs {
		if c.ID == id {
			return c.Name
		}
	}
	return "een coach die niet meer bestaat"
}

// options are the coaches other than except, to choose from.
func (cs colleagues) options(except string) []option {
	var out []option
	for _, c := range cs {
		if c.ID != except {
			out = append(out, option{c.ID, c.Name})
		}
	}
	return out
}

// access says who has a participant: their coach and the colleagues it is
// shared with, by name, and whether this user may manage that.
type access struct {
	Coach     string
	Shared    []string
	Own       bool // the user is the participant's coach
	CanManage bool
}

// accessOf describes who has pt. CanManage mirrors the API's rule (the own
// coach or a beheerder) only to offer the actions to those who may; the
// API still decides every action.
func (p *page) accessOf(pt plekwijzer.Participant, cs colleagues) access {
	ac := access{Coach: cs.name(pt.CoachID), Own: pt.CoachID == p.user.ID}
	ac.CanManage = ac.Own || p.user.Role == plekwijzer.RoleAdmin
	for _, id := range pt.SharedWith {
		ac.Shared = append(ac.Shared, cs.name(id))
	}
	slices.Sort(ac.Shared)
	return ac
}

// shareData is the page to share or hand over a participant.
type shareData struct {
	P       plekwijzer.Participant
	Access  access
	Options []option // the coaches other than the participant's own
	Refused string   // the API's refusal, if it refused
}

func (a *App) sharing(p *page) error {
	return a.showSharing(p, http.StatusOK, nil, nil, "")
}

// showSharing shows the participant as the API has them now. form holds
// what was sent, to show again with its errors; nil shows the current
// choices.
func (a *App) showSharing(p *page, code int, form url.Values, errs *formErrors, refused string) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	var pt plekwijzer.Participant
	version, err := p.api.getVersion("/deelnemers/"+id, &pt)
	if err != nil {
		return err
	}
	cs, err := p.colleagues()
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"gedeeldMet": slices.Clone(pt.SharedWith)}
	}
	form.Set("versie", strconv.Itoa(version))
	d := shareData{P: pt, Access: p.accessOf(pt, cs), Options: cs.options(pt.CoachID), Refused: refused}
	return p.showForm(code, "delen", "Delen en overdragen: "+pt.Code, "deelnemers", d, form, errs)
}

// staleMessage is shown when someone else changed the participant since
// the page was loaded.
const staleMessage = "Iemand anders heeft deze deelnemer net gewijzigd. Er is niets opgeslagen. Hieronder zie je hoe het nu is; kies opnieuw en sla dan op."

// share changes with whom a participant is shared (actie=delen) or hands
// them over to another coach (actie=overdragen), with the version the page
// was loaded with, so that nobody's change is overwritten unseen.
func (a *App) share(p *page) error {
	id, form, version, err := p.changeForm()
	if err != nil {
		return err
	}
	ps := &parser{form: form}
	var in plekwijzer.ParticipantUpdate
	notice := "gedeeld"
	switch form.Get("actie") {
	case "delen":
		in.SharedWith = ps.list("gedeeldMet")
	case "overdragen":
		to := strings.TrimSpace(form.Get("coachId"))
		if to == "" {
			ps.errs.add("coachId", "kies de coach die de deelnemer overneemt")
			ps.errs.Message = notSaved
			return a.showSharing(p, http.StatusUnprocessableEntity, form, &ps.errs, "")
		}
		var cur plekwijzer.Participant
		if err := p.api.get("/deelnemers/"+id, nil, &cur); err != nil {
			return err
		}
		// The new coach is no longer someone it is shared with; the old
		// one keeps looking along if asked to.
		shared := slices.DeleteFunc(slices.Clone(cur.SharedWith), func(c string) bool { return c == to })
		if form.Get("blijven") == "ja" && cur.CoachID != to && !slices.Contains(shared, cur.CoachID) {
			shared = append(shared, cur.CoachID)
		}
		in.CoachID, in.SharedWith = &to, &shared
		notice = "overgedragen"
	default:
		return &apiError{Status: http.StatusBadRequest, Detail: "Onbekende actie."}
	}
	var out plekwijzer.Participant
	err = p.api.patch("/deelnemers/"+id, version, in, &out)
	var ae *apiError
	switch {
	case err == nil:
	case errors.As(err, &ae) && ae.Status == http.StatusConflict && ae.Extra["huidigeVersie"] != nil:
		return a.showSharing(p, http.StatusConflict, nil, &formErrors{Message: staleMessage}, "")
	case errors.As(err, &ae) && ae.Status == http.StatusForbidden:
		return a.showSharing(p, http.StatusForbidden, nil, nil, ae.Detail)
	default:
		var errs formErrors
		if !errs.addAll(err) {
			return err
		}
		return a.showSharing(p, http.StatusUnprocessableEntity, form, &errs, "")
	}
	switch {
	case notice == "gedeeld":
		return p.redirect("/deelnemers/"+id+"/delen", notice)
	case p.user.Role == plekwijzer.RoleAdmin || out.VisibleTo(p.user.ID):
		return p.redirect("/deelnemers/"+id, notice)
	default: // handed over for good: no longer in this coach's caseload
		return p.redirect("/deelnemers", notice)
	}
}

// eraseData is the page that asks to confirm an erasure.
type eraseData struct {
	P       plekwijzer.Participant
	Access  access
	Running []placementRow // proposed or active: to end first
	Kept    int            // placements that stay, without the person
	Refused string         // the API's refusal, if it refused
}

func (a *App) eraseForm(p *page) error {
	return a.showErase(p, http.StatusOK, nil, nil, "")
}

func (a *App) showErase(p *page, code int, form url.Values, errs *formErrors, refused string) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	cs, err := p.colleagues()
	if err != nil {
		return err
	}
	pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", url.Values{"deelnemerId": {pt.ID}}, 0)
	if err != nil {
		return err
	}
	d := eraseData{P: pt, Access: p.accessOf(pt, cs), Kept: len(pls), Refused: refused}
	running := slices.DeleteFunc(pls, func(pl plekwijzer.Placement) bool {
		return !pl.Status.HoldsPlaces()
	})
	if d.Running, err = p.withOfferTitles(running); err != nil {
		return err
	}
	return p.showForm(code, "wissen", "Gegevens wissen: "+pt.Code, "deelnemers", d, form, errs)
}

// erase deletes a participant's profile once the code is typed to confirm
// it. The API keeps their placements without the person and refuses (409)
// while one is proposed or active.
func (a *App) erase(p *page) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(form.Get("bevestiging")), pt.Code) {
		errs := &formErrors{}
		errs.add("bevestiging", "typ de code "+pt.Code+" over")
		errs.Message = "Er is niets gewist. Typ de code van de deelnemer over om te laten zien dat je zeker bent."
		return a.showErase(p, http.StatusUnprocessableEntity, form, errs, "")
	}
	err = p.api.delete("/deelnemers/" + pt.ID)
	var ae *apiError
	switch {
	case err == nil:
		return p.redirect("/deelnemers", "gewist")
	case errors.As(err, &ae) && ae.Status == http.StatusConflict:
		return a.showErase(p, http.StatusConflict, nil, &formErrors{Message: ae.Detail}, "")
	case errors.As(err, &ae) && ae.Status == http.StatusForbidden:
		return a.showErase(p, http.StatusForbidden, nil, nil, ae.Detail)
	}
	return err
}

// downloadAll sends everything the API holds about one participant — the
// profile, the placements and who accessed the file — as a JSON file (the
// right of access and portability). The API records the export in the
// audit log.
func (a *App) downloadAll(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	var doc json.RawMessage
	if err := p.api.get("/deelnemers/"+id+"/export", nil, &doc); err != nil {
		return err
	}
	var head struct {
		Participant struct {
			Code string `json:"code"`
		} `json:"deelnemer"`
	}
	if err := json.Unmarshal(doc, &head); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, doc, "", "  "); err != nil {
		return err
	}
	b.WriteByte('\n')
	p.Response().Header().Set("Content-Disposition", `attachment; filename="deelnemer-`+fileSafe(head.Participant.Code)+`.json"`)
	return p.Blob(http.StatusOK, "application/json; charset=utf-8", b.Bytes())
}

// fileSafe keeps the letters, digits and dashes of s (a code has no
// others), so that it cannot break out of a header's file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, s)
}
