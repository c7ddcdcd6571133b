package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLedgerPageOffersTheExcelExportToWhoMayExport(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	office := itoa(a.branchID("办公室党支部"))
	for login, want := range map[string]bool{"jiwei": true, "lingdao": true, "zhangsan": false} {
		body := a.get(a.login(login), "/tasks?branch_id="+office+"&batch_id=1").Body.String()
		if want {
			assert.Contains(t, body, `href="/export.xlsx?batch_id=1&amp;branch_id=`+office+`"`, login)
			assert.Contains(t, body, "导出Excel", login)
		} else {
			assert.NotContains(t, body, "导出Excel", login)
			assert.NotContains(t, body, "/export.xlsx", login)
		}
	}
}

func TestDashboardOffersTheReportWithTheBatchChosenInPlace(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("lingdao")
	body := a.get(c, "/").Body.String()
	assert.Contains(t, body, `<form method="get" action="/report.docx"`, "offered before any filter")
	assert.Contains(t, body, `<select id="r-batch" name="batch_id" required>`)
	assert.Contains(t, body, "导出整改情况报告")
	chosen := a.get(c, "/?batch_id=1").Body.String()
	assert.Equal(t, 2, strings.Count(chosen, `<option value="1" selected>`), "the filtered batch is preselected in both forms")
	assert.NotContains(t, a.get(a.login("zhangsan"), "/?batch_id=1").Body.String(), "/report.docx", "members may not")
}

func TestDownloadsFollowTheAPIsRolesAndScope(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	other := itoa(a.branchID("业务一科党支部"))
	office := itoa(a.branchID("办公室党支部"))
	cases := []struct {
		name, login, path, contentType string
		status                         int
	}{
		{"an officer exports the ledger", "jiwei", "/export.xlsx?batch_id=1", "spreadsheetml", http.StatusOK},
		{"a leader exports a branch's ledger", "lingdao", "/export.xlsx?branch_id=" + office, "spreadsheetml", http.StatusOK},
		{"a member may not export", "zhangsan", "/export.xlsx", "text/html", http.StatusForbidden},
		{"another branch is not found", "bgs_jw", "/export.xlsx?branch_id=" + other, "text/html", http.StatusNotFound},
		{"an officer gets the report", "jiwei", "/report.docx?batch_id=1", "wordprocessingml", http.StatusOK},
		{"a branch officer gets the report of the branch", "bgs_jw", "/report.docx?batch_id=1&branch_id=" + office, "wordprocessingml", http.StatusOK},
		{"a member may not get the report", "zhangsan", "/report.docx?batch_id=1", "text/html", http.StatusForbidden},
		{"the report of another branch is not found", "bgs_jw", "/report.docx?batch_id=1&branch_id=" + other, "text/html", http.StatusNotFound},
		{"a report without a batch is refused", "jiwei", "/report.docx", "text/html", http.StatusBadRequest},
		{"an unknown batch is not found", "jiwei", "/report.docx?batch_id=999", "text/html", http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := a.get(a.login(tc.login), tc.path)
			require.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Contains(t, w.Header().Get("Content-Type"), tc.contentType)
			if tc.status == http.StatusOK {
				assert.Equal(t, "PK\x03\x04", w.Body.String()[:4], "a zip container")
				assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
			}
		})
	}
}

func TestDownloadsNeedASession(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.get(nil, "/export.xlsx")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Contains(t, w.Header().Get("Location"), "/login")
}
