package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/iederz/plekwijzer"
)

// timelineEntry is one placement on a participant's timeline.
type timelineEntry struct {
	PlacementID  string                     `json:"plaatsingId"`
	OfferTitle   string                     `json:"werkplekTitel"`
	Organisation string                     `json:"organisatieNaam"`
	WorkTypeID   string                     `json:"werksoortId"`
	WorkTypeName string                     `json:"werksoortNaam"`
	DayParts     []plekwijzer.DayPart       `json:"dagdelen"`
	StartDate    plekwijzer.Date            `json:"startdatum"`
	EndDate      *plekwijzer.Date           `json:"einddatum"`
	Status       plekwijzer.PlacementStatus `json:"status"`
	Outcome      *plekwijzer.Outcome        `json:"uitkomst"`
	NewWorkType  bool                       `json:"nieuweWerksoort"`
	SoFar        int                        `json:"werksoortenTotNu"`
}

type timelineData struct {
	P         plekwijzer.Participant
	Entries   []timelineEntry
	WorkTypes []string
	Chart     chart
}

func (a *App) timeline(p *page) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	id := pt.ID
	d := timelineData{P: pt}
	pls, err := all[plekwijzer.Placement](p.api, "/plaatsingen", url.Values{"deelnemerId": {id}}, 0)
	if err != nil {
		return err
	}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	slices.SortStableFunc(pls, func(a, b plekwijzer.Placement) int { return strings.Compare(string(a.StartDate), string(b.StartDate)) })
	for _, pl := range pls {
		var o plekwijzer.Offer
		if err := p.api.get("/werkplekken/"+pl.OfferID, nil, &o); err != nil && status(err) != 404 {
			return err
		}
		e := timelineEntry{PlacementID: pl.ID, OfferTitle: o.Title, WorkTypeID: o.WorkTypeID, WorkTypeName: cat.workTypeName(o.WorkTypeID),
			DayParts: pl.DayParts, StartDate: pl.StartDate, EndDate: pl.EndDate, Status: pl.Status, Outcome: pl.Outcome}
		ran := pl.Status == plekwijzer.PlacementActive || pl.Status == plekwijzer.PlacementCompleted || pl.Status == plekwijzer.PlacementDropout
		if ran && !seen[o.WorkTypeID] {
			seen[o.WorkTypeID] = true
			e.NewWorkType = true
			d.WorkTypes = append(d.WorkTypes, e.WorkTypeName)
		}
		e.SoFar = len(seen)
		d.Entries = append(d.Entries, e)
	}
	d.Chart = timelineChart(d.Entries)
	return p.show("tijdlijn", "Tijdlijn van "+d.P.Code, "deelnemers", d)
}
