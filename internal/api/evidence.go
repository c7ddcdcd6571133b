package api

import (
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
)

// uploadEvidence adds a multipart file (field "file") to a task through
// the use case, which checks the caller before the body is read.
func (s *Server) uploadEvidence(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	u := CurrentUser(c)
	if err := s.app.MayAddEvidence(u, id); err != nil {
		return 0, nil, err
	}
	fh, err := FormFile(c, "file")
	if err != nil {
		return 0, nil, err
	}
	e, err := s.app.AddEvidence(u, id, fh)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, e, nil
}

// FormFile reads a multipart file field: a body over the limit is that
// error, a missing field is nil (the use case names the field).
func FormFile(c *gin.Context, field string) (*multipart.FileHeader, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, nil
	}
	return fh, nil
}

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

// downloadEvidence serves a file as an attachment.
func (s *Server) downloadEvidence(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		var eid int64
		if eid, err = pathID(c, "eid"); err == nil {
			if err = ServeEvidence(c, s.app, CurrentUser(c), id, eid); err == nil {
				return
			}
		}
	}
	writeError(c, err)
}

// ServeEvidence writes file eid of task id as a download, so a browser
// never renders uploaded HTML in the application's origin; an error is
// returned before anything is written. The web pages use it too.
func ServeEvidence(c *gin.Context, svc *app.Service, u *ledger.User, id, eid int64) error {
	e, path, err := svc.FindEvidence(u, id, eid)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("evidence file %s: %w", e.SHA256, err)
	}
	defer f.Close()
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Security-Policy", "sandbox")
	c.DataFromReader(http.StatusOK, e.Size, "application/octet-stream", f, nil)
	return nil
}
