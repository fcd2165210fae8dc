package main

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plot files, in the plots folder.
const (
	latencyPlot      = "scale-latency.svg"
	distributionPlot = "scale-distribution.svg"
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
	for _, p := range []struct {
		name string
		draw func(*report) (*plot.Plot, vg.Length, error)
	}{{latencyPlot, latencyChart}, {distributionPlot, distributionChart}} {
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

// latencyChart puts every measure on a row: p50, p99 and the maximum on a
// logarithmic axis of milliseconds, the first measure at the top.
func latencyChart(r *report) (*plot.Plot, vg.Length, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Latency per operation: %s offers, %s participants, %s", thousands(r.Data.Offers), thousands(r.Data.Matchable), r.Config.Engine)
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
// timed most often: offers for a participant (in-process and HTTP),
// search, a coach's candidates and bookings.
func distributionChart(r *report) (*plot.Plot, vg.Length, error) {
	p := plot.New()
	p.Title.Text = "Cumulative distribution of latency"
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
