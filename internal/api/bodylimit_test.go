package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// Issue 12 item 4: a JSON body sent as "multipart/form-data" was allowed
// the 32 MB upload limit on every JSON route. The limit now belongs to the
// route, whatever the Content-Type says.
func TestAJSONBodyCalledMultipartGetsTheJSONLimit(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	body := `{"note":"` + strings.Repeat("a", 2<<20) + `"}`
	for name, length := range map[string]int64{"with its length declared": int64(len(body)), "streamed without a length": -1} {
		t.Run(name, func(t *testing.T) {
			before := e.state(watchOf(taskPath(id, "submit"))...)
			req := e.request("POST", taskPath(id, "submit"), "member1", nil)
			req.Body = io.NopCloser(strings.NewReader(body))
			req.ContentLength = length
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			wantError(t, e.serve(req), http.StatusRequestEntityTooLarge, "too_large", "")
			e.unchanged(t, before)
		})
	}
	t.Run("an upload route still takes a file larger than the JSON limit", func(t *testing.T) {
		data := []byte(strings.Repeat("p", 3<<20))
		e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "记录.pdf", data})
	})
}
