package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

func requireChainOK(t *testing.T, s *Store, anchors ...Anchor) *Verification {
	t.Helper()
	v, err := s.VerifyChain(anchors...)
	require.NoError(t, err)
	require.Nil(t, v.Break, "chain break: %v", v.Break)
	require.True(t, v.OK)
	return v
}

func TestTheChainVerifiesAfterRandomOperationsAndRestarts(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 14)
	for range 400 {
		sim.step()
	}
	require.Positive(t, sim.ok["restart"], "the run restarted the store at least once")
	v := requireChainOK(t, db.s)
	assert.Equal(t, int64(eventCount(t, db.s)), v.Events)
	head, err := db.s.ChainHead()
	require.NoError(t, err)
	assert.Equal(t, v.Head.Seq, head.Seq)
	assert.Equal(t, v.Head.Hash, head.Hash)
	last, err := db.s.LastVerification()
	require.NoError(t, err)
	assert.True(t, last.OK)
	assert.Equal(t, head.Anchor(), last.Head.Anchor())
}

func TestConcurrentWritersKeepOneChain(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	s := db.s
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if i%2 == 0 {
					assert.NoError(t, s.CreateTask(o.officer, &ledger.Task{ProblemID: o.problem1.ID, Description: "并发创建",
						Kind: ledger.KindDeadline, OwnerID: o.member.ID, DueOn: date("2026-05-01")}))
				} else {
					_, err := s.AddProgress(o.member, task.ID, "并发进展", 10)
					assert.NoError(t, err)
				}
			}
		}()
	}
	wg.Wait()
	v := requireChainOK(t, s)
	assert.Equal(t, int64(eventCount(t, s)), v.Events)
	evs, err := s.TaskEvents(s.Scope(o.officer), task.ID)
	require.NoError(t, err)
	assert.Len(t, evs, 1+16*5, "the creation and every progress report are on the task's trail")
}

func TestTheMigrationTurnsWholeCopiesIntoChangesAndChainsThem(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	s := db.s
	o := newOrg(t, s)
	task := atClosed(t, s, o)
	_, err := s.RequestExtension(o.member, mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01").ID,
		date("2026-05-01"), "材料未齐")
	require.NoError(t, err)
	before, err := s.TaskEvents(s.Scope(o.officer), task.ID)
	require.NoError(t, err)
	all, err := s.EventsSince(0, 1<<30)
	require.NoError(t, err)
	newSize := bucketBytes(t, s, bEvents)

	// Write the trail as schema 5 stored it: whole records on both sides,
	// one event per key in events_v1.
	require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error {
		eventsBackToV1(t, tx)
		for _, e := range all {
			old := eventV1{Entity: e.Entity, EntityID: e.EntityID, TaskID: e.TaskID, At: e.At, ActorID: e.ActorID,
				Action: e.Action, Note: e.Note, Before: e.Before, After: e.After}
			raw, err := json.Marshal(&old)
			if err != nil {
				return err
			}
			// As schema 5 stored them: the version-1 record codec.
			if err := tx.Bucket(bEventsV1).Put(itob(e.ID), encodeV1(raw)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bMeta).Delete(kChainHead); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(5))
	}))
	oldSize := bucketBytes(t, s, bEventsV1)

	s = db.Reopen()
	requireChainOK(t, s)
	after, err := s.TaskEvents(s.Scope(o.officer), task.ID)
	require.NoError(t, err)
	require.Len(t, after, len(before))
	for i := range before {
		assert.Equal(t, before[i].Changes, after[i].Changes, "event %d", before[i].ID)
		assert.JSONEq(t, string(before[i].Before), string(after[i].Before), "event %d before", before[i].ID)
		assert.JSONEq(t, string(before[i].After), string(after[i].After), "event %d after", before[i].ID)
	}
	assert.Equal(t, newSize, bucketBytes(t, s, bEvents), "migrated events are stored as new ones are")
	assert.Less(t, newSize, oldSize, "changes take less than whole copies")
}

