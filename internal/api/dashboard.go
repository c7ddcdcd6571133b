package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

func (s *Server) dashboard(c *gin.Context) (int, any, error) {
	var f store.DashboardFilter
	var err error
	if f.BranchID, err = queryID(c, "branch_id"); err != nil {
		return 0, nil, err
	}
	if f.BatchID, err = queryID(c, "batch_id"); err != nil {
		return 0, nil, err
	}
	if v := c.Query("source_type"); v != "" {
		if f.SourceType = ledger.SourceType(v); !f.SourceType.Valid() {
			return 0, nil, ledger.FieldErrorf("source_type", "unknown source_type")
		}
	}
	if f.Today, err = date("on", c.Query("on")); err != nil {
		return 0, nil, err
	}
	if f.Today.IsZero() {
		f.Today = s.store.Today()
	}
	rows, err := s.store.Dashboard(s.store.Scope(CurrentUser(c)), f)
	return http.StatusOK, gin.H{"on": f.Today, "branches": rows}, err
}
