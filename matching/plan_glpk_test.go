package matching

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
)

// glpsolPath finds GLPK's solver: CI installs it (.ci/run) and sets
// PLEKWIJZER_REQUIRE_POSTGRES=1, which makes a missing glpsol a failure;
// elsewhere the test is skipped without it.
func glpsolPath(t *testing.T) string {
	path, err := exec.LookPath("glpsol")
	if err == nil {
		return path
	}
	if os.Getenv("PLEKWIJZER_REQUIRE_POSTGRES") == "1" {
		t.Fatalf("glpsol not found (apt-get install glpk-utils); CI requires it: %v", err)
	}
	t.Skipf("glpsol not found (apt-get install glpk-utils): %v", err)
	return ""
}

// TestPlanAgainstGLPK solves random instances as integer programs with
// GLPK, an independent solver, from a model written here from the
// matcher's output and the offers' places — not from the planner's
// network — and compares the optimum.
func TestPlanAgainstGLPK(t *testing.T) {
	glpsol := glpsolPath(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(21, 22))
	n := 120
	if testing.Short() {
		n = 20
	}
	if s := os.Getenv("PLEKWIJZER_GLPK_INSTANCES"); s != "" {
		n, _ = strconv.Atoi(s) // a longer run by hand
	}
	maxBranches := 0
	defer func() { t.Logf("%d instances, at most %d branch-and-bound nodes", n, maxBranches) }()
	for i := range n {
		w := randomPlanWorld(r, 2+r.IntN(10), 3+r.IntN(25), 4+r.IntN(7), 3)
		w.k = 1 + r.IntN(6)
		for _, oneOffer := range []bool{false, true} {
			plan := w.plan(t, oneOffer)
			checkPlan(t, w, plan, oneOffer)
			maxBranches = max(maxBranches, plan.Proof.Branches)
			lp := filepath.Join(dir, fmt.Sprintf("plan%d-%v.lp", i, oneOffer))
			if err := os.WriteFile(lp, []byte(w.cplexLP(oneOffer)), 0o644); err != nil {
				t.Fatal(err)
			}
			want, err := runGLPK(glpsol, lp)
			if err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
			if plan.Total != want || !plan.Proof.Optimal {
				t.Fatalf("instance %d (oneOffer %v): plan %d (proof %+v), GLPK %d; model in %s",
					i, oneOffer, plan.Total, plan.Proof, want, lp)
			}
		}
	}
}

