package api_test

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

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
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("GET", paths[i%tasks], nil)
		req.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%s: %d %s", paths[i%tasks], w.Code, w.Body)
		}
		i++
	}
}
