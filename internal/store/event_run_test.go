package store

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"
)

// eventCount is the number of events the trail holds.
func eventCount(t testing.TB, s *Store) int {
	t.Helper()
	n := 0
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		return scanEvents(tx, 0, false, func(*storedEvent) error { n++; return nil })
	}))
	return n
}

// eventsBackToV1 stores the trail as schema 9 did: one event per key in
// events_v1, each with its chain header, and no events_v2.
func eventsBackToV1(t testing.TB, tx *bbolt.Tx) {
	t.Helper()
	old, err := tx.CreateBucketIfNotExists(bEventsV1)
	require.NoError(t, err)
	require.NoError(t, scanEvents(tx, 0, true, func(e *storedEvent) error {
		return old.Put(itob(e.id), encodeEvent(e.algo, e.prev, &e.rec))
	}))
	require.NoError(t, old.SetSequence(tx.Bucket(bEvents).Sequence()))
	require.NoError(t, tx.DeleteBucket(bEvents))
}

// editRun lets fn change the parts of the run holding event id, then
// stores the run as fn left it.
func editRun(t testing.TB, s *Store, id int64, fn func(r *eventRun, pos int)) {
	t.Helper()
	require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bEvents)
		c := b.Cursor()
		k, v := c.Seek(itob(id))
		if k == nil || btoi(k) != id {
			k, v = c.Prev()
		}
		run, err := parseRun(bytes.Clone(k), bytes.Clone(v))
		require.NoError(t, err)
		require.LessOrEqual(t, id, run.last(), "event %d is in the run", id)
		fn(run, int(id-run.first))
		require.NoError(t, b.Delete(k))
		if len(run.bodies) == 0 {
			return nil
		}
		return b.Put(itob(run.first), runValue(run))
	}))
}

func runValue(r *eventRun) []byte {
	v := append([]byte{eventFormatRun, byte(r.algo)}, r.prev[:]...)
	for i := range r.bodies {
		var h [hashSize]byte
		copy(h[:], r.tags[i])
		v = appendEventEntry(v, h, r.bodies[i])
	}
	return v
}

// runKeys lists the first ids of the stored runs.
func runKeys(t testing.TB, s *Store) []int64 {
	t.Helper()
	var out []int64
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bEvents).ForEach(func(k, _ []byte) error { out = append(out, btoi(k)); return nil })
	}))
	return out
}

// relinkTrail recomputes every tag, every run's link and the head, as
// someone holding the file and this code could after changing an event.
func relinkTrail(t *testing.T, tx *bbolt.Tx) {
	t.Helper()
	var evs []storedEvent
	require.NoError(t, scanEvents(tx, 0, false, func(e *storedEvent) error { evs = append(evs, *e); return nil }))
	seq := tx.Bucket(bEvents).Sequence()
	require.NoError(t, tx.DeleteBucket(bEvents))
	b, err := tx.CreateBucket(bEvents)
	require.NoError(t, err)
	require.NoError(t, b.SetSequence(seq))
	var head headRec
	for _, e := range evs {
		h := e.algo.sum(canonicalEvent(e.id, head.hash[:], &e.rec))
		require.NoError(t, putEvent(b, e.algo, head, e.id, h, encodeEventBody(&e.rec)))
		head = headRec{id: e.id, hash: h}
	}
	require.NoError(t, writeHead(tx, head.id, head.hash))
}

// withNote is the body of event e with its note changed.
func withNote(t *testing.T, s *Store, id int64, note string) []byte {
	t.Helper()
	var body []byte
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		e, err := eventAt(tx, id, false)
		require.NoError(t, err)
		e.rec.Note = note
		body = encodeEventBody(&e.rec)
		return nil
	}))
	return body
}

// secondRun is the first event of a run that is not the first run.
func secondRun(t *testing.T, s *Store) int64 {
	t.Helper()
	keys := runKeys(t, s)
	require.GreaterOrEqual(t, len(keys), 2, "the fixture fills more than one run")
	return keys[1]
}

