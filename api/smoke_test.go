package api_test

import (
	"net/http"
	"testing"
)

func TestSmoke(t *testing.T) {
	run(t, func(t *testing.T, e *env) {
		e.do("GET", "/api/v1/organisaties", "admin", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/werksoorten?paginaGrootte=100", "coach", nil).want(http.StatusOK)
		e.do("GET", "/api/v1/mij", "coach", nil).want(http.StatusOK)
	})
}
