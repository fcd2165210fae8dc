package geo

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"9712", "9712", true},
		{" 9712 ", "9712", true},
		{"9712 AB", "9712", true},
		{"9712AB", "9712", true},
		{"9712ab", "9712", true},
		{"9712  ab", "9712", true},
		{"\t1011 aa\n", "1011", true},
		{"9712 SA", "", false},
		{"9712ss", "", false},
		{"9712 sd", "", false},
		{"0712", "", false},
		{"971", "", false},
		{"97123", "", false},
		{"9712 A", "", false},
		{"9712 ABC", "", false},
		{"9712-AB", "", false},
		{"9712 A1", "", false},
		{"97a2", "", false},
		{"", "", false},
		{"   ", "", false},
		{"９７１２", "", false}, // full-width digits are not a postcode
	} {
		got, ok := Normalize(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestLookup(t *testing.T) {
	p, ok := Lookup("9712 AB")
	if !ok {
		t.Fatal("Lookup(9712 AB) not found")
	}
	if p.PC4 != "9712" || p.Place != "Groningen" || p.Province != "Groningen" {
		t.Errorf("Lookup(9712) = %+v", p)
	}
	// The centre of the city of Groningen is at about 53.22 N, 6.57 E.
	if math.Abs(p.Point.Lat-53.22) > 0.05 || math.Abs(p.Point.Lon-6.57) > 0.05 {
		t.Errorf("Lookup(9712) at %+v, want near 53.22, 6.57", p.Point)
	}
	if _, ok := Lookup("1000"); ok { // valid form, no such area
		t.Error("Lookup(1000) found an area")
	}
	if _, ok := Lookup("hallo"); ok {
		t.Error("Lookup(hallo) found an area")
	}
}

func TestLookupAmbiguous(t *testing.T) {
	// GeoNames lists Baarlo (Limburg, 36 km away) first for 5591; the
	// generator must pick Heeze, which its neighbours agree with.
	if p, _ := Lookup("5591"); p.Place != "Heeze" {
		t.Errorf("Lookup(5591) = %q, want Heeze", p.Place)
	}
	all := LookupAll("5591")
	if len(all) != 2 || all[0].Place != "Heeze" {
		t.Errorf("LookupAll(5591) = %+v", all)
	}
	if got := LookupAll("9712"); len(got) != 1 {
		t.Errorf("LookupAll(9712) = %+v, want one place", got)
	}
	if got := LookupAll("nope"); got != nil {
		t.Errorf("LookupAll(nope) = %+v", got)
	}
}

func TestDistanceKm(t *testing.T) {
	groningen, _ := Lookup("9711")
	assen, _ := Lookup("9401")
	d := DistanceKm(groningen.Point, assen.Point)
	if d < 20 || d > 30 {
		t.Errorf("Groningen-Assen %.1f km, want 20-30", d)
	}
	if d2 := DistanceKm(assen.Point, groningen.Point); math.Abs(d-d2) > 1e-9 {
		t.Errorf("distance not symmetric: %v vs %v", d, d2)
	}
	if d := DistanceKm(groningen.Point, groningen.Point); d != 0 {
		t.Errorf("distance to itself %v", d)
	}
	// One degree of latitude is about 111.2 km.
	if d := DistanceKm(Point{52, 5}, Point{53, 5}); math.Abs(d-111.2) > 0.1 {
		t.Errorf("one degree of latitude = %.2f km", d)
	}
}

func TestInProvince(t *testing.T) {
	ps := InProvince("Groningen")
	if len(ps) < 240 || len(ps) > 270 {
		t.Errorf("InProvince(Groningen): %d areas, want about 250", len(ps))
	}
	if !slices.IsSortedFunc(ps, func(a, b Postcode) int { return strings.Compare(a.PC4, b.PC4) }) {
		t.Error("InProvince not sorted by PC4")
	}
	seen := map[string]bool{}
	for _, p := range ps {
		// The province's areas run from 93xx to 99xx: 96xx is the
		// Oldambt and Veenkoloniën (Winschoten, Veendam), and 9479 is
		// Noordlaren, in an otherwise Drenthe 94xx range.
		if p.PC4 < "9300" || p.PC4 > "9999" {
			t.Errorf("InProvince(Groningen) has %s %s", p.PC4, p.Place)
		}
		if p.Province != "Groningen" {
			t.Errorf("InProvince(Groningen) has %s in %s", p.PC4, p.Province)
		}
		if seen[p.PC4] {
			t.Errorf("InProvince(Groningen) lists %s twice", p.PC4)
		}
		seen[p.PC4] = true
	}
	for _, pc4 := range []string{"9711", "9671", "9351"} { // Groningen, Winschoten, Leek (shared with Drenthe)
		if !seen[pc4] {
			t.Errorf("InProvince(Groningen) lacks %s", pc4)
		}
	}
	if got := InProvince("groningen"); len(got) != len(ps) {
		t.Errorf("InProvince is case-sensitive: %d vs %d", len(got), len(ps))
	}
	if got := InProvince("Atlantis"); len(got) != 0 {
		t.Errorf("InProvince(Atlantis) = %d areas", len(got))
	}
}

func TestAllPostcodes(t *testing.T) {
	x := load()
	if len(x.codes) < 4000 {
		t.Errorf("%d postcode areas, want all of the Netherlands (about 4,060)", len(x.codes))
	}
	rows := 0
	for _, ps := range x.all {
		rows += len(ps)
	}
	if rows != 4304 {
		t.Errorf("%d rows, want the 4,304 of the GeoNames file", rows)
	}
}

// TestGeneratedFileUpToDate reruns the generator and compares its output
// with the committed file, so the data can only change through the
// generator.
func TestGeneratedFileUpToDate(t *testing.T) {
	src := filepath.Join("..", "..", "shared", "data", "geo")
	if _, err := os.Stat(src); os.IsNotExist(err) {
		t.Skip("GeoNames reference data not present at", src)
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./internal/gen", "-geo", src, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	got, err := os.ReadFile(filepath.Join(out, "pc4.csv"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join("data", "pc4.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Error("data/pc4.csv differs from the generator's output; run go generate ./geo")
	}
}

func TestWithin(t *testing.T) {
	city, _ := Lookup("9712")
	near := Within(city.Point, 10)
	if !slices.Contains(near, "9712") || !slices.Contains(near, "9741") || slices.Contains(near, "9401") {
		t.Errorf("within 10 km of 9712: %v", near)
	}
	for _, pc := range near {
		p, _ := Lookup(pc)
		if d := DistanceKm(city.Point, p.Point); d > 10 {
			t.Errorf("%s is %.1f km away", pc, d)
		}
	}
	if got := Within(city.Point, 0); !slices.Equal(got, []string{"9712"}) {
		t.Errorf("within 0 km: %v", got)
	}
}
