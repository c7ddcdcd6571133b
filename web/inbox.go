package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

// Notice is one line of the 通知 page.
type Notice struct {
	ID    int64
	At    time.Time
	Title string
	Body  string
	URL   string
	Read  bool
}

// Inbox is what the 通知 page and the header's unread count read; by
// default the store's in-app notifications (storeInbox).
type Inbox interface {
	Notices(u *ledger.User, limit int) ([]Notice, error)
	Unread(u *ledger.User) (int, error)
	MarkRead(u *ledger.User, ids []int64) error
}

const inboxLimit = 100

type inboxPage struct {
	base
	Notices   []Notice
	HasUnread bool
}

func (h *Handler) inboxPage(c *gin.Context) {
	u := api.CurrentUser(c)
	ns, err := h.inbox.Notices(u, inboxLimit)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &inboxPage{base: base{Title: "通知", Nav: "inbox"}, Notices: ns}
	for _, n := range ns {
		p.HasUnread = p.HasUnread || !n.Read
	}
	h.render(c, http.StatusOK, "inbox", p)
}

// inboxRead marks the posted notices (field id, repeated) as read, or all
// of them when no id is posted.
func (h *Handler) inboxRead(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	var ids []int64
	for _, v := range c.PostFormArray("id") {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			h.fail(c, ledger.FieldErrorf("id", "id must be a positive integer"))
			return
		}
		ids = append(ids, n)
	}
	if err := h.inbox.MarkRead(api.CurrentUser(c), ids); err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/inbox")
}

// unreadCount is the header's badge; an error only hides the badge.
func (h *Handler) unreadCount(u *ledger.User) int {
	n, err := h.inbox.Unread(u)
	if err != nil {
		h.cfg.Log.Warn().Err(err).Msg("web: unread count")
		return 0
	}
	return n
}
