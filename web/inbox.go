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
	ID      int64
	At      time.Time
	Title   string // names the measure and what happened to it
	Reason  string // a rejection's reason
	Body    string
	URL     string
	Read    bool
	Settled bool // a review request already acted on
}

// Inbox is what the 通知 page and the header's unread count read; by
// default the store's in-app notifications (storeInbox).
type Inbox interface {
	Notices(u *ledger.User, unreadOnly bool, limit int) ([]Notice, error)
	Unread(u *ledger.User) (int, error)
	MarkRead(u *ledger.User, ids []int64) error
	// MarkTaskRead marks read the user's notices about a task: opening
	// the measure is reading them.
	MarkTaskRead(u *ledger.User, taskID int64) error
}

const inboxLimit = 100

type inboxPage struct {
	base
	Notices    []Notice
	HasUnread  bool
	UnreadOnly bool // the 未读 filter
}

// inboxPage lists the notices, newest first: all of them, or with
// ?show=unread only the unread ones.
func (h *Handler) inboxPage(c *gin.Context) {
	u := api.CurrentUser(c)
	unreadOnly := c.Query("show") == "unread"
	ns, err := h.inbox.Notices(u, unreadOnly, inboxLimit)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &inboxPage{base: base{Title: "通知", Nav: "inbox"}, Notices: ns, UnreadOnly: unreadOnly}
	p.Unread = h.unreadCount(u)
	p.HasUnread = p.Unread > 0
	h.render(c, http.StatusOK, "inbox", p)
}

// markTaskNoticesRead marks the viewer's notices about a task read as the
// task is opened; a failure only leaves them unread.
func (h *Handler) markTaskNoticesRead(u *ledger.User, taskID int64) {
	if err := h.inbox.MarkTaskRead(u, taskID); err != nil {
		h.cfg.Log.Warn().Err(err).Msg("web: mark task notices read")
	}
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
	back := "/inbox"
	if c.PostForm("show") == "unread" {
		back += "?show=unread"
	}
	c.Redirect(http.StatusSeeOther, back)
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
