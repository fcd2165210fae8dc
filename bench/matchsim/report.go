package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
)

// section is a part of the report between its two marker comments.
type section struct {
	marker string // "name": the section lies between <!-- name:begin --> and <!-- name:end -->
	text   string
}

const (
	simMarker  = "matchsim"
	escoMarker = "escohit"
)

// writeInto replaces the section's part of the file at path, appends it to
// a file that lacks its markers, or creates the file.
func (s section) writeInto(path string) error {
	begin, end := "<!-- "+s.marker+":begin -->", "<!-- "+s.marker+":end -->"
	block := begin + "\n" + s.text + end
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	doc := string(old)
	head, rest, found := strings.Cut(doc, begin)
	if found {
		if _, tail, ok := strings.Cut(rest, end); ok {
			return os.WriteFile(path, []byte(head+block+tail), 0o644)
		}
	}
	if doc != "" {
		doc = strings.TrimRight(doc, "\n") + "\n\n"
	}
	return os.WriteFile(path, []byte(doc+block+"\n"), 0o644)
}

// measure is one row of the simulation table.
type measure struct {
	name    string
	percent bool // shown as a percentage
	digits  int
	f       func(*metrics) float64
}

func share(a func(*metrics) int) func(*metrics) float64 {
	return func(m *metrics) float64 { return ratio(a(m), m.Started) }
}

func count(a func(*metrics) int) func(*metrics) float64 {
	return func(m *metrics) float64 { return float64(a(m)) }
}

// The measures the other tables show too.
var (
	dropoutMeasure       = measure{name: "dropout rate (dropouts / ended placements)", percent: true, f: (*metrics).dropoutRate}
	personShannonMeasure = measure{name: "Shannon diversity per person (nats; people with ≥ 2 placements)", digits: 2,
		f: func(m *metrics) float64 { return m.PersonShannon }}
	packingMeasure = measure{name: "share of packing work (placements)", percent: true, f: (*metrics).packingShare}
	repeatMeasure  = measure{name: "same work type as the person's previous placement", percent: true, f: share(func(m *metrics) int { return m.Repeat })}
)

// measures are the rows of the simulation table, the four first.
var measures = []measure{
	dropoutMeasure,
	personShannonMeasure,
	{name: "distinct work types per person (≥ 2 placements)", digits: 2, f: func(m *metrics) float64 { return m.Distinct }},
	{name: "Shannon diversity over all placements (nats)", digits: 2, f: (*metrics).shannon},
	packingMeasure,
	{name: "organisations reached", f: func(m *metrics) float64 { return float64(len(m.Orgs)) }},
	{name: "effective number of organisations (e^Shannon)", digits: 1, f: func(m *metrics) float64 {
		return math.Exp(entropy(slices.Collect(maps.Values(m.Orgs))))
	}},
	{name: "placements started", f: count(func(m *metrics) int { return m.Started })},
	repeatMeasure,
	{name: "weeks already worked in the work type in the past year, at the start", digits: 1, f: func(m *metrics) float64 {
		return float64(m.PriorWeeks) / math.Max(1, float64(m.Started))
	}},
	{name: "in work the person secretly likes", percent: true, f: share(func(m *metrics) int { return m.Liked })},
	{name: "in work the person secretly dislikes", percent: true, f: share(func(m *metrics) int { return m.Disliked })},
	{name: "people who completed their trajectory (outflow)", f: count(func(m *metrics) int { return m.Outflow })},
	{name: "people who left after a dropout", f: count(func(m *metrics) int { return m.LeftAfterDrop })},
	{name: "people never placed (gave up after 26 weeks)", f: count(func(m *metrics) int { return m.Unplaced })},
	{name: "people who waited 26 weeks for a next placement in vain", f: count(func(m *metrics) int { return m.GaveUp })},
	{name: "occupancy of the places per day-part", percent: true, f: func(m *metrics) float64 { return m.Occupancy }},
}

