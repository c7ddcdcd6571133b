package store

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// Anchor is a head recorded outside the server: the event at Seq must
// still hash to Hash (a prefix of at least 16 hex digits is enough).
type Anchor struct {
	Seq  int64
	Hash string
}

// ParseAnchor reads "seq-hash" (ChainHead.Anchor), as printed in backup
// manifests and report footers.
func ParseAnchor(s string) (Anchor, error) {
	seq, h, ok := strings.Cut(strings.TrimSpace(s), "-")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 {
		return Anchor{}, fmt.Errorf("anchor %q: want SEQ-HASH, e.g. 1234-9f86d081884c7d65", s)
	}
	h = strings.ToLower(h)
	if _, err := hex.DecodeString(h); err != nil || len(h) < 16 || len(h) > 2*hashSize {
		return Anchor{}, fmt.Errorf("anchor %q: the hash must be 16 to 64 hex digits", s)
	}
	return Anchor{Seq: n, Hash: h}, nil
}

// ChainBreak names the first event that does not match.
type ChainBreak struct {
	Seq    int64     `json:"seq"`
	Entity string    `json:"entity,omitempty"`
	ID     int64     `json:"entity_id,omitempty"`
	TaskID int64     `json:"task_id,omitempty"`
	At     time.Time `json:"at,omitzero"`
	Reason string    `json:"reason"`
}

func (b *ChainBreak) Error() string {
	s := fmt.Sprintf("event %d", b.Seq)
	if b.TaskID != 0 {
		s += fmt.Sprintf(" (task %d", b.TaskID)
	} else if b.Entity != "" {
		s += fmt.Sprintf(" (%s %d", b.Entity, b.ID)
	}
	if b.TaskID != 0 || b.Entity != "" {
		if !b.At.IsZero() {
			s += ", " + b.At.UTC().Format(time.RFC3339)
		}
		s += ")"
	}
	return s + ": " + b.Reason
}

// Verification is the outcome of walking the chain.
type Verification struct {
	At     time.Time   `json:"at"`
	Events int64       `json:"events"`
	Head   ChainHead   `json:"head"`
	OK     bool        `json:"ok"`
	Break  *ChainBreak `json:"break,omitempty"`
}

var kChainVerified = []byte("chain_verified") // JSON Verification

// VerifyChain walks the whole trail in one read transaction, recomputing
// every hash, and checks each link, the head and the given anchors. The
// outcome is recorded for LastVerification. A broken chain is reported in
// the result, not as an error; the error is for failing to read at all.
func (s *Store) VerifyChain(anchors ...Anchor) (*Verification, error) {
	v := &Verification{At: s.now().UTC()}
	err := s.db.View(func(tx *bbolt.Tx) error {
		w := chainWalk{anchors: map[int64]string{}}
		for _, a := range anchors {
			w.anchors[a.Seq] = a.Hash
		}
		v.Break = w.run(tx)
		v.Events = w.n
		h := readHead(tx)
		v.Head = ChainHead{Seq: h.id, Hash: hexOf(h.hash[:]), Algo: s.chainAlgo.String(), At: w.lastAt}
		return nil
	})
	if err != nil {
		return nil, err
	}
	v.OK = v.Break == nil
	b, _ := json.Marshal(v)
	return v, s.db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bMeta).Put(kChainVerified, b) })
}

// LastVerification returns the last recorded VerifyChain outcome, or nil
// if the chain was never verified on this file.
func (s *Store) LastVerification() (*Verification, error) {
	var out *Verification
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bMeta).Get(kChainVerified)
		if b == nil {
			return nil
		}
		out = &Verification{}
		return json.Unmarshal(b, out)
	})
	return out, err
}

// chainWalk is one pass over the events in id order.
type chainWalk struct {
	anchors map[int64]string
	n       int64
	lastID  int64
	last    [hashSize]byte
	lastAt  time.Time
	prevBrk ChainBreak // names the last event that matched
}

