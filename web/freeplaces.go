package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/iederz/plekwijzer"
)

// freeView is the free places of an offer from a start date on, for the
// booking form (per day-part) and the offer page (also per week).
type freeView struct {
	OfferID string
	plekwijzer.FreePlaces
	// Available marks the day-parts the participant can work (nil: no
	// participant in view).
	Available map[plekwijzer.DayPart]bool
	// Live: the booking form redraws the table when its start date changes.
	Live bool
}

// freePlaces reads the free places of offer id from day from for weeks.
func (p *page) freePlaces(id string, from plekwijzer.Date, weeks int) (*freeView, error) {
	v := &freeView{OfferID: id}
	q := url.Values{"vanaf": {string(from)}, "weken": {strconv.Itoa(weeks)}}
	if err := p.api.get("/werkplekken/"+id+"/vrij", q, &v.FreePlaces); err != nil {
		return nil, err
	}
	return v, nil
}

// bookingStart is the start date of a booking form if it is one, else
// today: what the free places are counted from.
func bookingStart(form url.Values) plekwijzer.Date {
	if d := plekwijzer.Date(form.Get("startdatum")); d.Valid() {
		return d
	}
	return plekwijzer.Today()
}

// withAvailability marks the day-parts pt is available.
func (v *freeView) withAvailability(pt *plekwijzer.Participant) *freeView {
	v.Available = map[plekwijzer.DayPart]bool{}
	for _, d := range v.DayParts {
		v.Available[d.DayPart] = slices.Contains(pt.Availability, d.DayPart)
	}
	return v
}

// bookingFreePlaces is the htmx answer of the booking form when its start
// date changes: the free places from that date on.
func (a *App) bookingFreePlaces(p *page) error {
	q := p.QueryParams()
	id := q.Get("werkplek")
	if !plekwijzer.ValidID(id) {
		return notFound()
	}
	v, err := p.freePlaces(id, bookingStart(q), 0)
	var errs formErrors
	if errs.addAll(err) {
		return p.HTML(http.StatusOK, "")
	} else if err != nil {
		return err
	}
	if pid := q.Get("deelnemer"); plekwijzer.ValidID(pid) {
		var pt plekwijzer.Participant
		if err := p.api.get("/deelnemers/"+pid, nil, &pt); err != nil {
			return err
		}
		v.withAvailability(&pt)
	}
	v.Live = true
	return p.app.fragment(p, "vrijeplaatsen", v)
}
