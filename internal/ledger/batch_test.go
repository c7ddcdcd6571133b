package ledger_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func validBatch() ledger.Batch {
	return ledger.Batch{Title: "2026年度巡察反馈问题", SourceType: ledger.SourcePatrol, BranchID: 1, StartedOn: day("2026-11-02")}
}

func TestBatchValidateReportsTheBadField(t *testing.T) {
	tests := []struct {
		name   string
		change func(b *ledger.Batch)
		field  string
	}{
		{"a title is required", func(b *ledger.Batch) { b.Title = "  " }, "title"},
		{"a title over 200 characters is refused", func(b *ledger.Batch) { b.Title = strings.Repeat("巡", 201) }, "title"},
		{"an unknown source type is refused", func(b *ledger.Batch) { b.SourceType = "rumour" }, "source_type"},
		{"a source type is required", func(b *ledger.Batch) { b.SourceType = "" }, "source_type"},
		{"a branch is required", func(b *ledger.Batch) { b.BranchID = 0 }, "branch_id"},
		{"a start date is required", func(b *ledger.Batch) { b.StartedOn = 0 }, "started_on"},
		{"a negative review interval is refused", func(b *ledger.Batch) { b.ReviewAfterDays = -1 }, "review_after_days"},
		{"a review interval over ten years is refused", func(b *ledger.Batch) { b.ReviewAfterDays = 3651 }, "review_after_days"},
		{"a negative warning window is refused", func(b *ledger.Batch) { b.WarnDays = -7 }, "warn_days"},
		{"a warning window over a year is refused", func(b *ledger.Batch) { b.WarnDays = 366 }, "warn_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBatch()
			tt.change(&b)
			err := b.Validate()
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
		})
	}
}

func TestBatchValidateFillsDefaults(t *testing.T) {
	t.Run("left-out intervals become 90 days to 回头看 and a 7-day warning", func(t *testing.T) {
		b := validBatch()
		require.NoError(t, b.Validate())
		assert.Equal(t, 90, b.ReviewAfterDays)
		assert.Equal(t, 7, b.WarnDays)
	})
	t.Run("intervals the officer chose are kept", func(t *testing.T) {
		b := validBatch()
		b.ReviewAfterDays, b.WarnDays = 180, 3
		require.NoError(t, b.Validate())
		assert.Equal(t, 180, b.ReviewAfterDays)
		assert.Equal(t, 3, b.WarnDays)
	})
	t.Run("the title is trimmed", func(t *testing.T) {
		b := validBatch()
		b.Title = "  2026年度巡察反馈问题\n"
		require.NoError(t, b.Validate())
		assert.Equal(t, "2026年度巡察反馈问题", b.Title)
	})
}

func TestSourceTypes(t *testing.T) {
	for _, s := range ledger.SourceTypes {
		t.Run(string(s)+" is valid and maps back from its Chinese name", func(t *testing.T) {
			assert.True(t, s.Valid())
			got, ok := ledger.SourceTypeFromLabel(s.Label())
			require.True(t, ok)
			assert.Equal(t, s, got)
		})
	}
	tests := []struct {
		name  string
		label string
		want  ledger.SourceType
		ok    bool
	}{
		{"巡视 is an inspection", "巡视", ledger.SourceInspection, true},
		{"巡察 is a patrol", "巡察", ledger.SourcePatrol, true},
		{"民主生活会 is a democratic life meeting", "民主生活会", ledger.SourceDemocraticLife, true},
		{"the code itself is accepted", "audit", ledger.SourceAudit, true},
		{"spaces around a name from a spreadsheet are ignored", " 审计 ", ledger.SourceAudit, true},
		{"an unknown name is refused", "座谈会", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ledger.SourceTypeFromLabel(tt.label)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("there are eight source types", func(t *testing.T) {
		assert.Len(t, ledger.SourceTypes, 8)
		assert.False(t, ledger.SourceType("rumour").Valid())
	})
}

func validProblem() ledger.Problem {
	return ledger.Problem{BatchID: 3, BranchID: 2, Category: "组织生活方面", Description: "三会一课记录不规范", Cause: "制度执行不严", Leader: "李书记"}
}

func TestProblemValidateReportsTheBadField(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *ledger.Problem)
		field  string
	}{
		{"a batch is required", func(p *ledger.Problem) { p.BatchID = 0 }, "batch_id"},
		{"a branch is required", func(p *ledger.Problem) { p.BranchID = -1 }, "branch_id"},
		{"a description is required", func(p *ledger.Problem) { p.Description = " \n " }, "description"},
		{"a description over 5000 characters is refused", func(p *ledger.Problem) { p.Description = strings.Repeat("问", 5001) }, "description"},
		{"a category over 200 characters is refused", func(p *ledger.Problem) { p.Category = strings.Repeat("方", 201) }, "category"},
		{"a cause over 5000 characters is refused", func(p *ledger.Problem) { p.Cause = strings.Repeat("因", 5001) }, "cause"},
		{"a leader over 100 characters is refused", func(p *ledger.Problem) { p.Leader = strings.Repeat("李", 101) }, "leader"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProblem()
			tt.change(&p)
			err := p.Validate()
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
		})
	}
	t.Run("a problem with only batch, branch and description is valid and trimmed", func(t *testing.T) {
		p := ledger.Problem{BatchID: 3, BranchID: 2, Description: " 三会一课记录不规范 "}
		require.NoError(t, p.Validate())
		assert.Equal(t, "三会一课记录不规范", p.Description)
	})
}
