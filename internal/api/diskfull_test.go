package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
)

func TestAFullDiskIsA507WithAChineseMessage(t *testing.T) {
	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	c.Request = httptest.NewRequest("POST", "/api/v1/tasks/1/progress", nil)
	writeError(c, fmt.Errorf("store: commit: %w", syscall.ENOSPC))
	assert.Equal(t, http.StatusInsufficientStorage, rec.Code)
	assert.Contains(t, rec.Body.String(), `"code":"insufficient_storage"`)
	assert.Contains(t, rec.Body.String(), "磁盘空间已满")
}
