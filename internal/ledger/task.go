package ledger

import (
	"strconv"
	"strings"
	"time"
)

// Kind is how a measure is to be carried out.
type Kind string

// Task kinds.
const (
	KindImmediate Kind = "immediate" // 立行立改
	KindDeadline  Kind = "deadline"  // 限期整改
	KindLongTerm  Kind = "long_term" // 长期坚持
)

// Label is the Chinese name.
func (k Kind) Label() string {
	return map[Kind]string{KindImmediate: "立行立改", KindDeadline: "限期整改", KindLongTerm: "长期坚持"}[k]
}

// KindFromLabel maps a Chinese name or code to a kind.
func KindFromLabel(s string) (Kind, bool) {
	for _, k := range []Kind{KindImmediate, KindDeadline, KindLongTerm} {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	return "", false
}

// Status is where a task stands in its lifecycle.
type Status string

// Task statuses.
const (
	StatusOpen       Status = "open"
	StatusInProgress Status = "in_progress"
	StatusSubmitted  Status = "submitted"
	StatusClosed     Status = "closed"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusOpen, StatusInProgress, StatusSubmitted, StatusClosed}

// Valid reports whether s is known.
func (s Status) Valid() bool {
	return s == StatusOpen || s == StatusInProgress || s == StatusSubmitted || s == StatusClosed
}

// Label is the Chinese name.
func (s Status) Label() string {
	return map[Status]string{StatusOpen: "未开始", StatusInProgress: "整改中", StatusSubmitted: "待审核", StatusClosed: "已销号"}[s]
}

// Unfinished reports whether the owner still has work to do: such tasks
// can be overdue and are kept in the due-date index.
func (s Status) Unfinished() bool { return s == StatusOpen || s == StatusInProgress }

// Extension is a pending request for a later due date.
type Extension struct {
	RequestedBy int64  `json:"requested_by"`
	RequestedOn Date   `json:"requested_on"`
	DueOn       Date   `json:"due_on"`
	Reason      string `json:"reason"`
}

// Task is one 整改措施: the unit that is tracked until 销号.
type Task struct {
	ID              int64      `json:"id"`
	ProblemID       int64      `json:"problem_id"`
	BatchID         int64      `json:"batch_id"`
	BranchID        int64      `json:"branch_id"`
	Description     string     `json:"description"`
	Kind            Kind       `json:"kind"`
	OwnerID         int64      `json:"owner_id"`
	OwnerName       string     `json:"owner_name,omitempty"`
	ReviewerID      int64      `json:"reviewer_id,omitempty"`
	LeadDept        string     `json:"lead_dept,omitempty"`
	SupportDepts    []string   `json:"support_depts,omitempty"`
	DueOn           Date       `json:"due_on"`
	OriginalDueOn   Date       `json:"original_due_on,omitempty"`
	ReportEveryDays int        `json:"report_every_days,omitempty"`
	WarnDays        int        `json:"warn_days"`
	Status          Status     `json:"status"`
	Percent         int        `json:"percent"`
	CreatedOn       Date       `json:"created_on"`
	LastReportOn    Date       `json:"last_report_on,omitempty"`
	SubmittedOn     Date       `json:"submitted_on,omitempty"`
	ClosedOn        Date       `json:"closed_on,omitempty"`
	FirstOverdueOn  Date       `json:"first_overdue_on,omitempty"`
	OnTime          bool       `json:"on_time"`
	Extension       *Extension `json:"extension,omitempty"`
	Returned        *Returned  `json:"returned,omitempty"`
	Remark          string     `json:"remark,omitempty"`
	ImportKey       string     `json:"import_key,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`

	// SubmittedBy and SubmittedOwnerID record who made the current
	// submission and who owned the task then: neither may approve it.
	SubmittedBy      int64 `json:"submitted_by,omitempty"`
	SubmittedOwnerID int64 `json:"submitted_owner_id,omitempty"`

	// Light and SubmittedLateDays are computed for a given day when the
	// task is shown (Show); they are not read back from storage.
	Light             Light `json:"light,omitempty"`
	SubmittedLateDays int   `json:"submitted_late_days,omitempty"`
}

// Returned says who sent a submitted measure back (退回), when and why. It
// is kept until the owner submits again, so every list can say 已退回.
type Returned struct {
	Reason string    `json:"reason"`
	By     int64     `json:"by"`
	ByName string    `json:"by_name,omitempty"`
	At     time.Time `json:"at"`
}

// Number is the measure's one human number, shown in lists, pages,
// notices, exports and accepted by search: its id, which is never reused
// and does not change when the measure's problem, batch or filter does.
func (t *Task) Number() string { return "#" + strconv.FormatInt(t.ID, 10) }

// Show fills the computed fields for today: the light, and how many days
// late the measure was submitted.
func (t *Task) Show(today Date) {
	t.Light = t.LightOn(today)
	t.SubmittedLateDays = t.LateSubmissionDays()
}

// LateSubmissionDays is how many days after its due date the measure was
// submitted (逾期提交), or 0. It stays once approved (销号), so a late
// measure never looks on time.
func (t *Task) LateSubmissionDays() int {
	if t.SubmittedOn.IsZero() || t.DueOn.IsZero() || t.SubmittedOn <= t.DueOn {
		return 0
	}
	return t.DueOn.DaysUntil(t.SubmittedOn)
}

// Clone returns a deep copy, so a change can be compared with the original.
func (t *Task) Clone() *Task {
	c := *t
	c.SupportDepts = append([]string(nil), t.SupportDepts...)
	if t.Extension != nil {
		e := *t.Extension
		c.Extension = &e
	}
	if t.Returned != nil {
		r := *t.Returned
		c.Returned = &r
	}
	return &c
}

// Validate checks the fields a creator supplies and fills defaults.
func (t *Task) Validate() error {
	t.Description = strings.TrimSpace(t.Description)
	t.LeadDept = strings.TrimSpace(t.LeadDept)
	t.OwnerName = strings.TrimSpace(t.OwnerName)
	if t.Kind == "" {
		t.Kind = KindDeadline
	}
	if t.Kind == KindLongTerm && t.ReportEveryDays == 0 {
		t.ReportEveryDays = DefaultReportEveryDays
	}
	switch {
	case t.ProblemID <= 0:
		return FieldErrorf("problem_id", "problem_id is required")
	case t.Kind != KindImmediate && t.Kind != KindDeadline && t.Kind != KindLongTerm:
		return FieldErrorf("kind", "kind must be immediate, deadline or long_term")
	case t.OwnerID < 0:
		return FieldErrorf("owner_id", "owner_id must be a user id")
	case t.DueOn.IsZero() && t.Kind != KindLongTerm:
		return FieldErrorf("due_on", "due_on is required (YYYY-MM-DD)")
	case t.ReportEveryDays < 0 || t.ReportEveryDays > 366:
		return FieldErrorf("report_every_days", "report_every_days must be 0–366")
	case len(t.SupportDepts) > MaxSupportDepts:
		return FieldErrorf("support_depts", "at most %d support departments", MaxSupportDepts)
	}
	return t.checkTexts()
}

func (t *Task) checkTexts() error {
	if err := CheckTexts(LimitTaskDescription.Required(t.Description), LimitTaskOwnerName.Check(t.OwnerName),
		LimitTaskLeadDept.Check(t.LeadDept), LimitTaskRemark.Check(t.Remark)); err != nil {
		return err
	}
	for _, d := range t.SupportDepts {
		if err := LimitTaskSupportDept.Check(d); err != nil {
			return err
		}
	}
	return nil
}

// ReportDueOn is the day by which a long-term task's next progress report
// is expected, or zero for other kinds.
func (t *Task) ReportDueOn() Date {
	if t.Kind != KindLongTerm || t.ReportEveryDays <= 0 {
		return 0
	}
	last := t.LastReportOn
	if last < t.CreatedOn {
		last = t.CreatedOn
	}
	if last.IsZero() {
		return 0
	}
	return last.AddDays(t.ReportEveryDays)
}

// PastDue reports whether today is after the due date of an unfinished task.
func (t *Task) PastDue(today Date) bool {
	return t.Status.Unfinished() && !t.DueOn.IsZero() && today > t.DueOn
}

// ReportMissed reports whether a long-term task's progress report is late.
func (t *Task) ReportMissed(today Date) bool {
	r := t.ReportDueOn()
	return t.Status.Unfinished() && !r.IsZero() && today > r
}

// Overdue reports whether the task is 逾期 on today: past its due date, or
// (long-term) past its report date.
func (t *Task) Overdue(today Date) bool { return t.PastDue(today) || t.ReportMissed(today) }

// DaysOverdue is how many days past due (0 when not past due).
func (t *Task) DaysOverdue(today Date) int {
	if !t.PastDue(today) {
		return 0
	}
	return t.DueOn.DaysUntil(today)
}

// DueSoon reports whether an unfinished task falls in its warning window.
func (t *Task) DueSoon(today Date) bool {
	return t.Status.Unfinished() && !t.Overdue(today) && !t.DueOn.IsZero() &&
		today.DaysUntil(t.DueOn) <= t.warnDays()
}

func (t *Task) warnDays() int {
	if t.WarnDays <= 0 {
		return DefaultWarnDays
	}
	return t.WarnDays
}
