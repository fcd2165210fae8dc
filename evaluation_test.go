package plekwijzer

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestEvaluationMoments: the start evaluation two weeks after the start,
// an interim one every six weeks (none in the last week before the end),
// the final one on the end date; listed up to two weeks ahead; a placement
// that never ran has none.
func TestEvaluationMoments(t *testing.T) {
	s := DefaultEvaluationSchedule
	end := Date("2026-05-25")
	pl := &Placement{Status: PlacementActive, StartDate: "2026-01-05", EndDate: &end}
	got := s.Moments(pl, "2026-12-01")
	want := []EvaluationMoment{
		{EvaluationStart, 1, "2026-01-19"},
		{EvaluationInterim, 1, "2026-03-02"},
		{EvaluationInterim, 2, "2026-04-13"},
		// 2026-05-25 would be the third, on the end date: the final one instead.
		{EvaluationFinal, 1, "2026-05-25"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("moments %v, want %v", got, want)
	}
	if got := s.Moments(pl, "2026-03-01"); len(got) != 2 || got[1].Due != "2026-03-02" {
		t.Errorf("on 1 March (two weeks ahead): %v", got)
	}
	if got := s.Moments(pl, "2026-01-06"); len(got) != 1 || got[0].Kind != EvaluationStart {
		t.Errorf("a day after the start, the start evaluation within two weeks: %v", got)
	}
	for _, st := range []PlacementStatus{PlacementProposed, PlacementAccepted, PlacementCancelled} {
		if got := s.Moments(&Placement{Status: st, StartDate: "2026-01-05"}, "2026-12-01"); got != nil {
			t.Errorf("%s: %v", st, got)
		}
	}
	short := Date("2026-01-15")
	if got := s.Moments(&Placement{Status: PlacementCompleted, StartDate: "2026-01-05", EndDate: &short}, "2026-12-01"); len(got) != 1 || got[0].Kind != EvaluationFinal {
		t.Errorf("ten days long: only the final one, got %v", got)
	}
}

// TestEvaluationOpen: each side has its own part; a missed interim one is
// past once the next is due; an interim evaluation counts for the moment
// from half an interval before it.
func TestEvaluationOpen(t *testing.T) {
	s := DefaultEvaluationSchedule
	pl := &Placement{Status: PlacementActive, StartDate: "2026-01-05"}
	at := func(day string) time.Time { d, _ := time.Parse(time.DateOnly, day); return d.Add(10 * time.Hour) }
	es := []*Evaluation{
		{Kind: EvaluationStart, Side: SideWorkplace, CreatedAt: at("2026-01-20")},
		{Kind: EvaluationInterim, Side: SideWorkplace, CreatedAt: at("2026-02-25")},
	}
	// On 10 April: start (due 19 Jan), interim 1 (2 March), interim 2 (13 April, within two weeks).
	if got := s.Open(pl, SideWorkplace, es, "2026-04-10"); len(got) != 1 || got[0].Number != 2 {
		t.Errorf("the werkplek: %v, want only interim 2", got)
	}
	got := s.Open(pl, SideCoach, es, "2026-04-10")
	if len(got) != 2 || got[0].Kind != EvaluationStart || got[1].Number != 2 {
		t.Errorf("the coach: %v, want start and interim 2 (interim 1 is past)", got)
	}
	early := []*Evaluation{{Kind: EvaluationInterim, Side: SideCoach, CreatedAt: at("2026-02-01")}}
	if s.Done(EvaluationMoment{EvaluationInterim, 1, "2026-03-02"}, SideCoach, early) {
		t.Error("an interim evaluation a month early counts for the moment")
	}
}

// TestNewEvaluation: the werkplek's and the coach's parts, and what each
// may not fill in.
func TestNewEvaluation(t *testing.T) {
	goal, skill := NewID(), NewID()
	ec := EvaluationContext{Role: RoleCoach, LearningGoals: []string{goal}, WorkSkillIDs: []string{skill}}
	kind, ladder := EvaluationFinal, 4
	n := NewEvaluation{Kind: &kind, Goals: &[]GoalScore{{ID: goal, Progress: GoalReached}}, Ladder: &ladder,
		Participant: &ParticipantView{Feeling: 5, Says: "  Top.  "}}
	e, err := n.Evaluation(ec)
	if err != nil || e.Side != SideCoach || e.Participant.Says != "Top." || *e.Ladder != 4 {
		t.Fatalf("the coach's final evaluation: %+v, %v", e, err)
	}
	ec.Role = RolePartner
	_, err = n.Evaluation(ec)
	var names []string
	for _, f := range ErrorFields(err) {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, []string{"leerdoelen", "deelnemer", "participatieladder"}) {
		t.Errorf("the partner's part: %v", names)
	}
	interim := EvaluationInterim
	if _, err := (&NewEvaluation{Kind: &interim}).Evaluation(ec); len(ErrorFields(err)) != 1 {
		t.Errorf("an empty evaluation: %v", err)
	}
	ec.Role = RoleCoach
	n = NewEvaluation{Kind: &interim, Ladder: &ladder}
	if _, err := n.Evaluation(ec); len(ErrorFields(err)) != 1 || ErrorFields(err)[0].Name != "participatieladder" {
		t.Errorf("a ladder at an interim evaluation: %v", err)
	}
}

// ErrorFields are the invalid fields of err, an *Error.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