func TestRunsHoldUpToSixteenEventsAndABigEventStandsAlone(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 7)
	for range 200 {
		sim.step()
	}
	n := eventCount(t, db.s)
	keys := runKeys(t, db.s)
	assert.Less(t, len(keys), n/4, "%d events in %d runs", n, len(keys))
	require.NoError(t, db.s.DB().View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			run, err := parseRun(k, v)
			require.NoError(t, err)
			assert.LessOrEqual(t, len(run.bodies), runMaxEvents)
			if len(run.bodies) > 1 {
				assert.LessOrEqual(t, len(v), runMaxBytes)
			}
			return nil
		})
	}))
	requireChainOK(t, db.s)
}

func TestMigrationFrom9MovesTheTrailIntoRunsAndEveryEventKeepsItsHash(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 20261205)
	for range 600 {
		sim.step()
	}
	requireChainOK(t, db.s)
	before, err := db.s.EventsSince(0, 1<<30)
	require.NoError(t, err)
	require.Greater(t, len(before), 100)
	head, err := db.s.ChainHead()
	require.NoError(t, err)
	wantRuns := dumpBucket(t, db.s, bEvents)
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		eventsBackToV1(t, tx)
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(9))
	}))

	s := db.Reopen()
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Nil(t, tx.Bucket(bEventsV1), "the migration drops events_v1")
		assert.Equal(t, int64(SchemaVersion), schemaVersion(tx))
		return nil
	}))
	after, err := s.EventsSince(0, 1<<30)
	require.NoError(t, err)
	assert.Equal(t, before, after, "every event, with its prev and hash, is unchanged")
	h, err := s.ChainHead()
	require.NoError(t, err)
	assert.Equal(t, head, h, "the chain head is unchanged")
	v := requireChainOK(t, s, Anchor{Seq: head.Seq, Hash: head.Hash})
	assert.Equal(t, int64(len(before)), v.Events)
	assert.Equal(t, wantRuns, dumpBucket(t, s, bEvents), "the runs are those written one event at a time")

	// New events chain on from the migrated trail.
	mustTask(t, s, sim.o.officer, sim.o.problem1, sim.o.member.ID, "2026-04-01")
	assert.Equal(t, len(before)+1, eventCount(t, s))
	requireChainOK(t, s, Anchor{Seq: head.Seq, Hash: head.Hash})
}

func TestTheMigrationKeepsABrokenLinkBroken(t *testing.T) {
	db, _, evs := tamperFixture(t)
	target := evs[len(evs)-5]
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		eventsBackToV1(t, tx)
		b := tx.Bucket(bEventsV1)
		v := bytes.Clone(b.Get(itob(target.ID)))
		v[2] ^= 0x01 // the stored previous hash
		require.NoError(t, b.Put(itob(target.ID), v))
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(9))
	}))
	s := db.Reopen()
	brk := verifyBreak(t, s)
	assert.Equal(t, target.ID, brk.Seq)
	assert.Contains(t, brk.Reason, "does not follow")
}

func TestCheckDecodesEveryRunAndNamesOneThatDoesNot(t *testing.T) {
	for name, damage := range map[string]func(v []byte) []byte{
		"a length past the run's end": func(v []byte) []byte {
			return append(v, 1, 2, 3, 4, 5, 6, 7, 8, 0x05) // a tag, then a length of 5 and no body
		},
		"a body that does not decode": func(v []byte) []byte {
			return appendEventEntry(v, [hashSize]byte{}, []byte{codecTaskEventV3, 0xff, 0xff})
		},
	} {
		t.Run(name, func(t *testing.T) {
			db, _, _ := tamperFixture(t)
			require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
				b := tx.Bucket(bEvents)
				k, v := b.Cursor().Last()
				return b.Put(bytes.Clone(k), damage(bytes.Clone(v)))
			}))
			require.NoError(t, db.s.Close())
			db.s = nil
			rep, err := CheckDir(db.dir)
			require.NoError(t, err)
			require.NotEmpty(t, rep.Problems)
			assert.Contains(t, rep.Problems[0], "events_v2")
			db.s = db.open()
		})
	}
}
