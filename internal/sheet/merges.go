package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// mergeRange is a merged block of cells, 1-based and inclusive.
type mergeRange struct{ c1, r1, c2, r2 int }

var reMergeRef = regexp.MustCompile(`<(?:\w+:)?mergeCell\s+ref="([A-Za-z]+\d+):([A-Za-z]+\d+)"`)

// mergedRanges reads the merged ranges of a sheet straight from the
// package. excelize's GetMergeCells first joins overlapping ranges by
// comparing every pair, which takes minutes for the 100,000 merges of a
// large ledger; a file written by Excel, WPS or an export never overlaps.
func mergedRanges(pkg []byte, sheet string) ([]mergeRange, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	target, err := sheetPath(files, sheet)
	if err != nil || files[target] == nil {
		return nil, err
	}
	body, err := readZip(files[target], maxUnzipBytes)
	if err != nil {
		return nil, err
	}
	i := bytes.Index(body, []byte("mergeCells"))
	if i < 0 {
		return nil, nil
	}
	var out []mergeRange
	for _, m := range reMergeRef.FindAllSubmatch(body[i:], -1) {
		c1, r1, err1 := excelize.CellNameToCoordinates(string(m[1]))
		c2, r2, err2 := excelize.CellNameToCoordinates(string(m[2]))
		if err1 == nil && err2 == nil {
			out = append(out, mergeRange{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)})
		}
	}
	return out, nil
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
		b, err := readZip(f, 16<<20)
		if err != nil {
			return "", err
		}
		if err := xml.Unmarshal(b, v); err != nil {
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

func readZip(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, limit))
}
