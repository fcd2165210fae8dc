package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

func (a *App) mountManager(e *echo.Echo) {
	e.GET("/dashboard", a.handle(a.dashboard, plekwijzer.RoleManager, plekwijzer.RoleAdmin))
	e.GET("/dashboard/export/:file", a.handle(a.exportChart, plekwijzer.RoleManager, plekwijzer.RoleAdmin))
}

// The manager's dashboard: is variety growing and dropout falling? Every
// figure comes from the API's statistics (aggregates only, small dropout
// cells suppressed there) and is drawn here as SVG with its table.

// demandItem is one work type of GET /statistieken/vraag.
type demandItem struct {
	WorkType struct {
		Name string `json:"naam"`
	} `json:"werksoort"`
	Participants *int `json:"deelnemers"`
	Placeable    *int `json:"plaatsbaar"`
	Shortage     *int `json:"tekort"`
	OpenOffers   int  `json:"openWerkplekken"`
}

type kpi struct {
	Label, Value, Note string
}

type dashboardData struct {
	Filter    dashboardFilter // dashboardfilter.go
	KPIs      []kpi
	Charts    []chart
	Proposals plekwijzer.ProposalStats // answers to voordrachten per organisation
}

func (a *App) dashboard(p *page) error {
	f := readDashboardFilter(p.QueryParams())
	var errs formErrors
	var d dashboardData
	var err error
	if !f.check(&errs) {
		d, err = p.dashboardFigures(f)
	}
	if !errs.Empty() || errs.addAll(err) {
		errs.Message = "De filters kloppen niet; de cijfers zijn niet bijgewerkt."
		d, err = p.dashboardFigures(dashboardFilter{})
		d.Filter = f
	}
	if err != nil {
		return err
	}
	return p.showForm(http.StatusOK, "dashboard", "Dashboard", "dashboard", d, f.Form(), &errs)
}

// dashboardFigures reads the statistics and draws the charts, for the
// page and for the export of each chart's table.
func (p *page) dashboardFigures(f dashboardFilter) (dashboardData, error) {
	var (
		variety   plekwijzer.Variety
		dropout   plekwijzer.DropoutStats
		occupancy plekwijzer.Occupancy
		demand    struct {
			Items        []demandItem `json:"items"`
			Participants *int         `json:"deelnemers"`
			ComputedAt   time.Time    `json:"berekendOp"`
		}
	)
	d := dashboardData{Filter: f}
	queries := f.queries()
	for path, out := range map[string]any{"/statistieken/variatie": &variety, "/statistieken/uitval": &dropout,
		"/statistieken/bezetting": &occupancy, "/statistieken/vraag": &demand, "/statistieken/voordrachten": &d.Proposals} {
		if err := p.api.get(path, queries[path], out); err != nil {
			return d, err
		}
	}
	offers, err := all[plekwijzer.Offer](p.api, "/werkplekken", nil, 0)
	if err != nil {
		return d, err
	}
	open := 0
	for _, o := range offers {
		if o.Status == plekwijzer.OfferOpen {
			open++
		}
	}
	week := currentWeek(occupancy.Weeks)
	d.KPIs = append(d.KPIs, kpi{"Open werkplekken", strconv.Itoa(open), ""})
	if n := len(variety.Months); n > 0 {
		last := variety.Months[n-1]
		d.KPIs = append(d.KPIs,
			kpi{"Werksoorten in plaatsingen", strconv.Itoa(last.InPlacements), "deze maand; " + strconv.Itoa(last.OnOffer) + " aangeboden"},
			kpi{"Aandeel inpakwerk", percent(last.PackingShare), "deze maand" + trend(variety.Months[0].PackingShare, last.PackingShare, "een jaar eerder")})
	}
	if week >= 0 && week < len(occupancy.Totals) {
		d.KPIs = append(d.KPIs, kpi{"Bezetting", percent(occupancy.Totals[week].Rate), "deze week"})
	}
	if dropout.Rate != nil {
		d.KPIs = append(d.KPIs, kpi{"Uitval", percent(*dropout.Rate),
			fmt.Sprintf("%s van %s beëindigde plaatsingen (afgerond op vijftallen)", shownCount(dropout.Dropouts), shownCount(dropout.Ended))})
	}
	d.Charts = append(d.Charts, varietyChart(variety), packingChart(variety), dropoutChart(dropout),
		occupancyHeatmap(occupancy, week), occupancyTrend(occupancy), reservedChart(occupancy),
		demandChart(demand.Items, demand.Participants, demand.ComputedAt))
	q := ""
	if s := f.Query(); s != "" {
		q = "?" + s
	}
	for i, c := range d.Charts {
		d.Charts[i].ExportCSV = "/dashboard/export/" + c.ID + ".csv" + q
		d.Charts[i].ExportXLSX = "/dashboard/export/" + c.ID + ".xlsx" + q
	}
	return d, nil
}