func (ms measure) format(s stat) string {
	if ms.percent {
		return fmt.Sprintf("%.1f%% ± %.1f", 100*s.Mean, 100*s.SD)
	}
	return fmt.Sprintf("%.*f ± %.*f", ms.digits, s.Mean, ms.digits, s.SD)
}

// markdown renders the simulation's results.
func (ev *evaluation) markdown(cfg config) string {
	var b strings.Builder
	c := ev.mainConfig
	fmt.Fprintf(&b, "Measured with `%s` (%d runs). %d open demo offers at %d organisations, %d places a week "+
		"(day-part places summed); %d weeks; %d people at the start and %g new people a week; seeds 1–%d. "+
		"Each cell is the mean ± the standard deviation over the seeds.\n\n",
		cfg.command("sim"), ev.runs, ev.offers, ev.orgs, ev.places, c.Weeks, c.Initial, c.Arrivals, ev.seeds)

	b.WriteString("| measure |")
	for _, p := range ev.mainPols {
		fmt.Fprintf(&b, " %s |", p.Name)
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(ev.mainPols)) + "\n")
	for _, ms := range measures {
		fmt.Fprintf(&b, "| %s |", ms.name)
		for p := range ev.mainPols {
			fmt.Fprintf(&b, " %s |", ms.format(summarize(ev.main[p], ms.f)))
		}
		b.WriteString("\n")
	}

	ev.pairedTable(&b)

	b.WriteString("\nWhat drives dropout: the mean of each term of the hazard's exponent per week worked " +
		"(the weekly hazard is the base hazard times e to the sum of the terms).\n\n| term |")
	for _, p := range ev.mainPols {
		fmt.Fprintf(&b, " %s |", p.Name)
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(ev.mainPols)) + "\n")
	for t := range numTerms {
		fmt.Fprintf(&b, "| %s |", termNames[t])
		for p := range ev.mainPols {
			s := summarize(ev.main[p], func(m *metrics) float64 { return m.Terms[t] / math.Max(1, float64(m.Weeks)) })
			fmt.Fprintf(&b, " %.3f |", s.Mean)
		}
		b.WriteString("\n")
	}

	if len(ev.scenarios) > 0 {
		b.WriteString("\nSensitivity: the same runs with one assumption changed. Dropout rate / Shannon per person / packing share.\n\n| scenario |")
		for _, p := range ev.mainPols {
			fmt.Fprintf(&b, " %s |", p.Name)
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(ev.mainPols)) + "\n")
		ev.sensitivityRow(&b, "as assumed", ev.main)
		for i, sc := range ev.scenarios {
			ev.sensitivityRow(&b, sc.Name, ev.sensitive[i])
		}
		b.WriteString("\nAblations: the full ranking without one of its parts, as assumed.\n\n" +
			"| ranking | dropout rate | Shannon per person | packing share | same work type as before |\n|---|---:|---:|---:|---:|\n")
		rows := append([]policy{ev.mainPols[len(ev.mainPols)-1]}, ev.ablations...)
		runs := append([][]*metrics{ev.main[len(ev.main)-1]}, ev.ablated...)
		for i, p := range rows {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", p.Name,
				dropoutMeasure.format(summarize(runs[i], dropoutMeasure.f)),
				personShannonMeasure.format(summarize(runs[i], personShannonMeasure.f)),
				packingMeasure.format(summarize(runs[i], packingMeasure.f)),
				repeatMeasure.format(summarize(runs[i], repeatMeasure.f)))
		}
	}
	return b.String()
}

