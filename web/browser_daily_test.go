package web_test

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// widths are the screens every daily-work check runs on: a phone and a
// desktop.
var widths = []int64{375, 1280}

// onScreen reports whether the element's top lies inside the first
// screen, so the user sees it without scrolling.
func (b *browser) onScreen(sel string) bool {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		return String(!!e && e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= window.innerHeight); })()`, sel)) == "true"
}

func (b *browser) count(sel string) int {
	b.t.Helper()
	n, err := strconv.Atoi(b.eval(fmt.Sprintf(`String(document.querySelectorAll(%q).length)`, sel)))
	require.NoError(b.t, err)
	return n
}

func newDailyBrowser(t *testing.T) (*testApp, *browser) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	return a, newBrowser(t, srv.URL)
}

// Item 1: the owner of a returned measure sees 已退回, the reason, who and
// when, at the top of 我的待办 and of the measure, on both screens.
func TestBrowserAReturnedMeasureIsPlainToItsOwner(t *testing.T) {
	a, b := newDailyBrowser(t)
	returned := a.task("压减会议文件数量") // lisi's, sent back by jiwei in the demo
	require.NotNil(t, returned.Returned)
	for _, w := range widths {
		b.do(chromedp.EmulateViewport(w, 800))
		b.login("lisi")
		require.Equal(t, "我的待办", b.text("main h1"), "a member lands on 我的待办")
		first := ".worklist .item:first-child"
		assert.Contains(t, b.text(first), "已退回", "%d px", w)
		assert.Contains(t, b.text(first), "退回理由：佐证材料不充分", "%d px", w)
		assert.True(t, b.onScreen(first+" .why"), "the reason is on the first screen at %d px", w)

		b.do(chromedp.Click(chromedp.CSS(first+" a.what")), chromedp.WaitVisible(chromedp.CSS(".banner.returned")))
		banner := b.text(".banner.returned")
		assert.Contains(t, banner, "已退回整改：佐证材料不充分，请补充会议压减前后对比数据。")
		assert.Contains(t, banner, "周纪委 于")
		assert.True(t, b.onScreen(".banner.returned"), "the reason is at the top of the measure at %d px", w)
		assert.Equal(t, "我的待办", b.text(".crumbs li:first-child"), "the breadcrumb returns to the list")

		b.open("/tasks?q=" + "压减会议文件")
		assert.Contains(t, b.text("table.ledger tbody tr"), "已退回")
		b.logout()
	}
}

// Item 2: the reviewing officer sees a late submission as 逾期提交 N 天 in
// the review queue, the ledger and on the measure, never just green.
func TestBrowserALateSubmissionIsPlainToTheOfficer(t *testing.T) {
	a, b := newDailyBrowser(t)
	late := a.task("建立专项资金绩效评价制度") // submitted a day after its due date
	require.Equal(t, 1, late.SubmittedLateDays)
	for _, w := range widths {
		b.do(chromedp.EmulateViewport(w, 800))
		b.login("jiwei")
		b.open("/my")
		item := fmt.Sprintf(`.worklist .item:has(a[href^="/tasks/%d?"])`, late.ID)
		assert.Contains(t, b.text(item), "逾期提交 1 天", "the review queue at %d px", w)
		b.open(taskPath(late))
		assert.Contains(t, b.text(".head"), "逾期提交 1 天")
		assert.True(t, b.onScreen(".banner.late"), "%d px", w)
		b.open("/tasks?status=submitted")
		assert.Contains(t, b.text(fmt.Sprintf(`table.ledger tr:has(a[href^="/tasks/%d?"])`, late.ID)), "逾期提交 1 天")
		b.logout()
	}
	b.login("jiwei")
	b.open(taskPath(late))
	b.do(chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".flash.ok")))
	assert.Contains(t, b.text(".head"), "已销号")
	assert.Contains(t, b.text(".head"), "逾期提交 1 天", "closing keeps it")
	assert.False(t, a.reload(late).OnTime, "and it does not count as on time")
}

// Item 5: the phone dashboard fits the screen with the rates in view, and
// the chart names every branch of the level in full.
func TestBrowserThePhoneDashboardShowsTheRates(t *testing.T) {
	a, b := newDailyBrowser(t)
	for _, w := range widths {
		b.do(chromedp.EmulateViewport(w, 800))
		b.login("lingdao")
		assert.Equal(t, strconv.FormatInt(w, 10), b.eval(`String(document.documentElement.scrollWidth)`), "no sideways scroll at %d px", w)
		for _, col := range []string{"td.rate", `td[data-label="按时完成率"]`, `td[data-label="逾期"]`, "td.lights"} {
			right := b.eval(fmt.Sprintf(`String(Math.max(...[...document.querySelectorAll(%q)].map(e => e.getBoundingClientRect().right)))`, "table.dash "+col))
			r, err := strconv.ParseFloat(right, 64)
			require.NoError(t, err, right)
			assert.LessOrEqual(t, r, float64(w), "%s is on screen at %d px", col, w)
		}
		assert.Equal(t, b.count("table.dash tr.depth-1"), b.count(".hbars li"), "every branch of the level is charted")
		assert.Equal(t, "0", b.eval(`String([...document.querySelectorAll(".hbars a")].filter(e => e.scrollWidth > e.clientWidth).length)`),
			"no branch name is cut at %d px", w)
		b.logout()
	}
	_ = a
}

// Item 7: opening a notice marks it read; 未读 shows what is left.
func TestBrowserOpeningANoticeMarksItRead(t *testing.T) {
	a, b := newDailyBrowser(t)
	for _, w := range widths {
		b.do(chromedp.EmulateViewport(w, 800))
		b.login("jiwei")
		b.open("/inbox?show=unread")
		before := a.unreadOf("jiwei")
		require.Positive(t, before, "the demo leaves the officer review requests")
		title := b.text(".notices li:first-child .title")
		assert.Regexp(t, `^措施 #\d+「.+」`, title, "the title names the measure")
		b.do(chromedp.Click(chromedp.CSS(".notices li:first-child .title a")), chromedp.WaitVisible(chromedp.CSS(".crumbs")))
		assert.Equal(t, "通知", b.text(".crumbs li:first-child"), "the breadcrumb returns to the inbox")
		assert.Equal(t, before-1, a.unreadOf("jiwei"), "opening marked it read at %d px", w)
		b.open("/inbox?show=unread")
		assert.NotContains(t, b.text("main"), title)
		b.open("/inbox")
		assert.Contains(t, b.text("main"), title, "全部 keeps it")
		b.logout()
	}
}

