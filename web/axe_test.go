package web_test

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeSource is axe-core, vendored as test data (testdata/axe/README.md):
// the accessibility check runs offline, inside the page under test.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// violation is what a failing axe rule reports, cut to what a reader
// needs to find it.
type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe injects axe-core into the open page and returns its violations.
func (b *browser) axe() []violation {
	b.t.Helper()
	if b.eval(`String(typeof window.axe)`) != "object" {
		_, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](axeSource+";true"))
		require.NoError(b.t, err, "inject axe-core")
	}
	out := b.eval(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v =>
		({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))))`)
	var vs []violation
	require.NoError(b.t, json.Unmarshal([]byte(out), &vs), out)
	return vs
}

// TestBrowserEveryPageHasNoAxeViolations runs axe-core over every page,
// as each role sees it, on a desktop and on a phone.
func TestBrowserEveryPageHasNoAxeViolations(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	a.loginAdmin() // creates the admin user
	pages := map[string][]string{
		"": {"/login"},
		"jiwei": {"/", "/?batch_id=1", "/tasks", "/tasks?print=1", "/tasks?q=三会一课", "/my", "/inbox", "/inbox?show=unread",
			"/import", taskPath(a.task("建立公文办理督办提醒制度")), taskPath(a.task("对照规范补齐会议记录")),
			taskPath(a.task("建立专项资金绩效评价制度")), "/tasks/99999"},
		"lisi":    {"/my", taskPath(a.task("压减会议文件数量")), "/inbox"},
		"lingdao": {"/", "/my"},
		"admin":   {"/admin", "/"},
	}
	for _, width := range []int64{1280, 375} {
		for _, who := range []string{"", "jiwei", "lisi", "lingdao", "admin"} {
			// One browser per role and width keeps each within its time bound.
			t.Run(fmt.Sprintf("%s at %d px", who, width), func(t *testing.T) {
				b := newBrowser(t, srv.URL)
				b.do(chromedp.EmulateViewport(width, 900))
				if who != "" {
					b.login(who)
				}
				for _, p := range pages[who] {
					b.open(p)
					assert.Empty(t, b.axe(), "%s as %q at %d px", p, who, width)
				}
			})
		}
	}
}
