package store

import (
	"encoding/json"
	"fmt"
	"time"

	"rectify/internal/ledger"
)

// codecTaskEventV3 marks the body of a task's own event (entity "task",
// task id equal to the entity id, most of the trail) packed without those
// two fields: decoding puts them back, so the event, its canonical form
// and its hash are what they were. Other events are packed records
// (codecPackedV3), and older bodies are read in whatever codec wrote them.
const codecTaskEventV3 = 0x04

// taskEventBody is an eventRecord without Entity and TaskID; the JSON
// names are eventRecord's, so it decodes into one.
type taskEventBody struct {
	EntityID int64                      `json:"entity_id"`
	At       time.Time                  `json:"at"`
	ActorID  int64                      `json:"actor_id"`
	Action   ledger.Action              `json:"action"`
	Note     string                     `json:"note,omitempty"`
	Old      map[string]json.RawMessage `json:"old,omitempty"`
	New      map[string]json.RawMessage `json:"new,omitempty"`
	Data     json.RawMessage            `json:"data,omitempty"`
}

// encodeEventBody is the stored body of r (after the chain header).
func encodeEventBody(r *eventRecord) []byte {
	if r.Entity != "task" || r.TaskID != r.EntityID {
		return encode(r)
	}
	raw, err := json.Marshal(&taskEventBody{EntityID: r.EntityID, At: r.At, ActorID: r.ActorID, Action: r.Action,
		Note: r.Note, Old: r.Old, New: r.New, Data: r.Data})
	if err != nil {
		panic(fmt.Sprintf("store: marshal event: %v", err))
	}
	b := packRecord(raw)
	b[0] = codecTaskEventV3
	return b
}

// decodeEventBody reverses encodeEventBody, and reads the bodies of older
// codecs.
func decodeEventBody(b []byte, r *eventRecord) error {
	if len(b) == 0 || b[0] != codecTaskEventV3 {
		raw, err := recordJSON(b)
		if err == nil && decodeEventJSON(raw, r) {
			return nil
		}
		return unmarshal(b, r)
	}
	raw, err := unpackJSON(make([]byte, 0, 2*len(b)), b[1:])
	if err == nil && !decodeEventJSON(raw, r) {
		err = json.Unmarshal(raw, r)
	}
	if err != nil {
		return fmt.Errorf("store: corrupt event body: %w", err)
	}
	r.Entity, r.TaskID = "task", r.EntityID
	return nil
}
