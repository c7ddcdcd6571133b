package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/auth"
	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// BenchmarkSingleTaskRead serves GET /api/v1/tasks/{id} through the
// engine and middleware that serve wires (request id, access log, panic
// recovery, metrics, token check), without the network, so a profile
// shows the route's own cost:
//
//	go test ./internal/api/ -run '^$' -bench SingleTaskRead -cpuprofile read.prof
func BenchmarkSingleTaskRead(b *testing.B) {
	const tasks = 2000
	st, err := store.Open(b.TempDir(), store.Options{NoSync: true})
	require.NoError(b, err)
	b.Cleanup(func() { _ = st.Close() })
	require.NoError(b, benchgen.Generate(st, benchgen.Options{Tasks: tasks, Branches: 20, Seed: 1}))
	admin := &ledger.User{Login: "bench-admin", Name: "bench", Role: ledger.RoleAdmin}
	require.NoError(b, st.CreateUser(nil, admin, ""))
	token, hash := auth.NewToken()
	require.NoError(b, st.CreateSession(hash, store.Session{UserID: admin.ID, ExpiresAt: time.Now().Add(time.Hour)}))
	e := api.NewEngine(zerolog.Nop(), nil)
	e.Use(api.NewMetrics(st).Middleware)
	api.New(st, zerolog.Nop(), api.Config{}).Mount(e)
	paths := make([]string, tasks)
	for i := range paths {
		paths[i] = "/api/v1/tasks/" + strconv.Itoa(1+i*7919%tasks)
	}
	sample := httptest.NewRecorder()
	e.ServeHTTP(sample, authorized(httptest.NewRequest("GET", paths[0], nil), token))
	// The reference of rectify bench: a bare gin engine answering a task's
	// bytes, to show what the route adds to the engine alone.
	bare := gin.New()
	bare.GET("/api/v1/tasks/:id", func(c *gin.Context) { c.Data(200, "application/json; charset=utf-8", sample.Body.Bytes()) })
	for _, bc := range []struct {
		name   string
		engine *gin.Engine
	}{{"rectify", e}, {"bare gin", bare}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				w := httptest.NewRecorder()
				bc.engine.ServeHTTP(w, authorized(httptest.NewRequest("GET", paths[i%tasks], nil), token))
				if w.Code != 200 {
					b.Fatalf("%s: %d %s", paths[i%tasks], w.Code, w.Body)
				}
				i++
			}
		})
	}
}

func authorized(r *http.Request, token string) *http.Request {
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}
