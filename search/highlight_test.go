package search

import (
	"strings"
	"testing"

	"github.com/iederz/plekwijzer/catalogue"
)

// TestStemNeedle: every Dutch word begins with the needle of its stem, so
// a text without the needle cannot hold a word with that stem and need
// not be analyzed for highlights. The words are the catalogue's, and
// some that each rule of the Dutch stemmer changes.
func TestStemNeedle(t *testing.T) {
	m, err := buildMapping()
	if err != nil {
		t.Fatal(err)
	}
	folded, stemmed := m.AnalyzerNamed(analyzerFolded), m.AnalyzerNamed(analyzerStemmed)
	cat, err := catalogue.Load()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"schoonheden mogelijkheden maan vergaan brood bakken lopen hoofden kinderen " +
		"huizen brieven ijverig zeeën boeken heidegrond leesbaar eerlijk wandelend werkende gemeente"}
	for _, w := range cat.WorkTypes {
		texts = append(texts, w.Name, w.Description)
		for _, o := range w.Occupations {
			texts = append(texts, o.Name)
			texts = append(texts, o.AltLabels...)
		}
	}
	for _, s := range cat.Skills {
		texts = append(texts, s.Name, s.Group)
	}
	checked := 0
	for _, text := range texts {
		for _, w := range words(folded, text) {
			ts := stemmed.Analyze([]byte(w))
			if len(ts) == 0 {
				continue // a stop word
			}
			checked++
			if s := string(ts[0].Term); !strings.HasPrefix(w, stemNeedle(s)) {
				t.Errorf("%q has stem %q but does not begin with %q", w, s, stemNeedle(s))
			}
		}
	}
	if checked < 4000 {
		t.Errorf("only %d words checked", checked)
	}
}
