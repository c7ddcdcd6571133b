package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/notify"
	"rectify/internal/store"
)

type channelFormPage struct {
	base
	Form     *form
	Channel  *store.Channel
	Target   string
	Types    []option
	Branches []option
	Test     *app.TestResult
}

var channelFields = []string{"type", "branch_id", "url", "secret", "enabled"}

func (h *Handler) adminChannel(c *gin.Context) (*store.Channel, bool) {
	if !h.requireAdmin(c) {
		return nil, false
	}
	cid, err := pathInt(c, "id")
	if err == nil {
		var ch *store.Channel
		if ch, err = h.app.Channel(api.CurrentUser(c), cid); err == nil {
			return ch, true
		}
	}
	h.fail(c, err)
	return nil, false
}

// channelValues fills a form from a stored channel; the secret and the
// URL's key never go back to the browser.
func channelValues(ch *store.Channel) *form {
	f := newForm()
	f.Values = map[string]string{"type": ch.Type, "branch_id": id(ch.BranchID), "url": "", "secret": "",
		"enabled": boolValue(ch.Enabled)}
	return f
}

// channelEdit shows one channel: edit, disable, delete, 发送测试消息.
func (h *Handler) channelEdit(c *gin.Context) {
	ch, ok := h.adminChannel(c)
	if !ok {
		return
	}
	h.renderChannelForm(c, http.StatusOK, channelValues(ch), ch, nil)
}

func (h *Handler) renderChannelForm(c *gin.Context, status int, f *form, ch *store.Channel, test *app.TestResult) {
	scope := h.st.Scope(api.CurrentUser(c))
	p := &channelFormPage{base: base{Title: "通知渠道 #" + id(ch.ID), Nav: "admin"}, Form: f, Channel: ch, Test: test,
		Target: "按用户邮箱发送"}
	if ch.URL != "" {
		p.Target = notify.MaskURL(ch.URL)
	}
	for _, t := range channelTypes() {
		t.Selected = t.Value == f.V("type")
		p.Types = append(p.Types, t)
	}
	p.Branches = branchOptions(scope, 0, "全部单位")
	for i := range p.Branches {
		p.Branches[i].Selected = p.Branches[i].Value == f.V("branch_id") || p.Branches[i].Value == "" && f.V("branch_id") == "0"
	}
	if c.Query("done") == "edited" {
		p.Flash = "通知渠道已保存。"
	}
	p.Error = f.summary()
	h.render(c, status, "channel_form", p)
}

// channelUpdate handles POST /admin/channels/{id}. An empty URL or secret
// keeps the stored one (neither is ever shown again).
func (h *Handler) channelUpdate(c *gin.Context) {
	ch, ok := h.adminChannel(c)
	if !ok {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, channelFields...)
		f.Values["enabled"] = boolValue(c.PostForm("enabled") != "")
		enabled, branch := f.V("enabled") == "1", f.idField("branch_id")
		in := app.ChannelInput{Type: f.ptr("type"), BranchID: &branch, Enabled: &enabled}
		if f.V("url") != "" || f.V("type") == store.ChannelEmail {
			in.URL = f.ptr("url")
		}
		if f.V("secret") != "" {
			in.Secret = f.ptr("secret")
		}
		if f.Any() {
			h.renderChannelForm(c, http.StatusBadRequest, f, ch, nil)
			return
		}
		if _, err = h.app.UpdateChannel(api.CurrentUser(c), ch.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/channels/"+id(ch.ID)+"?done=edited")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		f.Values["secret"] = ""
		h.renderChannelForm(c, status, f, ch, nil)
	}
}

// channelDelete handles POST /admin/channels/{id}/delete.
func (h *Handler) channelDelete(c *gin.Context) {
	ch, ok := h.adminChannel(c)
	if !ok {
		return
	}
	err := readForm(c)
	if err == nil {
		if err = h.app.DeleteChannel(api.CurrentUser(c), ch.ID); err == nil {
			c.Redirect(http.StatusSeeOther, "/admin?done=channel_deleted")
			return
		}
	}
	h.fail(c, err)
}

// channelTest handles POST /admin/channels/{id}/test: it sends now and
// shows the robot's answer on the page (the send itself changes nothing
// in the ledger).
func (h *Handler) channelTest(c *gin.Context) {
	ch, ok := h.adminChannel(c)
	if !ok {
		return
	}
	f := channelValues(ch)
	err := readForm(c)
	var res *app.TestResult
	if err == nil {
		res, err = h.app.TestChannel(c.Request.Context(), api.CurrentUser(c), ch.ID)
	}
	if err != nil {
		if status, again := h.formOutcome(c, f, err); again {
			h.renderChannelForm(c, status, f, ch, nil)
		}
		return
	}
	h.renderChannelForm(c, http.StatusOK, f, ch, res)
}
