package docimport

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"rectify/internal/ledger"
)

// DocxText extracts the text of a WordprocessingML (.docx) file: one line
// per paragraph, w:tab as a tab and w:br as a line break. Table rows with
// several cells become one line with the cells separated by tabs; a
// single-cell row (a layout table) keeps its paragraphs as lines.
func DocxText(b []byte) (string, error) {
	return docxText(b, false)
}

// docxText extracts the text of a .docx; marked asks for the rows of
// tables as the parser reads them (rowMark, merged cells filled in).
func docxText(b []byte, marked bool) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", fmt.Errorf("docimport: not a .docx file: %w", err)
	}
	f := findPart(zr, "word/document.xml")
	if f == nil {
		return "", errors.New("docimport: not a .docx file: it has no word/document.xml")
	}
	// The size in the zip header is the writer's claim; the reader below
	// counts what really inflates.
	if f.UncompressedSize64 > MaxDocumentXMLBytes {
		return "", errXMLTooLarge()
	}
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("docimport: open word/document.xml: %w", err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: MaxDocumentXMLBytes + 1}
	text, err := wordText(lr, marked)
	switch {
	case lr.N <= 0:
		return "", errXMLTooLarge()
	case err != nil && ledger.ErrorCode(err) != ledger.EINTERNAL:
		return "", err
	case err != nil:
		return "", fmt.Errorf("docimport: read word/document.xml: %w", err)
	}
	return text, nil
}

// findPart finds a zip entry by name; some tools write names with
// different case or a leading slash.
func findPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f
		}
	}
	return nil
}

// wordText walks the XML of a document part and writes its text. It
// stops at the first element nested deeper than MaxXMLDepth and as soon as
// the text passes MaxTextBytes, so neither costs more than the limit.
func wordText(r io.Reader, marked bool) (string, error) {
	d := xml.NewDecoder(r)
	w := wordWriter{marked: marked}
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return w.out.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > MaxXMLDepth {
				return "", errTooDeep()
			}
			w.start(t.Name.Local, t.Attr)
		case xml.EndElement:
			depth--
			w.end(t.Name.Local)
		case xml.CharData:
			w.chars(t)
		}
		if w.size > MaxTextBytes {
			return "", errTextTooLarge()
		}
	}
}
