package plekwijzer

import "time"

// SmallCell is the smallest count of people any statistic publishes. A
// target group at one work type is often a handful of people, and with a
// dropout reason ("justitie", "gezondheid") a count of one or two points
// at a person.
const SmallCell = 5

// PublishedCount is how a count of people appears in the statistics: nil
// (suppressed) below SmallCell, otherwise rounded to the nearest multiple
// of SmallCell (5, 6 and 7 become 5; 8 to 12 become 10).
//
// Suppression alone holds within one answer only: two answers whose
// periods or filters differ a little differ by a few people, and their
// difference names them. Rounding to multiples of SmallCell makes every
// difference between two published counts a multiple of SmallCell too, so
// no pair of answers differs by 1 to SmallCell-1 in any cell, and a total
// minus its shown parts no longer recovers a suppressed part exactly.
func PublishedCount(n int) *int {
	if n < SmallCell {
		return nil
	}
	r := (n + SmallCell/2) / SmallCell * SmallCell
	return &r
}

// Period is a statistic's period as it was used: whole calendar months,
// From the first day of a month and To the last day of one. An empty end
// is unbounded.
type Period struct {
	From Date `json:"van,omitempty"`
	To   Date `json:"tot,omitempty"`
}

// MonthPeriod widens from and to ("" for unbounded) to whole calendar
// months: from to the first of its month, to to the last of its month.
// Statistics count whole months only, so that two answers differ by at
// least a month of people and never by a day.
func MonthPeriod(from, to Date) Period {
	return Period{From: firstOfMonth(from), To: lastOfMonth(to)}
}

func firstOfMonth(d Date) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return d
	}
	return Date(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}

func lastOfMonth(d Date) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return d
	}
	return Date(time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}
