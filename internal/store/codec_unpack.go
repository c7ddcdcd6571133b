package store

import (
	"encoding/binary"
	"strconv"

	"rectify/internal/ledger"
)

// unpackJSON appends the JSON a packed value stands for to out.
func unpackJSON(out, in []byte) ([]byte, error) {
	u := unpacker{in: in, out: out}
	if err := u.value(0); err != nil {
		return nil, err
	}
	if u.i != len(u.in) {
		return nil, errPackedCorrupt
	}
	return u.out, nil
}

// maxPackedDepth bounds nesting so a corrupt record cannot exhaust the
// stack; encoding/json refuses deeper documents anyway.
const maxPackedDepth = 10000

type unpacker struct {
	in      []byte
	i       int
	out     []byte
	scratch []byte
	times   []packedTime // read in full, in order, for tTimeRef
}

func (u *unpacker) byte() (byte, error) {
	if u.i >= len(u.in) {
		return 0, errPackedCorrupt
	}
	u.i++
	return u.in[u.i-1], nil
}

func (u *unpacker) uvarint() (uint64, error) {
	v, n := binary.Uvarint(u.in[u.i:])
	if n <= 0 {
		return 0, errPackedCorrupt
	}
	u.i += n
	return v, nil
}

func (u *unpacker) varint() (int64, error) {
	v, n := binary.Varint(u.in[u.i:])
	if n <= 0 {
		return 0, errPackedCorrupt
	}
	u.i += n
	return v, nil
}

// bytes reads a uvarint length and that many bytes.
func (u *unpacker) bytes() ([]byte, error) {
	n, err := u.uvarint()
	if err != nil {
		return nil, err
	}
	return u.take(n)
}

func (u *unpacker) take(n uint64) ([]byte, error) {
	if n > uint64(len(u.in)-u.i) {
		return nil, errPackedCorrupt
	}
	b := u.in[u.i : u.i+int(n)]
	u.i += int(n)
	return b, nil
}

func (u *unpacker) value(depth int) error {
	tag, err := u.byte()
	if err != nil {
		return err
	}
	switch {
	case tag >= tSmallInt:
		u.out = strconv.AppendInt(u.out, int64(tag-tSmallInt), 10)
		return nil
	case tag >= tShortStr:
		s, err := u.take(uint64(tag - tShortStr))
		u.out = ledger.AppendJSONString(u.out, s)
		return err
	case tag >= tCommon:
		if int(tag-tCommon) >= len(packedStrings) {
			return errPackedCorrupt
		}
		u.out = append(u.out, '"')
		u.out = append(u.out, packedStrings[tag-tCommon]...)
		u.out = append(u.out, '"')
		return nil
	}
	return u.tagged(tag, depth)
}

func (u *unpacker) tagged(tag byte, depth int) error {
	switch tag {
	case tNull:
		u.out = append(u.out, "null"...)
	case tFalse:
		u.out = append(u.out, "false"...)
	case tTrue:
		u.out = append(u.out, "true"...)
	case tObject, tArray, tShape:
		if depth >= maxPackedDepth {
			return errPackedCorrupt
		}
		switch tag {
		case tObject:
			return u.object(depth + 1)
		case tShape:
			return u.shaped(depth + 1)
		}
		return u.array(depth + 1)
	case tInt:
		n, err := u.varint()
		u.out = strconv.AppendInt(u.out, n, 10)
		return err
	case tNumber, tRawString:
		lit, err := u.bytes()
		u.out = append(u.out, lit...)
		return err
	case tString:
		s, err := u.bytes()
		u.out = ledger.AppendJSONString(u.out, s)
		return err
	case tCJK:
		b, err := u.bytes()
		if err != nil {
			return err
		}
		u.scratch, err = appendFromCJK(u.scratch[:0], b)
		u.out = ledger.AppendJSONString(u.out, u.scratch)
		return err
	case tDate:
		d, err := u.varint()
		u.out = appendDateJSON(u.out, d+dateBase)
		return err
	case tTime, tTimeNano, tTimeZone, tTimeRef:
		t, err := u.time(tag)
		u.out = t.appendJSON(u.out)
		return err
	default:
		return errPackedCorrupt
	}
	return nil
}

// time reads a time of the given tag, in full or by reference.
func (u *unpacker) time(tag byte) (packedTime, error) {
	if tag == tTimeRef {
		i, err := u.uvarint()
		if err != nil || i >= uint64(len(u.times)) {
			return packedTime{}, errPackedCorrupt
		}
		return u.times[i], nil
	}
	t, err := u.fullTime(tag)
	if err == nil {
		u.times = append(u.times, t)
	}
	return t, err
}

func (u *unpacker) fullTime(tag byte) (packedTime, error) {
	var t packedTime
	sec, err := u.varint()
	if err != nil {
		return t, err
	}
	t.sec = sec + timeBase
	if tag == tTime {
		return t, nil
	}
	ns, err := u.uvarint()
	if err != nil || ns >= 1e9 {
		return t, errPackedCorrupt
	}
	t.nsec = int64(ns)
	if tag == tTimeZone {
		off, err := u.varint()
		if err != nil || off < -86400 || off > 86400 {
			return t, errPackedCorrupt
		}
		t.offset, t.zoned = int(off), true
	}
	return t, nil
}

func (u *unpacker) object(depth int) error {
	u.out = append(u.out, '{')
	for first := true; ; first = false {
		k, err := u.byte()
		if err != nil {
			return err
		}
		if k == kEnd {
			u.out = append(u.out, '}')
			return nil
		}
		if !first {
			u.out = append(u.out, ',')
		}
		if k == kLiteral {
			lit, err := u.bytes()
			if err != nil {
				return err
			}
			u.out = append(append(u.out, lit...), ':')
		} else if name := packedKeyJSON[k]; name != nil {
			u.out = append(u.out, name...)
		} else {
			return errPackedCorrupt
		}
		if err := u.value(depth); err != nil {
			return err
		}
	}
}

// shapeBits reads a shape's byte and bitmap.
func (u *unpacker) shapeBits() (shape, bits []byte, err error) {
	id, err := u.byte()
	if err != nil || int(id) >= len(packedShapeKeys) {
		return nil, nil, errPackedCorrupt
	}
	shape = packedShapeKeys[id]
	bits, err = u.take(uint64(len(shape)+7) / 8)
	return shape, bits, err
}

func (u *unpacker) shaped(depth int) error {
	shape, bits, err := u.shapeBits()
	if err != nil {
		return err
	}
	u.out = append(u.out, '{')
	first := true
	for j, k := range shape {
		if bits[j/8]&(1<<(j%8)) == 0 {
			continue
		}
		if !first {
			u.out = append(u.out, ',')
		}
		first = false
		u.out = append(u.out, packedKeyJSON[k]...)
		if err := u.value(depth); err != nil {
			return err
		}
	}
	u.out = append(u.out, '}')
	return nil
}

func (u *unpacker) array(depth int) error {
	u.out = append(u.out, '[')
	for first := true; ; first = false {
		if u.i < len(u.in) && u.in[u.i] == tEnd {
			u.i++
			u.out = append(u.out, ']')
			return nil
		}
		if !first {
			u.out = append(u.out, ',')
		}
		if err := u.value(depth); err != nil {
			return err
		}
	}
}
