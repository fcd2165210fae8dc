package plekwijzer

import (
	"context"
	"math"
	"slices"
	"strings"
)

// TimelineEntry is one placement of a participant with what it was: the
// offer, its organisation and its work type.
type TimelineEntry struct {
	PlacementID      string          `json:"plaatsingId"`
	OfferID          string          `json:"werkplekId"`
	OfferTitle       string          `json:"werkplekTitel"`
	OrganisationName string          `json:"organisatieNaam"`
	WorkTypeID       string          `json:"werksoortId"`
	WorkTypeCode     string          `json:"werksoortCode"`
	WorkTypeName     string          `json:"werksoortNaam"`
	DayParts         []DayPart       `json:"dagdelen"`
	StartDate        Date            `json:"startdatum"`
	EndDate          *Date           `json:"einddatum"`
	Status           PlacementStatus `json:"status"`
	Outcome          *Outcome        `json:"uitkomst"`
	// NewWorkType says this placement brought a work type the participant
	// had not done before; WorkTypesSoFar counts the work types done up to
	// and including it. Both only for placements that ran.
	NewWorkType    bool `json:"nieuweWerksoort"`
	WorkTypesSoFar int  `json:"werksoortenTotNu"`
}

// Ran reports whether the placement really happened (it is or was active).
func (e TimelineEntry) Ran() bool {
	return e.Status == PlacementActive || e.Status == PlacementCompleted || e.Status == PlacementDropout
}

// TimelineWorkType is one work type a participant has done.
type TimelineWorkType struct {
	WorkTypeID string `json:"werksoortId"`
	Code       string `json:"code"`
	Name       string `json:"naam"`
	Placements int    `json:"plaatsingen"`
	First      Date   `json:"eerste"`  // start of the first placement
	Latest     Date   `json:"laatste"` // start of the latest placement
	Days       int    `json:"dagen"`   // calendar days in placements of this work type, up to today
}

// Timeline is a participant's placements in the order they started and the
// variety of the work they have done.
type Timeline struct {
	ParticipantID string             `json:"deelnemerId"`
	Code          string             `json:"code"`
	Placements    []TimelineEntry    `json:"plaatsingen"`
	WorkTypes     []TimelineWorkType `json:"werksoorten"`
	// Shannon is the diversity of the work done, weighed by days and
	// day-parts: 0 for one work type, ln(n) for n in equal measure.
	Shannon float64 `json:"shannon"`
}

// NewTimeline orders a participant's placements by start and works out the
// work types they did and how varied that was, counting days up to today.
func NewTimeline(p *Participant, entries []TimelineEntry, today Date) *Timeline {
	t := &Timeline{ParticipantID: p.ID, Code: p.Code, Placements: slices.Clone(entries), WorkTypes: []TimelineWorkType{}}
	slices.SortStableFunc(t.Placements, func(a, b TimelineEntry) int {
		if c := strings.Compare(string(a.StartDate), string(b.StartDate)); c != 0 {
			return c
		}
		return strings.Compare(a.PlacementID, b.PlacementID)
	})
	index := map[string]int{}
	weight := map[string]float64{}
	total := 0.0
	for i := range t.Placements {
		e := &t.Placements[i]
		if e.DayParts == nil {
			e.DayParts = []DayPart{}
		}
		if !e.Ran() {
			e.WorkTypesSoFar = len(index)
			continue
		}
		k, seen := index[e.WorkTypeID]
		if !seen {
			k = len(t.WorkTypes)
			index[e.WorkTypeID] = k
			t.WorkTypes = append(t.WorkTypes, TimelineWorkType{WorkTypeID: e.WorkTypeID, Code: e.WorkTypeCode,
				Name: e.WorkTypeName, First: e.StartDate})
			e.NewWorkType = true
		}
		e.WorkTypesSoFar = len(index)
		w := &t.WorkTypes[k]
		w.Placements++
		w.Latest = e.StartDate
		end := today
		if e.EndDate != nil && *e.EndDate < end {
			end = *e.EndDate
		}
		if days := dayNumber(end) - dayNumber(e.StartDate) + 1; days > 0 {
			w.Days += days
			x := float64(days * len(e.DayParts))
			weight[e.WorkTypeID] += x
			total += x
		}
	}
	for _, x := range weight {
		p := x / total
		t.Shannon -= p * math.Log(p)
	}
	t.Shannon = round4(t.Shannon)
	return t
}

// WaitingEntry is a participant on the waiting list.
type WaitingEntry struct {
	ParticipantID string      `json:"deelnemerId"`
	Code          string      `json:"code"`
	CoachID       string      `json:"coachId"`
	TargetGroup   TargetGroup `json:"doelgroep"`
	Phase         Phase       `json:"fase"`
	WaitingSince  Date        `json:"wachtendSinds"`
	DaysWaiting   int         `json:"dagenWachtend"`
	// Proposed says a proposal for them holds places now.
	Proposed bool `json:"voorgesteld"`
}

// WaitingFilter narrows the waiting list.
type WaitingFilter struct {
	VisibleTo   string // a coach's user id: only their caseload and shares
	TargetGroup TargetGroup
	Page        Page
}

// DaysBetween is the number of days from a to b (negative when b is first).
func DaysBetween(a, b Date) int { return dayNumber(b) - dayNumber(a) }

// HistoryStore answers questions about one participant's history and the
// waiting list.
type HistoryStore interface {
	// PlacementHistory returns every placement of a participant, with its
	// offer and work type, in no particular order.
	PlacementHistory(ctx context.Context, participantID string) ([]TimelineEntry, error)
	// WaitingList returns one page of the participants waiting for a
	// placement, longest waiting first, and the total.
	WaitingList(ctx context.Context, f WaitingFilter) ([]WaitingEntry, int, error)
}