func TestAProgressReportDoesNotCopyALongTextAgain(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	long := strings.Repeat("延期理由", 1000) // 12 KB
	_, err := s.RequestExtension(o.member, task.ID, date("2026-05-01"), long)
	require.NoError(t, err)
	grown := bucketBytes(t, s, bEvents)
	for range 3 {
		_, err := s.AddProgress(o.member, task.ID, "进展", 20)
		require.NoError(t, err)
	}
	assert.Less(t, bucketBytes(t, s, bEvents)-grown, 3*1024, "three progress events stay small beside a 12 KB reason")
	evs, err := s.TaskEvents(s.Scope(o.member), task.ID)
	require.NoError(t, err)
	last := decodeTask(t, evs[len(evs)-1].Before)
	require.NotNil(t, last.Extension, "the rebuilt before still holds the pending request")
	assert.Equal(t, long, last.Extension.Reason)
}

func TestSM3ChainsVerifyAndMixWithSHA256(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	require.NoError(t, db.s.Close())
	s, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai, NoSync: true, ChainHash: "sm3"})
	require.NoError(t, err)
	db.s = s
	mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-02")
	head, err := s.ChainHead()
	require.NoError(t, err)
	assert.Equal(t, "sm3", head.Algo)
	requireChainOK(t, s)
	_, err = Open(t.TempDir(), Options{ChainHash: "md5"})
	assert.ErrorContains(t, err, "md5")
}

func bucketBytes(t *testing.T, s *Store, name []byte) int {
	t.Helper()
	n := 0
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		return tx.Bucket(name).ForEach(func(k, v []byte) error { n += len(k) + len(v); return nil })
	}))
	return n
}

// tamperFixture is a store with a few tasks' trails, closed for editing
// by hand as an attacker with the file would.
func tamperFixture(t *testing.T) (*testDB, *org, []*ledger.Event) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	for i := range 4 {
		task := mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-04-01")
		_, err := db.s.AddProgress(o.member, task.ID, "进展"+itoa(int64(i)), 30)
		require.NoError(t, err)
	}
	requireChainOK(t, db.s)
	evs, err := db.s.EventsSince(0, 1<<30)
	require.NoError(t, err)
	return db, o, evs
}

