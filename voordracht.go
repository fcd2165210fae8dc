package plekwijzer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ShareItem is one part of a participant's profile that a coach may share
// with a werkplek in a voordracht (proposal). Everything else — target
// group, phase, postcode, referrer, what to avoid — never leaves iederz.
type ShareItem string

// The parts of a profile a voordracht can share.
const (
	ShareSupervision   ShareItem = "begeleidingsbehoefte"
	ShareLoad          ShareItem = "belastbaarheid"
	ShareWheelchair    ShareItem = "rolstoel"
	ShareLanguage      ShareItem = "taalniveau"
	ShareSkills        ShareItem = "vaardigheden"
	ShareLearningGoals ShareItem = "leerdoelen"
	ShareInterests     ShareItem = "interesses"
)

// ShareItems lists what may be shared, in the order a partner reads it.
var ShareItems = []ShareItem{ShareSupervision, ShareLoad, ShareWheelchair, ShareLanguage, ShareSkills, ShareLearningGoals, ShareInterests}

// ShareItemLabels are the Dutch names of the shareable parts, frozen into
// every voordracht with its values.
var ShareItemLabels = map[ShareItem]string{
	ShareSupervision: "Begeleidingsbehoefte", ShareLoad: "Belastbaarheid", ShareWheelchair: "Rolstoel",
	ShareLanguage: "Taalniveau Nederlands", ShareSkills: "Vaardigheden", ShareLearningGoals: "Leerdoelen",
	ShareInterests: "Interesses",
}

// MaxProposalNote is the longest toelichting, in characters.
const MaxProposalNote = 1000

// NewProposal is the voordracht a coach sends with a proposed placement:
// what the werkplek may know. Without the participant's consent nothing
// beyond the pseudonymous code is shared, so items or a note without it
// are refused rather than silently dropped.
type NewProposal struct {
	Share   []ShareItem `json:"delen"`
	Note    string      `json:"toelichting"`
	Consent bool        `json:"toestemming"`
}

// Check adds the problems of n to p, under the field name "voordracht".
func (n *NewProposal) Check(p *Problems) {
	for i, it := range n.Share {
		if !slices.Contains(ShareItems, it) {
			p.Addf(fmt.Sprintf("voordracht.delen[%d]", i), "onbekend onderdeel %q; kies uit %s", it, joinQuoted(ShareItems))
		}
	}
	if utf8.RuneCountInString(n.Note) > MaxProposalNote {
		p.Addf("voordracht.toelichting", "is langer dan %d tekens", MaxProposalNote)
	}
	if !n.Consent && (len(n.Share) > 0 || strings.TrimSpace(n.Note) != "") {
		p.Add("voordracht.toestemming", "zonder toestemming van de deelnemer deel je niets behalve de code")
	}
}

// SharedValue is one value of a shared item as the werkplek reads it: a
// label, and for a skill its level (1–3).
type SharedValue struct {
	Label string `json:"naam"`
	Level int    `json:"niveau,omitempty"`
}

// SharedItem is one shared part of the profile, resolved to labels when
// the voordracht was sent.
type SharedItem struct {
	Item   ShareItem     `json:"onderdeel"`
	Label  string        `json:"naam"`
	Values []SharedValue `json:"waarden"`
}

// SupervisionLabels and LoadLabels word the levels of a profile for a
// werkplek.
var (
	SupervisionLabels = map[int]string{1: "1 – licht", 2: "2 – gemiddeld", 3: "3 – veel", 4: "4 – intensief"}
	LoadLabels        = map[Load]string{LoadLow: "Licht werk", LoadMedium: "Gemiddeld werk", LoadHigh: "Zwaar werk"}
)

// ShareProfile resolves the chosen items of p to what a werkplek reads.
// names gives the names of skills and work types by id. The result is
// frozen into the voordracht: later changes of the profile do not reach it.
func ShareProfile(p *Participant, items []ShareItem, names map[string]string) []SharedItem {
	out := []SharedItem{}
	for _, it := range ShareItems {
		if !slices.Contains(items, it) {
			continue
		}
		s := SharedItem{Item: it, Label: ShareItemLabels[it], Values: []SharedValue{}}
		add := func(label string, level int) { s.Values = append(s.Values, SharedValue{Label: label, Level: level}) }
		switch it {
		case ShareSupervision:
			add(SupervisionLabels[p.SupervisionNeed], 0)
		case ShareLoad:
			add(LoadLabels[p.LoadCapacity], 0)
		case ShareWheelchair:
			add(map[bool]string{true: "Gebruikt een rolstoel", false: "Geen rolstoel"}[p.Wheelchair], 0)
		case ShareLanguage:
			add(p.LanguageLevel, 0)
		case ShareSkills:
			for _, sk := range p.Skills {
				add(names[sk.SkillID], sk.Level)
			}
		case ShareLearningGoals:
			for _, id := range p.LearningGoals {
				add(names[id], 0)
			}
		case ShareInterests:
			for _, id := range p.Interests {
				add(names[id], 0)
			}
		}
		out = append(out, s)
	}
	return out
}

