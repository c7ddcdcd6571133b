package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

type userFormPage struct {
	base
	Form     *form
	Target   *ledger.User
	Roles    []option
	Branches []option
	// Open counts the user's unfinished measures, for the handover hint.
	Open int
}

type branchFormPage struct {
	base
	Form    *form
	Branch  *ledger.Branch
	Parents []option
	Empty   bool
}

var userFields = []string{"name", "role", "branch_id", "email", "phone", "disabled"}

// adminUser loads the user of the path for an admin page.
func (h *Handler) adminTarget(c *gin.Context) (*ledger.User, bool) {
	if !h.requireAdmin(c) {
		return nil, false
	}
	uid, err := pathInt(c, "id")
	if err == nil {
		var t *ledger.User
		if t, err = h.app.User(api.CurrentUser(c), uid); err == nil {
			return t, true
		}
	}
	h.fail(c, err)
	return nil, false
}

// userEdit shows one user for an admin: details, disable, password reset.
func (h *Handler) userEdit(c *gin.Context) {
	t, ok := h.adminTarget(c)
	if !ok {
		return
	}
	f := newForm()
	f.Values = map[string]string{"name": t.Name, "role": string(t.Role), "branch_id": id(t.BranchID),
		"email": t.Email, "phone": t.Phone, "disabled": boolValue(t.Disabled), "password": ""}
	h.renderUserForm(c, http.StatusOK, f, t)
}

func boolValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}

func (h *Handler) renderUserForm(c *gin.Context, status int, f *form, t *ledger.User) {
	u := api.CurrentUser(c)
	scope := h.st.Scope(u)
	p := &userFormPage{base: base{Title: "用户：" + t.Name, Nav: "admin"}, Form: f, Target: t}
	for _, r := range []ledger.Role{ledger.RoleMember, ledger.RoleOfficer, ledger.RoleLeader, ledger.RoleAdmin} {
		p.Roles = append(p.Roles, option{string(r), r.Label(), f.V("role") == string(r)})
	}
	p.Branches = branchOptions(scope, 0, "（管理员不属于单位）")
	for i := range p.Branches {
		p.Branches[i].Selected = p.Branches[i].Value == f.V("branch_id") || p.Branches[i].Value == "" && f.V("branch_id") == "0"
	}
	if open, err := h.st.OpenTasksOwnedBy(scope, t.ID); err == nil {
		p.Open = len(open)
	}
	switch c.Query("done") {
	case "edited":
		p.Flash = "用户信息已保存。"
	case "password":
		p.Flash = "密码已重置，该用户已在所有设备上退出登录。"
	}
	p.Error = f.summary()
	h.render(c, status, "user_form", p)
}

// userUpdate handles POST /admin/users/{id}.
func (h *Handler) userUpdate(c *gin.Context) {
	t, ok := h.adminTarget(c)
	if !ok {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, userFields...)
		f.Values["password"] = ""
		f.Values["disabled"] = boolValue(c.PostForm("disabled") != "")
		disabled := f.V("disabled") == "1"
		branch := f.idField("branch_id")
		in := app.UserInput{Name: f.ptr("name"), Role: f.ptr("role"), BranchID: &branch, Email: f.ptr("email"),
			Phone: f.ptr("phone"), Disabled: &disabled}
		if f.Any() {
			h.renderUserForm(c, http.StatusBadRequest, f, t)
			return
		}
		if _, err = h.app.UpdateUser(api.CurrentUser(c), t.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/users/"+id(t.ID)+"?done=edited")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderUserForm(c, status, f, t)
	}
}

// userPassword handles POST /admin/users/{id}/password: a reset, which
// ends every session of that user.
func (h *Handler) userPassword(c *gin.Context) {
	t, ok := h.adminTarget(c)
	if !ok {
		return
	}
	err := readForm(c)
	if err == nil {
		if err = h.app.ResetPassword(api.CurrentUser(c), t.ID, c.PostForm("password")); err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/users/"+id(t.ID)+"?done=password")
			return
		}
	}
	f := newForm()
	f.Values = map[string]string{"name": t.Name, "role": string(t.Role), "branch_id": id(t.BranchID),
		"email": t.Email, "phone": t.Phone, "disabled": boolValue(t.Disabled), "password": ""}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderUserForm(c, status, f, t)
	}
}

// branchEdit shows one branch: rename, move, and delete when empty.
func (h *Handler) branchEdit(c *gin.Context) {
	b, ok := h.adminBranch(c)
	if !ok {
		return
	}
	f := newForm()
	f.Values = map[string]string{"name": b.Name, "parent_id": id(b.ParentID)}
	h.renderBranchForm(c, http.StatusOK, f, b)
}

func (h *Handler) adminBranch(c *gin.Context) (*ledger.Branch, bool) {
	if !h.requireAdmin(c) {
		return nil, false
	}
	bid, err := pathInt(c, "id")
	if err == nil {
		if b := h.st.Tree().Get(bid); b != nil {
			return b, true
		}
		err = ledger.Errorf(ledger.ENOTFOUND, "branch not found")
	}
	h.fail(c, err)
	return nil, false
}

func (h *Handler) renderBranchForm(c *gin.Context, status int, f *form, b *ledger.Branch) {
	scope := h.st.Scope(api.CurrentUser(c))
	p := &branchFormPage{base: base{Title: "单位：" + b.Name, Nav: "admin"}, Form: f, Branch: b}
	for _, o := range branchOptions(scope, 0, "（无，作为顶级单位）") {
		n, _ := strconv.ParseInt(o.Value, 10, 64)
		if n != 0 && scope.Tree.Contains(b.ID, n) {
			continue // not under itself or its sub-branches
		}
		o.Selected = o.Value == f.V("parent_id") || o.Value == "" && f.V("parent_id") == "0"
		p.Parents = append(p.Parents, o)
	}
	p.Empty = len(scope.Tree.Children(b.ID)) == 0
	if c.Query("done") == "edited" {
		p.Flash = "单位已保存。"
	}
	p.Error = f.summary()
	h.render(c, status, "branch_form", p)
}

// branchUpdate handles POST /admin/branches/{id}: rename or move.
func (h *Handler) branchUpdate(c *gin.Context) {
	b, ok := h.adminBranch(c)
	if !ok {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, "name", "parent_id")
		parent := f.idField("parent_id")
		if f.Any() {
			h.renderBranchForm(c, http.StatusBadRequest, f, b)
			return
		}
		if _, err = h.app.UpdateBranch(api.CurrentUser(c), b.ID, f.ptr("name"), &parent); err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/branches/"+id(b.ID)+"?done=edited")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderBranchForm(c, status, f, b)
	}
}

// branchDelete handles POST /admin/branches/{id}/delete: only an empty
// branch goes (no sub-branches, people, batches, problems or measures).
func (h *Handler) branchDelete(c *gin.Context) {
	b, ok := h.adminBranch(c)
	if !ok {
		return
	}
	err := readForm(c)
	if err == nil {
		if err = h.app.DeleteBranch(api.CurrentUser(c), b.ID); err == nil {
			c.Redirect(http.StatusSeeOther, "/admin?done=branch_deleted")
			return
		}
	}
	f := newForm()
	f.Values = map[string]string{"name": b.Name, "parent_id": id(b.ParentID)}
	if ledger.ErrorCode(err) == ledger.ECONFLICT {
		f.Top = "该单位下还有下级单位、用户、批次、问题或整改措施，不能删除。请先移走或停用它们。"
		h.renderBranchForm(c, http.StatusConflict, f, b)
		return
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderBranchForm(c, status, f, b)
	}
}
