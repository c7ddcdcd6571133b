package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// uploadEvidence stores a multipart file (field "file") under its SHA-256
// and records it on the task. The bytes are written before the record, so
// a crash leaves at worst an unreferenced file, never a dangling record.
func (s *Server) uploadEvidence(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	u := CurrentUser(c)
	t, err := s.store.FindTask(s.store.Scope(u), id)
	if err != nil {
		return 0, nil, err
	}
	if err := s.store.Scope(u).CanAct(ledger.ActEvidence, t); err != nil {
		return 0, nil, err
	}
	if t.Status == ledger.StatusClosed {
		// Refuse before the bytes are written; the store checks again.
		return 0, nil, ledger.Errorf(ledger.ECONFLICT, "cannot add evidence to a closed task")
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if ok := asMaxBytes(err, &mbe); ok {
			return 0, nil, mbe
		}
		return 0, nil, ledger.FieldErrorf("file", "a multipart file field named \"file\" is required")
	}
	name := CleanFileName(fh.Filename)
	f, err := fh.Open()
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	e, err := SaveEvidenceFile(s.store, f, name)
	if err != nil {
		return 0, nil, err
	}
	if _, err := s.store.AddEvidence(u, id, e); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, e, nil
}

// SaveEvidenceFile copies r into the evidence folder under its SHA-256 and
// returns the metadata to record; the web upload uses it too.
func SaveEvidenceFile(st *store.Store, r io.Reader, name string) (*ledger.Evidence, error) {
	tmp, err := os.CreateTemp(filepath.Join(st.Dir(), "evidence"), ".upload-*")
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
	dst := st.EvidencePath(sum)
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

// CleanFileName is ledger.CleanFileName: the display name of an upload.
func CleanFileName(n string) string { return ledger.CleanFileName(n) }

func (s *Server) listEvidence(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	es, err := s.store.EvidenceFiles(s.store.Scope(CurrentUser(c)), id)
	if es == nil {
		es = []*ledger.Evidence{}
	}
	return http.StatusOK, gin.H{"evidence": es}, err
}

// downloadEvidence serves a file as an attachment, so a browser never
// renders uploaded HTML in the application's origin.
func (s *Server) downloadEvidence(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		var eid int64
		if eid, err = pathID(c, "eid"); err == nil {
			var e *ledger.Evidence
			if e, err = s.store.FindEvidence(s.store.Scope(CurrentUser(c)), id, eid); err == nil {
				ServeEvidence(c, s.store, e)
				return
			}
		}
	}
	writeError(c, err)
}

// ServeEvidence writes the bytes of e as a download.
func ServeEvidence(c *gin.Context, st *store.Store, e *ledger.Evidence) {
	f, err := os.Open(st.EvidencePath(e.SHA256))
	if err != nil {
		writeError(c, fmt.Errorf("evidence file %s: %w", e.SHA256, err))
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Security-Policy", "sandbox")
	c.DataFromReader(http.StatusOK, e.Size, "application/octet-stream", f, nil)
}