// Contact is whom the werkplek calls or mails about a voordracht.
type Contact struct {
	Name  string `json:"naam"`
	Email string `json:"email,omitempty"`
}

// Proposal is a sent voordracht as stored: the shared items frozen at send
// time, the note, the consent (who recorded it, when), the coach to
// contact, the intake being arranged and every answer so far.
type Proposal struct {
	PlacementID string       `json:"-"`
	Shared      []SharedItem `json:"gedeeld"`
	Note        string       `json:"toelichting"`
	Consent     bool         `json:"toestemming"`
	ConsentBy   string       `json:"toestemmingVastgelegdDoor,omitempty"`
	ConsentAt   *time.Time   `json:"toestemmingOp,omitempty"`
	Contact     Contact      `json:"contact"`
	SentAt      time.Time    `json:"verstuurd"`
	Intake      *Intake      `json:"kennismaking"`
	Answers     []*Answer    `json:"antwoorden"`
}

// Decision is what a werkplek answers to a voordracht, or what one side
// says to the other's intake time.
type Decision string

// Decisions. The first three are the werkplek's answers; the last two
// answer a proposed intake time.
const (
	DecisionIntake     Decision = "kennismaken"
	DecisionAccept     Decision = "accepteren"
	DecisionDecline    Decision = "afwijzen"
	DecisionIntakeOK   Decision = "akkoord"
	DecisionIntakeMove Decision = "ander-tijdstip"
)

// AnswerDecisions are the werkplek's answers; IntakeDecisions the replies
// to an intake time.
var (
	AnswerDecisions = []Decision{DecisionIntake, DecisionAccept, DecisionDecline}
	IntakeDecisions = []Decision{DecisionIntakeOK, DecisionIntakeMove}
)

// DeclineReasons say why a werkplek declines a voordracht.
var DeclineReasons = []string{
	"geen-plek", "past-niet-bij-het-werk", "begeleiding-niet-haalbaar", "reisafstand",
	"te-weinig-informatie", "niet-verschenen", "overig",
}

// CancelDeclined is the cancel reason of a placement whose voordracht the
// werkplek declined.
const CancelDeclined = "werkplek-ziet-af"

// MaxAnswerNote is the longest message with an answer, in characters.
const MaxAnswerNote = 1000

// maxIntakeText is the longest place or list of people of an intake.
const maxIntakeText = 200

// AnswerInput is an answer to a voordracht (POST .../antwoord) or a reply
// to an intake time (POST .../kennismaking).
type AnswerInput struct {
	Decision    *Decision  `json:"besluit"`
	Reason      *string    `json:"reden"`
	Note        *string    `json:"toelichting"`
	IntakeAt    *time.Time `json:"kennismakingOp"`
	IntakePlace *string    `json:"kennismakingPlaats"`
	IntakeWith  *string    `json:"kennismakingMet"`
	StartDate   *Date      `json:"startdatum"`
}

// Answer is one recorded answer or intake reply, with who gave it.
type Answer struct {
	Decision    Decision   `json:"besluit"`
	Reason      string     `json:"reden,omitempty"`
	Note        string     `json:"toelichting,omitempty"`
	IntakeAt    *time.Time `json:"kennismakingOp,omitempty"`
	IntakePlace string     `json:"kennismakingPlaats,omitempty"`
	IntakeWith  string     `json:"kennismakingMet,omitempty"`
	StartDate   *Date      `json:"startdatum,omitempty"`
	ByName      string     `json:"door"`
	ByRole      Role       `json:"rol"`
	At          time.Time  `json:"op"`
}

