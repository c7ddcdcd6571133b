package store

import (
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// userRecord is what is stored: the user and the password hash, which
// never leaves the store except to the password check.
type userRecord struct {
	ledger.User
	PasswordHash string `json:"password_hash"`
}

func loginKey(login string) []byte { return []byte(strings.ToLower(login)) }

// CreateUser adds a user with an already hashed password. Users are an
// admin's to manage; the first admin is created with actor nil.
func (s *Store) CreateUser(actor *ledger.User, u *ledger.User, passwordHash string) error {
	if actor != nil {
		if err := adminOnly(actor); err != nil {
			return err
		}
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if u.Role != ledger.RoleAdmin && s.Tree().Get(u.BranchID) == nil {
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
	}
	actorID := int64(0)
	if actor != nil {
		actorID = actor.ID
	}
	return s.update(func(tx *bbolt.Tx) error {
		if tx.Bucket(bUserLogin).Get(loginKey(u.Login)) != nil {
			return &ledger.Error{Code: ledger.ECONFLICT, Field: "login", Reason: ledger.ReasonLoginTaken, Message: "login is already taken"}
		}
		id, err := nextID(tx, bUsers)
		if err != nil {
			return err
		}
		u.ID, u.CreatedAt = id, s.now().UTC()
		if err := put(tx, bUsers, id, &userRecord{User: *u, PasswordHash: passwordHash}); err != nil {
			return err
		}
		if err := tx.Bucket(bUserLogin).Put(loginKey(u.Login), itob(id)); err != nil {
			return err
		}
		s.sessions.invalidateOnCommit(tx) // a new officer is someone to notify
		return s.appendEvent(tx, actorID, "user", id, 0, ledger.ActCreate, "", nil, u)
	})
}

// UserUpdate holds the fields an update may change; nil means unchanged.
type UserUpdate struct {
	Name         *string
	Role         *ledger.Role
	BranchID     *int64
	Email        *string
	Phone        *string
	Disabled     *bool
	PasswordHash *string
}

// UpdateUser changes a user. An admin may change anything; a user may
// change their own name, email and password.
func (s *Store) UpdateUser(actor *ledger.User, id int64, up UserUpdate) (*ledger.User, error) {
	self := actor != nil && actor.ID == id
	if actor != nil && actor.Role != ledger.RoleAdmin &&
		(!self || up.Role != nil || up.BranchID != nil || up.Disabled != nil) {
		return nil, ledger.Errorf(ledger.EFORBIDDEN, "only an admin may change this user")
	}
	var out ledger.User
	err := s.update(func(tx *bbolt.Tx) error {
		var rec userRecord
		if err := get(tx, bUsers, id, "user", &rec); err != nil {
			return err
		}
		before := rec.User
		applyUserUpdate(&rec, up)
		if err := rec.User.Validate(); err != nil {
			return err
		}
		if rec.Role != ledger.RoleAdmin && s.Tree().Get(rec.BranchID) == nil {
			return &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
		}
		if self && rec.Disabled {
			return ledger.FieldErrorf("disabled", "you may not disable yourself")
		}
		if err := put(tx, bUsers, id, &rec); err != nil {
			return err
		}
		s.sessions.invalidateOnCommit(tx)
		if up.Disabled != nil && *up.Disabled || up.PasswordHash != nil {
			deleteSessionsOf(tx, id)
		}
		out = rec.User
		actorID := int64(0)
		if actor != nil {
			actorID = actor.ID
		}
		note := ""
		if up.PasswordHash != nil {
			note = "password changed"
		}
		return s.appendEvent(tx, actorID, "user", id, 0, ledger.ActUpdate, note, &before, &out)
	})
	return &out, err
}

func applyUserUpdate(rec *userRecord, up UserUpdate) {
	if up.Name != nil {
		rec.Name = *up.Name
	}
	if up.Role != nil {
		rec.Role = *up.Role
	}
	if up.BranchID != nil {
		rec.BranchID = *up.BranchID
	}
	if up.Email != nil {
		rec.Email = *up.Email
	}
	if up.Phone != nil {
		rec.Phone = *up.Phone
	}
	if up.Disabled != nil {
		rec.Disabled = *up.Disabled
	}
	if up.PasswordHash != nil {
		rec.PasswordHash = *up.PasswordHash
	}
}

// FindUser returns a user by id.
func (s *Store) FindUser(id int64) (*ledger.User, error) {
	var rec userRecord
	err := s.db.View(func(tx *bbolt.Tx) error { return get(tx, bUsers, id, "user", &rec) })
	return &rec.User, err
}

// FindUserByLogin returns the user with login (case-insensitive) and the
// password hash to check.
func (s *Store) FindUserByLogin(login string) (*ledger.User, string, error) {
	var rec userRecord
	err := s.db.View(func(tx *bbolt.Tx) error {
		id := tx.Bucket(bUserLogin).Get(loginKey(login))
		if id == nil {
			return ledger.Errorf(ledger.ENOTFOUND, "user not found")
		}
		return get(tx, bUsers, btoi(id), "user", &rec)
	})
	return &rec.User, rec.PasswordHash, err
}

// Users lists the users the scope sees: admins see all, others the users
// of their branch subtree (to pick owners from).
func (s *Store) Users(scope ledger.Scope) ([]*ledger.User, error) {
	var out []*ledger.User
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bUsers).ForEach(func(_, v []byte) error {
			var rec userRecord
			if err := unmarshal(v, &rec); err != nil {
				return err
			}
			if scope.User.Role == ledger.RoleAdmin || rec.Role != ledger.RoleAdmin && scope.Sees(rec.BranchID) {
				u := rec.User
				out = append(out, &u)
			}
			return nil
		})
	})
	return out, err
}

// CountUsers returns how many users exist (0 on a fresh database).
func (s *Store) CountUsers() (int, error) {
	n := 0
	err := s.db.View(func(tx *bbolt.Tx) error {
		n = tx.Bucket(bUsers).Stats().KeyN
		return nil
	})
	return n, err
}

// UserNames returns the display names of the given user ids, for audit
// trails and lists; unknown ids are left out.
func (s *Store) UserNames(ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			var rec userRecord
			if v := tx.Bucket(bUsers).Get(itob(id)); v != nil && unmarshal(v, &rec) == nil {
				out[id] = rec.Name
			}
		}
		return nil
	})
	return out, err
}
