package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iederz/plekwijzer/mincostflow"
)

// solveResult is what one solver process reports about a DIMACS file:
// the Go solver (plannerbench -solve) and LEMON (lemon/lemon.cpp) print the
// same fields.
type solveResult struct {
	Status      string  `json:"status"`
	Cost        int64   `json:"cost"`
	WallSeconds float64 `json:"wallSeconds"` // best of the repeats
	CPUSeconds  float64 `json:"cpuSeconds"`  // best of the repeats
	Nodes       int     `json:"nodes"`
	Arcs        int     `json:"arcs"`
	MaxRSSKiB   int64   `json:"maxRSSKiB"` // the whole process (VmHWM): the network and the solver
	Pivots      int     `json:"pivots,omitempty"`
	AllocBytes  uint64  `json:"allocBytes,omitempty"` // allocated by one solve
}

// solveFile is plannerbench -solve: read a DIMACS file, solve it repeats
// times, print a solveResult.
func solveFile(path string, repeats int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	g, err := mincostflow.ReadDIMACS(f)
	f.Close()
	if err != nil {
		return err
	}
	runtime.GC()
	r := solveResult{Status: "optimal", Nodes: g.Nodes(), Arcs: g.Arcs(), WallSeconds: 1e100, CPUSeconds: 1e100}
	for range max(repeats, 1) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c0, w0 := cpuTime(), time.Now()
		sol, err := g.Solve()
		wall, cpu := time.Since(w0), cpuTime()-c0
		runtime.ReadMemStats(&after)
		switch {
		case errors.Is(err, mincostflow.ErrInfeasible):
			r.Status = "infeasible"
		case errors.Is(err, mincostflow.ErrUnbounded):
			r.Status = "unbounded"
		case err != nil:
			return err
		default:
			r.Cost, r.Pivots = sol.Cost, sol.Pivots
		}
		r.WallSeconds = min(r.WallSeconds, wall.Seconds())
		r.CPUSeconds = min(r.CPUSeconds, cpu.Seconds())
		r.AllocBytes = after.TotalAlloc - before.TotalAlloc
		runtime.GC()
	}
	r.MaxRSSKiB = maxRSSKiB()
	return json.NewEncoder(os.Stdout).Encode(r)
}

// cpuTime is the CPU time (user and system) of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSSKiB is the peak resident memory of this process: VmHWM, which
// starts afresh with the program. (getrusage's ru_maxrss does not: Linux
// carries it over from the parent that forked us, here the benchmark
// holding the whole large instance.)
func maxRSSKiB() int64 {
	kb, _ := strconv.ParseInt(strings.TrimSuffix(procField("/proc/self/status", "VmHWM", "0"), " kB"), 10, 64)
	return kb
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(path, key, def string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return def
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return def
}

// buildLEMON compiles lemon/lemon.cpp into dir; an error says what is
// missing (g++, or the liblemon-dev headers).
func buildLEMON(ctx context.Context, dir string) (string, error) {
	src, err := lemonSource()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "lemon")
	cmd := exec.CommandContext(ctx, "g++", "-O3", "-DNDEBUG", "-o", bin, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("g++ %s (needs g++ and liblemon-dev): %v\n%s", src, err, out)
	}
	return bin, nil
}

// lemonSource finds lemon/lemon.cpp next to this package's source, from
// the module root (go run ./bench/plannerbench) or the package directory
// (go test).
func lemonSource() (string, error) {
	for _, p := range []string{"bench/plannerbench/lemon/lemon.cpp", "lemon/lemon.cpp"} {
		if _, err := os.Stat(p); err == nil {
			return filepath.Abs(p)
		}
	}
	return "", errors.New("bench/plannerbench/lemon/lemon.cpp not found: run from the module root")
}

// runSolver runs a solver process on a DIMACS file and reads its result.
func runSolver(ctx context.Context, name string, args ...string) (solveResult, error) {
	var r solveResult
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("%s: %v\n%s", filepath.Base(name), err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return r, fmt.Errorf("%s printed %q: %v", filepath.Base(name), stdout.String(), err)
	}
	return r, nil
}
