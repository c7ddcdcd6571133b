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
	st  *store.Store // for the branch tree and the measures the notices name
}

// noticeTitles say what happened; the title adds which measure.
var noticeTitles = map[string]string{
	notify.KindSubmitted:  "提交销号，等待您审核",
	notify.KindApproved:   "已审核通过（销号）",
	notify.KindRejected:   "被退回整改",
	notify.KindDueSoon:    "即将到期",
	notify.KindOverdue:    "已逾期",
	notify.KindEscalation: "逾期督办",
	notify.KindReviewDue:  "回头看到期",
	notify.KindReportDue:  "需要报告整改进展",
	notify.KindDigest:     "整改提醒汇总",
}

// titleWords is how much of a measure's text a notice title quotes.
const titleWords = 18

func (si storeInbox) Notices(u *ledger.User, unreadOnly bool, limit int) ([]Notice, error) {
	rows, err := si.app.Notifications(u, strconv.FormatBool(unreadOnly), limit)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, n := range rows {
		ids[i] = n.TaskID
	}
	tasks, err := si.st.VisibleTasksByID(si.st.Scope(u), ids)
	if err != nil {
		return nil, err
	}
	tree := si.st.Tree()
	out := make([]Notice, 0, len(rows))
	for _, n := range rows {
		nt := Notice{ID: n.ID, At: n.CreatedAt, Read: n.Read, Body: noticeBody(tree, n)}
		t := tasks[n.TaskID]
		nt.Title, nt.Reason = noticeTitle(n, t), rejectionReason(n)
		// A review request is settled once the measure is no longer
		// waiting: approved, returned or withdrawn.
		nt.Settled = n.Kind == notify.KindSubmitted && (t == nil || t.Status != ledger.StatusSubmitted)
		if unreadOnly && nt.Settled {
			continue
		}
		if t != nil {
			nt.URL = "/tasks/" + strconv.FormatInt(n.TaskID, 10) + "?from=%2Finbox"
		}
		out = append(out, nt)
	}
	return out, nil
}

// noticeTitle names the measure (number and first words) and what
// happened to it, e.g. 措施 #27「压减会议文件数量…」被退回整改.
func noticeTitle(n *store.Notification, t *ledger.Task) string {
	what := noticeTitles[n.Kind]
	if what == "" {
		what = "通知"
	}
	if n.TaskID == 0 {
		return what
	}
	name := "措施 #" + strconv.FormatInt(n.TaskID, 10)
	if t != nil {
		name += "「" + firstWords(t.Description, titleWords) + "」"
	}
	return name + what
}

func rejectionReason(n *store.Notification) string {
	if n.Kind == notify.KindRejected {
		return n.Title
	}
	return ""
}

// firstWords is the first n characters of s, with an ellipsis if cut.
func firstWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// noticeBody says where and by when: metadata only, like the notices sent
// to robots.
func noticeBody(tree *ledger.Tree, n *store.Notification) string {
	s := ""
	if b := tree.Get(n.BranchID); b != nil {
		s = b.Name
	}
	if !n.DueOn.IsZero() {
		s += " · 时限 " + n.DueOn.Chinese()
	}
	if n.DaysOverdue > 0 {
		s += " · 逾期 " + strconv.Itoa(n.DaysOverdue) + " 天"
	}
	if n.Title != "" && n.Kind != notify.KindRejected {
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

func (si storeInbox) MarkTaskRead(u *ledger.User, taskID int64) error {
	ids, err := si.st.UnreadAbout(u.ID, taskID)
	if err != nil || len(ids) == 0 {
		return err
	}
	_, err = si.app.MarkManyRead(u, ids)
	return err
}
