// Package benchutil holds what Plekwijzer's benchmark commands share:
// a scratch database per run, their own section of docs/BENCHMARKS.md,
// latency summaries and the description of the machine.
package benchutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq" // the admin connection that creates scratch databases
)

// DefaultDatabaseURL is the local PostgreSQL the tests use.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// CreateDatabase makes a new, empty PostgreSQL database on the server base
// names and returns its URL and a function that drops it.
func CreateDatabase(ctx context.Context, base, purpose string) (string, func(), error) {
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "plekwijzer_bench_" + purpose + "_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database (is PostgreSQL running at %s?): %w", Redact(base), err)
	}
	drop := func() {
		if admin, err := sql.Open("postgres", base); err == nil {
			defer admin.Close()
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// PostgresVersion is the version of the server that url names.
func PostgresVersion(ctx context.Context, url string) (string, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	err = db.QueryRowContext(ctx, `SHOW server_version`).Scan(&v)
	return v, err
}

// Redact hides a password in a database URL.
func Redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Header starts a report file that does not exist yet.
const Header = `# Benchmarks

Measured speed of Plekwijzer, each with the command that reproduces it.
A benchmark program writes its own section between marker comments and
leaves the rest of this file alone.

`

// WriteSection puts section between the markers <!-- name:begin --> and
// <!-- name:end --> in the file at path: in place of what was there, at the
// end of a file without them, or in a new file.
func WriteSection(path, name, section string) error {
	begin, end := "<!-- "+name+":begin -->", "<!-- "+name+":end -->"
	block := begin + "\n" + strings.TrimRight(section, "\n") + "\n" + end
	old, err := os.ReadFile(path)
	var out string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		out = Header + block + "\n"
	case err != nil:
		return err
	default:
		s := string(old)
		i, j := strings.Index(s, begin), strings.Index(s, end)
		if i >= 0 && j > i {
			out = s[:i] + block + s[j+len(end):]
		} else {
			out = strings.TrimRight(s, "\n") + "\n\n" + block + "\n"
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(out), 0o644)
}

// Latency summarises timed operations.
type Latency struct {
	N                  int
	P50, P90, P99, Max time.Duration
	Mean, Total        time.Duration
}

// Summarise computes a Latency; ds is sorted in place.
func Summarise(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return Latency{N: len(ds), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: ds[len(ds)-1],
		Mean: total / time.Duration(len(ds)), Total: total}
}

// Ms writes a duration in milliseconds with three significant digits.
func Ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

// PerSecond writes n per d.
func PerSecond(n int, d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return Thousands(int(float64(n) / d.Seconds()))
}

// Ratio writes a ÷ b.
func Ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// Thousands writes n with spaces between groups: 100 000.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// Machine describes where a benchmark ran.
type Machine struct {
	NProc      int
	CPU        string
	MemoryGiB  float64
	Go         string
	PostgreSQL string
	OS         string
	Date       time.Time
}

// ReadMachine describes this machine; PostgreSQL is left for the caller.
func ReadMachine() Machine {
	m := Machine{NProc: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		Date: time.Now().UTC(), CPU: "unknown", PostgreSQL: "not run"}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					m.MemoryGiB = kb / (1 << 20)
				}
			}
		}
	}
	return m
}

// String is the machine line of a report.
func (m Machine) String() string {
	return fmt.Sprintf("%d CPUs, %s, %.1f GiB memory, %s %s, PostgreSQL %s", m.NProc, m.CPU, m.MemoryGiB, m.Go, m.OS, m.PostgreSQL)
}

// LoadAverage is the 1-minute load average, 0 where unknown.
func LoadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// Parallel runs fn(0 … n-1) on workers goroutines and returns the first
// error.
func Parallel(workers, n int, fn func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  int
	)
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}

// EnvOr is the environment variable name, or def when it is empty.
func EnvOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// FlagsSet lists the command-line flags given, other than those in skip,
// as they would be typed again: for the command that reproduces a run.
func FlagsSet(skip ...string) string {
	s := ""
	flag.Visit(func(f *flag.Flag) {
		if !slices.Contains(skip, f.Name) {
			s += " -" + f.Name + " " + f.Value.String()
		}
	})
	return s
}

// Logf writes a line of progress of the program prog, with the time.
func Logf(w io.Writer, prog, format string, args ...any) {
	fmt.Fprintf(w, "%s %s: %s\n", time.Now().Format("15:04:05"), prog, fmt.Sprintf(format, args...))
}

// WeightedIndex returns an index with probability proportional to its
// weight.
func WeightedIndex(rng *mrand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

// Ints reads a comma-separated list of positive numbers ("16,64").
func Ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a list of positive numbers", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// Pick returns up to n different elements of from, chosen at random.
func Pick[T any](r *mrand.Rand, from []T, n int) []T {
	n = min(n, len(from))
	out := make([]T, 0, n)
	for _, i := range r.Perm(len(from))[:n] {
		out = append(out, from[i])
	}
	return out
}

// Sample returns n items of s spread evenly over it (all of s when it has
// no more).
func Sample[T any](s []T, n int) []T {
	if n >= len(s) {
		return s
	}
	out := make([]T, n)
	for i := range out {
		out[i] = s[i*len(s)/n]
	}
	return out
}

// TimeEach runs fn over the first warm items to warm up, then over all
// items reps times, timing each call; it returns the durations in the
// order they were taken.
func TimeEach[T any](items []T, warm, reps int, fn func(T) error) ([]time.Duration, error) {
	for _, x := range items[:min(warm, len(items))] {
		if err := fn(x); err != nil {
			return nil, err
		}
	}
	ds := make([]time.Duration, 0, reps*len(items))
	for range reps {
		for _, x := range items {
			start := time.Now()
			err := fn(x)
			ds = append(ds, time.Since(start))
			if err != nil {
				return nil, err
			}
		}
	}
	return ds, nil
}

// Main runs a benchmark command's fn under a context that an interrupt or
// SIGTERM cancels, and exits with status 1 and the error, named by prog,
// when it fails.
func Main(prog string, fn func(ctx context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := fn(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, prog+":", err)
		os.Exit(1)
	}
}
