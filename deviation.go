package plekwijzer

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Deviation (afwijking) is a coach's recorded choice to book a placement
// that breaks a hard rule of matching: which rules, why, by whom and when.
// The reason is about the participant: only the coach side reads it, and
// it is erased with the participant.
type Deviation struct {
	Rules  []string  `json:"regels"`
	Reason string    `json:"reden"`
	By     string    `json:"door"`
	At     time.Time `json:"vastgelegd"`
}

// NewDeviation is the override a coach sends with a booking.
type NewDeviation struct {
	Reason *string `json:"reden"`
}

// MaxDeviationReason bounds the reason of a deviation.
const MaxDeviationReason = 1000

// Check adds the problems of n to p.
func (n *NewDeviation) Check(p *Problems) {
	switch {
	case n.Reason == nil || strings.TrimSpace(*n.Reason) == "":
		p.Add("afwijking.reden", "schrijf op waarom je van de regel afwijkt")
	case utf8.RuneCountInString(*n.Reason) > MaxDeviationReason:
		p.Addf("afwijking.reden", "is langer dan %d tekens", MaxDeviationReason)
	}
}
