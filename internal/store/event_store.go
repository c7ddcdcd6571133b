package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"
)

// Everything that reads or writes the trail goes through these, so only
// event_run.go knows how events are laid out in their bucket.

// putEvent stores event id, whose hash is hash, after head: at the end of
// the last run when that run ends at the head and has room, else as a
// new run linked to the head's hash.
func putEvent(b *bbolt.Bucket, algo hashAlgo, head headRec, id int64, hash [hashSize]byte, body []byte) error {
	b.FillPercent = 1 // runs are only ever appended: no page needs room left for an insert
	if k, v := b.Cursor().Last(); k != nil && id == head.id+1 {
		n, lastTag := runTail(v)
		if n > 0 && hashAlgo(v[1]) == algo && btoi(k)+int64(n)-1 == head.id &&
			bytes.Equal(lastTag, head.hash[:tagSize]) && runHasRoom(n, v, body) {
			nv := make([]byte, 0, len(v)+tagSize+binary.MaxVarintLen64+len(body))
			return b.Put(k, appendEventEntry(append(nv, v...), hash, body))
		}
	}
	return b.Put(itob(id), newRun(algo, head.hash[:], hash, body))
}

// errNoEvent is an id the trail does not hold.
type errNoEvent int64

func (e errNoEvent) Error() string { return fmt.Sprintf("store: event %d does not exist", int64(e)) }

// eventReader reads single events, keeping the last run it read and the
// events it decoded of it, since one task's events often share a run and
// come in id order: a later one continues the decoding.
type eventReader struct {
	b      *bbolt.Bucket
	link   bool
	run    *eventRun
	evs    []storedEvent
	hashes [][hashSize]byte
}

func newEventReader(tx *bbolt.Tx, link bool) *eventReader {
	return &eventReader{b: tx.Bucket(bEvents), link: link}
}

// get returns event id, with its previous hash when the reader links.
func (r *eventReader) get(id int64) (*storedEvent, error) {
	if r.run == nil || id < r.run.first || id > r.run.last() {
		run, err := r.find(id)
		if err != nil {
			return nil, err
		}
		r.run, r.evs, r.hashes = run, nil, nil
	}
	n := id - r.run.first
	if n >= int64(len(r.evs)) {
		evs, hashes, err := r.run.decodeMore(r.evs, r.hashes, id, r.link)
		if err != nil {
			return nil, err
		}
		r.evs, r.hashes = evs, hashes
	}
	return &r.evs[n], nil
}

// find is the run holding event id.
func (r *eventReader) find(id int64) (*eventRun, error) {
	c := r.b.Cursor()
	k, v := c.Seek(itob(id))
	if k == nil {
		k, v = c.Last()
	} else if btoi(k) != id {
		k, v = c.Prev()
	}
	if k == nil {
		return nil, errNoEvent(id)
	}
	run, err := parseRun(k, v)
	if err != nil {
		return nil, err
	}
	if id > run.last() || id < run.first {
		return nil, errNoEvent(id)
	}
	return run, nil
}

// eventAt is event id, linked (its previous hash rebuilt) if link.
func eventAt(tx *bbolt.Tx, id int64, link bool) (*storedEvent, error) {
	return newEventReader(tx, link).get(id)
}

// errStopScan ends scanEvents early without an error.
var errStopScan = errors.New("stop")

// scanEvents calls fn for every event from id from on, in id order, each
// linked if link.
func scanEvents(tx *bbolt.Tx, from int64, link bool, fn func(e *storedEvent) error) error {
	c := tx.Bucket(bEvents).Cursor()
	k, v := c.Seek(itob(from))
	switch {
	case k == nil:
		k, v = c.Last() // from is in the last run or after it
	case btoi(k) != from:
		if pk, pv := c.Prev(); pk != nil {
			k, v = pk, pv // the run before may hold from
		} else {
			k, v = c.First()
		}
	}
	for ; k != nil; k, v = c.Next() {
		run, err := parseRun(k, v)
		if err != nil {
			return err
		}
		if run.last() < from {
			continue
		}
		evs, _, err := run.decode(run.last(), link)
		if err != nil {
			return err
		}
		for i := range evs {
			if evs[i].id < from {
				continue
			}
			if err := fn(&evs[i]); err != nil {
				if err == errStopScan {
					return nil
				}
				return err
			}
		}
	}
	return nil
}

// scanEventRecords calls fn for every event's record, unlinked, including
// those still in the per-event bucket of schema 9 and earlier (the
// index migrations before 9→10 read them there).
func scanEventRecords(tx *bbolt.Tx, fn func(e *storedEvent) error) error {
	if old := tx.Bucket(bEventsV1); old != nil {
		err := old.ForEach(func(k, v []byte) error {
			e, err := decodeEvent(k, v)
			if err != nil {
				return err
			}
			return fn(e)
		})
		if err != nil {
			return err
		}
	}
	if tx.Bucket(bEvents) == nil {
		return nil
	}
	return scanEvents(tx, 0, false, fn)
}
