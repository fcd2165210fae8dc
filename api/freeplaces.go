package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// freePlaces answers how many places of an offer are free from a start
// date on (vanaf, default today) per day-part, until when a full one stays
// full, and the free places of each of the next weken (default 8) weeks.
// Counts only: nothing about who holds the places.
func (s *Server) freePlaces(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c, "vanaf", "weken")
	today := plekwijzer.Today()
	from, _ := q.date("vanaf", today)
	weeks := 8
	if v := c.QueryParam("weken"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > plekwijzer.MaxFreeWeeks {
			q.p.Addf("weken", "moet 0 tot en met %d zijn", plekwijzer.MaxFreeWeeks)
		}
		weeks = n
	}
	if err := q.err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.offerFor(c, id) // another organisation's offer: 404, as for the offer itself
	if err != nil {
		return err
	}
	bookings, err := s.store.OfferBookings(ctx, id, from)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, plekwijzer.NewFreePlaces(o.Capacity, from, weeks, bookings))
}
