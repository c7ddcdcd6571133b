package store

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"
)

func TestCompactIntegersSortLikeTheNumbers(t *testing.T) {
	vals := []uint64{0, 1, 2, 255, 256, 257, 65535, 65536, 1 << 24, 1<<32 - 1, 1 << 32, 1<<63 + 5, ^uint64(0)}
	for i := 1; i < len(vals); i++ {
		a, b := tupleKey(tuple{vals[i-1]}), tupleKey(tuple{vals[i]})
		assert.Less(t, string(a), string(b), "%d sorts before %d", vals[i-1], vals[i])
	}
	for _, v := range vals {
		got, ok := decodeTupleKey(tupleKey(tuple{v, 7}))
		require.True(t, ok)
		assert.Equal(t, tuple{v, 7}, got)
	}
	assert.Len(t, tupleKey(tuple{100000, 300}), 4+3, "a 100,000 id and a 300 id take 4 and 3 bytes")
}

// TestAPackedIndexHoldsExactlyWhatWasAddedAndNotRemoved drives a packed
// index with random adds and removes (appends, inserts before every run,
// splits, emptied runs) and compares every read with a plain set.
func TestAPackedIndexHoldsExactlyWhatWasAddedAndNotRemoved(t *testing.T) {
	db, err := bbolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, nil)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[[3]uint64]bool{}
	random := func() tuple {
		return tuple{uint64(rng.IntN(4)), uint64(rng.IntN(30)), uint64(rng.IntN(3000)) * uint64(1+rng.IntN(300))}
	}
	for round := range 40 {
		require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("ix"))
			require.NoError(t, err)
			p := packed{b}
			for range 200 {
				tp := random()
				if rng.IntN(3) == 0 && len(model) > 0 {
					for k := range model { // remove one that is there
						tp = tuple{k[0], k[1], k[2]}
						break
					}
					require.NoError(t, p.remove(tp))
					delete(model, [3]uint64(tp))
				} else {
					require.NoError(t, p.add(tp))
					model[[3]uint64(tp)] = true
				}
			}
			return nil
		}))
		require.NoError(t, db.View(func(tx *bbolt.Tx) error {
			p := packedIndex(tx, []byte("ix"))
			var want, got []tuple
			for k := range model {
				want = append(want, tuple{k[0], k[1], k[2]})
			}
			slices.SortFunc(want, compareTuples)
			p.scan(nil, func(t tuple) bool { got = append(got, slices.Clone(t)); return true })
			require.Equal(t, want, got, "round %d: the whole index in order", round)
			assert.Equal(t, int64(len(want)), p.count())
			for _, prefix := range []tuple{{2}, {1, 7}, {3, 29}} {
				var wantIDs []int64
				for _, w := range want {
					if hasTuplePrefix(w, prefix) {
						wantIDs = append(wantIDs, int64(w[len(prefix)]))
					}
				}
				assert.Equal(t, wantIDs, p.ids(int64sOf(prefix)...), "round %d: ids under %v", round, prefix)
				assert.Equal(t, len(wantIDs) > 0, p.any(int64sOf(prefix)...))
			}
			probe := random()
			assert.Equal(t, model[[3]uint64(probe)], p.has(probe))
			if len(want) > 0 {
				assert.True(t, p.has(want[len(want)/2]))
			}
			return tx.Bucket([]byte("ix")).ForEach(func(k, v []byte) error {
				assert.LessOrEqual(t, len(v), maxRunBytes, "a run stays small")
				return nil
			})
		}))
	}
}

func int64sOf(t tuple) []int64 {
	out := make([]int64, len(t))
	for i, v := range t {
		out[i] = int64(v)
	}
	return out
}

