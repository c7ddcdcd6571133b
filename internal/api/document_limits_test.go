package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nestedDocx is a .docx whose document.xml nests n paragraphs, the
// upload that once took the server's memory (issue 12).
func nestedDocx(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	require.NoError(t, err)
	_, err = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		strings.Repeat("<w:p>", n) + `<w:r><w:t>x</w:t></w:r>` + strings.Repeat("</w:p>", n) + `</w:body></w:document>`))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestImportDocumentRouteNamesTheLimitAnUploadHits(t *testing.T) {
	e := newSheetEnv(t)
	errorOf := func(body []byte) (code, message string) {
		var out ErrorBody
		require.NoError(t, json.Unmarshal(body, &out))
		return out.Error.Code, out.Error.Message
	}

	rec := e.upload("/import/document", "o1", "nested.docx", nestedDocx(t, 3000), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	_, msg := errorOf(rec.Body.Bytes())
	assert.Equal(t, "word/document.xml nests elements deeper than the limit of 100 levels", msg)

	rec = e.upload("/import/document", "o1", "long.txt", bytes.Repeat([]byte("问题"), 3<<20/6+1), nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	code, msg := errorOf(rec.Body.Bytes())
	assert.Equal(t, "too_large", code)
	assert.Equal(t, "the document's text is larger than the limit of 1 MB", msg)
}
