package ledger

import (
	"strings"
	"time"
)

// SourceType says where a batch of problems came from.
type SourceType string

// Source types.
const (
	SourceInspection     SourceType = "inspection"      // 巡视
	SourcePatrol         SourceType = "patrol"          // 巡察
	SourceAudit          SourceType = "audit"           // 审计
	SourceOrgLife        SourceType = "org_life"        // 组织生活会
	SourceDemocraticLife SourceType = "democratic_life" // 民主生活会
	SourceThemeEducation SourceType = "theme_education" // 主题教育
	SourceSupervision    SourceType = "supervision"     // 督查
	SourceSelfCheck      SourceType = "self_check"      // 自查
)

var sourceLabels = map[SourceType]string{
	SourceInspection: "巡视", SourcePatrol: "巡察", SourceAudit: "审计", SourceOrgLife: "组织生活会",
	SourceDemocraticLife: "民主生活会", SourceThemeEducation: "主题教育", SourceSupervision: "督查", SourceSelfCheck: "自查",
}

// SourceTypes lists every source type in display order.
var SourceTypes = []SourceType{SourceInspection, SourcePatrol, SourceAudit, SourceOrgLife,
	SourceDemocraticLife, SourceThemeEducation, SourceSupervision, SourceSelfCheck}

// Valid reports whether s is known.
func (s SourceType) Valid() bool { _, ok := sourceLabels[s]; return ok }

// Label is the Chinese name.
func (s SourceType) Label() string { return sourceLabels[s] }

// SourceTypeFromLabel maps a Chinese name (or the code itself) to a type.
func SourceTypeFromLabel(l string) (SourceType, bool) {
	l = strings.TrimSpace(l)
	for k, v := range sourceLabels {
		if v == l || string(k) == l {
			return k, true
		}
	}
	return "", false
}

// Defaults applied when a batch leaves them out.
const (
	DefaultReviewAfterDays   = 90
	DefaultWarnDays          = 7
	DefaultReportEveryDays   = 30
	DefaultEscalateAfterDays = 7
)

// Batch is one round of findings: an inspection, audit or meeting.
type Batch struct {
	ID              int64      `json:"id"`
	Title           string     `json:"title"`
	SourceType      SourceType `json:"source_type"`
	BranchID        int64      `json:"branch_id"`
	StartedOn       Date       `json:"started_on"`
	ReviewAfterDays int        `json:"review_after_days"`
	WarnDays        int        `json:"warn_days"`
	CreatedAt       time.Time  `json:"created_at"`
}

// Validate checks the fields and fills defaults.
func (b *Batch) Validate() error {
	b.Title = strings.TrimSpace(b.Title)
	if b.ReviewAfterDays == 0 {
		b.ReviewAfterDays = DefaultReviewAfterDays
	}
	if b.WarnDays == 0 {
		b.WarnDays = DefaultWarnDays
	}
	switch {
	case LimitBatchTitle.Required(b.Title) != nil:
		return LimitBatchTitle.Required(b.Title)
	case !b.SourceType.Valid():
		return FieldErrorf("source_type", "source_type must be one of inspection, patrol, audit, org_life, democratic_life, theme_education, supervision, self_check")
	case b.BranchID <= 0:
		return FieldErrorf("branch_id", "branch_id is required")
	case b.StartedOn.IsZero():
		return FieldErrorf("started_on", "started_on is required (YYYY-MM-DD)")
	case b.ReviewAfterDays < 1 || b.ReviewAfterDays > 3650:
		return FieldErrorf("review_after_days", "review_after_days must be 1–3650")
	case b.WarnDays < 1 || b.WarnDays > 365:
		return FieldErrorf("warn_days", "warn_days must be 1–365")
	}
	return nil
}

// Problem is one finding of a batch, owned by a branch.
type Problem struct {
	ID          int64     `json:"id"`
	BatchID     int64     `json:"batch_id"`
	BranchID    int64     `json:"branch_id"`
	Category    string    `json:"category"`
	Description string    `json:"description"`
	Cause       string    `json:"cause"`
	Leader      string    `json:"leader"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks the fields a caller supplies.
func (p *Problem) Validate() error {
	p.Category = strings.TrimSpace(p.Category)
	p.Description = strings.TrimSpace(p.Description)
	p.Cause = strings.TrimSpace(p.Cause)
	p.Leader = strings.TrimSpace(p.Leader)
	switch {
	case p.BatchID <= 0:
		return FieldErrorf("batch_id", "batch_id is required")
	case p.BranchID <= 0:
		return FieldErrorf("branch_id", "branch_id is required")
	}
	return CheckTexts(LimitProblemDescription.Required(p.Description), LimitProblemCategory.Check(p.Category),
		LimitProblemCause.Check(p.Cause), LimitProblemLeader.Check(p.Leader))
}

// ProblemClosure says whether a problem is rectified: it has measures and
// every one is closed (销号); ClosedOn is when the last one was.
type ProblemClosure struct {
	Closed   bool
	ClosedOn Date
}
