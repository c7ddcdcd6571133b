package store

import (
	"bytes"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// A packed index holds a sorted set of tuples of non-negative integers
// (branch, due date, task…) in runs instead of one bbolt key per entry:
// each bbolt key is the first tuple of a run, its value the run's other
// tuples, each written as how it differs from the one before. A key costs
// bbolt 16 bytes of header besides its own bytes, so one key per entry
// (task‖event, 8-byte ids: 32 bytes an entry) is what made the indexes
// big; in runs an entry takes 1–7 bytes.
//
// Key: every component of the run's first tuple as a compact unsigned
// integer (a length byte, then the value's big-endian bytes without
// leading zeros), which sorts like the numbers do, so keys sort in tuple
// order and the number of components is read from the key itself.
//
// Value: for each further tuple, a byte holding the index j of the first
// component that differs from the tuple before (top three bits) and the
// increase of component j when under 31 (low five bits; 31: the increase
// less 31 follows as a uvarint), then, for each component after j, its
// difference from the tuple before (zigzag uvarint: the next task's first
// event is a few ids after the task before's). A tuple has at most
// maxArity components.
//
// Runs stay under maxRunBytes so that adding or removing an entry, which
// rewrites its run, stays cheap.

// packed is a packed index in a transaction.
type packed struct{ b *bbolt.Bucket }

func packedIndex(tx *bbolt.Tx, bucket []byte) packed { return packed{tx.Bucket(bucket)} }

// runOf finds the run that holds t or would hold it: the last run whose
// first tuple is not after t, or the first run when t sorts before all.
func (p packed) runOf(t tuple) (k, v []byte) {
	return seekRun(p.b.Cursor(), tupleKey(t))
}

// seekRun positions c on the run that holds the key want or would hold
// it, and returns that run (nil when the index is empty).
func seekRun(c *bbolt.Cursor, want []byte) (k, v []byte) {
	k, v = c.Seek(want)
	switch {
	case k == nil: // every run starts before want
		return c.Last()
	case bytes.Equal(k, want):
		return k, v
	}
	if pk, pv := c.Prev(); pk != nil {
		return pk, pv
	}
	return c.First() // want sorts before every run
}

// add puts t in the index (a no-op when it is there). The run is changed
// in place, as bytes: only the entry before t's place and t's own entry
// are written anew, the rest is copied (this is on every task creation).
func (p packed) add(t tuple) error {
	k, v := p.runOf(t)
	if k == nil {
		return p.b.Put(tupleKey(t), nil)
	}
	r := newRunReader(k, v)
	var prevBuf [maxArity]uint64
	var prev tuple  // the tuple before r.cur; nil while r.cur is the key's
	at, end := 0, 0 // where r.cur's entry lies in v
	cmp := compareTuples(r.cur, t)
	for cmp < 0 {
		before, n := len(v)-len(r.rest), copy(prevBuf[:], r.cur)
		if !r.next() {
			break
		}
		prev, at, end = prevBuf[:n], before, len(v)-len(r.rest)
		cmp = compareTuples(r.cur, t)
	}
	switch {
	case r.bad:
		return fmt.Errorf("store: index run %x is damaged", k)
	case cmp == 0:
		return nil
	case cmp < 0:
		// Past the run's last tuple, the common case (ids grow): extend
		// the run or, when it is full, leave it full and start the next.
		w := appendRunEntry(append(make([]byte, 0, len(v)+4*len(t)), v...), r.cur, t)
		if len(w) <= maxRunBytes {
			return p.b.Put(k, w)
		}
		return p.b.Put(tupleKey(t), nil)
	}
	// t goes before r.cur: splice its entry in, and r.cur's anew after it.
	w := make([]byte, 0, len(v)+8*len(t))
	if prev != nil {
		w = appendRunEntry(append(w, v[:at]...), prev, t)
	}
	w = append(appendRunEntry(w, t, r.cur), v[end:]...)
	switch {
	case len(w) > maxRunBytes:
		run := decodeRun(k, v)
		i, _ := slices.BinarySearchFunc(run, t, compareTuples)
		return p.rewrite(k, slices.Insert(run, i, t), i)
	case prev != nil:
		return p.b.Put(k, w)
	}
	if err := p.b.Delete(slices.Clone(k)); err != nil { // t is the run's new first tuple
		return err
	}
	return p.b.Put(tupleKey(t), w)
}

// remove takes t out of the index (a no-op when it is not there).
func (p packed) remove(t tuple) error {
	k, v := p.runOf(t)
	if k == nil {
		return nil
	}
	run := decodeRun(k, v)
	i, found := slices.BinarySearchFunc(run, t, compareTuples)
	if !found {
		return nil
	}
	run = slices.Delete(run, i, i+1)
	// A run that shrank to a quarter takes in the next one when both fit
	// in three quarters, so that runs emptied by moves (tasks leaving
	// "open") do not linger one entry each.
	if runSize(run) < maxRunBytes/4 {
		c := p.b.Cursor()
		c.Seek(k)
		if nk, nv := c.Next(); nk != nil {
			if both := append(run, decodeRun(nk, nv)...); runSize(both) <= maxRunBytes*3/4 {
				if err := p.b.Delete(slices.Clone(nk)); err != nil {
					return err
				}
				run = both
			}
		}
	}
	return p.rewrite(k, run, -1)
}

// rewrite replaces the run stored under k by run, in which the tuple at
// index added (-1: none) is new. A run that grew too big is cut in two:
// just after the new tuple when both parts keep a quarter of a run, so
// that later tuples of the same group (the next task of a branch) append
// to the first part; else in the middle. Cutting a full run into a full
// part and a rest instead would leave a run of one or two tuples at each
// insert into it.
func (p packed) rewrite(k []byte, run []tuple, added int) error {
	k = slices.Clone(k)
	parts := [][]tuple{run}
	if runSize(run) > maxRunBytes {
		cut := added + 1
		if added < 0 || runSize(run[:cut]) < maxRunBytes/4 || runSize(run[cut:]) < maxRunBytes/4 {
			cut = len(run) / 2
		}
		parts = [][]tuple{run[:cut], run[cut:]}
	}
	keep := false
	for _, part := range parts {
		if len(part) == 0 {
			continue
		}
		nk := tupleKey(part[0])
		keep = keep || bytes.Equal(nk, k)
		if err := p.b.Put(nk, encodeRun(part)); err != nil {
			return err
		}
	}
	if keep {
		return nil
	}
	return p.b.Delete(k)
}

// has tells whether t is in the index.
func (p packed) has(t tuple) bool {
	k, v := p.runOf(t)
	if k == nil {
		return false
	}
	r := newRunReader(k, v)
	for ok := !r.bad; ok; ok = r.next() {
		if c := compareTuples(r.cur, t); c >= 0 {
			return c == 0
		}
	}
	return false
}

// cursor walks a packed index in order from a starting tuple.
type cursor struct {
	c    *bbolt.Cursor
	r    runReader
	from tuple
	done bool
	live bool // r.cur is a tuple not yet returned
}

// cursorFrom starts a walk at the first tuple not before from.
func (p packed) cursorFrom(from tuple) *cursor {
	w := &cursor{c: p.b.Cursor(), from: from}
	k, v := seekRun(w.c, tupleKey(from))
	w.start(k, v)
	return w
}

func (w *cursor) start(k, v []byte) {
	if k == nil {
		w.done = true
		return
	}
	w.r.reset(k, v)
	w.live = !w.r.bad
}

// next returns the next tuple, or nil at the end. The tuple is reused by
// the following call: copy it to keep it.
func (w *cursor) next() tuple {
	for !w.done {
		if !w.live && !w.r.next() {
			w.start(w.c.Next())
			continue
		}
		w.live = false
		if compareTuples(w.r.cur, w.from) >= 0 {
			return w.r.cur
		}
	}
	return nil
}

// scan calls fn with every tuple from the first one not before from, in
// order, until fn returns false. The tuple passed is reused: copy it to
// keep it.
func (p packed) scan(from tuple, fn func(t tuple) bool) {
	w := p.cursorFrom(from)
	for t := w.next(); t != nil && fn(t); t = w.next() {
	}
}

// scanPrefix calls fn with every tuple that starts with prefix, in order.
func (p packed) scanPrefix(prefix tuple, fn func(t tuple)) {
	p.scan(prefix, func(t tuple) bool {
		if !hasTuplePrefix(t, prefix) {
			return false
		}
		fn(t)
		return true
	})
}

// ids returns, for each tuple that starts with prefix, its component just
// after the prefix (the tasks of a branch, the events of a task…).
func (p packed) ids(prefix ...int64) []int64 {
	pt := ids64(prefix)
	var out []int64
	p.scanPrefix(pt, func(t tuple) {
		if len(t) > len(pt) {
			out = append(out, int64(t[len(pt)]))
		}
	})
	return out
}

// any tells whether some tuple starts with prefix.
func (p packed) any(prefix ...int64) bool {
	pt, found := ids64(prefix), false
	p.scan(pt, func(t tuple) bool {
		found = hasTuplePrefix(t, pt)
		return false
	})
	return found
}

// count is the number of tuples in the index.
func (p packed) count() int64 {
	var n int64
	_ = p.b.ForEach(func(k, v []byte) error {
		r := newRunReader(k, v)
		for ok := !r.bad; ok; ok = r.next() {
			n++
		}
		return nil
	})
	return n
}

func ids64(v []int64) tuple {
	t := make(tuple, len(v))
	for i, x := range v {
		t[i] = uint64(x)
	}
	return t
}

// check walks every run: each must decode, and the tuples must be of one
// arity and strictly increasing across the whole index. bbolt's own check
// cannot see a flipped byte inside a run.
func (p packed) check() error {
	var prev tuple
	c := p.b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r := newRunReader(k, v)
		for ok := !r.bad; ok; ok = r.next() {
			if prev != nil && (len(r.cur) != len(prev) || compareTuples(prev, r.cur) >= 0) {
				return fmt.Errorf("run %x: entries out of order", k)
			}
			prev = append(prev[:0], r.cur...)
		}
		if r.bad {
			return fmt.Errorf("run %x does not decode", k)
		}
	}
	return nil
}
