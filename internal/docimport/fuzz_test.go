package docimport

import (
	"archive/zip"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// fixtureTexts returns the decoded text of every sample document, to seed
// the fuzzers with realistic structure.
func fixtureTexts(f *testing.F) []string {
	files, err := filepath.Glob("testdata/*.*")
	require.NoError(f, err)
	var texts []string
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		var text string
		switch filepath.Ext(file) {
		case ".txt":
			text, err = DecodeText(b)
		case ".docx":
			text, err = DocxText(b)
		default:
			continue
		}
		require.NoError(f, err)
		texts = append(texts, text)
	}
	return texts
}

var dueOnRe = regexp.MustCompile(`^(?:[0-9]{4}-[0-9]{2}-[0-9]{2})?$`)

// maxTitleBytes is the longest a clipped title may be in bytes.
const maxTitleBytes = (maxTitleRunes + 1) * utf8.UTFMax

// FuzzParseText checks that any text parses without panicking, and that
// the output stays valid and proportional to the input.
func FuzzParseText(f *testing.F) {
	for _, text := range fixtureTexts(f) {
		f.Add(text)
	}
	for _, s := range []string{"", "一、存在的问题\n一是", "（一）\n（", "目录\n一、存在的问题……1\n", "1\t2\n序号\t责任人\t时限\n1\tx\ty\tz\n", "\xff\xfe一是\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var res *Result
		var err error
		withinMemory(t, func() { res, err = ParseText(text) })
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "docimport: "), err.Error())
			return
		}
		require.NotEmpty(t, res.Documents)
		var total int
		for _, d := range res.Documents {
			assert.True(t, utf8.ValidString(d.Title))
			assert.LessOrEqual(t, len(d.Title), 3*maxTitleBytes)
			for _, p := range d.Problems {
				total += checkEntry(t, p.Title, p.Text)
				assert.LessOrEqual(t, len(p.Category), maxTitleBytes)
			}
			for _, c := range d.Causes {
				total += checkEntry(t, c.Title, c.Text)
			}
			for _, m := range d.Measures {
				total += checkEntry(t, m.Title, m.Text)
				assert.Regexp(t, dueOnRe, m.DueOn)
				assert.Contains(t, []string{"", KindImmediate, KindDeadline, KindLongTerm}, m.Kind)
			}
		}
		// Text may grow by repaired UTF-8, joined paragraphs and table
		// labels, but only by a constant factor.
		assert.LessOrEqual(t, total, 8*len(text)+1024)
	})
}

// checkEntry checks one entry and returns the size of its text.
func checkEntry(t *testing.T, title, text string) int {
	assert.NotEmpty(t, text)
	assert.True(t, utf8.ValidString(title) && utf8.ValidString(text))
	assert.LessOrEqual(t, len(title), maxTitleBytes)
	assert.NotContains(t, title, "\n")
	return len(text)
}

// FuzzDocxText checks that any bytes, read as a whole .docx or as its
// word/document.xml, are either refused with an error or give text.
func FuzzDocxText(f *testing.F) {
	committed, err := os.ReadFile(committeeDocx)
	require.NoError(f, err)
	f.Add(committed)
	f.Add([]byte(documentHead + wp(wr("一、存在的问题"), wtab, wr("1")) + wpText("一是学习不深入。") + documentTail))
	f.Add([]byte(documentHead + wtable([]string{"a", "b"}) + textBox("c") + documentTail))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte(documentHead + `<w:tbl>` +
		tr(tc("", "序号"), tc("", "反馈问题"), tc("", "整改措施"), tc(`<w:gridSpan w:val="2"/>`, "责任清单"), tc("", "完成时限")) +
		tr(tc(restart, "1"), tc(restart, "问题"), tc("", "措施"), tc("", "张三"), tc("", "办公室"), tc("", "2024年3月底")) +
		tr(tc(merged), tc(merged), tc("", "措施二"), tc(merged), tc(`<w:gridSpan w:val="99999"/>`, "x")) +
		`</w:tbl>` + documentTail))
	f.Fuzz(func(t *testing.T, b []byte) {
		withinMemory(t, func() { checkDocx(t, b) })
		if zipped, err := zipDocx(string(b), zip.Store); err == nil {
			withinMemory(t, func() { checkDocx(t, zipped) })
		}
	})
}

func checkDocx(t *testing.T, b []byte) {
	text, err := docxText(b, true)
	if err != nil {
		assertClearError(t, err)
		return
	}
	assert.LessOrEqual(t, len(text), MaxTextBytes)
	if _, err := ParseText(text); err != nil {
		assertClearError(t, err)
	}
}

// assertClearError checks that an error is the parser's own: a reason it
// states, or a limit named by a ledger error.
func assertClearError(t *testing.T, err error) {
	if ledger.ErrorReason(err) != "" {
		return
	}
	assert.True(t, strings.HasPrefix(err.Error(), "docimport: "), err.Error())
}

// withinMemory runs fn and fails if it allocates more than one upload
// may (maxParseMemory): the fuzzers' memory cap.
func withinMemory(t *testing.T, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxParseMemory {
		t.Fatalf("allocated %d MB, more than the %d MB an upload may cost", alloc>>20, maxParseMemory>>20)
	}
}

// FuzzTableRows feeds any rows, one per line with tab-separated cells,
// to the table reader under a header and checks that every measure's
// problem link points at a problem and nothing grows out of proportion.
func FuzzTableRows(f *testing.F) {
	f.Add("序号\t反馈问题\t整改措施\t责任领导\t完成时限", "1\t学习不深入\t制定计划\t张三\t2024年3月底\n\t\t开展研讨\t\t长期坚持")
	f.Add("问题清单\t任务清单\t责任清单\t责任清单\t整改时限", "\t\t责任领导\t责任单位\t\n一、政治建设方面\n问题\t1.措施\x1f2.措施\t李四\t办公室\t立行立改")
	f.Add("序号\t内容\t责任人", "1\t一是甲。二是乙。\t王五")
	f.Fuzz(func(t *testing.T, header, rows string) {
		// The parser cleans text before tables see it.
		header, rows = cleanText(header), cleanText(rows)
		cols := headerColumns(rowCells(header))
		if cols == nil {
			return
		}
		d := &draftDoc{}
		withinMemory(t, func() {
			d.table = newTableReader(rowCells(header), cols, measureSection, &d.tables)
			for _, row := range strings.Split(rows, "\n") {
				if isTableRow(row) {
					d.table.add(rowCells(row), !strings.HasPrefix(row, rowMark))
				} else {
					d.tableInterlude(row)
				}
			}
		})
		problems, measures := d.tableEntries(0, 2024)
		total := 0
		for _, p := range problems {
			total += checkEntry(t, p.Title, p.Text)
		}
		for _, m := range measures {
			total += checkEntry(t, m.Title, m.Text)
			assert.GreaterOrEqual(t, m.Problem, 0)
			assert.LessOrEqual(t, m.Problem, len(problems))
			assert.Regexp(t, dueOnRe, m.DueOn)
		}
		assert.LessOrEqual(t, total, 4*len(rows)+1024)
	})
}
