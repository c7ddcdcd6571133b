package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

type actionRequest struct {
	Note    string  `json:"note"`
	Percent *int    `json:"percent"`
	Reason  string  `json:"reason"`
	DueOn   *string `json:"due_on"`
}

// taskAction adapts one lifecycle step: parse the body, call the store,
// answer the updated task.
func (s *Server) taskAction(fn func(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error)) gin.HandlerFunc {
	return handle(func(c *gin.Context) (int, any, error) {
		id, err := pathID(c, "id")
		if err != nil {
			return 0, nil, err
		}
		var req actionRequest
		if err := bind(c, &req); err != nil {
			return 0, nil, err
		}
		t, err := fn(CurrentUser(c), id, &req)
		return http.StatusOK, t, err
	})
}

func (req *actionRequest) due() (ledger.Date, error) {
	if req.DueOn == nil {
		return 0, ledger.FieldErrorf("due_on", "due_on is required (YYYY-MM-DD)")
	}
	return requiredDate("due_on", *req.DueOn)
}

func (s *Server) progress(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	p := 0
	if req.Percent != nil {
		p = *req.Percent
	}
	return s.store.AddProgress(u, id, req.Note, p)
}

func (s *Server) submit(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	return s.store.Submit(u, id, req.Note)
}

func (s *Server) approve(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	return s.store.Approve(u, id, req.Note)
}

func (s *Server) reject(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	return s.store.Reject(u, id, req.Reason)
}

func (s *Server) requestExtension(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	d, err := req.due()
	if err != nil {
		return nil, err
	}
	return s.store.RequestExtension(u, id, d, req.Reason)
}

func (s *Server) approveExtension(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	return s.store.DecideExtension(u, id, true, req.Note)
}

func (s *Server) rejectExtension(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	return s.store.DecideExtension(u, id, false, req.Reason)
}

func (s *Server) reopen(u *ledger.User, id int64, req *actionRequest) (*ledger.Task, error) {
	d, err := req.due()
	if err != nil {
		return nil, err
	}
	return s.store.Reopen(u, id, d, req.Reason)
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
