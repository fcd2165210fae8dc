package plekwijzer

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Participant (deelnemer) is a person in a trajectory, known to the service
// only by a pseudonymous code and what matching needs. Participant data is
// special-category personal data: never shown to partners, managers or the
// widget, never logged.
type Participant struct {
	ID              string       `json:"id"`
	Code            string       `json:"code"`
	CoachID         string       `json:"coachId"`
	ReferrerID      *string      `json:"verwijzerId"`
	TargetGroup     TargetGroup  `json:"doelgroep"`
	Phase           Phase        `json:"fase"`
	Availability    []DayPart    `json:"beschikbaarheid"`
	Postcode        string       `json:"postcode"`
	MaxTravelKm     int          `json:"maxReisafstandKm"`
	Skills          []SkillLevel `json:"vaardigheden"`
	Interests       []string     `json:"interesses"`
	Avoid           []string     `json:"vermijden"`
	SupervisionNeed int          `json:"begeleidingsbehoefte"`
	LoadCapacity    Load         `json:"belastbaarheid"`
	Wheelchair      bool         `json:"rolstoel"`
	LanguageLevel   string       `json:"taalniveau"`
	LearningGoals   []string     `json:"leerdoelen"`
	SharedWith      []string     `json:"gedeeldMet"`
	WaitingSince    *Date        `json:"wachtendSinds"`
	// DesiredDayParts is how many day-parts a week the participant wants
	// to work, for the planner; nil: the planner's default.
	DesiredDayParts *int `json:"gewensteDagdelen"`
	// Ladder is the rung of the participatieladder (1–6) at intake; the
	// final evaluations record it later (evaluation.go).
	Ladder    *int      `json:"participatieladder"`
	Version   int       `json:"versie"`
	CreatedAt time.Time `json:"aangemaakt"`
	UpdatedAt time.Time `json:"gewijzigd"`
}

// SkillLevel is a skill a participant has, at level 1 (beginner) to 3.
type SkillLevel struct {
	SkillID string `json:"id"`
	Level   int    `json:"niveau"`
}

// Bounds of participant fields.
const (
	MaxTravelKm   = 200
	MinSkillLevel = 1
	MaxSkillLevel = 3
)

// ParticipantUpdate holds the fields to change; nil leaves a field as is.
type ParticipantUpdate struct {
	Code            *string       `json:"code"`
	CoachID         *string       `json:"coachId"`
	ReferrerID      *string       `json:"verwijzerId"`
	TargetGroup     *TargetGroup  `json:"doelgroep"`
	Phase           *Phase        `json:"fase"`
	Availability    *[]DayPart    `json:"beschikbaarheid"`
	Postcode        *string       `json:"postcode"`
	MaxTravelKm     *int          `json:"maxReisafstandKm"`
	Skills          *[]SkillLevel `json:"vaardigheden"`
	Interests       *[]string     `json:"interesses"`
	Avoid           *[]string     `json:"vermijden"`
	SupervisionNeed *int          `json:"begeleidingsbehoefte"`
	LoadCapacity    *Load         `json:"belastbaarheid"`
	Wheelchair      *bool         `json:"rolstoel"`
	LanguageLevel   *string       `json:"taalniveau"`
	LearningGoals   *[]string     `json:"leerdoelen"`
	SharedWith      *[]string     `json:"gedeeldMet"`
	WaitingSince    *Date         `json:"wachtendSinds"`
	DesiredDayParts *int          `json:"gewensteDagdelen"`   // 0: back to the planner's default
	Ladder          *int          `json:"participatieladder"` // 0: not known
	// PhaseReason says why the phase changes; with an unchanged phase it
	// is refused (it would be lost).
	PhaseReason *string `json:"faseReden"`
}

// MaxPhaseReason is the longest faseReden, in characters.
const MaxPhaseReason = 200

// PhaseChange is one step of a participant's phase history: the phase and
// since when, with the coach's reason (none for the first).
type PhaseChange struct {
	Phase  Phase  `json:"fase"`
	Since  Date   `json:"vanaf"`
	Reason string `json:"reden"`
}

