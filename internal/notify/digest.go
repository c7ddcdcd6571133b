package notify

// Kinds of notification an Item can carry. The string values are what the
// store and jobs persist, so they must not change.
const (
	KindDueSoon    = "due_soon"
	KindOverdue    = "overdue"
	KindEscalation = "escalation"
	KindReviewDue  = "review_due"
	KindReportDue  = "report_due"
	KindDigest     = "digest"
	KindSubmitted  = "submitted"
	KindApproved   = "approved"
	KindRejected   = "rejected"
)

// Item is one line of a notification: metadata only, never problem or
// measure text, because the ledger is confidential and chat groups are not.
type Item struct {
	Kind        string // one of the Kind constants
	TaskID      int64  // shown as the task number, e.g. "#42"
	Branch      string // branch name
	DueOn       string // YYYY-MM-DD
	Light       string // green, yellow, red or done
	DaysOverdue int
	Link        string // absolute URL of the task page; may be empty
}

// Digest is the one message a channel gets per run: a title and its items.
// Robots allow about 20 messages a minute, so jobs batch into a digest
// rather than sending one message per task.
type Digest struct {
	Title string // e.g. "整改台账提醒：3项逾期"; derived from the items when empty
	Items []Item
	Link  string // absolute URL of the ledger's list page; may be empty
	// Key is the outbox row's idempotency key. Email derives its
	// Message-ID from it, so a re-send after a crash is the same message
	// to the receiving server and mail clients.
	Key string
}

// kindLabels are the Chinese names shown in front of each line.
var kindLabels = map[string]string{
	KindDueSoon:    "即将到期",
	KindOverdue:    "逾期",
	KindEscalation: "升级督办",
	KindReviewDue:  "待复核",
	KindReportDue:  "报告待交",
	KindDigest:     "汇总",
	KindSubmitted:  "已提交",
	KindApproved:   "已通过",
	KindRejected:   "已退回",
}

// lightLabels are the Chinese names of the traffic lights.
var lightLabels = map[string]string{
	"green":  "绿灯",
	"yellow": "黄灯",
	"red":    "红灯",
	"done":   "已销号",
}

// kindLabel names a kind; an unknown kind still reads as a reminder rather
// than leaking an internal identifier into a chat group.
func kindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return "提醒"
}
