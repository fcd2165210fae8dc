package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// Evaluations on the placement's page: the schedule, what was recorded
// (a partner sees only the werkplek's part) and a form for the user's own
// part — the werkplek scores the werknemersvaardigheden and the work's
// skills, the coach records the conversation with the participant. The
// page Evaluaties lists what the user's side still has to do.

func (a *App) mountEvaluations(e *echo.Echo) {
	roles := []plekwijzer.Role{plekwijzer.RoleCoach, plekwijzer.RolePartner, plekwijzer.RoleAdmin}
	e.GET("/evaluaties", a.handle(a.dueEvaluations, roles...))
	e.POST("/plaatsingen/:id/evaluaties", a.handle(a.recordEvaluation, roles...))
}

// evaluationData is the evaluation part of a placement's page.
type evaluationData struct {
	List []plekwijzer.Evaluation `json:"data"`
	// Schedule: the moments and whether each side recorded them.
	Schedule []struct {
		plekwijzer.EvaluationMoment
		Workplace bool `json:"werkplekGedaan"`
		Coach     bool `json:"coachGedaan"`
	} `json:"schema"`
	Coach  bool // the user records the coach's part
	Skills []skillChoice
	// SkillsOpen shows the work's skills unfolded: levels were chosen.
	SkillsOpen bool
	Goals      []skillChoice
	names      map[string]string
}

// WorkSkills are the werknemersvaardigheden of the form.
func (evaluationData) WorkSkills() []plekwijzer.WorkSkill { return plekwijzer.WorkSkills }

// Scores are the columns of the werknemersvaardigheden.
func (evaluationData) Scores() []option {
	out := []option{}
	for i := 1; i <= 4; i++ {
		out = append(out, option{strconv.Itoa(i), plekwijzer.WorkSkillScoreLabels[i]})
	}
	return out
}

// face is one of the participant's five answers: a drawn face (no emoji:
// not every system has the glyphs) with its words.
type face struct {
	Value, Label string
	MouthY       int // the mouth's curve: below 16 a frown, above a smile
}

// Feelings are the participant's five faces.
func (evaluationData) Feelings() []face {
	out := []face{}
	for i := 1; i <= 5; i++ {
		out = append(out, face{strconv.Itoa(i), plekwijzer.FeelingLabels[i], 16 + 2*(i-3)})
	}
	return out
}

// KindOptions are the moments one can record.
func (evaluationData) KindOptions() []option {
	out := []option{}
	for _, k := range plekwijzer.EvaluationKinds {
		out = append(out, option{string(k), k.Label()})
	}
	return out
}

// ProgressOptions are the steps of a learning goal.
func (evaluationData) ProgressOptions() []option {
	out := []option{}
	for _, g := range plekwijzer.GoalProgresses {
		out = append(out, option{string(g), g.Label()})
	}
	return out
}

// LadderOptions are the rungs of the participatieladder.
func (evaluationData) LadderOptions() []option {
	out := []option{}
	for i := 1; i <= 6; i++ {
		out = append(out, option{strconv.Itoa(i), plekwijzer.LadderLabels[i]})
	}
	return out
}

// Name is the name of a skill or learning goal shown in an evaluation.
func (d *evaluationData) Name(id string) string {
	if n, ok := d.names[id]; ok {
		return n
	}
	return id
}

// WorkSkillName is the name of a werknemersvaardigheid.
func (evaluationData) WorkSkillName(id string) string {
	if w, ok := plekwijzer.WorkSkillByID(id); ok {
		return w.Name
	}
	return id
}

// ScoreLabel words a score 1–4.
func (evaluationData) ScoreLabel(n int) string { return plekwijzer.WorkSkillScoreLabels[n] }

// FeelingLabel words the participant's scale.
func (evaluationData) FeelingLabel(n int) string { return plekwijzer.FeelingLabels[n] }

// LadderLabel words a rung.
func (evaluationData) LadderLabel(n int) string { return plekwijzer.LadderLabels[n] }

