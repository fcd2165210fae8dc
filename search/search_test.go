package search_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// TestDutchQueries: what coaches type finds the fitting work, on the
// demo data.
func TestDutchQueries(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := demoEnv(t, db)
		tests := []struct {
			name, text string
			// top: every one of the first len(top) hits is of one of
			// these work types
			top []string
			n   int
			// workType: this catalogue work type itself is among the hits
			workType string
		}{
			{"words", "fietsen repareren", []string{"fietsenreparatie"}, 3, "fietsenreparatie"},
			{"one word", "keuken", []string{"keuken-catering"}, 2, "keuken-catering"},
			{"capitals", "KEUKEN", []string{"keuken-catering"}, 2, "keuken-catering"},
			{"a wish", "buiten werken met planten", []string{"groenvoorziening", "tuinbouw-kwekerij"}, 0, "tuinbouw-kwekerij"},
			{"typo", "groenvoorzeining", []string{"groenvoorziening"}, 4, "groenvoorziening"},
			{"typo in a short word", "kueken", []string{"keuken-catering"}, 1, "keuken-catering"},
			{"ESCO label", "fietsenmaker", []string{"fietsenreparatie"}, 3, "fietsenreparatie"},
			{"formal word", "rijwielhersteller", []string{"fietsenreparatie"}, 1, "fietsenreparatie"},
			{"prefix", "fiet", []string{"fietsenreparatie", "bezorging"}, 3, "fietsenreparatie"},
			{"prefix of the last word", "schoonmaken in kan", []string{"schoonmaak"}, 0, "schoonmaak"},
			{"ESCO label of a work type without it in its text", "hovenier", []string{"groenvoorziening"}, 1, "groenvoorziening"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := e.text(tt.text)
				if res.Total == 0 {
					t.Fatalf("%q found nothing", tt.text)
				}
				for i := 0; i < tt.n && i < len(res.Hits); i++ {
					if wt := e.workTypeOf(res.Hits[i]); !slices.Contains(tt.top, wt) {
						t.Errorf("%q: hit %d is %s, want one of %v; top:%s", tt.text, i+1, wt, tt.top, e.describe(res, 8))
					}
				}
				if tt.n == 0 {
					// Only ask that the fitting work is near the top.
					found := false
					for i := 0; i < 5 && i < len(res.Hits); i++ {
						found = found || slices.Contains(tt.top, e.workTypeOf(res.Hits[i]))
					}
					if !found {
						t.Errorf("%q: none of %v in the top 5:%s", tt.text, tt.top, e.describe(res, 8))
					}
				}
				if hit(res, plekwijzer.KindWorkType, seed.WorkTypeID(tt.workType)) == nil {
					t.Errorf("%q: work type %s not found:%s", tt.text, tt.workType, e.describe(res, 10))
				}
				for _, h := range res.Hits {
					if len(h.Highlights) == 0 {
						t.Errorf("%q: hit %s %s has no highlight", tt.text, h.Kind, h.ID)
					}
				}
			})
		}

		t.Run("only open offers", func(t *testing.T) {
			res := e.search(plekwijzer.SearchQuery{Page: plekwijzer.Page{Size: 100}})
			for _, id := range ids(res, plekwijzer.KindOffer) {
				o, err := db.Offer(e.ctx, id)
				must(t, err)
				if o.Status != plekwijzer.OfferOpen {
					t.Errorf("offer %s is %s", id, o.Status)
				}
			}
		})

		t.Run("highlights mark the words found", func(t *testing.T) {
			res := e.text("keuken")
			wt := hit(res, plekwijzer.KindWorkType, seed.WorkTypeID("keuken-catering"))
			if wt == nil {
				t.Fatal("keuken-catering not found")
			}
			if got := wt.Highlights["naam"]; len(got) != 1 || got[0] != "<mark>Keuken</mark> en catering" {
				t.Errorf("naam highlight %q", got)
			}
			if got := strings.Join(wt.Highlights["omschrijving"], " "); !strings.Contains(got, "in de <mark>keuken</mark>") {
				t.Errorf("omschrijving highlight %q", got)
			}
		})
	})
}

// TestFolding: diacritics do not matter, either way round, and the
// highlight marks the word as written.
func TestFolding(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		withAccent := e.offer("zorgondersteuning", "Cliëntenvervoer", "Je begeleidt een cliënt naar de dagbesteding. Het traject is beëindigd als het doel bereikt is.")
		without := e.offer("zorgondersteuning", "Koffie schenken", "Je schenkt koffie voor elke client en bewoner.")
		e.catchUp()

		for _, q := range []string{"client", "cliënt", "CLIËNT", "clïent"} {
			res := e.text(q)
			got := ids(res, plekwijzer.KindOffer)
			if !slices.Contains(got, withAccent.ID) || !slices.Contains(got, without.ID) {
				t.Errorf("%q found %v, want both offers", q, got)
			}
		}
		res := e.text("beeindigd")
		if h := hit(res, plekwijzer.KindOffer, withAccent.ID); h == nil {
			t.Fatal("beeindigd did not find beëindigd")
		} else if got := strings.Join(h.Highlights["omschrijving"], ""); !strings.Contains(got, "<mark>beëindigd</mark>") {
			t.Errorf("highlight %q does not mark beëindigd", got)
		}
		res = e.text("client")
		if got := strings.Join(hit(res, plekwijzer.KindOffer, withAccent.ID).Highlights["omschrijving"], ""); !strings.Contains(got, "een <mark>cliënt</mark> naar") {
			t.Errorf("highlight %q does not mark cliënt", got)
		}
		res = e.text("clientenvervoer")
		if hit(res, plekwijzer.KindOffer, withAccent.ID) == nil {
			t.Error("clientenvervoer did not find Cliëntenvervoer")
		}
	})
}

// TestFallback: when no document has every word, the words that are not
// everywhere are enough, and a word in most documents is left out.
func TestFallback(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var boxes []string
		for i := range 15 {
			boxes = append(boxes, e.offer("inpakken", fmt.Sprintf("Inpakken %d", i), "Je vouwt dozen.").ID)
		}
		candles := e.offer("creatief-atelier", "Kaarsen gieten", "Je giet kaarsen van was.")
		tandems := e.offer("fietsenreparatie", "Tandems lassen", "Je last tandems.")
		e.catchUp()

		// "dozen" is in more than a fifth of the documents: no help on
		// its own.
		res := e.text("kaarsen dozen")
		if hit(res, plekwijzer.KindOffer, candles.ID) == nil {
			t.Errorf("kaarsen dozen: the candle offer not found:%s", e.describe(res, 10))
		}
		for _, id := range boxes {
			if hit(res, plekwijzer.KindOffer, id) != nil {
				t.Errorf("kaarsen dozen: found a box offer by dozen alone:%s", e.describe(res, 10))
				break
			}
		}
		// Two rare words: either will do.
		res = e.text("kaarsen tandems")
		if !sameSet(ids(res, plekwijzer.KindOffer), []string{candles.ID, tandems.ID}) {
			t.Errorf("kaarsen tandems: %v, want both offers:%s", ids(res, plekwijzer.KindOffer), e.describe(res, 10))
		}
	})
}
