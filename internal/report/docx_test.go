package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTablesSpanTheTextWidthOfThePage(t *testing.T) {
	for name, cols := range map[string][]column{"branches": branchColumns, "open": openColumns, "rebounds": reboundColumns} {
		assert.Equal(t, textWidth, sumWidths(cols), name)
		for _, c := range cols {
			// A heading must fit on at most two lines at 五号 (210 twips a
			// character, 170 of cell margins).
			assert.LessOrEqual(t, len([]rune(c.title)), 2*((c.width-170)/210), "%s: %s", name, c.title)
		}
	}
}

func TestEscapeKeepsTextAndDropsWhatXMLCannotHold(t *testing.T) {
	assert.Equal(t, "a&lt;b&gt; &amp; &quot;c&quot;\t中文", escape("a<b> & \"c\"\t中文\x00\x01\x1f\uFFFE"+string([]byte{0xff})))
}