// trend says how a share moved since an earlier value.
func trend(before, now float64, when string) string {
	switch diff := math.Round((now - before) * 100); {
	case diff < 0:
		return fmt.Sprintf(", %d procentpunt lager dan %s", int(-diff), when)
	case diff > 0:
		return fmt.Sprintf(", %d procentpunt hoger dan %s", int(diff), when)
	}
	return ", even hoog als " + when
}

// weekLabel is "week 48" for "2026-W48".
func weekLabel(w string) string {
	if _, n, ok := strings.Cut(w, "-W"); ok {
		return "week " + strings.TrimLeft(n, "0")
	}
	return w
}

// currentWeek is the index of this week among weeks, or the last.
func currentWeek(weeks []plekwijzer.Week) int {
	monday := plekwijzer.Today().Monday()
	for i, w := range weeks {
		if w.Monday == monday {
			return i
		}
	}
	return len(weeks) - 1
}

// monthLabel is "jan 2026" for "2026-01".
func monthLabel(m string) string {
	y, mm, ok := strings.Cut(m, "-")
	n, err := strconv.Atoi(mm)
	if !ok || err != nil || n < 1 || n > 12 {
		return m
	}
	return months[n-1][:3] + " " + y
}

func varietyChart(v plekwijzer.Variety) chart {
	c := chart{ID: "variatie", Title: "Afwisseling in het werk per maand",
		Desc:   "Hoeveel werksoorten er werden gedaan, en het effectieve aantal: zoveel werksoorten als er in gelijke mate gedaan zouden zijn (e tot de macht Shannon-index).",
		Head:   []string{"Maand", "Aangeboden", "In plaatsingen", "Plaatsingen", "Shannon-index", "Effectief aantal", "Aandeel inpakwerk"},
		Legend: []string{"werksoorten in plaatsingen", "effectief aantal werksoorten", "werksoorten aangeboden"}}
	var labels []string
	ss := []series{{Name: "in plaatsingen"}, {Name: "effectief"}, {Name: "aangeboden"}}
	for _, m := range v.Months {
		labels = append(labels, monthLabel(m.Month))
		ss[0].Values = append(ss[0].Values, float64(m.InPlacements))
		ss[1].Values = append(ss[1].Values, m.Effective)
		ss[2].Values = append(ss[2].Values, float64(m.OnOffer))
		c.Rows = append(c.Rows, []string{monthLabel(m.Month), strconv.Itoa(m.OnOffer), strconv.Itoa(m.InPlacements), shownCount(m.Placements),
			decimal(m.Shannon, 2), decimal(m.Effective, 1), percent(m.PackingShare)})
	}
	if len(labels) > 0 {
		c.SVG = lineChart(c.ID+"-svg", c.Title, c.Desc, labels, ss, 0, func(f float64) string { return decimal(f, 0) })
	}
	return c
}

func packingChart(v plekwijzer.Variety) chart {
	c := chart{ID: "inpakwerk", Title: "Aandeel inpak- en ompakwerk",
		Desc: "Het deel van het werk in plaatsingen dat inpakken of ompakken was, per maand. De brief van het college wil dat dit daalt.",
		Head: []string{"Maand", "Aandeel inpakwerk"}}
	var labels []string
	s := series{Name: "inpakwerk"}
	for _, m := range v.Months {
		labels = append(labels, monthLabel(m.Month))
		s.Values = append(s.Values, m.PackingShare)
		c.Rows = append(c.Rows, []string{monthLabel(m.Month), percent(m.PackingShare)})
	}
	if len(labels) > 0 {
		c.SVG = lineChart(c.ID+"-svg", c.Title, c.Desc, labels, []series{s}, 0.5, percent)
	}
	return c
}

