package web

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// The page Ontwikkeling (/deelnemers/{id}/ontwikkeling): what the
// evaluations tell about a participant's growth, a small chart per
// werknemersvaardigheid with the measurements as a table beside it.

func (a *App) mountDevelopment(e *echo.Echo) {
	e.GET("/deelnemers/:id/ontwikkeling", a.handle(a.development, plekwijzer.RoleCoach, plekwijzer.RoleAdmin))
}

type developmentData struct {
	P     plekwijzer.Participant
	D     plekwijzer.Development
	names map[string]string
}

// Name names a skill or learning goal.
func (d developmentData) Name(id string) string {
	if n, ok := d.names[id]; ok {
		return n
	}
	return id
}

// Measured are the werknemersvaardigheden with at least one score.
func (d developmentData) Measured() []plekwijzer.WorkSkillHistory {
	var out []plekwijzer.WorkSkillHistory
	for _, w := range d.D.WorkSkills {
		if len(w.Readings) > 0 {
			out = append(out, w)
		}
	}
	return out
}

// ScoreLabel words a score 1–4; FeelingLabel and LadderLabel the others.
func (developmentData) ScoreLabel(n int) string   { return plekwijzer.WorkSkillScoreLabels[n] }
func (developmentData) FeelingLabel(n int) string { return plekwijzer.FeelingLabels[n] }
func (developmentData) LadderLabel(n int) string  { return plekwijzer.LadderLabels[n] }

// Spark draws readings 1–4 as a small line (the table beside it says the
// same in words, for a screen reader and a printout).
func (developmentData) Spark(rs []plekwijzer.DevelopmentReading) string {
	const w, h, pad = 160.0, 40.0, 4.0
	var pts []string
	for i, r := range rs {
		x := pad
		if len(rs) > 1 {
			x = pad + float64(i)*(w-2*pad)/float64(len(rs)-1)
		}
		y := h - pad - float64(r.Value-1)*(h-2*pad)/3
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	return strings.Join(pts, " ")
}

func (a *App) development(p *page) error {
	pt, err := p.participantByPath()
	if err != nil {
		return err
	}
	d := developmentData{P: pt, names: map[string]string{}}
	if err := p.api.get("/deelnemers/"+pt.ID+"/ontwikkeling", nil, &d.D); err != nil {
		return err
	}
	var ids []string
	for _, s := range d.D.Skills {
		ids = append(ids, s.ID)
	}
	for _, g := range d.D.Goals {
		ids = append(ids, g.ID)
	}
	named, err := p.skillChoices(dedupe(ids), nil)
	if err != nil {
		return err
	}
	for _, n := range named {
		d.names[n.ID] = n.Name
	}
	return p.show("ontwikkeling", "Ontwikkeling van "+pt.Code, "deelnemers", d)
}

// First and Last are the first and the last of readings (never empty on
// the page).
func (developmentData) First(rs []plekwijzer.DevelopmentReading) plekwijzer.DevelopmentReading {
	return rs[0]
}

func (developmentData) Last(rs []plekwijzer.DevelopmentReading) plekwijzer.DevelopmentReading {
	return rs[len(rs)-1]
}
