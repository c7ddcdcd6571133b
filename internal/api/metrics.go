package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// Metrics is the Prometheus registry of the server; other packages
// (jobs) register their collectors on it.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// byRoute holds each (method, route, status)'s counter and histogram
	// once looked up (*routeMetrics), so a request does not hash its
	// labels into both vectors again.
	byRoute sync.Map
}

type routeKey struct {
	method, route string
	status        int
}

type routeMetrics struct {
	requests prometheus.Counter
	latency  prometheus.Observer
}

// NewMetrics registers the HTTP, Go runtime and ledger collectors.
func NewMetrics(st *store.Store) *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rectify_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"method", "route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "rectify_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"method", "route"})
	m.Registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		ledgerCollector{st})
	return m
}

// Middleware records every request under its route pattern (not its raw
// path, so ids do not explode the label space).
func (m *Metrics) Middleware(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	k := routeKey{c.Request.Method, route, c.Writer.Status()}
	rm, ok := m.byRoute.Load(k)
	if !ok {
		rm, _ = m.byRoute.LoadOrStore(k, &routeMetrics{
			requests: m.requests.WithLabelValues(k.method, k.route, strconv.Itoa(k.status)),
			latency:  m.latency.WithLabelValues(k.method, k.route)})
	}
	rm.(*routeMetrics).requests.Inc()
	rm.(*routeMetrics).latency.Observe(time.Since(start).Seconds())
}

// Handler serves the text exposition format at /metrics to a scraper
// that presents token as its bearer token. The token is the metrics' own,
// not a user's session: task counts by status and the routes in use are
// not for everyone on the intranet, and a scraper should hold no account.
// An empty token refuses every request; serve does not mount the route
// then at all.
func (m *Metrics) Handler(token string) gin.HandlerFunc {
	h := promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	want := sha256.Sum256([]byte(token))
	return func(c *gin.Context) {
		got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(got))
		if !ok || token == "" || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="rectify metrics"`)
			writeError(c, ledger.Errorf(ledger.EUNAUTHORIZED, "/metrics needs the metrics bearer token (--metrics-token)"))
			return
		}
		h.ServeHTTP(c.Writer, c.Request)
	}
}

// ledgerCollector reports task totals by status from the counters, which
// costs O(branches × batches) per scrape.
type ledgerCollector struct{ st *store.Store }

var tasksDesc = prometheus.NewDesc("rectify_tasks", "Tasks by status, from the ledger counters.", []string{"status"}, nil)

func (l ledgerCollector) Describe(ch chan<- *prometheus.Desc) { ch <- tasksDesc }

func (l ledgerCollector) Collect(ch chan<- prometheus.Metric) {
	c, err := l.st.TotalCounts()
	if err != nil {
		return
	}
	for s, n := range map[ledger.Status]int64{ledger.StatusOpen: c.Open, ledger.StatusInProgress: c.InProgress,
		ledger.StatusSubmitted: c.Submitted, ledger.StatusClosed: c.Closed} {
		ch <- prometheus.MustNewConstMetric(tasksDesc, prometheus.GaugeValue, float64(n), string(s))
	}
}
