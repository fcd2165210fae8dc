package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// staticFile is an asset of the pages, served under a URL that holds a
// hash of its content (/static/HASH/NAME), so that browsers may keep it
// forever and a new version is a new URL. Text assets are gzipped once,
// at start.
type staticFile struct {
	body, gz    []byte
	hash        string
	contentType string
}

// assetSources maps the pages' asset names to the embedded files.
var assetSources = map[string]string{
	"utrecht.css": "static/vendor/utrecht/index.css",
	"theme.css":   "static/vendor/voorbeeld/theme.css",
	"app.css":     "static/app/app.css",
	"htmx.js":     "static/vendor/htmx/htmx.min.js",
	"app.js":      "static/app/app.js",
	"favicon.svg": "static/app/favicon.svg",
}

func newStaticFile(name string, body []byte) staticFile {
	sum := sha256.Sum256(body)
	f := staticFile{body: body, hash: hex.EncodeToString(sum[:6])}
	switch {
	case strings.HasSuffix(name, ".css"):
		f.contentType = "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		f.contentType = "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		f.contentType = "image/svg+xml"
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(body)
	w.Close()
	if b.Len() < len(body) {
		f.gz = b.Bytes()
	}
	return f
}

// loadStatic reads every asset; theme replaces the default theme when set.
func loadStatic(theme []byte) (map[string]staticFile, error) {
	out := map[string]staticFile{}
	for name, path := range assetSources {
		b, err := files.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if name == "theme.css" && len(theme) > 0 {
			b = theme
		}
		out[name] = newStaticFile(name, b)
	}
	return out, nil
}

// assetURL is the content-addressed URL of an asset.
func (a *App) assetURL(name string) string {
	f, ok := a.static[name]
	if !ok {
		panic("web: unknown asset " + name) // a template names an asset that does not exist: caught at start by the template check
	}
	return "/static/" + f.hash + "/" + name
}

func (a *App) serveStatic(c echo.Context) error {
	f, ok := a.static[c.Param("name")]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	h := c.Response().Header()
	if c.Param("hash") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+f.hash+`"`)
	h.Set("Vary", "Accept-Encoding")
	if c.Request().Header.Get("If-None-Match") == `"`+f.hash+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	if f.gz != nil && strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, f.contentType, f.gz)
	}
	return c.Blob(http.StatusOK, f.contentType, f.body)
}
