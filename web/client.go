package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/iederz/plekwijzer"
)

// client calls the API in-process, with the session's own API token: the
// pages never read or write the store themselves, so every role rule,
// object rule, validation message and audit entry of the API applies to
// them as to any other client.
type client struct {
	h      http.Handler
	token  string
	ctx    context.Context
	remote string
}

// apiError is a problem+json answer of the API.
type apiError struct {
	Status int
	Detail string
	Fields []plekwijzer.FieldError
	// Extra holds the problem's other members (volleDagdelen,
	// huidigeVersie…).
	Extra map[string]json.RawMessage
}

func (e *apiError) Error() string { return fmt.Sprintf("api: %d %s", e.Status, e.Detail) }

// status returns the HTTP status of an API error, 0 for anything else.
func status(err error) int {
	if e, ok := err.(*apiError); ok {
		return e.Status
	}
	return 0
}

// recorder is a minimal http.ResponseWriter that keeps the answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

// do sends one request to the API and decodes a JSON answer into out (if
// not nil). It returns the version from the ETag, if any.
func (c *client) do(method, path string, query url.Values, version int, body, out any) (int, error) {
	u := "/api/v1" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(c.ctx, method, u, rd)
	if err != nil {
		return 0, err
	}
	req.RemoteAddr = c.remote
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if version > 0 {
		req.Header.Set("If-Match", strconv.Quote(strconv.Itoa(version)))
	}
	rec := &recorder{header: http.Header{}}
	c.h.ServeHTTP(rec, req)
	if rec.status >= 400 {
		return 0, decodeProblem(rec.status, rec.body.Bytes())
	}
	if out != nil && rec.body.Len() > 0 {
		if err := json.Unmarshal(rec.body.Bytes(), out); err != nil {
			return 0, fmt.Errorf("api: decode %s %s: %w", method, path, err)
		}
	}
	v, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(rec.header.Get("ETag"), "W/"), `"`))
	return v, nil
}

func decodeProblem(code int, body []byte) error {
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(body, &raw)
	e := &apiError{Status: code, Extra: map[string]json.RawMessage{}}
	for k, v := range raw {
		switch k {
		case "detail":
			_ = json.Unmarshal(v, &e.Detail)
		case "invalidParams":
			_ = json.Unmarshal(v, &e.Fields)
		case "type", "title", "status", "instance":
		default:
			e.Extra[k] = v
		}
	}
	if e.Detail == "" {
		e.Detail = http.StatusText(code)
	}
	return e
}

func (c *client) get(path string, query url.Values, out any) error {
	_, err := c.do(http.MethodGet, path, query, 0, nil, out)
	return err
}

// getVersion reads one entity and its version (for If-Match).
func (c *client) getVersion(path string, out any) (int, error) {
	return c.do(http.MethodGet, path, nil, 0, nil, out)
}

func (c *client) post(path string, body, out any) error {
	_, err := c.do(http.MethodPost, path, nil, 0, body, out)
	return err
}

func (c *client) put(path string, body, out any) error {
	_, err := c.do(http.MethodPut, path, nil, 0, body, out)
	return err
}

func (c *client) patch(path string, version int, body, out any) error {
	_, err := c.do(http.MethodPatch, path, nil, version, body, out)
	return err
}

func (c *client) delete(path string) error {
	_, err := c.do(http.MethodDelete, path, nil, 0, nil, nil)
	return err
}

// apiList is one page of a list answer of the API.
type apiList[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"totaal"`
	Page     int `json:"pagina"`
	PageSize int `json:"paginaGrootte"`
}

// all reads every page of a list (at most max items; 0 for no limit).
func all[T any](c *client, path string, query url.Values, max int) ([]T, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("paginaGrootte", strconv.Itoa(plekwijzer.MaxPageSize))
	var out []T
	for n := 1; ; n++ {
		q.Set("pagina", strconv.Itoa(n))
		var p apiList[T]
		if err := c.get(path, q, &p); err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if len(p.Items) < plekwijzer.MaxPageSize || len(out) >= p.Total || (max > 0 && len(out) >= max) {
			return out, nil
		}
	}
}