// Answer validates in as one of allowed decisions and returns the answer
// it describes, without who and when. now is the time an intake must lie
// after.
func (in AnswerInput) Answer(allowed []Decision, now time.Time) (*Answer, error) {
	var p Problems
	a := &Answer{}
	if in.Decision == nil {
		p.Add("besluit", "is verplicht")
	} else {
		checkEnum(&p, "besluit", *in.Decision, allowed)
		a.Decision = *in.Decision
	}
	text := func(field string, v *string, limit int) string {
		if v == nil {
			return ""
		}
		if utf8.RuneCountInString(*v) > limit {
			p.Addf(field, "is langer dan %d tekens", limit)
		}
		return strings.TrimSpace(*v)
	}
	a.Note = text("toelichting", in.Note, MaxAnswerNote)
	a.IntakePlace = text("kennismakingPlaats", in.IntakePlace, maxIntakeText)
	a.IntakeWith = text("kennismakingMet", in.IntakeWith, maxIntakeText)
	if in.Reason != nil {
		a.Reason = *in.Reason
	}
	intake := a.Decision == DecisionIntake || a.Decision == DecisionIntakeMove
	switch {
	case a.Decision == DecisionDecline:
		checkEnum(&p, "reden", a.Reason, DeclineReasons)
		if a.Reason == "overig" && strings.TrimSpace(a.Note) == "" {
			// "Iets anders" tells the coach nothing without a word of why.
			p.Add("toelichting", "zeg kort waarom, bij de reden overig")
		}
	case a.Reason != "":
		p.Add("reden", "hoort alleen bij afwijzen")
	}
	switch {
	case intake && in.IntakeAt == nil:
		p.Add("kennismakingOp", "kies een datum en tijd voor de kennismaking")
	case intake && !in.IntakeAt.After(now):
		p.Add("kennismakingOp", "ligt niet in de toekomst")
	case intake:
		t := in.IntakeAt.UTC().Truncate(time.Minute)
		a.IntakeAt = &t
	case in.IntakeAt != nil:
		p.Add("kennismakingOp", "hoort alleen bij een kennismaking")
	}
	if a.Decision == DecisionIntake && a.IntakePlace == "" {
		p.Add("kennismakingPlaats", "zeg waar de kennismaking is")
	}
	if !intake && (a.IntakePlace != "" || a.IntakeWith != "") {
		for _, f := range []string{"kennismakingPlaats", "kennismakingMet"} {
			p.Add(f, "hoort alleen bij een kennismaking")
		}
	}
	switch {
	case a.Decision == DecisionAccept && (in.StartDate == nil || *in.StartDate == ""):
		p.Add("startdatum", "bevestig de startdatum")
	case a.Decision == DecisionAccept && !in.StartDate.Valid():
		p.Add("startdatum", "is geen datum als 2026-01-31")
	case a.Decision == DecisionAccept:
		d := *in.StartDate
		a.StartDate = &d
	case in.StartDate != nil:
		p.Add("startdatum", "hoort alleen bij accepteren")
	}
	return a, p.Err()
}

// Intake is the meeting being arranged before a werkplek decides: when,
// where, with whom, who proposed this time and whether the other side
// agreed to it.
type Intake struct {
	At         time.Time `json:"op"`
	Place      string    `json:"plaats"`
	With       string    `json:"met,omitempty"`
	ProposedBy Role      `json:"voorgesteldDoor"`
	Agreed     bool      `json:"afgesproken"`
}

// CurrentIntake derives the intake from the answers in order: the last
// time proposed, agreed when the other side said "akkoord" after it.
func CurrentIntake(answers []*Answer) *Intake {
	var in *Intake
	for _, a := range answers {
		switch {
		case a.IntakeAt != nil:
			place := a.IntakePlace
			if place == "" && in != nil {
				place = in.Place // a new time at the same place
			}
			with := a.IntakeWith
			if with == "" && in != nil {
				with = in.With
			}
			in = &Intake{At: *a.IntakeAt, Place: place, With: with, ProposedBy: a.ByRole}
		case a.Decision == DecisionIntakeOK && in != nil:
			in.Agreed = true
		}
	}
	return in
}

// IntakeHold is how long after an intake a proposal keeps holding its
// places: time to decide after meeting.
const IntakeHold = 7 * 24 * time.Hour

// Message is one message in the thread of a placement, between the
// participant's coaches and the werkplek's users. Plain text.
type Message struct {
	ID          string    `json:"id"`
	PlacementID string    `json:"plaatsingId"`
	AuthorID    *string   `json:"-"`
	AuthorName  string    `json:"auteur"`
	AuthorRole  Role      `json:"rol"`
	Text        string    `json:"tekst"`
	At          time.Time `json:"op"`
}

