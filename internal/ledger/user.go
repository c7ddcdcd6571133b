package ledger

import (
	_ "embed" // the common password list
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user may do; every role but admin is bound to a branch
// and its sub-branches.
type Role string

// Roles.
const (
	RoleAdmin   Role = "admin"
	RoleOfficer Role = "officer" // 纪检委员 / 督办: manages and approves
	RoleMember  Role = "member"  // 责任人: works on own tasks
	RoleLeader  Role = "leader"  // 领导: reads
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleOfficer, RoleMember, RoleLeader:
		return true
	}
	return false
}

// Label is the role's Chinese name.
func (r Role) Label() string {
	return map[Role]string{RoleAdmin: "管理员", RoleOfficer: "纪检委员", RoleMember: "党员/责任人", RoleLeader: "领导"}[r]
}

// User is a person who logs in.
type User struct {
	ID        int64     `json:"id"`
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	BranchID  int64     `json:"branch_id"`
	Email     string    `json:"email,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

var loginPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,63}$`)

// Validate checks the fields a caller supplies, except the password.
func (u *User) Validate() error {
	u.Login = strings.TrimSpace(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.TrimSpace(u.Email)
	u.Phone = strings.TrimSpace(u.Phone)
	switch {
	case !loginPattern.MatchString(u.Login):
		return FieldErrorf("login", "login must be 2–64 letters, digits or ._@-")
	case LimitUserName.Required(u.Name) != nil:
		return LimitUserName.Required(u.Name)
	case LimitUserEmail.Check(u.Email) != nil:
		return LimitUserEmail.Check(u.Email)
	case !u.Role.Valid():
		return FieldErrorf("role", "role must be admin, officer, member or leader")
	case u.Role != RoleAdmin && u.BranchID <= 0:
		return FieldErrorf("branch_id", "branch_id is required for this role")
	case LimitUserPhone.Check(u.Phone) != nil:
		return LimitUserPhone.Check(u.Phone)
	case strings.Trim(u.Phone, "0123456789+- ()") != "":
		return FieldErrorf("phone", "phone may hold only digits, spaces and +-()")
	case len(u.Email) > 254:
		return FieldErrorf("email", "email must be at most 254 characters")
	case u.Email != "":
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			return FieldErrorf("email", "email is not a valid address")
		}
	}
	return nil
}

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// ValidatePassword is the password policy for a new or changed password
// (a password already set keeps working): at least MinPasswordLength
// characters, at most 72 bytes, not one character repeated, and not on the
// shipped list of common passwords. Length matters more than character
// classes (NIST SP 800-63B); the list stops the first guesses anyone tries.
func ValidatePassword(p string) error {
	refuse := func(reason, msg string) error {
		e := Reasonf(EINVALID, reason, "%s", msg)
		e.Field = "password"
		return e
	}
	switch {
	case utf8.RuneCountInString(p) < MinPasswordLength:
		return refuse(ReasonPasswordShort, fmt.Sprintf("password must be at least %d characters", MinPasswordLength))
	case len(p) > 72:
		// bcrypt ignores bytes past 72; refuse rather than silently truncate.
		return refuse(ReasonPasswordLong, "password must be at most 72 bytes")
	case oneCharacter(p) || commonPasswords[strings.ToLower(p)]:
		return refuse(ReasonPasswordCommon, "this password is too common; choose another")
	}
	return nil
}

func oneCharacter(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return strings.Trim(p, string(r)) == ""
}

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is the list, lower-cased, read once at start.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "# ") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()
