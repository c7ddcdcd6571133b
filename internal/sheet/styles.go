package sheet

import "github.com/xuri/excelize/v2"

// font is the sheet font; Office and WPS on Chinese systems have it, and
// LibreOffice substitutes a CJK font when it is missing.
const font = "宋体"

// styles are the cell styles of an export, created once per workbook.
type styles struct {
	title, header, text, center, date int
	number, percent                   int
	branch                            []int // 单位 name indented by depth
}

// maxIndent bounds the indentation of the statistics' branch names.
const maxIndent = 6

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	body := &excelize.Font{Family: font, Size: 10.5}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	dateFmt := `yyyy"年"m"月"d"日"`
	defs := []*excelize.Style{
		{Font: &excelize.Font{Family: font, Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: &excelize.Font{Family: font, Size: 11, Bold: true}, Alignment: center, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}},
		{Font: body, Alignment: left, Border: border},
		{Font: body, Alignment: center, Border: border},
		{Font: body, Alignment: center, Border: border, CustomNumFmt: &dateFmt},
		{Font: body, Alignment: center, Border: border, NumFmt: 1},
		{Font: body, Alignment: center, Border: border, NumFmt: 10},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	s := &styles{title: ids[0], header: ids[1], text: ids[2], center: ids[3], date: ids[4], number: ids[5], percent: ids[6]}
	for depth := 0; depth <= maxIndent; depth++ {
		id, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: font, Size: 10.5, Bold: depth == 0}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: depth, WrapText: true}})
		if err != nil {
			return nil, err
		}
		s.branch = append(s.branch, id)
	}
	return s, f.SetDefaultFont(font)
}
