package plekwijzer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// An evaluation (evaluatie) records what a participant learned at a
// placement: the werkplek's observations of the werknemersvaardigheden and
// the work's skills, and the coach's conversation with the participant,
// including the participant's own view. Evaluations are scheduled from the
// placement's dates (a start evaluation, interim ones, a final one) and are
// participant data: audited, exported, erased with the participant.

// WorkSkill is one werknemersvaardigheid: a work skill every job asks,
// scored 1–4 in evaluations. The list is fixed and documented
// (docs/EVALUATIONS.md); ESCO names the ESCO skill it stands for, where one
// fits without changing its meaning.
type WorkSkill struct {
	ID          string `json:"id"`
	Name        string `json:"naam"`
	Description string `json:"omschrijving"`
	ESCO        string `json:"escoUri,omitempty"`
}

// WorkSkills are the werknemersvaardigheden, in the order forms show them.
var WorkSkills = []WorkSkill{
	{"afspraken-nakomen", "Op tijd komen en afspraken nakomen", "Komt op de afgesproken tijd en doet wat is afgesproken, of meldt op tijd dat het niet lukt.", escoSkill("113b4428-0a31-4199-8496-070af7854b91")},
	{"aanwezigheid", "Aanwezigheid", "Is er op de dagdelen die zijn afgesproken.", ""},
	{"instructies-opvolgen", "Instructies opvolgen", "Begrijpt wat er gevraagd wordt en doet het zo.", escoSkill("fc511e12-fe90-40a0-bec8-227abb5e4255")},
	{"samenwerken", "Samenwerken", "Werkt samen met collega's en helpt mee.", escoSkill("60c78287-22eb-4103-9c8c-28deaa460da0")},
	{"zelfstandigheid", "Zelfstandigheid", "Kan een taak doen zonder dat iemand ernaast staat.", escoSkill("c29aa9d2-4da8-4bdd-831c-8d4a2fb51730")},
	{"tempo", "Tempo", "Werkt in een tempo dat bij het werk past.", escoSkill("7a93e22f-54d8-4bf0-9213-d711f6601b49")},
	{"nauwkeurigheid", "Nauwkeurigheid", "Werkt precies en let op details.", escoSkill("83e6510b-ffeb-4aec-959c-4265fd0ff7b7")},
	{"omgaan-met-feedback", "Omgaan met feedback", "Kan tips en kritiek aannemen en er iets mee doen.", escoSkill("05aa7c09-46e7-433f-a81b-92841f4551e7")},
	{"veilig-werken", "Veilig werken", "Houdt zich aan de regels voor veiligheid en gezondheid.", escoSkill("dcc96a49-0bac-4a9c-8f8e-a32b4e47e6eb")},
	{"communiceren", "Communiceren", "Zegt wat nodig is, vraagt om hulp en meldt problemen.", ""},
}

func escoSkill(id string) string { return "http://data.europa.eu/esco/skill/" + id }

// WorkSkillByID returns the werknemersvaardigheid with this id.
func WorkSkillByID(id string) (WorkSkill, bool) {
	i := slices.IndexFunc(WorkSkills, func(w WorkSkill) bool { return w.ID == id })
	if i < 0 {
		return WorkSkill{}, false
	}
	return WorkSkills[i], true
}

// WorkSkillScoreLabels word the scores 1–4 of a werknemersvaardigheid.
var WorkSkillScoreLabels = map[int]string{1: "1 – lukt nog niet", 2: "2 – lukt met veel hulp", 3: "3 – lukt met een beetje hulp", 4: "4 – lukt zelfstandig"}

// EvaluationKind is the moment of an evaluation.
type EvaluationKind string

// Evaluation kinds.
const (
	EvaluationStart   EvaluationKind = "start"
	EvaluationInterim EvaluationKind = "tussen"
	EvaluationFinal   EvaluationKind = "eind"
	// EvaluationIntake is no evaluation: the profile's participatieladder
	// at intake, as the first reading of the development.
	EvaluationIntake EvaluationKind = "intake"
)

// EvaluationKinds lists the kinds, in the order of a placement.
var EvaluationKinds = []EvaluationKind{EvaluationStart, EvaluationInterim, EvaluationFinal}

