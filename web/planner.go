package web

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

// plannerRequest is the body of POST /planningen as the planner page sends
// it: always the participants by id, in waiting order, so that booking is
// for exactly the group that was reviewed.
type plannerRequest struct {
	Participants *[]string        `json:"deelnemers"`
	DayParts     *int             `json:"dagdelen,omitempty"`
	OneOffer     *bool            `json:"eenWerkplek"`
	Book         bool             `json:"vastleggen"`
	Start        *plekwijzer.Date `json:"startdatum,omitempty"`
	Skip         []string         `json:"nietVastleggen,omitempty"`
}

type planRef struct {
	ID   string `json:"id"`
	Code string `json:"code"`
}

type planFigures struct {
	Total    int64 `json:"totaleScore"`
	Placed   int   `json:"geplaatst"`
	DayParts int   `json:"dagdelen"`
}

// planAnswer is the answer of POST /planningen, as far as the page shows it.
type planAnswer struct {
	Assignments []struct {
		Participant  planRef                    `json:"deelnemer"`
		Offer        struct{ ID, Titel string } `json:"werkplek"`
		Organisation struct{ Naam string }      `json:"organisatie"`
		WorkType     struct{ Naam string }      `json:"werksoort"`
		DayParts     []plekwijzer.DayPart       `json:"dagdelen"`
		Score        float64                    `json:"score"`
		Reasons      []string                   `json:"redenen"`
		HighRisk     bool                       `json:"hoogUitvalrisico"`
		PlacementID  *string                    `json:"plaatsingId"`
		// Rows is, on a participant's first assignment, how many
		// assignments the participant has (one box ticks them all); 0 on
		// the others.
		Rows int `json:"-"`
	} `json:"toewijzingen"`
	Unassigned []planUnassigned `json:"nietToegewezen"`
	Short      []struct {
		Participant planRef `json:"deelnemer"`
		Explanation string  `json:"uitleg"`
	} `json:"tekort"`
	planFigures
	Proof struct {
		Method   string `json:"methode"`
		Optimal  bool   `json:"optimaal"`
		Bound    int64  `json:"bovengrens"`
		Verified bool   `json:"gecontroleerd"`
	} `json:"bewijs"`
	Comparison struct {
		FirstCome  planFigures `json:"eerstKomtEerst"`
		Difference planFigures `json:"verschil"`
	} `json:"vergelijking"`
	Booked bool `json:"vastgelegd"`
}

// NoPlace are the people left out for want of a place; WithProposal
// those left out because a voordracht of theirs is still running.
func (a *planAnswer) NoPlace() []planUnassigned { return a.unassigned(false) }

// WithProposal: see NoPlace.
func (a *planAnswer) WithProposal() []planUnassigned { return a.unassigned(true) }

func (a *planAnswer) unassigned(proposal bool) []planUnassigned {
	var out []planUnassigned
	for _, u := range a.Unassigned {
		if (u.Reason == "lopende-voordracht") == proposal {
			out = append(out, u)
		}
	}
	return out
}

// LeftOut is the number of assignments the coach left out of the booking.
func (a *planAnswer) LeftOut() int { return len(a.Assignments) - a.BookedCount() }

// BookedCount is the number of assignments booked.
func (a *planAnswer) BookedCount() int {
	n := 0
	for _, x := range a.Assignments {
		if x.PlacementID != nil {
			n++
		}
	}
	return n
}

type planUnassigned struct {
	Participant planRef        `json:"deelnemer"`
	Reason      string         `json:"reden"`
	Explanation string         `json:"uitleg"`
	Excluded    map[string]int `json:"uitgesloten"`
}

// ExcludedText says in words which offers were ruled out for someone and
// why, most first ("12 × te ver weg, 3 × te zwaar werk").
func (u planUnassigned) ExcludedText() string {
	counts := excludedCounts(u.Excluded)
	parts := make([]string, len(counts))
	for i, c := range counts {
		parts[i] = strconv.Itoa(c.Count) + " × " + c.Label
	}
	return strings.Join(parts, ", ")
}

// plannerData is what the planner page shows.
type plannerData struct {
	Waiting int
	// IDs are the participants planned, in waiting order (the hidden
	// fields of the booking form).
	IDs    []string
	Answer *planAnswer
}

// Fingerprint is the booking form's record of the plan reviewed.
func (d plannerData) Fingerprint() string {
	if d.Answer == nil {
		return ""
	}
	return fingerprint(d.Answer)
}

// points writes a plan's points as the score they sum (1000 points are
// one day-part at a perfect match).
func points(n int64) string { return decimal(float64(n)/1000, 1) }

// plannerDefaults are the form's values before the first run.
func plannerDefaults() url.Values {
	return url.Values{"dagdelen": {"4"}, "startdatum": {string(plekwijzer.Today())}}
}

// planner shows the allocation planner (GET /planner): the form, and with
// ?plannen the best plan for the user's waiting list.
func (a *App) planner(p *page) error {
	form := plannerDefaults()
	q := p.QueryParams()
	run := q.Has("plannen")
	if run {
		for _, k := range []string{"dagdelen", "startdatum", "eenWerkplek"} {
			form.Set(k, q.Get(k))
		}
	}
	waiting, err := all[plekwijzer.WaitingEntry](p.api, "/wachtlijst", nil, 0)
	if err != nil {
		return err
	}
	d := plannerData{Waiting: len(waiting)}
	for _, w := range waiting {
		d.IDs = append(d.IDs, w.ParticipantID)
	}
	if !run || len(d.IDs) == 0 {
		return p.showForm(http.StatusOK, "planner", "Planner", "planner", d, form, nil)
	}
	return a.runPlan(p, form, d)
}

