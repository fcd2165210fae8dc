// Package api is Plekwijzer's REST API (shared/API.md) on Echo v4: the route
// table, one file per resource with thin handlers (bind, validate, call the
// store, encode), token authentication, the role rules, problem+json errors,
// and the operational endpoints /livez, /readyz and /metrics.
package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/matching"
)

// Config holds what the API needs besides the store.
type Config struct {
	// BodyLimit bounds request bodies, e.g. "1M".
	BodyLimit string
	// Search answers /zoeken; without it that endpoint is 503.
	Search plekwijzer.Searcher
	// Skills answers /vaardigheden?q= with the search index (stemming,
	// typos, ESCO's other names); without it q is a part of the name.
	Skills plekwijzer.SkillSearcher
	// Index, when set, shows on /metrics how far the search index is
	// behind the outbox and how big it is.
	Index IndexStatus
	// SearchTimeout bounds one search (default 2 s).
	SearchTimeout time.Duration
	// MatchWeights weigh the matching components (zero value: the
	// defaults, matching.DefaultWeights).
	MatchWeights matching.Weights
	// CORSOrigins may read the public endpoints from a browser (the
	// intranet); the widget's iframe variant may be framed by them.
	CORSOrigins []string
	// PublicRate and PublicBurst limit requests per client address to the
	// public endpoints (default 5 per second, bursts of 30).
	PublicRate  float64
	PublicBurst int
	// RetentionMonths of inactivity before a participant's data is
	// anonymised (the report at /bewaartermijn); 0: the policy is off.
	RetentionMonths int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client. Without them the client is the connection's peer and
	// the header is ignored: anyone can send it, and a rate limit or a
	// login throttle that believed it could be dodged by changing it.
	TrustedProxies []*net.IPNet
}

// Server serves the API.
type Server struct {
	echo    *echo.Echo
	store   plekwijzer.Store
	log     *slog.Logger
	cfg     Config
	ready   atomic.Bool
	metrics *metrics
	spec    []byte
	// queryLists are the query parameters each operation takes as a list
	// (from the OpenAPI document); any other may be given once.
	queryLists map[string]map[string]bool

	matchPool *matchPool
	demand    demandCache

	searchSlots chan struct{} // one per search running on the index

	publicMu sync.Mutex
	public   *publicList // the open offers of the last pool, for the widget
}

// New builds the server. It is not ready (readyz answers 503) until
// SetReady is called.
func New(st plekwijzer.Store, log *slog.Logger, cfg Config) (*Server, error) {
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if cfg.SearchTimeout == 0 {
		cfg.SearchTimeout = 2 * time.Second
	}
	if cfg.PublicRate == 0 {
		cfg.PublicRate = 5
	}
	if cfg.PublicBurst == 0 {
		cfg.PublicBurst = 30
	}
	doc, err := loadSpec()
	if err != nil {
		return nil, err
	}
	spec, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, log: log, cfg: cfg, spec: spec, queryLists: queryLists(doc), metrics: newMetrics(),
		searchSlots: make(chan struct{}, runtime.GOMAXPROCS(0))}
	s.matchPool = newMatchPool(st, cfg.MatchWeights)
	s.matchPool.rebuilt = func(reason string, start time.Time) {
		observe(s.metrics.poolRebuilds.WithLabelValues(reason), start)
	}
	if cfg.Index != nil {
		s.metrics.registry.MustRegister(newOutboxCollector(st, cfg.Index, log))
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	e.HTTPErrorHandler = s.errorHandler
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		Generator: plekwijzer.NewID,
	}))
	e.Use(s.logRequests)
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders)
	e.Use(middleware.BodyLimit(cfg.BodyLimit))
	s.echo = e
	s.routes()
	return s, nil
}

// ipExtractor is how c.RealIP finds the client: the peer, or behind a
// trusted proxy the address that proxy put in X-Forwarded-For (the last
// one not itself a trusted proxy). Echo's own defaults would also trust
// every private and loopback address; only the configured ranges are.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, r := range trusted {
		opts = append(opts, echo.TrustIPRange(r))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// ParseProxies reads a comma-separated list of addresses and CIDR ranges
// (PLEKWIJZER_TRUSTED_PROXIES); an address is a range of one.
func ParseProxies(s string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			ip := net.ParseIP(f)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or range", f)
			}
			if ip4 := ip.To4(); ip4 != nil {
				ip = ip4
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(8*len(ip), 8*len(ip))})
			continue
		}
		_, r, err := net.ParseCIDR(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or range", f)
		}
		out = append(out, r)
	}
	return out, nil
}

// ServeHTTP lets the server be an http.Handler (tests, composition).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Echo exposes the router so other parts (the web pages) can mount on it.
func (s *Server) Echo() *echo.Echo { return s.echo }

// Warm reads the offer pool that matching, search and the widget answer
// from, so that the first of those requests need not.
func (s *Server) Warm(ctx context.Context) error {
	_, err := s.matchPool.get(ctx)
	return err
}

// SetReady marks the service ready to take traffic.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// securityHeaders sets the headers every API response carries.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("API-Version", plekwijzer.Version)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		h.Set("Referrer-Policy", "no-referrer")
		s.transportHeaders(h, c.Request())
		return next(c)
	}
}

// logRequests writes one JSON log line per request: the route pattern, never
// the URL itself (it may hold a participant code), the status, the time,
// the role and the request id. It also feeds the request metrics.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		status := c.Response().Status
		d := time.Since(start)
		s.metrics.requests.WithLabelValues(c.Request().Method, route, strconv.Itoa(status)).Observe(d.Seconds())
		attrs := []any{"method", c.Request().Method, "route", route, "status", status,
			"ms", float64(d.Microseconds()) / 1000, "requestId", requestID(c)}
		if a := actor(c); a != nil {
			attrs = append(attrs, "role", a.Role, "userId", a.UserID)
		}
		if route != "/livez" && route != "/readyz" && route != "/metrics" {
			s.log.Info("request", attrs...)
		}
		return nil
	}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// Registry lets other parts register their metrics.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.registry }

func (s *Server) livez(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when start-up finished and the database answers;
// a search index that cannot be written makes it "degraded", still 200
// (see indexReadiness).
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if !s.ready.Load() {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "starting"})
	}
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: database does not answer", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return c.JSON(http.StatusOK, s.indexReadiness())
}

func (s *Server) metricsHandler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}))
}