// dropoutChart is a heat map of the chance of dropout per work type
// (rows) and target group (columns); cells with too few placements to
// show without pointing at a person stay empty.
func dropoutChart(s plekwijzer.DropoutStats) chart {
	c := chart{ID: "uitval", Title: "Uitval per werksoort en doelgroep",
		Desc: fmt.Sprintf("De geschatte kans dat een plaatsing eindigt met uitval, per werksoort en doelgroep. "+
			"De schatting (≈) trekt kleine groepen naar het gemiddelde van alle plaatsingen, dus 0 uitvallers kan toch een kans boven 0 geven; "+
			"de tabel toont de getelde aantallen ernaast. "+
			"Aantallen zijn afgerond op vijftallen. Een leeg vak: minder dan %d, niet getoond, zodat niemand te herkennen is.", s.MinCount),
		Head: []string{"Werksoort", "Doelgroep", "Beëindigd", "Uitgevallen", "Kans op uitval (geschat)", "Meest genoemde redenen"}}
	groups := []plekwijzer.TargetGroup{}
	for _, w := range s.WorkTypes {
		for _, g := range w.TargetGroups {
			if !g.Suppressed && !slices.Contains(groups, g.TargetGroup) {
				groups = append(groups, g.TargetGroup)
			}
		}
	}
	slices.SortFunc(groups, func(a, b plekwijzer.TargetGroup) int {
		return slices.Index(plekwijzer.TargetGroups, a) - slices.Index(plekwijzer.TargetGroups, b)
	})
	works := slices.Clone(s.WorkTypes)
	slices.SortStableFunc(works, func(a, b plekwijzer.WorkTypeDropout) int { return cmpRate(b.DropoutCell, a.DropoutCell) })
	cols := []string{"alle"}
	for _, g := range groups {
		cols = append(cols, shortGroup(g))
	}
	var rows []string
	var cells [][]heatCell
	for _, w := range works {
		if w.Suppressed {
			continue
		}
		rows = append(rows, w.Name)
		row := []heatCell{dropoutCell(w.DropoutCell)}
		c.Rows = append(c.Rows, dropoutRow(w.Name, "alle doelgroepen", w.DropoutCell))
		for _, g := range groups {
			cell := heatCell{Share: math.NaN(), Text: ""}
			for _, tg := range w.TargetGroups {
				if tg.TargetGroup == g {
					cell = dropoutCell(tg.DropoutCell)
					if !tg.Suppressed {
						c.Rows = append(c.Rows, dropoutRow(w.Name, label("doelgroep", g), tg.DropoutCell))
					}
				}
			}
			row = append(row, cell)
		}
		cells = append(cells, row)
	}
	if len(rows) > 0 {
		c.SVG = heatmap(c.ID+"-svg", c.Title, c.Desc, rows, cols, cells)
		c.Legend = []string{"donkerder: meer uitval"}
	}
	return c
}

func cmpRate(a, b plekwijzer.DropoutCell) int {
	ra, rb := -1.0, -1.0
	if a.Rate != nil {
		ra = *a.Rate
	}
	if b.Rate != nil {
		rb = *b.Rate
	}
	switch {
	case ra < rb:
		return -1
	case ra > rb:
		return 1
	}
	return 0
}

func dropoutCell(c plekwijzer.DropoutCell) heatCell {
	if c.Suppressed || c.Rate == nil {
		return heatCell{Share: math.NaN()}
	}
	// "≈": a smoothed estimate, not the share of the counts beside it.
	return heatCell{Share: *c.Rate / 0.6, Text: "≈" + percent(*c.Rate)} // 60% and more is the darkest
}

func dropoutRow(work, group string, c plekwijzer.DropoutCell) []string {
	var reasons []string
	for _, r := range c.Reasons {
		reasons = append(reasons, fmt.Sprintf("%s (%d)", label("uitvalreden", r.Reason), r.Count))
	}
	rate := "–"
	if c.Rate != nil {
		rate = "geschat " + percent(*c.Rate)
	}
	return []string{work, group, shownCount(c.Ended), shownCount(c.Dropouts), rate, strings.Join(reasons, ", ")}
}

