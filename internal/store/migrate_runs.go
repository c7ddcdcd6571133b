package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// eventsIntoRuns (9→10) moves every event of events_v1, one per key, into
// runs in events_v2 (event_run.go), in id order, and drops events_v1.
// Each event keeps its id, record, algorithm and previous hash, so it
// hashes as before: an event joins the run before it only when its
// stored previous hash is that run's last event's hash and its id the
// next one; otherwise (a break, a gap, another algorithm) it starts a run
// carrying its own previous hash, and `rectify verify` reports the break
// just as it did. The event sequence moves along with the events.
func eventsIntoRuns(tx *bbolt.Tx) error {
	old, runs := tx.Bucket(bEventsV1), tx.Bucket(bEvents)
	if old == nil {
		return nil
	}
	if k, _ := old.Cursor().First(); k != nil {
		if k, _ := runs.Cursor().First(); k != nil {
			return fmt.Errorf("both %s and %s hold events", bEventsV1, bEvents)
		}
	}
	var last headRec
	c := old.Cursor() // old is not written while it is walked
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, err := decodeEvent(k, v)
		if err != nil {
			return err
		}
		h := e.hash()
		link := headRec{id: e.id - 1}
		copy(link.hash[:], e.prev)
		if link != last {
			link.id = -1 // not a continuation of the run before: start one
		}
		// The body is kept byte for byte as it was.
		if err := putEvent(runs, e.algo, link, e.id, h, v[2+hashSize:]); err != nil {
			return err
		}
		last = headRec{id: e.id, hash: h}
	}
	if seq := old.Sequence(); seq > runs.Sequence() {
		if err := runs.SetSequence(seq); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bEventsV1)
}
