package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

type placementsData struct {
	Rows      []placementRow
	Code      bool // show the participant's code (partner, and coach lists)
	Status    string
	ExportURL string
}

// placements lists the placements the user may see: a coach those of their
// participants, a partner those at its organisation's offers (by code).
func (a *App) placements(p *page) error {
	q := url.Values{}
	st := p.QueryParam("status")
	if st != "" {
		q.Set("status", st)
	}
	pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", q, 1000)
	var errs formErrors
	if errs.addAll(err) {
		pls = nil
	} else if err != nil {
		return err
	}
	rows, err := p.withOfferTitles(pls)
	if err != nil {
		return err
	}
	d := placementsData{Rows: rows, Code: true, Status: st, ExportURL: "/exporteren/plaatsingen.csv"}
	if st != "" {
		d.ExportURL += "?status=" + url.QueryEscape(st)
	}
	return p.showForm(http.StatusOK, "plaatsingen", "Plaatsingen", "plaatsingen", d, url.Values{"status": {st}}, &errs)
}

type newPlacementData struct {
	P       plekwijzer.Participant
	Offer   plekwijzer.Offer
	Org     string
	Free    *freeView            // the free places from the start date on
	Preview *plekwijzer.Proposal // what the werkplek will read, after "Voorbeeld bekijken"
}

func (a *App) newPlacement(p *page) error {
	q := p.QueryParams()
	form := url.Values{"deelnemer": {q.Get("deelnemer")}, "werkplek": {q.Get("werkplek")},
		"startdatum": {string(plekwijzer.Today().AddDays(7))}, "status": {"voorgesteld"}}
	form["dagdelen"] = q["dagdeel"]
	return a.showPlacementForm(p, http.StatusOK, form, nil)
}

func (a *App) showPlacementForm(p *page, code int, form url.Values, errs *formErrors) error {
	pid, oid := form.Get("deelnemer"), form.Get("werkplek")
	if !plekwijzer.ValidID(pid) || !plekwijzer.ValidID(oid) {
		return notFound()
	}
	d := newPlacementData{}
	if err := p.api.get("/deelnemers/"+pid, nil, &d.P); err != nil {
		return err
	}
	if err := p.api.get("/werkplekken/"+oid, nil, &d.Offer); err != nil {
		return err
	}
	var o plekwijzer.Organisation
	if err := p.api.get("/organisaties/"+d.Offer.OrganisationID, nil, &o); err == nil {
		d.Org = o.Name
	}
	if len(form["dagdelen"]) == 0 {
		// The day-parts the person can work and the offer has places.
		for _, dp := range d.P.Availability {
			if d.Offer.Capacity[dp] > 0 {
				form.Add("dagdelen", string(dp))
			}
		}
	}
	free, err := p.freePlaces(oid, bookingStart(form), 0)
	if err != nil {
		return err
	}
	d.Free = free.withAvailability(&d.P)
	d.Free.Live = true
	if form.Get("actie") == "voorbeeld" {
		var err error
		if d.Preview, err = p.preview(&d.P, proposalForm(form)); err != nil {
			return err
		}
	}
	return p.showForm(code, "plaatsing-nieuw", "Plaatsing voorstellen", "deelnemers", d, form, errs)
}

// DayPartOptions are the day-parts the offer has places in, marked with
// whether the participant is available then.
func (d newPlacementData) DayPartOptions() []option {
	var out []option
	for _, dp := range plekwijzer.DayParts {
		if d.Offer.Capacity[dp] == 0 {
			continue
		}
		l := dayPartLabel(dp)
		if !slices.Contains(d.P.Availability, dp) {
			l += " (deelnemer niet beschikbaar)"
		}
		out = append(out, option{string(dp), l})
	}
	return out
}

func (a *App) createPlacement(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	ps := &parser{form: form}
	in := plekwijzer.NewPlacement{
		ParticipantID: ps.str("deelnemer"),
		OfferID:       ps.str("werkplek"),
		DayParts:      ps.dayParts("dagdelen"),
		StartDate:     ps.date("startdatum"),
		EndDate:       ps.date("einddatum"),
	}
	st := plekwijzer.PlacementStatus(form.Get("status"))
	in.Status = &st
	if st == plekwijzer.PlacementProposed {
		in.Proposal = proposalForm(form)
	}
	in.Deviation = deviationForm(form)
	if act := form.Get("actie"); act == "voorbeeld" || act == "vrij" {
		return a.showPlacementForm(p, http.StatusOK, form, nil)
	}
	var pl plekwijzer.Placement
	err = p.api.post("/plaatsingen", in, &pl)
	var errs formErrors
	if errs.addAll(err) {
		full := fullDayParts(err)
		if len(full) > 0 {
			errs.add("dagdelen", "vol op "+strings.Join(full, ", ")+"; kies andere dagdelen of een latere startdatum")
			errs.Message = "Er is niet op elk gekozen dagdeel een plaats vrij. Er is nog niets opgeslagen."
		}
		addBrokenRules(&errs, brokenRules(err))
		return a.showPlacementForm(p, http.StatusUnprocessableEntity, form, &errs)
	}
	if err != nil {
		return err
	}
	notice := "voorgesteld"
	if pl.Status == plekwijzer.PlacementActive {
		notice = "geboekt"
	}
	return p.redirect("/deelnemers/"+form.Get("deelnemer"), notice)
}