// Label is k in Dutch.
func (k EvaluationKind) Label() string {
	switch k {
	case EvaluationStart:
		return "Startevaluatie"
	case EvaluationInterim:
		return "Tussenevaluatie"
	case EvaluationFinal:
		return "Eindevaluatie"
	case EvaluationIntake:
		return "Intake"
	}
	return string(k)
}

// GoalProgress is how far a learning goal came.
type GoalProgress string

// Progress on a learning goal.
const (
	GoalNot     GoalProgress = "niet"
	GoalLittle  GoalProgress = "beetje"
	GoalGood    GoalProgress = "goed"
	GoalReached GoalProgress = "bereikt"
)

// GoalProgresses lists the progress values, from none to reached.
var GoalProgresses = []GoalProgress{GoalNot, GoalLittle, GoalGood, GoalReached}

// Label is g in Dutch.
func (g GoalProgress) Label() string {
	switch g {
	case GoalNot:
		return "Nog niet"
	case GoalLittle:
		return "Een beetje"
	case GoalGood:
		return "Goed op weg"
	case GoalReached:
		return "Bereikt"
	}
	return string(g)
}

// EvaluationSide is who records an evaluation: the werkplek observes, the
// coach talks with the participant. Each side has its own part of every
// scheduled moment.
type EvaluationSide string

// Evaluation sides.
const (
	SideWorkplace EvaluationSide = "werkplek"
	SideCoach     EvaluationSide = "coach"
)

// SideOf is the side a user of role r records for.
func SideOf(r Role) EvaluationSide {
	if r == RolePartner {
		return SideWorkplace
	}
	return SideCoach
}

// WorkSkillScore is a werknemersvaardigheid scored 1–4.
type WorkSkillScore struct {
	ID    string `json:"id"`
	Score int    `json:"score"`
}

// GoalScore is the progress on one of the participant's learning goals.
type GoalScore struct {
	ID       string       `json:"id"`
	Progress GoalProgress `json:"voortgang"`
}

// ParticipantView is what the participant said in the conversation with
// the coach: how it went, on a scale of 1 (heel slecht) to 5 (heel goed),
// and in a sentence of their own (what went well, what they want next).
type ParticipantView struct {
	Feeling int    `json:"beleving"`
	Says    string `json:"zegt"`
}

// FeelingLabels word the participant's 5-point scale; the pages show each
// with a face.
var FeelingLabels = map[int]string{1: "Heel slecht", 2: "Niet goed", 3: "Gaat wel", 4: "Goed", 5: "Heel goed"}

// Limits of an evaluation's texts.
const (
	MaxEvaluationNote = 1000
	MaxParticipantSay = 500
)

// Evaluation is one side's evaluation of a placement at one moment.
type Evaluation struct {
	ID          string           `json:"id"`
	PlacementID string           `json:"plaatsingId"`
	Kind        EvaluationKind   `json:"soort"`
	Side        EvaluationSide   `json:"kant"`
	WorkSkills  []WorkSkillScore `json:"werknemersvaardigheden"`
	Goals       []GoalScore      `json:"leerdoelen"`
	// Skills are the work's skills as observed, at the levels 1–3 of a
	// profile's skills.
	Skills []SkillLevel `json:"vaardigheden"`
	Note   string       `json:"toelichting"`
	// Participant is the participant's own view (the coach's part).
	Participant *ParticipantView `json:"deelnemer"`
	// Ladder is the rung of the participatieladder (1–6) at a final
	// evaluation, as the coach judged it.
	Ladder *int `json:"participatieladder"`
	// Attendance is the day-part register's totals when the evaluation
	// was recorded.
	Attendance AttendanceTotals `json:"aanwezigheid"`
	AuthorID   *string          `json:"-"`
	// Imported marks an evaluation written from history (the demo's): it
	// keeps the CreatedAt it has and tells nobody.
	Imported   bool      `json:"-"`
	AuthorName string    `json:"auteur"`
	AuthorRole Role      `json:"auteurRol"`
	CreatedAt  time.Time `json:"aangemaakt"`
}

