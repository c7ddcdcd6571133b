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
	// The snapshot is taken before the first byte is sent, so a full disk
	// or a damaged database is answered with a status, not a cut stream.
	b, err := s.store.PrepareBackup()
	if err != nil {
		writeError(c, err)
		return
	}
	defer b.Close()
	name := fmt.Sprintf("rectify-%s.tar", time.Now().In(s.store.Location()).Format("20060102-150405"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Content-Type", "application/x-tar")
	c.Status(http.StatusOK)
	if _, err := b.WriteTo(c.Writer); err != nil {
		// Headers are gone; all we can do is cut the stream and log.
		logOf(c).Error().Err(err).Msg("backup stream failed")
		panic(http.ErrAbortHandler)
	}
}
