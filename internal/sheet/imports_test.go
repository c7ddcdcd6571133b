package sheet_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSheetAndReportDoNotImportTheStore keeps the storage seam: the rows
// they work on are the ledger's and the methods they call are declared
// by them, so a second backend needs no change here.
func TestSheetAndReportDoNotImportTheStore(t *testing.T) {
	for _, dir := range []string{".", "../report"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range ast.Imports {
				assert.NotEqual(t, `"rectify/internal/store"`, imp.Path.Value, "%s imports the store", f)
			}
		}
	}
}
