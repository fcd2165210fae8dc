package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/iederz/plekwijzer/bench/benchutil"
)

// The markers around the section this program owns in the report.
const (
	beginMarker = "<!-- search:begin -->"
	endMarker   = "<!-- search:end -->"
)

// writeSection puts section between the markers in the file at path:
// replacing what was there, appending it to a file without markers, or
// creating the file.
func writeSection(path, section string) error {
	return benchutil.WriteSection(path, "search", section)
}

// sources are the origins of latency queries, in report order.
var (
	sources     = []string{"werksoort", "esco", "coach", "typo"}
	sourceNames = []string{"work type names", "ESCO labels", "coach phrases", "typos"}
)

// targetFor is the p99 target of the issue at a size; 0 for none.
func targetFor(n int) time.Duration {
	switch n {
	case 10_000:
		return 10 * time.Millisecond
	case 100_000:
		return 50 * time.Millisecond
	}
	return 0
}

// markdown renders the Search section.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("## Search\n\n")
	p("_Written by `bench/searchbench` on %s. Everything between the `search` markers is replaced by the next run._\n\n", r.Machine.Date.Format("2006-01-02 15:04 MST"))
	p("Reproduce (PostgreSQL on `127.0.0.1:5432`, or the server `PLEKWIJZER_BENCH_DATABASE_URL` names; the program creates and drops a database per size; this run took %.0f minutes):\n\n", r.Elapsed.Minutes())
	p("```sh\n%s\n```\n\n", r.Command)
	p("Machine: %d CPUs (`nproc`), %s, %.1f GiB memory, %s %s, PostgreSQL %s.\n\n",
		r.Machine.NProc, r.Machine.CPU, r.Machine.MemoryGiB, r.Machine.Go, r.Machine.OS, r.Machine.PostgreSQL)

	// Targets.
	p("### Targets\n\n")
	p("| target | %s |\n|---|%s\n", r.sizeHeaders(" | "), strings.Repeat("---|", len(r.Sizes)))
	p("| p99 latency of every kind of query ≤ 10 ms at 10 000 offers, ≤ 50 ms at 100 000 |")
	for _, s := range r.Sizes {
		worst := s.worstIndexP99()
		t := targetFor(s.Offers)
		switch {
		case t == 0:
			p(" no target (worst p99 %s) |", ms(worst))
		case worst <= t:
			p(" **met**: worst p99 %s ≤ %s |", ms(worst), ms(t))
		default:
			p(" **missed**: worst p99 %s > %s |", ms(worst), ms(t))
		}
	}
	if r.BaselineRan {
		p("\n| for comparison: PostgreSQL's worst p99, top 25 only / with the same facets |")
		for _, s := range r.Sizes {
			var top, fac time.Duration
			for name, l := range s.PG {
				if strings.HasSuffix(name, "+facets") {
					fac = max(fac, l.P99)
				} else {
					top = max(top, l.P99)
				}
			}
			p(" %s / %s |", ms(top), ms(fac))
		}
	}
	p("\n| recall@10 at least PostgreSQL's (ESCO-label relevance set) |")
	for _, s := range r.Sizes {
		ix, pg := s.Rel["exact"]["index"], s.Rel["exact"]["postgres"]
		switch {
		case pg == nil:
			p(" not compared (no baseline); index %.3f |", ix.Recall)
		case ix.Recall >= pg.Recall:
			p(" **met**: %.3f ≥ %.3f |", ix.Recall, pg.Recall)
		default:
			p(" **missed**: %.3f < %.3f |", ix.Recall, pg.Recall)
		}
	}
	p("\n\n")

	// Method.
	counts := map[string]int{}
	for _, q := range r.Queries {
		counts[q.Source]++
	}
	p("### What is measured\n\n")
	p("- **Data**: per size, that many offers generated from seed %d (`math/rand/v2`): about one organisation per 20 offers, "+
		"at real PC4 areas of the province of Groningen (45%% in the city); titles and descriptions composed from Dutch phrase tables per work type "+
		"and the catalogue's names, descriptions and ESCO labels; capacity per day-part; 85%% open, 10%% paused, 5%% closed; no placements, so every place is free. "+
		"They are loaded into a fresh %s database with one outbox entry each (COPY on PostgreSQL), as the store writes them; the 37 catalogue work types are indexed too.\n", r.Seed, r.Engine)
	p("- **Indexing**: the index is opened on the catalogue alone, then *catch-up* applies the outbox of every offer (batches of 500 entries); " +
		"then a *full rebuild* from the database (batches of 500 documents) into a new directory, force-merged and swapped in; then *reopen*: `search.Open` of the existing index, " +
		"with its start-up check (the checksum of every segment file, the facet values of every document, the stored fields of a sample). " +
		"Size on disk is `SizeBytes` after reopening.\n")
	p("- **Latency**: %d queries — %d work type names, %d ESCO alternative labels, %d phrases coaches type (\"fietsen repareren\", \"buiten werken\", \"keuken\"), %d typos — "+
		"run once to warm up, then %d timed passes in sequence, one query at a time, page size 25, each with the total and highlights. "+
		"*Filtered* adds a day-part, an organisation kind and a postcode with `straalKm` %d to each query (rotating over %d day-parts, %d kinds and %d places). "+
		"*+ facets* also counts the six facets over every match (`GET /zoeken` does by default; `facetten=false` and `SearchQuery.NoFacets` leave them out). "+
		"*CPU per query* is this process's CPU time (user and system, garbage collection included) over the timed passes ÷ queries: the index's own cost, "+
		"which depends far less than p99 on what else runs on the machine (PostgreSQL's work is in its server, not measured).\n",
		len(r.Queries), counts["werksoort"], counts["esco"], counts["coach"], counts["typo"], r.Reps, RadiusKm, 10, len(filterKinds), len(pc4Filters))
	p("- **Baseline**: PostgreSQL full-text search in the same run, over the same documents and queries: a table with a stored " +
		"`tsvector` of the `dutch` configuration over title, work type name (weight A), the ESCO labels (B), description and organisation (D), with a GIN index; " +
		"`websearch_to_tsquery('dutch', q)`, ranked by `ts_rank`, `LIMIT 25`, only work types and open offers as the index does. *Filtered* adds the same filters in SQL " +
		"(free day-part in a `text[]`, organisation kind, haversine distance after a bounding box). *+ facets* adds a second query that counts the matches per facet value " +
		"and the total. Each index kind is compared with the same kind in PostgreSQL. Ratio = index ÷ PostgreSQL (below 1: the index is faster).\n")
	p("- **Relevance**: %d queries, each an ESCO alternative label of an occupation linked to a catalogue work type; a hit is relevant if it is a work type with that label (alternative or preferred, of any of its occupations) or an offer of one. "+
		"*recall@10* = relevant hits in the top 10 ÷ min(10, relevant documents that exist), averaged; *hit@10* = share of queries with at least one relevant hit in the top 10; "+
		"*MRR@10* = mean of 1 / rank of the first relevant hit. The *typo* set is the same labels with one letter dropped from the longest word (%d labels have a word of six letters or more).\n\n",
		r.RelExact, r.RelTypo)

	for _, s := range r.Sizes {
		p("### %s offers\n\n", thousands(s.Offers))
		p("| indexing | |\n|---|---|\n")
		p("| data | %s organisations, %s offers, generated in %s |\n", thousands(s.Orgs), thousands(s.Offers), secs(s.Generate))
		p("| machine load (1-minute load average at start → end of this size) | %.2f → %.2f |\n", s.LoadAvg[0], s.LoadAvg[1])
		p("| loading into %s (not the index) | %s |\n", r.Engine, secs(s.Load))
		p("| catch-up from an outbox of %s entries | %s, **%s entries/s** |\n", thousands(s.CatchUpEntries), secs(s.CatchUp), rate(s.CatchUpEntries, s.CatchUp))
		p("| full rebuild, %s documents | %s, **%s docs/s** |\n", thousands(int(s.DocCount)), secs(s.Rebuild), rate(int(s.DocCount), s.Rebuild))
		p("| reading the same documents from %s alone (`OfferIDs` + `OfferDocs`, pages of 500) | %s |\n", r.Engine, secs(s.SourceRead))
		p("| reopen (`search.Open` with its start-up check) | %s |\n", secs(s.Reopen))
		p("| index on disk | %s (%s per document) |\n", mb(s.IndexBytes), kb(s.IndexBytes/int64(max(1, s.DocCount))))
		if s.Build != nil {
			p("| PostgreSQL baseline: COPY with tsvector, then GIN build | %s + %s |\n", secs(s.Build.Load), secs(s.Build.Index))
			p("| PostgreSQL baseline: table (with TOAST), GIN index | %s, %s |\n", mb(s.Build.TableBytes), mb(s.Build.GINBytes))
		}
		p("\n")

		p("| queries | engine | timed | p50 | p99 | mean | max | CPU per query | mean matches | ratio p50 | ratio p99 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, kind := range queryKinds {
			name := kindName(kind.filtered, kind.facets)
			label := kindLabel(name)
			ix := s.Bleve[name]
			p("| %s | **index** | %d | %s | **%s** | %s | %s | %s | %.0f | | |\n", label, ix.N, ms(ix.P50), ms(ix.P99), ms(ix.Mean), ms(ix.Max), ms(ix.CPU), ix.Matches)
			if pg := s.PG[name]; pg != nil {
				what, matches := "PostgreSQL top 25", "—"
				if kind.facets {
					what, matches = "PostgreSQL top 25 + facets", fmt.Sprintf("%.0f", pg.Matches)
				}
				p("| %s | %s | %d | %s | %s | %s | %s | (server) | %s | %s | %s |\n", label, what, pg.N, ms(pg.P50), ms(pg.P99), ms(pg.Mean), ms(pg.Max), matches,
					ratio(ix.P50, pg.P50), ratio(ix.P99, pg.P99))
			}
		}
		p("\n")

		p("Index latency by where the query comes from (p50 / p99):\n\n| queries | %s |\n|---|%s\n", strings.Join(sourceNames, " | "), strings.Repeat("---:|", len(sourceNames)))
		for _, kind := range queryKinds {
			name := kindName(kind.filtered, kind.facets)
			p("| %s |", kindLabel(name))
			for _, src := range sources {
				if l := s.Bleve[name].BySource[src]; l != nil {
					p(" %s / %s |", ms(l.P50), ms(l.P99))
				} else {
					p(" — |")
				}
			}
			p("\n")
		}
		p("\n")

		p("Slowest queries with facets (median of the timed passes; matches in the index, and in PostgreSQL):\n\n" +
			"| query | index | index + facets | matches | PostgreSQL + facets | matches |\n|---|---:|---:|---:|---:|---:|\n")
		medians := func(l *latency) map[string]slowQuery {
			m := map[string]slowQuery{}
			if l != nil {
				for _, q := range l.All {
					m[q.Text] = q
				}
			}
			return m
		}
		pgSlow, plain := medians(s.PG["plain+facets"]), medians(s.Bleve["plain"])
		for _, q := range s.Bleve["plain+facets"].Slowest {
			p("| %s | %s | %s | %d |", q.Text, ms(plain[q.Text].Median), ms(q.Median), q.Matches)
			if pq, ok := pgSlow[q.Text]; ok {
				p(" %s | %d |\n", ms(pq.Median), pq.Matches)
			} else {
				p(" — | — |\n")
			}
		}
		p("\n")

		p("| relevance set | queries | engine | recall@10 | hit@10 | MRR@10 |\n|---|---:|---|---:|---:|---:|\n")
		for _, set := range []string{"exact", "typo"} {
			for _, engine := range []string{"index", "postgres"} {
				rel := s.Rel[set][engine]
				if rel == nil {
					continue
				}
				name := "ESCO labels"
				if set == "typo" {
					name = "ESCO labels, one typo"
				}
				e := "**index**"
				if engine == "postgres" {
					e = "PostgreSQL"
				}
				p("| %s | %d | %s | %.3f | %.3f | %.3f |\n", name, rel.N, e, rel.Recall, rel.Hit, rel.MRR)
			}
		}
		p("\n")
	}

	p("### Reading the numbers\n\n")
	for _, s := range r.Sizes {
		p("- **%s offers.** %s\n", thousands(s.Offers), s.interpretation())
	}
	p("\n")
	return b.String()
}

