package docimport

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDocxText(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"each paragraph is a line and runs join without spaces",
			wp(wr("一、存在"), wr("的问题")) + wpText("一是学习不深入。"),
			"一、存在的问题\n一是学习不深入。\n"},
		{"w:tab is a tab and w:br a line break, but tab stops are not tabs",
			wp(wr("一、"), wtab, wr("存在的问题"), wbr, wr("（一）")),
			"一、\t存在的问题\n（一）\n"},
		{"a table row with several cells is one tab-separated line",
			wtable([]string{"序号", "整改措施"}, []string{"1", "加强学习"}),
			"序号\t整改措施\n1\t加强学习\n"},
		{"a one-cell layout table keeps its paragraphs as lines",
			`<w:tbl><w:tr><w:tc>` + wpText("标题") + wpText("正文。") + `</w:tc></w:tr></w:tbl>`,
			"标题\n正文。\n"},
		{"a table nested in a cell becomes text of the enclosing cell",
			`<w:tbl><w:tr><w:tc>` + wpText("外") + wtable([]string{"甲", "乙"}) + `</w:tc><w:tc>` + wpText("右") + `</w:tc></w:tr></w:tbl>`,
			"外 甲 乙\t右\n"},
		{"a text box is read once although Word stores it twice",
			textBox("内部资料"),
			"\n内部资料\n\n"},
		{"field codes and deleted text are not read",
			wp(`<w:r><w:instrText>TOC \o</w:instrText></w:r>`, `<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>`, wr("留下的")),
			"留下的\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := buildDocx(tt.body)
			require.NoError(t, err)
			got, err := DocxText(b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDocxTextErrors(t *testing.T) {
	var noDocument bytes.Buffer
	zw := zip.NewWriter(&noDocument)
	_, err := zw.Create("xl/workbook.xml")
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	broken, err := buildDocx(`<w:p><w:r><w:t>未闭合`)
	require.NoError(t, err)

	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"bytes that are not a zip archive", []byte("plain text"), "docimport: not a .docx file: zip: not a valid zip file"},
		{"a zip archive without word/document.xml", noDocument.Bytes(), "docimport: not a .docx file: it has no word/document.xml"},
		{"a document.xml that is not well-formed XML", broken, "docimport: read word/document.xml: XML syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused with a clear error", func(t *testing.T) {
			_, err := DocxText(tt.in)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tt.want), err.Error())
		})
	}
}
