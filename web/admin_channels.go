package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

var channelLabels = map[string]string{
	store.ChannelWeCom: "企业微信群机器人", store.ChannelDingTalk: "钉钉群机器人",
	store.ChannelFeishu: "飞书群机器人", store.ChannelEmail: "电子邮件",
}

// channelRow is what the admin page shows of a channel: never its secret,
// nor the query of its URL (a WeCom key or DingTalk token lives there).
type channelRow struct {
	ID      int64
	Type    string
	Branch  string
	Target  string
	Enabled bool
}

func (h *Handler) channelRows(scope ledger.Scope) ([]channelRow, error) {
	chs, err := h.st.Channels()
	if err != nil {
		return nil, err
	}
	out := make([]channelRow, len(chs))
	for i, c := range chs {
		out[i] = channelRow{ID: c.ID, Type: orDash(channelLabels[c.Type]), Branch: "全部单位", Enabled: c.Enabled,
			Target: "按用户邮箱发送"}
		if c.BranchID != 0 {
			out[i].Branch = branchName(scope, c.BranchID)
		}
		if c.URL != "" {
			out[i].Target = notify.MaskURL(c.URL)
		}
	}
	return out, nil
}

func channelTypes() []option {
	var out []option
	for _, t := range []string{store.ChannelWeCom, store.ChannelDingTalk, store.ChannelFeishu, store.ChannelEmail} {
		out = append(out, option{t, channelLabels[t], t == store.ChannelWeCom})
	}
	return out
}

// adminCreateChannel adds a channel through the channels API's use case
// (app.CreateChannel, by the one rule app.ApplyChannel).
func (h *Handler) adminCreateChannel(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	branch, _ := strconv.ParseInt(c.PostForm("branch_id"), 10, 64)
	typ, url, secret := c.PostForm("type"), c.PostForm("url"), c.PostForm("secret")
	_, err := h.app.CreateChannel(api.CurrentUser(c), app.ChannelInput{BranchID: &branch, Type: &typ, URL: &url, Secret: &secret})
	if err != nil {
		h.adminFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=channel")
}
