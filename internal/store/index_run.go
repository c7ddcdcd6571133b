package store

import (
	"encoding/binary"
	"slices"
)

// Tuples and runs of the packed indexes: their encodings (see the layout
// at the top of index_pack.go).

// tuple is one entry of a packed index.
type tuple []uint64

const (
	maxRunBytes = 256
	maxArity    = 8
	smallStep   = 31 // increases below it fit in an entry's first byte
)

// putCompact appends v as a compact unsigned integer.
func putCompact(b []byte, v uint64) []byte {
	n := (bits64(v) + 7) / 8
	b = append(b, byte(n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

func bits64(v uint64) int {
	n := 0
	for ; v != 0; v >>= 8 {
		n += 8
	}
	return n
}

// tupleKey is the order-preserving encoding of t (or of a prefix of a
// tuple, which sorts before every tuple that starts with it).
func tupleKey(t tuple) []byte {
	b := make([]byte, 0, 4*len(t))
	for _, v := range t {
		b = putCompact(b, v)
	}
	return b
}

// decodeTupleKey reads a run's key back; ok is false for a malformed key.
func decodeTupleKey(k []byte) (t tuple, ok bool) {
	return decodeTupleKeyInto(make(tuple, 0, maxArity), k)
}

// decodeTupleKeyInto decodes k into dst[:0], which has room for maxArity
// components.
func decodeTupleKeyInto(dst tuple, k []byte) (t tuple, ok bool) {
	t = dst[:0]
	for len(k) > 0 {
		n := int(k[0])
		if n > 8 || len(k) < 1+n || len(t) == maxArity {
			return nil, false
		}
		var v uint64
		for _, c := range k[1 : 1+n] {
			v = v<<8 | uint64(c)
		}
		t, k = append(t, v), k[1+n:]
	}
	return t, len(t) > 0
}

// compareTuples orders tuples component by component; a prefix sorts
// first.
func compareTuples(a, b tuple) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

func hasTuplePrefix(t, prefix tuple) bool {
	return len(t) >= len(prefix) && slices.Equal(t[:len(prefix)], prefix)
}

// appendRunEntry appends t to a run value whose last tuple is prev.
func appendRunEntry(b []byte, prev, t tuple) []byte {
	j := 0
	for j < len(t)-1 && t[j] == prev[j] {
		j++
	}
	step := t[j] - prev[j]
	if step < smallStep {
		b = append(b, byte(j<<5)|byte(step))
	} else {
		b = append(b, byte(j<<5)|smallStep)
		b = binary.AppendUvarint(b, step-smallStep)
	}
	for i := j + 1; i < len(t); i++ {
		b = binary.AppendVarint(b, int64(t[i]-prev[i]))
	}
	return b
}

// runReader walks the tuples of one run; cur is the current one.
type runReader struct {
	buf  [maxArity]uint64
	cur  tuple // in buf
	rest []byte
	bad  bool
}

func newRunReader(k, v []byte) *runReader {
	r := &runReader{}
	r.reset(k, v)
	return r
}

// reset starts reading the run (k, v).
func (r *runReader) reset(k, v []byte) {
	var ok bool
	r.cur, ok = decodeTupleKeyInto(r.buf[:], k)
	r.rest, r.bad = v, !ok
}

// next advances to the run's next tuple; false at the end of the run.
func (r *runReader) next() bool {
	if r.bad || len(r.rest) == 0 {
		return false
	}
	j, step := int(r.rest[0]>>5), uint64(r.rest[0]&smallStep)
	r.rest = r.rest[1:]
	if step == smallStep {
		v, n := binary.Uvarint(r.rest)
		if n <= 0 {
			r.bad = true
			return false
		}
		step, r.rest = step+v, r.rest[n:]
	}
	if j >= len(r.cur) {
		r.bad = true
		return false
	}
	r.cur[j] += step
	for i := j + 1; i < len(r.cur); i++ {
		d, n := binary.Varint(r.rest)
		if n <= 0 {
			r.bad = true
			return false
		}
		r.cur[i], r.rest = r.cur[i]+uint64(d), r.rest[n:]
	}
	return true
}

// decodeRun returns every tuple of a run. The tuples share one backing
// slice (a run is decoded on each change to it).
func decodeRun(k, v []byte) []tuple {
	r := newRunReader(k, v)
	if r.bad {
		return nil
	}
	n := len(r.cur)
	flat := make([]uint64, 0, n*(1+len(v)/2))
	var out []tuple
	for ok := true; ok; ok = r.next() {
		flat = append(flat, r.cur...)
		out = append(out, flat[len(flat)-n:len(flat):len(flat)])
	}
	return out
}

// encodeRuns cuts sorted tuples into runs of at most maxRunBytes and
// calls put with each run's key and value.
func encodeRuns(ts []tuple, put func(k, v []byte) error) error {
	for len(ts) > 0 {
		v := []byte{}
		n := 1
		for ; n < len(ts); n++ {
			w := appendRunEntry(v, ts[n-1], ts[n])
			if len(w) > maxRunBytes {
				break
			}
			v = w
		}
		if err := put(tupleKey(ts[0]), v); err != nil {
			return err
		}
		ts = ts[n:]
	}
	return nil
}

// encodeRun is the value of a run: its tuples after the first.
func encodeRun(run []tuple) []byte {
	var v []byte
	for i := 1; i < len(run); i++ {
		v = appendRunEntry(v, run[i-1], run[i])
	}
	if v == nil {
		v = []byte{}
	}
	return v
}

// runSize is the size of a run's value.
func runSize(run []tuple) int { return len(encodeRun(run)) }
