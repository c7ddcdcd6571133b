package docimport

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden .json files in testdata")

// TestParseFileMatchesGolden parses every sample document in testdata and
// compares the result with the reviewed golden file beside it.
func TestParseFileMatchesGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	require.NoError(t, err)
	var samples []string
	for _, f := range files {
		if ext := filepath.Ext(f); ext == ".txt" || ext == ".docx" {
			samples = append(samples, f)
		}
	}
	require.NotEmpty(t, samples)
	for _, sample := range samples {
		t.Run(filepath.Base(sample)+" parses as its golden file says", func(t *testing.T) {
			res, err := ParseFile(sample)
			require.NoError(t, err)
			got, err := json.MarshalIndent(res, "", "  ")
			require.NoError(t, err)
			golden := strings.TrimSuffix(sample, filepath.Ext(sample)) + ".json"
			if *update {
				require.NoError(t, os.WriteFile(golden, append(got, '\n'), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create the golden file, then review it")
			assert.JSONEq(t, string(want), string(got))
		})
	}
}

func readFixture(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", name))
}

func TestParseTextRefusesEmptyText(t *testing.T) {
	tests := []struct{ name, text string }{
		{"an empty file", ""},
		{"a file of white space and full-width spaces", " \n\t\u3000\r\n"},
		{"a file of nothing but site clutter", "来源：XX网\n\n上一篇：XX\n- 3 -\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is reported as having no text", func(t *testing.T) {
			_, err := ParseText(tt.text)
			assert.EqualError(t, err, "docimport: no text")
		})
	}
}

func TestParseTextWithoutProblemSectionStillReturnsADocument(t *testing.T) {
	res, err := ParseText("关于近期工作的一点体会\n这是一篇普通的文章。\n我们要继续努力。\n")
	require.NoError(t, err)
	require.Len(t, res.Documents, 1)
	doc := res.Documents[0]
	assert.Equal(t, "关于近期工作的一点体会", doc.Title)
	assert.Empty(t, doc.Problems)
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"problems":[]`, "empty lists are [] for the review page, not null")
}

func TestParseReaderRefusesFilesItCannotRead(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"a .docx that is not a zip archive", "材料.docx", []byte("not a zip"), "docimport: not a .docx file: zip: not a valid zip file"},
		{"a Word 97-2003 file", "材料.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "docimport: Word 97-2003 (.doc/.wps) files are not supported; save the file as .docx or .txt"},
		{"a PDF", "材料.pdf", []byte("%PDF-1.7"), "docimport: PDF files are not supported; copy the text into a .txt file"},
		{"a file over 20 MB", "big.txt", bytes.Repeat([]byte("问"), maxInputBytes/3+1), "ledger: too_large: big.txt is larger than the limit of 20 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused with a clear error", func(t *testing.T) {
			_, err := ParseReader(bytes.NewReader(tt.data), tt.file)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestParseReaderSniffsADocxWhateverItsName(t *testing.T) {
	b, err := buildDocx(wpText("一、存在的问题") + wpText("一是学习不深入。"))
	require.NoError(t, err)
	res, err := ParseReader(bytes.NewReader(b), "upload")
	require.NoError(t, err)
	require.Len(t, res.Documents, 1)
	require.Len(t, res.Documents[0].Problems, 1)
	assert.Equal(t, "学习不深入", res.Documents[0].Problems[0].Title)
}

func TestParseFileReportsAMissingFile(t *testing.T) {
	_, err := ParseFile(filepath.Join(t.TempDir(), "missing.txt"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "docimport: open ")
}
