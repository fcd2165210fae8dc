package plekwijzer

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// DropoutCount is how many placements ended, and how many of them in
// dropout, per work type and target group. Ended counts completed
// (afgerond) and dropped-out (uitgevallen) placements; cancelled ones never
// really ran and do not count. Reasons counts the dropouts per dropout
// reason. Placements of deleted participants still count: a placement
// keeps its target group without naming anyone.
type DropoutCount struct {
	WorkTypeID  string
	TargetGroup TargetGroup
	Ended       int
	Dropouts    int
	Reasons     map[string]int // dropout reason → dropouts; never nil
}

// SmoothedRate is a dropout rate pulled towards a prior rate, so that a
// work type with two placements and one dropout does not show 50%:
//
//	(dropouts + strength·prior) / (ended + strength)
//
// It is the mean of a Beta posterior with the prior worth strength
// placements (additive smoothing). With no placements it is the prior; as
// ended grows the observed rate takes over. A negative strength counts as 0.
func SmoothedRate(dropouts, ended int, prior float64, strength float64) float64 {
	strength = max(strength, 0)
	n := float64(ended) + strength
	if n == 0 {
		return prior
	}
	return (float64(dropouts) + strength*prior) / n
}

// StatisticsStore answers the aggregate questions of the dashboard and of
// matching. Its answers hold counts only, never participant ids or codes.
type StatisticsStore interface {
	// DropoutCounts returns, per work type (of the offer) and target group
	// (kept on the placement), the ended placements and the dropouts
	// among them, ordered by work type id and target group. Only pairs
	// with at least one ended placement appear.
	DropoutCounts(ctx context.Context) ([]DropoutCount, error)
	// DropoutCountsWhere is DropoutCounts for the placements f chooses.
	DropoutCountsWhere(ctx context.Context, f StatisticsFilter) ([]DropoutCount, error)
	// OccupancyFacts returns what the occupancy of the offers f chooses in
	// f's weeks is computed from.
	OccupancyFacts(ctx context.Context, f OccupancyFilter) (*OccupancyFacts, error)
	// VarietyFacts returns the offers and the placements that ran (active,
	// completed, dropped out) in the period from from to to.
	VarietyFacts(ctx context.Context, from, to Date) (*VarietyFacts, error)
}

// StatisticsFilter chooses the placements a statistic counts: those that
// ended in the period (bounds "" for none), at offers of organisations of
// one kind, of one target group ("" for every kind and group).
type StatisticsFilter struct {
	Period
	OrganisationKind OrganisationKind
	TargetGroup      TargetGroup
}

// PackingWorkTypeCode is the catalogue code of packing and repacking work
// (inpak- en ompakwerk), the work iederz's offer narrowed down to.
const PackingWorkTypeCode = "inpakken"

// dayNumber counts days since 1970-01-01; -1 for an invalid date.
func dayNumber(d Date) int {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return -1
	}
	return int(t.Unix() / 86400)
}

// dateOfNumber is the date of a dayNumber.
func dateOfNumber(n int) Date {
	return Date(time.Unix(int64(n)*86400, 0).UTC().Format(time.DateOnly))
}

// Monday returns the Monday of the week d lies in.
func (d Date) Monday() Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return d
	}
	return d.AddDays(-((int(t.Weekday()) + 6) % 7))
}

// ISOWeek names the ISO week of d, as 2026-W07.
func (d Date) ISOWeek() string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return ""
	}
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// weekdayOffset is the day of the week of a day-part: 0 for Monday … 4
// for Friday.
func (d DayPart) weekdayOffset() int { return d.Index() / 2 }

// round4 rounds a share to four decimals, enough for a dashboard.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Limits of the statistics' periods.
const (
	MaxOccupancyWeeks = 156
	MaxVarietyMonths  = 60
)

// OccupancyFilter chooses the offers and weeks of the occupancy figures.
type OccupancyFilter struct {
	From, To       Date // the weeks from the one holding From to the one holding To
	OfferID        string
	OrganisationID string
}

// OccupancyFacts is what the occupancy figures are computed from: the
// offers asked for, the placements that held places at any offer in the
// weeks asked for, and the contingents over those offers with the places
// of their pools.
type OccupancyFacts struct {
	Offers       []OfferPlaces
	Bookings     []OfferBooking
	Contingents  []*Contingent
	PoolCapacity map[string]Capacity // contingent id → places of its offers together
}

