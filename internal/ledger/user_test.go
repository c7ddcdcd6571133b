package ledger_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func validMember() ledger.User {
	return ledger.User{Login: "zhangsan", Name: "张三", Role: ledger.RoleMember, BranchID: 2, Email: "zhangsan@example.cn"}
}

func TestUserValidateReportsTheBadField(t *testing.T) {
	tests := []struct {
		name   string
		change func(u *ledger.User)
		field  string
	}{
		{"a login is required", func(u *ledger.User) { u.Login = "" }, "login"},
		{"a one-letter login is too short", func(u *ledger.User) { u.Login = "z" }, "login"},
		{"a 65-letter login is too long", func(u *ledger.User) { u.Login = strings.Repeat("z", 65) }, "login"},
		{"a login may not start with a dot", func(u *ledger.User) { u.Login = ".zhang" }, "login"},
		{"a login may not contain spaces", func(u *ledger.User) { u.Login = "zhang san" }, "login"},
		{"a login may not be Chinese", func(u *ledger.User) { u.Login = "张三" }, "login"},
		{"a name is required", func(u *ledger.User) { u.Name = "   " }, "name"},
		{"a name over 50 characters is refused", func(u *ledger.User) { u.Name = strings.Repeat("张", 51) }, "name"},
		{"an unknown role is refused", func(u *ledger.User) { u.Role = "secretary" }, "role"},
		{"an empty role is refused", func(u *ledger.User) { u.Role = "" }, "role"},
		{"a member needs a branch", func(u *ledger.User) { u.BranchID = 0 }, "branch_id"},
		{"an officer needs a branch", func(u *ledger.User) { u.Role, u.BranchID = ledger.RoleOfficer, 0 }, "branch_id"},
		{"a leader needs a branch", func(u *ledger.User) { u.Role, u.BranchID = ledger.RoleLeader, -3 }, "branch_id"},
		{"an email must be an address", func(u *ledger.User) { u.Email = "zhangsan" }, "email"},
		{"an email with a display name is refused", func(u *ledger.User) { u.Email = "张三 <zhangsan@example.cn>" }, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := validMember()
			tt.change(&u)
			err := u.Validate()
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
		})
	}
}

func TestUserValidateAccepts(t *testing.T) {
	t.Run("a member with a branch, trimmed", func(t *testing.T) {
		u := ledger.User{Login: " zhangsan ", Name: " 张三 ", Role: ledger.RoleMember, BranchID: 2, Email: " zhangsan@example.cn "}
		require.NoError(t, u.Validate())
		assert.Equal(t, "zhangsan", u.Login)
		assert.Equal(t, "张三", u.Name)
		assert.Equal(t, "zhangsan@example.cn", u.Email)
	})
	t.Run("an admin without a branch", func(t *testing.T) {
		u := ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}
		assert.NoError(t, u.Validate())
	})
	t.Run("a login with dots, @ and dashes and no email", func(t *testing.T) {
		u := validMember()
		u.Login, u.Email = "li.si-2@dept", ""
		assert.NoError(t, u.Validate())
	})
}

func TestRoles(t *testing.T) {
	for _, r := range []ledger.Role{ledger.RoleAdmin, ledger.RoleOfficer, ledger.RoleMember, ledger.RoleLeader} {
		t.Run(string(r)+" is a role with a Chinese name", func(t *testing.T) {
			assert.True(t, r.Valid())
			assert.NotEmpty(t, r.Label())
		})
	}
	t.Run("an officer is shown as 纪检委员", func(t *testing.T) {
		assert.Equal(t, "纪检委员", ledger.RoleOfficer.Label())
	})
	t.Run("an unknown role is not valid", func(t *testing.T) {
		assert.False(t, ledger.Role("root").Valid())
	})
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		ok   bool
	}{
		{"9 characters are too few", "abc123456", false},
		{"10 characters are enough", "abc12345xy", true},
		{"72 bytes are the most bcrypt reads", strings.Repeat("ab", 36), true},
		{"73 bytes would be silently truncated, so they are refused", strings.Repeat("a", 73), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ledger.ValidatePassword(tt.pw)
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, "password", ledger.ErrorField(err))
		})
	}
}
