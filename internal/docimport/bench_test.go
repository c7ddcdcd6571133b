package docimport

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkParseText measures a realistic document and the kind of input
// that costs most per byte (millions of short numbered lines).
func BenchmarkParseText(b *testing.B) {
	raw, err := readFixture("branch_inline.txt")
	require.NoError(b, err)
	inputs := []struct{ name, text string }{
		{"branch material", string(raw)},
		{"one MB (the limit) of short numbered lines", strings.Repeat("1.学\n", (MaxTextBytes-1)/7)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			for b.Loop() {
				if _, err := ParseText(in.text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
