package api_test

import (
	"net/http"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
)

// Every request is counted under its method, route pattern and status,
// and its latency observed, however often the same route is served.
func TestEveryRequestIsCountedUnderItsRouteAndStatus(t *testing.T) {
	e := newEnv(t)
	engine := api.NewEngine(zerolog.Nop(), nil)
	m := api.NewMetrics(e.st)
	engine.Use(m.Middleware)
	e.srv.Mount(engine)
	e.engine = engine
	id := e.openTask()
	for range 3 {
		e.must(http.StatusOK, "GET", taskPath(id, ""), "officer1", nil)
	}
	e.must(http.StatusNotFound, "GET", taskPath(id+100, ""), "officer1", nil)
	e.must(http.StatusUnauthorized, "GET", taskPath(id, ""), "", nil)

	families, err := m.Registry.Gather()
	require.NoError(t, err)
	counts, observed := map[string]float64{}, map[string]uint64{}
	for _, f := range families {
		for _, metric := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range metric.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["route"] != "/api/v1/tasks/:id" {
				continue
			}
			switch f.GetName() {
			case "rectify_http_requests_total":
				counts[labels["method"]+" "+labels["status"]] = metric.GetCounter().GetValue()
			case "rectify_http_request_duration_seconds":
				observed[labels["method"]] = metric.GetHistogram().GetSampleCount()
			}
		}
	}
	assert.Equal(t, map[string]float64{"GET 200": 3, "GET 404": 1, "GET 401": 1}, counts)
	assert.Equal(t, map[string]uint64{"GET": 5}, observed)
}
