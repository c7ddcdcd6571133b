package docimport

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestDecodeText(t *testing.T) {
	const text = "一、存在的问题\n一是学习不深入。"
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	require.NoError(t, err)
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	require.NoError(t, err)
	tests := []struct {
		name string
		in   []byte
	}{
		{"UTF-8 is taken as it is", []byte(text)},
		{"a UTF-8 byte order mark is removed", append([]byte{0xEF, 0xBB, 0xBF}, text...)},
		{"text that is not UTF-8 is read as GB18030", gb},
		{"UTF-16 with a byte order mark (Notepad's Unicode) is decoded", utf16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeText(tt.in)
			require.NoError(t, err)
			assert.Equal(t, text, got)
		})
	}
}

func TestDecodeTextRefusesBinaryData(t *testing.T) {
	_, err := DecodeText([]byte("PK\x00\x00binary"))
	assert.EqualError(t, err, "docimport: the file is binary, not text")
}

func TestGB18030FixtureIsReallyGB18030(t *testing.T) {
	b, err := readFixture("gb18030_speech.txt")
	require.NoError(t, err)
	text, err := DecodeText(b)
	require.NoError(t, err)
	assert.NotEqual(t, string(b), text, "the fixture must not be valid UTF-8, or it tests nothing")
	assert.Contains(t, text, "王𠮷", "a four-byte GB18030 character decodes")
}
