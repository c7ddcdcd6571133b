package ledger

import (
	"path"
	"strings"
	"unicode/utf8"
)

// CleanFileName keeps the display name of an uploaded file: no folders,
// no control characters, no quotes, no bidirectional controls, at most
// LimitEvidenceName characters. Stored bytes never use this name (they are
// named by their SHA-256); it is only shown and offered on download.
//
// Bidirectional controls are dropped because they make a name read
// differently from what it is: "invoice\u202Efdp.exe" shows as
// "invoiceexe.pdf". A file name has no need for them; ordinary Arabic or
// Hebrew text still renders right to left by itself.
func CleanFileName(n string) string {
	if !utf8.ValidString(n) {
		n = strings.ToValidUTF8(n, "")
	}
	n = path.Base(strings.ReplaceAll(n, "\\", "/"))
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || isBidiControl(r) {
			return -1
		}
		return r
	}, n)
	n = strings.TrimSpace(n)
	if n == "" || n == "." || n == "/" || n == ".." {
		n = "file"
	}
	if utf8.RuneCountInString(n) > LimitEvidenceName.Max {
		n = string([]rune(n)[:LimitEvidenceName.Max])
	}
	return n
}

// isBidiControl reports the embedding, override and isolate controls
// (U+202A–202E, U+2066–2069) and the directional marks (U+200E, U+200F,
// U+061C).
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200E || r == 0x200F || r == 0x061C
}
