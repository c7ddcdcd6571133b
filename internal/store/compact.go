package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.etcd.io/bbolt"
	bberrors "go.etcd.io/bbolt/errors"
)

// Compact rewrites dir/rectify.db with every page full (bbolt.Compact
// fills pages completely), reclaiming the half-empty pages that random
// index inserts leave. It needs the database closed (the server stopped)
// and replaces the file only after the copy is complete and synced; the
// old file is kept as rectify.db.before-compact until the next compaction.
func Compact(dir string) (before, after int64, err error) {
	path := filepath.Join(dir, "rectify.db")
	src, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
	if errors.Is(err, bberrors.ErrTimeout) {
		return 0, 0, ErrLocked
	} else if err != nil {
		return 0, 0, fmt.Errorf("store: compact: %w", err)
	}
	defer src.Close()
	tmp := path + ".compact"
	_ = os.Remove(tmp)
	dst, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return 0, 0, fmt.Errorf("store: compact: %w", err)
	}
	if err := bbolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		return 0, 0, fmt.Errorf("store: compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		return 0, 0, err
	}
	fi, _ := os.Stat(path)
	fo, _ := os.Stat(tmp)
	if err := os.Rename(path, path+".before-compact"); err != nil {
		return 0, 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, 0, err
	}
	return fi.Size(), fo.Size(), nil
}
