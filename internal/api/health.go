package api

import (
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/store"
)

// healthCache keeps /healthz cheap under frequent probes: the checks
// stat the disk and read the newest outbox rows.
type healthCache struct {
	mu  sync.Mutex
	at  time.Time
	now store.Health
}

// healthTTL is how long one answer of the checks is reused.
const healthTTL = 15 * time.Second

// healthz answers 200 {"status":"ok"} or, when an administrator is needed
// (low disk space, no recent backup, dead deliveries), 503
// {"status":"degraded","problems":[…]}: the server still serves, but a
// monitor polling the status code sees it.
func (s *Server) healthz(c *gin.Context) {
	h := s.health.get(func() store.Health { return s.store.Health(time.Now(), s.cfg.Health) })
	body := gin.H{"status": "ok", "version": s.cfg.Version, "free_bytes": h.FreeBytes,
		"last_backup_at": h.LastBackupAt, "dead_deliveries": h.DeadDeliveries}
	if len(h.Problems) > 0 {
		body["status"], body["problems"] = "degraded", h.Problems
		c.JSON(http.StatusServiceUnavailable, body)
		return
	}
	c.JSON(http.StatusOK, body)
}

func (hc *healthCache) get(check func() store.Health) store.Health {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	if time.Since(hc.at) > healthTTL {
		hc.now, hc.at = check(), time.Now()
	}
	return hc.now
}
