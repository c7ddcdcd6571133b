package docimport

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// DecodeText turns the bytes of a plain-text upload into a string. Files
// saved by Chinese Windows tools are often GB18030 (or its subset GBK)
// rather than UTF-8, and Notepad's "Unicode" is UTF-16 with a BOM; valid
// UTF-8 is taken as it is, with any BOM removed.
func DecodeText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, utf8BOM):
		return string(bytes.ToValidUTF8(b[len(utf8BOM):], []byte("\uFFFD"))), nil
	case bytes.HasPrefix(b, utf16LEBOM), bytes.HasPrefix(b, utf16BEBOM):
		return decodeUTF16(b)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", errors.New("docimport: the file is binary, not text")
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("docimport: text is neither UTF-8 nor GB18030: %w", err)
	}
	return string(out), nil
}

// decodeUTF16 decodes text that starts with a UTF-16 byte order mark.
func decodeUTF16(b []byte) (string, error) {
	dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	out, err := dec.Bytes(b)
	if err != nil {
		return "", fmt.Errorf("docimport: decode UTF-16 text: %w", err)
	}
	return string(out), nil
}
