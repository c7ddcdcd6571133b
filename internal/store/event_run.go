package store

import (
	"encoding/binary"
	"fmt"
)

// The trail is stored in runs of consecutive events: one bbolt key per
// run instead of per event, and one previous hash per run instead of per
// event. A stored event used to cost 24 bytes of key and element header
// and a 34-byte chain header; inside a run it costs an 8-byte tag and a
// length.
//
// A run's key is its first event's id (8 bytes, big-endian); ids inside
// a run are consecutive, since the trail is append-only and its ids come
// from one sequence. Its value is:
//
//	eventFormatRun, the hash algorithm's byte, the first event's 32-byte
//	previous hash, then per event: the first 8 bytes of the event's own
//	hash (its tag), a uvarint length and the body (event_codec.go).
//
// The previous hash of any later event of the run is the hash of the one
// before it, recomputed when read, so every event still hashes exactly
// as it did in its own key (docs/AUDIT.md). The tag lets verification
// name the event inside a run that no longer hashes as written.
const eventFormatRun = 0x03

const (
	runHeader    = 2 + hashSize
	tagSize      = 8
	runMaxEvents = 16
	// runMaxBytes bounds a run's value so that four runs fill a 4 KiB leaf
	// page (16-byte page header, then per run 16 bytes of element header
	// and an 8-byte key: 16 + 4×(24+992) = 4080); the bucket is filled to
	// 100%, as compaction does. Runs of up to 2 KiB would fit only two to
	// a page, or three of 1.3 KiB, leaving a quarter of every page empty.
	// An event larger than this gets a run of its own.
	runMaxBytes = 992
)

// eventRun is one stored run, split but not decoded.
type eventRun struct {
	first  int64
	algo   hashAlgo
	prev   [hashSize]byte // the first event's previous hash
	tags   [][]byte
	bodies [][]byte
}

// last is the id of the run's last event.
func (r *eventRun) last() int64 { return r.first + int64(len(r.bodies)) - 1 }

// parseRun splits a stored run; the slices point into v.
func parseRun(k, v []byte) (*eventRun, error) {
	if len(k) != 8 || len(v) < runHeader || v[0] != eventFormatRun {
		return nil, fmt.Errorf("store: event run %x is not in the run format", k)
	}
	r := &eventRun{first: btoi(k), algo: hashAlgo(v[1])}
	if !r.algo.valid() {
		return nil, fmt.Errorf("store: event run %d names an unknown hash algorithm %d", r.first, v[1])
	}
	copy(r.prev[:], v[2:runHeader])
	for p := v[runHeader:]; len(p) > 0; {
		if len(p) < tagSize {
			return nil, fmt.Errorf("store: event %d: its run ends inside a tag", r.first+int64(len(r.bodies)))
		}
		tag := p[:tagSize]
		n, w := binary.Uvarint(p[tagSize:])
		if w <= 0 || n > uint64(len(p)-tagSize-w) {
			return nil, fmt.Errorf("store: event %d: its run ends inside its body", r.first+int64(len(r.bodies)))
		}
		body := p[tagSize+w : tagSize+w+int(n)]
		r.tags, r.bodies = append(r.tags, tag), append(r.bodies, body)
		p = p[tagSize+w+int(n):]
	}
	if len(r.bodies) == 0 {
		return nil, fmt.Errorf("store: event run %d holds no event", r.first)
	}
	return r, nil
}

// newRun is the value of a run of one event.
func newRun(algo hashAlgo, prev []byte, hash [hashSize]byte, body []byte) []byte {
	v := make([]byte, 0, runHeader+tagSize+binary.MaxVarintLen32+len(body))
	v = append(v, eventFormatRun, byte(algo))
	v = append(v, prev...)
	return appendEventEntry(v, hash, body)
}

func appendEventEntry(v []byte, hash [hashSize]byte, body []byte) []byte {
	v = append(v, hash[:tagSize]...)
	v = binary.AppendUvarint(v, uint64(len(body)))
	return append(v, body...)
}

// runHasRoom tells whether an event with this body may join the run v of
// n events.
func runHasRoom(n int, v []byte, body []byte) bool {
	var lenBuf [binary.MaxVarintLen64]byte
	entry := tagSize + binary.PutUvarint(lenBuf[:], uint64(len(body))) + len(body)
	return n < runMaxEvents && len(v)+entry <= runMaxBytes
}

// runTail counts the events of the run v and returns its last tag, with
// nothing allocated: the writer reads it for every event. A run it cannot
// walk counts 0, and the next event starts a run of its own.
func runTail(v []byte) (n int, last []byte) {
	if len(v) < runHeader || v[0] != eventFormatRun {
		return 0, nil
	}
	for p := v[runHeader:]; len(p) > 0; n++ {
		if len(p) < tagSize {
			return 0, nil
		}
		size, w := binary.Uvarint(p[tagSize:])
		if w <= 0 || size > uint64(len(p)-tagSize-w) {
			return 0, nil
		}
		last, p = p[:tagSize], p[tagSize+w+int(size):]
	}
	return n, last
}

// decode decodes the run's events up to id upto (all when upto is beyond
// it), rebuilding each one's previous hash from the one before it; with
// link false it skips that (and the hashing) and leaves prev nil but
// for the first. The hash of each decoded event is returned beside it.
func (r *eventRun) decode(upto int64, link bool) ([]storedEvent, [][hashSize]byte, error) {
	return r.decodeMore(nil, nil, upto, link)
}

// decodeMore is decode continuing after the events evs (with hashes)
// already decoded from the run's start.
func (r *eventRun) decodeMore(evs []storedEvent, hashes [][hashSize]byte, upto int64, link bool) ([]storedEvent, [][hashSize]byte, error) {
	n := min(int64(len(r.bodies)), upto-r.first+1)
	prev := r.prev
	if len(hashes) > 0 {
		prev = hashes[len(hashes)-1]
	}
	for i := int64(len(evs)); i < n; i++ {
		e := storedEvent{id: r.first + i, algo: r.algo}
		if err := decodeEventBody(r.bodies[i], &e.rec); err != nil {
			return nil, nil, fmt.Errorf("store: event %d: %w", e.id, err)
		}
		if link || i == 0 {
			e.prev = append([]byte(nil), prev[:]...)
		}
		if link {
			prev = e.hash()
			e.sum, e.summed = prev, true
			hashes = append(hashes, prev)
		}
		evs = append(evs, e)
	}
	return evs, hashes, nil
}