// OfferPlaces is an offer as occupancy figures show it. Capacity is today's:
// the service keeps no history of capacity changes.
type OfferPlaces struct {
	ID             string
	Title          string
	OrganisationID string
	Status         OfferStatus
	Capacity       Capacity
}

// OfferBooking is a booking at an offer by a placement that ran or runs
// (active, completed, dropped out) or is proposed and still holding.
type OfferBooking struct {
	OfferID  string
	Proposed bool
	Booking
}

// Occupancy is how full the offers were per day-part and week, and how
// contingents' places were used.
type Occupancy struct {
	From        Date                  `json:"van"`
	To          Date                  `json:"tot"`
	Weeks       []Week                `json:"weken"`
	Offers      []OfferOccupancy      `json:"werkplekken"`
	Contingents []ContingentOccupancy `json:"contingenten"`
	Totals      []OccupancyTotal      `json:"totaal"`
}

// Week is one column of the occupancy figures.
type Week struct {
	Label  string `json:"week"`
	Monday Date   `json:"maandag"`
}

// OfferOccupancy is one offer's day-part over the weeks.
type OfferOccupancy struct {
	OfferID  string          `json:"werkplekId"`
	Title    string          `json:"titel"`
	DayPart  DayPart         `json:"dagdeel"`
	Capacity int             `json:"capaciteit"`
	Weeks    []OccupancyCell `json:"weken"`
}

// OccupancyCell is one day-part of one offer on its day of one week:
// places held by placements that ran and by proposals, and free places.
type OccupancyCell struct {
	Occupied int `json:"bezet"`
	Proposed int `json:"voorgesteld"`
	Free     int `json:"vrij"`
}

// ContingentOccupancy is one contingent's day-part over the weeks; a week
// outside its period is null.
type ContingentOccupancy struct {
	ContingentID string         `json:"contingentId"`
	Name         string         `json:"naam"`
	DayPart      DayPart        `json:"dagdeel"`
	Weeks        []*ReservedUse `json:"weken"`
}

// OccupancyTotal sums every offer's day-parts in one week.
type OccupancyTotal struct {
	Capacity int     `json:"capaciteit"`
	Occupied int     `json:"bezet"`
	Proposed int     `json:"voorgesteld"`
	Rate     float64 `json:"bezettingsgraad"` // occupied / capacity
}

// weekSpan returns the weeks [lo, hi] (0-based, clamped to n weeks from
// the Monday m0) in which a booking holds the day-part's day; lo > hi for
// none.
func weekSpan(m0, n, off int, b Booking) (lo, hi int) {
	day := m0 + off
	lo = max(0, ceilDiv(dayNumber(b.Start)-day, 7))
	hi = n - 1
	if b.End != "" {
		hi = min(hi, floorDiv(dayNumber(b.End)-day, 7))
	}
	return lo, hi
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int) int { return -floorDiv(-a, b) }

