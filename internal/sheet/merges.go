package sheet

import (
	"archive/zip"
	"encoding/xml"
	"io"

	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
)

// mergeRange is a merged block of cells, 1-based and inclusive.
type mergeRange struct{ c1, r1, c2, r2 int }

// maxWorkbookXML bounds workbook.xml and its relationships, which list
// sheets, not cells.
const maxWorkbookXML = 4 << 20

// decodeZipXML decodes a small part of the package.
func decodeZipXML(f *zip.File, v any) error {
	if f.UncompressedSize64 > maxWorkbookXML {
		return tooLarge("工作簿目录超过%dMB的限制", maxWorkbookXML>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, maxWorkbookXML)).Decode(v)
}

// fillMerges gives every cell of a merged range its top-left value, as a
// reader of the printed sheet sees it. Only the rows the sheet has and
// the columns read are filled, and a cell two ranges claim is refused, so
// the work is at most one step per cell of the grid.
func (g *grid) fillMerges(merges []mergeRange) error {
	taken := make([][]bool, len(g.text))
	for _, m := range merges {
		for r := m.r1; r <= min(m.r2, len(g.text)); r++ {
			if taken[r-1] == nil {
				taken[r-1] = make([]bool, readColumns)
			}
			for c := m.c1; c <= min(m.c2, readColumns); c++ {
				if taken[r-1][c-1] {
					return ledger.Reasonf(ledger.EUNPROCESS, ledger.ReasonSheetMergesOverlap,
						"合并单元格「%s」与其他合并单元格重叠，文件可能已损坏；请在 Excel 中取消合并后重新合并", m.ref())
				}
				taken[r-1][c-1] = true
				if r != m.r1 || c != m.c1 {
					g.copy(m.r1-1, m.c1-1, r-1, c-1)
				}
			}
		}
	}
	return nil
}

func (m mergeRange) ref() string {
	a, _ := excelize.CoordinatesToCellName(m.c1, m.r1)
	b, _ := excelize.CoordinatesToCellName(m.c2, m.r2)
	return a + ":" + b
}

// copy sets cell (r, c) to the value of cell (fr, fc).
func (g *grid) copy(fr, fc, r, c int) {
	v := ""
	if fr < len(g.text) && fc < len(g.text[fr]) {
		v = g.text[fr][fc]
	}
	for len(g.text[r]) <= c {
		g.text[r] = append(g.text[r], "")
	}
	g.text[r][c] = v
}