// cplexLP writes the planning problem as a mixed-integer program in CPLEX
// LP format:
//
//	y[i,c,d] ∈ {0,1}  person i at candidate c on day-part d (usable only)
//	g, w[r] ≥ 0       the place it uses: for everyone, or reserved entry r
//	max Σ points(i,c)·y   s.t.
//	Σ_{c,d} y ≤ wanted(i);  Σ_c y[i,c,d] ≤ 1;  y = g + Σ_r w[r]
//	Σ g at (offer, d) ≤ free(offer, d);  Σ w[r] at (offer, d) ≤ reserved(r, d)
//	oneOffer: x[i,c] ∈ {0,1}, y[i,c,d] ≤ x[i,c], Σ_c x[i,c] ≤ 1
func (w planWorld) cplexLP(oneOffer bool) string {
	zero := 0.0
	var obj, rows []string
	var binaries []string
	general := map[string][]string{}  // "offer d" → g variables
	reserved := map[string][]string{} // "offer d r" → w variables
	for i, pp := range w.people {
		want := pp.DayParts
		if want == 0 {
			want = 2
		}
		want = min(want, len(pp.P.Availability))
		var all []string
		byDay := map[plekwijzer.DayPart][]string{}
		var xs []string
		for c, m := range w.pool.Match(pp.Person, Options{Limit: w.k, Diversity: &zero}).Items {
			x := fmt.Sprintf("x_%d_%d", i, c)
			if oneOffer {
				xs = append(xs, x)
				binaries = append(binaries, x)
			}
			pts := int64(math.Round(m.Score * 1000))
			for _, d := range m.DayParts {
				di := d.Index()
				y := fmt.Sprintf("y_%d_%d_%d", i, c, di)
				binaries = append(binaries, y)
				obj = append(obj, fmt.Sprintf("%d %s", pts, y))
				all = append(all, y)
				byDay[d] = append(byDay[d], y)
				split := []string{y}
				if m.Offer.Free[d] > 0 {
					g := fmt.Sprintf("g_%d_%d_%d", i, c, di)
					split = append(split, "- "+g)
					key := fmt.Sprintf("%s %d", m.Offer.Offer.ID, di)
					general[key] = append(general[key], g)
				}
				for r, res := range m.Offer.Reserved {
					if res.Free[d] > 0 && pp.P.ReferrerID != nil && slices.Contains(res.ReferrerIDs, *pp.P.ReferrerID) {
						v := fmt.Sprintf("w_%d_%d_%d_%d", i, c, di, r)
						split = append(split, "- "+v)
						key := fmt.Sprintf("%s %d %d", m.Offer.Offer.ID, di, r)
						reserved[key] = append(reserved[key], v)
					}
				}
				rows = append(rows, fmt.Sprintf("split_%d_%d_%d: %s = 0", i, c, di, strings.Join(split, " ")))
				if oneOffer {
					rows = append(rows, fmt.Sprintf("at_%d_%d_%d: %s - %s <= 0", i, c, di, y, x))
				}
			}
		}
		if len(all) > 0 {
			rows = append(rows, fmt.Sprintf("want_%d: %s <= %d", i, strings.Join(all, " + "), want))
		}
		for d, ys := range byDay {
			rows = append(rows, fmt.Sprintf("day_%d_%d: %s <= 1", i, d.Index(), strings.Join(ys, " + ")))
		}
		if len(xs) > 0 {
			rows = append(rows, fmt.Sprintf("one_%d: %s <= 1", i, strings.Join(xs, " + ")))
		}
	}
	for j, d := range w.docs { // rows named by index: ids may hold characters LP names cannot
		for di, dp := range plekwijzer.DayParts {
			if gs := general[fmt.Sprintf("%s %d", d.Offer.ID, di)]; len(gs) > 0 {
				rows = append(rows, fmt.Sprintf("free_%d_%d: %s <= %d", j, di, strings.Join(gs, " + "), d.Free[dp]))
			}
			for r, res := range d.Reserved {
				if ws := reserved[fmt.Sprintf("%s %d %d", d.Offer.ID, di, r)]; len(ws) > 0 {
					rows = append(rows, fmt.Sprintf("res_%d_%d_%d: %s <= %d", j, di, r, strings.Join(ws, " + "), res.Free[dp]))
				}
			}
		}
	}
	if len(obj) == 0 {
		obj = []string{"0 dummy"}
	}
	slices.Sort(rows) // map order must not change the file
	var b strings.Builder
	b.WriteString("\\ plekwijzer planning test\nMaximize\n obj: " + strings.Join(obj, " + ") + "\nSubject To\n")
	for _, r := range rows {
		b.WriteString(" " + r + "\n")
	}
	if len(rows) == 0 {
		b.WriteString(" none: 0 dummy >= 0\n")
	}
	if len(binaries) > 0 {
		b.WriteString("Binary\n " + strings.Join(binaries, "\n ") + "\n")
	}
	b.WriteString("End\n")
	return b.String()
}

var glpkObjective = regexp.MustCompile(`(?m)^Objective:\s+\S+ = (\S+)`)

// runGLPK solves an LP file with glpsol and returns the optimum.
func runGLPK(glpsol, lp string) (int64, error) {
	out := lp + ".out"
	cmd := exec.Command(glpsol, "--lp", lp, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("glpsol: %v\n%s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var text strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text.WriteString(sc.Text() + "\n")
	}
	s := text.String()
	if !strings.Contains(s, "INTEGER OPTIMAL") {
		return 0, fmt.Errorf("glpsol did not find the optimum:\n%s", s[:min(len(s), 400)])
	}
	m := glpkObjective.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("no objective in glpsol's output:\n%s", s[:min(len(s), 400)])
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	return int64(math.Round(v)), nil
}