// shownCount is a published count of people: "minder dan 5" when the
// API suppressed it.
func shownCount(p *int) string {
	if p == nil {
		return fmt.Sprintf("minder dan %d", plekwijzer.SmallCell)
	}
	return strconv.Itoa(*p)
}

// shortGroup names a target group in a few letters, for a column head.
func shortGroup(g plekwijzer.TargetGroup) string {
	short := map[plekwijzer.TargetGroup]string{
		"dagbesteding-wmo": "Wmo", "statushouder": "status", "beschut-voortraject": "beschut", "banenafspraak": "banen",
		"re-socialisatie": "re-soc", "detachering": "detach", "jongere-zonder-diploma": "jong", "pro-vso-entree": "PrO/VSO",
		"verslavingszorg": "versl", "ggz-beschermd-wonen": "GGZ", "langdurig-bijstand": "bijst", "overig": "overig",
	}
	return short[g]
}

// occupancyHeatmap shows this week's occupancy per offer and day-part.
func occupancyHeatmap(o plekwijzer.Occupancy, week int) chart {
	c := chart{ID: "bezetting", Title: "Bezetting per werkplek en dagdeel",
		Head: []string{"Werkplek", "Dagdeel", "Plaatsen", "Bezet", "Voorgesteld", "Vrij"}}
	if week < 0 || week >= len(o.Weeks) {
		return c
	}
	c.Desc = fmt.Sprintf("Bezette plaatsen van het totaal in %s (vanaf %s). Een leeg vak: geen plaatsen op dat dagdeel.", weekLabel(o.Weeks[week].Label), dutchDate(o.Weeks[week].Monday))
	index := map[string]int{}
	var rows []string
	var cells [][]heatCell
	for _, oc := range o.Offers {
		i, ok := index[oc.OfferID]
		if !ok {
			i = len(rows)
			index[oc.OfferID] = i
			rows = append(rows, oc.Title)
			row := make([]heatCell, len(plekwijzer.DayParts))
			for j := range row {
				row[j] = heatCell{Share: math.NaN()}
			}
			cells = append(cells, row)
		}
		if oc.Capacity == 0 || week >= len(oc.Weeks) {
			continue
		}
		w := oc.Weeks[week]
		cells[i][oc.DayPart.Index()] = heatCell{Share: float64(w.Occupied) / float64(oc.Capacity), Text: fmt.Sprintf("%d/%d", w.Occupied, oc.Capacity)}
		c.Rows = append(c.Rows, []string{oc.Title, dayPartLabel(oc.DayPart), strconv.Itoa(oc.Capacity), strconv.Itoa(w.Occupied), strconv.Itoa(w.Proposed), strconv.Itoa(w.Free)})
	}
	cols := make([]string, len(plekwijzer.DayParts))
	for j, d := range plekwijzer.DayParts {
		cols[j] = dayPartShortest(d)
	}
	if len(rows) > 0 {
		c.SVG = heatmap(c.ID+"-svg", c.Title, c.Desc, rows, cols, cells)
		c.Legend = []string{"donkerder: voller"}
	}
	return c
}

// dayPartShortest is "ma o" for ma-ochtend: a column head.
func dayPartShortest(d plekwijzer.DayPart) string {
	day, part, _ := strings.Cut(string(d), "-")
	return day + " " + part[:1]
}

func occupancyTrend(o plekwijzer.Occupancy) chart {
	c := chart{ID: "bezettingsgraad", Title: "Bezettingsgraad per week",
		Desc: "Het deel van alle plaatsen dat bezet is, per week; de weken na vandaag tellen de plaatsingen die al vastliggen.",
		Head: []string{"Week", "Plaatsen", "Bezet", "Voorgesteld", "Bezettingsgraad"}}
	var labels []string
	s := series{Name: "bezetting"}
	for i, w := range o.Weeks {
		if i >= len(o.Totals) {
			break
		}
		t := o.Totals[i]
		labels = append(labels, weekLabel(w.Label))
		s.Values = append(s.Values, t.Rate)
		c.Rows = append(c.Rows, []string{weekLabel(w.Label) + " (" + dutchDate(w.Monday) + ")", strconv.Itoa(t.Capacity), strconv.Itoa(t.Occupied), strconv.Itoa(t.Proposed), percent(t.Rate)})
	}
	if len(labels) > 0 {
		c.SVG = lineChart(c.ID+"-svg", c.Title, c.Desc, labels, []series{s}, 1, percent)
	}
	return c
}

