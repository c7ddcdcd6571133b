package docimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// headerCellRe matches the column names of a problem or measure table.
var headerCellRe = regexp.MustCompile(`^(?:序号|编号)$|责任人|责任领导|牵头领导|牵头人|责任单位|时限|完成时间`)

// labelledColumnRe matches the columns whose values are read as
// annotations (owner, due date) rather than as text.
var labelledColumnRe = regexp.MustCompile(`责任人|责任领导|牵头领导|牵头人|责任单位|牵头单位|时限|完成时间`)

// tableCells splits a table row from DocxText into its cells, or returns
// nil if text is not a table row.
func tableCells(text string) []string {
	if !strings.Contains(text, "\t") {
		return nil
	}
	return strings.Split(text, "\t")
}

// isHeaderRow reports whether cells name the columns of a table.
func isHeaderRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		if headerCellRe.MatchString(strings.TrimSpace(c)) {
			n++
		}
	}
	return n >= 2
}

// labelRow rewrites a table row so that its owner and deadline columns
// read like the annotations of running text (责任人：张三；完成时限：…),
// keeping the 序号 column and tab that number the row.
func labelRow(cells, header []string) string {
	var parts []string
	for i, c := range cells[1:] {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if i+1 < len(header) {
			if label := columnLabel(header[i+1]); label != "" {
				c = label + "：" + c
			}
		}
		parts = append(parts, c)
	}
	return strings.TrimSpace(cells[0]) + "\t" + strings.Join(parts, "；")
}

// columnLabel is the label an owner or deadline column gives its values:
// the header itself, or only its keyword when the header is long, so that
// a long header is not copied into every row.
func columnLabel(header string) string {
	header = strings.TrimSpace(header)
	label := labelledColumnRe.FindString(header)
	if label != "" && utf8.RuneCountInString(header) <= 8 {
		return header
	}
	return label
}
