package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
)

type actionRequest struct {
	Note    string  `json:"note"`
	Percent *int    `json:"percent"`
	Reason  string  `json:"reason"`
	DueOn   *string `json:"due_on"`
}

// input is the request as the use case takes it (the same as a form's).
func (req *actionRequest) input() app.ActionInput {
	in := app.ActionInput{Note: req.Note, Reason: req.Reason}
	if req.Percent != nil {
		in.Percent = strconv.Itoa(*req.Percent)
	}
	if req.DueOn != nil {
		in.DueOn = *req.DueOn
	}
	return in
}

// taskAction adapts one lifecycle step of app.TaskActions: parse the
// body, call the use case, answer the updated task.
func (s *Server) taskAction(name string) gin.HandlerFunc {
	fn := app.TaskActions[name]
	if fn == nil {
		panic("api: no task action " + name) // a typo in the route table, caught at start-up
	}
	return handle(func(c *gin.Context) (int, any, error) {
		id, err := pathID(c, "id")
		if err != nil {
			return 0, nil, err
		}
		var req actionRequest
		if err := bind(c, &req); err != nil {
			return 0, nil, err
		}
		t, err := fn(s.app, CurrentUser(c), id, req.input())
		return http.StatusOK, t, err
	})
}

func (s *Server) listProgress(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	ps, err := s.store.ProgressNotes(s.store.Scope(CurrentUser(c)), id)
	return http.StatusOK, gin.H{"progress": ps}, err
}

func (s *Server) listEvents(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	es, err := s.store.TaskEvents(s.store.Scope(CurrentUser(c)), id)
	if es == nil {
		es = []*ledger.Event{}
	}
	return http.StatusOK, gin.H{"events": es}, err
}
