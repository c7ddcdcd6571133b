package docimport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"rectify/internal/ledger"
)

// maxInputBytes bounds the file read for one upload; real documents are
// a few hundred kilobytes, so anything larger is a mistake or an attack.
const maxInputBytes = 20 << 20

// errNoText is returned for input that holds nothing but white space and
// site clutter, so the user learns the upload was empty rather than
// seeing an empty draft.
var errNoText = errors.New("docimport: no text")

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	pdfMagic = []byte("%PDF")
	rtfMagic = []byte(`{\rtf`)
)

// ParseFile reads the .txt or .docx file at path and parses it. The format
// is taken from the content when it is recognisable and from the extension
// otherwise.
func ParseFile(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("docimport: %w", err)
	}
	defer f.Close()
	return ParseReader(f, path)
}

// ParseReader parses an uploaded file; name is the file name the user gave
// and is only used to guess the format. At most maxParallelParses run at
// once: a caller that finds them all busy for a few seconds gets an
// ERATELIMIT error to pass on (HTTP 429).
func ParseReader(r io.Reader, name string) (*Result, error) {
	leave, err := parses.enter()
	if err != nil {
		return nil, err
	}
	defer leave()
	b, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("docimport: read %s: %w", filepath.Base(name), err)
	}
	if len(b) > maxInputBytes {
		return nil, ledger.Reasonf(ledger.ETOOLARGE, ReasonTooLarge,
			"%s is larger than the limit of %d MB", filepath.Base(name), maxInputBytes>>20)
	}
	text, err := fileText(b, name)
	if err != nil {
		return nil, err
	}
	return ParseText(text)
}

// fileText extracts the text of an uploaded file. Content wins over the
// extension because users rename files freely.
func fileText(b []byte, name string) (string, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(b, zipMagic) || ext == ".docx":
		return docxText(b, true)
	case bytes.HasPrefix(b, oleMagic):
		return "", errors.New("docimport: Word 97-2003 (.doc/.wps) files are not supported; save the file as .docx or .txt")
	case bytes.HasPrefix(b, pdfMagic) || ext == ".pdf":
		return "", errors.New("docimport: PDF files are not supported; copy the text into a .txt file")
	case bytes.HasPrefix(b, rtfMagic):
		return "", errors.New("docimport: RTF files are not supported; save the file as .docx or .txt")
	}
	return DecodeText(b)
}

// ParseText parses already decoded text into documents. Text without any
// recognisable section still yields one Document, so the user can see
// what was (not) found; only empty text is an error.
func ParseText(text string) (*Result, error) {
	if len(text) > MaxTextBytes {
		return nil, errTextTooLarge()
	}
	if strings.TrimFunc(text, unicode.IsSpace) == "" {
		return nil, errNoText
	}
	b := newBuilder()
	found := false
	eachParagraph(cleanText(text), func(p para) {
		found = true
		b.add(p)
	})
	if !found {
		return nil, errNoText
	}
	return b.result(), nil
}
