package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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
