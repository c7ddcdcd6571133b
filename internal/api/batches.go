package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
)

type batchRequest struct {
	Title           *string `json:"title"`
	SourceType      *string `json:"source_type"`
	BranchID        int64   `json:"branch_id"`
	StartedOn       *string `json:"started_on"`
	ReviewAfterDays *int    `json:"review_after_days"`
	WarnDays        *int    `json:"warn_days"`
}

func (r *batchRequest) input() app.BatchInput {
	return app.BatchInput{Title: r.Title, SourceType: r.SourceType, BranchID: r.BranchID, StartedOn: r.StartedOn,
		ReviewAfterDays: r.ReviewAfterDays, WarnDays: r.WarnDays}
}

func (s *Server) listBatches(c *gin.Context) (int, any, error) {
	bs, err := s.app.Batches(CurrentUser(c))
	return http.StatusOK, gin.H{"batches": bs}, err
}

func (s *Server) createBatch(c *gin.Context) (int, any, error) {
	var req batchRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	b, err := s.app.CreateBatch(CurrentUser(c), req.input())
	return http.StatusCreated, b, err
}

func (s *Server) getBatch(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	b, err := s.app.Batch(CurrentUser(c), id)
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
	b, err := s.app.UpdateBatch(CurrentUser(c), id, req.input())
	return http.StatusOK, b, err
}
