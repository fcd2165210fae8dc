package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
	"github.com/iederz/plekwijzer/search"
	"github.com/iederz/plekwijzer/seed"
	"github.com/iederz/plekwijzer/store"
	"github.com/iederz/plekwijzer/store/storetest"
)

// env is a running API on a fresh database with the catalogue loaded, one
// user per role and a second coach and partner for the object-level rules.
type env struct {
	t     *testing.T
	srv   *api.Server
	db    *store.DB
	ix    *search.Index
	users map[string]*plekwijzer.User // admin, coach, coach2, partner, partner2, manager
	token map[string]string
	orgA  *plekwijzer.Organisation // partner's organisation
	orgB  *plekwijzer.Organisation // partner2's organisation
}

// run runs fn on every engine with a fresh env.
func run(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		fn(t, newEnv(t, db))
	})
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	if err := seed.Catalogue(ctx, db); err != nil {
		t.Fatal(err)
	}
	e := serve(t, db)
	e.orgA = e.mustOrg("Fietsatelier Korrewegwijk", "sociale-onderneming", "9713")
	e.orgB = e.mustOrg("Kringloop Stad en Ommeland", "sociale-onderneming", "9723")
	for _, u := range []struct {
		key  string
		role plekwijzer.Role
		org  *plekwijzer.Organisation
	}{
		{"admin", plekwijzer.RoleAdmin, nil},
		{"coach", plekwijzer.RoleCoach, nil},
		{"coach2", plekwijzer.RoleCoach, nil},
		{"partner", plekwijzer.RolePartner, e.orgA},
		{"partner2", plekwijzer.RolePartner, e.orgB},
		{"manager", plekwijzer.RoleManager, nil},
	} {
		usr := &plekwijzer.User{Name: "Test " + u.key, Role: u.role}
		if u.org != nil {
			usr.OrganisationID = &u.org.ID
		}
		if err := db.CreateUser(ctx, usr); err != nil {
			t.Fatal(err)
		}
		_, secret, err := db.CreateToken(ctx, usr.ID, "test", nil)
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.key], e.token[u.key] = usr, secret
	}
	return e
}

// serve starts a ready server with a search index over db, in an env
// without users.
func serve(t *testing.T, db *store.DB) *env {
	t.Helper()
	ix, err := search.Open(context.Background(), filepath.Join(t.TempDir(), "index"), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	skills, err := search.OpenSkills(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { skills.Close() })
	srv, err := api.New(db, slog.New(slog.DiscardHandler), api.Config{BodyLimit: "64K", Search: ix, Index: ix, Skills: skills})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetReady(true)
	return &env{t: t, srv: srv, db: db, ix: ix, users: map[string]*plekwijzer.User{}, token: map[string]string{}}
}

// synced brings the search index up to date with the database, as the
// background indexer of a running service does within moments.
func (e *env) synced() *env {
	e.t.Helper()
	if _, err := e.ix.CatchUp(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	return e
}

func (e *env) mustOrg(name, kind, pc string) *plekwijzer.Organisation {
	e.t.Helper()
	o := &plekwijzer.Organisation{Name: name, Kind: plekwijzer.OrganisationKind(kind), Postcode: pc, Place: "Groningen"}
	if err := e.db.CreateOrganisation(context.Background(), o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

// response is an answer of the API.
type response struct {
	t      *testing.T
	Status int
	Header http.Header
	Body   []byte
}

// json decodes the body into v.
func (r *response) json(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// obj decodes the body as a JSON object.
func (r *response) obj() map[string]any {
	r.t.Helper()
	var m map[string]any
	r.json(&m)
	return m
}

// want fails the test unless the status is code.
func (r *response) want(code int) *response {
	r.t.Helper()
	if r.Status != code {
		r.t.Fatalf("status %d, want %d; body: %s", r.Status, code, r.Body)
	}
	return r
}

// invalidParams returns the names in a 400 problem.
func (r *response) invalidParams() []string {
	r.t.Helper()
	var p struct {
		InvalidParams []struct{ Name, Reason string }
	}
	r.json(&p)
	names := make([]string, len(p.InvalidParams))
	for i, f := range p.InvalidParams {
		names[i] = f.Name
	}
	return names
}

// do sends a request as the user key ("" for none). body is a string sent
// as is, or a value sent as JSON. hdr holds header name/value pairs. Every
// answer under /api/v1 is checked against the OpenAPI document.
func (e *env) do(method, path, user string, body any, hdr ...string) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, "http://plekwijzer.test"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		tok, ok := e.token[user]
		if !ok {
			tok = user // a raw token
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	r := &response{t: e.t, Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if strings.HasPrefix(path, "/api/v1/") {
		checkAgainstSpec(e.t, req, r)
	}
	return r
}

var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
	checkedMu  sync.Mutex
	checked    = map[string]bool{} // "GET /organisaties/{id}" → answered and valid
)

// checkAgainstSpec validates a response against the OpenAPI document: its
// status is documented, its headers and body match the schema. A request
// the document has no operation for fails the test, unless the answer is a
// 404 or 405 for a path the API does not have.
func checkAgainstSpec(t *testing.T, req *http.Request, r *response) {
	t.Helper()
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		var doc *openapi3.T
		if doc, specErr = loader.LoadFromData(api.OpenAPISpec); specErr != nil {
			return
		}
		if specErr = doc.Validate(loader.Context); specErr != nil {
			return
		}
		doc.Servers = openapi3.Servers{{URL: "http://plekwijzer.test/api/v1"}}
		specRouter, specErr = gorillamux.NewRouter(doc)
	})
	if specErr != nil {
		t.Fatalf("openapi: %v", specErr)
	}
	route, params, err := specRouter.FindRoute(req)
	if err != nil {
		if r.Status == http.StatusNotFound || r.Status == http.StatusMethodNotAllowed {
			return
		}
		t.Fatalf("openapi: %s %s answered %d but the document has no such operation: %v", req.Method, req.URL.Path, r.Status, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: r.Status,
		Header: r.Header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	in.SetBodyBytes(r.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Fatalf("openapi: %s %s → %d does not match the document: %v\nbody: %s", req.Method, route.Path, r.Status, err, r.Body)
	}
	checkedMu.Lock()
	checked[req.Method+" "+route.Path] = true
	checkedMu.Unlock()
}