// Weekly computes the occupancy per offer, day-part and week from the week
// holding from to the week holding to. An offer that is not open and held
// nothing in those weeks is left out.
func (f *OccupancyFacts) Weekly(from, to Date) *Occupancy {
	first, last := from.Monday(), to.Monday()
	m0 := dayNumber(first)
	n := (dayNumber(last)-m0)/7 + 1
	out := &Occupancy{From: first, To: last.AddDays(6), Weeks: make([]Week, n),
		Offers: []OfferOccupancy{}, Contingents: []ContingentOccupancy{}, Totals: make([]OccupancyTotal, n)}
	for w := range n {
		monday := dateOfNumber(m0 + 7*w)
		out.Weeks[w] = Week{Label: monday.ISOWeek(), Monday: monday}
	}
	type key struct {
		offer string
		d     DayPart
	}
	cells := map[key][]OccupancyCell{}
	for _, b := range f.Bookings {
		lo, hi := weekSpan(m0, n, b.DayPart.weekdayOffset(), b.Booking)
		if lo > hi {
			continue
		}
		k := key{b.OfferID, b.DayPart}
		if cells[k] == nil {
			cells[k] = make([]OccupancyCell, n)
		}
		for w := lo; w <= hi; w++ {
			if b.Proposed {
				cells[k][w].Proposed++
			} else {
				cells[k][w].Occupied++
			}
		}
	}
	for _, o := range f.Offers {
		var rows []OfferOccupancy
		held := false
		for _, d := range DayParts {
			cs, capacity := cells[key{o.ID, d}], o.Capacity[d]
			if cs == nil && capacity == 0 {
				continue
			}
			if cs == nil {
				cs = make([]OccupancyCell, n)
			}
			for w := range cs {
				held = held || cs[w] != OccupancyCell{}
				cs[w].Free = max(0, capacity-cs[w].Occupied-cs[w].Proposed)
			}
			rows = append(rows, OfferOccupancy{OfferID: o.ID, Title: o.Title, DayPart: d, Capacity: capacity, Weeks: cs})
		}
		if o.Status != OfferOpen && !held {
			continue
		}
		for _, r := range rows {
			for w, c := range r.Weeks {
				t := &out.Totals[w]
				t.Capacity += r.Capacity
				t.Occupied += c.Occupied
				t.Proposed += c.Proposed
			}
		}
		out.Offers = append(out.Offers, rows...)
	}
	for w := range out.Totals {
		if t := &out.Totals[w]; t.Capacity > 0 {
			t.Rate = round4(float64(t.Occupied) / float64(t.Capacity))
		}
	}
	for _, c := range f.Contingents {
		out.Contingents = append(out.Contingents, f.contingentWeeks(c, m0, n)...)
	}
	return out
}

// contingentWeeks is the use of c's places per day-part and week, from one
// pass over the bookings.
func (f *OccupancyFacts) contingentWeeks(c *Contingent, m0, n int) []ContingentOccupancy {
	inPool := make(map[string]bool, len(c.OfferIDs))
	for _, id := range c.OfferIDs {
		inPool[id] = true
	}
	// counts[d][0]: others' places per week; counts[d][1]: the referrers'.
	var counts [10][2][]int
	for _, b := range f.Bookings {
		i := b.DayPart.Index()
		if i < 0 || c.Places[b.DayPart] == 0 || !inPool[b.OfferID] {
			continue
		}
		k := 0
		if slices.Contains(c.ReferrerIDs, b.ReferrerID) {
			k = 1
		}
		if counts[i][k] == nil {
			counts[i][k] = make([]int, n)
		}
		lo, hi := weekSpan(m0, n, b.DayPart.weekdayOffset(), b.Booking)
		for w := lo; w <= hi; w++ {
			counts[i][k][w]++
		}
	}
	var out []ContingentOccupancy
	for i, d := range DayParts {
		reserved := c.Places[d]
		if reserved == 0 {
			continue
		}
		at := func(k, w int) int {
			if counts[i][k] == nil {
				return 0
			}
			return counts[i][k][w]
		}
		row := ContingentOccupancy{ContingentID: c.ID, Name: c.Name, DayPart: d, Weeks: make([]*ReservedUse, n)}
		for w := range n {
			day := dateOfNumber(m0 + 7*w + d.weekdayOffset())
			if c.Covers(day, &day) {
				u := NewReservedUse(reserved, f.PoolCapacity[c.ID][d], at(1, w), at(0, w))
				row.Weeks[w] = &u
			}
		}
		out = append(out, row)
	}
	return out
}

// DropoutOptions tune the dropout figures.
type DropoutOptions struct {
	// Strength is how many placements the overall dropout rate counts for
	// in each smoothed rate (SmoothedRate).
	Strength float64
}

// DefaultDropoutOptions: the overall rate weighs as 10 placements.
var DefaultDropoutOptions = DropoutOptions{Strength: 10}

// WorkTypeName is how a work type is named in statistics.
type WorkTypeName struct {
	Code string
	Name string
}

// DropoutCell is the dropout of one group of ended placements. Counts are
// published counts (PublishedCount): suppressed (null) below SmallCell,
// rounded to multiples of it otherwise. When Suppressed, too few
// placements ended and every number is null. Dropouts (and with them the
// rate) are null as well when they, or the completed placements beside
// them, are too few to show.
type DropoutCell struct {
	Ended    *int `json:"beeindigd"`
	Dropouts *int `json:"uitgevallen"`
	// Rate is an estimate, not the plain share: the published dropouts
	// over the published ended placements, pulled towards the overall
	// rate (SmoothedRate), so that a small group does not swing to 0 or
	// 100 %. Computed from published counts only, it reveals nothing they
	// do not.
	Rate       *float64      `json:"uitvalKans"`
	Reasons    []ReasonCount `json:"redenen"` // only reasons whose published count is shown
	Suppressed bool          `json:"onderdrukt"`
}

