package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/demo"
	"rectify/internal/ledger"
)

// chromiumPath finds Debian's chromium. Without it the browser tests skip,
// except in CI (CI=true), where .ci/run installs it and they must run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("RECTIFY_CHROMIUM"), "/usr/bin/chromium"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true requires the browser tests to run (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (/usr/bin/chromium); the browser tests need it")
	return ""
}

// browser is one headless chromium with a fresh profile, driving the app
// served by a real HTTP server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser on a context without a deadline (a deadline on the
	// first Run would stop the whole browser), then bound each test.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	// Generous: eight engineers' tests may share two cores.
	ctx, stop := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(stop)
	// Accept the confirmation dialogs of 销号 and 提交.
	go func() {
		for _, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return &browser{t: t, ctx: ctx, base: base}
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Do(b.ctx, steps...))
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(b.t, err, sel)
	return strings.TrimSpace(s)
}

func (b *browser) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	require.NoError(b.t, err, js)
	return s
}

func (b *browser) open(path string) { b.do(chromedp.Navigate(b.base + path)) }

// login fills the login form as a person would.
func (b *browser) login(login string) {
	b.t.Helper()
	b.open("/")
	b.do(
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.nav`)),
	)
	require.Contains(b.t, []string{"总览", "我的待办"}, b.text("main h1"),
		"login lands on the dashboard, or a member's own work")
}

func (b *browser) logout() {
	b.do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("login")))
}

// cell reads one figure of a branch's dashboard row by column header.
func (b *browser) cell(branch, column string) string {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`(() => {
		const heads = [...document.querySelectorAll("table.dash thead th")].map(th => th.textContent.trim());
		const row = [...document.querySelectorAll("table.dash tbody tr")].find(tr => tr.querySelector("th a").textContent.trim() === %q);
		return row.children[heads.indexOf(%q)].textContent.trim();
	})()`, branch, column))
}

// status fetches path from the page and returns the HTTP status.
func (b *browser) status(path string) string {
	return b.eval(fmt.Sprintf(`fetch(%q, {redirect: "manual"}).then(r => String(r.status))`, path))
}

func TestBrowserMemberSubmitsOfficerApprovesAndTheDashboardFollows(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL)
	task := a.task("全面梳理内部管理制度") // zhangsan's, 办公室党支部, open
	evidence := filepath.Join(t.TempDir(), "制度汇编.txt")
	require.NoError(t, os.WriteFile(evidence, []byte("内部管理制度汇编（2026年修订）"), 0o600))

	// The member uploads evidence and submits.
	b.login("zhangsan")
	b.open(taskPath(task))
	b.do(
		chromedp.SetUploadFiles(chromedp.ID("e-file"), []string{evidence}),
		chromedp.Click(chromedp.CSS(`form[action$="/evidence"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
	)
	assert.Equal(t, "佐证材料已上传。", b.text(".flash.ok"))
	assert.Contains(t, b.text("ul.files"), "制度汇编.txt")
	b.do(
		chromedp.SendKeys(chromedp.ID("s-note"), "已完成制度梳理并印发汇编"),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button[type=submit]`)),
		// The upload's .flash.ok is still on screen until the new page loads.
		chromedp.WaitVisible(chromedp.CSS(`.head .status.s-submitted`)),
	)
	assert.Equal(t, "已提交销号申请，等待审核。", b.text(".flash.ok"))
	assert.Equal(t, "待审核", b.text(".head .status"))
	b.logout()

	// The officer approves; the branch's row on the dashboard follows.
	b.login("jiwei")
	closedBefore, waitingBefore := b.cell("办公室党支部", "已销号"), b.cell("办公室党支部", "待审核")
	rateBefore := b.cell("办公室党支部", "完成率")
	b.open(taskPath(task))
	assert.Contains(t, b.text("ul.files"), "制度汇编.txt")
	b.do(
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
	)
	assert.Equal(t, "已销号", b.text(".head .status"))
	b.open("/")
	assert.Equal(t, plusOne(t, closedBefore), b.cell("办公室党支部", "已销号"))
	assert.Equal(t, plusOne(t, b.cell("办公室党支部", "待审核")), waitingBefore)
	assert.NotEqual(t, rateBefore, b.cell("办公室党支部", "完成率"))
	row := a.branchRow("办公室党支部")
	assert.Equal(t, fmt.Sprint(row.Closed), b.cell("办公室党支部", "已销号"), "the page shows what the store counts")
	assert.Equal(t, ledger.StatusClosed, a.reload(task).Status)
	b.logout()

	// A member of another branch can open neither the task nor its evidence.
	files, err := a.st.EvidenceFiles(a.st.Scope(system), task.ID)
	require.NoError(t, err)
	require.Len(t, files, 1)
	b.login("wangwu")
	b.open(taskPath(task))
	assert.Equal(t, "未找到", b.text("main h1"))
	assert.NotContains(t, b.text("main"), task.Description)
	assert.Equal(t, "404", b.status(taskPath(task)))
	assert.Equal(t, "404", b.status(taskPath(task, "evidence", itoa(files[0].ID))))
}

func plusOne(t *testing.T, s string) string {
	var n int
	_, err := fmt.Sscan(s, &n)
	require.NoError(t, err, s)
	return fmt.Sprint(n + 1)
}

// TestBrowserRefusesACrossSiteFormPost has a page on another origin post a
// form to the app while the member is logged in there: from another site
// (localhost against 127.0.0.1), and from the same site on another port,
// where the SameSite cookie would still be sent.
func TestBrowserRefusesACrossSiteFormPost(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	task := a.task("完善第一议题学习制度") // zhangsan's
	target := srv.URL + taskPath(task, "progress")
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><form id="f" method="post" action="%s">
<input name="note" value="伪造的进展"><input name="percent" value="100"></form>
<script>document.getElementById("f").submit()</script></body></html>`, target)
	}))
	t.Cleanup(evil.Close)
	b := newBrowser(t, srv.URL)
	b.login("zhangsan")
	events := a.eventCount(task)
	for name, origin := range map[string]string{
		"from another site":              strings.Replace(evil.URL, "127.0.0.1", "localhost", 1),
		"from the same site, other port": evil.URL,
	} {
		t.Run(name, func(t *testing.T) {
			b.do(chromedp.Navigate(origin), chromedp.WaitVisible(chromedp.CSS("main h1")))
			assert.Equal(t, "请求被拒绝", b.text("main h1"))
			assert.Equal(t, "403", b.eval(`String(performance.getEntriesByType("navigation")[0].responseStatus)`))
		})
	}
	assert.Equal(t, events, a.eventCount(task), "no progress was recorded")
	assert.Equal(t, 40, a.reload(task).Percent)

	// The same form on the app's own page goes through.
	b.open(taskPath(task))
	b.do(
		chromedp.SetValue(chromedp.ID("p-note"), "本人报告的进展"),
		chromedp.SetValue(chromedp.ID("p-percent"), "60"),
		chromedp.Click(chromedp.CSS(`form[action$="/progress"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
	)
	assert.Equal(t, 60, a.reload(task).Percent)
}

// TestBrowserPagesFitAPhoneScreen checks that no page is wider than a
// 375 px screen: wide tables scroll inside their own box.
func TestBrowserPagesFitAPhoneScreen(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL)
	b.do(chromedp.EmulateViewport(375, 812))
	b.login("jiwei")
	for _, p := range []string{"/", "/tasks", taskPath(a.task("建立公文办理督办提醒制度")), "/my", "/inbox"} {
		b.open(p)
		assert.Equal(t, "375", b.eval(`String(document.documentElement.scrollWidth)`), p)
	}
}

// TestBrowserKeyboardAloneLogsInAndReachesTheMainContent walks the login
// form and the skip link with the Tab and Enter keys only.
func TestBrowserKeyboardAloneLogsInAndReachesTheMainContent(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL)
	b.open("/login")
	active := func() string { return b.eval(`document.activeElement.id || document.activeElement.textContent.trim()`) }
	assert.Equal(t, "login", active(), "the login field has the focus")
	b.do(chromedp.KeyEvent("zhangsan"), chromedp.KeyEvent(kb.Tab))
	assert.Equal(t, "password", active())
	b.do(chromedp.KeyEvent(demo.Password), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("nav.nav")))
	assert.Equal(t, "我的待办", b.text("main h1"), "a member lands on their own work")
	b.do(chromedp.KeyEvent(kb.Tab))
	assert.Equal(t, "跳到正文", active(), "the first stop is the skip link")
	b.do(chromedp.KeyEvent(kb.Enter))
	assert.Equal(t, "main", active(), "the skip link moves the focus to the content")
}
