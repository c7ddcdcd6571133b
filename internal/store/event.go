package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// eventRecord is what the trail stores of an event: the fields that
// changed, never whole copies of the record, so an event costs what it
// changed (a 30 MB note is stored once, not again in every later event).
// Its id is the key; its link to the event before it is stored beside
// it (see encodeEvent).
type eventRecord struct {
	Entity   string        `json:"entity"`
	EntityID int64         `json:"entity_id"`
	TaskID   int64         `json:"task_id,omitempty"`
	At       time.Time     `json:"at"`
	ActorID  int64         `json:"actor_id"`
	Action   ledger.Action `json:"action"`
	Note     string        `json:"note,omitempty"`
	// Old and New hold the changed fields' values on each side; a field
	// absent on one side was absent from the record there. Two objects
	// rather than a list of changes: a creation is then one copy of the
	// record with no per-field wrapping.
	Old  map[string]json.RawMessage `json:"old,omitempty"`
	New  map[string]json.RawMessage `json:"new,omitempty"`
	Data json.RawMessage            `json:"data,omitempty"`
}

// setChanges stores cs in r's Old and New.
func (r *eventRecord) setChanges(cs []ledger.Change) {
	r.Old, r.New = nil, nil
	for _, c := range cs {
		if c.Old != nil {
			if r.Old == nil {
				r.Old = map[string]json.RawMessage{}
			}
			r.Old[c.Field] = c.Old
		}
		if c.New != nil {
			if r.New == nil {
				r.New = map[string]json.RawMessage{}
			}
			r.New[c.Field] = c.New
		}
	}
}

// changes lists the changed fields sorted by name.
func (r *eventRecord) changes() []ledger.Change {
	names := make([]string, 0, len(r.Old)+len(r.New))
	for f := range r.Old {
		names = append(names, f)
	}
	for f := range r.New {
		if _, ok := r.Old[f]; !ok {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	out := make([]ledger.Change, len(names))
	for i, f := range names {
		out[i] = ledger.Change{Field: f, Old: r.Old[f], New: r.New[f]}
	}
	return out
}

// appendEvent writes one audit-trail entry in the caller's transaction, so
// the trail and the change it records commit or fail together. Only the
// fields that differ between before and after are kept.
func (s *Store) appendEvent(tx *bbolt.Tx, actor int64, entity string, id, taskID int64, action ledger.Action, note string, before, after any) error {
	at := s.now()
	if t, ok := after.(*ledger.Task); ok && t != nil && !t.UpdatedAt.IsZero() {
		at = t.UpdatedAt
	}
	return s.writeEvent(tx, newEventRecord(entity, id, taskID, actor, action, note, before, after, at))
}

// newEventRecord is the event of a change from before to after at a time.
// A task's updated_at is the time of the event that changed it, so task
// events leave it out of their changes (it is most of a small event) and
// the replay puts it back from the event's time.
func newEventRecord(entity string, id, taskID, actor int64, action ledger.Action, note string, before, after any, at time.Time) *eventRecord {
	r := &eventRecord{Entity: entity, EntityID: id, TaskID: taskID, At: at.UTC(), ActorID: actor, Action: action, Note: note}
	changes := diffRecords(before, after)
	if entity == "task" {
		changes = withoutField(changes, "updated_at")
	}
	r.setChanges(changes)
	return r
}

func withoutField(cs []ledger.Change, field string) []ledger.Change {
	return slices.DeleteFunc(cs, func(c ledger.Change) bool { return c.Field == field })
}

// writeEvent links r to the head of the chain and makes it the new head.
// The head is read and written inside tx, so events grouped by db.Batch
// (or retried after a failed batch) chain in commit order.
func (s *Store) writeEvent(tx *bbolt.Tx, r *eventRecord) error {
	eid, err := nextID(tx, bEvents)
	if err != nil {
		return err
	}
	head := readHead(tx)
	b := tx.Bucket(bEvents)
	b.FillPercent = 0.95
	if err := b.Put(itob(eid), encodeEvent(s.chainAlgo, head.hash[:], r)); err != nil {
		return err
	}
	if err := writeHead(tx, eid, s.chainAlgo.sum(canonicalEvent(eid, head.hash[:], r))); err != nil {
		return err
	}
	if r.TaskID != 0 {
		return indexAdd(tx, bEventTask, r.TaskID, eid)
	}
	return nil
}

// eventFormatV2 marks a stored event: this byte, the hash algorithm's
// byte, the previous event's 32-byte hash, then the record in the record
// codec. Version-1 events (whole before/after copies) start with the
// record codec's own byte and exist only until migration 5→6.
const eventFormatV2 = 0x02

func encodeEvent(algo hashAlgo, prev []byte, r *eventRecord) []byte {
	body := encode(r)
	v := make([]byte, 0, 2+len(prev)+len(body))
	v = append(v, eventFormatV2, byte(algo))
	v = append(v, prev...)
	return append(v, body...)
}

// storedEvent is a decoded event with its link.
type storedEvent struct {
	id   int64
	algo hashAlgo
	prev []byte
	rec  eventRecord
}

func decodeEvent(k, v []byte) (*storedEvent, error) {
	if len(k) != 8 || len(v) < 2+hashSize || v[0] != eventFormatV2 {
		return nil, fmt.Errorf("store: event %x is not in the chained format", k)
	}
	e := &storedEvent{id: btoi(k), algo: hashAlgo(v[1]), prev: append([]byte(nil), v[2:2+hashSize]...)}
	if !e.algo.valid() {
		return nil, fmt.Errorf("store: event %d names an unknown hash algorithm %d", e.id, v[1])
	}
	if err := unmarshal(v[2+hashSize:], &e.rec); err != nil {
		return nil, fmt.Errorf("store: event %d: %w", e.id, err)
	}
	return e, nil
}

// hash is the event's own hash, as the next event must carry it.
func (e *storedEvent) hash() [hashSize]byte {
	return e.algo.sum(canonicalEvent(e.id, e.prev, &e.rec))
}

// public turns a stored event into the domain type, without Before and
// After (see replay).
func (e *storedEvent) public() *ledger.Event {
	h := e.hash()
	r := &e.rec
	changes := r.changes()
	return &ledger.Event{ID: e.id, Entity: r.Entity, EntityID: r.EntityID, TaskID: r.TaskID, At: r.At,
		ActorID: r.ActorID, Action: r.Action, Note: r.Note, Changes: changes, Data: r.Data,
		Prev: hexOf(e.prev), Hash: hexOf(h[:])}
}

// TaskEvents returns the audit trail of a task, oldest first, each event
// with the whole record before and after it rebuilt from the trail.
func (s *Store) TaskEvents(scope ledger.Scope, taskID int64) ([]*ledger.Event, error) {
	var out []*ledger.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := s.visibleTask(tx, scope, taskID); err != nil {
			return err
		}
		var err error
		out, err = taskEvents(tx, taskID)
		return err
	})
	return out, err
}

func taskEvents(tx *bbolt.Tx, taskID int64) ([]*ledger.Event, error) {
	var out []*ledger.Event
	b := tx.Bucket(bEvents)
	for _, id := range indexIDs(tx, bEventTask, taskID) {
		v := b.Get(itob(id))
		if v == nil {
			return nil, fmt.Errorf("store: the event index lists event %d, which does not exist", id)
		}
		e, err := decodeEvent(itob(id), v)
		if err != nil {
			return nil, err
		}
		out = append(out, e.public())
	}
	replay(out)
	return out, nil
}

// EventsSince returns up to limit events with id > after, oldest first,
// each with its record's whole before and after. Records first changed
// before the window are rebuilt from the earlier trail, which is read
// once for them; this is for audits and tests, not for a page.
func (s *Store) EventsSince(after int64, limit int) ([]*ledger.Event, error) {
	var out []*ledger.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			e, err := decodeEvent(k, v)
			if err != nil {
				return err
			}
			out = append(out, e.public())
		}
		state, err := stateBefore(tx, after, out)
		replayFrom(state, out)
		return err
	})
	return out, err
}

// stateBefore replays events 1..upto for the records that evs change
// without creating them first.
func stateBefore(tx *bbolt.Tx, upto int64, evs []*ledger.Event) (map[string]map[string]json.RawMessage, error) {
	state := map[string]map[string]json.RawMessage{}
	need := map[string]bool{}
	for _, e := range evs {
		if _, seen := need[recordKey(e)]; !seen {
			need[recordKey(e)] = e.Action != ledger.ActCreate
		}
	}
	if upto == 0 || len(need) == 0 {
		return state, nil
	}
	var prior []*ledger.Event
	c := tx.Bucket(bEvents).Cursor()
	for k, v := c.First(); k != nil && btoi(k) <= upto; k, v = c.Next() {
		e, err := decodeEvent(k, v)
		if err != nil {
			return nil, err
		}
		if p := e.public(); need[recordKey(p)] {
			prior = append(prior, p)
		}
	}
	replayFrom(state, prior)
	return state, nil
}
