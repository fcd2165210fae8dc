// Package web serves Plekwijzer's pages: the intranet widget (widget.js and
// its iframe variant). Pages are server-rendered with html/template, which
// escapes every value, and their assets are embedded in the binary.
package web

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
	"github.com/iederz/plekwijzer/api"
)

//go:embed static templates
var files embed.FS

// PublicSource is what the widget shows: open offers and work types, never
// anything about a participant. api.Server implements it.
type PublicSource interface {
	PublicOffers(ctx context.Context, f api.PublicFilter) ([]api.PublicOffer, int, error)
	PublicOffer(ctx context.Context, id string) (*api.PublicOffer, error)
	PublicWorkTypes(ctx context.Context) ([]api.PublicWorkType, error)
}

// Widget serves widget.js and the iframe variant.
type Widget struct {
	src       PublicSource
	ancestors string // frame-ancestors sources
	tmpl      *template.Template
	js, css   asset
}

type asset struct {
	body []byte
	etag string
}

func loadAsset(name string) asset {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time
	}
	sum := sha256.Sum256(b)
	return asset{body: b, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// NewWidget prepares the widget. allowedOrigins may frame the iframe
// variant (the intranet), besides this service itself.
func NewWidget(src PublicSource, allowedOrigins []string) *Widget {
	ancestors := []string{"'self'"}
	for _, o := range allowedOrigins {
		if o = strings.TrimSpace(o); o != "" && !strings.ContainsAny(o, " ;,'") {
			ancestors = append(ancestors, o)
		}
	}
	funcs := template.FuncMap{
		"freeText":    freeText,
		"short":       func(s string) string { return shorten(s, 240) },
		"supervision": supervisionText,
		"label":       label,
	}
	return &Widget{
		src:       src,
		ancestors: strings.Join(ancestors, " "),
		tmpl:      template.Must(template.New("").Funcs(funcs).ParseFS(files, "templates/*.html")),
		js:        loadAsset("static/widget.js"),
		css:       loadAsset("static/widget.css"),
	}
}

// Mount adds the widget's routes to e.
func (w *Widget) Mount(e *echo.Echo) {
	e.GET("/widget.js", w.serveAsset(w.js, "text/javascript; charset=utf-8"))
	e.GET("/widget/widget.css", w.serveAsset(w.css, "text/css; charset=utf-8"))
	e.GET("/widget/werkplekken", w.list)
	e.GET("/widget/werkplekken/:id", w.detail)
}

// serveAsset serves an embedded file, cacheable, loadable from any origin
// (a script tag on the intranet), without cookies.
func (w *Widget) serveAsset(a asset, contentType string) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("ETag", a.etag)
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		if c.Request().Header.Get("If-None-Match") == a.etag {
			return c.NoContent(http.StatusNotModified)
		}
		return c.Blob(http.StatusOK, contentType, a.body)
	}
}

// pageHeaders allow framing by the intranet only, and nothing else: no
// scripts, no images, styles and forms from this service.
func (w *Widget) pageHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "+w.ancestors)
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("Referrer-Policy", "no-referrer")
}

type dayPartOption struct{ Value, Label string }

type listPage struct {
	Offers    []api.PublicOffer
	Total     int
	WorkTypes []api.PublicWorkType
	DayParts  []dayPartOption
	WorkType  string
	DayPart   string
	Query     string
	Limit     int
}

// list is the iframe variant: the same offers as widget.js, as a plain
// page that works without JavaScript.
func (w *Widget) list(c echo.Context) error {
	w.pageHeaders(c)
	p := listPage{WorkType: c.QueryParam("werksoort"), DayPart: c.QueryParam("dagdeel"), Query: shorten(c.QueryParam("q"), 200), Limit: 6}
	if n, err := strconv.Atoi(c.QueryParam("limiet")); err == nil && n >= 1 && n <= plekwijzer.MaxPageSize {
		p.Limit = n
	}
	f := api.PublicFilter{WorkType: p.WorkType, Text: p.Query, Page: plekwijzer.Page{Number: 1, Size: p.Limit}}
	if d := plekwijzer.DayPart(p.DayPart); d.Valid() {
		f.DayParts = []plekwijzer.DayPart{d}
	} else {
		p.DayPart = ""
	}
	ctx := c.Request().Context()
	var err error
	if p.Offers, p.Total, err = w.src.PublicOffers(ctx, f); err != nil {
		return err
	}
	if p.WorkTypes, err = w.src.PublicWorkTypes(ctx); err != nil {
		return err
	}
	for _, d := range plekwijzer.DayParts {
		p.DayParts = append(p.DayParts, dayPartOption{string(d), dayPartLabel(d)})
	}
	return w.render(c, "werkplekken", p)
}

func (w *Widget) detail(c echo.Context) error {
	w.pageHeaders(c)
	id := c.Param("id")
	if !plekwijzer.ValidID(id) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	o, err := w.src.PublicOffer(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return w.render(c, "werkplek", struct{ Offer *api.PublicOffer }{o})
}

func (w *Widget) render(c echo.Context, name string, data any) error {
	var b strings.Builder
	if err := w.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	return c.HTML(http.StatusOK, b.String())
}

var dayNames = map[string]string{"ma": "maandag", "di": "dinsdag", "wo": "woensdag", "do": "donderdag", "vr": "vrijdag"}

func dayPartLabel(d plekwijzer.DayPart) string {
	day, part, _ := strings.Cut(string(d), "-")
	return dayNames[day] + " " + part
}

func freeText(o api.PublicOffer) string {
	if o.FreeTotal == 0 {
		return "Nu geen vrije plaats"
	}
	var parts []string
	for _, d := range plekwijzer.DayParts {
		if o.Free[d] > 0 {
			parts = append(parts, dayPartLabel(d))
		}
	}
	unit := " vrije plaatsen"
	if o.FreeTotal == 1 {
		unit = " vrije plaats"
	}
	return strconv.Itoa(o.FreeTotal) + unit + " op " + strings.Join(parts, ", ")
}

func supervisionText(n int) string {
	switch n {
	case 1:
		return "licht"
	case 2:
		return "gemiddeld"
	case 3:
		return "veel"
	}
	return "intensief"
}

// shorten cuts s to at most n characters (not bytes), with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