// bookPlan books the plan that was reviewed (POST /planner): the same
// participants, in the same order, with the same settings. It first plans
// again without booking and books only if that plan is the one reviewed
// (its fingerprint): so a plan that changed meanwhile, or a form sent a
// second time (reload), books nothing and shows the new plan to review.
func (a *App) bookPlan(p *page) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	ps := &parser{form: form}
	d := plannerData{IDs: *ps.list("deelnemer")}
	d.Waiting = len(d.IDs)
	ans, errs, err := p.plan(form, d.IDs, false)
	if err != nil || !errs.Empty() {
		return p.showPlan(d, form, errs, err)
	}
	if fingerprint(ans) != form.Get("plan") {
		d.Answer = ans
		errs = &formErrors{Message: planChanged}
		return p.showForm(http.StatusConflict, "planner", "Planner", "planner", d, form, errs)
	}
	d.Answer, errs, err = p.plan(form, d.IDs, true)
	return p.showPlan(d, form, errs, err)
}

// planChanged is the message when the plan to book is not the one
// reviewed.
const planChanged = "De planning is veranderd sinds je haar bekeek: de vrije plaatsen of de wachtlijst zijn anders. Er is niets vastgelegd. Bekijk hieronder de nieuwe planning."

// runPlan asks the API for the plan of d.IDs and shows it, or what was
// wrong with the form.
func (a *App) runPlan(p *page, form url.Values, d plannerData) error {
	var errs *formErrors
	var err error
	d.Answer, errs, err = p.plan(form, d.IDs, false)
	return p.showPlan(d, form, errs, err)
}

// plan asks the API for the plan of ids with the form's settings (and
// books it if book). Problems with the input come back as form errors.
func (p *page) plan(form url.Values, ids []string, book bool) (*planAnswer, *formErrors, error) {
	ps := &parser{form: form}
	in := plannerRequest{Participants: &ids, DayParts: ps.int("dagdelen", true), OneOffer: ps.boolean("eenWerkplek"),
		Book: book, Start: ps.date("startdatum")}
	if *in.Start == "" {
		in.Start = nil
	}
	if book {
		// A row the coach unticked is left out of the booking.
		ticked := form["rij"]
		for _, id := range ids {
			if !slices.Contains(ticked, id) {
				in.Skip = append(in.Skip, id)
			}
		}
		if len(ticked) == 0 {
			ps.errs.add("rij", "vink minstens één rij aan om vast te leggen")
		}
	}
	if !ps.errs.Empty() {
		ps.errs.Message = notPlanned
		return nil, &ps.errs, nil
	}
	var ans planAnswer
	err := p.api.post("/planningen", in, &ans)
	var errs formErrors
	if errs.addAll(err) {
		if status(err) != http.StatusConflict && len(errs.Fields) > 0 {
			errs.Message = notPlanned
		}
		return nil, &errs, err
	}
	if err != nil {
		return nil, nil, err
	}
	ans.countRows()
	return &ans, nil, nil
}

// countRows sets Rows: a participant with assignments at two offers is
// booked or left out as a whole, so only the first row has a box.
func (a *planAnswer) countRows() {
	first := map[string]int{}
	for i := range a.Assignments {
		id := a.Assignments[i].Participant.ID
		if j, ok := first[id]; ok {
			a.Assignments[j].Rows++
			continue
		}
		first[id] = i
		a.Assignments[i].Rows = 1
	}
}

// showPlan shows the planner page with d's plan, or the problems of the
// form (a 409 of the API as such), or fails with err.
func (p *page) showPlan(d plannerData, form url.Values, errs *formErrors, err error) error {
	if !errs.Empty() {
		code := http.StatusUnprocessableEntity
		if status(err) == http.StatusConflict {
			code = http.StatusConflict
		}
		return p.showForm(code, "planner", "Planner", "planner", d, form, errs)
	}
	if err != nil {
		return err
	}
	return p.showForm(http.StatusOK, "planner", "Planner", "planner", d, form, nil)
}

// fingerprint identifies a plan by what it books: who goes where on which
// day-parts.
func fingerprint(ans *planAnswer) string {
	h := sha256.New()
	for _, a := range ans.Assignments {
		fmt.Fprintf(h, "%s %s", a.Participant.ID, a.Offer.ID)
		for _, d := range a.DayParts {
			fmt.Fprintf(h, " %s", d)
		}
		h.Write([]byte{'\n'})
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// notPlanned is the message above a planner form that was not run.
const notPlanned = "Niet alles is goed ingevuld. Verbeter wat hieronder staat; er is nog niets gepland of vastgelegd."

// signedInt writes a difference with its sign (+3, −2, 0).
func signedInt(n int) string { return signedText(int64(n), strconv.Itoa(max(n, -n))) }

// signedPoints writes a difference of points as a signed score (+1,5).
func signedPoints(n int64) string { return signedText(n, points(max(n, -n))) }

func signedText(n int64, abs string) string {
	switch {
	case n > 0:
		return "+" + abs
	case n < 0:
		return "−" + abs
	}
	return abs
}
