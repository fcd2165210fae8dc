package web

import (
	"net/url"
	"strconv"

	"github.com/iederz/plekwijzer"
)

// The capacity grid looks ahead: besides today's occupied places, each
// offer shows its places per day-part for the coming weeks, so a partner
// sees when a full day-part frees up before changing its capacity.

// capacityWeeks is how far the grid looks ahead.
const capacityWeeks = 8

// holdingPlacements lists the placements that hold places (proposed,
// accepted or active) at the offers the user sees. Only partners and
// beheerders may list placements; for others it is empty.
func (p *page) holdingPlacements() ([]plekwijzer.Placement, error) {
	if p.user.Role != plekwijzer.RolePartner && p.user.Role != plekwijzer.RoleAdmin {
		return nil, nil
	}
	var out []plekwijzer.Placement
	for _, st := range []string{"voorgesteld", "geaccepteerd", "actief"} {
		pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", url.Values{"status": {st}}, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, pls...)
	}
	return out, nil
}

// occupancyOn counts, per offer and day-part, the placements of pls that
// hold a place on date d.
func occupancyOn(pls []plekwijzer.Placement, d plekwijzer.Date) occupancy {
	occ := occupancy{}
	for _, pl := range pls {
		if pl.StartDate > d || (pl.EndDate != nil && *pl.EndDate < d) {
			continue
		}
		if occ[pl.OfferID] == nil {
			occ[pl.OfferID] = plekwijzer.Capacity{}
		}
		for _, dp := range pl.DayParts {
			occ[pl.OfferID][dp]++
		}
	}
	return occ
}

// capacityWeek is one week of an offer's look-ahead: per day-part the
// places taken on that day of the week.
type capacityWeek struct {
	Label string // "week 50, vanaf 7 december"
	Cells []weekCell
}

type weekCell struct {
	DayPart          plekwijzer.DayPart
	Occupied, Places int
}

// Free is the number of places still free, never below zero.
func (c weekCell) Free() int { return max(0, c.Places-c.Occupied) }

// Text is the cell as the table shows it.
func (c weekCell) Text() string {
	if c.Places == 0 {
		return "–"
	}
	t := strconv.Itoa(c.Occupied) + " van " + strconv.Itoa(c.Places)
	if c.Free() == 0 {
		t += ", vol"
	}
	return t
}

// lookAhead returns, per offer id, the coming weeks from this week's
// Monday: per week and day-part the placements holding a place on that
// day-part's date.
func lookAhead(pls []plekwijzer.Placement, offers []plekwijzer.Offer, today plekwijzer.Date) map[string][]capacityWeek {
	out := map[string][]capacityWeek{}
	monday := today.Monday()
	for w := range capacityWeeks {
		m := monday.AddDays(7 * w)
		label := weekLabel(m.ISOWeek()) + ", vanaf " + dutchDate(m)
		var byDay [5]occupancy
		for i := range byDay {
			byDay[i] = occupancyOn(pls, m.AddDays(i))
		}
		for _, o := range offers {
			wk := capacityWeek{Label: label}
			for _, dp := range plekwijzer.DayParts {
				wk.Cells = append(wk.Cells, weekCell{DayPart: dp, Occupied: byDay[dp.Index()/2][o.ID][dp], Places: o.Capacity[dp]})
			}
			out[o.ID] = append(out[o.ID], wk)
		}
	}
	return out
}
