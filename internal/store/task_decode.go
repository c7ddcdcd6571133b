package store

import (
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
	if raw, ok := taskJSON(b); ok && ledger.ParseTaskJSON(raw, t) {
		return nil
	}
	*t = ledger.Task{}
	return unmarshal(b, t)
}

// taskJSON is the JSON a stored task stands for, when its codec is one
// this fast path knows: the key codec (codec.go) or plain JSON.
func taskJSON(b []byte) ([]byte, bool) {
	switch {
	case len(b) > 0 && b[0] == codecKeysV1:
		return []byte(keyDecoder.Replace(string(b[1:]))), true
	case len(b) > 0 && b[0] == '{':
		return b, true
	}
	return nil, false
}