func TestEveryKindOfTamperingIsNamed(t *testing.T) {
	t.Run("an event's body changed names that event", func(t *testing.T) {
		db, _, evs := tamperFixture(t)
		target := evs[len(evs)-4]
		body := withNote(t, db.s, target.ID, "改过")
		editRun(t, db.s, target.ID, func(r *eventRun, i int) { r.bodies[i] = body })
		brk := verifyBreak(t, db.s)
		assert.Equal(t, target.ID, brk.Seq)
		assert.Equal(t, target.TaskID, brk.TaskID)
		assert.Equal(t, target.At.UTC(), brk.At.UTC())
		assert.Contains(t, brk.Error(), "task "+itoa(target.TaskID))
	})
	t.Run("a byte flipped in the last event names it", func(t *testing.T) {
		db, _, evs := tamperFixture(t)
		target := evs[len(evs)-1]
		editRun(t, db.s, target.ID, func(r *eventRun, i int) {
			r.bodies[i] = bytes.Clone(r.bodies[i])
			r.bodies[i][len(r.bodies[i])-3] ^= 0x01
		})
		assert.Equal(t, target.ID, verifyBreak(t, db.s).Seq)
	})
	t.Run("a byte flipped in an event's tag names that event", func(t *testing.T) {
		db, _, evs := tamperFixture(t)
		target := evs[len(evs)-6]
		editRun(t, db.s, target.ID, func(r *eventRun, i int) {
			r.tags[i] = bytes.Clone(r.tags[i])
			r.tags[i][5] ^= 0x10
		})
		brk := verifyBreak(t, db.s)
		assert.Equal(t, target.ID, brk.Seq)
		assert.Equal(t, target.TaskID, brk.TaskID)
	})
	t.Run("a byte flipped in a run's header names its first event", func(t *testing.T) {
		for _, at := range []int{0, 1, 2, 2 + hashSize - 1} {
			db, _, _ := tamperFixture(t)
			first := secondRun(t, db.s)
			require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
				b := tx.Bucket(bEvents)
				v := bytes.Clone(b.Get(itob(first)))
				v[at] ^= 0x03 // format 0x03→0x00, algorithm 1↔2, a byte of the previous hash
				return b.Put(itob(first), v)
			}))
			assert.Equal(t, first, verifyBreak(t, db.s).Seq, "byte %d", at)
		}
	})
	t.Run("an event deleted inside a run is named as missing", func(t *testing.T) {
		db, _, evs := tamperFixture(t)
		target := evs[len(evs)-3]
		editRun(t, db.s, target.ID, func(r *eventRun, i int) {
			require.Less(t, i, len(r.bodies)-1, "the target is not its run's last event")
			r.tags, r.bodies = slices.Delete(r.tags, i, i+1), slices.Delete(r.bodies, i, i+1)
		})
		brk := verifyBreak(t, db.s)
		assert.Equal(t, target.ID, brk.Seq)
		assert.Contains(t, brk.Reason, "missing")
	})
	t.Run("a run's first event deleted is named as missing", func(t *testing.T) {
		db, _, _ := tamperFixture(t)
		first := secondRun(t, db.s)
		editRun(t, db.s, first, func(r *eventRun, i int) {
			r.tags, r.bodies = r.tags[1:], r.bodies[1:]
		})
		brk := verifyBreak(t, db.s)
		assert.Equal(t, first, brk.Seq)
		assert.Contains(t, brk.Reason, "missing")
	})
	t.Run("a whole run deleted leaves a gap that is named", func(t *testing.T) {
		db, _, _ := tamperFixture(t)
		first := secondRun(t, db.s)
		require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error { return tx.Bucket(bEvents).Delete(itob(first)) }))
		brk := verifyBreak(t, db.s)
		assert.Equal(t, first, brk.Seq)
		assert.Contains(t, brk.Reason, "missing")
	})
	t.Run("two swapped events name the first of them", func(t *testing.T) {
		db, _, evs := tamperFixture(t)
		a := evs[len(evs)-4]
		editRun(t, db.s, a.ID, func(r *eventRun, i int) {
			require.Less(t, i, len(r.bodies)-1, "both are in one run")
			r.tags[i], r.tags[i+1] = r.tags[i+1], r.tags[i]
			r.bodies[i], r.bodies[i+1] = r.bodies[i+1], r.bodies[i]
		})
		assert.Equal(t, a.ID, verifyBreak(t, db.s).Seq)
	})
	t.Run("two events swapped across runs name the first of them", func(t *testing.T) {
		db, _, _ := tamperFixture(t)
		b := secondRun(t, db.s)
		var ta, tb, ba, bb []byte
		editRun(t, db.s, b-1, func(r *eventRun, i int) { ta, ba = r.tags[i], r.bodies[i] })
		editRun(t, db.s, b, func(r *eventRun, i int) { tb, bb = r.tags[i], r.bodies[i]; r.tags[i], r.bodies[i] = ta, ba })
		editRun(t, db.s, b-1, func(r *eventRun, i int) { r.tags[i], r.bodies[i] = tb, bb })
		assert.Equal(t, b-1, verifyBreak(t, db.s).Seq)
	})
	t.Run("a whole chain rewritten after an anchor is caught by the anchor", func(t *testing.T) {
		db, o, evs := tamperFixture(t)
		head, err := db.s.ChainHead()
		require.NoError(t, err)
		anchor, err := ParseAnchor(head.Anchor()[:len(head.Anchor())-40]) // a 24-digit prefix, as printed
		require.NoError(t, err)
		mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-04-09")
		// Rewrite an old note and recompute every tag, link and the head,
		// as someone holding the file and this code could.
		target := evs[2]
		body := withNote(t, db.s, target.ID, "改写过的记录")
		editRun(t, db.s, target.ID, func(r *eventRun, i int) { r.bodies[i] = body })
		require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error { relinkTrail(t, tx); return nil }))
		requireChainOK(t, db.s) // consistent in itself…
		v, err := db.s.VerifyChain(anchor)
		require.NoError(t, err)
		require.NotNil(t, v.Break, "…but not with the anchor")
		assert.Equal(t, head.Seq, v.Break.Seq)
		assert.Contains(t, v.Break.Reason, "anchor")
	})
	t.Run("a recorded head ahead of the trail names the missing end", func(t *testing.T) {
		db, _, evs := tamperFixture(t)
		last := evs[len(evs)-1]
		editRun(t, db.s, last.ID, func(r *eventRun, i int) {
			require.Equal(t, len(r.bodies)-1, i)
			r.tags, r.bodies = r.tags[:i], r.bodies[:i]
		})
		assert.Equal(t, last.ID, verifyBreak(t, db.s).Seq)
	})
}

