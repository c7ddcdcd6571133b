package web_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestScreenshots writes the README's screenshots of the demo ledger when
// RECTIFY_SCREENSHOTS names a folder:
//
//	RECTIFY_SCREENSHOTS=../docs/screenshots go test ./web/ -run Screenshots
//
// (the path is relative to web/, where go test runs).
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("RECTIFY_SCREENSHOTS")
	if dir == "" {
		t.Skip("set RECTIFY_SCREENSHOTS=folder to write screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL)
	b.login("jiwei")
	pages := []struct{ name, path string }{
		{"dashboard", "/"},
		{"ledger", "/tasks"},
		{"task", taskPath(a.task("建立公文办理督办提醒制度"))},
		{"effect", "/effect"},
		{"my-self-checks", "/my#self-checks"},
	}
	for _, width := range []int64{1280, 375} {
		for _, p := range pages {
			// On a phone the 台账 is a long column of cards: two screens of
			// it say enough.
			shot := chromedp.FullScreenshot(100)
			b.do(chromedp.EmulateViewport(width, 900))
			// 我的待办 goes on below its self-checks and rebound flags.
			if width == 375 && p.name == "ledger" || p.name == "my-self-checks" {
				b.do(chromedp.EmulateViewport(width, 1400))
				shot = chromedp.CaptureScreenshot()
			}
			b.open(p.path)
			png, err := chromedp.Run(b.ctx, shot)
			require.NoError(t, err)
			name := filepath.Join(dir, p.name+"-"+itoa(width)+".png")
			require.NoError(t, os.WriteFile(name, png, 0o644))
			t.Logf("wrote %s (%d bytes)", name, len(png))
		}
	}
	// The paper 台账 as the printer sees it.
	b.do(chromedp.EmulateViewport(1123, 794))
	_, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	b.open("/tasks?print=1&batch_id=1")
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ledger-print.png"), png, 0o644))
	_, err = chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"})
	require.NoError(t, err)

	// Daily work: the officer's notices; a returned measure and 我的待办
	// as its owner sees them on a phone.
	b.do(chromedp.EmulateViewport(1280, 900))
	b.open("/inbox")
	png, err = chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "inbox-1280.png"), png, 0o644))
	b.logout()
	b.login("lisi")
	b.do(chromedp.EmulateViewport(375, 812))
	for name, path := range map[string]string{"returned-375": taskPath(a.task("压减会议文件数量")) + "?from=%2Fmy", "my-375": "/my"} {
		b.open(path)
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
	}
}
