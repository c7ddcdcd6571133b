package web_test

import (
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

// TestBrowserSelfCheckReboundAndEffect: an officer answers a 举一反三
// self-check (refused once without a note, the choice kept) and confirms a
// rebound on 我的待办; a leader opens 整改成效 and finds it counted, at a
// phone's width and a desktop's.
func TestBrowserSelfCheckReboundAndEffect(t *testing.T) {
	for _, width := range []int64{375, 1280} {
		t.Run(itoa(width), func(t *testing.T) {
			a := newTestApp(t)
			srv := httptest.NewServer(a.engine)
			t.Cleanup(srv.Close)
			c, branch := a.waitingItem("离退休干部党支部")
			r := a.pendingRebound()
			b := newBrowser(t, srv.URL)
			b.do(chromedp.EmulateViewport(width, 900))
			b.login("jiwei")
			b.open("/my")
			form := `form[action="/cascades/` + itoa(c.ID) + `/answer"]:has(input[value="` + itoa(branch) + `"])`
			b.do(
				chromedp.Click(chromedp.CSS(form+` input[value=absent]`)),
				chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`.field-err`)),
			)
			assert.Contains(t, b.text(".field-err"), "请写明本单位是如何自查的")
			assert.Equal(t, "true", b.eval(`String(document.querySelector('`+form+` input[value=absent]').checked)`), "the choice is kept")
			b.do(
				chromedp.SendKeys(chromedp.CSS(form+` textarea`), "查阅了离退休党支部近一年的会议记录，记录完整"),
				chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
			)
			assert.Equal(t, "已记录自查结果：不存在该问题。", b.text(".flash.ok"))
			assert.Equal(t, ledger.CascadeAbsent, a.answerOf(c.ID, branch))

			b.do(
				chromedp.Click(chromedp.CSS(`form[action="/rebounds/`+itoa(r.ID)+`/confirm"] button`)),
				chromedp.WaitNotPresent(chromedp.CSS(`#rebounds`)),
				chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
			)
			assert.Equal(t, "已确认为反弹问题，两个问题已关联。", b.text(".flash.ok"))
			assert.Equal(t, ledger.ReboundConfirmed, a.reboundStatus(r.ID))
			assert.Equal(t, itoa(width), b.eval(`String(document.documentElement.scrollWidth)`), "我的待办 fits the screen")
			b.logout()

			b.login("lingdao")
			b.do(chromedp.Click(chromedp.CSS(`nav.nav a[href="/effect"]`)), chromedp.WaitVisible(chromedp.CSS(`ol.hbars.effect`)))
			assert.Equal(t, "整改成效", b.text("main h1"))
			row := b.eval(`[...[...document.querySelectorAll("table.grid tbody tr")].find(tr => tr.textContent.includes("财务审计党支部")).children].map(td => td.textContent.trim()).join(" ")`)
			assert.Contains(t, row, "财务审计党支部 1 1 100% 0 天", "one closed, one confirmed rebound")
			assert.Equal(t, itoa(width), b.eval(`String(document.documentElement.scrollWidth)`), "整改成效 fits the screen")
		})
	}
}
