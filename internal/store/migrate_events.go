package store

import (
	"encoding/json"
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// eventV1 is an event as schema 5 and earlier stored it: whole copies of
// the record before and after.
type eventV1 struct {
	Entity   string          `json:"entity"`
	EntityID int64           `json:"entity_id"`
	TaskID   int64           `json:"task_id,omitempty"`
	At       time.Time       `json:"at"`
	ActorID  int64           `json:"actor_id"`
	Action   ledger.Action   `json:"action"`
	Note     string          `json:"note,omitempty"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
}

// chainEvents (5→6) rewrites every event as the fields it changed and
// links the whole trail into one SHA-256 chain in id order. An
// escalation step, which stored its facts as "after" of no record, keeps
// them as data. Events are rewritten in runs of a few thousand, since a
// bucket must not change under an open cursor.
func chainEvents(tx *bbolt.Tx) error {
	b := tx.Bucket(bEventsV1)
	b.FillPercent = 0.95
	var head headRec
	for from := []byte{0}; from != nil; {
		run, next, err := nextEventRun(b, from, 4096)
		if err != nil {
			return err
		}
		for _, e := range run {
			r := e.rec
			if err := b.Put(itob(e.id), encodeEvent(algoSHA256, head.hash[:], &r)); err != nil {
				return err
			}
			head = headRec{id: e.id, hash: algoSHA256.sum(canonicalEvent(e.id, head.hash[:], &r))}
		}
		from = next
	}
	if head.id == 0 {
		return nil
	}
	return writeHead(tx, head.id, head.hash)
}

// nextEventRun decodes up to n version-1 events from key from on, and
// returns the key to continue at (nil at the end).
func nextEventRun(b *bbolt.Bucket, from []byte, n int) ([]storedEvent, []byte, error) {
	var run []storedEvent
	c := b.Cursor()
	for k, v := c.Seek(from); k != nil; k, v = c.Next() {
		if len(run) == n {
			return run, append([]byte(nil), k...), nil
		}
		if len(v) > 0 && v[0] == eventFormatV2 {
			// Already chained (a file whose version was set back by hand
			// or by a test): keep the record, relink it.
			e, err := decodeEvent(k, v)
			if err != nil {
				return nil, nil, err
			}
			run = append(run, *e)
			continue
		}
		var old eventV1
		if err := unmarshal(v, &old); err != nil {
			return nil, nil, err
		}
		run = append(run, storedEvent{id: btoi(k), rec: eventOfV1(&old)})
	}
	return run, nil, nil
}

func eventOfV1(old *eventV1) eventRecord {
	r := eventRecord{Entity: old.Entity, EntityID: old.EntityID, TaskID: old.TaskID, At: old.At,
		ActorID: old.ActorID, Action: old.Action, Note: old.Note}
	if old.Action == ledger.ActEscalate && isNull(old.Before) {
		r.Data = old.After
		return r
	}
	changes := diffFields(fieldsOf(orNull(old.Before)), fieldsOf(orNull(old.After)))
	if old.Entity == "task" {
		changes = withoutField(changes, "updated_at")
	}
	r.setChanges(changes)
	return r
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }
