package docimport

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// maxParseMemory is what one hostile upload may make the parser allocate
// in all (issue 12: under 64 MB).
const maxParseMemory = 64 << 20

// measure parses b as an upload and returns the bytes allocated and the
// error; the time taken is logged, never asserted.
func measure(t *testing.T, b []byte, name string) (uint64, error) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := ParseReader(bytes.NewReader(b), name)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%s: %d bytes in, %.1f MB allocated, %v, error: %v", name, len(b), float64(alloc)/(1<<20), elapsed, err)
	return alloc, err
}

// nestedParagraphs is a document.xml of n paragraphs nested in one
// another around a single run, the shape that made memory grow with n².
func nestedParagraphs(n int, text string) string {
	return documentHead + strings.Repeat("<w:p>", n) + wr(text) + strings.Repeat("</w:p>", n) + documentTail
}

func TestNestedParagraphsCostLinearMemory(t *testing.T) {
	t.Run("3,000 nested paragraphs (a 32 KB file) are refused for their depth", func(t *testing.T) {
		b, err := zipDocx(nestedParagraphs(3000, "x"), 8)
		require.NoError(t, err)
		alloc, err := measure(t, b, "nested.docx")
		assert.Equal(t, ledger.EUNPROCESS, ledger.ErrorCode(err))
		assert.Equal(t, ReasonTooDeep, ledger.ErrorReason(err))
		assert.Contains(t, ledger.ErrorMessage(err), "deeper than the limit of 100 levels")
		assert.Less(t, alloc, uint64(maxParseMemory))
	})
	t.Run("nesting just under the depth limit around text just under its limit stays linear", func(t *testing.T) {
		b, err := zipDocx(nestedParagraphs(MaxXMLDepth-10, strings.Repeat("学习不深入。", (MaxTextBytes-4096)/18)), 8)
		require.NoError(t, err)
		alloc, err := measure(t, b, "nested.docx")
		require.NoError(t, err)
		assert.Less(t, alloc, uint64(maxParseMemory))
	})
}

// variedParagraphs is about size bytes of numbered paragraphs that differ
// from each other, so that the file is not a deflate best case.
func variedParagraphs(size, perParagraph int) string {
	var body strings.Builder
	for i := 0; body.Len() < size; i++ {
		var p strings.Builder
		for j := 0; p.Len() < perParagraph; j++ {
			fmt.Fprintf(&p, "学习贯彻第%d项要求不够深入，整改时限%d月%d日前。", (i*31+j)*7919%100003, j%12+1, i%28+1)
		}
		body.WriteString(wpText(fmt.Sprintf("%d.%s", i, p.String())))
	}
	return body.String()
}

func TestLargeTextIsRefusedNamingTheLimit(t *testing.T) {
	t.Run("a .docx whose text expands to 19 MB is refused", func(t *testing.T) {
		b, err := buildDocx(variedParagraphs(19<<20, 4096))
		require.NoError(t, err)
		alloc, err := measure(t, b, "big.docx")
		assert.Equal(t, ledger.ETOOLARGE, ledger.ErrorCode(err))
		assert.Equal(t, ReasonXMLTooLarge, ledger.ErrorReason(err))
		assert.Equal(t, "word/document.xml expands to more than the limit of 16 MB", ledger.ErrorMessage(err))
		assert.Less(t, alloc, uint64(maxParseMemory))
	})
	t.Run("a .docx with 3 MB of text in less XML than its limit is refused for its text", func(t *testing.T) {
		b, err := buildDocx(variedParagraphs(3<<20, 4096))
		require.NoError(t, err)
		alloc, err := measure(t, b, "big.docx")
		assert.Equal(t, ledger.ETOOLARGE, ledger.ErrorCode(err))
		assert.Equal(t, ReasonTextTooLarge, ledger.ErrorReason(err))
		assert.Equal(t, "the document's text is larger than the limit of 1 MB", ledger.ErrorMessage(err))
		assert.Less(t, alloc, uint64(maxParseMemory))
	})
	t.Run("the costliest text per byte, short numbered lines up to the limit, stays under the memory cap", func(t *testing.T) {
		alloc, err := measure(t, []byte(strings.Repeat("1.学\n", (MaxTextBytes-1)/7)), "lines.txt")
		require.NoError(t, err)
		assert.Less(t, alloc, uint64(maxParseMemory))
	})
	t.Run("plain text has the same limit", func(t *testing.T) {
		_, err := ParseText(strings.Repeat("问", MaxTextBytes/3+1))
		assert.Equal(t, ReasonTextTooLarge, ledger.ErrorReason(err))
	})
	t.Run("text just under the limit is parsed in bounded memory", func(t *testing.T) {
		b, err := buildDocx(variedParagraphs(MaxTextBytes-64<<10, 4096))
		require.NoError(t, err)
		alloc, err := measure(t, b, "long.docx")
		require.NoError(t, err)
		assert.Less(t, alloc, uint64(maxParseMemory))
	})
}

func TestInflatedDocumentXMLIsRefused(t *testing.T) {
	// White space between elements inflates well and writes no text.
	xml := documentHead + strings.Repeat(" ", MaxDocumentXMLBytes) + documentTail
	b, err := zipDocx(xml, 8)
	require.NoError(t, err)
	alloc, err := measure(t, b, "bomb.docx")
	assert.Equal(t, ReasonXMLTooLarge, ledger.ErrorReason(err))
	assert.Contains(t, ledger.ErrorMessage(err), "limit of 16 MB")
	assert.Less(t, alloc, uint64(maxParseMemory))
}

func TestBusyParserAnswersRateLimited(t *testing.T) {
	saved := parses
	t.Cleanup(func() { parses = saved })
	parses = newGate(1, 0)
	leave, err := parses.enter()
	require.NoError(t, err)

	_, err = ParseReader(strings.NewReader("一、存在的问题\n一是学习不深入。"), "a.txt")
	assert.Equal(t, ledger.ERATELIMIT, ledger.ErrorCode(err))
	assert.Equal(t, ReasonBusy, ledger.ErrorReason(err))

	leave()
	res, err := ParseReader(strings.NewReader("一、存在的问题\n一是学习不深入。"), "a.txt")
	require.NoError(t, err, "a freed slot is taken by the next upload")
	assert.Len(t, res.Documents[0].Problems, 1)
}
