package api_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/store/storetest"
)

func TestHeadersOnEveryAnswer(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		for _, r := range []*response{
			e.do("GET", "/api/v1/organisaties", "admin", nil),
			e.do("GET", "/api/v1/organisaties", "", nil),
			e.do("GET", "/api/v1/bestaat-niet", "admin", nil),
			e.do("GET", "/api/v1/organisaties/"+plekwijzer.NewID(), "admin", nil),
			e.do("POST", "/api/v1/organisaties", "admin", "{"),
		} {
			for h, want := range map[string]string{
				"API-Version":             plekwijzer.Version,
				"X-Content-Type-Options":  "nosniff",
				"Cache-Control":           "no-store",
				"Content-Security-Policy": "frame-ancestors 'none'",
			} {
				if got := r.Header.Get(h); got != want {
					t.Errorf("status %d: %s = %q, want %q", r.Status, h, got, want)
				}
			}
			if r.Status >= 400 && r.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("status %d: Content-Type %q", r.Status, r.Header.Get("Content-Type"))
			}
		}
	})
}

func TestProblemShapes(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		r := e.do("GET", "/api/v1/organisaties", "", nil).want(http.StatusUnauthorized)
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
		e.do("GET", "/api/v1/organisaties", "pw_onzin", nil).want(http.StatusUnauthorized)
		e.do("GET", "/api/v1/organisaties", "niet-eens-een-token", nil).want(http.StatusUnauthorized)
		p := e.do("GET", "/api/v1/organisaties/"+plekwijzer.NewID(), "admin", nil).want(http.StatusNotFound).obj()
		if p["status"] != 404.0 || p["title"] == "" || p["detail"] == "" || p["type"] == "" {
			t.Errorf("404 problem: %v", p)
		}
		e.do("PUT", "/api/v1/organisaties", "admin", map[string]any{}).want(http.StatusMethodNotAllowed)
	})
}

func TestTrailingSlashIsNotFound(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		for _, path := range []string{"/api/v1/organisaties/", "/api/v1/werkplekken/", "/api/v1/", "/livez/"} {
			r := e.do("GET", path, "admin", nil)
			if r.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404 (no redirect)", path, r.Status)
			}
		}
	})
}

func TestOpenAPIDocumentIsPublicAndOpen(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		r := e.do("GET", "/api/v1/openapi.json", "", nil, "Origin", "https://intranet.example").want(200)
		if r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("CORS on the spec: %q", r.Header.Get("Access-Control-Allow-Origin"))
		}
		if doc := r.obj(); doc["openapi"] == nil || doc["paths"] == nil {
			t.Errorf("not an OpenAPI document: %.200s", r.Body)
		}
	})
}

// TestTwoCoachesDoNotOverwriteEachOther: both read version 1; the first
// change wins, the second gets 409 and the first change is still there.
func TestTwoCoachesDoNotOverwriteEachOther(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		p := e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
			"code": "DN-0001", "doelgroep": "overig", "fase": "intake", "postcode": "9711", "beschikbaarheid": []string{"ma-ochtend"},
			"begeleidingsbehoefte": 2, "belastbaarheid": "midden", "gedeeldMet": []string{e.users["coach2"].ID},
		}).want(http.StatusCreated)
		id, tag := p.obj()["id"].(string), p.Header.Get("ETag")
		e.do("PATCH", "/api/v1/deelnemers/"+id, "coach", map[string]any{"maxReisafstandKm": 15}, "If-Match", tag).want(200)
		conflict := e.do("PATCH", "/api/v1/deelnemers/"+id, "coach2", map[string]any{"maxReisafstandKm": 3}, "If-Match", tag).want(http.StatusConflict).obj()
		if conflict["huidigeVersie"] != 2.0 {
			t.Errorf("409 should name the current version: %v", conflict)
		}
		now := e.do("GET", "/api/v1/deelnemers/"+id, "coach2", nil).want(200)
		if now.obj()["maxReisafstandKm"] != 15.0 || now.Header.Get("ETag") != `"2"` {
			t.Errorf("after the conflict: %s (ETag %s)", now.Body, now.Header.Get("ETag"))
		}
	})
}

