package deploy_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// replicas are the services of the replicas profile that run Plekwijzer.
var replicas = []string{"plekwijzer", "plekwijzer-2"}

// loadCompose loads ../docker-compose.yml with the given profiles as
// Docker Compose v2 does (compose-go is its loader): the schema,
// interpolation, merge keys and profiles.
func loadCompose(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{"../docker-compose.yml"},
		cli.WithProfiles(profiles), cli.WithWorkingDirectory(".."), cli.WithOsEnv, cli.WithName("plekwijzer"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml with profiles %v: %v", profiles, err)
	}
	return p
}

func serviceNames(p *types.Project) []string {
	names := p.ServiceNames()
	slices.Sort(names)
	return names
}

func TestComposeProfiles(t *testing.T) {
	for _, tc := range []struct {
		profiles []string
		services []string
	}{
		{nil, []string{"db", "plekwijzer"}},
		{[]string{"replicas"}, []string{"db", "plekwijzer", "plekwijzer-2", "proxy"}},
		{[]string{"monitoring"}, []string{"db", "grafana", "plekwijzer", "prometheus"}},
		{[]string{"replicas", "monitoring"}, []string{"db", "grafana", "plekwijzer", "plekwijzer-2", "prometheus", "proxy"}},
	} {
		p := loadCompose(t, tc.profiles...)
		if got := serviceNames(p); !slices.Equal(got, tc.services) {
			t.Errorf("profiles %v: services %v, want %v", tc.profiles, got, tc.services)
		}
		// Every file a service mounts from the repository exists.
		for _, s := range p.Services {
			for _, v := range s.Volumes {
				if v.Type != types.VolumeTypeBind {
					continue
				}
				if _, err := os.Stat(v.Source); err != nil {
					t.Errorf("%s mounts %s: %v", s.Name, v.Source, err)
				}
			}
		}
	}
}

// TestComposeReplicas: two replicas of one image on one PostgreSQL, each
// with a volume of its own for its index, demo data from one only, and a
// proxy in front of both.
func TestComposeReplicas(t *testing.T) {
	p := loadCompose(t, "replicas")
	var dbURL, image string
	dataVolumes := map[string]string{}
	for _, name := range replicas {
		s, err := p.GetService(name)
		if err != nil {
			t.Fatal(err)
		}
		url := s.Environment["PLEKWIJZER_DATABASE_URL"]
		if url == nil || !strings.Contains(*url, "@db:5432/") {
			t.Errorf("%s: PLEKWIJZER_DATABASE_URL %v does not name the db service", name, url)
		} else if dbURL == "" {
			dbURL, image = *url, s.Image
		} else if *url != dbURL || s.Image != image {
			t.Errorf("%s runs %s on %s; the first replica %s on %s", name, s.Image, *url, image, dbURL)
		}
		if s.Build == nil || s.Image == "" {
			t.Errorf("%s: build %v, image %q", name, s.Build, s.Image)
		}
		if _, ok := s.DependsOn["db"]; !ok || s.DependsOn["db"].Condition != types.ServiceConditionHealthy {
			t.Errorf("%s does not wait for a healthy database: %v", name, s.DependsOn)
		}
		for _, v := range s.Volumes {
			if v.Target == "/data" {
				if v.Type != types.VolumeTypeVolume {
					t.Errorf("%s: /data is a %s, want a named volume", name, v.Type)
				}
				if other, taken := dataVolumes[v.Source]; taken {
					t.Errorf("%s and %s share the volume %s: each replica keeps its own index", name, other, v.Source)
				}
				dataVolumes[v.Source] = name
			}
		}
		if tp := s.Environment["PLEKWIJZER_TRUSTED_PROXIES"]; tp == nil || *tp != proxyAddress(t, p) {
			t.Errorf("%s trusts %v as proxies; the proxy is at %s", name, tp, proxyAddress(t, p))
		}
		if s.Environment["GOMEMLIMIT"] == nil {
			t.Errorf("%s has no GOMEMLIMIT", name)
		}
		demo := s.Environment["PLEKWIJZER_DEMO"]
		if name != replicas[0] && (demo == nil || *demo != "false") {
			t.Errorf("%s may load demo data too (PLEKWIJZER_DEMO %v): two replicas would race", name, demo)
		}
	}
	if len(dataVolumes) != len(replicas) {
		t.Errorf("data volumes %v", dataVolumes)
	}

	proxy, err := p.GetService("proxy")
	if err != nil {
		t.Fatal(err)
	}
	if len(proxy.Ports) != 1 || proxy.Ports[0].Published != "8000" {
		t.Errorf("proxy ports %+v", proxy.Ports)
	}
	caddy, err := os.ReadFile("Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"plekwijzer:8080", "plekwijzer-2:8080", "health_uri /readyz", "respond /metrics 404"} {
		if !strings.Contains(string(caddy), want) {
			t.Errorf("Caddyfile lacks %q", want)
		}
	}
}

