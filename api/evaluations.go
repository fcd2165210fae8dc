package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// Evaluations (evaluaties) of a placement: the werkplek records its
// observations, the coach the conversation with the participant. A partner
// reads and writes only the werkplek's part of placements at its own
// organisation (another's is 404); managers never see one. Every read and
// write is audited as an access to the participant's data.

// listWorkSkills answers GET /werknemersvaardigheden: the fixed list of
// work skills evaluations score (no participant data).
func (s *Server) listWorkSkills(c echo.Context) error {
	if err := newQuery(c).err(); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, map[string]any{"data": plekwijzer.WorkSkills, "scores": plekwijzer.WorkSkillScoreLabels})
}

// evaluationList is the answer of GET /plaatsingen/{id}/evaluaties: the
// evaluations the actor may read, and the moments of the placement's
// schedule with whether each side recorded them.
type evaluationList struct {
	Data     []*plekwijzer.Evaluation `json:"data"`
	Schedule []scheduledMoment        `json:"schema"`
}

type scheduledMoment struct {
	plekwijzer.EvaluationMoment
	Workplace bool `json:"werkplekGedaan"`
	Coach     bool `json:"coachGedaan"`
}

// listEvaluations answers GET /plaatsingen/{id}/evaluaties.
func (s *Server) listEvaluations(c echo.Context) error {
	if err := newQuery(c).err(); err != nil {
		return err
	}
	pl, err := s.placementOfPath(c)
	if err != nil {
		return err
	}
	es, err := s.store.Evaluations(c.Request().Context(), pl.ID)
	if err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditRead, pl); err != nil {
		return err
	}
	sched := s.store.EvaluationSchedule()
	out := evaluationList{Data: visibleEvaluations(actor(c), es), Schedule: []scheduledMoment{}}
	for _, m := range sched.Moments(pl, plekwijzer.Today()) {
		out.Schedule = append(out.Schedule, scheduledMoment{EvaluationMoment: m,
			Workplace: sched.Done(m, plekwijzer.SideWorkplace, es), Coach: sched.Done(m, plekwijzer.SideCoach, es)})
	}
	return writeJSON(c, http.StatusOK, out)
}

// visibleEvaluations are the evaluations a may read: a partner only the
// werkplek's part (the conversation with the participant stays with the
// coach).
func visibleEvaluations(a *plekwijzer.Actor, es []*plekwijzer.Evaluation) []*plekwijzer.Evaluation {
	if a.Role != plekwijzer.RolePartner {
		return es
	}
	out := []*plekwijzer.Evaluation{}
	for _, e := range es {
		if e.Side == plekwijzer.SideWorkplace {
			out = append(out, e)
		}
	}
	return out
}

// addEvaluation answers POST /plaatsingen/{id}/evaluaties. A placement the
// actor does not see is 404 before the body is looked at; one that has not
// started (or whose participant was erased) is 409.
func (s *Server) addEvaluation(c echo.Context) error {
	pl, err := s.placementOfPath(c)
	if err != nil {
		return err
	}
	var in plekwijzer.NewEvaluation
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ec, err := s.evaluationContext(ctx, pl, actor(c))
	if err != nil {
		return err
	}
	e, err := in.Evaluation(ec)
	if err != nil || bad != nil {
		return alsoInvalid(bad, err)
	}
	a := actor(c)
	e.PlacementID, e.AuthorID, e.AuthorName, e.AuthorRole = pl.ID, &a.UserID, a.Name, a.Role
	if err := s.store.AddEvaluation(ctx, e); err != nil {
		return err
	}
	if err := s.auditPlacements(c, plekwijzer.AuditCreate, pl); err != nil {
		return err
	}
	return writeJSON(c, http.StatusCreated, e)
}

// evaluationContext is what the ids of an evaluation of pl by a are checked
// against: the participant's learning goals, the skills of the offer and
// its work type.
func (s *Server) evaluationContext(ctx context.Context, pl *plekwijzer.Placement, a *plekwijzer.Actor) (plekwijzer.EvaluationContext, error) {
	ec := plekwijzer.EvaluationContext{Role: a.Role}
	if pl.ParticipantID != nil {
		p, err := s.store.Participant(ctx, *pl.ParticipantID)
		if err != nil {
			return ec, err
		}
		ec.LearningGoals = p.LearningGoals
	}
	o, err := s.store.Offer(ctx, pl.OfferID)
	if err != nil {
		return ec, err
	}
	ec.WorkSkillIDs = append(append(ec.WorkSkillIDs, o.RequiredSkills...), o.LearnableSkills...)
	w, err := s.store.WorkType(ctx, o.WorkTypeID)
	if err != nil {
		return ec, err
	}
	ec.WorkSkillIDs = append(ec.WorkSkillIDs, w.Skills...)
	return ec, nil
}

// dueEvaluations answers GET /evaluaties/te-doen: the evaluations the
// actor's side has still to record, by today plus two weeks, oldest first:
// a coach's for the caseload (and shares), a partner's for the
// organisation's placements, everything for the beheerder.
func (s *Server) dueEvaluations(c echo.Context) error {
	if err := newQuery(c).err(); err != nil {
		return err
	}
	a := actor(c)
	f := plekwijzer.DueFilter{Today: plekwijzer.Today()}
	switch a.Role {
	case plekwijzer.RoleCoach:
		f.CoachID = a.UserID
	case plekwijzer.RolePartner:
		f.OrganisationID = a.OrganisationID
	}
	due, err := s.store.DueEvaluations(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, map[string]any{"data": due})
}

// exportEvaluations reads the evaluations of every placement, for the
// participant's export.
func (s *Server) exportEvaluations(ctx context.Context, pls []*plekwijzer.Placement) ([]*plekwijzer.Evaluation, error) {
	out := []*plekwijzer.Evaluation{}
	for _, pl := range pls {
		es, err := s.store.Evaluations(ctx, pl.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

// development answers GET /deelnemers/{id}/ontwikkeling: the participant's
// history as the evaluations tell it, for the coaches who see the
// participant and the beheerder. A read of participant data, audited.
func (s *Server) development(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).err(); err != nil {
		return err
	}
	p, err := s.participantFor(c, id)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	es, err := s.store.ParticipantEvaluations(ctx, id)
	if err != nil {
		return err
	}
	phases, err := s.store.PhaseHistory(ctx, id)
	if err != nil {
		return err
	}
	if err := s.audit(c, plekwijzer.AuditRead, id); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, plekwijzer.DevelopmentOf(p, phases, es))
}