// ReasonCount is how often a dropout reason was given.
type ReasonCount struct {
	Reason string `json:"reden"`
	Count  int    `json:"aantal"`
}

// DropoutStats is dropout over every ended placement, per work type and,
// within it, per target group.
type DropoutStats struct {
	MinCount int     `json:"minimumAantal"`
	Strength float64 `json:"sterkte"`
	// The overall cell: its rate is the plain rate of the published
	// counts, the prior of the others.
	DropoutCell
	WorkTypes []WorkTypeDropout `json:"werksoorten"`
}

// WorkTypeDropout is the dropout at one work type, over every target group
// and per target group.
type WorkTypeDropout struct {
	WorkTypeID string `json:"werksoortId"`
	Code       string `json:"code"`
	Name       string `json:"naam"`
	DropoutCell
	TargetGroups []TargetGroupDropout `json:"doelgroepen"`
}

// TargetGroupDropout is the dropout of one target group at one work type.
type TargetGroupDropout struct {
	TargetGroup TargetGroup `json:"doelgroep"`
	DropoutCell
}

// dropoutTally adds up ended placements, dropouts and their reasons.
type dropoutTally struct {
	ended, dropouts int
	reasons         map[string]int
}

func (t *dropoutTally) add(c DropoutCount) {
	if t.reasons == nil {
		t.reasons = map[string]int{}
	}
	t.ended += c.Ended
	t.dropouts += c.Dropouts
	for r, n := range c.Reasons {
		t.reasons[r] += n
	}
}

