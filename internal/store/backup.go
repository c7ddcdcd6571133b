package store

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// A backup is one tar file: manifest.json first, then rectify.db (a
// consistent snapshot), then every evidence file the snapshot refers to
// under evidence/XX/SHA256. The manifest carries a SHA-256 of each, so a
// backup is verified as it is written and again when it is restored.

// BackupFormat names the manifest's format.
const BackupFormat = "rectify-backup"

// FileSum is one file of a backup.
type FileSum struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest describes a backup. New fields may be added (readers ignore
// what they do not know); the audit chain's head belongs here.
type Manifest struct {
	Format        string    `json:"format"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	SchemaVersion int64     `json:"schema_version"`
	Database      FileSum   `json:"database"`
	Evidence      []FileSum `json:"evidence"`
	// MissingEvidence lists files the ledger refers to that were not on
	// disk when the backup was made (they are reported, not invented).
	MissingEvidence []string `json:"missing_evidence,omitempty"`
	// ChainHead is the audit chain's head in the snapshot (an anchor for
	// `rectify verify --anchor`), empty for a ledger without events.
	ChainHead string `json:"chain_head,omitempty"`
}

// PreparedBackup is a checked snapshot of the database waiting to be
// written out as a backup. Preparing is where a full disk or a damaged
// database shows, so a server can still answer with a status before it
// starts streaming.
type PreparedBackup struct {
	dir, snap string
	// Manifest describes the backup to be written.
	Manifest *Manifest
}

// PrepareBackup snapshots the database to a file beside it and checks
// it: a slow reader never holds a read transaction open (which would
// stall writers), and damage is refused instead of copied.
func (s *Store) PrepareBackup() (*PreparedBackup, error) {
	snap, m, err := s.snapshotChecked()
	if err != nil {
		return nil, err
	}
	return &PreparedBackup{dir: s.dir, snap: snap, Manifest: m}, nil
}

// WriteTo writes the backup file to w.
func (p *PreparedBackup) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := writeArchive(cw, p.dir, p.snap, p.Manifest)
	return cw.n, err
}

// Close removes the snapshot.
func (p *PreparedBackup) Close() error { return os.Remove(p.snap) }

// WriteBackup writes a backup of the ledger to w.
func (s *Store) WriteBackup(w io.Writer) (*Manifest, error) {
	p, err := s.PrepareBackup()
	if err != nil {
		return nil, err
	}
	defer p.Close()
	_, err = p.WriteTo(w)
	return p.Manifest, err
}

// BackupFile writes a backup to path atomically (a temp file in the same
// folder, synced, verified by reading it back, then renamed), so a crash
// never leaves half a backup under the final name.
func (s *Store) BackupFile(path string) (*Manifest, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".backup-*")
	if err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	defer os.Remove(f.Name())
	m, err := s.WriteBackup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		_, err = VerifyBackup(f.Name())
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	return m, nil
}

// snapshotChecked writes the database to a temporary file, checks it and
// returns it with the manifest of the backup to be.
func (s *Store) snapshotChecked() (string, *Manifest, error) {
	dir := filepath.Join(s.dir, "backups")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", nil, err
	}
	f, err := os.CreateTemp(dir, ".download-*.db")
	if err != nil {
		return "", nil, fmt.Errorf("store: backup: %w", err)
	}
	m := &Manifest{Format: BackupFormat, Version: 1, CreatedAt: s.now().UTC()}
	var refs []EvidenceRef
	h := sha256.New()
	err = s.db.View(func(tx *bbolt.Tx) error {
		m.SchemaVersion = schemaVersion(tx)
		if h := readHead(tx); h.id != 0 { // the anchor of exactly this snapshot
			m.ChainHead = ChainHead{Seq: h.id, Hash: hexOf(h.hash[:])}.Anchor()
		}
		var err error
		if refs, err = evidenceRefs(tx); err != nil {
			return err
		}
		m.Database.Size, err = tx.WriteTo(io.MultiWriter(f, h))
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = checkFile(f.Name())
	}
	if err != nil {
		os.Remove(f.Name())
		return "", nil, fmt.Errorf("store: backup: %w", err)
	}
	m.Database.Name, m.Database.SHA256 = DBFile, hex.EncodeToString(h.Sum(nil))
	for _, r := range refs {
		if fi, err := os.Stat(evidencePath(s.dir, r.SHA256)); err == nil {
			m.Evidence = append(m.Evidence, FileSum{Name: evidenceName(r.SHA256), Size: fi.Size(), SHA256: r.SHA256})
		} else {
			m.MissingEvidence = append(m.MissingEvidence, r.SHA256)
		}
	}
	return f.Name(), m, nil
}

// checkFile runs the full check on a closed database file.
func checkFile(path string) error {
	db, err := openBolt(path, &bbolt.Options{Timeout: timeoutDefault, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if problems := checkBolt(db, 5); len(problems) > 0 {
		return &CorruptError{Path: path, Err: fmt.Errorf("%s", strings.Join(problems, "; "))}
	}
	return nil
}

func evidenceName(sha string) string { return "evidence/" + sha[:2] + "/" + sha }

// writeArchive writes the manifest, the snapshot and the evidence to w,
// hashing each evidence file as it goes: a file whose bytes no longer
// match its name fails the backup.
func writeArchive(w io.Writer, dir, snap string, m *Manifest) error {
	tw := tar.NewWriter(w)
	mj, _ := json.MarshalIndent(m, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o600, Size: int64(len(mj)), ModTime: m.CreatedAt}); err != nil {
		return err
	}
	if _, err := tw.Write(mj); err != nil {
		return err
	}
	if err := addFile(tw, snap, m.Database, m.CreatedAt); err != nil {
		return err
	}
	for _, e := range m.Evidence {
		if err := addFile(tw, filepath.Join(dir, filepath.FromSlash(e.Name)), e, m.CreatedAt); err != nil {
			return err
		}
	}
	return tw.Close()
}

func addFile(tw *tar.Writer, path string, sum FileSum, at time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := tw.WriteHeader(&tar.Header{Name: sum.Name, Mode: 0o600, Size: sum.Size, ModTime: at}); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(tw, h), f, sum.Size); err != nil {
		return fmt.Errorf("%s: %w", sum.Name, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum.SHA256 {
		return fmt.Errorf("%s is damaged: its content hashes to %s", sum.Name, got)
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// copyDBFile writes a plain copy of the database to path atomically: the
// copy kept before a migration, which the old binary can open as it is.
func (s *Store) copyDBFile(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	err = s.db.View(func(tx *bbolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	return err
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

// CopyTo writes a plain, consistent copy of the database to path: what a
// dry run works on.
func (s *Store) CopyTo(path string) error { return s.copyDBFile(path) }