func TestPagination(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		var all struct {
			Items    []plekwijzer.WorkType `json:"items"`
			Total    int                   `json:"totaal"`
			Page     int                   `json:"pagina"`
			PageSize int                   `json:"paginaGrootte"`
		}
		e.do("GET", "/api/v1/werksoorten?paginaGrootte=100", "coach", nil).want(200).json(&all)
		if all.Total < 30 || len(all.Items) != all.Total || all.PageSize != 100 || all.Page != 1 {
			t.Fatalf("catalogue: %d items of %d (page %d, size %d)", len(all.Items), all.Total, all.Page, all.PageSize)
		}
		seen := map[string]bool{}
		for page := 1; ; page++ {
			var p struct {
				Items []plekwijzer.WorkType `json:"items"`
				Total int                   `json:"totaal"`
			}
			e.do("GET", fmt.Sprintf("/api/v1/werksoorten?pagina=%d&paginaGrootte=7", page), "coach", nil).want(200).json(&p)
			if p.Total != all.Total {
				t.Fatalf("page %d: totaal %d, want %d", page, p.Total, all.Total)
			}
			if len(p.Items) == 0 {
				break
			}
			for i, w := range p.Items {
				if seen[w.ID] {
					t.Errorf("work type %s on two pages", w.Code)
				}
				seen[w.ID] = true
				if want := all.Items[(page-1)*7+i].ID; w.ID != want {
					t.Errorf("page %d item %d out of order", page, i)
				}
			}
		}
		if len(seen) != all.Total {
			t.Errorf("pages held %d work types, want %d", len(seen), all.Total)
		}
		var def struct {
			Items    []plekwijzer.WorkType `json:"items"`
			PageSize int                   `json:"paginaGrootte"`
		}
		e.do("GET", "/api/v1/werksoorten", "coach", nil).want(200).json(&def)
		if def.PageSize != 25 || len(def.Items) != 25 {
			t.Errorf("default page: size %d with %d items", def.PageSize, len(def.Items))
		}
	})
}

// loggedEnv is an env whose server logs into the returned buffer.
func loggedEnv(t *testing.T, engine string) (*env, *bytes.Buffer) {
	t.Helper()
	logs := &bytes.Buffer{}
	db := storetest.New(t, engine)
	e := newEnv(t, db)
	srv, err := api.New(db, slog.New(slog.NewJSONHandler(logs, nil)), api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e, logs
}

// TestLogsHoldNoPersonalData: the request log names the route pattern, not
// the URL, so a participant code in a filter never reaches the log.
func TestLogsHoldNoPersonalData(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, logs := loggedEnv(t, engine)
			e.do("POST", "/api/v1/deelnemers", "coach", map[string]any{
				"code": "GEHEIM-4711", "doelgroep": "verslavingszorg", "fase": "intake", "postcode": "9711", "beschikbaarheid": []string{"ma-ochtend"},
				"begeleidingsbehoefte": 4, "belastbaarheid": "laag",
			}).want(http.StatusCreated)
			e.do("GET", "/api/v1/deelnemers?code=GEHEIM-4711", "coach", nil).want(200)
			e.do("POST", "/api/v1/deelnemers", "coach", `{"code":"GEHEIM-4711"`).want(400)
			out := logs.String()
			if !strings.Contains(out, `"route":"/api/v1/deelnemers"`) {
				t.Errorf("the log should name the route: %s", out)
			}
			for _, secret := range []string{"GEHEIM-4711", "verslavingszorg", e.token["coach"]} {
				if strings.Contains(out, secret) {
					t.Errorf("the log contains %q:\n%s", secret, out)
				}
			}
		})
	}
}

func TestHealthAndMetrics(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := storetest.New(t, engine)
			srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{})
			if err != nil {
				t.Fatal(err)
			}
			get := func(path string) *httptest.ResponseRecorder {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				return rec
			}
			if rec := get("/livez"); rec.Code != 200 {
				t.Errorf("livez %d", rec.Code)
			}
			if rec := get("/readyz"); rec.Code != http.StatusServiceUnavailable {
				t.Errorf("readyz before start-up finished: %d, want 503", rec.Code)
			}
			srv.SetReady(true)
			if rec := get("/readyz"); rec.Code != 200 {
				t.Errorf("readyz when ready: %d", rec.Code)
			}
			get("/api/v1/organisaties")
			m := get("/metrics")
			if m.Code != 200 || !strings.Contains(m.Body.String(), `plekwijzer_http_request_duration_seconds_count{method="GET",route="/api/v1/organisaties",status="401"} 1`) {
				t.Errorf("metrics: %d\n%.2000s", m.Code, m.Body.String())
			}
			db.Close()
			if rec := get("/readyz"); rec.Code != http.StatusServiceUnavailable {
				t.Errorf("readyz with the database gone: %d, want 503", rec.Code)
			}
		})
	}
}

// TestClientGoneIsNoInternalError: a client that hangs up cancels its
// request; the log gets no error and the metrics no 5xx.
func TestClientGoneIsNoInternalError(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, logs := loggedEnv(t, engine)
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			req := httptest.NewRequest("GET", "/api/v1/organisaties", nil).WithContext(ctx)
			req.Header.Set("Authorization", "Bearer "+e.token["admin"])
			rec := httptest.NewRecorder()
			e.srv.ServeHTTP(rec, req)
			if rec.Code != 499 || strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Errorf("status %d; log:\n%s", rec.Code, logs.String())
			}
		})
	}
}