func (w *chainWalk) run(tx *bbolt.Tx) *ChainBreak {
	c := tx.Bucket(bEvents).Cursor()
	head := readHead(tx)
	var indexed int64
	idx := readEventIndex(tx, head.id)
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, brk := w.link(k, v)
		if brk != nil && e != nil {
			return w.blame(e, brk, c, head)
		} else if brk != nil {
			return brk
		}
		if brk := w.accept(idx, e, &indexed); brk != nil {
			return brk
		}
	}
	for seq, a := range w.anchors {
		if seq > w.lastID {
			return &ChainBreak{Seq: seq, Reason: fmt.Sprintf("the anchor %d-%s names an event the trail no longer has (it ends at %d)", seq, a, w.lastID)}
		}
	}
	if head.id > w.lastID {
		return &ChainBreak{Seq: w.lastID + 1, Reason: fmt.Sprintf("missing: the recorded head is event %d but the trail ends at event %d", head.id, w.lastID)}
	} else if head.id != w.lastID || head.hash != w.last {
		brk := w.prevBrk
		brk.Reason = fmt.Sprintf("changed: it does not hash to the recorded head (event %d)", head.id)
		return &brk
	}
	if n := idx.n; n != indexed {
		return &ChainBreak{Seq: w.lastID, Reason: fmt.Sprintf(
			"the per-task event index has %d entries for %d task events", n, indexed)}
	}
	return nil
}

// link decodes the event at k and checks it follows the last accepted one.
func (w *chainWalk) link(k, v []byte) (*storedEvent, *ChainBreak) {
	id := btoi(k)
	e, err := decodeEvent(k, v)
	if err != nil {
		return nil, &ChainBreak{Seq: id, Reason: "unreadable: " + err.Error()}
	}
	if id != w.lastID+1 {
		return nil, &ChainBreak{Seq: w.lastID + 1, Reason: fmt.Sprintf("missing: the trail jumps from event %d to event %d", w.lastID, id)}
	}
	if string(e.prev) != string(w.last[:]) {
		return e, breakAt(e)
	}
	return e, nil
}

// blame decides which of two neighbours a broken link is due to: if the
// event after e still links to e, e is intact and the one before it was
// changed; otherwise e itself was changed or moved.
func (w *chainWalk) blame(e *storedEvent, brk *ChainBreak, c *bbolt.Cursor, head headRec) *ChainBreak {
	h := e.hash()
	intact := head.id == e.id && head.hash == h
	if k, v := c.Next(); k != nil {
		next, err := decodeEvent(k, v)
		intact = err == nil && string(next.prev) == string(h[:])
	}
	if intact && w.lastID > 0 {
		prev := w.prevBrk
		prev.Reason = fmt.Sprintf("changed: it no longer hashes to the value event %d recorded", e.id)
		return &prev
	}
	brk.Reason = "changed or moved: it does not follow the event before it"
	return brk
}

func (w *chainWalk) accept(idx *eventIndex, e *storedEvent, indexed *int64) *ChainBreak {
	r := &e.rec
	brk := breakAt(e)
	if r.TaskID != 0 {
		if !idx.has(r.TaskID, e.id) {
			brk.Reason = "missing from its task's trail (event index)"
			return brk
		}
		*indexed++
	}
	w.n, w.lastID, w.last, w.lastAt, w.prevBrk = w.n+1, e.id, e.hash(), r.At, *brk
	if a, ok := w.anchors[e.id]; ok && !strings.HasPrefix(hexOf(w.last[:]), a) {
		brk.Reason = "does not match the anchor " + a + ": the trail up to it was rewritten"
		return brk
	}
	return nil
}

func breakAt(e *storedEvent) *ChainBreak {
	r := &e.rec
	return &ChainBreak{Seq: e.id, Entity: r.Entity, ID: r.EntityID, TaskID: r.TaskID, At: r.At}
}