// reservedChart shows how reserved places (contingents, such as the GON
// partners' 20) are used, per contingent and week, summed over the
// day-parts.
func reservedChart(o plekwijzer.Occupancy) chart {
	c := chart{ID: "gereserveerd", Title: "Gebruik van gereserveerde plaatsen",
		Desc:   "Per contingent en week, opgeteld over de dagdelen: plaatsen gebruikt door deelnemers van de verwijzers, door anderen bezet, en nog vrij.",
		Head:   []string{"Contingent", "Week", "Gereserveerd", "Gebruikt", "Door anderen bezet", "Vrij"},
		Legend: []string{"gebruikt", "door anderen bezet", "vrij"}}
	type key struct {
		name string
		week int
	}
	sums := map[key]*plekwijzer.ReservedUse{}
	var order []key
	for _, k := range o.Contingents {
		for w, u := range k.Weeks {
			if u == nil || w >= len(o.Weeks) {
				continue
			}
			kk := key{k.Name, w}
			if sums[kk] == nil {
				sums[kk] = &plekwijzer.ReservedUse{}
				order = append(order, kk)
			}
			s := sums[kk]
			s.Reserved += u.Reserved
			s.Used += u.Used
			s.TakenByOthers += u.TakenByOthers
			s.Free += u.Free
		}
	}
	slices.SortStableFunc(order, func(a, b key) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return a.week - b.week
	})
	var items []stackItem
	for _, kk := range order {
		u, week := sums[kk], weekLabel(o.Weeks[kk.week].Label)
		items = append(items, stackItem{Label: shorten(kk.name, 18) + ", " + week, Parts: []float64{float64(u.Used), float64(u.TakenByOthers), float64(u.Free)},
			Display: fmt.Sprintf("%d van %d gebruikt", u.Used, u.Reserved)})
		c.Rows = append(c.Rows, []string{kk.name, week, strconv.Itoa(u.Reserved), strconv.Itoa(u.Used), strconv.Itoa(u.TakenByOthers), strconv.Itoa(u.Free)})
	}
	if len(items) > 0 {
		c.SVG = stackedBars(c.ID+"-svg", c.Title, c.Desc, items)
	}
	return c
}

// demandChart shows where participants fit but places lack.
func demandChart(items []demandItem, participants *int, at time.Time) chart {
	c := chart{ID: "vraag", Title: "Waar plaatsen tekortschieten",
		Desc: fmt.Sprintf("Werksoorten die bij deelnemers passen, met het aantal deelnemers voor wie nu geen plaats is (van %s deelnemers, geteld om %s). Aantallen zijn afgerond op vijftallen.",
			shownCount(participants), plekwijzer.InNetherlands(at).Format("15:04")),
		Head: []string{"Werksoort", "Deelnemers voor wie het past", "Te plaatsen", "Tekort", "Open werkplekken"}}
	shortage := func(it demandItem) int {
		if it.Shortage == nil {
			return 0
		}
		return *it.Shortage
	}
	slices.SortStableFunc(items, func(a, b demandItem) int { return shortage(b) - shortage(a) })
	var bars []barItem
	for _, it := range items {
		c.Rows = append(c.Rows, []string{it.WorkType.Name, shownCount(it.Participants), shownCount(it.Placeable), shownCount(it.Shortage), strconv.Itoa(it.OpenOffers)})
		if n := shortage(it); n > 0 && len(bars) < 12 {
			bars = append(bars, barItem{Label: it.WorkType.Name, Value: float64(n), Display: strconv.Itoa(n) + " tekort", Class: "2"})
		}
	}
	if len(bars) > 0 {
		c.SVG = barChart(c.ID+"-svg", c.Title, c.Desc, bars, 0)
	}
	return c
}
