package docimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// lineBreaks folds every line and paragraph separator that editors and
// PDF extractors emit into "\n", and drops invisible characters that would
// otherwise stop headings and numbers from matching.
var lineBreaks = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n", "\f", "\n", "\v", "\n",
	"\u2028", "\n", "\u2029", "\n", "\u0085", "\n",
	"\ufeff", "", "\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\u00ad", "",
	"\u00a0", " ",
)

// cleanText normalises line breaks and repairs invalid UTF-8, so that the
// rest of the parser can work on lines of valid text.
func cleanText(text string) string {
	return lineBreaks.Replace(strings.ToValidUTF8(text, "\uFFFD"))
}

var (
	// siteFieldRe matches the "field: value" lines web pages put around an
	// article (来源：…, 发布时间：…, 责任编辑：…).
	siteFieldRe = regexp.MustCompile(`^(?:首页|主页|网站首页)\s*[>＞»/]|^[【\[]?(?:文章来源|本文来源|信息来源|稿件来源|来\s*源|出\s*处|发布时间|发布日期|发表时间|更新时间|作\s*者|责任编辑|编\s*辑|审\s*核|校\s*对|浏览次数|浏览量|阅读量|阅读次数|点击数|点击量|点击次数|字\s*号|字\s*体|关键词|当前位置|您的位置)\s*[：:]`)
	// sourceNoteRe matches a bracketed "copied from the internet" note,
	// which some sites append to the last paragraph.
	sourceNoteRe = regexp.MustCompile(`[（(【\[](?:本文|文章|此文|内容)?(?:来源|转载|转|摘)自?于?(?:网络|互联网)[^）)】\]]{0,30}[）)】\]]`)
	urlRe        = regexp.MustCompile(`(?i)(?:https?://|www\.)[!-~]+`)
	// pageNumberRe matches the page numbers a PDF copy leaves behind:
	// "- 2 -", "— 3 —", "第2页 共5页", "2/5".
	pageNumberRe = regexp.MustCompile(`^(?:[-—－–\s]*[0-9０-９]{1,4}[-—－–\s]*|第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?|[0-9]{1,4}\s*/\s*[0-9]{1,4})$`)
)

// siteNoise is navigation and sharing clutter; a short line containing
// any of these is no part of the document.
var siteNoise = []string{
	"上一篇", "下一篇", "上一页", "下一页", "返回顶部", "返回列表", "返回首页", "打印本页", "关闭窗口",
	"【打印】", "【关闭】", "点击查看", "查看全文", "阅读全文", "展开全文", "来源于网络", "版权归原作者",
	"如有侵权", "免责声明", "扫一扫", "分享到", "收藏本文", "相关阅读", "相关推荐", "推荐阅读", "热门文章",
	"【大中小】", "【大 中 小】", "文档下载", "免费下载", "下载地址",
}

// siteMarkerMaxRunes keeps the clutter patterns off real paragraphs, which
// are long; clutter lines are short.
const siteMarkerMaxRunes = 80

// isClutter reports whether a trimmed line is web-site or PDF clutter that
// is no part of the document.
func isClutter(line string) bool {
	if utf8.RuneCountInString(line) > siteMarkerMaxRunes {
		return false
	}
	if pageNumberRe.MatchString(line) {
		return true
	}
	return siteFieldRe.MatchString(line) || containsAny(line, siteNoise)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// stripNotes removes links and source notes embedded in a line.
func stripNotes(line string) string {
	if strings.Contains(line, "/") || strings.Contains(line, "www") {
		line = urlRe.ReplaceAllString(line, "")
	}
	if strings.Contains(line, "网") {
		line = sourceNoteRe.ReplaceAllString(line, "")
	}
	return line
}