func verifyBreak(t *testing.T, s *Store) *ChainBreak {
	t.Helper()
	v, err := s.VerifyChain()
	require.NoError(t, err)
	require.NotNil(t, v.Break, "tampering must be detected")
	assert.False(t, v.OK)
	last, err := s.LastVerification()
	require.NoError(t, err)
	assert.False(t, last.OK, "the failed verification is recorded")
	return v.Break
}

func TestParseAnchorRefusesWhatIsNotAHead(t *testing.T) {
	for _, in := range []string{"", "12", "x-9f86d081884c7d65", "12-9f86", "12-zz86d081884c7d65zz", "0-9f86d081884c7d65"} {
		_, err := ParseAnchor(in)
		assert.Error(t, err, in)
	}
	a, err := ParseAnchor(" 12-9F86D081884C7D65 ")
	require.NoError(t, err)
	assert.Equal(t, Anchor{Seq: 12, Hash: "9f86d081884c7d65"}, a)
}

func TestCanonicalEncodingIgnoresKeyOrderAndSpacing(t *testing.T) {
	r1 := &eventRecord{Entity: "task", EntityID: 1, Action: ledger.ActUpdate}
	r1.setChanges([]ledger.Change{{Field: "b", New: json.RawMessage(`{"y":1,"x":[1, 2]}`)}, {Field: "a", Old: json.RawMessage(`"<&>"`)}})
	r2 := &eventRecord{Entity: "task", EntityID: 1, Action: ledger.ActUpdate}
	r2.setChanges([]ledger.Change{{Field: "a", Old: json.RawMessage(`"\u003c&\u003e"`)}, {Field: "b", New: json.RawMessage(`{"x":[1,2],"y":1}`)}})
	assert.Equal(t, canonicalEvent(3, make([]byte, 32), r1), canonicalEvent(3, make([]byte, 32), r2))
	r2.New["b"] = json.RawMessage(`{"x":[1,2],"y":2}`)
	assert.NotEqual(t, canonicalEvent(3, make([]byte, 32), r1), canonicalEvent(3, make([]byte, 32), r2))
}

func TestTheScalarShortcutAgreesWithTheFullCanonicalForm(t *testing.T) {
	for _, raw := range []string{`true`, `false`, `null`, `0`, `-12`, `1234567890`, `"整改措施"`, `""`, `"a<b>&c"`,
		`"line\nbreak"`, `"\u003c"`, "\"\u2028\"", `01`, `-`, `1.5`, `1e3`, `"x`, `[1, 2]`, `{"b":1,"a":2}`} {
		fast := canonicalJSON(json.RawMessage(raw))
		if alreadyCanonical([]byte(raw)) {
			d := json.NewDecoder(strings.NewReader(raw))
			d.UseNumber()
			var v any
			require.NoError(t, d.Decode(&v), raw)
			var out bytes.Buffer
			enc := json.NewEncoder(&out)
			enc.SetEscapeHTML(false)
			require.NoError(t, enc.Encode(v))
			assert.Equal(t, strings.TrimSuffix(out.String(), "\n"), string(fast), raw)
		}
	}
}