// pairedTable compares the full ranking with each other policy seed by
// seed: the same people in the same weeks, so the differences are less
// noisy than the means.
func (ev *evaluation) pairedTable(b *strings.Builder) {
	full := len(ev.mainPols) - 1
	fmt.Fprintf(b, "\nThe %s against the others, paired by seed (the same people): mean difference ± standard deviation, "+
		"and in how many of the %d seeds the %s is better.\n\n| against | dropout rate | Shannon per person | packing share |\n|---|---:|---:|---:|\n",
		ev.mainPols[full].Name, ev.seeds, ev.mainPols[full].Name)
	for p := range full {
		fmt.Fprintf(b, "| %s |", ev.mainPols[p].Name)
		for _, c := range []struct {
			ms     measure
			higher bool // higher is better
		}{{dropoutMeasure, false}, {personShannonMeasure, true}, {packingMeasure, false}} {
			diffs := make([]float64, ev.seeds)
			better := 0
			for s := range ev.seeds {
				diffs[s] = c.ms.f(ev.main[full][s]) - c.ms.f(ev.main[p][s])
				if (diffs[s] > 0) == c.higher && diffs[s] != 0 {
					better++
				}
			}
			st := meanSD(diffs)
			if c.ms.percent {
				fmt.Fprintf(b, " %+.1f points ± %.1f (%d of %d) |", 100*st.Mean, 100*st.SD, better, ev.seeds)
			} else {
				fmt.Fprintf(b, " %+.2f ± %.2f (%d of %d) |", st.Mean, st.SD, better, ev.seeds)
			}
		}
		b.WriteString("\n")
	}
}

func (ev *evaluation) sensitivityRow(b *strings.Builder, name string, runs [][]*metrics) {
	fmt.Fprintf(b, "| %s |", name)
	for p := range ev.mainPols {
		d := summarize(runs[p], dropoutMeasure.f)
		h := summarize(runs[p], personShannonMeasure.f)
		k := summarize(runs[p], packingMeasure.f)
		fmt.Fprintf(b, " %.1f%% / %.2f / %.1f%% |", 100*d.Mean, h.Mean, 100*k.Mean)
	}
	b.WriteString("\n")
}

// markdown renders the ESCO check.
func (r *escoReport) markdown() string {
	var b strings.Builder
	n := len(r.Cases)
	essential, mapped, direct := 0, 0, 0
	for _, c := range r.Cases {
		essential += c.Essential
		mapped += c.Mapped
		direct += c.Direct
	}
	fmt.Fprintf(&b, "Measured with `go run ./bench/matchsim -part esco` on the ESCO files in `%s`: %d occupations linked to the %d work types "+
		"of the catalogue; on average %.1f essential skills each, standing for %.1f catalogue skills (%.1f of them the ESCO skill itself, "+
		"the others its skill group, as the catalogue maps them).\n\n",
		r.Dir, n, r.WorkTypes, float64(essential)/float64(n), float64(mapped)/float64(n), float64(direct)/float64(n))
	fmt.Fprintf(&b, "| ranking | top 1 | top 3 |\n|---|---:|---:|\n")
	fmt.Fprintf(&b, "| work types (`Pool.WorkTypes`) | %d of %d (%.1f%%) | %d of %d (%.1f%%) |\n", r.Top1WT, n, 100*r.rate(r.Top1WT), r.Top3WT, n, 100*r.rate(r.Top3WT))
	fmt.Fprintf(&b, "| offers, one per work type (`Pool.Match`) | %d of %d (%.1f%%) | %d of %d (%.1f%%) |\n", r.Top1Offer, n, 100*r.rate(r.Top1Offer), r.Top3Offer, n, 100*r.rate(r.Top3Offer))
	fmt.Fprintf(&b, "| offers, without the learning value (`leerwaarde=0`) | %d of %d (%.1f%%) | %d of %d (%.1f%%) |\n", r.Top1NoLearn, n, 100*r.rate(r.Top1NoLearn), r.Top3NoLearn, n, 100*r.rate(r.Top3NoLearn))
	b.WriteString("\nMisses of the work-type ranking (the occupation's work type not in the top 3):\n\n")
	b.WriteString("| occupation (ESCO code) | its work type | rank | ranked first |\n|---|---|---:|---|\n")
	misses := 0
	for _, c := range r.Cases {
		if c.RankWorkType >= 1 && c.RankWorkType <= 3 {
			continue
		}
		misses++
		fmt.Fprintf(&b, "| %s (%s) | %s | %d | %s |\n", c.Occupation, c.Code, strings.Join(c.WorkTypes, ", "), c.RankWorkType, c.TopWorkType)
	}
	if misses == 0 {
		b.WriteString("| none | | | |\n")
	}
	return b.String()
}
