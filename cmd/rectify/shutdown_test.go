package main

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/auth"
)

func TestSIGTERMLetsARequestUnderWayFinishAndExitsCleanly(t *testing.T) {
	auth.Cost = 4
	t.Setenv("RECTIFY_ADMIN_PASSWORD", "admin-pass-1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--shutdown-grace", "30s"}, &out, &out)
	}()
	base := waitForURL(t, &out)
	admin := (&client{t: t, base: base}).login("admin", "admin-pass-1")

	// A slow upload: half the body now, the rest after the signal.
	body, w := io.Pipe()
	req, err := http.NewRequest("POST", base+"/api/v1/branches", body)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+admin.token)
	req.Header.Set("Content-Type", "application/json")
	answered := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	_, err = w.Write([]byte(`{"name":"慢`))
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // the server is reading the body

	cancel() // SIGTERM
	time.Sleep(200 * time.Millisecond)
	_, err = w.Write([]byte(`速支部","parent_id":0}`))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	assert.Equal(t, http.StatusCreated, <-answered, "the request under way was served")
	assert.NoError(t, <-done, "a clean exit")
	assert.Contains(t, out.String(), "stopping the scheduler, then draining requests")
}
