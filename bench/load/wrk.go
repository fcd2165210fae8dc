package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// wrkScript spreads wrk's requests over a list of paths, one per line in
// a file, each thread from its own random start; it sends the token, and
// for the public endpoints a client address from a pool of 10 000, as many
// intranet users would (the endpoints are limited per address). At the
// end it prints the figures as one JSON line.
var wrkScript = template.Must(template.New("wrk").Parse(`-- Made by bench/load; see docs/BENCHMARKS.md.
local paths = {}
for line in io.lines({{printf "%q" .Paths}}) do paths[#paths + 1] = line end
local token = {{printf "%q" .Token}}
local spread = {{.Spread}}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(7919 * tid)
end

function request()
  local headers = {}
  if token ~= "" then headers["Authorization"] = "Bearer " .. token end
  if spread then
    local n = math.random(10000)
    headers["X-Forwarded-For"] = "10.77." .. math.floor(n / 256) .. "." .. (n % 256)
  end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
`))

// wrkResult is one wrk run as its script reports it; times in µs.
type wrkResult struct {
	Requests   int64   `json:"requests"`
	DurationUs int64   `json:"durationUs"`
	P50        int64   `json:"p50"`
	P90        int64   `json:"p90"`
	P99        int64   `json:"p99"`
	Max        int64   `json:"max"`
	Mean       float64 `json:"mean"`
	Status     int64   `json:"status"` // answers other than 2xx and 3xx
	Connect    int64   `json:"connect"`
	Read       int64   `json:"read"`
	Write      int64   `json:"write"`
	Timeout    int64   `json:"timeout"`
}

func (r wrkResult) perSecond() float64 {
	if r.DurationUs == 0 {
		return 0
	}
	return float64(r.Requests) / (float64(r.DurationUs) / 1e6)
}

func (r wrkResult) errors() int64 { return r.Status + r.Connect + r.Read + r.Write + r.Timeout }

// writeScript writes the paths and the Lua script of one endpoint into dir.
func writeScript(dir, name string, paths []string, token string, spread bool) (string, error) {
	pathsFile := filepath.Join(dir, name+".paths")
	if err := os.WriteFile(pathsFile, []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := wrkScript.Execute(&b, map[string]any{"Paths": pathsFile, "Token": token, "Spread": spread}); err != nil {
		return "", err
	}
	script := filepath.Join(dir, name+".lua")
	return script, os.WriteFile(script, b.Bytes(), 0o600)
}

// runWrk runs wrk against base with the script for d on connections
// connections and 2 threads (one per core), with a 5-second timeout per
// request so a slow answer counts as slow, not as an error.
func runWrk(ctx context.Context, base, script string, connections int, d time.Duration) (wrkResult, string, error) {
	args := []string{"-t", "2", "-c", strconv.Itoa(connections), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--timeout", "5s", "-s", script, base}
	cmd := exec.CommandContext(ctx, "wrk", args...)
	out, err := cmd.CombinedOutput()
	command := "wrk " + strings.Join(args, " ")
	if err != nil {
		return wrkResult{}, command, fmt.Errorf("%s: %w\n%s", command, err, out)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if strings.HasPrefix(line, "{") {
			var r wrkResult
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				return wrkResult{}, command, fmt.Errorf("wrk's summary %q: %w", line, err)
			}
			return r, command, nil
		}
	}
	return wrkResult{}, command, fmt.Errorf("no summary from wrk:\n%s", out)
}
