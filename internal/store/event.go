package store

import (
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// appendEvent writes one audit-trail entry in the caller's transaction, so
// the trail and the change it records commit or fail together.
func (s *Store) appendEvent(tx *bbolt.Tx, actor int64, entity string, id, taskID int64, action ledger.Action, note string, before, after any) error {
	eid, err := nextID(tx, bEvents)
	if err != nil {
		return err
	}
	// Whole records on both sides keep each event self-contained; the
	// second copy costs little once deflated, as it mostly repeats the first.
	ev := ledger.Event{ID: eid, Entity: entity, EntityID: id, TaskID: taskID, At: s.now().UTC(),
		ActorID: actor, Action: action, Note: note, Before: rawOrNull(before), After: rawOrNull(after)}
	if err := put(tx, bEvents, eid, ev); err != nil {
		return err
	}
	if taskID != 0 {
		return tx.Bucket(bEventTask).Put(key(itob(taskID), itob(eid)), nil)
	}
	return nil
}

func rawOrNull(v any) json.RawMessage {
	switch x := v.(type) {
	case nil:
		return json.RawMessage("null")
	case json.RawMessage:
		return x
	case *ledger.Task:
		if x == nil {
			return json.RawMessage("null")
		}
		c := *x
		c.Light = ""
		v = &c
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal event payload %T: %v", v, err))
	}
	return b
}

// TaskEvents returns the audit trail of a task, oldest first.
func (s *Store) TaskEvents(scope ledger.Scope, taskID int64) ([]*ledger.Event, error) {
	var out []*ledger.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := s.visibleTask(tx, scope, taskID); err != nil {
			return err
		}
		for _, id := range prefixIDs(tx, bEventTask, itob(taskID)) {
			var ev ledger.Event
			if err := get(tx, bEvents, id, "event", &ev); err != nil {
				return err
			}
			out = append(out, &ev)
		}
		return nil
	})
	return out, err
}

// EventsSince returns up to limit events with id > after, for the admin
// audit view and for tests.
func (s *Store) EventsSince(after int64, limit int) ([]*ledger.Event, error) {
	var out []*ledger.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var ev ledger.Event
			if err := unmarshal(v, &ev); err != nil {
				return err
			}
			out = append(out, &ev)
		}
		return nil
	})
	return out, err
}
