package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
)

// planRoutes are the routes of the measure plan beyond plain CRUD:
// withdrawal, handover and channel tests.
func (s *Server) planRoutes() []Route {
	h := handle
	return []Route{
		{Method: "POST", Path: "/tasks/:id/withdraw", Summary: "Withdraw (撤销) an unfinished task with a reason; it leaves the counters, the trail keeps it (officer)", Body: BodyJSON, Handler: h(s.withdrawTask)},
		{Method: "GET", Path: "/tasks/:id/withdrawn", Summary: "A withdrawn task's last state, who withdrew it and why, and its whole trail", Handler: h(s.getWithdrawn)},
		{Method: "POST", Path: "/tasks/reassign", Summary: "Hand a person's unfinished tasks (or task_ids) to another owner with a reason (officer)", Body: BodyJSON, Handler: h(s.reassignTasks)},
		{Method: "POST", Path: "/channels/:id/test", Summary: "Send a test message on a channel and show the answer (admin)", Handler: h(s.testChannel)},
	}
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) withdrawTask(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req reasonRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	t, err := s.app.WithdrawMeasure(CurrentUser(c), id, req.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"withdrawn": t.ID, "reason": req.Reason}, nil
}

func (s *Server) getWithdrawn(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	t, es, err := s.app.WithdrawnMeasure(CurrentUser(c), id)
	if err != nil {
		return 0, nil, err
	}
	last := es[len(es)-1]
	return http.StatusOK, gin.H{"task": t, "withdrawn_by": last.ActorID, "withdrawn_at": last.At, "reason": last.Note, "events": es}, nil
}

type reassignRequest struct {
	FromOwnerID int64   `json:"from_owner_id"`
	ToOwnerID   int64   `json:"to_owner_id"`
	TaskIDs     []int64 `json:"task_ids"`
	Reason      string  `json:"reason"`
}

func (s *Server) reassignTasks(c *gin.Context) (int, any, error) {
	var req reassignRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	n, err := s.app.Reassign(CurrentUser(c), app.HandoverInput{FromOwnerID: req.FromOwnerID, ToOwnerID: req.ToOwnerID,
		TaskIDs: req.TaskIDs, Reason: req.Reason})
	return http.StatusOK, gin.H{"reassigned": n}, err
}

func (s *Server) testChannel(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	r, err := s.app.TestChannel(c.Request.Context(), CurrentUser(c), id)
	return http.StatusOK, r, err
}
