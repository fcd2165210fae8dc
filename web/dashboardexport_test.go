package web_test

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// fetched runs fetch(url) in the page, with the session's cookies, and
// returns the body, base64-encoded.
func (b tab) fetched(url string) []byte {
	b.t.Helper()
	js := `fetch(` + jsString(url) + `).then(r => { if (!r.ok) throw new Error(r.status); return r.arrayBuffer() }).then(buf => {
		let s = ''; for (const c of new Uint8Array(buf)) s += String.fromCharCode(c); return btoa(s) })`
	enc, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", url, err)
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		b.t.Fatal(err)
	}
	return raw
}

// TestAppDashboardExport: every chart of the manager's dashboard offers
// its table as CSV and as Excel, with the same cells as the page; the
// dropout heat map marks its smoothed estimates as such.
func TestAppDashboardExport(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "wietske", "/dashboard")
	ids := eval[[]string](b, `[...document.querySelectorAll('figure.pw-chart')].map(f => f.querySelector('h2').id.replace(/-kop$/, ''))`)
	if len(ids) < 5 {
		t.Fatalf("%d charts", len(ids))
	}
	for _, id := range ids {
		links := eval[[]string](b, `[...document.getElementById('`+id+`-kop').closest('figure').querySelectorAll('a[href^="/dashboard/export/"]')].map(a => a.getAttribute('href'))`)
		if !slices.Equal(links, []string{"/dashboard/export/" + id + ".csv", "/dashboard/export/" + id + ".xlsx"}) {
			t.Errorf("chart %s: export links %q", id, links)
			continue
		}
		table := eval[[][]string](b, `[...document.getElementById('`+id+`-kop').closest('figure').querySelectorAll('table tr')].map(tr => [...tr.children].map(c => c.textContent))`)

		csv := strings.TrimPrefix(string(b.fetched(links[0])), "\xef\xbb\xbf")
		lines := strings.Split(strings.TrimRight(csv, "\r\n"), "\n")
		if len(lines) != len(table) {
			t.Errorf("chart %s: CSV has %d lines, the table %d rows", id, len(lines), len(table))
		} else if got := strings.TrimRight(lines[0], "\r"); got != strings.Join(table[0], ";") {
			t.Errorf("chart %s: CSV head %q, table head %q", id, got, table[0])
		}

		x, err := excelize.OpenReader(bytes.NewReader(b.fetched(links[1])))
		if err != nil {
			t.Fatalf("chart %s: not an Excel file: %v", id, err)
		}
		rows, err := x.GetRows(x.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(table) {
			t.Errorf("chart %s: Excel has %d rows, the table %d", id, len(rows), len(table))
			continue
		}
		for i := range rows {
			// Excel keeps no empty cells at the end of a row.
			want := table[i]
			for len(want) > 0 && want[len(want)-1] == "" {
				want = want[:len(want)-1]
			}
			if !slices.Equal(rows[i], want) {
				t.Errorf("chart %s row %d: Excel %q, table %q", id, i, rows[i], want)
			}
		}
	}
	// The heat map's smoothed estimates say so ("≈"), beside the counts in
	// its table.
	if eval[bool](b, `document.querySelector('#uitval-kop').closest('figure').querySelector('table').textContent.includes('geschat')`) &&
		!strings.Contains(eval[string](b, `document.querySelector('#uitval-kop').closest('figure').querySelector('svg')?.textContent ?? ''`), "≈") {
		t.Error("the dropout heat map shows estimates without saying so")
	}
	for _, u := range []string{"/dashboard/export/onbekend.csv", "/dashboard/export/uitval.pdf"} {
		if st, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`fetch(`+jsString(u)+`).then(r => r.status)`, chromedp.EvalAwaitPromise)); err != nil || st != 404 {
			t.Errorf("%s: %d (%v), want 404", u, st, err)
		}
	}
}

// TestAppDashboardFilters: the target group, organisation kind and
// period filters narrow the figures and their exports; a period that
// ends before it starts is named and changes no figure.
func TestAppDashboardFilters(t *testing.T) {
	env := appService(t)
	b := appTab(t)
	b.login(env.url, "wietske", "/dashboard")
	groups := `[...document.querySelectorAll('#uitval-kop ~ * table tbody tr, figure:has(#uitval-kop) table tbody tr')].map(tr => tr.children[1].textContent)`
	all := eval[[]string](b, groups)
	if !slices.ContainsFunc(all, func(g string) bool { return g != "alle doelgroepen" && g != "Statushouder" }) {
		t.Fatalf("the demo's dropout table has no other target group to filter out: %q", all)
	}
	b.axe("dashboard met filters")
	b.fill(map[string]string{"doelgroep": "statushouder", "soort": "sociale-onderneming", "van": "2025-01", "tot": "2026-12"})
	b.submit(`#filters button[type=submit]`)
	b.until(`location.search.includes('doelgroep=statushouder') && document.readyState === 'complete'`)
	for _, g := range eval[[]string](b, groups) {
		if g != "alle doelgroepen" && g != "Statushouder" {
			t.Errorf("filtered on Statushouder, the table shows %q", g)
		}
	}
	link := eval[string](b, `document.querySelector('figure:has(#uitval-kop) a[href*=".csv"]').getAttribute('href')`)
	if !strings.Contains(link, "doelgroep=statushouder") || !strings.Contains(link, "soort=sociale-onderneming") {
		t.Errorf("the export does not carry the filters: %s", link)
	}
	rows := eval[int](b, `document.querySelectorAll('figure:has(#uitval-kop) table tr').length`)
	if lines := strings.Split(strings.TrimRight(string(b.fetched(link)), "\r\n"), "\n"); len(lines) != rows {
		t.Errorf("filtered CSV: %d lines, the table %d rows", len(lines), rows)
	}

	b.open(env.url + "/dashboard?van=2026-06&tot=2026-01")
	b.until(`document.getElementById('foutmeldingen') !== null`)
	if !strings.Contains(eval[string](b, `document.getElementById('foutmeldingen').innerText`), "Tot en met maand") {
		t.Errorf("the bad period is not named: %s", eval[string](b, `document.getElementById('foutmeldingen').innerText`))
	}
	if eval[int](b, `document.querySelectorAll('figure.pw-chart').length`) < 5 {
		t.Error("a bad filter left the dashboard without figures")
	}
	b.axe("dashboard met foute periode")
}
