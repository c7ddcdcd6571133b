package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/api"
)

// Issue 12 item 8: /metrics answered anyone. It now needs its own bearer
// token; a user's session token is not it.
func TestMetricsNeedTheirOwnToken(t *testing.T) {
	e := newEnv(t)
	m := api.NewMetrics(e.st)
	e.engine.GET("/metrics", m.Handler("scrape-secret-1"))
	e.engine.GET("/metrics-off", m.Handler(""))
	scrape := func(path, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return e.serve(req)
	}
	wantError(t, scrape("/metrics", ""), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, scrape("/metrics", e.tokens["admin"]), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, scrape("/metrics", "scrape-secret-2"), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, scrape("/metrics-off", ""), http.StatusUnauthorized, "unauthorized", "")
	ok := scrape("/metrics", "scrape-secret-1")
	assert.Equal(t, http.StatusOK, ok.Code)
	assert.Contains(t, ok.Body.String(), "rectify_tasks{")
}
