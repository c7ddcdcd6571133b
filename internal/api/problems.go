package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/store"
)

type problemRequest struct {
	BatchID     int64   `json:"batch_id"`
	BranchID    int64   `json:"branch_id"`
	Category    *string `json:"category"`
	Description *string `json:"description"`
	Cause       *string `json:"cause"`
	Leader      *string `json:"leader"`
	// Tasks are measures created with the problem, all or none.
	Tasks []taskRequest `json:"tasks"`
}

func (r *problemRequest) input() app.ProblemInput {
	return app.ProblemInput{BatchID: r.BatchID, BranchID: r.BranchID, Category: r.Category,
		Description: r.Description, Cause: r.Cause, Leader: r.Leader}
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
	ps, err := s.app.Problems(CurrentUser(c), f)
	return http.StatusOK, gin.H{"problems": ps}, err
}

func (s *Server) createProblem(c *gin.Context) (int, any, error) {
	var req problemRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	ms := make([]app.MeasureInput, len(req.Tasks))
	for i := range req.Tasks {
		ms[i] = req.Tasks[i].input()
	}
	p, ts, err := s.app.CreateProblem(CurrentUser(c), req.input(), ms)
	if err != nil || len(ts) == 0 {
		return http.StatusCreated, p, err
	}
	return http.StatusCreated, gin.H{"problem": p, "tasks": ts}, nil
}

func (s *Server) getProblem(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	p, err := s.app.Problem(CurrentUser(c), id)
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
	p, err := s.app.UpdateProblem(CurrentUser(c), id, req.input())
	return http.StatusOK, p, err
}

func (s *Server) deleteProblem(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"deleted": id}, s.app.DeleteProblem(CurrentUser(c), id)
}
