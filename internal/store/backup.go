package store

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to w while readers and
// writers go on. The snapshot is first written to a file beside the
// database and then copied to w, so a slow client (a download over a thin
// intranet link) never holds a read transaction open, which would stall
// writers that need to grow the file.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var r [8]byte
	_, _ = rand.Read(r[:])
	tmp := filepath.Join(s.dir, "backups", ".download-"+hex.EncodeToString(r[:])+".db")
	if _, err := s.BackupFile(tmp); err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	f, err := os.Open(tmp)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
}

// snapshot writes a consistent copy of the database to w from one read
// transaction.
func (s *Store) snapshot(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes a backup to path atomically: a temp file in the same
// folder, fsynced, then renamed, so a crash never leaves half a backup
// under the final name.
func (s *Store) BackupFile(path string) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".backup-*")
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	defer os.Remove(f.Name())
	n, err := s.snapshot(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// Check runs bbolt's consistency check and returns the first problem.
// The check's channel is drained to the end: its goroutine blocks on every
// send, so returning at the first error would leak it.
func (s *Store) Check() error {
	return s.db.View(func(tx *bbolt.Tx) error {
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = err
			}
		}
		return first
	})
}
