package plekwijzer

import (
	"strings"
	"testing"
	"time"
)

func TestIntakeICSIsAFoldedRFC5545Event(t *testing.T) {
	at := time.Date(2026, 12, 14, 9, 30, 0, 0, time.UTC)
	in := &Intake{At: at, Place: "Fietsenwerkplaats, Korreweg 12; achteringang"}
	ics := string(IntakeICS("abc@plekwijzer", 2, in, "Kennismaking DN-2026-0042", strings.Repeat("Kennismaking met één deelnemer. ", 5), at))
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "UID:abc@plekwijzer\r\n", "SEQUENCE:2\r\n", "DTSTART:20261214T093000Z\r\n",
		"DTEND:20261214T103000Z\r\n", `LOCATION:Fietsenwerkplaats\, Korreweg 12\; achteringang`, "END:VCALENDAR\r\n",
	} {
		if !strings.Contains(ics, want) {
			t.Errorf("no %q in\n%s", want, ics)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	if unfolded := strings.ReplaceAll(ics, "\r\n ", ""); !strings.Contains(unfolded, "DESCRIPTION:"+strings.Repeat("Kennismaking met één deelnemer. ", 5)) {
		t.Errorf("the description does not unfold to the text:\n%s", ics)
	}
}

func TestShareProfileResolvesOnlyTheChosenItems(t *testing.T) {
	p := &Participant{SupervisionNeed: 3, LoadCapacity: LoadLow, Wheelchair: true, LanguageLevel: "B1",
		Skills: []SkillLevel{{SkillID: "s1", Level: 3}}, LearningGoals: []string{"s2"}, Interests: []string{"w1"}}
	names := map[string]string{"s1": "Solderen", "s2": "Plannen", "w1": "Fietsenreparatie"}
	got := ShareProfile(p, []ShareItem{ShareInterests, ShareSupervision, ShareSkills}, names)
	if len(got) != 3 || got[0].Item != ShareSupervision || got[0].Values[0].Label != "3 – veel" ||
		got[1].Values[0] != (SharedValue{Label: "Solderen", Level: 3}) || got[2].Values[0].Label != "Fietsenreparatie" {
		t.Errorf("shared %+v", got)
	}
}

func TestInvitationFollowsTheIntake(t *testing.T) {
	at := time.Date(2026, 12, 14, 9, 30, 0, 0, time.UTC)
	later := at.Add(24 * time.Hour)
	pr := &Proposal{PlacementID: "p1", Answers: []*Answer{
		{Decision: DecisionIntake, IntakeAt: &at, IntakePlace: "Werkplaats", ByRole: RolePartner},
		{Decision: DecisionIntakeMove, IntakeAt: &later, ByRole: RoleCoach},
	}}
	if (&Proposal{}).Invitation("DN-1", "Fietsen", at) != nil {
		t.Error("an invitation without an intake")
	}
	pr.Intake = CurrentIntake(pr.Answers)
	ics := string(pr.Invitation("DN-1", "Fietsen", at))
	for _, want := range []string{"UID:kennismaking-p1@plekwijzer", "SEQUENCE:1", "DTSTART:20261215T093000Z", "LOCATION:Werkplaats"} {
		if !strings.Contains(ics, want) {
			t.Errorf("no %q in\n%s", want, ics)
		}
	}
}

// TestDeclineOtherNeedsAWord: "overig" as a decline reason tells the coach
// nothing without a word of why; the other reasons need none.
func TestDeclineOtherNeedsAWord(t *testing.T) {
	decline, other, noPlace, why := DecisionDecline, "overig", "geen-plek", "We stoppen met deze werkplek."
	now := time.Now()
	_, err := AnswerInput{Decision: &decline, Reason: &other}.Answer(AnswerDecisions, now)
	if f := ErrorFields(err); len(f) != 1 || f[0].Name != "toelichting" {
		t.Errorf("overig without a word: %v", err)
	}
	if _, err := (AnswerInput{Decision: &decline, Reason: &other, Note: &why}).Answer(AnswerDecisions, now); err != nil {
		t.Errorf("overig with a word: %v", err)
	}
	if _, err := (AnswerInput{Decision: &decline, Reason: &noPlace}).Answer(AnswerDecisions, now); err != nil {
		t.Errorf("geen-plek: %v", err)
	}
}