// cell publishes a tally by the small-cell rule, its rate smoothed
// towards prior.
func (t dropoutTally) cell(prior, strength float64) DropoutCell {
	ended := PublishedCount(t.ended)
	if ended == nil {
		return DropoutCell{Suppressed: true, Reasons: []ReasonCount{}}
	}
	c := DropoutCell{Ended: ended, Reasons: []ReasonCount{}}
	// Dropouts and completions are complementary: either being small
	// makes the other point at people.
	dropouts := PublishedCount(t.dropouts)
	if dropouts == nil || PublishedCount(t.ended-t.dropouts) == nil {
		return c
	}
	rate := round4(SmoothedRate(*dropouts, *ended, prior, strength))
	c.Dropouts, c.Rate = dropouts, &rate
	for r, n := range t.reasons {
		if p := PublishedCount(n); p != nil {
			c.Reasons = append(c.Reasons, ReasonCount{r, *p})
		}
	}
	slices.SortFunc(c.Reasons, func(a, b ReasonCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	return c
}

// NewDropoutStats turns counts into figures by the small-cell rule
// (PublishedCount), with rates smoothed towards the overall rate of the
// published counts. Within a work type whose total is shown, one
// suppressed target group would follow from the total minus the others,
// so then the smallest other group is suppressed too.
func NewDropoutStats(counts []DropoutCount, names map[string]WorkTypeName, opts DropoutOptions) *DropoutStats {
	s := &DropoutStats{MinCount: SmallCell, Strength: opts.Strength, WorkTypes: []WorkTypeDropout{}}
	var all dropoutTally
	for _, c := range counts {
		all.add(c)
	}
	s.DropoutCell = all.cell(0, 0)
	prior := 0.0
	if s.Rate != nil {
		prior = *s.Rate
	}
	byType := map[string][]DropoutCount{}
	var order []string
	for _, c := range counts {
		if byType[c.WorkTypeID] == nil {
			order = append(order, c.WorkTypeID)
		}
		byType[c.WorkTypeID] = append(byType[c.WorkTypeID], c)
	}
	for _, id := range order {
		var t dropoutTally
		w := WorkTypeDropout{WorkTypeID: id, Code: names[id].Code, Name: names[id].Name, TargetGroups: []TargetGroupDropout{}}
		for _, c := range byType[id] {
			t.add(c)
			var g dropoutTally
			g.add(c)
			w.TargetGroups = append(w.TargetGroups, TargetGroupDropout{c.TargetGroup, g.cell(prior, opts.Strength)})
		}
		w.DropoutCell = t.cell(prior, opts.Strength)
		if !w.Suppressed {
			suppressSecond(w.TargetGroups, byType[id])
		}
		s.WorkTypes = append(s.WorkTypes, w)
	}
	slices.SortStableFunc(s.WorkTypes, func(a, b WorkTypeDropout) int { return strings.Compare(a.Name, b.Name) })
	return s
}

// suppressSecond suppresses the smallest shown cell when exactly one cell
// of a row is suppressed.
func suppressSecond(cells []TargetGroupDropout, counts []DropoutCount) {
	hidden, smallest := 0, -1
	for i, c := range cells {
		if c.Suppressed {
			hidden++
		} else if smallest < 0 || counts[i].Ended < counts[smallest].Ended {
			smallest = i
		}
	}
	if hidden == 1 && smallest >= 0 {
		cells[smallest].DropoutCell = DropoutCell{Suppressed: true, Reasons: []ReasonCount{}}
	}
}

// VarietyFacts is what the variety figures are computed from.
type VarietyFacts struct {
	Offers            []OfferSpan
	Work              []WorkSpan
	PackingWorkTypeID string
}

// OfferSpan is an offer's work type over the time it was on offer: from its
// creation on; an offer that is no longer open counts until its last
// change (the service keeps no history of statuses).
type OfferSpan struct {
	WorkTypeID string
	From       Date
	Until      Date // "" while open
}

// WorkSpan is a placement that ran (active, completed, dropped out) as
// variety sees it: a work type on some day-parts a week over a period.
type WorkSpan struct {
	WorkTypeID string
	Start      Date
	End        Date // "" for open-ended
	DayParts   int
}

// Variety is the variety of work per month.
type Variety struct {
	From   string         `json:"van"`
	To     string         `json:"tot"`
	Months []VarietyMonth `json:"maanden"`
}

// VarietyMonth is the variety of one month. Work is weighed by the places
// it held: day-parts a week times the share of the month a placement ran.
type VarietyMonth struct {
	Month        string  `json:"maand"`
	OnOffer      int     `json:"werksoortenAangeboden"`
	InPlacements int     `json:"werksoortenInPlaatsingen"`
	Placements   *int    `json:"plaatsingen"`     // a published count (PublishedCount)
	Shannon      float64 `json:"shannon"`         // -Σ p ln p over the work types' shares
	Effective    float64 `json:"effectiefAantal"` // exp(shannon): as many equally used work types
	PackingShare float64 `json:"aandeelInpakwerk"`
}

// Monthly computes the variety of each month from from to to (YYYY-MM).
func (f *VarietyFacts) Monthly(from, to time.Time) *Variety {
	out := &Variety{From: from.Format("2006-01"), To: to.Format("2006-01"), Months: []VarietyMonth{}}
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		first := dayNumber(DateOf(m))
		last := dayNumber(DateOf(m.AddDate(0, 1, -1)))
		month := VarietyMonth{Month: m.Format("2006-01")}
		offered := map[string]bool{}
		for _, o := range f.Offers {
			if dayNumber(o.From) <= last && (o.Until == "" || dayNumber(o.Until) >= first) {
				offered[o.WorkTypeID] = true
			}
		}
		month.OnOffer = len(offered)
		weight := map[string]float64{}
		total, placements := 0.0, 0
		for _, w := range f.Work {
			s, e := max(dayNumber(w.Start), first), last
			if w.End != "" {
				e = min(e, dayNumber(w.End))
			}
			if s > e {
				continue
			}
			placements++
			x := float64(w.DayParts) * float64(e-s+1) / float64(last-first+1)
			weight[w.WorkTypeID] += x
			total += x
		}
		month.Placements = PublishedCount(placements)
		month.InPlacements = len(weight)
		if total > 0 {
			h := 0.0
			for _, x := range weight {
				p := x / total
				h -= p * math.Log(p)
			}
			month.Shannon = round4(h)
			month.Effective = round4(math.Exp(h))
			month.PackingShare = round4(weight[f.PackingWorkTypeID] / total)
		}
		out.Months = append(out.Months, month)
	}
	return out
}
