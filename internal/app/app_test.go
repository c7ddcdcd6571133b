package app_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/app"
	"rectify/internal/ledger"
)

func TestAPercentIsAWholeNumberFrom0To100(t *testing.T) {
	for in, want := range map[string]int{"": 0, "0": 0, "50": 50, " 50% ": 50, "100": 100} {
		got, err := app.ParsePercent(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"-1", "101", "x", "50.5"} {
		_, err := app.ParsePercent(bad)
		assert.Equal(t, "field.percent", ledger.ReasonOf(err), bad)
	}
}

func TestADueDateIsRequiredAndReal(t *testing.T) {
	d, err := app.ParseDueOn(" 2026-04-30 ")
	assert.NoError(t, err)
	assert.Equal(t, "2026-04-30", d.String())
	for _, bad := range []string{"", "2026-02-30", "tomorrow", "2026/04/30"} {
		_, err := app.ParseDueOn(bad)
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err), bad)
		assert.Equal(t, "due_on", ledger.ErrorField(err), bad)
	}
	d, err = app.ParseDate("due_from", "", false)
	assert.NoError(t, err)
	assert.True(t, d.IsZero(), "an optional empty date is no date")
}

func TestAnUploadKeepsOnlyADisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"会议记录.pdf":              "会议记录.pdf",
		`C:\Users\张三\整改报告.docx`: "整改报告.docx",
		"../../etc/passwd":      "passwd",
		"a\x00b\"c\n.txt":       "abc.txt",
		"":                      "file",
	} {
		assert.Equal(t, want, app.CleanFileName(in), "%q", in)
	}
	assert.Len(t, []rune(app.CleanFileName(strings.Repeat("长", 300))), 200)
}

func TestOnlyRolesThatReadTheWholeLedgerExport(t *testing.T) {
	for role, ok := range map[ledger.Role]bool{ledger.RoleAdmin: true, ledger.RoleOfficer: true, ledger.RoleLeader: true, ledger.RoleMember: false} {
		err := app.MayExport(&ledger.User{Role: role})
		assert.Equal(t, ok, err == nil, role)
		if !ok {
			assert.Equal(t, ledger.ReasonMayNotExport, ledger.ReasonOf(err))
		}
	}
	assert.Error(t, app.MayExport(nil))
	assert.Error(t, app.MayImportAny(&ledger.User{Role: ledger.RoleLeader}))
	assert.NoError(t, app.MayImportAny(&ledger.User{Role: ledger.RoleOfficer}))
}

func TestAReasonKeyFallsBackToTheFieldThenTheCode(t *testing.T) {
	assert.Equal(t, ledger.ReasonWrongState, ledger.ReasonOf(ledger.Reasonf(ledger.ECONFLICT, ledger.ReasonWrongState, "x")))
	assert.Equal(t, "field.note", ledger.ReasonOf(ledger.FieldErrorf("note", "x")))
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ReasonOf(ledger.Errorf(ledger.EFORBIDDEN, "x")))
	assert.Equal(t, "", ledger.ReasonOf(nil))
}
