package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type userRequest struct {
	Login    string      `json:"login"`
	Name     string      `json:"name"`
	Password string      `json:"password"`
	Role     ledger.Role `json:"role"`
	BranchID int64       `json:"branch_id"`
	Email    string      `json:"email"`
}

func (s *Server) listUsers(c *gin.Context) (int, any, error) {
	us, err := s.store.Users(s.store.Scope(CurrentUser(c)))
	return http.StatusOK, gin.H{"users": us}, err
}

func (s *Server) createUser(c *gin.Context) (int, any, error) {
	var req userRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	if CurrentUser(c).Role != ledger.RoleAdmin {
		// Refuse before hashing: a bcrypt round per request is a cheap
		// way to load the server otherwise.
		return 0, nil, ledger.Errorf(ledger.EFORBIDDEN, "only an admin may do this")
	}
	u := &ledger.User{Login: req.Login, Name: req.Name, Role: req.Role, BranchID: req.BranchID, Email: req.Email}
	if err := u.Validate(); err != nil {
		return 0, nil, err
	} else if err := ledger.ValidatePassword(req.Password); err != nil {
		return 0, nil, err
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		return 0, nil, err
	}
	if err := s.store.CreateUser(CurrentUser(c), u, hash); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, u, nil
}

func (s *Server) getUser(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	me := CurrentUser(c)
	u, err := s.store.FindUser(id)
	if err != nil {
		return 0, nil, err
	}
	if me.ID != id && me.Role != ledger.RoleAdmin && (u.Role == ledger.RoleAdmin || !s.store.Scope(me).Sees(u.BranchID)) {
		return 0, nil, notFound("user not found")
	}
	return http.StatusOK, u, nil
}

type userPatch struct {
	Name     *string      `json:"name"`
	Role     *ledger.Role `json:"role"`
	BranchID *int64       `json:"branch_id"`
	Email    *string      `json:"email"`
	Disabled *bool        `json:"disabled"`
	Password *string      `json:"password"`
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
	up := store.UserUpdate{Name: req.Name, Role: req.Role, BranchID: req.BranchID, Email: req.Email, Disabled: req.Disabled}
	if me := CurrentUser(c); me.Role != ledger.RoleAdmin && me.ID != id {
		return 0, nil, ledger.Errorf(ledger.EFORBIDDEN, "only an admin may change this user")
	}
	if req.Password != nil {
		h, err := s.app.NewPasswordHash(CurrentUser(c), id, *req.Password, req.CurrentPassword, c.ClientIP())
		if err != nil {
			return 0, nil, err
		}
		up.PasswordHash = &h
	}
	u, err := s.store.UpdateUser(CurrentUser(c), id, up)
	return http.StatusOK, u, err
}
