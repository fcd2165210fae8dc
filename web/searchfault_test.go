package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSearchPageWhileIndexUnwritable: while the search index cannot be
// written, the search page says so in plain Dutch, keeps its form and
// the rest of the pages work; once the folder can be written, the index
// recovers by itself and the same page finds offers again, also as one
// types. How the folder cannot be written: its parent is a file, so it
// cannot be created, by root neither (ENOTDIR); then the file makes way
// for a folder.
func TestSearchPageWhileIndexUnwritable(t *testing.T) {
	disk := filepath.Join(t.TempDir(), "schijf")
	if err := os.WriteFile(disk, []byte("geen map"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := startApp(t, appOptions{indexDir: filepath.Join(disk, "index")})
	b := appTab(t)
	b.login(env.url, "fatma", "/deelnemers")

	b.open(env.url + "/zoeken?q=fietsen")
	b.until(`document.getElementById('zoeken-niet-beschikbaar') !== null`)
	if text := b.text(); !strings.Contains(text, "Zoeken is even niet beschikbaar: de zoekindex kan nu niet worden bijgewerkt.") ||
		!strings.Contains(text, "De rest van Plekwijzer werkt gewoon.") {
		t.Errorf("the search page while the index cannot be written:\n%s", text)
	}
	if v := eval[string](b, `document.getElementById('veld-q').value`); v != "fietsen" {
		t.Errorf("the search form lost the words: %q", v)
	}
	b.axe("zoeken niet beschikbaar")
	b.screenshot("zoeken-niet-beschikbaar")
	// As one types, htmx shows the same answer instead of nothing.
	b.do(chromedp.SendKeys(`#veld-q`, " repareren"))
	b.until(`location.search.includes('repareren') && document.getElementById('zoeken-niet-beschikbaar') !== null`)

	b.open(env.url + "/deelnemers")
	if text := b.text(); strings.Contains(text, "niet beschikbaar") || strings.Contains(text, "Er ging iets mis") {
		t.Errorf("the caseload while the index cannot be written:\n%s", text)
	}

	if err := os.Remove(disk); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	// The indexer tries again after 1, 2, 4… seconds.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		b.open(env.url + "/zoeken?q=fietsen")
		if eval[int](b, `document.querySelectorAll('#zoekresultaten .pw-card mark').length`) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search did not recover within 30 s:\n%s", b.text())
		}
	}
	if strings.Contains(b.text(), "niet beschikbaar") {
		t.Errorf("after recovery the page still says search is unavailable:\n%s", b.text())
	}
}
