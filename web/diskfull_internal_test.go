package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
)

// A write that fails for want of disk space is told as such, with 507,
// as the API answers: on the error page, and on a form, which keeps what
// was typed so it can be sent again once space is freed.
func TestAFullDiskIsA507PageAndAFormKeepsItsInput(t *testing.T) {
	pages, err := parsePages(assets, (&Handler{}).funcs())
	require.NoError(t, err)
	h := &Handler{pages: pages}
	full := fmt.Errorf("store: commit: %w", syscall.ENOSPC)

	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	c.Request = httptest.NewRequest("POST", "/tasks/1/progress", nil)
	h.fail(c, full)
	assert.Equal(t, http.StatusInsufficientStorage, rec.Code)
	assert.Contains(t, rec.Body.String(), diskFullTitle)
	assert.Contains(t, rec.Body.String(), api.DiskFullMessage)

	c, _ = gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest("POST", "/problems/new", nil)
	f := newForm()
	f.Values["description"] = "会议记录不完整"
	status, again := h.formOutcome(c, f, full)
	assert.Equal(t, http.StatusInsufficientStorage, status)
	assert.True(t, again, "the form is shown again, not an error page")
	assert.Equal(t, api.DiskFullMessage, f.Top)
	assert.Equal(t, "会议记录不完整", f.Values["description"])

	assert.Equal(t, api.DiskFullMessage, messageOf(full))
}
