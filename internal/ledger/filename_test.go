package ledger_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

func TestCleanFileName(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"a right-to-left override is dropped (issue 12 item 12)", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"every embedding, override and isolate is dropped", "a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069.pdf", "abcdefgh.pdf"},
		{"directional marks are dropped", "\u200Ereport\u200F\u061C.docx", "report.docx"},
		{"folders are dropped", `C:\Users\张三\会议记录.pdf`, "会议记录.pdf"},
		{"control characters and quotes are dropped", "a\x00b\"c\r\n.txt", "abc.txt"},
		{"Chinese and Arabic letters stay", "整改报告 تقرير.pdf", "整改报告 تقرير.pdf"},
		{"nothing left becomes file", "\u202E", "file"},
		{"invalid UTF-8 is dropped", "a\xffb.pdf", "ab.pdf"},
	} {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, ledger.CleanFileName(c.in)) })
	}
	long := ledger.CleanFileName(strings.Repeat("名", 300) + ".pdf")
	assert.Equal(t, ledger.LimitEvidenceName.Max, len([]rune(long)), "a name is cut to its limit")
}
