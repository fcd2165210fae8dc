package plekwijzer

import (
	"context"
	"slices"
)

// FreePlaces (vrije plaatsen) is how many places of an offer a new,
// open-ended placement could take from a start date on, per day-part, and
// for each of the coming weeks how many are free all that week.
type FreePlaces struct {
	From     Date          `json:"vanaf"`
	DayParts []DayPartFree `json:"dagdelen"`
	Weeks    []WeekFree    `json:"weken"`
}

// DayPartFree is one day-part of an offer from a start date on: its places,
// how many are free from then on without an end, and for a full one the
// first day a place comes free (nil: it stays full, every place is booked
// without an end date).
type DayPartFree struct {
	DayPart  DayPart `json:"dagdeel"`
	Places   int     `json:"plaatsen"`
	Free     int     `json:"vrij"`
	FreeFrom *Date   `json:"vrijVanaf"`
}

// WeekFree is the places free on every day of one week, per day-part the
// offer has places in.
type WeekFree struct {
	Monday Date     `json:"maandag"`
	Week   string   `json:"week"` // ISO week, 2026-W03
	Free   Capacity `json:"vrij"`
}

// MaxFreeWeeks bounds the weeks of FreePlaces.
const MaxFreeWeeks = 26

// NewFreePlaces computes the free places of an offer with capacity c from
// day from on, and for weeks weeks from from's Monday, given the bookings
// that hold its places.
func NewFreePlaces(c Capacity, from Date, weeks int, bookings []Booking) *FreePlaces {
	out := &FreePlaces{From: from, DayParts: []DayPartFree{}, Weeks: []WeekFree{}}
	free := FreeFrom(c, from, bookings)
	for _, d := range DayParts {
		if c[d] == 0 {
			continue
		}
		f := DayPartFree{DayPart: d, Places: c[d], Free: free[d]}
		if f.Free == 0 {
			f.FreeFrom = firstFree(c, d, from, bookings)
		}
		out.DayParts = append(out.DayParts, f)
	}
	monday := from.Monday()
	for w := range weeks {
		start := monday.AddDays(7 * w)
		end := start.AddDays(6)
		wf := WeekFree{Monday: start, Week: start.ISOWeek(), Free: Capacity{}}
		for _, d := range DayParts {
			if c[d] > 0 {
				wf.Free[d] = max(0, c[d]-peakOccupancy(d, start, &end, bookings))
			}
		}
		out.Weeks = append(out.Weeks, wf)
	}
	return out
}

// firstFree is the first day on or after from from which a place of
// day-part d is free without an end: a place only comes free the day after
// a booking ends, so those days are the candidates.
func firstFree(c Capacity, d DayPart, from Date, bookings []Booking) *Date {
	var days []Date
	for _, b := range bookings {
		if b.DayPart == d && b.End != "" && b.End >= from {
			days = append(days, b.End.AddDays(1))
		}
	}
	slices.Sort(days)
	for _, day := range slices.Compact(days) {
		if c[d]-peakOccupancy(d, day, nil, bookings) > 0 {
			return &day
		}
	}
	return nil
}

// FreePlacesStore reads what free places are computed from.
type FreePlacesStore interface {
	// OfferBookings returns the bookings that hold a place of the offer on
	// day from or later.
	OfferBookings(ctx context.Context, offerID string, from Date) ([]Booking, error)
}
