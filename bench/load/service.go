package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// service is the plekwijzer binary running as its own process, as in
// production: on PostgreSQL, with its index in a folder of its own.
type service struct {
	cmd       *exec.Cmd
	base      string // http://127.0.0.1:port
	pprofBase string // http://127.0.0.1:port of the profiler
	logPath   string
	exited    chan error
}

// buildBinary builds ./cmd/plekwijzer of the module at root into dir.
func buildBinary(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "plekwijzer")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "./cmd/plekwijzer")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// moduleRoot is the folder of the go.mod this command belongs to.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run this from the plekwijzer module")
	}
	return filepath.Dir(mod), nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startService runs bin serve on a free loopback port and returns once
// /readyz answers 200, with the time that took from the exec.
func startService(ctx context.Context, bin, databaseURL, dataDir, logPath string, env ...string) (*service, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	pport, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, 0, err
	}
	defer logFile.Close()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "serve", "--addr", addr)
	cmd.Env = append(os.Environ(),
		"PLEKWIJZER_DATABASE_URL="+databaseURL,
		"PLEKWIJZER_DATA_DIR="+dataDir,
		"PLEKWIJZER_PPROF_ADDR=127.0.0.1:"+strconv.Itoa(pport),
		// The widget's requests come from thousands of client addresses
		// in X-Forwarded-For, as through the intranet's proxy.
		"PLEKWIJZER_TRUSTED_PROXIES=127.0.0.1")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	s := &service{cmd: cmd, base: "http://" + addr, pprofBase: "http://127.0.0.1:" + strconv.Itoa(pport),
		logPath: logPath, exited: make(chan error, 1)}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	go func() { s.exited <- cmd.Wait() }()
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case err := <-s.exited:
			return nil, 0, fmt.Errorf("the service stopped while starting (%v); see %s", err, logPath)
		case <-ctx.Done():
			s.stop()
			return nil, 0, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
		res, err := client.Get(s.base + "/readyz")
		if err != nil {
			continue
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			return s, time.Since(began), nil
		}
	}
}

// stop ends the service as an orchestrator would (SIGTERM) and waits.
func (s *service) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return nil
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		return fmt.Errorf("the service did not stop within 30 s")
	}
}

// rss is the service's resident memory now, from /proc.
func (s *service) rss() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			kb, err := strconv.ParseInt(f[0], 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS")
}

// rssSampler records the peak and mean resident memory while it runs.
type rssSampler struct {
	stop       chan struct{}
	done       sync.WaitGroup
	peak, sum  int64
	n          int64
	firstError error
}

func (s *service) sampleRSS(every time.Duration) *rssSampler {
	r := &rssSampler{stop: make(chan struct{})}
	r.done.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if v, err := s.rss(); err == nil {
				r.peak = max(r.peak, v)
				r.sum += v
				r.n++
			} else if r.firstError == nil {
				r.firstError = err
			}
			select {
			case <-r.stop:
				return
			case <-t.C:
			}
		}
	})
	return r
}

// finish stops sampling and returns the peak and mean in bytes.
func (r *rssSampler) finish() (peak, mean int64) {
	close(r.stop)
	r.done.Wait()
	if r.n == 0 {
		return 0, 0
	}
	return r.peak, r.sum / r.n
}

// rebuildMs reads from the service's log how long the last full index
// build took, as the index logs it ("search index rebuilt", ms).
func rebuildMs(logPath string) (ms, docs int64, ok bool) {
	f, err := os.Open(logPath)
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.Contains(line, []byte(`"search index rebuilt"`)) {
			continue
		}
		var v struct {
			Ms        int64 `json:"ms"`
			Documents int64 `json:"documents"`
		}
		if json.Unmarshal(line, &v) == nil {
			ms, docs, ok = v.Ms, v.Documents, true
		}
	}
	return ms, docs, ok
}

// profile takes a CPU profile of the service for d into path.
func (s *service) profile(ctx context.Context, d time.Duration, path string) error {
	url := fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.pprofBase, int(d.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: %s", res.Status)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
