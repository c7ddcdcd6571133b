package store

import "unicode/utf8"

// The cjk code spells a string's ASCII bytes as themselves and each code
// point of cjkRanges as two bytes, 0x80|hi7 and lo8 of its index in the
// ranges: Chinese text takes two thirds of its UTF-8 size. It is used
// only for a string every rune of which it covers, and only when shorter.

// cjkIndex is r's index in cjkRanges, or -1.
func cjkIndex(r rune) int {
	base := 0
	for _, g := range cjkRanges {
		if r < g.lo {
			return -1
		}
		if r <= g.hi {
			return base + int(r-g.lo)
		}
		base += int(g.hi-g.lo) + 1
	}
	return -1
}

// cjkRune reverses cjkIndex.
func cjkRune(i int) (rune, bool) {
	for _, g := range cjkRanges {
		if n := int(g.hi-g.lo) + 1; i < n {
			return g.lo + rune(i), true
		} else {
			i -= n
		}
	}
	return 0, false
}

// appendCJK appends s in the cjk code if that is shorter than its UTF-8
// and covers all of it; otherwise it returns b unchanged and false.
func appendCJK(b, s []byte) ([]byte, bool) {
	start := len(b)
	for j := 0; j < len(s); {
		// An invalid byte reads as U+FFFD, which the code does not cover.
		r, size := utf8.DecodeRune(s[j:])
		j += size
		if r < utf8.RuneSelf {
			b = append(b, byte(r))
			continue
		}
		i := cjkIndex(r)
		if i < 0 {
			return b[:start], false
		}
		b = append(b, 0x80|byte(i>>8), byte(i))
	}
	if len(b)-start >= len(s) {
		return b[:start], false
	}
	return b, true
}

// appendFromCJK appends the UTF-8 of a cjk-coded string.
func appendFromCJK(b, src []byte) ([]byte, error) {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(src) {
			return b, errPackedCorrupt
		}
		r, ok := cjkRune(int(c&0x7f)<<8 | int(src[i+1]))
		if !ok {
			return b, errPackedCorrupt
		}
		b = utf8.AppendRune(b, r)
		i += 2
	}
	return b, nil
}