// Apply copies the set fields of u into p. An empty verwijzerId removes the
// referrer.
func (p *Participant) Apply(u ParticipantUpdate) {
	set(&p.Code, u.Code)
	set(&p.CoachID, u.CoachID)
	if u.ReferrerID != nil {
		if *u.ReferrerID == "" {
			p.ReferrerID = nil
		} else {
			id := *u.ReferrerID
			p.ReferrerID = &id
		}
	}
	set(&p.TargetGroup, u.TargetGroup)
	set(&p.Phase, u.Phase)
	set(&p.Availability, u.Availability)
	set(&p.Postcode, u.Postcode)
	set(&p.MaxTravelKm, u.MaxTravelKm)
	set(&p.Skills, u.Skills)
	set(&p.Interests, u.Interests)
	set(&p.Avoid, u.Avoid)
	set(&p.SupervisionNeed, u.SupervisionNeed)
	set(&p.LoadCapacity, u.LoadCapacity)
	set(&p.Wheelchair, u.Wheelchair)
	set(&p.LanguageLevel, u.LanguageLevel)
	set(&p.LearningGoals, u.LearningGoals)
	set(&p.SharedWith, u.SharedWith)
	if u.DesiredDayParts != nil {
		if *u.DesiredDayParts == 0 {
			p.DesiredDayParts = nil
		} else {
			n := *u.DesiredDayParts
			p.DesiredDayParts = &n
		}
	}
	if u.Ladder != nil {
		if *u.Ladder == 0 {
			p.Ladder = nil
		} else {
			n := *u.Ladder
			p.Ladder = &n
		}
	}
	if u.WaitingSince != nil {
		if *u.WaitingSince == "" {
			p.WaitingSince = nil
		} else {
			d := *u.WaitingSince
			p.WaitingSince = &d
		}
	}
}

