package store

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// evidenceEntry is the only shape of evidence name a backup may hold, so
// an archive cannot write outside the data folder.
var evidenceEntry = regexp.MustCompile(`^evidence/[0-9a-f]{2}/[0-9a-f]{64}$`)

// readBackup reads the backup at file, verifying every entry against the
// manifest; each entry's bytes are handed to put (nil: only verify).
func readBackup(file string, put func(name string, r io.Reader) error) (*Manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tr := tar.NewReader(f)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != "manifest.json" {
		return nil, fmt.Errorf("%s is not a rectify backup (no manifest.json first)", file)
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, 64<<20)).Decode(&m); err != nil || m.Format != BackupFormat {
		return nil, fmt.Errorf("%s: unreadable backup manifest", file)
	}
	want := map[string]FileSum{m.Database.Name: m.Database}
	for _, e := range m.Evidence {
		want[e.Name] = e
	}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s is cut short or damaged: %w", file, err)
		}
		sum, ok := want[hdr.Name]
		if !ok || hdr.Name != DBFile && !evidenceEntry.MatchString(hdr.Name) {
			return nil, fmt.Errorf("%s: unexpected entry %q", file, hdr.Name)
		}
		delete(want, hdr.Name)
		if err := verifyEntry(tr, sum, put); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	for name := range want {
		return nil, fmt.Errorf("%s is incomplete: %s is missing", file, name)
	}
	return &m, nil
}

func verifyEntry(r io.Reader, sum FileSum, put func(string, io.Reader) error) error {
	h := sha256.New()
	tee := io.TeeReader(io.LimitReader(r, sum.Size+1), h)
	var err error
	if put != nil {
		err = put(sum.Name, tee)
	}
	if _, cerr := io.Copy(io.Discard, tee); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum.SHA256 {
		return fmt.Errorf("%s does not match its checksum: the backup is damaged", sum.Name)
	}
	return nil
}

// VerifyBackup reads a whole backup and checks every file against its
// manifest.
func VerifyBackup(file string) (*Manifest, error) {
	return readBackup(file, nil)
}

// Restore brings the backup at file back into dir, which must be empty
// (or not exist): it never overwrites a ledger. Files are unpacked into a
// temporary folder inside dir, verified, and the database checked with
// its evidence before they are moved into place, the database last. A
// plain database file (a backup of an older rectify) is restored too.
func Restore(file, dir string) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			return nil, fmt.Errorf("restore: %s is not empty (it has %s); restore into a new, empty folder — rectify never overwrites a ledger", dir, e.Name())
		}
	}
	tmp, err := os.MkdirTemp(dir, ".restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	m, err := unpack(file, tmp)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	rep, err := CheckDir(tmp)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	problems := rep.Problems
	if m.Format == BackupFormat {
		problems = append(problems, rep.EvidenceProblems...)
	} else {
		// An older rectify's backup held no evidence: say so, restore the rest.
		m.MissingEvidence = rep.EvidenceProblems
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("restore: the restored ledger fails its check, nothing was restored: %s", strings.Join(problems, "; "))
	}
	for _, name := range []string{"evidence", DBFile} {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("restore: %w", err)
		}
	}
	return m, syncDir(dir)
}

// unpack writes the backup's files under dir.
func unpack(file, dir string) (*Manifest, error) {
	if err := os.MkdirAll(filepath.Join(dir, "evidence"), 0o750); err != nil {
		return nil, err
	}
	if isPlainDB(file) {
		return &Manifest{Format: "plain database"}, copyPlain(file, filepath.Join(dir, DBFile))
	}
	return readBackup(file, func(name string, r io.Reader) error {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean(name)))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, r)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// isPlainDB tells a bare bbolt file (its magic 0xED0CDAED after the 16-byte page header)
// from a tar backup.
func isPlainDB(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 36)
	if _, err := io.ReadFull(f, b); err != nil {
		return false
	}
	return bytes.Equal(b[16:20], []byte{0xed, 0xda, 0x0c, 0xed})
}

func copyPlain(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
