package web_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"rectify/internal/store"
)

// TestPlanScreenshots writes screenshots of the pages officers keep the
// ledger with (and the admin's edit pages) when RECTIFY_SCREENSHOTS names
// a folder, like TestScreenshots:
//
//	RECTIFY_SCREENSHOTS=../docs/screenshots go test ./web/ -run PlanScreenshots
func TestPlanScreenshots(t *testing.T) {
	dir := os.Getenv("RECTIFY_SCREENSHOTS")
	if dir == "" {
		t.Skip("set RECTIFY_SCREENSHOTS=folder to write screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	a := newTestApp(t)
	ch := &store.Channel{Type: store.ChannelDingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=abc", Secret: "SECabc", Enabled: true}
	require.NoError(t, a.st.CreateChannel(system, ch))
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	task := a.task("全面梳理内部管理制度") // open, so its plan can be edited
	b := newBrowser(t, srv.URL)
	a.loginAdmin()
	b.login("jiwei")
	officer := []struct{ name, path string }{
		{"batches", "/batches"},
		{"batch", "/batches/1"},
		{"problem-new", "/problems/new?batch_id=1&branch_id=" + itoa(task.BranchID)},
		{"problem", "/problems/" + itoa(task.ProblemID)},
		{"measure-edit", taskPath(task, "edit")},
		{"handover", "/tasks/reassign?from_owner_id=" + itoa(a.user("zhangsan").ID)},
	}
	admin := []struct{ name, path string }{
		{"user-edit", "/admin/users/" + itoa(a.user("zhangsan").ID)},
		{"channel-edit", "/admin/channels/" + itoa(ch.ID)},
	}
	shoot := func(name, path string) {
		for _, width := range []int64{1280, 375} {
			b.do(chromedp.EmulateViewport(width, 900))
			b.open(path)
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			require.NoError(t, err)
			file := filepath.Join(dir, name+"-"+itoa(width)+".png")
			require.NoError(t, os.WriteFile(file, png, 0o644))
			t.Logf("wrote %s (%d bytes)", file, len(png))
		}
	}
	for _, p := range officer {
		shoot(p.name, p.path)
	}
	// A refused form: what was typed stays, the reason sits beside the field.
	for _, width := range []int64{1280, 375} {
		b.do(chromedp.EmulateViewport(width, 900))
		b.open("/problems/new?batch_id=1&branch_id=" + itoa(task.BranchID))
		b.fill(map[string]string{"category": "作风建设方面",
			"tasks.0.description": "建立公文办理督办提醒制度", "tasks.0.due_on": "2026-12-31"})
		b.submit(`form[action="/problems"] button.primary`)
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "problem-refused-"+itoa(width)+".png"), png, 0o644))
	}
	b.logout()
	b.login("admin")
	for _, p := range admin {
		shoot(p.name, p.path)
	}
}
