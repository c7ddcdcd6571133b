package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

func (s *Server) listReviews(c *gin.Context) (int, any, error) {
	var f store.ReviewFilter
	var err error
	if f.BranchID, err = queryID(c, "branch_id"); err != nil {
		return 0, nil, err
	}
	if f.TaskID, err = queryID(c, "task_id"); err != nil {
		return 0, nil, err
	}
	if f.DueBefore, err = date("due_before", c.Query("due_before")); err != nil {
		return 0, nil, err
	}
	rs, err := s.store.Reviews(s.store.Scope(CurrentUser(c)), f)
	if rs == nil {
		rs = []*ledger.Review{}
	}
	return http.StatusOK, gin.H{"reviews": rs}, err
}

type reviewRequest struct {
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
	DueOn   string `json:"due_on"`
}

func (s *Server) decideReview(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req reviewRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	r, err := s.app.DecideReview(CurrentUser(c), id, app.ReviewInput{Outcome: req.Outcome, Note: req.Note, DueOn: req.DueOn})
	return http.StatusOK, r, err
}
