package api

import (
	"sync"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

// writeJSON answers with body as c.JSON does. A task, the body of the
// single task read (the API's busiest route) and of every task action, is
// written by ledger.Task.AppendJSON into a pooled buffer: the same bytes
// (TestAppendJSONEqualsEncodingJSON) for a fifth of encoding/json's CPU
// and no allocation.
func writeJSON(c *gin.Context, status int, body any) {
	if t, ok := body.(*ledger.Task); ok && t != nil {
		writeTask(c, status, t)
		return
	}
	c.JSON(status, body)
}

// jsonContentType is what c.JSON sends.
const jsonContentType = "application/json; charset=utf-8"

// taskBuffers holds answer buffers between requests; one task is a few
// hundred bytes, a long description up to its limit.
var taskBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// maxPooledBuffer keeps a buffer grown by an unusually long task out of
// the pool, so it does not hold that memory for every later request.
const maxPooledBuffer = 64 << 10

func writeTask(c *gin.Context, status int, t *ledger.Task) {
	bp := taskBuffers.Get().(*[]byte)
	b, err := t.AppendJSON((*bp)[:0])
	if err != nil {
		// Only a time RFC 3339 cannot hold fails; encoding/json fails on
		// it too, and c.JSON keeps its way of reporting that.
		taskBuffers.Put(bp)
		c.JSON(status, t)
		return
	}
	c.Data(status, jsonContentType, b)
	if cap(b) <= maxPooledBuffer {
		*bp = b
		taskBuffers.Put(bp)
	}
}
