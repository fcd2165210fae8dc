// Command gen builds geo/data/pc4.csv, the four-digit postcode (PC4)
// centroids package geo embeds, from the GeoNames postal-code dump in the
// shared reference data:
//
//	go run ./geo/internal/gen -geo ../shared/data/geo -out geo/data
//
// The output has one row per (postcode, place) pair of the source, sorted by
// postcode, with the row package geo should use for that postcode first.
// It depends only on the input file, so running it twice gives identical
// bytes; a test in package geo checks that the committed file matches.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const sourceFile = "geonames_postalcodes_NL_pc4_2017.txt"

// neighbours is how many postcodes with a single place vote on where an
// ambiguous postcode lies (see pickPrimary).
const neighbours = 6

// outlierKm is how far GeoNames' first place for a postcode may lie from
// its numeric neighbours before pickPrimary distrusts it. A PC4 area in the
// countryside can be ten kilometres across; the errors are 30 km and more.
const outlierKm = 10.0

func main() {
	geoDir := flag.String("geo", "../shared/data/geo", "directory with "+sourceFile)
	outDir := flag.String("out", "geo/data", "directory to write pc4.csv to")
	flag.Parse()
	if err := run(*geoDir, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// row is one line of the GeoNames dump that we keep.
type row struct {
	pc4, place, province string
	lat, lon             string // as in the source: re-formatting floats would only add noise
	latF, lonF           float64
	n                    int // pc4 as a number
}

func run(geoDir, outDir string) error {
	rows, err := read(filepath.Join(geoDir, sourceFile))
	if err != nil {
		return err
	}
	groups := map[string][]row{}
	for _, r := range rows {
		groups[r.pc4] = append(groups[r.pc4], r)
	}
	codes := make([]string, 0, len(groups))
	for pc4 := range groups {
		codes = append(codes, pc4)
	}
	slices.Sort(codes)

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"pc4", "lat", "lon", "place", "province"})
	for _, pc4 := range codes {
		g := groups[pc4]
		p := pickPrimary(g, groups, codes)
		ordered := append([]row{g[p]}, slices.Delete(slices.Clone(g), p, p+1)...)
		for _, r := range ordered {
			w.Write([]string{r.pc4, r.lat, r.lon, r.place, r.province})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, "pc4.csv"), buf.Bytes(), 0o644)
}

// read parses the tab-separated GeoNames dump: country, postcode, place,
// province, province code, municipality, municipality code, two empty
// columns, latitude, longitude. Anything unexpected stops the build.
func read(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 11 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 11", path, line, len(fields))
		}
		r := row{pc4: fields[1], place: strings.TrimSpace(fields[2]), province: strings.TrimSpace(fields[3]), lat: fields[9], lon: fields[10]}
		if fields[0] != "NL" {
			return nil, fmt.Errorf("%s:%d: country %q", path, line, fields[0])
		}
		if len(r.pc4) != 4 || r.pc4[0] < '1' || r.pc4[0] > '9' {
			return nil, fmt.Errorf("%s:%d: postcode %q", path, line, r.pc4)
		}
		if r.n, err = strconv.Atoi(r.pc4); err != nil {
			return nil, fmt.Errorf("%s:%d: postcode %q", path, line, r.pc4)
		}
		if r.place == "" || r.province == "" {
			return nil, fmt.Errorf("%s:%d: no place or province", path, line)
		}
		r.latF, err = strconv.ParseFloat(r.lat, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: latitude: %w", path, line, err)
		}
		r.lonF, err = strconv.ParseFloat(r.lon, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: longitude: %w", path, line, err)
		}
		// The Netherlands, European part, with a margin.
		if r.latF < 50.6 || r.latF > 53.7 || r.lonF < 3.2 || r.lonF > 7.3 {
			return nil, fmt.Errorf("%s:%d: %s,%s is outside the Netherlands", path, line, r.lat, r.lon)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	return rows, nil
}

// pickPrimary chooses which of the places GeoNames lists for one postcode
// stands for the postcode, and returns its index in g.
//
// About 200 postcodes have several places. Usually they are neighbouring
// villages and the choice hardly matters, but a few rows are plainly wrong
// (5591 is Heeze, yet "Baarlo", 36 km away, is listed first; 8461 lists Epe,
// 66 km away), and a travel distance from a wrong point is worse than none.
// Postcodes are handed out by region, so numerically close postcodes lie
// close together. GeoNames' first place is kept (it is usually the main
// one: Warffum before Stitswerd) unless it lies more than outlierKm from the
// median point of the nearest unambiguous postcodes; then the place nearest
// to that point wins.
func pickPrimary(g []row, groups map[string][]row, codes []string) int {
	if len(g) == 1 {
		return 0
	}
	var near []row
	for _, pc4 := range codes {
		if h := groups[pc4]; len(h) == 1 {
			near = append(near, h[0])
		}
	}
	n := g[0].n
	slices.SortStableFunc(near, func(a, b row) int {
		return cmp.Or(cmp.Compare(abs(a.n-n), abs(b.n-n)), cmp.Compare(a.n, b.n))
	})
	near = near[:min(neighbours, len(near))]
	if len(near) == 0 {
		return 0
	}
	lats := make([]float64, len(near))
	lons := make([]float64, len(near))
	for i, r := range near {
		lats[i], lons[i] = r.latF, r.lonF
	}
	refLat, refLon := median(lats), median(lons)
	if distance(g[0].latF, g[0].lonF, refLat, refLon) <= outlierKm {
		return 0
	}
	best, bestD := 0, math.Inf(1)
	for i, r := range g {
		if d := distance(r.latF, r.lonF, refLat, refLon); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// distance is the haversine distance in km; package geo has the same, but
// the generator must build without the data the package embeds.
func distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
