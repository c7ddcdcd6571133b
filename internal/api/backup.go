package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

// backup streams a consistent copy of the database while the server runs.
func (s *Server) backup(c *gin.Context) {
	if CurrentUser(c).Role != ledger.RoleAdmin {
		writeError(c, ledger.Errorf(ledger.EFORBIDDEN, "only an admin may download a backup"))
		return
	}
	name := fmt.Sprintf("rectify-%s.db", time.Now().In(s.store.Location()).Format("20060102-150405"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Content-Type", "application/octet-stream")
	c.Status(http.StatusOK)
	if _, err := s.store.Backup(c.Writer); err != nil {
		// Headers are gone; all we can do is cut the stream and log.
		logOf(c).Error().Err(err).Msg("backup stream failed")
		panic(http.ErrAbortHandler)
	}
}
