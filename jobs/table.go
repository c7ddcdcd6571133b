package jobs

import (
	"fmt"

	"github.com/robfig/cron/v3"
)

// Names of the jobs.
const (
	NameDueSoon    = "due-soon"
	NameOverdue    = "overdue"
	NameEscalation = "escalation"
	NameReviews    = "reviews"
	NameLongTerm   = "long-term"
	NameDigest     = "digest"
	NameBackup     = "backup"
	NameDelivery   = "delivery"
)

// spec declares one job: everything about it that is not its code. The
// table below is the only place a job is listed; names, default
// schedules, titles, flags and the registry all derive from it.
type spec struct {
	name string
	// schedule is the default cron spec (minute hour day month weekday) in
	// the deployment's time zone.
	schedule string
	// title is the job's Chinese name, shown to admins.
	title string
	// digest is the title format of the channel digest a notice job
	// queues ("%d" is the item count); empty for other jobs.
	digest string
	build  func(d *deps) Job
}

// table is every job, in the order a start-up catch-up runs them:
// delivery last, so what the others queued goes out at once.
var table = []spec{
	{NameDueSoon, "30 8 * * *", "即将到期提醒", "整改即将到期提醒（%d项）",
		func(d *deps) Job { return &noticeJob{NameDueSoon, d, (&DueSoon{d}).run} }},
	{NameOverdue, "30 8 * * *", "逾期提醒", "整改逾期提醒（%d项）",
		func(d *deps) Job { return &noticeJob{NameOverdue, d, (&Overdue{d}).run} }},
	{NameEscalation, "30 8 * * *", "逾期督办", "整改督办提醒（%d项）",
		func(d *deps) Job { return &noticeJob{NameEscalation, d, (&Escalation{d}).run} }},
	{NameReviews, "30 8 * * *", "回头看提醒", "回头看到期提醒（%d项）",
		func(d *deps) Job { return &noticeJob{NameReviews, d, (&Reviews{d}).run} }},
	{NameLongTerm, "30 8 * * *", "长期整改进展报告提醒", "长期整改进展报告提醒（%d项）",
		func(d *deps) Job { return &noticeJob{NameLongTerm, d, (&LongTerm{d}).run} }},
	{NameDigest, "0 8 * * 1", "整改周报", "", func(d *deps) Job { return &Digest{d} }},
	{NameBackup, "30 2 * * *", "每日备份", "", func(d *deps) Job { return &Backup{d} }},
	{NameDelivery, "* * * * *", "消息投递", "", func(d *deps) Job { return &Delivery{d} }},
}

// Names lists every job name in catch-up order.
var Names = func() []string {
	out := make([]string, len(table))
	for i, s := range table {
		out[i] = s.name
	}
	return out
}()

// DefaultSchedule is the default cron spec of the job called name.
func DefaultSchedule(name string) string {
	if s, ok := specOf(name); ok {
		return s.schedule
	}
	return ""
}

// Title is the Chinese name of the job called name.
func Title(name string) string {
	if s, ok := specOf(name); ok {
		return s.title
	}
	return name
}

func specOf(name string) (spec, bool) {
	for _, s := range table {
		if s.name == name {
			return s, true
		}
	}
	return spec{}, false
}

// CheckSchedule reports whether s is a cron spec the scheduler accepts,
// so configuration can refuse a bad one at start-up.
func CheckSchedule(s string) error {
	if _, err := cron.ParseStandard(s); err != nil {
		return fmt.Errorf("want a cron spec like \"30 8 * * *\": %w", err)
	}
	return nil
}
