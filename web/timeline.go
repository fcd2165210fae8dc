package web

import (
	"github.com/iederz/plekwijzer"
)

type timelineData struct {
	P         plekwijzer.Participant
	T         plekwijzer.Timeline
	WorkTypes []string
	Chart     chart
}

// timeline shows the placements of a participant in the order they
// started and the work types they did (GET /deelnemers/{id}/tijdlijn).
func (a *App) timeline(p *page) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	d := timelineData{P: pt}
	if err := p.api.get("/deelnemers/"+pt.ID+"/tijdlijn", nil, &d.T); err != nil {
		return err
	}
	for _, w := range d.T.WorkTypes {
		d.WorkTypes = append(d.WorkTypes, w.Name)
	}
	d.Chart = timelineChart(d.T.Placements)
	return p.show("tijdlijn", "Tijdlijn van "+pt.Code, "deelnemers", d)
}
