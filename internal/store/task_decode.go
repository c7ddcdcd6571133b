package store

import (
	"sync"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// getTask reads task id into t (the zero Task), or returns ENOTFOUND.
// Tasks are the records read most (every single task read, every list
// page), so they skip encoding/json's reflection: the record's JSON goes
// through ledger.ParseTaskJSON, which reads what Marshal wrote exactly as
// json.Unmarshal would, and anything else still goes through unmarshal.
func getTask(tx *bbolt.Tx, id int64, t *ledger.Task) error {
	b := tx.Bucket(bTasks).Get(itob(id))
	if b == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "task %d not found", id)
	}
	return unmarshalTask(b, t)
}

// unmarshalTask is unmarshal for a stored task, into the zero Task t.
func unmarshalTask(b []byte, t *ledger.Task) error {
	if parseStoredTask(b, t) {
		return nil
	}
	*t = ledger.Task{}
	return unmarshal(b, t)
}

// parseStoredTask is the fast path, for every record codec version
// (codec.go) and plain JSON; it reports false for anything it does not
// read. A packed record is read straight into the struct when it holds
// only what decodePackedTask takes, and otherwise unpacked to its JSON.
func parseStoredTask(b []byte, t *ledger.Task) bool {
	switch {
	case len(b) > 0 && b[0] == codecPackedV3:
		if decodePackedTask(b[1:], t) {
			return true
		}
		*t = ledger.Task{}
		bp := taskJSONBuffers.Get().(*[]byte)
		raw, err := unpackJSON((*bp)[:0], b[1:])
		ok := err == nil && ledger.ParseTaskJSON(raw, t)
		if err == nil && cap(raw) <= maxPooledTaskJSON {
			*bp = raw[:0]
			taskJSONBuffers.Put(bp)
		}
		return ok
	case len(b) > 0 && b[0] == codecKeysV1:
		bp := taskJSONBuffers.Get().(*[]byte)
		raw := expandKeysV1((*bp)[:0], b[1:])
		ok := ledger.ParseTaskJSON(raw, t) // copies what it keeps out of raw
		if cap(raw) <= maxPooledTaskJSON {
			*bp = raw[:0]
			taskJSONBuffers.Put(bp)
		}
		return ok
	case len(b) > 0 && b[0] == '{':
		return ledger.ParseTaskJSON(b, t)
	}
	return false
}

// taskJSONBuffers hold a task's JSON while it is parsed, so a read does
// not allocate it; a buffer grown past maxPooledTaskJSON is dropped.
var taskJSONBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

const maxPooledTaskJSON = 64 << 10

// expandKeysV1 appends the JSON that a version-1 codec body stands for:
// keyDecoder.Replace (codec.go), written into dst instead of two fresh
// strings. Each byte 0x02+i is keysV1[i]; Marshal's JSON holds no other
// raw byte below 0x20, and any that occurs is kept, as Replace keeps it.
func expandKeysV1(dst, body []byte) []byte {
	for len(body) > 0 {
		i := 0
		for i < len(body) && body[i] >= 0x20 {
			i++
		}
		dst = append(dst, body[:i]...)
		if i == len(body) {
			return dst
		}
		if c := body[i]; c >= 0x02 && int(c-0x02) < len(keysV1) {
			dst = append(dst, keysV1[c-0x02]...)
		} else {
			dst = append(dst, c)
		}
		body = body[i+1:]
	}
	return dst
}
