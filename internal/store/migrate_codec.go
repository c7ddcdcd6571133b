package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"
)

// codecBuckets hold records written by encode (through put or marshal);
// events_v1 holds them after each event's chain header.
var codecBuckets = [][]byte{bBranches, bUsers, bSessions, bBatches, bProblems, bTasks, bProgress, bEvidence,
	bReviews, bInbox, bPending, bOutbox, bChannels, bJobRuns, bJobState, bRebounds, bCascades}

// repackRecords (7→8) rewrites every record of an older codec (version 1
// or plain JSON) in the packed codec, and every event body likewise,
// keeping each event's chain header. A record is rewritten only if the
// packed form unpacks to the very JSON it had, and an event only if its
// hash is unchanged, so the trail verifies against the anchors it had;
// anything else stops the migration, which then changes nothing.
func repackRecords(tx *bbolt.Tx) error {
	for _, name := range codecBuckets {
		if err := rewriteValues(tx.Bucket(name), repackRecord); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := rewriteValues(tx.Bucket(bEventsV1), repackEvent); err != nil {
		return fmt.Errorf("%s: %w", bEventsV1, err)
	}
	return nil
}

// repackRecord is v in the packed codec, or nil to leave it as it is.
func repackRecord(_, v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] == codecPackedV3 || v[0] == codecTaskEventV3 {
		return nil, nil
	}
	raw, err := recordJSON(v)
	if err != nil || !json.Valid(raw) {
		return nil, nil // it did not decode before either; keep it for `rectify check` to report
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, nil
	}
	packed := packRecord(compact.Bytes())
	if got, err := recordJSON(packed); err != nil || !bytes.Equal(got, compact.Bytes()) {
		return nil, fmt.Errorf("record %q does not pack exactly", raw)
	}
	return packed, nil
}

// repackEvent is the event v with its body packed, or nil to leave it.
func repackEvent(k, v []byte) ([]byte, error) {
	const header = 2 + hashSize
	if len(v) <= header || v[0] != eventFormatV2 || v[header] == codecPackedV3 || v[header] == codecTaskEventV3 {
		return nil, nil
	}
	old, err := decodeEvent(k, v)
	if err != nil {
		return nil, err
	}
	out := encodeEvent(old.algo, old.prev, &old.rec)
	now, err := decodeEvent(k, out)
	if err != nil {
		return nil, err
	}
	if now.hash() != old.hash() {
		return nil, fmt.Errorf("event %d would not keep its hash", old.id)
	}
	return out, nil
}

// rewriteValues replaces each value of b that rewrite returns a new form
// for. The cursor is not used across writes (bbolt may move it), so the
// bucket is walked in runs that are written, then sought past.
func rewriteValues(b *bbolt.Bucket, rewrite func(k, v []byte) ([]byte, error)) error {
	if b == nil {
		return nil
	}
	b.FillPercent = 0.95
	type kv struct{ k, v []byte }
	var from []byte
	for {
		var run []kv
		c := b.Cursor()
		k, v := c.First()
		if from != nil {
			k, v = c.Seek(from)
		}
		for ; k != nil && len(run) < 4096; k, v = c.Next() {
			if v == nil && b.Bucket(k) != nil {
				continue // a nested bucket, not a record
			}
			nv, err := rewrite(k, v)
			if err != nil {
				return err
			}
			if nv != nil {
				run = append(run, kv{append([]byte(nil), k...), nv})
			}
		}
		next := append([]byte(nil), k...) // k is the cursor's, valid until the first write
		for _, r := range run {
			if err := b.Put(r.k, r.v); err != nil {
				return err
			}
		}
		if k == nil {
			return nil
		}
		from = next
	}
}
