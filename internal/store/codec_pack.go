package store

import (
	"encoding/binary"
	"errors"
	"slices"
)

// Version 3 of the record codec packs the JSON a record marshals to into
// tagged binary: one byte per known key (codec_table.go), strings with a
// length instead of quotes and escapes, integers as varints, dates as a
// day number and times as Unix seconds. It unpacks to the exact bytes it
// was packed from (json.Marshal output is compact; insignificant space in
// other input is dropped), so every value decodes as it did, and the hash
// chain, computed over canonical JSON of the changes, is untouched.
const codecPackedV3 = 0x03

var errPackedCorrupt = errors.New("store: corrupt packed record")

// packJSON appends the packed form of the JSON document in to out. The
// input must be valid JSON (json.Marshal output, or checked by the
// caller with json.Valid).
func packJSON(out, in []byte) ([]byte, error) {
	p := packer{in: in, out: out}
	if err := p.value(); err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i != len(p.in) {
		return nil, errPackedCorrupt
	}
	return p.out, nil
}

type packer struct {
	in       []byte
	i        int
	out      []byte
	scratch  []byte
	shapeBuf []byte
	times    []packedTime // written in full, in order, for tTimeRef
}

func (p *packer) skipSpace() {
	for p.i < len(p.in) {
		switch p.in[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *packer) value() error {
	p.skipSpace()
	if p.i >= len(p.in) {
		return errPackedCorrupt
	}
	switch c := p.in[p.i]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		lit, err := p.stringLit()
		if err != nil {
			return err
		}
		p.str(lit)
		return nil
	case 't':
		return p.literal("true", tTrue)
	case 'f':
		return p.literal("false", tFalse)
	case 'n':
		return p.literal("null", tNull)
	default:
		return p.number()
	}
}

func (p *packer) literal(word string, tag byte) error {
	if len(p.in)-p.i < len(word) || string(p.in[p.i:p.i+len(word)]) != word {
		return errPackedCorrupt
	}
	p.i += len(word)
	p.out = append(p.out, tag)
	return nil
}

// maxShapedKeys bounds the members an object may have to be shaped.
const maxShapedKeys = 48

func (p *packer) object() error {
	p.i++ // {
	start := len(p.out)
	p.out = append(p.out, tObject)
	var keys [maxShapedKeys]byte
	var offs [maxShapedKeys]int
	n, shapeable := 0, true
	for first := true; ; first = false {
		p.skipSpace()
		if p.i < len(p.in) && p.in[p.i] == '}' {
			p.i++
			p.out = append(p.out, kEnd)
			if shapeable && n > 0 {
				p.shape(start, keys[:n], offs[:n])
			}
			return nil
		}
		if !first {
			if p.in[p.i] != ',' {
				return errPackedCorrupt
			}
			p.i++
			p.skipSpace()
		}
		if p.i >= len(p.in) || p.in[p.i] != '"' {
			return errPackedCorrupt
		}
		lit, err := p.stringLit()
		if err != nil {
			return err
		}
		id, ok := packedKeyID[string(lit[1:len(lit)-1])]
		if shapeable = shapeable && ok && n < maxShapedKeys; shapeable {
			keys[n], offs[n] = id, len(p.out)
			n++
		}
		if ok {
			p.out = append(p.out, id)
		} else {
			p.out = append(p.out, kLiteral)
			p.out = binary.AppendUvarint(p.out, uint64(len(lit)))
			p.out = append(p.out, lit...)
		}
		p.skipSpace()
		if p.i >= len(p.in) || p.in[p.i] != ':' {
			return errPackedCorrupt
		}
		p.i++
		if err := p.value(); err != nil {
			return err
		}
	}
}

// shape rewrites the object packed from start (keys at offs, then their
// values, then kEnd) as a shape, if one holds its keys in order and the
// shape's bitmap is shorter than the key bytes.
func (p *packer) shape(start int, keys []byte, offs []int) {
	best, bestCost := -1, len(keys)+2
	for i, shape := range packedShapeKeys {
		if cost := 2 + (len(shape)+7)/8; cost < bestCost && isSubsequence(keys, shape) {
			best, bestCost = i, cost
		}
	}
	if best < 0 {
		return
	}
	shape := packedShapeKeys[best]
	b := append(p.shapeBuf[:0], tShape, byte(best))
	bits := len(b)
	b = append(b, make([]byte, (len(shape)+7)/8)...)
	j := 0
	for m, k := range keys {
		for shape[j] != k {
			j++
		}
		b[bits+j/8] |= 1 << (j % 8)
		end := len(p.out) - 1 // kEnd
		if m+1 < len(offs) {
			end = offs[m+1]
		}
		b = append(b, p.out[offs[m]+1:end]...)
	}
	p.shapeBuf = b
	p.out = append(p.out[:start], b...)
}

// isSubsequence reports whether keys occur in shape in the same order.
func isSubsequence(keys, shape []byte) bool {
	j := 0
	for _, k := range keys {
		for j < len(shape) && shape[j] != k {
			j++
		}
		if j == len(shape) {
			return false
		}
		j++
	}
	return true
}

func (p *packer) array() error {
	p.i++ // [
	p.out = append(p.out, tArray)
	for first := true; ; first = false {
		p.skipSpace()
		if p.i < len(p.in) && p.in[p.i] == ']' {
			p.i++
			p.out = append(p.out, tEnd)
			return nil
		}
		if !first {
			if p.i >= len(p.in) || p.in[p.i] != ',' {
				return errPackedCorrupt
			}
			p.i++
		}
		if err := p.value(); err != nil {
			return err
		}
	}
}

// stringLit consumes a string literal and returns it with its quotes.
func (p *packer) stringLit() ([]byte, error) {
	start := p.i
	for p.i++; p.i < len(p.in); p.i++ {
		switch p.in[p.i] {
		case '\\':
			p.i++
		case '"':
			p.i++
			return p.in[start:p.i], nil
		}
	}
	return nil, errPackedCorrupt
}

// str packs a string literal in the smallest form that unpacks to it.
func (p *packer) str(lit []byte) {
	s, exact := stringValue(lit)
	if !exact {
		p.out = append(p.out, tRawString)
		p.out = binary.AppendUvarint(p.out, uint64(len(lit)))
		p.out = append(p.out, lit...)
		return
	}
	if id, ok := packedStringID[string(s)]; ok {
		p.out = append(p.out, id)
		return
	}
	if days, ok := dateDays(s); ok {
		p.out = append(p.out, tDate)
		p.out = appendZigzag(p.out, days-dateBase)
		return
	}
	if t, ok := timeOf(lit); ok {
		p.time(t)
		return
	}
	p.text(s)
}

// text packs a string value that is no date, time or common string.
func (p *packer) text(s []byte) {
	if !isASCII(s) {
		if cjk, ok := appendCJK(p.scratch[:0], s); ok {
			p.scratch = cjk
			p.out = append(p.out, tCJK)
			p.out = binary.AppendUvarint(p.out, uint64(len(cjk)))
			p.out = append(p.out, cjk...)
			return
		}
	}
	if len(s) < maxShortStr {
		p.out = append(p.out, byte(tShortStr+len(s)))
	} else {
		p.out = append(p.out, tString)
		p.out = binary.AppendUvarint(p.out, uint64(len(s)))
	}
	p.out = append(p.out, s...)
}

// time writes t, or a reference to the same time written before in this
// record (a task's updated_at is its created_at until it changes, and a
// creation event's time is the record's created_at).
func (p *packer) time(t packedTime) {
	if i := slices.Index(p.times, t); i >= 0 {
		p.out = append(p.out, tTimeRef)
		p.out = binary.AppendUvarint(p.out, uint64(i))
		return
	}
	p.times = append(p.times, t)
	switch {
	case t.zoned:
		p.out = append(p.out, tTimeZone)
	case t.nsec != 0:
		p.out = append(p.out, tTimeNano)
	default:
		p.out = append(p.out, tTime)
	}
	p.out = appendZigzag(p.out, t.sec-timeBase)
	if t.zoned || t.nsec != 0 {
		p.out = binary.AppendUvarint(p.out, uint64(t.nsec))
	}
	if t.zoned {
		p.out = appendZigzag(p.out, int64(t.offset))
	}
}

func (p *packer) number() error {
	start := p.i
	for p.i < len(p.in) {
		c := p.in[p.i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			p.i++
			continue
		}
		break
	}
	lit := p.in[start:p.i]
	if len(lit) == 0 {
		return errPackedCorrupt
	}
	n, ok := canonicalInt(lit)
	switch {
	case ok && n >= 0 && n < maxSmallInt:
		p.out = append(p.out, byte(tSmallInt+n))
	case ok:
		p.out = append(p.out, tInt)
		p.out = appendZigzag(p.out, n)
	default:
		p.out = append(p.out, tNumber)
		p.out = binary.AppendUvarint(p.out, uint64(len(lit)))
		p.out = append(p.out, lit...)
	}
	return nil
}

func isASCII(s []byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