// fullDayParts reads the day-parts a 409 says are full, in words.
func fullDayParts(err error) []string {
	ae, ok := err.(*apiError)
	if !ok {
		return nil
	}
	var full []plekwijzer.DayPart
	if raw, ok := ae.Extra["volleDagdelen"]; ok {
		_ = json.Unmarshal(raw, &full)
	}
	out := make([]string, len(full))
	for i, d := range full {
		out[i] = dayPartShort(d)
	}
	return out
}

type placementData struct {
	Pl        plekwijzer.Placement
	Offer     plekwijzer.Offer
	Org       string
	CanStart  bool
	CanEnd    bool
	CanCancel bool
	// The voordracht and the thread (voordrachten.go).
	Proposal                                  *plekwijzer.Proposal
	Messages                                  []plekwijzer.Message
	Partner, CanAnswer, CanAgree, CanWithdraw bool
	// Attendance per day-part date, once started (attendance.go).
	Attendance     *plekwijzer.Attendance
	AttendanceRows []attendanceRow
	// Evaluations, once started (evaluations.go).
	Evaluations *evaluationData
}

func (a *App) placement(p *page) error {
	return a.showPlacement(p, http.StatusOK, nil, nil)
}

func (a *App) showPlacement(p *page, code int, form url.Values, errs *formErrors) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	d := placementData{}
	version, err := p.loadPlacement(id, &d)
	if err != nil {
		return err
	}
	if err := p.api.get("/werkplekken/"+d.Pl.OfferID, nil, &d.Offer); err != nil && status(err) != http.StatusNotFound {
		return err
	}
	var o plekwijzer.Organisation
	if err := p.api.get("/organisaties/"+d.Offer.OrganisationID, nil, &o); err == nil {
		d.Org = o.Name
	}
	// A partner answers a voordracht (Accepteren) rather than starting it:
	// starting would skip the answer the coach is told of.
	d.CanStart = d.Pl.Status.CanBecome(plekwijzer.PlacementActive) && !(d.Partner && d.Pl.Status == plekwijzer.PlacementProposed)
	d.CanEnd = d.Pl.Status.CanBecome(plekwijzer.PlacementCompleted)
	// and declines it (Afwijzen, with a reason for the coach) rather than
	// cancelling it.
	d.CanCancel = d.Pl.Status.CanBecome(plekwijzer.PlacementCancelled) && !(d.Partner && d.Pl.Status == plekwijzer.PlacementProposed)
	if err := p.loadAttendance(&d); err != nil {
		return err
	}
	if form == nil {
		missed := 0
		if d.Pl.Outcome != nil {
			missed = d.Pl.Outcome.MissedHours
		}
		form = url.Values{"einddatum": {string(plekwijzer.Today())}, "uitkomst.gemisteUren": {strconv.Itoa(missed)}, "status": {"afgerond"},
			"startdatum": {string(d.Pl.StartDate)}}
	}
	if err := p.loadEvaluations(&d, form); err != nil {
		return err
	}
	form.Set("versie", strconv.Itoa(version))
	return p.showForm(code, "plaatsing", "Plaatsing bij "+d.Offer.Title, "plaatsingen", d, form, errs)
}

// changePlacement starts, cancels or ends a placement (with its outcome);
// attendance has its own form (attendance.go).
func (a *App) changePlacement(p *page) error {
	id, form, version, err := p.changeForm()
	if err != nil {
		return err
	}
	var in plekwijzer.PlacementUpdate
	ps := &parser{form: form}
	switch form.Get("actie") {
	case "starten":
		st := plekwijzer.PlacementActive
		in.Status = &st
	case "annuleren", "intrekken":
		if form.Get("bevestigen") != "ja" {
			what := "de voordracht echt wilt intrekken"
			if form.Get("actie") == "annuleren" {
				what = "de plaatsing echt wilt annuleren"
			}
			ps.errs.add("bevestigen", "vink aan dat je "+what)
			return a.showPlacement(p, http.StatusUnprocessableEntity, form, ps.invalidInput(nil))
		}
		st := plekwijzer.PlacementCancelled
		in.Status = &st
		in.CancelReason = ps.optStr("annuleringsreden")
	case "beeindigen":
		st := plekwijzer.PlacementStatus(form.Get("status"))
		in.Status = &st
		in.EndDate = ps.date("einddatum")
		// The missed hours are those recorded while it ran.
		var cur plekwijzer.Placement
		if err := p.api.get("/plaatsingen/"+id, nil, &cur); err != nil {
			return err
		}
		in.Outcome = &plekwijzer.Outcome{Result: form.Get("uitkomst.resultaat"), DropoutReason: form.Get("uitkomst.uitvalreden"),
			CausedBy: form.Get("uitkomst.veroorzaaktDoor")}
		if cur.Outcome != nil {
			in.Outcome.MissedHours = cur.Outcome.MissedHours
		}
	default:
		return &apiError{Status: http.StatusBadRequest, Detail: "Onbekende actie."}
	}
	err = p.api.patch("/plaatsingen/"+id, version, in, nil)
	var errs formErrors
	if errs.addAll(err) {
		return a.showPlacement(p, http.StatusUnprocessableEntity, form, &errs)
	}
	if err != nil {
		return err
	}
	if form.Get("actie") == "intrekken" {
		return p.redirect("/plaatsingen/"+id, "intrekking")
	}
	return p.redirect("/plaatsingen/"+id, "bijgewerkt")
}