// NewEvaluation is the input of POST /plaatsingen/{id}/evaluaties.
type NewEvaluation struct {
	Kind        *EvaluationKind   `json:"soort"`
	WorkSkills  *[]WorkSkillScore `json:"werknemersvaardigheden"`
	Goals       *[]GoalScore      `json:"leerdoelen"`
	Skills      *[]SkillLevel     `json:"vaardigheden"`
	Note        *string           `json:"toelichting"`
	Participant *ParticipantView  `json:"deelnemer"`
	Ladder      *int              `json:"participatieladder"`
}

// EvaluationContext is what an evaluation's ids are checked against: the
// participant's learning goals and the skills of the placement's work.
type EvaluationContext struct {
	Role          Role
	LearningGoals []string
	WorkSkillIDs  []string // the ESCO skills of the offer's work type and the offer itself
}

// Evaluation validates n for a user of ec.Role and returns the evaluation
// to store, or an EInvalid error naming every invalid field. The werkplek
// records observations; the participant's view, the learning goals and the
// participatieladder are the coach's part (the werkplek does not know the
// goals unless they were shared, and never hears the conversation).
func (n *NewEvaluation) Evaluation(ec EvaluationContext) (*Evaluation, error) {
	var p Problems
	e := &Evaluation{Side: SideOf(ec.Role), WorkSkills: []WorkSkillScore{}, Goals: []GoalScore{}, Skills: []SkillLevel{}}
	if n.Kind == nil {
		p.Add("soort", "is verplicht")
	} else {
		checkEnum(&p, "soort", *n.Kind, EvaluationKinds)
		e.Kind = *n.Kind
	}
	coach := e.Side == SideCoach
	if n.WorkSkills != nil {
		ids := make([]string, len(*n.WorkSkills))
		for i, w := range *n.WorkSkills {
			ids[i] = w.ID
			if w.Score < 1 || w.Score > 4 {
				p.Add(fmt.Sprintf("werknemersvaardigheden[%d].score", i), "moet 1, 2, 3 of 4 zijn")
			}
		}
		checkListedIDs(&p, "werknemersvaardigheden", ids, func(id string) string {
			if _, ok := WorkSkillByID(id); !ok {
				return fmt.Sprintf("onbekende werknemersvaardigheid %q; zie GET /werknemersvaardigheden", id)
			}
			return ""
		})
		e.WorkSkills = *n.WorkSkills
	}
	if n.Goals != nil {
		if !coach {
			p.Add("leerdoelen", "de leerdoelen beoordeelt de coach met de deelnemer, niet de werkplek")
		}
		ids := make([]string, len(*n.Goals))
		for i, g := range *n.Goals {
			ids[i] = g.ID
			if !slices.Contains(GoalProgresses, g.Progress) {
				p.Addf(fmt.Sprintf("leerdoelen[%d].voortgang", i), "kies uit %s", joinQuoted(GoalProgresses))
			}
		}
		checkListedIDs(&p, "leerdoelen", ids, notIn(ec.LearningGoals, "is geen leerdoel van deze deelnemer"))
		e.Goals = *n.Goals
	}
	if n.Skills != nil {
		ids := make([]string, len(*n.Skills))
		for i, s := range *n.Skills {
			ids[i] = s.SkillID
			if s.Level < 1 || s.Level > 3 {
				p.Add(fmt.Sprintf("vaardigheden[%d].niveau", i), "moet 1, 2 of 3 zijn")
			}
		}
		checkListedIDs(&p, "vaardigheden", ids, notIn(ec.WorkSkillIDs, "hoort niet bij het werk van deze werkplek"))
		e.Skills = *n.Skills
	}
	if n.Note != nil {
		checkFreeText(&p, "toelichting", *n.Note, MaxEvaluationNote)
		e.Note = strings.TrimSpace(*n.Note)
	}
	if v := n.Participant; v != nil {
		switch {
		case !coach:
			p.Add("deelnemer", "wat de deelnemer zelf vindt, legt de coach vast in het gesprek met de deelnemer")
		default:
			if v.Feeling < 1 || v.Feeling > 5 {
				p.Add("deelnemer.beleving", "kies 1 (heel slecht) tot en met 5 (heel goed)")
			}
			checkFreeText(&p, "deelnemer.zegt", v.Says, MaxParticipantSay)
			e.Participant = &ParticipantView{Feeling: v.Feeling, Says: strings.TrimSpace(v.Says)}
		}
	}
	if n.Ladder != nil {
		switch {
		case !coach:
			p.Add("participatieladder", "de participatieladder vult de coach in")
		case *n.Ladder < 1 || *n.Ladder > 6:
			p.Add("participatieladder", "moet een trede van 1 tot en met 6 zijn")
		case e.Kind != EvaluationFinal:
			p.Add("participatieladder", "hoort bij de eindevaluatie (soort \"eind\")")
		}
		e.Ladder = n.Ladder
	}
	if len(p) == 0 && len(e.WorkSkills) == 0 && len(e.Goals) == 0 && len(e.Skills) == 0 && e.Note == "" && e.Participant == nil && e.Ladder == nil {
		p.Add("werknemersvaardigheden", "vul minstens één onderdeel van de evaluatie in")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

// LadderLabels are the rungs of the participatieladder.
var LadderLabels = map[int]string{
	1: "1 – Geïsoleerd", 2: "2 – Sociale contacten buiten de deur", 3: "3 – Deelname aan georganiseerde activiteiten",
	4: "4 – Onbetaald werk", 5: "5 – Betaald werk met ondersteuning", 6: "6 – Betaald werk",
}

// EvaluationSchedule says when a placement's evaluations are due: the
// start evaluation StartAfter days after the start, an interim one every
// Interval days after that, the final one on the end date.
type EvaluationSchedule struct {
	StartAfter int
	Interval   int
}

// DefaultEvaluationSchedule: a start evaluation after 2 weeks, an interim
// one every 6 weeks.
var DefaultEvaluationSchedule = EvaluationSchedule{StartAfter: 14, Interval: 42}

// Validate reports a schedule that cannot work.
func (s EvaluationSchedule) Validate() error {
	if s.StartAfter < 1 || s.Interval < 7 {
		return fmt.Errorf("evaluation schedule: the start evaluation needs at least 1 day, the interval at least 7 (got %d and %d)", s.StartAfter, s.Interval)
	}
	return nil
}

// EvaluationMoment is one scheduled evaluation of a placement.
type EvaluationMoment struct {
	Kind   EvaluationKind `json:"soort"`
	Number int            `json:"nummer"` // 1 for the start and final ones; the count of interim ones
	Due    Date           `json:"datum"`
}

// lookAhead is how far ahead moments are listed, in days.
const lookAhead = 14

// Moments lists the evaluations of pl that are due by today plus two
// weeks: the start one, the interim ones (none in the last week before the
// end) and the final one on the end date. A placement that never ran
// (proposed, cancelled) has none.
func (s EvaluationSchedule) Moments(pl *Placement, today Date) []EvaluationMoment {
	switch pl.Status {
	case PlacementActive, PlacementCompleted, PlacementDropout:
	default:
		return nil
	}
	horizon := today.AddDays(lookAhead)
	end := pl.EndDate
	var out []EvaluationMoment
	due := pl.StartDate.AddDays(s.StartAfter)
	before := func(d Date) bool { return end == nil || d < end.AddDays(-6) }
	if due <= horizon && before(due) {
		out = append(out, EvaluationMoment{Kind: EvaluationStart, Number: 1, Due: due})
	}
	for n := 1; ; n++ {
		d := due.AddDays(n * s.Interval)
		if d > horizon || !before(d) {
			break
		}
		out = append(out, EvaluationMoment{Kind: EvaluationInterim, Number: n, Due: d})
	}
	if end != nil && *end <= horizon {
		out = append(out, EvaluationMoment{Kind: EvaluationFinal, Number: 1, Due: *end})
	}
	return out
}

// Done reports whether side recorded moment m among evaluations es: the
// start and final ones by kind; an interim one by an interim evaluation
// from half an interval before its date on.
func (s EvaluationSchedule) Done(m EvaluationMoment, side EvaluationSide, es []*Evaluation) bool {
	from := m.Due.AddDays(-s.Interval / 2)
	for _, e := range es {
		if e.Side != side || e.Kind != m.Kind {
			continue
		}
		if m.Kind != EvaluationInterim || Date(InNetherlands(e.CreatedAt).Format(time.DateOnly)) >= from {
			return true
		}
	}
	return false
}

// Open lists the moments of pl that side has still to record, by today
// plus two weeks: the start one, the latest interim one (an interim one
// missed is past; the next is what counts) and the final one.
func (s EvaluationSchedule) Open(pl *Placement, side EvaluationSide, es []*Evaluation, today Date) []EvaluationMoment {
	var out []EvaluationMoment
	var interim *EvaluationMoment
	for _, m := range s.Moments(pl, today) {
		if m.Kind == EvaluationInterim {
			interim = &m
			continue
		}
		if !s.Done(m, side, es) {
			out = append(out, m)
		}
	}
	if interim != nil && !s.Done(*interim, side, es) {
		out = append(out, *interim)
		slices.SortStableFunc(out, func(a, b EvaluationMoment) int { return strings.Compare(string(a.Due), string(b.Due)) })
	}
	return out
}

// DueEvaluation is a moment one side has not recorded yet.
type DueEvaluation struct {
	PlacementID string         `json:"plaatsingId"`
	OfferID     string         `json:"-"`
	Code        string         `json:"deelnemerCode"`
	OfferTitle  string         `json:"werkplekTitel"`
	Side        EvaluationSide `json:"kant"`
	EvaluationMoment
	Overdue bool `json:"teLaat"`
}

// DueFilter selects whose due evaluations to list: a coach's caseload
// (with shares), an organisation's placements, or (both empty) all.
type DueFilter struct {
	CoachID        string
	OrganisationID string
	Today          Date
}

// EvaluationStore keeps evaluations.
type EvaluationStore interface {
	// AddEvaluation stores e for placement e.PlacementID, with the day-part
	// register's totals of today, and fills in its id and, unless it is
	// Imported, its time.
	AddEvaluation(ctx context.Context, e *Evaluation) error
	// Evaluations lists a placement's evaluations, oldest first.
	Evaluations(ctx context.Context, placementID string) ([]*Evaluation, error)
	// DueEvaluations lists the moments due (by today plus two weeks) that
	// the filter's side has not recorded, oldest first.
	DueEvaluations(ctx context.Context, f DueFilter) ([]DueEvaluation, error)
	// EvaluationSchedule is when evaluations are due.
	EvaluationSchedule() EvaluationSchedule
	// ParticipantEvaluations lists every evaluation of a participant's
	// placements, oldest first.
	ParticipantEvaluations(ctx context.Context, participantID string) ([]*Evaluation, error)
}

// Development (ontwikkeling) is a participant's history as the evaluations
// tell it: each werknemersvaardigheid and skill over time, the learning
// goals and when they were reached, the participatieladder and how the
// participant felt, oldest first. It is derived from the evaluations, so
// it is exactly as true as they are, and erased with them.
type Development struct {
	// Phases are the phases the participant had, oldest first.
	Phases     []PhaseChange        `json:"fases"`
	WorkSkills []WorkSkillHistory   `json:"werknemersvaardigheden"`
	Skills     []SkillHistory       `json:"vaardigheden"`
	Goals      []GoalHistory        `json:"leerdoelen"`
	Ladder     []DevelopmentReading `json:"participatieladder"`
	Feeling    []DevelopmentReading `json:"beleving"`
	// Evaluations is how many evaluations the history is made of.
	Evaluations int `json:"aantalEvaluaties"`
}

// DevelopmentReading is one value at one evaluation.
type DevelopmentReading struct {
	Date        Date           `json:"datum"`
	Value       int            `json:"waarde"`
	PlacementID string         `json:"plaatsingId"`
	Kind        EvaluationKind `json:"soort"`
	Side        EvaluationSide `json:"kant"`
}

// WorkSkillHistory is one werknemersvaardigheid over time.
type WorkSkillHistory struct {
	ID       string               `json:"id"`
	Name     string               `json:"naam"`
	Readings []DevelopmentReading `json:"metingen"`
}

// Change is the last reading minus the first (0 with fewer than two).
func (h WorkSkillHistory) Change() int {
	if len(h.Readings) < 2 {
		return 0
	}
	return h.Readings[len(h.Readings)-1].Value - h.Readings[0].Value
}

// SkillHistory is one of the work's skills as observed over time.
type SkillHistory struct {
	ID       string               `json:"id"`
	Readings []DevelopmentReading `json:"metingen"`
}

// GoalHistory is one learning goal: its latest progress and when it was
// first recorded as reached.
type GoalHistory struct {
	ID        string        `json:"id"`
	Progress  GoalProgress  `json:"voortgang"`
	ReachedOn *Date         `json:"bereiktOp"`
	Readings  []GoalReading `json:"metingen"`
}

// GoalReading is a learning goal's progress at one evaluation.
type GoalReading struct {
	Date     Date         `json:"datum"`
	Progress GoalProgress `json:"voortgang"`
}

// DevelopmentOf derives the development of p from its phases and evaluations,
// oldest first; the participatieladder starts with the profile's rung at
// intake (dated when the profile was made).
func DevelopmentOf(p *Participant, phases []PhaseChange, es []*Evaluation) *Development {
	if phases == nil {
		phases = []PhaseChange{}
	}
	d := &Development{Phases: phases, WorkSkills: []WorkSkillHistory{}, Skills: []SkillHistory{}, Goals: []GoalHistory{},
		Ladder: []DevelopmentReading{}, Feeling: []DevelopmentReading{}, Evaluations: len(es)}
	sorted := slices.Clone(es)
	slices.SortStableFunc(sorted, func(a, b *Evaluation) int { return a.CreatedAt.Compare(b.CreatedAt) })
	if p != nil && p.Ladder != nil {
		d.Ladder = append(d.Ladder, DevelopmentReading{Date: Date(InNetherlands(p.CreatedAt).Format(time.DateOnly)), Value: *p.Ladder,
			Kind: EvaluationIntake, Side: SideCoach})
	}
	ws := map[string]*WorkSkillHistory{}
	for _, w := range WorkSkills {
		d.WorkSkills = append(d.WorkSkills, WorkSkillHistory{ID: w.ID, Name: w.Name, Readings: []DevelopmentReading{}})
	}
	for i := range d.WorkSkills {
		ws[d.WorkSkills[i].ID] = &d.WorkSkills[i]
	}
	skills := map[string]int{}
	goals := map[string]int{}
	for _, e := range sorted {
		at := Date(InNetherlands(e.CreatedAt).Format(time.DateOnly))
		r := func(v int) DevelopmentReading {
			return DevelopmentReading{Date: at, Value: v, PlacementID: e.PlacementID, Kind: e.Kind, Side: e.Side}
		}
		for _, s := range e.WorkSkills {
			if h := ws[s.ID]; h != nil {
				h.Readings = append(h.Readings, r(s.Score))
			}
		}
		for _, s := range e.Skills {
			i, ok := skills[s.SkillID]
			if !ok {
				i = len(d.Skills)
				skills[s.SkillID] = i
				d.Skills = append(d.Skills, SkillHistory{ID: s.SkillID, Readings: []DevelopmentReading{}})
			}
			d.Skills[i].Readings = append(d.Skills[i].Readings, r(s.Level))
		}
		for _, g := range e.Goals {
			i, ok := goals[g.ID]
			if !ok {
				i = len(d.Goals)
				goals[g.ID] = i
				d.Goals = append(d.Goals, GoalHistory{ID: g.ID, Readings: []GoalReading{}})
			}
			h := &d.Goals[i]
			h.Progress = g.Progress
			h.Readings = append(h.Readings, GoalReading{at, g.Progress})
			if g.Progress == GoalReached && h.ReachedOn == nil {
				day := at
				h.ReachedOn = &day
			}
		}
		if e.Ladder != nil {
			d.Ladder = append(d.Ladder, r(*e.Ladder))
		}
		if e.Participant != nil {
			d.Feeling = append(d.Feeling, r(e.Participant.Feeling))
		}
	}
	return d
}

// notIn names an id that is not among known with reason.
func notIn(known []string, reason string) func(string) string {
	return func(id string) string {
		if slices.Contains(known, id) {
			return ""
		}
		return reason
	}
}
