package main

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plot files, in the plots folder.
const (
	latencyPlot      = "scale-latency.svg"
	distributionPlot = "scale-distribution.svg"
	growthPlot       = "scale-growth.svg" // with more than one size
)

// ms is a duration in milliseconds, as plotted.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// writePlots draws the latency of every measure and the distribution of
// the frequent requests into dir, and returns the files' paths relative
// to the report's folder.
func writePlots(r *report, dir, reportDir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var out []string
	plots := []struct {
		name string
		draw func(*report) (*plot.Plot, vg.Length, error)
	}{{latencyPlot, latencyChart}, {distributionPlot, distributionChart}}
	if len(r.Sizes) > 1 {
		plots = append(plots, struct {
			name string
			draw func(*report) (*plot.Plot, vg.Length, error)
		}{growthPlot, growthChart})
	}
	for _, p := range plots {
		pl, height, err := p.draw(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		path := filepath.Join(dir, p.name)
		if err := pl.Save(6.5*vg.Inch, height, path); err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(reportDir, path)
		if err != nil {
			rel = path
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

var (
	gray  = color.Gray{Y: 150}
	blue  = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	red   = color.RGBA{R: 214, G: 39, B: 40, A: 255}
	green = color.RGBA{R: 44, G: 160, B: 44, A: 255}
	brown = color.RGBA{R: 140, G: 86, B: 75, A: 255}
)

// latencyChart puts every measure of the largest size on a row: p50, p99
// and the maximum on a logarithmic axis of milliseconds, the first measure
// at the top.
func latencyChart(rep *report) (*plot.Plot, vg.Length, error) {
	r := rep.largest()
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Latency per operation: %s offers, %s participants, %s", thousands(r.Data.Offers), thousands(r.Data.Matchable), rep.Config.Engine)
	p.X.Label.Text = "milliseconds (log scale)"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.XOffs = true, -vg.Points(6)
	p.Add(plotter.NewGrid())
	n := len(r.Areas)
	names := make([]string, n)
	var p50, p99, worst plotter.XYs
	for i, m := range r.Areas {
		y := float64(n - 1 - i)
		names[n-1-i] = m.Label
		for _, v := range []struct {
			xys *plotter.XYs
			d   time.Duration
		}{{&p50, m.Latency.P50}, {&p99, m.Latency.P99}, {&worst, m.Latency.Max}} {
			*v.xys = append(*v.xys, plotter.XY{X: max(ms(v.d), 0.001), Y: y})
		}
		line, err := plotter.NewLine(plotter.XYs{{X: max(ms(m.Latency.P50), 0.001), Y: y}, {X: max(ms(m.Latency.Max), 0.001), Y: y}})
		if err != nil {
			return nil, 0, err
		}
		line.Color = gray
		p.Add(line)
	}
	for _, s := range []struct {
		name  string
		xys   plotter.XYs
		shape draw.GlyphDrawer
		color color.Color
	}{{"p50", p50, draw.CircleGlyph{}, blue}, {"p99", p99, draw.TriangleGlyph{}, red}, {"max", worst, draw.CrossGlyph{}, gray}} {
		sc, err := plotter.NewScatter(s.xys)
		if err != nil {
			return nil, 0, err
		}
		sc.GlyphStyle.Shape, sc.GlyphStyle.Color, sc.GlyphStyle.Radius = s.shape, s.color, vg.Points(3.5)
		p.Add(sc)
		p.Legend.Add(s.name, sc)
	}
	p.NominalY(names...)
	// Room on the right for the legend.
	p.X.Max *= 8
	return p, vg.Length(n)*0.3*vg.Inch + 1.2*vg.Inch, nil
}

// distributionChart draws the cumulative distribution of the requests
// timed most often at the largest size: offers for a participant
// (in-process and HTTP), search, a coach's candidates and bookings.
func distributionChart(rep *report) (*plot.Plot, vg.Length, error) {
	r := rep.largest()
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Cumulative distribution of latency, %s participants", thousands(r.Data.Matchable))
	p.X.Label.Text = "milliseconds (log scale)"
	p.Y.Label.Text = "share of requests at or below"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Top, p.Legend.Left = false, false
	p.Add(plotter.NewGrid())
	colors := []color.Color{blue, red, green, brown, gray}
	k := 0
	for _, m := range r.Areas {
		if len(m.Times) < 20 || k == len(colors) {
			continue
		}
		xys := make(plotter.XYs, len(m.Times))
		for i, d := range m.Times {
			xys[i] = plotter.XY{X: max(ms(d), 0.001), Y: float64(i+1) / float64(len(m.Times))}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, 0, err
		}
		line.Color, line.Width = colors[k], vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(m.Label, line)
		k++
	}
	// Room on the right for the legend, below the slowest curve's top.
	p.X.Max *= 10
	return p, 4 * vg.Inch, nil
}

// growthChart draws the median of every operation against the number of
// participants, both axes logarithmic: a line as steep as the diagonal
// grows in proportion to the participants, a flat one not at all.
func growthChart(rep *report) (*plot.Plot, vg.Length, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Median latency by number of participants (%s offers)", thousands(rep.Config.Offers))
	p.X.Label.Text = "matchable participants (log scale)"
	p.Y.Label.Text = "p50, milliseconds (log scale)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	var labels []string
	byLabel := map[string]plotter.XYs{}
	for _, sr := range rep.Sizes {
		for _, m := range sr.Areas {
			if _, ok := byLabel[m.Label]; !ok {
				labels = append(labels, m.Label)
			}
			byLabel[m.Label] = append(byLabel[m.Label], plotter.XY{X: float64(sr.Data.Matchable), Y: max(ms(m.Latency.P50), 0.001)})
		}
	}
	var lines []any
	for _, l := range labels {
		lines = append(lines, l, byLabel[l])
	}
	if err := plotutil.AddLinePoints(p, lines...); err != nil {
		return nil, 0, err
	}
	// Room on the right for the legend, which sits at the bottom.
	p.X.Max *= 20
	return p, 5.5 * vg.Inch, nil
}
