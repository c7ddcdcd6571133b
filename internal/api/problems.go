package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

type problemRequest struct {
	BatchID     int64   `json:"batch_id"`
	BranchID    int64   `json:"branch_id"`
	Category    *string `json:"category"`
	Description *string `json:"description"`
	Cause       *string `json:"cause"`
	Leader      *string `json:"leader"`
}

func (r *problemRequest) apply(p *ledger.Problem) {
	for _, f := range []struct {
		dst *string
		src *string
	}{{&p.Category, r.Category}, {&p.Description, r.Description}, {&p.Cause, r.Cause}, {&p.Leader, r.Leader}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

func (s *Server) listProblems(c *gin.Context) (int, any, error) {
	var f store.ProblemFilter
	var err error
	if f.BranchID, err = queryID(c, "branch_id"); err != nil {
		return 0, nil, err
	}
	if f.BatchID, err = queryID(c, "batch_id"); err != nil {
		return 0, nil, err
	}
	ps, err := s.store.Problems(s.store.Scope(CurrentUser(c)), f)
	return http.StatusOK, gin.H{"problems": ps}, err
}

func (s *Server) createProblem(c *gin.Context) (int, any, error) {
	var req problemRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	p := &ledger.Problem{BatchID: req.BatchID, BranchID: req.BranchID}
	req.apply(p)
	if err := s.store.CreateProblem(CurrentUser(c), p); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, p, nil
}

func (s *Server) getProblem(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	p, err := s.store.FindProblem(s.store.Scope(CurrentUser(c)), id)
	return http.StatusOK, p, err
}

func (s *Server) updateProblem(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req problemRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	p, err := s.store.UpdateProblem(CurrentUser(c), id, req.apply)
	return http.StatusOK, p, err
}

func (s *Server) deleteProblem(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"deleted": id}, s.store.DeleteProblem(CurrentUser(c), id)
}
