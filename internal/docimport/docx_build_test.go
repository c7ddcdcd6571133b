package docimport

import (
	"archive/zip"
	"bytes"
	"html"
	"strings"
	"time"
)

// This file builds minimal .docx files for tests: just the three parts
// Word needs ([Content_Types].xml, _rels/.rels, word/document.xml).

const (
	contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	relsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	documentHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>`
	documentTail = `<w:sectPr/></w:body></w:document>`
)

// buildDocx zips a document body (the XML inside w:body) into a .docx.
func buildDocx(body string) ([]byte, error) {
	return zipDocx(documentHead+body+documentTail, zip.Deflate)
}

// zipDocx zips a complete word/document.xml into a .docx, compressed with
// method (zip.Store is much faster for fuzzing). The timestamps are fixed
// so the bytes are the same on every run.
func zipDocx(documentXML string, method uint16) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", relsXML},
		{"word/document.xml", documentXML},
	}
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// wr is a run of text; Word splits text into runs wherever formatting
// (or spell checking) changes, often in the middle of a word.
func wr(text string) string {
	return `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r>`
}

// wp is a paragraph of runs, with paragraph properties that define a tab
// stop (which must not be read as a tab character).
func wp(runs ...string) string {
	return `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>` + strings.Join(runs, "") + `</w:p>`
}

// wpText is a paragraph of one run.
func wpText(text string) string {
	return wp(wr(text))
}

// wtab and wbr are a tab and a line break inside a run.
const (
	wtab = `<w:r><w:tab/></w:r>`
	wbr  = `<w:r><w:br/></w:r>`
)

// wtable is a table; each row is a list of cells, each cell one paragraph.
func wtable(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr/>`)
	for _, row := range rows {
		b.WriteString(`<w:tr>`)
		for _, cell := range row {
			b.WriteString(`<w:tc><w:tcPr/>` + wpText(cell) + `</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}
