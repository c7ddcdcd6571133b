package store

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	"go.etcd.io/bbolt"
)

// HealthLimits are the thresholds of Health.
type HealthLimits struct {
	// MinFreeBytes is the free space on the data folder's disk below
	// which the server is degraded.
	MinFreeBytes uint64
	// BackupMaxAge is the age of the newest nightly backup above which the
	// server is degraded; zero skips the check.
	BackupMaxAge time.Duration
	// Since is when the server started: a fresh installation is not
	// degraded for lacking a backup before its first BackupMaxAge.
	Since time.Time
}

// Health is what /healthz reports: OK, or the problems that need an
// administrator while the server still serves.
type Health struct {
	Problems []string `json:"problems,omitempty"`
	// FreeBytes is the free space on the data folder's disk.
	FreeBytes uint64 `json:"free_bytes"`
	// LastBackupAt is the time of the newest nightly backup, if any.
	LastBackupAt *time.Time `json:"last_backup_at,omitempty"`
	// DeadDeliveries counts messages given up in the last deadWindow.
	DeadDeliveries int `json:"dead_deliveries"`
}

// deadWindow is how far back dead deliveries count against health: an
// old failure, once seen, should not keep the server degraded forever.
const deadWindow = 7 * 24 * time.Hour

var nightly = regexp.MustCompile(`^rectify-\d{4}-\d{2}-\d{2}\.(db|tar)$`)

// Health checks free space, the newest backup and dead deliveries.
func (s *Store) Health(now time.Time, lim HealthLimits) Health {
	var h Health
	var fs syscall.Statfs_t
	if err := syscall.Statfs(s.dir, &fs); err == nil {
		h.FreeBytes = fs.Bavail * uint64(fs.Bsize)
		if h.FreeBytes < lim.MinFreeBytes {
			h.Problems = append(h.Problems, fmt.Sprintf("disk: %d MiB free, below %d MiB", h.FreeBytes>>20, lim.MinFreeBytes>>20))
		}
	}
	h.LastBackupAt = newestBackup(filepath.Join(s.dir, "backups"))
	if lim.BackupMaxAge > 0 {
		switch {
		case h.LastBackupAt == nil:
			if now.Sub(lim.Since) > lim.BackupMaxAge {
				h.Problems = append(h.Problems, "backup: no nightly backup in the data folder yet")
			}
		case now.Sub(*h.LastBackupAt) > lim.BackupMaxAge:
			h.Problems = append(h.Problems, fmt.Sprintf("backup: the newest is from %s, older than %s", h.LastBackupAt.Format(time.RFC3339), lim.BackupMaxAge))
		}
	}
	h.DeadDeliveries = s.deadSince(now.Add(-deadWindow))
	if h.DeadDeliveries > 0 {
		h.Problems = append(h.Problems, fmt.Sprintf("deliveries: %d messages given up in the last 7 days", h.DeadDeliveries))
	}
	return h
}

func newestBackup(dir string) *time.Time {
	entries, _ := os.ReadDir(dir)
	var newest *time.Time
	for _, e := range entries {
		if !nightly.MatchString(e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && (newest == nil || fi.ModTime().After(*newest)) {
			t := fi.ModTime()
			newest = &t
		}
	}
	return newest
}

// deadSince counts dead outbox rows created after since, reading from
// the newest row back (IDs grow with creation time).
func (s *Store) deadSince(since time.Time) int {
	n := 0
	_ = s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bOutbox).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var row OutboxRow
			if err := unmarshal(v, &row); err != nil {
				return err
			}
			if row.CreatedAt.Before(since) {
				return nil
			}
			if row.State == StateDead {
				n++
			}
		}
		return nil
	})
	return n
}
