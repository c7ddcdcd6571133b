package app

import (
	"sort"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// peopleStore is what the user and branch use cases need from storage.
type peopleStore interface {
	Scope(u *ledger.User) ledger.Scope
	Users(scope ledger.Scope) ([]*ledger.User, error)
	FindUser(id int64) (*ledger.User, error)
	FindUserByLogin(login string) (*ledger.User, string, error)
	CreateUser(actor *ledger.User, u *ledger.User, passwordHash string) error
	UpdateUser(actor *ledger.User, id int64, up store.UserUpdate) (*ledger.User, error)
	CreateBranch(actor *ledger.User, b *ledger.Branch) error
	UpdateBranch(actor *ledger.User, id int64, name *string, parentID *int64) (*ledger.Branch, error)
	DeleteBranch(actor *ledger.User, id int64) error
}

// UserInput is a user as a form or JSON body gives it. On update nil
// fields stay; Password set on update is a reset (admin) or a change
// (self, with CurrentPassword).
type UserInput struct {
	Login           string
	Name            *string
	Role            *string
	BranchID        *int64
	Email           *string
	Phone           *string
	Disabled        *bool
	Password        *string
	CurrentPassword string
	// ClientIP is where a change of one's own password comes from, for
	// the login guard that also checks the current password.
	ClientIP string
}

func adminRequired(actor *ledger.User) error {
	if actor == nil || actor.Role != ledger.RoleAdmin {
		return ledger.Reasonf(ledger.EFORBIDDEN, "role.admin_only", "only an admin may do this")
	}
	return nil
}

// Users lists the users the actor sees, by name.
func (s *Service) Users(actor *ledger.User) ([]*ledger.User, error) {
	us, err := s.st.Users(s.st.Scope(actor))
	sort.SliceStable(us, func(i, j int) bool { return us[i].ID < us[j].ID })
	return us, err
}

// User returns one user the actor may see: themselves, anyone for an
// admin, otherwise a non-admin of their subtree.
func (s *Service) User(actor *ledger.User, id int64) (*ledger.User, error) {
	if actor.ID == id {
		return s.st.FindUser(id)
	}
	return s.visiblePerson(s.st.Scope(actor), "id", id)
}

// Owners lists the people a measure of branch may be given to: active
// members and officers who see that branch. Disabled users and leaders are
// offered nowhere.
func (s *Service) Owners(actor *ledger.User, branch int64) ([]*ledger.User, error) {
	scope := s.st.Scope(actor)
	all, err := s.st.Users(scope)
	if err != nil {
		return nil, err
	}
	var out []*ledger.User
	for _, u := range all {
		if offeredAsOwner(u) && (ledger.Scope{User: u, Tree: scope.Tree}).Sees(branch) {
			out = append(out, u)
		}
	}
	return out, nil
}

// CreateUser adds a user (admin only) with an initial password.
func (s *Service) CreateUser(actor *ledger.User, in UserInput) (*ledger.User, error) {
	if err := adminRequired(actor); err != nil {
		// Refused before hashing: a bcrypt round per request is a cheap
		// way to load the server otherwise.
		return nil, err
	}
	u := &ledger.User{Login: in.Login}
	applyUser(u, in)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	pw := ""
	if in.Password != nil {
		pw = *in.Password
	}
	hash, err := hashPassword(pw)
	if err != nil {
		return nil, err
	}
	if err := s.st.CreateUser(actor, u, hash); err != nil {
		return nil, err
	}
	return u, nil
}

func applyUser(u *ledger.User, in UserInput) {
	set := func(dst, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&u.Name, in.Name)
	set(&u.Email, in.Email)
	set(&u.Phone, in.Phone)
	if in.Role != nil {
		u.Role = ledger.Role(*in.Role)
	}
	if in.BranchID != nil {
		u.BranchID = *in.BranchID
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
}

func hashPassword(pw string) (string, error) {
	if err := ledger.ValidatePassword(pw); err != nil {
		return "", err
	}
	return auth.HashPassword(pw)
}

// UpdateUser changes a user: an admin anything (a new password is a reset
// and, like disabling, ends every session of that user); a user their own
// name, e-mail, phone and — with the current one — password.
func (s *Service) UpdateUser(actor *ledger.User, id int64, in UserInput) (*ledger.User, error) {
	admin := actor.Role == ledger.RoleAdmin
	if !admin && (actor.ID != id || in.Role != nil || in.BranchID != nil || in.Disabled != nil) {
		return nil, ledger.Reasonf(ledger.EFORBIDDEN, "role.admin_only", "only an admin may change this user")
	}
	cur, err := s.st.FindUser(id)
	if err != nil {
		return nil, err
	}
	next := *cur
	applyUser(&next, in)
	if err := next.Validate(); err != nil {
		return nil, err
	}
	up := store.UserUpdate{Name: in.Name, Role: (*ledger.Role)(in.Role), BranchID: in.BranchID, Email: in.Email,
		Phone: in.Phone, Disabled: in.Disabled}
	if in.Password != nil {
		h, err := s.NewPasswordHash(actor, id, *in.Password, in.CurrentPassword, in.ClientIP)
		if err != nil {
			return nil, err
		}
		up.PasswordHash = &h
	}
	return s.st.UpdateUser(actor, id, up)
}

// ResetPassword sets a user's password (admin only) and ends their
// sessions, so whoever held the old one is logged out.
func (s *Service) ResetPassword(actor *ledger.User, id int64, password string) error {
	if err := adminRequired(actor); err != nil {
		return err
	}
	_, err := s.UpdateUser(actor, id, UserInput{Password: &password})
	return err
}

// CreateBranch adds a branch (admin only).
func (s *Service) CreateBranch(actor *ledger.User, name string, parentID int64) (*ledger.Branch, error) {
	if err := adminRequired(actor); err != nil {
		return nil, err
	}
	b := &ledger.Branch{Name: name, ParentID: parentID}
	return b, s.st.CreateBranch(actor, b)
}

// UpdateBranch renames or moves a branch (admin only); it cannot move
// under itself or its own sub-branches.
func (s *Service) UpdateBranch(actor *ledger.User, id int64, name *string, parentID *int64) (*ledger.Branch, error) {
	if err := adminRequired(actor); err != nil {
		return nil, err
	}
	return s.st.UpdateBranch(actor, id, name, parentID)
}

// DeleteBranch removes an empty branch (admin only): no sub-branches,
// users, batches, problems or measures. Its record stays in the trail.
func (s *Service) DeleteBranch(actor *ledger.User, id int64) error {
	if err := adminRequired(actor); err != nil {
		return err
	}
	return s.st.DeleteBranch(actor, id)
}
