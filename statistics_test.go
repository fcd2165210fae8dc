package plekwijzer_test

import (
	"maps"
	"math"
	"testing"

	"github.com/iederz/plekwijzer"
)

func TestSmoothedRate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dropouts, ended int
		prior, strength float64
		want            float64
	}{
		{0, 0, 0.3, 10, 0.3},           // nothing seen: the prior
		{1, 2, 0.3, 0, 0.5},            // no smoothing: the observed rate
		{1, 2, 0.3, 8, 0.34},           // (1 + 2.4) / 10
		{50, 100, 0.2, 10, 52 / 110.0}, // many placements: close to observed
		{0, 0, 0.3, 0, 0.3},            // nothing and no prior weight: the prior
		{3, 4, 0.25, -1, 0.75},         // negative strength is none
	} {
		if got := plekwijzer.SmoothedRate(tc.dropouts, tc.ended, tc.prior, tc.strength); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("SmoothedRate(%d, %d, %v, %v) = %v, want %v", tc.dropouts, tc.ended, tc.prior, tc.strength, got, tc.want)
		}
	}
}

func TestOfferDocFreeFor(t *testing.T) {
	t.Parallel()
	gon, other := "0b0d0000-0000-4000-8000-000000000001", "0b0d0000-0000-4000-8000-000000000002"
	d := &plekwijzer.OfferDoc{
		Free: plekwijzer.Capacity{"ma-ochtend": 1, "di-middag": 2},
		Reserved: []plekwijzer.ReservedFree{{
			ContingentID: "c1", ReferrerIDs: []string{gon},
			Free: plekwijzer.Capacity{"ma-ochtend": 2, "wo-ochtend": 1},
		}},
	}
	for _, tc := range []struct {
		name     string
		referrer *string
		want     plekwijzer.Capacity
	}{
		{"no referrer", nil, plekwijzer.Capacity{"ma-ochtend": 1, "di-middag": 2}},
		{"another referrer", &other, plekwijzer.Capacity{"ma-ochtend": 1, "di-middag": 2}},
		{"a referrer with reserved places", &gon, plekwijzer.Capacity{"ma-ochtend": 3, "di-middag": 2, "wo-ochtend": 1}},
	} {
		if got := d.FreeFor(tc.referrer); !maps.Equal(got, tc.want) {
			t.Errorf("%s: FreeFor = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The answer is a copy: changing it leaves the document alone.
	d.FreeFor(&gon)["ma-ochtend"] = 99
	if d.Free["ma-ochtend"] != 1 {
		t.Errorf("FreeFor returned the document's own map")
	}
	// Without contingents it is Free.
	plain := &plekwijzer.OfferDoc{Free: plekwijzer.Capacity{"vr-middag": 4}}
	if got := plain.FreeFor(&gon); !maps.Equal(got, plain.Free) {
		t.Errorf("FreeFor without contingents = %v, want %v", got, plain.Free)
	}
}
