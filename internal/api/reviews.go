package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

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
	Outcome ledger.ReviewOutcome `json:"outcome"`
	Note    string               `json:"note"`
	DueOn   string               `json:"due_on"`
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
	if req.Outcome != ledger.OutcomeConsolidated && req.Outcome != ledger.OutcomeRebound {
		return 0, nil, ledger.FieldErrorf("outcome", "outcome must be consolidated or rebound")
	}
	var due ledger.Date
	if req.Outcome == ledger.OutcomeRebound {
		if due, err = requiredDate("due_on", req.DueOn); err != nil {
			return 0, nil, err
		}
	}
	r, err := s.store.DecideReview(CurrentUser(c), id, req.Outcome, req.Note, due)
	return http.StatusOK, r, err
}
