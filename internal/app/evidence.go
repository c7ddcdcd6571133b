package app

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"rectify/internal/ledger"
)

// DefaultMaxUpload bounds one evidence file unless configured otherwise.
const DefaultMaxUpload = 32 << 20

// evidenceStore is what 佐证材料 uploads and downloads need.
type evidenceStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindTask(scope ledger.Scope, id int64) (*ledger.Task, error)
	AddEvidence(actor *ledger.User, taskID int64, e *ledger.Evidence) (*ledger.Task, error)
	FindEvidence(scope ledger.Scope, taskID, id int64) (*ledger.Evidence, error)
	EvidencePath(sha string) string
	Dir() string
}

// MaxUpload is the largest evidence file accepted, in bytes.
func (s *Service) MaxUpload() int64 {
	if s.maxUpload > 0 {
		return s.maxUpload
	}
	return DefaultMaxUpload
}

// SetMaxUpload changes the evidence size limit (0 keeps the default).
func (s *Service) SetMaxUpload(n int64) { s.maxUpload = n }

// MayAddEvidence checks, before any byte of an upload is read, that u may
// add evidence to task id: a viewer who may not upload cannot fill the
// disk, and a closed task takes no more files.
func (s *Service) MayAddEvidence(u *ledger.User, id int64) error {
	scope := s.st.Scope(u)
	t, err := s.st.FindTask(scope, id)
	if err != nil {
		return err
	}
	if err := scope.CanAct(ledger.ActEvidence, t); err != nil {
		return err
	}
	if t.Status == ledger.StatusClosed {
		return ledger.Reasonf(ledger.ECONFLICT, ledger.ReasonEvidenceClosed, "cannot add evidence to a closed task")
	}
	return nil
}

// AddEvidence stores an uploaded file (nil when the form had none) under
// its SHA-256 and records it on the task. The bytes are written before
// the record, so a crash leaves at worst an unreferenced file, never a
// dangling record; the store checks role and state again.
func (s *Service) AddEvidence(u *ledger.User, id int64, fh *multipart.FileHeader) (*ledger.Evidence, error) {
	if err := s.MayAddEvidence(u, id); err != nil {
		return nil, err
	}
	if fh == nil {
		return nil, ledger.FieldErrorf("file", "a multipart file field named \"file\" is required")
	}
	if fh.Size > s.MaxUpload() {
		return nil, &ledger.Error{Code: ledger.ETOOLARGE, Field: "file", Reason: ledger.ReasonEvidenceTooLarge,
			Message: "the file is larger than the limit of " + sizeText(s.MaxUpload())}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	e, err := s.saveEvidenceFile(f, CleanFileName(fh.Filename))
	if err != nil {
		return nil, err
	}
	if _, err := s.st.AddEvidence(u, id, e); err != nil {
		return nil, err
	}
	return e, nil
}

// FindEvidence returns the metadata of evidence eid of task id and the
// path of its bytes, when u sees the task.
func (s *Service) FindEvidence(u *ledger.User, id, eid int64) (*ledger.Evidence, string, error) {
	e, err := s.st.FindEvidence(s.st.Scope(u), id, eid)
	if err != nil {
		return nil, "", err
	}
	return e, s.st.EvidencePath(e.SHA256), nil
}

// saveEvidenceFile copies r into the evidence folder under its SHA-256.
func (s *Service) saveEvidenceFile(r io.Reader, name string) (*ledger.Evidence, error) {
	tmp, err := os.CreateTemp(filepath.Join(s.st.Dir(), "evidence"), ".upload-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ledger.FieldErrorf("file", "the file is empty")
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst := s.st.EvidencePath(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return nil, err
	}
	ct := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return &ledger.Evidence{Name: name, Size: n, SHA256: sum, ContentType: ct}, nil
}

// CleanFileName is ledger.CleanFileName: the display name of an upload,
// without folders, control characters or bidirectional controls.
func CleanFileName(n string) string { return ledger.CleanFileName(n) }

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