// indexContents reads a secondary index: a packed one as its tuples
// (printed, with no value), whatever runs hold them; another as hex keys
// and values.
func indexContents(t testing.TB, tx *bbolt.Tx, bucket []byte) map[string]string {
	out := map[string]string{}
	if slices.ContainsFunc(packedBuckets, func(b []byte) bool { return string(b) == string(bucket) }) {
		packedIndex(tx, bucket).scan(nil, func(tp tuple) bool { out[fmt.Sprint(tp)] = ""; return true })
		return out
	}
	require.NoError(t, tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		out[hex.EncodeToString(k)] = hex.EncodeToString(v)
		return nil
	}))
	return out
}

// TestPackedRunsStayFullUnderAppendsAndMoves adds tasks in id order under
// 200 branches and moves half of them to another status, as creations and
// closings do: the runs must hold tens of entries each, not one or two
// (the index would then cost what one key per entry did).
func TestPackedRunsStayFullUnderAppendsAndMoves(t *testing.T) {
	db, err := bbolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, nil)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	rng := rand.New(rand.NewPCG(3, 4))
	entries := 0
	require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("ix"))
		require.NoError(t, err)
		p := packed{b}
		for task := uint64(1); task <= 20000; task++ {
			branch := uint64(rng.IntN(200))
			require.NoError(t, p.add(tuple{'o', branch, task}))
			if rng.IntN(2) == 0 {
				require.NoError(t, p.remove(tuple{'o', branch, task}))
				require.NoError(t, p.add(tuple{'c', branch, task}))
			}
			entries++
		}
		// Then close most of the open ones, in random order.
		var open []tuple
		p.scanPrefix(tuple{'o'}, func(tp tuple) { open = append(open, slices.Clone(tp)) })
		rng.Shuffle(len(open), func(i, j int) { open[i], open[j] = open[j], open[i] })
		for _, tp := range open[:len(open)*3/4] {
			require.NoError(t, p.remove(tp))
			require.NoError(t, p.add(tuple{'c', tp[1], tp[2]}))
		}
		return nil
	}))
	require.NoError(t, db.View(func(tx *bbolt.Tx) error {
		runs := tx.Bucket([]byte("ix")).Stats().KeyN
		t.Logf("%d entries in %d runs", entries, runs)
		assert.Less(t, runs, entries/20, "%d entries in %d runs", entries, runs)
		assert.Equal(t, int64(entries), packedIndex(tx, []byte("ix")).count())
		return nil
	}))
}

// TestAPackedEntryTakesAByteOrTwo packs the event index of tasks with
// four events each, written one task after another: an entry must take
// at most two bytes (a bbolt key per entry took 32).
func TestAPackedEntryTakesAByteOrTwo(t *testing.T) {
	var ts []tuple
	event := uint64(100000)
	for task := uint64(50000); task < 50200; task++ {
		for range 4 {
			ts = append(ts, tuple{task, event})
			event++
		}
	}
	bytes := 0
	require.NoError(t, encodeRuns(ts, func(k, v []byte) error {
		bytes += 16 + len(k) + len(v) // with bbolt's element header
		return nil
	}))
	assert.LessOrEqual(t, bytes, 2*len(ts), "%d entries in %d bytes", len(ts), bytes)
}

// TestCheckFindsADamagedIndexRun flips an entry inside a packed run, which
// bbolt's page check cannot see: rectify check names the index.
func TestCheckFindsADamagedIndexRun(t *testing.T) {
	dir := closedLedger(t)
	db, err := bbolt.Open(filepath.Join(dir, DBFile), 0o600, nil)
	require.NoError(t, err)
	damaged := ""
	require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
		for _, name := range packedBuckets {
			k, v := tx.Bucket(name).Cursor().First()
			if len(v) > 0 && damaged == "" {
				damaged = string(name)
				bad := append([]byte{0xff}, v[1:]...) // names a component past the tuple's end
				return tx.Bucket(name).Put(slices.Clone(k), bad)
			}
		}
		return nil
	}))
	require.NoError(t, db.Close())
	require.NotEmpty(t, damaged, "the ledger has a run of two entries or more")

	rep, err := CheckDir(dir)
	require.NoError(t, err)
	require.False(t, rep.OK())
	assert.Contains(t, strings.Join(rep.Problems, "\n"), "index "+damaged)
}
