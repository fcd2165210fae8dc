package seed

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/iederz/plekwijzer"
)

// The demo's evaluations follow the history: every placement that ran has
// the werkplek's evaluations at its scheduled moments and, for most
// moments, the coach's conversation. Placements that were completed show
// growth (work skills up step by step, the participant content); those that
// ended in dropout show attendance and agreements slipping first, and a
// participant who says it does not go well. A few running placements leave
// their latest moment open, so that Evaluaties has something to do.

// evaluationSeed fixes the evaluations' own draws, apart from the plan's.
const evaluationSeed = 19

func (w *writer) evaluations(ctx context.Context) error {
	d := newDice(evaluationSeed)
	sched := plekwijzer.DefaultEvaluationSchedule
	today := w.p.today
	partners := map[string]*plekwijzer.User{} // by organisation
	users := map[string]*plekwijzer.User{}
	for _, u := range w.p.users {
		users[u.ID] = u
		if u.Role == plekwijzer.RolePartner && u.OrganisationID != nil && partners[*u.OrganisationID] == nil {
			partners[*u.OrganisationID] = u
		}
	}
	orgOf := map[string]string{}
	for _, o := range w.p.offers {
		orgOf[o.ID] = o.OrganisationID
	}
	coachOf, goalsOf := map[string]string{}, map[string][]string{}
	for _, p := range w.p.participants {
		coachOf[p.ID], goalsOf[p.ID] = p.CoachID, p.LearningGoals
	}
	// Each participant's scores carry over from one placement to the next,
	// in the order the placements started: growth adds up over a
	// trajectory.
	ordered := slices.Clone(w.p.placements)
	slices.SortStableFunc(ordered, func(a, b *plannedPlacement) int { return strings.Compare(string(a.Start), string(b.Start)) })
	scoresOf := map[string]map[string]int{}
	for _, pp := range ordered {
		pl := &plekwijzer.Placement{ID: pp.ID, Status: pp.Status, StartDate: pp.Start, EndDate: pp.End}
		var moments []plekwijzer.EvaluationMoment
		for _, m := range sched.Moments(pl, today) {
			if m.Due <= today {
				moments = append(moments, m)
			}
		}
		if pp.Status == plekwijzer.PlacementActive && len(moments) > 0 && d.chance(0.3) {
			moments = moments[:len(moments)-1] // the latest is still to do
		}
		if len(moments) == 0 {
			continue
		}
		scores := scoresOf[pp.ParticipantID]
		if scores == nil {
			scores = map[string]int{}
			for _, ws := range plekwijzer.WorkSkills {
				scores[ws.ID] = d.between(1, 3)
			}
			scoresOf[pp.ParticipantID] = scores
		}
		partner := partners[orgOf[pp.OfferID]]
		coach := users[coachOf[pp.ParticipantID]]
		for i, m := range moments {
			last := i == len(moments)-1
			dropping := pp.Status == plekwijzer.PlacementDropout && i >= len(moments)-2
			grow(d, scores, pp.Status, dropping, i)
			at := m.Due.Time().Add(time.Duration(d.between(0, 3)*24+9) * time.Hour)
			if now := time.Now(); at.After(now) {
				at = now.Add(-time.Minute)
			}
			e := &plekwijzer.Evaluation{PlacementID: pp.ID, Kind: m.Kind, Side: plekwijzer.SideWorkplace, WorkSkills: []plekwijzer.WorkSkillScore{},
				Goals: []plekwijzer.GoalScore{}, Skills: []plekwijzer.SkillLevel{}, AuthorName: "Werkbegeleider", AuthorRole: plekwijzer.RolePartner, CreatedAt: at, Imported: true}
			if partner != nil {
				e.AuthorID, e.AuthorName = &partner.ID, partner.Name
			}
			for _, ws := range plekwijzer.WorkSkills {
				e.WorkSkills = append(e.WorkSkills, plekwijzer.WorkSkillScore{ID: ws.ID, Score: scores[ws.ID]})
			}
			e.Note = workplaceNote(dropping, scores)
			if err := w.addEvaluation(ctx, e); err != nil {
				return err
			}
			if coach == nil || !(last || d.chance(0.7)) {
				continue
			}
			c := &plekwijzer.Evaluation{PlacementID: pp.ID, Kind: m.Kind, Side: plekwijzer.SideCoach, WorkSkills: []plekwijzer.WorkSkillScore{},
				Goals: []plekwijzer.GoalScore{}, Skills: []plekwijzer.SkillLevel{}, AuthorID: &coach.ID, AuthorName: coach.Name,
				AuthorRole: plekwijzer.RoleCoach, CreatedAt: at.Add(2 * time.Hour), Imported: true}
			c.Participant = participantSays(d, dropping)
			for _, g := range goalsOf[pp.ParticipantID] {
				step := min(i, len(plekwijzer.GoalProgresses)-1)
				if dropping {
					step = 0
				}
				c.Goals = append(c.Goals, plekwijzer.GoalScore{ID: g, Progress: plekwijzer.GoalProgresses[step]})
			}
			if m.Kind == plekwijzer.EvaluationFinal {
				rung := 4
				switch {
				case pp.Outcome != nil && pp.Outcome.Result == "betaald-werk":
					rung = 5
				case pp.Status == plekwijzer.PlacementDropout:
					rung = 3
				}
				c.Ladder = &rung
			}
			if err := w.addEvaluation(ctx, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// addEvaluation stores e, skipping a placement the demo could not book.
func (w *writer) addEvaluation(ctx context.Context, e *plekwijzer.Evaluation) error {
	if err := w.s.AddEvaluation(ctx, e); err != nil {
		if plekwijzer.ErrorCode(err) == plekwijzer.ENotFound {
			return nil
		}
		return fmt.Errorf("seed: evaluation of placement %s: %w", e.PlacementID, err)
	}
	w.res.Evaluations++
	return nil
}

// grow moves the scores from one moment to the next: growth at a placement
// that went well or still runs, a slide before a dropout.
func grow(d *dice, scores map[string]int, status plekwijzer.PlacementStatus, dropping bool, i int) {
	if i == 0 {
		return
	}
	if dropping {
		for _, id := range []string{"aanwezigheid", "afspraken-nakomen"} {
			scores[id] = max(1, scores[id]-1)
		}
		return
	}
	ups := 1
	if status == plekwijzer.PlacementCompleted {
		ups = 2
	}
	for range ups {
		id := plekwijzer.WorkSkills[d.between(0, len(plekwijzer.WorkSkills)-1)].ID
		scores[id] = min(4, scores[id]+1)
	}
}

func workplaceNote(dropping bool, scores map[string]int) string {
	switch {
	case dropping:
		return "Was de laatste weken vaker afwezig en meldde zich niet altijd af."
	case scores["zelfstandigheid"] >= 3:
		return "Werkt steeds vaker zelfstandig en vraagt hulp als het nodig is."
	default:
		return "Werkt mee in de groep; heeft nog uitleg nodig bij nieuwe taken."
	}
}

func participantSays(d *dice, dropping bool) *plekwijzer.ParticipantView {
	if dropping {
		return &plekwijzer.ParticipantView{Feeling: d.between(1, 2), Says: "Het werk is steeds hetzelfde; ik heb er weinig zin in."}
	}
	says := []string{"Het gaat goed, ik wil meer verschillend werk leren.", "Leuk werk, de collega's helpen me.", "Soms druk, maar ik leer veel."}
	return &plekwijzer.ParticipantView{Feeling: d.between(3, 5), Says: says[d.between(0, len(says)-1)]}
}
