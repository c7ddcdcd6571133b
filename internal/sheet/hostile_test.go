package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// bookParts are the parts of a minimal workbook with one sheet; tests
// replace the sheet or add a shared-string table.
func bookParts(sheetXML string) map[string]string {
	return map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheetXML,
	}
}

// zipBook writes parts as an .xlsx; a part given as an io.Reader is
// streamed, so a test can build a 100 MB part without holding it.
func zipBook(t testing.TB, parts map[string]string, big map[string]io.Reader) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = io.WriteString(w, body)
		require.NoError(t, err)
	}
	for name, r := range big {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = io.Copy(w, r)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
	`<row r="1"><c r="A1" t="inlineStr"><is><t>问题描述</t></is></c><c r="B1" t="inlineStr"><is><t>整改措施</t></is></c></row>` +
	`<row r="2"><c r="A2" t="inlineStr"><is><t>问题一</t></is></c><c r="B2" t="s"><v>0</v></c></row>` +
	`<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>末行</t></is></c></row></sheetData>`

// mergeBomb is the 1.6 KB sheet of the security review: n merges over
// the whole sheet from C2.
func mergeBomb(t testing.TB, n int) []byte {
	merges := strings.Repeat(`<mergeCell ref="C2:BL1048576"/>`, n)
	return zipBook(t, bookParts(sheetHead+fmt.Sprintf(`<mergeCells count="%d">%s</mergeCells></worksheet>`, n, merges)), nil)
}

// siReader streams a shared-string table of about size bytes.
func siReader(size int) io.Reader {
	one := "<si><t>整改措施文本</t></si>"
	body := strings.NewReader(strings.Repeat(one, size/len(one)))
	return io.MultiReader(strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`),
		body, strings.NewReader(`</sst>`))
}

func sharedStringBomb(t testing.TB, size int) []byte {
	return zipBook(t, bookParts(sheetHead+`</worksheet>`), map[string]io.Reader{"xl/sharedStrings.xml": siReader(size)})
}

// allocDuring is the memory allocated while fn runs: an upper bound on
// the heap fn could have held at its peak.
func allocDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestHostileWorkbooksAreRefusedInBoundedMemory(t *testing.T) {
	cases := []struct {
		name   string
		file   []byte
		code   string
		reason string
		says   string
	}{
		{"eight merges over the whole sheet, last row 1048576", mergeBomb(t, 8), ledger.ETOOLARGE, "sheet.limit", "120000行"},
		{"100 MB of shared strings", sharedStringBomb(t, 100<<20), ledger.ETOOLARGE, "sheet.limit", "共享字符串表"},
		{"eight overlapping merges in a small sheet", overlapBomb(t, 8), ledger.EUNPROCESS, "sheet.merges_overlap", "重叠"},
		{"a cell in the last column", zipBook(t, bookParts(strings.TrimSuffix(smallHead(), "</sheetData>")+
			`<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`), nil), ledger.ETOOLARGE, "sheet.limit", "256列"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			start := time.Now()
			alloc := allocDuring(func() { _, err = Read(bytes.NewReader(tc.file), ReadOptions{}) })
			t.Logf("%d-byte file: refused after %v, %.1f MB allocated", len(tc.file), time.Since(start), float64(alloc)/(1<<20))
			require.Error(t, err)
			assert.Equal(t, tc.code, ledger.ErrorCode(err))
			assert.Equal(t, tc.reason, ledger.ErrorReason(err))
			assert.Contains(t, ledger.ErrorMessage(err), tc.says, "the message names the limit")
			assert.Less(t, alloc, uint64(64<<20), "memory stays under 64 MB")
		})
	}
}

// smallHead is sheetHead without its far last row.
func smallHead() string {
	return strings.Replace(sheetHead, `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>末行</t></is></c></row>`, "", 1)
}

// overlapBomb is a two-row sheet with n identical merges: only the rows
// that exist may cost anything, and the second merge is refused.
func overlapBomb(t testing.TB, n int) []byte {
	head := smallHead()
	merges := strings.Repeat(`<mergeCell ref="C2:BL1048576"/>`, n)
	return zipBook(t, bookParts(head+fmt.Sprintf(`<mergeCells count="%d">%s</mergeCells></worksheet>`, n, merges)), nil)
}

func TestALedgerAtTheLimitsStillReads(t *testing.T) {
	var rows strings.Builder
	for r := 3; r <= 2000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>问题%d</t></is></c><c r="B%d" t="inlineStr"><is><t>措施</t></is></c>`+
			`<c r="IV%d" t="inlineStr"><is><t>宽</t></is></c></row>`, r, r, r/2, r, r)
	}
	head := strings.TrimSuffix(smallHead(), "</sheetData>")
	merges := `<mergeCells count="2"><mergeCell ref="A3:A4"/><mergeCell ref="C3:IV1999"/></mergeCells>`
	file := zipBook(t, bookParts(head+rows.String()+"</sheetData>"+merges+"</worksheet>"), nil)
	p, err := Read(bytes.NewReader(file), ReadOptions{})
	require.NoError(t, err)
	assert.NotEmpty(t, p.Problems)
}

// FuzzRead feeds mutated workbooks to Read under a memory cap: whatever
// the bytes, Read answers (an error or a plan) without allocating more
// than 64 MB. CI runs it for a fixed time: go test -run '^$' -fuzz FuzzRead
// -fuzztime 20s ./internal/sheet.
func FuzzRead(f *testing.F) {
	f.Add(mergeBomb(f, 2))
	f.Add(overlapBomb(f, 2))
	f.Add(zipBook(f, bookParts(sheetHead+`</worksheet>`), map[string]io.Reader{"xl/sharedStrings.xml": siReader(2000)}))
	f.Fuzz(func(t *testing.T, b []byte) {
		alloc := allocDuring(func() { _, _ = Read(bytes.NewReader(b), ReadOptions{}) })
		if alloc > 64<<20 {
			t.Fatalf("reading %d bytes allocated %.1f MB", len(b), float64(alloc)/(1<<20))
		}
	})
}
