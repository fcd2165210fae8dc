package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

// catalogue is the work types, read once per request.
type catalogue struct {
	WorkTypes []plekwijzer.WorkType
	byID      map[string]*plekwijzer.WorkType
	byCode    map[string]*plekwijzer.WorkType
}

func (c *catalogue) workTypeName(id string) string {
	if w, ok := c.byID[id]; ok {
		return w.Name
	}
	return id
}

func (p *page) catalogue() (*catalogue, error) {
	wts, err := all[plekwijzer.WorkType](p.api, "/werksoorten", nil, 0)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(wts, func(a, b plekwijzer.WorkType) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	c := &catalogue{WorkTypes: wts, byID: map[string]*plekwijzer.WorkType{}, byCode: map[string]*plekwijzer.WorkType{}}
	for i := range wts {
		c.byID[wts[i].ID] = &wts[i]
		c.byCode[wts[i].Code] = &wts[i]
	}
	return c, nil
}

func (p *page) organisations() ([]plekwijzer.Organisation, error) {
	orgs, err := all[plekwijzer.Organisation](p.api, "/organisaties", nil, 0)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(orgs, func(a, b plekwijzer.Organisation) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return orgs, nil
}

// skillChoice is a skill in a picker: chosen or found.
type skillChoice struct {
	ID, Name, Group string
	Level           int
	Chosen          bool
}

// skillChoices names the skills with these ids (an unknown or malformed
// id keeps its id as name; the API names it as an error on saving).
func (p *page) skillChoices(ids []string, lv map[string]int) ([]skillChoice, error) {
	out := make([]skillChoice, 0, len(ids))
	for _, id := range ids {
		c := skillChoice{ID: id, Name: id, Level: lv[id], Chosen: true}
		if plekwijzer.ValidID(id) {
			var s plekwijzer.Skill
			err := p.api.get("/vaardigheden/"+id, nil, &s)
			if err != nil && status(err) != http.StatusNotFound {
				return nil, err
			}
			if err == nil {
				c.Name, c.Group = s.Name, s.Group
			}
		}
		if c.Level == 0 {
			c.Level = 1
		}
		out = append(out, c)
	}
	return out, nil
}

// findSkills searches the catalogue (GET /vaardigheden?q=), leaving out the
// skills already chosen.
func (p *page) findSkills(q string, chosen []string) ([]skillChoice, error) {
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 2 {
		return nil, nil
	}
	var l apiList[plekwijzer.Skill]
	if err := p.api.get("/vaardigheden", url.Values{"q": {q}, "paginaGrootte": {"12"}}, &l); err != nil {
		return nil, err
	}
	var out []skillChoice
	for _, s := range l.Items {
		if !slices.Contains(chosen, s.ID) {
			out = append(out, skillChoice{ID: s.ID, Name: s.Name, Group: s.Group, Level: 1})
		}
	}
	return out, nil
}

// skillPicker is one skill picker of a form: the chosen skills (ticked),
// what a search found (unticked), for the field (vaardigheid, leerdoel,
// vereist or leerbaar). Ticked boxes are what is saved: the picker needs
// no script; htmx only refreshes the search results as one types.
type skillPicker struct {
	Field, Label, Hint string
	Levels             bool
	Chosen, Found      []skillChoice
	Query              string
	Searched           bool
	Errors             []string
}

// pickerFields are the skill pickers and the API field each one fills.
var pickerFields = map[string]string{
	"vaardigheid": "vaardigheden", "leerdoel": "leerdoelen",
	"vereist": "vereisteVaardigheden", "leerbaar": "leerbareVaardigheden",
}

// pickerSearchLabels name the search field of each picker.
var pickerSearchLabels = map[string]string{
	"vaardigheid": "Zoek een vaardigheid", "leerdoel": "Zoek een leerdoel",
	"vereist": "Zoek een vereiste vaardigheid", "leerbaar": "Zoek wat je er leert",
}

// ID is the id of the picker, as the error summary links to its API field.
func (sp *skillPicker) ID() string { return fieldID(pickerFields[sp.Field]) }

// SearchLabel is the label of the picker's search field.
func (sp *skillPicker) SearchLabel() string { return pickerSearchLabels[sp.Field] }

// picker builds a skill picker from a form: its ticked skills and, when
// asked (a search without script), the search results.
func (p *page) picker(form url.Values, errs *formErrors, fieldName, lbl, hint string, withLevels bool) (*skillPicker, error) {
	ids := form[fieldName]
	ids = slices.Compact(slices.Clone(ids))
	lv := map[string]int{}
	for _, id := range ids {
		lv[id], _ = strconv.Atoi(form.Get("niveau-" + id))
	}
	chosen, err := p.skillChoices(dedupe(ids), lv)
	if err != nil {
		return nil, err
	}
	sp := &skillPicker{Field: fieldName, Label: lbl, Hint: hint, Levels: withLevels, Chosen: chosen,
		Query: form.Get(fieldName + "-zoek"), Errors: errs.For(pickerFields[fieldName])}
	if form.Get("actie") == "zoek-"+fieldName {
		sp.Searched = true
		if sp.Found, err = p.findSkills(sp.Query, ids); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// skillResults answers the picker's search-as-you-type (htmx): the skills
// that match, as unticked boxes.
func (a *App) skillResults(p *page) error {
	fieldName := p.QueryParam("veld")
	if _, ok := pickerFields[fieldName]; !ok {
		return notFound()
	}
	q := p.QueryParams()
	found, err := p.findSkills(q.Get(fieldName+"-zoek"), q[fieldName])
	if err != nil {
		return err
	}
	sp := &skillPicker{Field: fieldName, Levels: fieldName == "vaardigheid", Found: found, Query: q.Get(fieldName + "-zoek"), Searched: true}
	return p.app.fragment(p, "skillresults", sp)
}

// skillLevels reads the ticked skills of a picker with their levels.
func skillLevels(form url.Values, fieldName string) *[]plekwijzer.SkillLevel {
	out := []plekwijzer.SkillLevel{}
	for _, id := range dedupe(form[fieldName]) {
		n, err := strconv.Atoi(form.Get("niveau-" + id))
		if err != nil {
			n = 0 // the API names it
		}
		out = append(out, plekwijzer.SkillLevel{SkillID: id, Level: n})
	}
	return &out
}

// workTypeChoice is one row of the interests table: a work type and
// whether the participant likes it, avoids it or neither.
type workTypeChoice struct {
	ID, Name, Description, Choice string
}

type profileData struct {
	ID         string
	New        bool
	Skills     *skillPicker
	Goals      *skillPicker
	WorkTypes  []workTypeChoice
	Referrers  []option
	WorkErrors []string
}

// participantValues fills a form from a participant.
func participantValues(pt *plekwijzer.Participant) url.Values {
	v := url.Values{
		"code": {pt.Code}, "doelgroep": {string(pt.TargetGroup)}, "fase": {string(pt.Phase)}, "postcode": {pt.Postcode},
		"maxReisafstandKm": {strconv.Itoa(pt.MaxTravelKm)}, "begeleidingsbehoefte": {strconv.Itoa(pt.SupervisionNeed)},
		"belastbaarheid": {string(pt.LoadCapacity)}, "taalniveau": {pt.LanguageLevel}, "versie": {strconv.Itoa(pt.Version)},
	}
	if pt.ReferrerID != nil {
		v.Set("verwijzerId", *pt.ReferrerID)
	}
	if pt.Wheelchair {
		v.Set("rolstoel", "ja")
	}
	if pt.WaitingSince != nil {
		v.Set("wachtendSinds", string(*pt.WaitingSince))
	}
	if pt.DesiredDayParts != nil {
		v.Set("gewensteDagdelen", strconv.Itoa(*pt.DesiredDayParts))
	}
	if pt.Ladder != nil {
		v.Set("participatieladder", strconv.Itoa(*pt.Ladder))
	}
	for _, d := range pt.Availability {
		v.Add("beschikbaarheid", string(d))
	}
	for _, s := range pt.Skills {
		v.Add("vaardigheid", s.SkillID)
		v.Set("niveau-"+s.SkillID, strconv.Itoa(s.Level))
	}
	v["leerdoel"] = slices.Clone(pt.LearningGoals)
	for _, id := range pt.Interests {
		v.Set("werksoort-"+id, "interesse")
	}
	for _, id := range pt.Avoid {
		v.Set("werksoort-"+id, "vermijden")
	}
	return v
}

// participantInput reads a profile form into the API's input. Values that
// do not parse are named in the parser's errors.
func participantInput(form url.Values, cat *catalogue, isNew bool) (plekwijzer.ParticipantUpdate, *parser) {
	ps := &parser{form: form}
	in := plekwijzer.ParticipantUpdate{
		Code:            ps.str("code"),
		ReferrerID:      ps.str("verwijzerId"),
		Availability:    ps.dayParts("beschikbaarheid"),
		Postcode:        ps.str("postcode"),
		MaxTravelKm:     ps.int("maxReisafstandKm", true),
		Skills:          skillLevels(form, "vaardigheid"),
		SupervisionNeed: ps.int("begeleidingsbehoefte", true),
		Wheelchair:      ps.boolean("rolstoel"),
		LanguageLevel:   ps.str("taalniveau"),
		LearningGoals:   ps.list("leerdoel"),
		WaitingSince:    ps.date("wachtendSinds"),
		DesiredDayParts: ps.int("gewensteDagdelen", false),
		Ladder:          ps.int("participatieladder", false),
	}
	if in.Ladder == nil && !isNew {
		unknown := 0 // emptied: not known
		in.Ladder = &unknown
	}
	if in.DesiredDayParts == nil && !isNew {
		standard := 0 // emptied: back to the planner's default
		in.DesiredDayParts = &standard
	}
	tg, ph, load := plekwijzer.TargetGroup(form.Get("doelgroep")), plekwijzer.Phase(form.Get("fase")), plekwijzer.Load(form.Get("belastbaarheid"))
	in.TargetGroup, in.Phase, in.LoadCapacity = &tg, &ph, &load
	if r := strings.TrimSpace(form.Get("faseReden")); r != "" && !isNew {
		in.PhaseReason = &r
	}
	if isNew && *in.ReferrerID == "" {
		in.ReferrerID = nil
	}
	if isNew && *in.WaitingSince == "" {
		in.WaitingSince = nil
	}
	interests, avoid := []string{}, []string{}
	for _, w := range cat.WorkTypes {
		switch form.Get("werksoort-" + w.ID) {
		case "interesse":
			interests = append(interests, w.ID)
		case "vermijden":
			avoid = append(avoid, w.ID)
		}
	}
	in.Interests, in.Avoid = &interests, &avoid
	return in, ps
}

func (a *App) newParticipant(p *page) error {
	form := url.Values{"maxReisafstandKm": {"15"}, "begeleidingsbehoefte": {"2"}, "belastbaarheid": {"midden"}, "taalniveau": {"B1"}, "fase": {"intake"}}
	return a.showProfile(p, http.StatusOK, "", form, nil)
}

func (a *App) editParticipant(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	var pt plekwijzer.Participant
	if _, err := p.api.getVersion("/deelnemers/"+id, &pt); err != nil {
		return err
	}
	return a.showProfile(p, http.StatusOK, id, participantValues(&pt), nil)
}

// showProfile renders the profile form with its values and errors.
func (a *App) showProfile(p *page, code int, id string, form url.Values, errs *formErrors) error {
	if errs == nil {
		errs = &formErrors{}
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	orgs, err := p.organisations()
	if err != nil {
		return err
	}
	d := profileData{ID: id, New: id == "", WorkErrors: append(errs.For("interesses"), errs.For("vermijden")...)}
	for _, o := range orgs {
		d.Referrers = append(d.Referrers, option{o.ID, o.Name + " (" + label("organisatieSoort", o.Kind) + ")"})
	}
	for _, w := range cat.WorkTypes {
		d.WorkTypes = append(d.WorkTypes, workTypeChoice{ID: w.ID, Name: w.Name, Description: w.Description, Choice: form.Get("werksoort-" + w.ID)})
	}
	if d.Skills, err = p.picker(form, errs, "vaardigheid", "Vaardigheden", "Wat kan de deelnemer al? Zoek in de ESCO-lijst en vink aan; kies het niveau (1 beginner – 3 gevorderd).", true); err != nil {
		return err
	}
	if d.Goals, err = p.picker(form, errs, "leerdoel", "Leerdoelen", "Wat wil de deelnemer leren? Zoek en vink aan.", false); err != nil {
		return err
	}
	title := "Nieuwe deelnemer"
	if id != "" {
		title = "Profiel van " + form.Get("code") + " bewerken"
	}
	return p.showForm(code, "profiel", title, "deelnemers", d, form, errs)
}

func (a *App) createParticipant(p *page) error {
	return a.saveParticipant(p, "")
}

func (a *App) updateParticipant(p *page) error {
	id, err := p.pathID("id")
	if err != nil {
		return err
	}
	return a.saveParticipant(p, id)
}

// saveParticipant saves the profile form through the API; a search in a
// skill picker (without script) only shows the form again with what was
// found. Nothing is saved unless every field is right.
func (a *App) saveParticipant(p *page, id string) error {
	form, err := p.FormParams()
	if err != nil {
		return err
	}
	if strings.HasPrefix(form.Get("actie"), "zoek-") {
		return a.showProfile(p, http.StatusOK, id, form, nil)
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	in, ps := participantInput(form, cat, id == "")
	if !ps.errs.Empty() {
		var pt plekwijzer.Participant
		pt.CoachID = p.user.ID
		pt.Apply(in)
		return a.showProfile(p, http.StatusUnprocessableEntity, id, form, ps.invalidInput(pt.Validate()))
	}
	var saved plekwijzer.Participant
	err = p.save("/deelnemers", id, form, in, &saved)
	var errs formErrors
	if errs.addAll(err) {
		if status(err) == http.StatusConflict && len(errs.Fields) == 0 && strings.Contains(errs.Message, "bestaat al") {
			errs.add("code", "deze code is al in gebruik")
			errs.Message = notSaved
		}
		return a.showProfile(p, http.StatusUnprocessableEntity, id, form, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect("/deelnemers/"+saved.ID, savedNotice(id))
}
