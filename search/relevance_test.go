package search_test

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/catalogue"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// relevanceCase is one query of the relevance set and the work types that
// count as a right answer.
type relevanceCase struct {
	query    string
	relevant []string // work type ids
}

// relevanceSet builds the test set from real data nobody on this project
// wrote: every Dutch label (preferred and alternative) of the ESCO
// occupations linked to the catalogue's work types is a query that must
// find its work type. A label shared by two work types accepts either.
// With typos, each label of 8 or more letters loses one letter in the
// middle, as a hurried coach would type it.
func relevanceSet(t *testing.T, typos bool) []relevanceCase {
	t.Helper()
	cat, err := catalogue.Load()
	if err != nil {
		t.Fatal(err)
	}
	byLabel := map[string][]string{}
	for _, w := range cat.WorkTypes {
		for _, o := range w.Occupations {
			for _, l := range append([]string{o.Name}, o.AltLabels...) {
				l = strings.ToLower(strings.TrimSpace(l))
				id := seed.WorkTypeID(w.Code)
				if !slices.Contains(byLabel[l], id) {
					byLabel[l] = append(byLabel[l], id)
				}
			}
		}
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var out []relevanceCase
	for _, l := range labels {
		q := l
		if typos {
			r := []rune(l)
			if len(r) < 8 || strings.ContainsRune(l, ' ') {
				continue
			}
			q = string(append(r[:len(r)/2:len(r)/2], r[len(r)/2+1:]...))
		}
		out = append(out, relevanceCase{query: q, relevant: byLabel[l]})
	}
	return out
}

// measure runs the set and returns recall@10 (share of queries with a
// relevant work type in the first 10 work-type hits) and MRR (mean of
// 1/rank of the first relevant hit, 0 when not in the first 10).
func measure(t *testing.T, e *env, set []relevanceCase) (recall, mrr float64, misses []string) {
	t.Helper()
	found := 0
	for _, c := range set {
		res, err := e.ix.Search(e.ctx, plekwijzer.SearchQuery{
			Text: c.query, Kind: plekwijzer.KindWorkType, Page: plekwijzer.Page{Number: 1, Size: 10},
		})
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		rank := 0
		for i, h := range res.Hits {
			if slices.Contains(c.relevant, h.ID) {
				rank = i + 1
				break
			}
		}
		if rank > 0 {
			found++
			mrr += 1 / float64(rank)
		} else {
			misses = append(misses, c.query)
		}
	}
	n := float64(len(set))
	return float64(found) / n, mrr / n, misses
}

// TestRelevance holds the floors set from the measurement reported in
// docs/SEARCH.md. The index does not depend on the engine, so it runs on
// SQLite only. PLEKWIJZER_RELEVANCE_REPORT=1 prints the figures and misses.
func TestRelevance(t *testing.T) {
	e := demoEnv(t, storetest.New(t, store.SQLite))
	for _, tc := range []struct {
		name              string
		typos             bool
		minRecall, minMRR float64
	}{
		{"ESCO labels", false, 0.99, 0.99},
		{"ESCO labels with a typo", true, 0.97, 0.95},
	} {
		set := relevanceSet(t, tc.typos)
		recall, mrr, misses := measure(t, e, set)
		if os.Getenv("PLEKWIJZER_RELEVANCE_REPORT") != "" {
			fmt.Printf("%s: %d queries, recall@10 %.3f, MRR %.3f\nmisses: %q\n", tc.name, len(set), recall, mrr, misses)
		}
		if recall < tc.minRecall || mrr < tc.minMRR {
			t.Errorf("%s (%d queries): recall@10 %.3f (floor %.2f), MRR %.3f (floor %.2f); misses: %q",
				tc.name, len(set), recall, tc.minRecall, mrr, tc.minMRR, misses)
		}
	}
}
