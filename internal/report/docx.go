package report

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// docx writes a WordprocessingML package by hand: the fixed parts first,
// then word/document.xml streamed paragraph by paragraph, so a long report
// never sits in memory. Errors are sticky: the first one stops all
// further output and is returned by close.
type docx struct {
	zw  *zip.Writer
	w   *bufio.Writer
	err error
}

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPR  = "http://schemas.openxmlformats.org/package/2006/relationships"
	relOD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctW   = "application/vnd.openxmlformats-officedocument.wordprocessingml."
)

// textWidth is the width of the text area of an A4 page with the margins
// of an official document (公文), in twentieths of a point.
const textWidth = 8844

// newDocx starts a document; footerNote, when set, is printed under the
// page number on every page.
func newDocx(w io.Writer, title string, now time.Time, footerNote string) *docx {
	d := &docx{zw: zip.NewWriter(w)}
	ts := now.UTC().Format(time.RFC3339)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", `<Relationships xmlns="` + nsPR + `">` +
			`<Relationship Id="rId1" Type="` + relOD + `officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + relOD + `extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + escape(title) + `</dc:title><dc:creator>rectify</dc:creator><dc:language>zh-CN</dc:language>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>` +
			`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified></cp:coreProperties>`},
		{"docProps/app.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>rectify</Application></Properties>`},
		{"word/_rels/document.xml.rels", `<Relationships xmlns="` + nsPR + `">` +
			`<Relationship Id="rId1" Type="` + relOD + `styles" Target="styles.xml"/>` +
			`<Relationship Id="rId2" Type="` + relOD + `fontTable" Target="fontTable.xml"/>` +
			`<Relationship Id="rId3" Type="` + relOD + `settings" Target="settings.xml"/>` +
			`<Relationship Id="rId4" Type="` + relOD + `footer" Target="footer1.xml"/></Relationships>`},
		{"word/styles.xml", stylesXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/settings.xml", `<w:settings xmlns:w="` + nsW + `"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>` +
			`<w:characterSpacingControl w:val="compressPunctuation"/>` +
			`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`},
		{"word/footer1.xml", `<w:ftr xmlns:w="` + nsW + `"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>` +
			`<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
			`<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
			`<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>` + footerPara(footerNote) + `</w:ftr>`},
	}
	for _, p := range parts {
		d.part(p.name, xml.Header+p.body)
	}
	if d.err == nil {
		var f io.Writer
		f, d.err = d.zw.Create("word/document.xml")
		d.w = bufio.NewWriterSize(f, 64<<10)
	}
	d.raw(xml.Header + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	return d
}

const contentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="` + ctW + `document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="` + ctW + `styles+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="` + ctW + `fontTable+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="` + ctW + `settings+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="` + ctW + `footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

func (d *docx) part(name, body string) {
	if d.err != nil {
		return
	}
	var f io.Writer
	if f, d.err = d.zw.Create(name); d.err == nil {
		_, d.err = io.WriteString(f, body)
	}
}

func (d *docx) raw(s string) {
	if d.err == nil {
		_, d.err = d.w.WriteString(s)
	}
}

// close ends the body with the A4 section of an official document and
// finishes the package.
func (d *docx) close() error {
	d.raw(`<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1304" w:gutter="0"/>` +
		`<w:cols w:space="425"/></w:sectPr></w:body></w:document>`)
	if d.err == nil {
		d.err = d.w.Flush()
	}
	if err := d.zw.Close(); d.err == nil {
		d.err = err
	}
	return d.err
}

// para writes a paragraph of the given style; new lines become line breaks.
func (d *docx) para(style, text string) {
	d.raw(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>` + runs(text, false) + `</w:p>`)
}

// runs renders text as runs, with line breaks and tabs as Word wants them.
func runs(text string, bold bool) string {
	var b strings.Builder
	rpr := ""
	if bold {
		rpr = `<w:rPr><w:b/><w:bCs/></w:rPr>`
	}
	for i, line := range strings.Split(text, "\n") {
		b.WriteString(`<w:r>` + rpr)
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, seg := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if seg != "" {
				b.WriteString(`<w:t xml:space="preserve">` + escape(seg) + `</w:t>`)
			}
		}
		b.WriteString(`</w:r>`)
	}
	return b.String()
}

// column is one column of a table: its heading, width (twips) and
// alignment of its cells.
type column struct {
	title string
	width int
	align string // left, center, right
}

// table starts a table with a header row repeated on every page.
func (d *docx) table(cols []column) {
	d.raw(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(sumWidths(cols)) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.raw(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	d.raw(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>` +
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		d.raw(`<w:gridCol w:w="` + fmt.Sprint(c.width) + `"/>`)
	}
	d.raw(`</w:tblGrid>`)
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.title
	}
	d.row(cols, titles, true)
}

// row writes one table row; a header row is shaded, bold and repeated.
func (d *docx) row(cols []column, cells []string, header bool) {
	d.raw(`<w:tr><w:trPr><w:cantSplit/>`)
	if header {
		d.raw(`<w:tblHeader/>`)
	}
	d.raw(`</w:trPr>`)
	for i, c := range cols {
		text, align, style := "", c.align, "TableText"
		if i < len(cells) {
			text = cells[i]
		}
		d.raw(`<w:tc><w:tcPr><w:tcW w:w="` + fmt.Sprint(c.width) + `" w:type="dxa"/>`)
		if header {
			d.raw(`<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>`)
			align, style = "center", "TableHeading"
		}
		d.raw(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="` + style + `"/><w:jc w:val="` + align + `"/></w:pPr>` +
			runs(text, false) + `</w:p></w:tc>`)
	}
	d.raw(`</w:tr>`)
}

func (d *docx) endTable() { d.raw(`</w:tbl>`) }

func sumWidths(cols []column) int {
	n := 0
	for _, c := range cols {
		n += c.width
	}
	return n
}

// escape makes s safe as XML character data, dropping characters XML 1.0
// cannot carry (control characters pasted from other programs) and bytes
// that are not UTF-8.
func escape(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				continue
			}
		}
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// footerPara is a small second footer line, or nothing.
func footerPara(text string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(text))
	return `<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t xml:space="preserve">` +
		b.String() + `</w:t></w:r></w:p>`
}
