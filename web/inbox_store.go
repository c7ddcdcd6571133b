package web

import (
	"strconv"

	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// storeInbox reads the in-app notifications the store writes with each
// lifecycle step and each reminder job, through the use cases (app): the
// same calls as the API's /notifications routes.
type storeInbox struct {
	app *app.Service
	st  *store.Store // for the branch tree the notices name
}

var noticeTitles = map[string]string{
	notify.KindSubmitted:  "有整改措施提交销号，等待您审核",
	notify.KindApproved:   "您负责的整改措施已审核通过（销号）",
	notify.KindRejected:   "您负责的整改措施被退回整改",
	notify.KindDueSoon:    "整改措施即将到期",
	notify.KindOverdue:    "整改措施已逾期",
	notify.KindEscalation: "逾期督办",
	notify.KindReviewDue:  "回头看到期",
	notify.KindReportDue:  "长期坚持的措施需要报告进展",
	notify.KindDigest:     "整改提醒汇总",
}

func (si storeInbox) Notices(u *ledger.User, limit int) ([]Notice, error) {
	rows, err := si.app.Notifications(u, "", limit)
	if err != nil {
		return nil, err
	}
	tree := si.st.Tree()
	out := make([]Notice, len(rows))
	for i, n := range rows {
		title := noticeTitles[n.Kind]
		if title == "" {
			title = "通知"
		}
		out[i] = Notice{ID: n.ID, At: n.CreatedAt, Read: n.Read, Title: title, Body: noticeBody(tree, n)}
		if n.TaskID != 0 {
			out[i].URL = "/tasks/" + strconv.FormatInt(n.TaskID, 10)
		}
	}
	return out, nil
}

// noticeBody says which task, where and by when: metadata only, like the
// notices sent to robots.
func noticeBody(tree *ledger.Tree, n *store.Notification) string {
	s := ""
	if n.TaskID != 0 {
		s = "措施 #" + strconv.FormatInt(n.TaskID, 10)
	}
	if b := tree.Get(n.BranchID); b != nil {
		s += " · " + b.Name
	}
	if !n.DueOn.IsZero() {
		s += " · 时限 " + n.DueOn.Chinese()
	}
	if n.DaysOverdue > 0 {
		s += " · 逾期 " + strconv.Itoa(n.DaysOverdue) + " 天"
	}
	if n.Title != "" {
		s += " · " + n.Title
	}
	return s
}

func (si storeInbox) Unread(u *ledger.User) (int, error) {
	return si.app.UnreadCount(u)
}

func (si storeInbox) MarkRead(u *ledger.User, ids []int64) error {
	_, err := si.app.MarkManyRead(u, ids)
	return err
}