// proxyAddress is the fixed address of the reverse proxy, the only one
// the replicas trust with X-Forwarded-For.
func proxyAddress(t *testing.T, p *types.Project) string {
	t.Helper()
	proxy, err := p.GetService("proxy")
	if err != nil {
		t.Fatal(err)
	}
	n := proxy.Networks["default"]
	if n == nil || n.Ipv4Address == "" {
		t.Fatalf("the proxy has no fixed address: %+v", proxy.Networks)
	}
	return n.Ipv4Address
}

// TestPrometheusScrapesEveryReplica: every replica is a target of its
// own, by its service name, on the service's port.
func TestPrometheusScrapesEveryReplica(t *testing.T) {
	b, err := os.ReadFile("prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, sc := range cfg.ScrapeConfigs {
		if sc.JobName != "plekwijzer" || sc.MetricsPath != "/metrics" {
			t.Errorf("scrape config %+v", sc)
		}
		for _, st := range sc.StaticConfigs {
			targets = append(targets, st.Targets...)
		}
	}
	p := loadCompose(t, "replicas", "monitoring")
	for _, name := range replicas {
		if !slices.Contains(targets, name+":8080") {
			t.Errorf("Prometheus does not scrape %s:8080 (targets %v)", name, targets)
		}
		if _, err := p.GetService(name); err != nil {
			t.Error(err)
		}
	}
}

// dashboard is the part of a Grafana dashboard the test reads.
type dashboard struct {
	UID    string `json:"uid"`
	Panels []struct {
		ID      int    `json:"id"`
		Type    string `json:"type"`
		Title   string `json:"title"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
	} `json:"panels"`
	Templating struct {
		List []struct {
			Name string `json:"name"`
		} `json:"list"`
	} `json:"templating"`
}

var metricName = regexp.MustCompile(`\b(?:plekwijzer|process|go)_[a-z_]+`)

// TestDashboardShowsServedMetrics: every metric a panel of the dashboard
// asks for is one the service serves on /metrics, and every operational
// metric of the service has a panel.
func TestDashboardShowsServedMetrics(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("grafana", "dashboards", "plekwijzer.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	if d.UID == "" {
		t.Error("the dashboard has no uid")
	}
	asked := map[string]bool{}
	ids := map[int]bool{}
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d twice", p.ID)
		}
		ids[p.ID] = true
		if p.Type != "row" && len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			for _, m := range metricName.FindAllString(tg.Expr, -1) {
				asked[strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_count"), "_sum")] = true
			}
		}
	}
	for _, v := range []string{"datasource", "instance"} {
		if !slices.ContainsFunc(d.Templating.List, func(x struct {
			Name string `json:"name"`
		}) bool {
			return x.Name == v
		}) {
			t.Errorf("no variable %q", v)
		}
	}

	served := servedMetrics(t)
	for m := range asked {
		if !served[m] {
			t.Errorf("the dashboard asks for %s, which the service does not serve", m)
		}
	}
	for m := range served {
		if strings.HasPrefix(m, "plekwijzer_") && !asked[m] {
			t.Errorf("the service serves %s, which no panel shows", m)
		}
	}
}

// servedMetrics starts the API as the service wires it (with a search
// index) on SQLite and returns the metric families on /metrics.
func servedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t, store.SQLite)
	if err := seed.Catalogue(ctx, db); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(ctx, filepath.Join(t.TempDir(), "index"), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{Search: ix, Index: ix})
	if err != nil {
		t.Fatal(err)
	}
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/livez", nil))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	out := map[string]bool{}
	for line := range strings.SplitSeq(rec.Body.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			out[strings.Fields(rest)[0]] = true
		}
	}
	if len(out) == 0 {
		t.Fatalf("no metrics:\n%s", rec.Body)
	}
	return out
}
