package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (a *App) mountManager(e *echo.Echo) {
	e.GET("/dashboard", a.handle(a.dashboard, plekwijzer.RoleManager, plekwijzer.RoleAdmin))
}

// demandItem is one work type of GET /statistieken/vraag.
type demandItem struct {
	WorkType struct {
		Name string `json:"naam"`
	} `json:"werksoort"`
	Participants int `json:"deelnemers"`
	Placeable    int `json:"plaatsbaar"`
	Shortage     int `json:"tekort"`
	OpenOffers   int `json:"openWerkplekken"`
}

type kpi struct {
	Label, Value, Note string
}

type dashboardData struct {
	KPIs   []kpi
	Charts []chart
}

func (a *App) dashboard(p *page) error {
	d := dashboardData{}
	cat, err := p.catalogue()
	if err != nil {
		return err
	}
	offers, err := all[plekwijzer.Offer](p.api, "/werkplekken", nil, 0)
	if err != nil {
		return err
	}
	places, dev, open := plekwijzer.Capacity{}, 0, 0
	perType := map[string]int{}
	for _, o := range offers {
		if o.Status != plekwijzer.OfferOpen {
			continue
		}
		open++
		perType[o.WorkTypeID]++
		for dp, n := range o.Capacity {
			places[dp] += n
			if o.DevelopmentPlace {
				dev += n
			}
		}
	}
	d.KPIs = append(d.KPIs,
		kpi{"Open werkplekken", strconv.Itoa(open), ""},
		kpi{"Werksoorten met een open werkplek", strconv.Itoa(len(perType)), "van " + strconv.Itoa(len(cat.WorkTypes)) + " in de lijst"},
		kpi{"Plaatsen per dagdeel", decimal(float64(places.Total())/float64(len(plekwijzer.DayParts)), 0), "gemiddeld over de week"},
		kpi{"Ontwikkelplekken per dagdeel", decimal(float64(dev)/float64(len(plekwijzer.DayParts)), 0), "gemiddeld over de week"},
	)

	var demand struct {
		Items        []demandItem `json:"items"`
		Participants int          `json:"deelnemers"`
	}
	if err := p.api.get("/statistieken/vraag", nil, &demand); err != nil {
		return err
	}
	d.Charts = append(d.Charts, demandChart(demand.Items, demand.Participants))
	d.Charts = append(d.Charts, offersPerWorkType(cat, perType))
	d.Charts = append(d.Charts, placesPerDayPart(places))
	return p.show("dashboard", "Dashboard", "dashboard", d)
}

// demandChart shows where participants fit but places lack.
func demandChart(items []demandItem, participants int) chart {
	c := chart{ID: "vraag", Title: "Waar plaatsen tekortschieten",
		Desc: fmt.Sprintf("Werksoorten die bij deelnemers passen, met het aantal deelnemers voor wie nu geen plaats is (van %d deelnemers).", participants),
		Head: []string{"Werksoort", "Deelnemers voor wie het past", "Te plaatsen", "Tekort", "Open werkplekken"}}
	slices.SortStableFunc(items, func(a, b demandItem) int { return b.Shortage - a.Shortage })
	var bars []barItem
	for _, it := range items {
		c.Rows = append(c.Rows, []string{it.WorkType.Name, strconv.Itoa(it.Participants), strconv.Itoa(it.Placeable), strconv.Itoa(it.Shortage), strconv.Itoa(it.OpenOffers)})
		if it.Shortage > 0 && len(bars) < 12 {
			bars = append(bars, barItem{Label: it.WorkType.Name, Value: float64(it.Shortage), Display: strconv.Itoa(it.Shortage) + " tekort", Class: "2"})
		}
	}
	if len(bars) > 0 {
		c.SVG = barChart(c.ID+"-svg", c.Title, c.Desc, bars, 0)
	}
	return c
}

func offersPerWorkType(cat *catalogue, perType map[string]int) chart {
	c := chart{ID: "aanbod", Title: "Open werkplekken per werksoort",
		Desc: fmt.Sprintf("%d van de %d werksoorten hebben een open werkplek.", len(perType), len(cat.WorkTypes)),
		Head: []string{"Werksoort", "Open werkplekken"}}
	var bars []barItem
	for _, w := range cat.WorkTypes {
		if n := perType[w.ID]; n > 0 {
			bars = append(bars, barItem{Label: w.Name, Value: float64(n), Display: strconv.Itoa(n)})
		}
	}
	slices.SortStableFunc(bars, func(a, b barItem) int { return int(b.Value - a.Value) })
	for _, b := range bars {
		c.Rows = append(c.Rows, []string{b.Label, b.Display})
	}
	if len(bars) > 0 {
		c.SVG = barChart(c.ID+"-svg", c.Title, c.Desc, bars, 0)
	}
	return c
}

func placesPerDayPart(places plekwijzer.Capacity) chart {
	c := chart{ID: "plaatsen", Title: "Plaatsen per dagdeel", Desc: "Het aantal plaatsen in open werkplekken, per dagdeel van de week.",
		Head: []string{"Dagdeel", "Plaatsen"}}
	var bars []barItem
	for _, dp := range plekwijzer.DayParts {
		bars = append(bars, barItem{Label: dayPartLabel(dp), Value: float64(places[dp]), Display: strconv.Itoa(places[dp])})
		c.Rows = append(c.Rows, []string{dayPartLabel(dp), strconv.Itoa(places[dp])})
	}
	c.SVG = barChart(c.ID+"-svg", c.Title, c.Desc, bars, 0)
	return c
}

// share writes a share as a percentage, or "–" for no value.
func share(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return percent(f)
}
