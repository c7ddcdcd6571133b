package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
)

// tooLarge is the 413 for a workbook past one of the limits.
func tooLarge(format string, args ...any) error {
	return ledger.Reasonf(ledger.ETOOLARGE, ledger.ReasonSheetLimit, format, args...)
}

// checkPackage refuses a package whose directory breaks a size limit.
func checkPackage(zr *zip.Reader) error {
	if len(zr.File) > MaxParts {
		return tooLarge("文件内含%d个部件，超过%d个的限制", len(zr.File), MaxParts)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if strings.HasSuffix(strings.ToLower(f.Name), "sharedstrings.xml") && f.UncompressedSize64 > MaxSharedStringsBytes {
			return tooLarge("共享字符串表解压后超过%dMB的限制", MaxSharedStringsBytes>>20)
		}
	}
	if total > MaxUnzipBytes {
		return tooLarge("文件解压后超过%dMB的限制", MaxUnzipBytes>>20)
	}
	return nil
}

// sheetShape is what one pass over a sheet's XML found.
type sheetShape struct {
	rows   int // last row number
	merges []mergeRange
}

// scanSheet streams the sheet part of the named sheet, enforcing MaxRows,
// MaxColumns and MaxMerges, and collects the merged ranges. It reads tag
// by tag without building a tree, so its memory is the merges it keeps.
func scanSheet(files map[string]*zip.File, sheet string) (*sheetShape, error) {
	target, err := sheetPath(files, sheet)
	if err != nil {
		return nil, err
	}
	shape := &sheetShape{}
	f := files[target]
	if f == nil {
		return shape, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := &tagScanner{r: bufio.NewReaderSize(rc, 64<<10), shape: shape}
	return shape, sc.run()
}

// tagScanner walks start tags: <row r=…>, <c r=…> and <mergeCell ref=…>.
type tagScanner struct {
	r     *bufio.Reader
	shape *sheetShape
	col   int // last column of the current row
}

// maxTag bounds how much of one tag is read; attributes past it are lost,
// which at worst loses a merge, never memory.
const maxTag = 4 << 10

func (sc *tagScanner) run() error {
	for {
		if _, err := sc.r.ReadSlice('<'); err == io.EOF {
			return nil
		} else if err != nil && err != bufio.ErrBufferFull {
			return err
		} else if err == bufio.ErrBufferFull {
			continue
		}
		tag, err := sc.tag()
		if err != nil {
			return err
		}
		if err := sc.visit(tag); err != nil {
			return err
		}
	}
}

// tag reads up to the closing '>' of the tag just opened.
func (sc *tagScanner) tag() ([]byte, error) {
	var buf []byte
	for {
		b, err := sc.r.ReadSlice('>')
		if len(buf)+len(b) <= maxTag {
			buf = append(buf, b...)
		}
		switch err {
		case nil, io.EOF:
			return buf, nil
		case bufio.ErrBufferFull:
			continue
		default:
			return nil, err
		}
	}
}

func (sc *tagScanner) visit(tag []byte) error {
	name, attrs, _ := bytes.Cut(tag, []byte(" "))
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch string(name) {
	case "row":
		return sc.row(attrs)
	case "c":
		return sc.cell(attrs)
	case "mergeCell":
		return sc.merge(attrs)
	}
	return nil
}

func (sc *tagScanner) row(attrs []byte) error {
	n := sc.shape.rows + 1
	if v, ok := attr(attrs, "r"); ok {
		if r, err := strconv.Atoi(v); err == nil {
			n = r
		}
	}
	if n > MaxRows {
		return tooLarge("表格有第%d行，超过%d行的限制", n, MaxRows)
	}
	sc.shape.rows, sc.col = max(sc.shape.rows, n), 0
	return nil
}

func (sc *tagScanner) cell(attrs []byte) error {
	c := sc.col + 1
	if v, ok := attr(attrs, "r"); ok {
		if col, _, err := excelize.CellNameToCoordinates(v); err == nil {
			c = col
		}
	}
	if c > MaxColumns {
		name, _ := excelize.ColumnNumberToName(c)
		return tooLarge("表格第%d行有%s列的单元格，超过%d列的限制", sc.shape.rows, name, MaxColumns)
	}
	sc.col = c
	return nil
}

func (sc *tagScanner) merge(attrs []byte) error {
	ref, ok := attr(attrs, "ref")
	a, b, found := strings.Cut(ref, ":")
	if !ok || !found {
		return nil
	}
	if len(sc.shape.merges) >= MaxMerges {
		return tooLarge("表格的合并单元格超过%d处的限制", MaxMerges)
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 == nil && err2 == nil {
		sc.shape.merges = append(sc.shape.merges, mergeRange{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)})
	}
	return nil
}

// attr finds name="value" among a tag's attributes.
func attr(attrs []byte, name string) (string, bool) {
	for len(attrs) > 0 {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		k, rest, ok := bytes.Cut(attrs, []byte("="))
		if !ok || len(rest) == 0 {
			return "", false
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end < 0 {
			return "", false
		}
		if string(bytes.TrimSpace(k)) == name {
			return string(rest[1 : end+1]), true
		}
		attrs = rest[end+2:]
	}
	return "", false
}

// sheetPath finds the part holding the named sheet through the workbook
// and its relationships.
func sheetPath(files map[string]*zip.File, sheet string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for name, v := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &rels} {
		f := files[name]
		if f == nil {
			return "", nil
		}
		if err := decodeZipXML(f, v); err != nil {
			return "", err
		}
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", nil
}
