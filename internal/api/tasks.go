package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type taskRequest struct {
	ProblemID       int64     `json:"problem_id"`
	Description     *string   `json:"description"`
	Kind            *string   `json:"kind"`
	OwnerID         *int64    `json:"owner_id"`
	OwnerName       *string   `json:"owner_name"`
	ReviewerID      *int64    `json:"reviewer_id"`
	LeadDept        *string   `json:"lead_dept"`
	SupportDepts    *[]string `json:"support_depts"`
	DueOn           *string   `json:"due_on"`
	ReportEveryDays *int      `json:"report_every_days"`
	Remark          *string   `json:"remark"`
}

func (r *taskRequest) input() app.MeasureInput {
	return app.MeasureInput{Description: r.Description, Kind: r.Kind, OwnerID: r.OwnerID, OwnerName: r.OwnerName,
		ReviewerID: r.ReviewerID, LeadDept: r.LeadDept, SupportDepts: r.SupportDepts, DueOn: r.DueOn,
		ReportEveryDays: r.ReportEveryDays, Remark: r.Remark}
}

func (s *Server) createTask(c *gin.Context) (int, any, error) {
	var req taskRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	t, err := s.app.CreateMeasure(CurrentUser(c), req.ProblemID, req.input())
	if err != nil {
		return 0, nil, err
	}
	t.Show(s.store.Today())
	return http.StatusCreated, t, nil
}

func (s *Server) getTask(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	t, err := s.store.FindTask(s.store.Scope(CurrentUser(c)), id)
	return http.StatusOK, t, err
}

func (s *Server) updateTask(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req taskRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	t, err := s.app.UpdateMeasure(CurrentUser(c), id, req.input())
	return http.StatusOK, t, err
}

func (s *Server) deleteTask(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"deleted": id}, s.app.DeleteMeasure(CurrentUser(c), id)
}

// TaskFilterFromQuery parses the list filters of GET /tasks.
func TaskFilterFromQuery(c *gin.Context) (ledger.TaskFilter, error) {
	var f ledger.TaskFilter
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"branch_id", &f.BranchID}, {"batch_id", &f.BatchID}, {"problem_id", &f.ProblemID}, {"owner_id", &f.OwnerID}, {"cursor", &f.Cursor}} {
		if *p.dst, err = queryID(c, p.name); err != nil {
			return f, err
		}
	}
	if v := c.Query("status"); v != "" {
		if f.Status = ledger.Status(v); !f.Status.Valid() {
			return f, ledger.FieldErrorf("status", "status must be open, in_progress, submitted or closed")
		}
	}
	if v := c.Query("light"); v != "" {
		if f.Light = ledger.Light(v); !f.Light.Valid() {
			return f, ledger.FieldErrorf("light", "light must be green, yellow, red or done")
		}
	}
	if f.DueFrom, err = date("due_from", c.Query("due_from")); err != nil {
		return f, err
	}
	if f.DueTo, err = date("due_to", c.Query("due_to")); err != nil {
		return f, err
	}
	if v := c.Query("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > store.MaxPageSize {
			return f, ledger.FieldErrorf("limit", "limit must be 1–%d", store.MaxPageSize)
		}
	}
	f.Query = c.Query("q")
	return f, ledger.LimitSearchQuery.Check(f.Query)
}

func (s *Server) listTasks(c *gin.Context) (int, any, error) {
	f, err := TaskFilterFromQuery(c)
	if err != nil {
		return 0, nil, err
	}
	page, err := s.store.FindTasks(s.store.Scope(CurrentUser(c)), f)
	if err != nil {
		return 0, nil, err
	}
	var next any
	if page.NextCursor != 0 {
		next = page.NextCursor
	}
	return http.StatusOK, gin.H{"tasks": page.Tasks, "total": page.Total, "next_cursor": next}, nil
}