// loadEvaluations reads a started placement's evaluations and what the
// form needs: the work's skills and, for the coach, the participant's
// learning goals.
func (p *page) loadEvaluations(d *placementData, form url.Values) error {
	if !d.Pl.Status.Evaluated() || p.user.Role == plekwijzer.RoleManager {
		return nil
	}
	ev := &evaluationData{Coach: p.user.Role != plekwijzer.RolePartner, names: map[string]string{}}
	if err := p.api.get("/plaatsingen/"+d.Pl.ID+"/evaluaties", nil, ev); err != nil {
		return err
	}
	var wt plekwijzer.WorkType
	if d.Offer.WorkTypeID != "" {
		if err := p.api.get("/werksoorten/"+d.Offer.WorkTypeID, nil, &wt); err != nil && status(err) != http.StatusNotFound {
			return err
		}
	}
	ids := append(append(append([]string{}, wt.Skills...), d.Offer.RequiredSkills...), d.Offer.LearnableSkills...)
	skills, err := p.skillChoices(dedupe(ids), nil)
	if err != nil {
		return err
	}
	ev.Skills = skills
	if ev.Coach && d.Pl.ParticipantID != nil {
		var pt plekwijzer.Participant
		if err := p.api.get("/deelnemers/"+*d.Pl.ParticipantID, nil, &pt); err != nil {
			return err
		}
		if ev.Goals, err = p.skillChoices(pt.LearningGoals, nil); err != nil {
			return err
		}
	}
	for _, s := range append(append([]skillChoice{}, ev.Skills...), ev.Goals...) {
		ev.names[s.ID] = s.Name
	}
	for k, vs := range form {
		if strings.HasPrefix(k, "vd-") && len(vs) > 0 && vs[0] != "" {
			ev.SkillsOpen = true
		}
	}
	if form != nil && form.Get("soort") == "" {
		form.Set("soort", string(nextKind(ev, p.user.Role)))
	}
	d.Evaluations = ev
	return nil
}

// nextKind is the first moment the user's side has not recorded, or an
// interim one.
func nextKind(ev *evaluationData, r plekwijzer.Role) plekwijzer.EvaluationKind {
	side := plekwijzer.SideOf(r)
	for _, m := range ev.Schedule {
		if (side == plekwijzer.SideCoach && !m.Coach) || (side == plekwijzer.SideWorkplace && !m.Workplace) {
			return m.Kind
		}
	}
	return plekwijzer.EvaluationInterim
}

// recordEvaluation sends the evaluation form to the API. What was typed
// stays in the form when something is wrong.
func (a *App) recordEvaluation(p *page) error {
	id, form, _, err := p.changeForm()
	if err != nil {
		return err
	}
	in := map[string]any{"soort": form.Get("soort")}
	ps := &parser{form: form}
	var scores []map[string]any
	for _, w := range plekwijzer.WorkSkills {
		if v := form.Get("ws-" + w.ID); v != "" {
			n, _ := strconv.Atoi(v)
			scores = append(scores, map[string]any{"id": w.ID, "score": n})
		}
	}
	var skills, goals []map[string]any
	for name, vs := range form {
		if len(vs) == 0 || vs[0] == "" {
			continue
		}
		if sid, ok := strings.CutPrefix(name, "vd-"); ok {
			n, _ := strconv.Atoi(vs[0])
			skills = append(skills, map[string]any{"id": sid, "niveau": n})
		}
		if gid, ok := strings.CutPrefix(name, "ld-"); ok {
			goals = append(goals, map[string]any{"id": gid, "voortgang": vs[0]})
		}
	}
	if scores != nil {
		in["werknemersvaardigheden"] = scores
	}
	if skills != nil {
		in["vaardigheden"] = skills
	}
	if goals != nil {
		in["leerdoelen"] = goals
	}
	if t := strings.TrimSpace(form.Get("toelichting")); t != "" {
		in["toelichting"] = form.Get("toelichting")
	}
	if v := form.Get("beleving"); v != "" || strings.TrimSpace(form.Get("zegt")) != "" {
		n, _ := strconv.Atoi(v)
		in["deelnemer"] = map[string]any{"beleving": n, "zegt": form.Get("zegt")}
	}
	if v := form.Get("participatieladder"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			ps.errs.add("participatieladder", "kies een trede van 1 tot en met 6")
		}
		in["participatieladder"] = n
	}
	if !ps.errs.Empty() {
		ps.errs.Message = notSaved
		return a.showPlacement(p, http.StatusUnprocessableEntity, form, &ps.errs)
	}
	err = p.api.post("/plaatsingen/"+id+"/evaluaties", in, nil)
	var errs formErrors
	if errs.addAll(err) {
		return a.showPlacement(p, http.StatusUnprocessableEntity, form, &errs)
	}
	if err != nil {
		return err
	}
	return p.redirect("/plaatsingen/"+id+"#evaluaties", "geevalueerd")
}

// dueEvaluations shows what the user's side still has to record
// (GET /evaluaties).
func (a *App) dueEvaluations(p *page) error {
	var due struct {
		Data []plekwijzer.DueEvaluation `json:"data"`
	}
	if err := p.api.get("/evaluaties/te-doen", nil, &due); err != nil {
		return err
	}
	return p.show("evaluaties", "Evaluaties", "evaluaties", due.Data)
}

// evaluationsDueNow counts the evaluations the user's side should have
// recorded by today (the menu's number); 0 when it cannot tell.
func (p *page) evaluationsDueNow() int {
	var due struct {
		Data []plekwijzer.DueEvaluation `json:"data"`
	}
	if err := p.api.get("/evaluaties/te-doen", nil, &due); err != nil {
		return 0
	}
	n, today := 0, plekwijzer.Today()
	for _, d := range due.Data {
		if d.Due <= today {
			n++
		}
	}
	return n
}