// Item 9: a refused 回头看 keeps its choice, says why beside the field, and
// leaves the browser on an address that exists.
func TestBrowserARefusedReviewKeepsItsChoice(t *testing.T) {
	a, b := newDailyBrowser(t)
	closed := a.task("对照规范补齐会议记录")
	for _, w := range widths {
		b.do(chromedp.EmulateViewport(w, 800))
		b.login("jiwei")
		b.open(taskPath(closed))
		b.do(chromedp.Click(chromedp.CSS(`#act-review input[value=rebound]`)))
		assert.Equal(t, "true", b.eval(`String(document.getElementById("rv-note").required)`),
			"a rebound asks for the note before posting")
		b.do(chromedp.Click(chromedp.CSS(`#act-review button[type=submit]`)))
		assert.Equal(t, "true", b.eval(`String(document.getElementById("rv-note").validity.valueMissing)`))
		assert.Equal(t, ledger.StatusClosed, a.reload(closed).Status)

		// A browser that does not check (or a note of spaces) reaches the server.
		b.do(chromedp.SetValue(chromedp.ID("rv-note"), "   "),
			chromedp.SetValue(chromedp.ID("rv-due"), a.st.Today().AddDays(30).String()))
		b.eval(`document.getElementById("act-review").noValidate = true; ""`)
		b.do(chromedp.Click(chromedp.CSS(`#act-review button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("e-rv-note")))
		assert.Equal(t, "true", b.eval(`String(document.querySelector("#act-review input[value=rebound]").checked)`), "the choice is kept at %d px", w)
		assert.Equal(t, a.st.Today().AddDays(30).String(), b.eval(`document.getElementById("rv-due").value`), "the date is kept")
		assert.Equal(t, "rv-note", b.eval(`document.activeElement.id`), "the refused field has the focus")
		assert.True(t, b.onScreen("#e-rv-note"), "the message is in view beside the field at %d px", w)
		b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1")))
		assert.Equal(t, "措施 #"+itoa(closed.ID), b.text("main h1"), "reopening the address shows the measure, not a 404")
		assert.Equal(t, ledger.StatusClosed, a.reload(closed).Status, "nothing changed")
		b.logout()
	}
}
