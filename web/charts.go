package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/iederz/plekwijzer"
)

// Charts are drawn on the server as SVG: no script, nothing to load, and
// every chart comes with its figures as a table (for screen readers, for
// copying, and for who would rather read than look). Colours come from
// classes in app.css, so the theme applies.

// chart is one picture and its data.
type chart struct {
	ID     string
	Title  string
	Desc   string
	SVG    template.HTML
	Head   []string
	Rows   [][]string
	Legend []string
	// ExportCSV and ExportXLSX link to the table as a file, with the
	// page's filters (dashboardexport.go); "" for none.
	ExportCSV, ExportXLSX string
}

// svgDoc opens an SVG element labelled by the chart's title and summary.
func svgDoc(b *strings.Builder, id string, w, h int, title, desc string) {
	fmt.Fprintf(b, `<svg viewBox="0 0 %d %d" role="img" aria-labelledby="%s-titel %s-uitleg" focusable="false">`, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-titel">%s</title><desc id="%s-uitleg">%s</desc>`, id, esc(title), id, esc(desc))
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// text writes an SVG text element.
func text(b *strings.Builder, x, y float64, class, anchor, s string) {
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" class="%s" text-anchor="%s">%s</text>`, x, y, class, anchor, esc(s))
}

// barItem is one bar of a horizontal bar chart.
type barItem struct {
	Label   string
	Value   float64
	Display string // the value as text
	Class   string // "", "2" or "3": the colour
}

// barChart draws horizontal bars, one per item, scaled to the largest
// value (or max when it is larger).
func barChart(id, title, desc string, items []barItem, maxValue float64) template.HTML {
	const w, labelW, rowH, valueW = 720, 230, 26, 70
	for _, it := range items {
		maxValue = math.Max(maxValue, it.Value)
	}
	if maxValue <= 0 {
		maxValue = 1
	}
	h := len(items)*rowH + 10
	var b strings.Builder
	svgDoc(&b, id, w, h, title, desc)
	span := float64(w - labelW - valueW)
	for i, it := range items {
		y := float64(i*rowH + 5)
		text(&b, labelW-8, y+17, "pw-svg-text", "end", shorten(it.Label, 34))
		bw := math.Max(0, it.Value/maxValue*span)
		cls := "pw-svg-bar"
		if it.Class != "" {
			cls += " pw-svg-bar--" + it.Class
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%.1f" width="%.1f" height="%d" class="%s"/>`, labelW, y+3, bw, rowH-8, cls)
		text(&b, float64(labelW)+bw+6, y+17, "pw-svg-text", "start", it.Display)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// series is one line of a line chart.
type series struct {
	Name   string
	Values []float64 // NaN: no value
}

// lineChart draws one or more lines over the same x labels, with the y axis
// from 0 to yMax (or the largest value).
func lineChart(id, title, desc string, xLabels []string, ss []series, yMax float64, yFormat func(float64) string) template.HTML {
	const w, h, left, right, top, bottom = 720, 260, 56, 16, 14, 40
	for _, s := range ss {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				yMax = math.Max(yMax, v)
			}
		}
	}
	if yMax <= 0 {
		yMax = 1
	}
	step := niceStep(yMax / 4)
	ticks := int(math.Ceil(yMax/step - 1e-9))
	yMax = step * float64(ticks)
	var b strings.Builder
	svgDoc(&b, id, w, h, title, desc)
	plotW, plotH := float64(w-left-right), float64(h-top-bottom)
	x := func(i int) float64 {
		if len(xLabels) < 2 {
			return left + plotW/2
		}
		return left + float64(i)*plotW/float64(len(xLabels)-1)
	}
	y := func(v float64) float64 { return top + plotH - v/yMax*plotH }
	for i := 0; i <= ticks; i++ {
		v := step * float64(i)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="pw-svg-axis"/>`, left, w-right, y(v), y(v))
		text(&b, left-6, y(v)+4, "pw-svg-small", "end", yFormat(v))
	}
	every := max(1, (len(xLabels)+7)/8)
	for i, l := range xLabels {
		switch {
		case i == len(xLabels)-1 && i > 0:
			text(&b, x(i), h-bottom+18, "pw-svg-small", "end", l)
		case i == 0:
			text(&b, x(i), h-bottom+18, "pw-svg-small", "start", l)
		case i%every == 0 && i < len(xLabels)-every/2-1:
			text(&b, x(i), h-bottom+18, "pw-svg-small", "middle", l)
		}
	}
	for si, s := range ss {
		cls := "pw-svg-line"
		if si > 0 {
			cls += fmt.Sprintf(" pw-svg-line--%d", si+1)
		}
		var pts []string
		for i, v := range s.Values {
			if math.IsNaN(v) {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
		}
		if len(pts) > 0 {
			fmt.Fprintf(&b, `<polyline points="%s" class="%s"/>`, strings.Join(pts, " "), cls)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceStep rounds a step of an axis up to 1, 2 or 5 times a power
// of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw-1e-12 {
			return m * pow
		}
	}
	return 10 * pow
}

// heatCell is one cell of a heat map: a share in [0,1] (NaN: nothing there)
// and its text.
type heatCell struct {
	Share float64
	Text  string
}

// heatmap draws rows × columns of cells, darker for a larger share.
func heatmap(id, title, desc string, rows, cols []string, cells [][]heatCell) template.HTML {
	const labelW, cellW, cellH, headH = 230, 46, 24, 24
	w, h := labelW+len(cols)*cellW+4, headH+len(rows)*cellH+4
	var b strings.Builder
	svgDoc(&b, id, w, h, title, desc)
	for j, c := range cols {
		text(&b, float64(labelW+j*cellW+cellW/2), 16, "pw-svg-small", "middle", c)
	}
	for i, r := range rows {
		y := float64(headH + i*cellH)
		text(&b, labelW-8, y+16, "pw-svg-text", "end", shorten(r, 34))
		for j := range cols {
			c := cells[i][j]
			x := float64(labelW + j*cellW)
			if math.IsNaN(c.Share) {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%d" height="%d" class="pw-svg-heat-empty"/>`, x+1, y+1, cellW-2, cellH-2)
				continue
			}
			op := 0.12 + 0.88*math.Max(0, math.Min(1, c.Share))
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%d" height="%d" class="pw-svg-heat" fill-opacity="%.2f"/>`, x+1, y+1, cellW-2, cellH-2, op)
			cls := "pw-svg-text pw-svg-heat-text"
			if op > 0.5 {
				cls += " pw-svg-heat-text--light" // white on the darker cells
			}
			text(&b, x+cellW/2, y+16, cls, "middle", c.Text)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// timelineChart draws a participant's placements on a time axis, one row
// per work type: the variety of their work at a glance.
func timelineChart(entries []plekwijzer.TimelineEntry) chart {
	c := chart{ID: "tijdlijn-grafiek", Title: "Werksoorten door de tijd",
		Head: []string{"Werksoort", "Werkplek", "Van", "Tot", "Status"}}
	var rows []string
	rowOf := map[string]int{}
	var first, last time.Time
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, e := range entries {
		if _, ok := rowOf[e.WorkTypeName]; !ok {
			rowOf[e.WorkTypeName] = len(rows)
			rows = append(rows, e.WorkTypeName)
		}
		s, end := span(e, today)
		if first.IsZero() || s.Before(first) {
			first = s
		}
		if end.After(last) {
			last = end
		}
		to := "open"
		if e.EndDate != nil {
			to = dutchDate(*e.EndDate)
		}
		c.Rows = append(c.Rows, []string{e.WorkTypeName, e.OfferTitle, dutchDate(e.StartDate), to, label("plaatsingstatus", e.Status)})
	}
	c.Desc = fmt.Sprintf("%d plaatsingen in %d werksoorten.", len(entries), len(rows))
	if len(entries) == 0 {
		return c
	}
	if !last.After(first) {
		last = first.AddDate(0, 1, 0)
	}
	const w, labelW, rowH, top = 720, 200, 26, 24
	h := top + len(rows)*rowH + 8
	var b strings.Builder
	svgDoc(&b, c.ID, w, h, c.Title, c.Desc)
	plotW := float64(w - labelW - 10)
	days := last.Sub(first).Hours() / 24
	x := func(t time.Time) float64 { return labelW + t.Sub(first).Hours()/24/days*plotW }
	// Year marks.
	for y := first.Year(); y <= last.Year(); y++ {
		t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		if t.Before(first) {
			t = first
		}
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" class="pw-svg-axis"/>`, x(t), x(t), top-6, h)
		text(&b, x(t)+3, 14, "pw-svg-small", "start", fmt.Sprint(y))
	}
	for i, r := range rows {
		text(&b, labelW-8, float64(top+i*rowH+17), "pw-svg-text", "end", shorten(r, 28))
	}
	for _, e := range entries {
		s, end := span(e, today)
		cls := "pw-svg-bar"
		switch e.Status {
		case plekwijzer.PlacementDropout:
			cls += " pw-svg-bar--2"
		case plekwijzer.PlacementProposed, plekwijzer.PlacementCancelled:
			cls += " pw-svg-bar--3"
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" class="%s"/>`, x(s), top+rowOf[e.WorkTypeName]*rowH+4, math.Max(3, x(end)-x(s)), rowH-8, cls)
	}
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String())
	c.Legend = []string{"gelopen", "uitgevallen", "voorgesteld of geannuleerd"}
	return c
}

// span is when a placement runs: an open end runs to today (or its start,
// if that lies ahead).
func span(e plekwijzer.TimelineEntry, today time.Time) (time.Time, time.Time) {
	s, _ := time.Parse(time.DateOnly, string(e.StartDate))
	end := today
	if e.EndDate != nil {
		end, _ = time.Parse(time.DateOnly, string(*e.EndDate))
	}
	if end.Before(s) {
		end = s.AddDate(0, 0, 7)
	}
	return s, end
}

// stackItem is one bar of a stacked bar chart: its parts, left to right.
type stackItem struct {
	Label   string
	Parts   []float64
	Display string
}

// stackedBars draws one horizontal bar per item, its parts in the chart's
// colours, all on one scale.
func stackedBars(id, title, desc string, items []stackItem) template.HTML {
	const w, labelW, rowH, valueW = 720, 230, 26, 130
	maxValue := 0.0
	for _, it := range items {
		sum := 0.0
		for _, v := range it.Parts {
			sum += v
		}
		maxValue = math.Max(maxValue, sum)
	}
	if maxValue <= 0 {
		maxValue = 1
	}
	var b strings.Builder
	svgDoc(&b, id, w, len(items)*rowH+10, title, desc)
	span := float64(w - labelW - valueW)
	for i, it := range items {
		y := float64(i*rowH + 5)
		text(&b, labelW-8, y+17, "pw-svg-text", "end", shorten(it.Label, 34))
		x := float64(labelW)
		for j, v := range it.Parts {
			bw := v / maxValue * span
			cls := "pw-svg-bar"
			if j > 0 {
				cls += fmt.Sprintf(" pw-svg-bar--%d", j+1)
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" class="%s"/>`, x, y+3, bw, rowH-8, cls)
			x += bw
		}
		text(&b, x+6, y+17, "pw-svg-text", "start", it.Display)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
