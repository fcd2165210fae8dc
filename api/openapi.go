package api

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// OpenAPISpec is the OpenAPI 3 document of the API, as written.
//
//go:embed openapi.yaml
var OpenAPISpec []byte

// specJSON loads and validates the document once, at start: a broken spec
// stops the service instead of being served.
func specJSON() ([]byte, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(OpenAPISpec)
	if err != nil {
		return nil, fmt.Errorf("api: load openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml is invalid: %w", err)
	}
	return json.Marshal(doc)
}

// openAPI serves the document: no authentication, readable from any origin.
func (s *Server) openAPI(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderAccessControlAllowOrigin, "*")
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(200, echo.MIMEApplicationJSON, s.spec)
}
