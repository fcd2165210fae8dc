package matching

import (
	"fmt"
	"strings"

	"github.com/iederz/plekwijzer"
)

// The rules of a person's profile that a booking is checked against: the
// hard constraints of ranking that say whether the person can do the work
// (each a function used by the ranking too) and the day-parts the person
// is available.
func tooLittleSupervision(o *offer, ps *Person) bool { return o.supervision < ps.supervision }
func tooHeavy(o *offer, ps *Person) bool             { return o.load > ps.load }
func notAccessible(o *offer, ps *Person) bool        { return ps.wheelchair && !o.wheelchair }

// RuleAvailability is the rule that a booking's day-parts are ones the
// participant is available: ranking reads it as the usable day-parts, a
// booking asks it of every chosen day-part.
const RuleAvailability = "beschikbaarheid"

// Breach is one rule a booking breaks: its key (an Exclusion's name or
// RuleAvailability) and why, in Dutch.
type Breach struct {
	Rule   string `json:"regel"`
	Reason string `json:"reden"`
}

// BookingBreaches lists the rules that booking ps at the offer with the
// given id on parts breaks, in check order: day-parts outside the person's
// availability, then the supervision, physical load and wheelchair rules of
// ranking. Free places, the offer's status and double bookings are the
// store's to check. ok is false when the offer is not in the pool.
func (p *Pool) BookingBreaches(ps *Person, offerID string, parts []plekwijzer.DayPart) (out []Breach, ok bool) {
	i, ok := p.byID[offerID]
	if !ok {
		return nil, false
	}
	o := &p.offers[i]
	if outside := maskOf(parts) &^ (ps.avail | ps.busy); outside != 0 {
		out = append(out, Breach{RuleAvailability, fmt.Sprintf("De deelnemer is niet beschikbaar op %s.", dayPartWords(outside))})
	}
	if tooLittleSupervision(o, ps) {
		out = append(out, Breach{Supervision.Name(), fmt.Sprintf("De deelnemer heeft begeleiding van niveau %d nodig; deze werkplek biedt niveau %d.", ps.supervision, o.supervision)})
	}
	if tooHeavy(o, ps) {
		out = append(out, Breach{PhysicalLoad.Name(), fmt.Sprintf("Het werk is %s; de deelnemer kan %s werk aan.", loadWord(o.doc.Offer.PhysicalLoad), loadWord(ps.P.LoadCapacity))})
	}
	if notAccessible(o, ps) {
		out = append(out, Breach{Wheelchair.Name(), "De deelnemer heeft een rolstoeltoegankelijke plek nodig; deze werkplek is dat niet."})
	}
	return out, true
}

// dayPartWords writes day-parts as people read them: "ma ochtend en di middag".
func dayPartWords(m uint16) string {
	parts := dayPartsOf(m)
	names := make([]string, len(parts))
	for i, d := range parts {
		names[i] = strings.ReplaceAll(string(d), "-", " ")
	}
	return joinDutch(names)
}

// loadWord is the Dutch word for a physical load.
func loadWord(l plekwijzer.Load) string {
	switch l {
	case plekwijzer.LoadLow:
		return "licht"
	case plekwijzer.LoadMedium:
		return "gemiddeld zwaar"
	case plekwijzer.LoadHigh:
		return "zwaar"
	}
	return string(l)
}
