package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
)

// similarRoutes are 举一反三, rebounds and 整改成效 (docs/SIMILAR.md).
func (s *Server) similarRoutes() []Route {
	h := handle
	return []Route{
		{Method: "GET", Path: "/problems/:id/similar", Summary: "Problems in the caller's scope most like this one (limit)", Handler: h(s.similarToProblem)},
		{Method: "POST", Path: "/problems/similar", Summary: "Problems in the caller's scope most like a text being typed", Body: BodyJSON, Handler: h(s.similarToText)},
		{Method: "POST", Path: "/problems/:id/cascade", Summary: "举一反三: ask other branches to check themselves for this problem (officer)", Body: BodyJSON, Handler: h(s.startCascade)},
		{Method: "GET", Path: "/problems/:id/cascades", Summary: "The 举一反三 started from a problem, with roll-ups", Handler: h(s.problemCascades)},
		{Method: "GET", Path: "/cascades/waiting", Summary: "Self-checks still to answer in the caller's scope", Handler: h(s.waitingCascades)},
		{Method: "POST", Path: "/cascades/:id/answer", Summary: "Answer a branch's self-check: exists or absent (its officer)", Body: BodyJSON, Handler: h(s.answerCascade)},
		{Method: "GET", Path: "/rebounds", Summary: "Rebound flags (problem_id, status)", Handler: h(s.listRebounds)},
		{Method: "POST", Path: "/rebounds/:id/confirm", Summary: "Confirm a flagged rebound (officer)", Body: BodyJSON, Handler: h(s.decideRebound(true))},
		{Method: "POST", Path: "/rebounds/:id/dismiss", Summary: "Dismiss a flagged rebound, saying why (officer)", Body: BodyJSON, Handler: h(s.decideRebound(false))},
		{Method: "GET", Path: "/effect", Summary: "整改成效 of a branch (branch_id): rebound rate, days to 销号, on time by quarter, recurring categories", Handler: h(s.effect)},
	}
}

type similarItems struct {
	Items []app.SimilarProblem `json:"items"`
}

func (s *Server) similarToProblem(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	limit, err := queryID(c, "limit")
	if err != nil {
		return 0, nil, err
	}
	items, err := s.app.SimilarToProblem(c.Request.Context(), CurrentUser(c), id, int(min(limit, 1<<20)))
	return http.StatusOK, similarItems{nonNil(items)}, err
}

func (s *Server) similarToText(c *gin.Context) (int, any, error) {
	var q app.SimilarQuery
	if err := bind(c, &q); err != nil {
		return 0, nil, err
	}
	items, err := s.app.SimilarToText(c.Request.Context(), CurrentUser(c), q)
	return http.StatusOK, similarItems{nonNil(items)}, err
}

func (s *Server) startCascade(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var in app.CascadeInput
	if err := bind(c, &in); err != nil {
		return 0, nil, err
	}
	cs, err := s.app.StartCascade(CurrentUser(c), id, in)
	return http.StatusCreated, cs, err
}

func (s *Server) problemCascades(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	cs, err := s.app.CascadesOf(CurrentUser(c), id)
	return http.StatusOK, gin.H{"cascades": nonNil(cs)}, err
}

func (s *Server) waitingCascades(c *gin.Context) (int, any, error) {
	cs, err := s.app.WaitingCascades(CurrentUser(c))
	return http.StatusOK, gin.H{"cascades": nonNil(cs)}, err
}

type cascadeAnswer struct {
	BranchID int64  `json:"branch_id"`
	Answer   string `json:"answer"`
	Note     string `json:"note"`
}

func (s *Server) answerCascade(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var in cascadeAnswer
	if err := bind(c, &in); err != nil {
		return 0, nil, err
	}
	cs, err := s.app.AnswerCascade(CurrentUser(c), id, in.BranchID, in.Answer, in.Note)
	return http.StatusOK, cs, err
}

func (s *Server) listRebounds(c *gin.Context) (int, any, error) {
	problem, err := queryID(c, "problem_id")
	if err != nil {
		return 0, nil, err
	}
	rs, err := s.app.Rebounds(CurrentUser(c), problem, ledger.ReboundStatus(c.Query("status")))
	return http.StatusOK, gin.H{"rebounds": nonNil(rs)}, err
}

type reboundDecision struct {
	Note string `json:"note"`
}

func (s *Server) decideRebound(confirm bool) func(c *gin.Context) (int, any, error) {
	return func(c *gin.Context) (int, any, error) {
		id, err := pathID(c, "id")
		if err != nil {
			return 0, nil, err
		}
		var in reboundDecision
		if err := bind(c, &in); err != nil {
			return 0, nil, err
		}
		r, err := s.app.DecideRebound(CurrentUser(c), id, confirm, in.Note)
		return http.StatusOK, r, err
	}
}

func (s *Server) effect(c *gin.Context) (int, any, error) {
	branch, err := queryID(c, "branch_id")
	if err != nil {
		return 0, nil, err
	}
	r, err := s.app.Effect(c.Request.Context(), CurrentUser(c), branch)
	return http.StatusOK, r, err
}

// nonNil answers an empty list as [] rather than null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
