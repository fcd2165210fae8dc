package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/iederz/plekwijzer"
)

// OpenAPISpec is the OpenAPI 3 document of the API, as written.
//
//go:embed openapi.yaml
var OpenAPISpec []byte

// loadSpec loads and validates the document once, at start: a broken spec
// stops the service instead of being served.
func loadSpec() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(OpenAPISpec)
	if err != nil {
		return nil, fmt.Errorf("api: load openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml is invalid: %w", err)
	}
	return doc, nil
}

// OpenAPIJSON is the document as /api/v1/openapi.json serves it (the
// linters in .ci/run check this form).
func OpenAPIJSON() ([]byte, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

// queryLists maps each operation, as "METHOD path" with Echo's path
// ("GET /api/v1/zoeken"), to the query parameters the document makes
// arrays: the only ones a client may repeat.
func queryLists(doc *openapi3.T) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for path, item := range doc.Paths.Map() {
		route := "/api/v1" + pathParamRE.ReplaceAllString(path, ":$1")
		for method, op := range item.Operations() {
			for _, p := range append(slices.Clone(item.Parameters), op.Parameters...) {
				v := p.Value
				if v != nil && v.In == openapi3.ParameterInQuery && v.Schema != nil && v.Schema.Value != nil && v.Schema.Value.Type.Is(openapi3.TypeArray) {
					key := method + " " + route
					if out[key] == nil {
						out[key] = map[string]bool{}
					}
					out[key][v.Name] = true
				}
			}
		}
	}
	return out
}

var pathParamRE = regexp.MustCompile(`\{([^}]+)\}`)

// singleQueryValues refuses a query parameter given more than once unless
// the document makes it a list (?dagdeel=ma-ochtend&dagdeel=di-ochtend):
// of ?pagina=1&pagina=2 a handler would silently read the first.
func (s *Server) singleQueryValues(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		lists := s.queryLists[c.Request().Method+" "+c.Path()]
		var p plekwijzer.Problems
		for _, k := range slices.Sorted(maps.Keys(c.QueryParams())) {
			if len(c.QueryParams()[k]) > 1 && !lists[k] {
				p.Add(k, "staat er meer dan één keer in; geef één waarde")
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		return next(c)
	}
}

// openAPI serves the document: no authentication, readable from any origin.
func (s *Server) openAPI(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderAccessControlAllowOrigin, "*")
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(200, echo.MIMEApplicationJSON, s.spec)
}
