package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

type batchRequest struct {
	Title           *string            `json:"title"`
	SourceType      *ledger.SourceType `json:"source_type"`
	BranchID        int64              `json:"branch_id"`
	StartedOn       *string            `json:"started_on"`
	ReviewAfterDays *int               `json:"review_after_days"`
	WarnDays        *int               `json:"warn_days"`
}

// apply copies the given fields onto b, parsing dates with field names.
func (r *batchRequest) apply(b *ledger.Batch) error {
	if r.Title != nil {
		b.Title = *r.Title
	}
	if r.SourceType != nil {
		b.SourceType = *r.SourceType
	}
	if r.StartedOn != nil {
		d, err := requiredDate("started_on", *r.StartedOn)
		if err != nil {
			return err
		}
		b.StartedOn = d
	}
	if r.ReviewAfterDays != nil {
		if *r.ReviewAfterDays == 0 {
			return ledger.FieldErrorf("review_after_days", "review_after_days must be 1–3650")
		}
		b.ReviewAfterDays = *r.ReviewAfterDays
	}
	if r.WarnDays != nil {
		if *r.WarnDays == 0 {
			return ledger.FieldErrorf("warn_days", "warn_days must be 1–365")
		}
		b.WarnDays = *r.WarnDays
	}
	return nil
}

func (s *Server) listBatches(c *gin.Context) (int, any, error) {
	bs, err := s.store.Batches(s.store.Scope(CurrentUser(c)))
	return http.StatusOK, gin.H{"batches": bs}, err
}

func (s *Server) createBatch(c *gin.Context) (int, any, error) {
	var req batchRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	b := &ledger.Batch{BranchID: req.BranchID}
	if err := req.apply(b); err != nil {
		return 0, nil, err
	}
	if err := s.store.CreateBatch(CurrentUser(c), b); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, b, nil
}

func (s *Server) getBatch(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	b, err := s.store.FindBatch(s.store.Scope(CurrentUser(c)), id)
	return http.StatusOK, b, err
}

func (s *Server) updateBatch(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req batchRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	// Check the request before the store runs it: an error from apply
	// inside the update would be reported only after the rest committed.
	if err := req.apply(&ledger.Batch{}); err != nil {
		return 0, nil, err
	}
	b, err := s.store.UpdateBatch(CurrentUser(c), id, func(b *ledger.Batch) { _ = req.apply(b) })
	return http.StatusOK, b, err
}
