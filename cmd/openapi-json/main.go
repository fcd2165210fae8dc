// Command openapi-json writes the API's OpenAPI document as the service
// serves it at /api/v1/openapi.json, for the linters in .ci/run: they read
// the served form, not only the YAML it is made from.
package main

import (
	"fmt"
	"os"

	"github.com/iederz/plekwijzer/api"
)

func main() {
	b, err := api.OpenAPIJSON()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(b)
}
