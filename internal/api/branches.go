package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type branchRequest struct {
	Name     *string `json:"name"`
	ParentID *int64  `json:"parent_id"`
}

func (s *Server) listBranches(c *gin.Context) (int, any, error) {
	return http.StatusOK, gin.H{"branches": s.store.Branches(s.store.Scope(CurrentUser(c)))}, nil
}

func (s *Server) createBranch(c *gin.Context) (int, any, error) {
	var req branchRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	var name string
	var parent int64
	if req.Name != nil {
		name = *req.Name
	}
	if req.ParentID != nil {
		parent = *req.ParentID
	}
	b, err := s.app.CreateBranch(CurrentUser(c), name, parent)
	return http.StatusCreated, b, err
}

func (s *Server) getBranch(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	scope := s.store.Scope(CurrentUser(c))
	if !scope.Sees(id) {
		return 0, nil, notFound("branch not found")
	}
	return http.StatusOK, scope.Tree.Get(id), nil
}

func (s *Server) updateBranch(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req branchRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	b, err := s.app.UpdateBranch(CurrentUser(c), id, req.Name, req.ParentID)
	return http.StatusOK, b, err
}

func (s *Server) deleteBranch(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"deleted": id}, s.app.DeleteBranch(CurrentUser(c), id)
}
