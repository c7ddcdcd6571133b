package similar

import (
	"unicode"
	"unicode/utf8"
)

// maxQueryRunes bounds the text a query reads: a pasted document costs no
// more than a long problem description.
const maxQueryRunes = 2000

// boilerplate holds the character pairs of official prose that say nothing
// about which problem it is (存在, 不够, 方面, 问题, 一是 …). They keep a
// small weight rather than none: two texts made only of them are still a
// little alike.
var boilerplate = wordSet(
	"存在", "不够", "方面", "问题", "一是", "二是", "三是", "四是", "五是", "六是", "七是",
	"是对", "有的", "个别", "部分", "少数", "一些", "工作", "情况", "不到", "到位", "落实",
	"加强", "进一", "一步", "不足", "不强", "不高", "不严", "不深", "不实", "不力", "不够",
	"需要", "还需", "有待", "仍然", "依然", "较为", "比较", "还有", "没有", "不是", "主要",
	"表现", "现在", "体现", "其中", "以及", "和的", "的问", "题的", "中的", "上的", "了解",
	"严格", "认真", "切实", "进行", "开展", "推进", "相关", "有关", "制度", "建设",
	"流于", "于形", "形式", "不彻", "彻底", "执行", "不规", "规范", "不及", "及时",
	"缺失", "管理", "不全", "不完", "完整", "走过", "过场", "要求", "按规", "规定",
	"未按", "不明", "明显", "意识", "淡薄", "混乱", "滞后", "缓慢", "薄弱", "突出",
	"未经", "把关", "不准", "准确", "较多", "过多", "经常", "不经", "时有", "发生",
)

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// boilerplateWeight is the weight of a boilerplate pair in a query.
const boilerplateWeight = 0.15

// grams splits text into the character pairs of its runs of Han
// characters, and the lower-cased words of its runs of Latin letters and
// digits. Chinese needs no segmentation service this way: a pair of
// characters is the unit most words share. Other characters (punctuation,
// spaces, numbering such as （一）) end a run. The count of each gram is
// added to into; at most maxRunes characters are read.
func grams(text string, maxRunes int, into map[string]int) int {
	n, total := 0, 0
	var prev rune
	word := make([]rune, 0, 16)
	flush := func() {
		if len(word) > 1 {
			into[string(word)]++
			total++
		}
		word = word[:0]
	}
	for _, r := range text {
		if n++; n > maxRunes {
			break
		}
		r = fold(r)
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			into[string(r)]++
			if prev != 0 {
				into[string([]rune{prev, r})]++
				total++
			}
			prev = r
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			prev = 0
			if len(word) < 32 {
				word = append(word, unicode.ToLower(r))
			}
		default:
			flush()
			prev = 0
		}
	}
	flush()
	return total
}

// fold maps full-width Latin letters and digits to their ASCII forms, so
// "ＰＰＴ" and "PPT" are one word.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}