// MaxMessage is the longest message, in characters.
const MaxMessage = 2000

// NewMessage is the input of a message.
type NewMessage struct {
	Text *string `json:"tekst"`
}

// Message validates n.
func (n NewMessage) Message() (string, error) {
	var p Problems
	switch {
	case n.Text == nil || strings.TrimSpace(*n.Text) == "":
		p.Add("tekst", "is verplicht")
	case utf8.RuneCountInString(*n.Text) > MaxMessage:
		p.Addf("tekst", "is langer dan %d tekens", MaxMessage)
	case strings.ContainsFunc(*n.Text, isControl):
		p.Add("tekst", "bevat tekens die geen tekst zijn")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	return strings.TrimSpace(*n.Text), nil
}

func isControl(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f }

// ProposalStore keeps voordrachten, the answers to them and the messages
// of placements.
type ProposalStore interface {
	// CreateProposedPlacement books pl as CreatePlacement does and, in
	// the same transaction, freezes the voordracht n (shared items
	// resolved to labels) with by as the coach who sent it.
	CreateProposedPlacement(ctx context.Context, pl *Placement, n *NewProposal, by *Actor) (*Proposal, error)
	// Proposal returns the voordracht of a placement, or ENotFound.
	Proposal(ctx context.Context, placementID string) (*Proposal, error)
	// AnswerProposal records a werkplek's answer: kennismaken keeps the
	// proposal open, accepteren makes it geaccepteerd (actief when the
	// start date has come), afwijzen cancels it and frees its places.
	// EConflict (Details["plaatsingStatus"]) when the proposal is no longer open.
	AnswerProposal(ctx context.Context, placementID string, a *Answer, by *Actor) (*Placement, error)
	// ReplyIntake records an answer to the intake time the other side
	// proposed. EConflict when there is no intake to reply to, the actor
	// proposed it, or the proposal is no longer open.
	ReplyIntake(ctx context.Context, placementID string, a *Answer, by *Actor) (*Placement, error)
	// StartAccepted makes every accepted placement whose start date has
	// come active, and returns how many.
	StartAccepted(ctx context.Context) (int, error)
	// Messages returns the thread of a placement, oldest first.
	Messages(ctx context.Context, placementID string) ([]*Message, error)
	// AddMessage adds a message to a placement's thread.
	AddMessage(ctx context.Context, m *Message) error
	// ProposalCounts returns, per voordracht, what the manager figures
	// are made of.
	ProposalCounts(ctx context.Context) ([]ProposalCount, error)
}

// Invitation is the calendar invitation of the voordracht's intake for the
// mail of a kennismaking notification, or nil when no intake is being
// arranged. It names the code and the offer only, like the mail itself.
// Every new time proposed raises the SEQUENCE of the one event per
// placement, so calendars replace the earlier time.
func (pr *Proposal) Invitation(code, offerTitle string, stamp time.Time) []byte {
	if pr.Intake == nil {
		return nil
	}
	seq := 0
	for _, a := range pr.Answers {
		if a.IntakeAt != nil {
			seq++
		}
	}
	summary := "Kennismaking " + code + " bij " + offerTitle
	description := "Kennismaking voor de voordracht van deelnemer " + code + " bij " + offerTitle + ". Zie Plekwijzer."
	return IntakeICS("kennismaking-"+pr.PlacementID+"@plekwijzer", seq-1, pr.Intake, summary, description, stamp)
}

// IntakeICS renders an intake as an iCalendar invitation (RFC 5545) of one
// hour, for the mail that tells of it. uid must be stable per intake time,
// so a moved intake replaces the earlier invitation's event (same UID,
// higher SEQUENCE).
func IntakeICS(uid string, seq int, in *Intake, summary, description string, stamp time.Time) []byte {
	const layout = "20060102T150405Z"
	esc := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`)
	lines := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//iederz//Plekwijzer//NL", "METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:" + uid,
		fmt.Sprintf("SEQUENCE:%d", seq),
		"DTSTAMP:" + stamp.UTC().Format(layout),
		"DTSTART:" + in.At.UTC().Format(layout),
		"DTEND:" + in.At.Add(time.Hour).UTC().Format(layout),
		"SUMMARY:" + esc.Replace(summary),
		"LOCATION:" + esc.Replace(in.Place),
		"DESCRIPTION:" + esc.Replace(description),
		"END:VEVENT", "END:VCALENDAR",
	}
	var b strings.Builder
	for _, l := range lines {
		// Fold lines longer than 75 octets (RFC 5545 3.1), never inside a
		// UTF-8 sequence; a continuation line's leading space counts.
		for limit := 75; len(l) > limit; limit = 74 {
			cut := limit
			for !utf8.RuneStart(l[cut]) {
				cut--
			}
			b.WriteString(l[:cut] + "\r\n ")
			l = l[cut:]
		}
		b.WriteString(l + "\r\n")
	}
	return []byte(b.String())
}

// ProposalCount is one voordracht as the manager figures count it.
type ProposalCount struct {
	OrganisationID   string
	OrganisationName string
	SentAt           time.Time
	AnsweredAt       *time.Time // the werkplek's first answer
	Final            Decision   // accepteren, afwijzen, or "" while open or when withdrawn or expired
	Reason           string     // the decline reason
}

// ProposalStats are the manager's figures on voordrachten per werkplek
// organisation: which partners need what.
type ProposalStats struct {
	MinCount      int                     `json:"minimumAantal"`
	Organisations []OrganisationProposals `json:"organisaties"`
}

// OrganisationProposals are the figures of one organisation. When
// Suppressed (fewer than MinCount voordrachten), every number is null.
type OrganisationProposals struct {
	OrganisationID string `json:"organisatieId"`
	Name           string `json:"naam"`
	Proposals      *int   `json:"voordrachten"`
	Accepted       *int   `json:"geaccepteerd"`
	Declined       *int   `json:"afgewezen"`
	// AcceptedShare is the accepted share of the decided voordrachten.
	AcceptedShare     *float64      `json:"aandeelGeaccepteerd"`
	MedianAnswerHours *float64      `json:"medianeAntwoordtijdUren"`
	DeclineReasons    []ReasonCount `json:"afwijsredenen"`
	Suppressed        bool          `json:"onderdrukt"`
}

// NewProposalStats turns counts into figures per organisation, by name,
// under the one disclosure rule of every statistic (PublishedCount): an
// organisation with fewer than SmallCell voordrachten shows no numbers, and
// every count shown — accepted, declined, each decline reason — is
// suppressed below SmallCell and rounded to a multiple of it otherwise.
// With a handful of proposals a decline reason such as "niet-verschenen"
// points at a person; rounding keeps two answers (before and after one more
// answer) from differing by one.
func NewProposalStats(counts []ProposalCount) *ProposalStats {
	byOrg := map[string][]ProposalCount{}
	names := map[string]string{}
	for _, c := range counts {
		byOrg[c.OrganisationID] = append(byOrg[c.OrganisationID], c)
		names[c.OrganisationID] = c.OrganisationName
	}
	s := &ProposalStats{MinCount: SmallCell, Organisations: []OrganisationProposals{}}
	for id, cs := range byOrg {
		o := OrganisationProposals{OrganisationID: id, Name: names[id], DeclineReasons: []ReasonCount{}}
		o.Proposals = PublishedCount(len(cs))
		if o.Proposals == nil {
			o.Suppressed = true
			s.Organisations = append(s.Organisations, o)
			continue
		}
		var accepted, declined int
		var hours []float64
		reasons := map[string]int{}
		for _, c := range cs {
			switch c.Final {
			case DecisionAccept:
				accepted++
			case DecisionDecline:
				declined++
				reasons[c.Reason]++
			}
			if c.AnsweredAt != nil {
				hours = append(hours, c.AnsweredAt.Sub(c.SentAt).Hours())
			}
		}
		o.Accepted, o.Declined = PublishedCount(accepted), PublishedCount(declined)
		// The share from the published counts, so that it reveals no more
		// than they do.
		if o.Accepted != nil && o.Declined != nil {
			share := float64(*o.Accepted) / float64(*o.Accepted+*o.Declined)
			o.AcceptedShare = &share
		}
		if len(hours) >= SmallCell {
			m := median(hours)
			o.MedianAnswerHours = &m
		}
		for _, r := range DeclineReasons {
			if n := PublishedCount(reasons[r]); n != nil {
				o.DeclineReasons = append(o.DeclineReasons, ReasonCount{Reason: r, Count: *n})
			}
		}
		s.Organisations = append(s.Organisations, o)
	}
	slices.SortFunc(s.Organisations, func(a, b OrganisationProposals) int {
		return strings.Compare(a.Name+a.OrganisationID, b.Name+b.OrganisationID)
	})
	return s
}

// median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