var (
	codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{2,31}$`)
	bsnRE  = regexp.MustCompile(`^[0-9]{8,9}$`)
)

// Validate checks p, normalises its postcode to PC4 and fills empty lists.
func (p *Participant) Validate() error { return p.problems().Err() }

// ValidateChange validates p after u was applied to a participant in phase
// was: p itself, and a faseReden only with a new phase.
func (p *Participant) ValidateChange(u ParticipantUpdate, was Phase) error {
	pr := p.problems()
	if r := u.PhaseReason; r != nil && strings.TrimSpace(*r) != "" {
		if p.Phase == was {
			pr.Add("faseReden", "hoort bij een nieuwe fase; de fase verandert niet")
		} else {
			checkFreeText(&pr, "faseReden", *r, MaxPhaseReason)
		}
	}
	return pr.Err()
}

func (p *Participant) problems() Problems {
	var pr Problems
	switch {
	case p.Code == "":
		pr.Add("code", "is verplicht")
	case bsnRE.MatchString(p.Code):
		pr.Add("code", "lijkt op een BSN; gebruik een pseudoniem, geen persoonsnummer")
	case !codeRE.MatchString(p.Code):
		pr.Add("code", "moet 3 tot 32 letters, cijfers of streepjes zijn")
	}
	if p.CoachID == "" {
		pr.Add("coachId", "is verplicht")
	} else if !validUUID(p.CoachID) {
		pr.Add("coachId", "is geen geldige id")
	}
	if p.ReferrerID != nil && !validUUID(*p.ReferrerID) {
		pr.Add("verwijzerId", "is geen geldige id")
	}
	checkEnum(&pr, "doelgroep", p.TargetGroup, TargetGroups)
	checkEnum(&pr, "fase", p.Phase, Phases)
	checkDayParts(&pr, "beschikbaarheid", p.Availability)
	if len(p.Availability) == 0 && p.Phase != PhaseLeft {
		pr.Add("beschikbaarheid", "kies minstens één dagdeel waarop de deelnemer kan werken")
	}
	checkPostcode(&pr, "postcode", &p.Postcode, true)
	if p.MaxTravelKm < 0 || p.MaxTravelKm > MaxTravelKm {
		pr.Addf("maxReisafstandKm", "moet 0 tot en met %d zijn", MaxTravelKm)
	}
	seen := map[string]bool{}
	for i, s := range p.Skills {
		name := fmt.Sprintf("vaardigheden[%d]", i)
		switch {
		case !validUUID(s.SkillID):
			pr.Add(name+".id", "is geen geldige id")
		case seen[s.SkillID]:
			pr.Add(name+".id", "staat er dubbel in")
		}
		seen[s.SkillID] = true
		if s.Level < MinSkillLevel || s.Level > MaxSkillLevel {
			pr.Addf(name+".niveau", "moet %d tot en met %d zijn", MinSkillLevel, MaxSkillLevel)
		}
	}
	checkIDs(&pr, "interesses", p.Interests)
	checkIDs(&pr, "vermijden", p.Avoid)
	for i, id := range p.Avoid {
		if slices.Contains(p.Interests, id) {
			pr.Add(fmt.Sprintf("vermijden[%d]", i), "staat ook bij interesses")
		}
	}
	if p.SupervisionNeed < MinSupervision || p.SupervisionNeed > MaxSupervision {
		pr.Addf("begeleidingsbehoefte", "moet %d (licht) tot en met %d (intensief) zijn", MinSupervision, MaxSupervision)
	}
	checkEnum(&pr, "belastbaarheid", p.LoadCapacity, Loads)
	if p.LanguageLevel == "" {
		p.LanguageLevel = "A0"
	}
	checkEnum(&pr, "taalniveau", p.LanguageLevel, LanguageLevels)
	checkIDs(&pr, "leerdoelen", p.LearningGoals)
	checkIDs(&pr, "gedeeldMet", p.SharedWith)
	if p.WaitingSince != nil {
		checkPastDate(&pr, "wachtendSinds", *p.WaitingSince)
	}
	if n := p.DesiredDayParts; n != nil && (*n < 1 || *n > len(DayParts)) {
		pr.Addf("gewensteDagdelen", "moet 1 tot en met %d zijn, of 0 voor de standaard", len(DayParts))
	}
	if n := p.Ladder; n != nil && (*n < 1 || *n > 6) {
		pr.Add("participatieladder", "moet een trede van 1 tot en met 6 zijn, of 0 als die niet bekend is")
	}
	p.normalize()
	return pr
}

func (p *Participant) normalize() {
	if p.Availability == nil {
		p.Availability = []DayPart{}
	}
	p.Availability = SortedDayParts(p.Availability)
	if p.Skills == nil {
		p.Skills = []SkillLevel{}
	}
	for _, l := range []*[]string{&p.Interests, &p.Avoid, &p.LearningGoals, &p.SharedWith} {
		if *l == nil {
			*l = []string{}
		}
	}
}

// VisibleTo reports whether a coach may see this participant: the
// participant is in their caseload or shared with them.
func (p *Participant) VisibleTo(coachID string) bool {
	return p.CoachID == coachID || slices.Contains(p.SharedWith, coachID)
}

// ParticipantFilter narrows a list of participants.
type ParticipantFilter struct {
	VisibleTo   string // a coach's user id: only their caseload and shares
	CoachID     string
	ReferrerID  string
	TargetGroup TargetGroup
	Phase       Phase
	DayPart     DayPart  // available in this day-part
	Code        string   // exact pseudonymous code
	Waiting     *bool    // on the waiting list (wachtendSinds set)
	IDs         []string // only these participants (nil: any)
	Page        Page
}

// ParticipantStore keeps participant profiles.
type ParticipantStore interface {
	// FindParticipants returns one page of matching participants, by code,
	// and the total.
	FindParticipants(ctx context.Context, f ParticipantFilter) ([]*Participant, int, error)
	// Participant returns one participant, or ENotFound.
	Participant(ctx context.Context, id string) (*Participant, error)
	// CreateParticipant stores p. EInvalid (also for unknown coach,
	// referrer, skills or work types), EConflict for a duplicate code.
	CreateParticipant(ctx context.Context, p *Participant) error
	// UpdateParticipant applies u if the version matches (0: any).
	// ENotFound, EInvalid, EConflict for a stale version or duplicate code.
	UpdateParticipant(ctx context.Context, id string, u ParticipantUpdate, version int) (*Participant, error)
	// DeleteParticipant removes the participant's personal data; their
	// placements stay as anonymous records. ENotFound.
	DeleteParticipant(ctx context.Context, id string) error
	// PhaseHistory lists the phases a participant had, oldest first.
	PhaseHistory(ctx context.Context, id string) ([]PhaseChange, error)
}