// kindLabel is how the report names a kind of query.
func kindLabel(name string) string {
	return strings.Replace(name, "+", " + ", 1)
}

// interpretation states what the numbers of one size say.
func (s *sizeResult) interpretation() string {
	var parts []string
	if t := targetFor(s.Offers); t > 0 {
		var p99s, cpus []string
		for _, kind := range queryKinds {
			name := kindName(kind.filtered, kind.facets)
			p99s = append(p99s, fmt.Sprintf("%s %s", kindLabel(name), ms(s.Bleve[name].P99)))
			cpus = append(cpus, ms(s.Bleve[name].CPU))
		}
		verdict := "meets"
		if s.worstIndexP99() > t {
			verdict = "misses"
		}
		parts = append(parts, fmt.Sprintf("The index %s the p99 target of %s: %s (CPU per query %s; 1-minute load average %.1f → %.1f).",
			verdict, ms(t), strings.Join(p99s, ", "), strings.Join(cpus, ", "), s.LoadAvg[0], s.LoadAvg[1]))
	}
	var ratios []string
	for _, kind := range queryKinds {
		name := kindName(kind.filtered, kind.facets)
		if pg := s.PG[name]; pg != nil {
			ratios = append(ratios, fmt.Sprintf("%s %s× / %s×", kindLabel(name), ratio(s.Bleve[name].P50, pg.P50), ratio(s.Bleve[name].P99, pg.P99)))
		}
	}
	if len(ratios) > 0 {
		parts = append(parts, "Index ÷ PostgreSQL, p50 / p99: "+strings.Join(ratios, "; ")+".")
	}
	if plain, pgf := s.Bleve["plain+facets"], s.PG["plain+facets"]; pgf != nil {
		parts = append(parts, fmt.Sprintf("An average plain query matches %.0f documents in the index and %.0f in PostgreSQL (every word, no typos or prefixes).",
			plain.Matches, pgf.Matches))
	}
	ix, pg := s.Rel["exact"]["index"], s.Rel["exact"]["postgres"]
	if pg != nil {
		parts = append(parts, fmt.Sprintf("Recall@10 on the label set: index %.3f, PostgreSQL %.3f (MRR %.3f vs %.3f).", ix.Recall, pg.Recall, ix.MRR, pg.MRR))
		if ti, tp := s.Rel["typo"]["index"], s.Rel["typo"]["postgres"]; ti != nil && tp != nil {
			parts = append(parts, fmt.Sprintf("With one typo: %.3f vs %.3f.", ti.Recall, tp.Recall))
		}
	} else {
		parts = append(parts, fmt.Sprintf("Recall@10 on the label set: index %.3f (no baseline).", ix.Recall))
	}
	if s.Rebuild > 0 {
		parts = append(parts, fmt.Sprintf("A full rebuild takes %s (%s docs/s); catch-up applies %s outbox entries/s.",
			secs(s.Rebuild), rate(int(s.DocCount), s.Rebuild), rate(s.CatchUpEntries, s.CatchUp)))
	}
	return strings.Join(parts, " ")
}

func (s *sizeResult) worstIndexP99() time.Duration {
	var w time.Duration
	for _, l := range s.Bleve {
		w = max(w, l.P99)
	}
	return w
}

func (r *report) sizeHeaders(sep string) string {
	var h []string
	for _, s := range r.Sizes {
		h = append(h, thousands(s.Offers)+" offers")
	}
	return strings.Join(h, sep)
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

func secs(d time.Duration) string {
	if d < time.Second {
		return ms(d)
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func rate(n int, d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return thousands(int(float64(n) / d.Seconds()))
}

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
func kb(n int64) string { return fmt.Sprintf("%.1f kB", float64(n)/1e3) }

// thousands writes n with thin groups: 100 000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	out = append([]string{s}, out...)
	return strings.Join(out, " ")
}
