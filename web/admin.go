package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type adminPage struct {
	base
	Branches []adminBranch
	Users    []adminUser
	Parents  []option
	Roles    []option
	Channels []channelRow
	Types    []option
	Chain    *chainCard
}

type adminBranch struct {
	*ledger.Branch
	Indent int
	Parent string
}

type adminUser struct {
	*ledger.User
	Branch string
}

// requireAdmin answers 403 for everyone but an admin.
func (h *Handler) requireAdmin(c *gin.Context) bool {
	if api.CurrentUser(c).Role != ledger.RoleAdmin {
		h.renderError(c, http.StatusForbidden, "无权访问", "系统管理仅对管理员开放。")
		return false
	}
	return true
}

func (h *Handler) adminPage(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	p, err := h.loadAdmin(api.CurrentUser(c))
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Flash = map[string]string{"branch": "单位已添加。", "user": "用户已添加。", "channel": "通知渠道已添加。", "verified": "留痕校验已完成，结果见下。",
		"branch_deleted": "单位已删除，删除记录已记入留痕。", "channel_deleted": "通知渠道已删除。"}[c.Query("done")]
	h.render(c, http.StatusOK, "admin", p)
}

func (h *Handler) loadAdmin(u *ledger.User) (*adminPage, error) {
	scope := h.st.Scope(u)
	p := &adminPage{base: base{Title: "系统管理", Nav: "admin", User: u}}
	for _, id := range scope.Tree.All() {
		b := scope.Tree.Get(id)
		p.Branches = append(p.Branches, adminBranch{Branch: b, Indent: scope.Tree.Depth(id), Parent: branchName(scope, b.ParentID)})
	}
	users, err := h.st.Users(scope)
	if err != nil {
		return nil, err
	}
	for _, x := range users {
		name := branchName(scope, x.BranchID)
		if x.Role == ledger.RoleAdmin {
			name = "全部单位"
		}
		p.Users = append(p.Users, adminUser{User: x, Branch: name})
	}
	p.Parents = branchOptions(scope, 0, "（无，作为顶级单位）")
	for _, r := range []ledger.Role{ledger.RoleMember, ledger.RoleOfficer, ledger.RoleLeader, ledger.RoleAdmin} {
		p.Roles = append(p.Roles, option{string(r), r.Label(), r == ledger.RoleMember})
	}
	p.Types = channelTypes()
	if p.Chain, err = h.loadChain(); err != nil {
		return nil, err
	}
	p.Channels, err = h.channelRows(scope)
	return p, err
}

// adminFailed shows the admin page again with the reason.
func (h *Handler) adminFailed(c *gin.Context, err error) {
	code := ledger.ErrorCode(err)
	if code != ledger.EINVALID && code != ledger.ECONFLICT && code != ledger.ENOTFOUND {
		h.fail(c, err)
		return
	}
	p, lerr := h.loadAdmin(api.CurrentUser(c))
	if lerr != nil {
		h.fail(c, lerr)
		return
	}
	p.Error, p.ErrorReason = messageOf(err), ledger.ReasonOf(err)
	h.render(c, statusOf(code), "admin", p)
}

func (h *Handler) adminCreateBranch(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	parent, _ := strconv.ParseInt(c.PostForm("parent_id"), 10, 64)
	b := &ledger.Branch{Name: c.PostForm("name"), ParentID: parent}
	if err := h.st.CreateBranch(api.CurrentUser(c), b); err != nil {
		h.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=branch")
}

func (h *Handler) adminCreateUser(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	branch, _ := strconv.ParseInt(c.PostForm("branch_id"), 10, 64)
	in := app.UserInput{Login: c.PostForm("login"), Name: formPtr(c, "name"), Role: formPtr(c, "role"), BranchID: &branch,
		Email: formPtr(c, "email"), Phone: formPtr(c, "phone"), Password: formPtr(c, "password")}
	if _, err := h.app.CreateUser(api.CurrentUser(c), in); err != nil {
		h.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=user")
}

// adminBackup streams a consistent copy of the database. It is a GET (a
// download changes nothing) and only for admins.
func (h *Handler) adminBackup(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	b, err := h.st.PrepareBackup()
	if err != nil {
		h.cfg.Log.Error().Err(err).Msg("web: backup failed")
		if store.IsDiskFull(err) {
			c.String(http.StatusInsufficientStorage, api.DiskFullMessage)
		} else {
			c.String(http.StatusInternalServerError, "备份失败：数据库未通过检查，请在服务器上运行 rectify check。")
		}
		return
	}
	defer b.Close()
	name := fmt.Sprintf("rectify-%s.tar", h.st.Now().In(h.st.Location()).Format("20060102-150405"))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Content-Type", "application/x-tar")
	c.Status(http.StatusOK)
	if _, err := b.WriteTo(c.Writer); err != nil {
		// The headers are gone; cut the stream so the file is not taken
		// for a whole backup.
		h.cfg.Log.Error().Err(err).Msg("web: backup stream failed")
		panic(http.ErrAbortHandler)
	}
}

// formPtr is a pointer to the posted text of name.
func formPtr(c *gin.Context, name string) *string { v := c.PostForm(name); return &v }
