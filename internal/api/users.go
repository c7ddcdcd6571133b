package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
)

type userRequest struct {
	Login    string  `json:"login"`
	Name     string  `json:"name"`
	Password string  `json:"password"`
	Role     string  `json:"role"`
	BranchID int64   `json:"branch_id"`
	Email    string  `json:"email"`
	Phone    *string `json:"phone"`
}

func (s *Server) listUsers(c *gin.Context) (int, any, error) {
	us, err := s.app.Users(CurrentUser(c))
	return http.StatusOK, gin.H{"users": us}, err
}

func (s *Server) createUser(c *gin.Context) (int, any, error) {
	var req userRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	u, err := s.app.CreateUser(CurrentUser(c), app.UserInput{Login: req.Login, Name: &req.Name, Role: &req.Role,
		BranchID: &req.BranchID, Email: &req.Email, Phone: req.Phone, Password: &req.Password})
	return http.StatusCreated, u, err
}

func (s *Server) getUser(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	u, err := s.app.User(CurrentUser(c), id)
	return http.StatusOK, u, err
}

type userPatch struct {
	Name     *string `json:"name"`
	Role     *string `json:"role"`
	BranchID *int64  `json:"branch_id"`
	Email    *string `json:"email"`
	Phone    *string `json:"phone"`
	Disabled *bool   `json:"disabled"`
	Password *string `json:"password"`
	// CurrentPassword is required to change one's own password, so a
	// stolen session alone cannot take the account over.
	CurrentPassword string `json:"current_password"`
}

func (s *Server) updateUser(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	var req userPatch
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	u, err := s.app.UpdateUser(CurrentUser(c), id, app.UserInput{Name: req.Name, Role: req.Role, BranchID: req.BranchID,
		Email: req.Email, Phone: req.Phone, Disabled: req.Disabled, Password: req.Password, CurrentPassword: req.CurrentPassword,
		ClientIP: c.ClientIP()})
	return http.StatusOK, u, err
}
