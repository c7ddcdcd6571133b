package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

func TestVerifyCommandPassesAnIntactTrailAndNamesATamperedEvent(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	require.NoError(t, err)
	for _, login := range []string{"a1", "a2", "a3"} {
		require.NoError(t, st.CreateUser(nil, &ledger.User{Login: login, Name: login, Role: ledger.RoleAdmin}, "x"))
	}
	head, err := st.ChainHead()
	require.NoError(t, err)
	require.NoError(t, st.Close())

	var out, errs bytes.Buffer
	ctx := context.Background()
	require.NoError(t, run(ctx, []string{"verify", "--data", dir, "--anchor", head.Anchor()}, &out, &errs))
	assert.Contains(t, out.String(), "intact: 3 events, head "+head.Anchor())

	db, err := bbolt.Open(dir+"/rectify.db", 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
		// The three events are one run (key: event 1): format, algorithm,
		// previous hash, then per event an 8-byte tag, a uvarint length
		// and the packed record.
		b := tx.Bucket([]byte("events_v2"))
		k := []byte{0, 0, 0, 0, 0, 0, 0, 1}
		v := bytes.Clone(b.Get(k))
		p := 34
		for range 2 { // step over event 1 to event 2's body
			p += 8
			n, w := binary.Uvarint(v[p:])
			require.Positive(t, w)
			if body := v[p+w : p+w+int(n)]; bytes.Contains(body, []byte("a2")) {
				body[bytes.Index(body, []byte("a2"))+1] = '9' // the second user's login now reads "a9"
				return b.Put(k, v)
			}
			p += w + int(n)
		}
		t.Fatal("event 2 holds no login a2")
		return nil
	}))
	require.NoError(t, db.Close())

	out.Reset()
	err = run(ctx, []string{"verify", "--data", dir}, &out, &errs)
	require.Error(t, err, "a changed event makes verify fail")
	assert.Contains(t, err.Error(), "event 2 (user 2,")
	assert.Contains(t, out.String(), "BROKEN: event 2")

	err = run(ctx, []string{"verify", "--data", dir, "--anchor", "nonsense"}, &out, &errs)
	assert.ErrorContains(t, err, "SEQ-HASH")
}

// TestVerifyPassesAFileMigratedFromOneEventPerKey writes the trail back as
// schema 9 stored it (events_v1: one event per key, each with its
// previous hash), lets `rectify migrate` move it into runs and `rectify
// verify` check it against the head it had.
func TestVerifyPassesAFileMigratedFromOneEventPerKey(t *testing.T) {
	dir := t.TempDir()
	seedOverdue(t, dir)
	st, err := store.Open(dir, store.Options{})
	require.NoError(t, err)
	evs, err := st.EventsSince(0, 1<<30)
	require.NoError(t, err)
	require.Greater(t, len(evs), 3)
	head, err := st.ChainHead()
	require.NoError(t, err)
	require.NoError(t, st.Close())

	db, err := bbolt.Open(dir+"/rectify.db", 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
		runs := tx.Bucket([]byte("events_v2"))
		old, err := tx.CreateBucket([]byte("events_v1"))
		require.NoError(t, err)
		i := 0
		require.NoError(t, runs.ForEach(func(k, v []byte) error {
			algo := v[1]
			for p := 34; p < len(v); i++ {
				p += 8
				n, w := binary.Uvarint(v[p:])
				body := v[p+w : p+w+int(n)]
				p += w + int(n)
				prev, err := hex.DecodeString(evs[i].Prev)
				require.NoError(t, err)
				event := append(append([]byte{0x02, algo}, prev...), body...)
				require.NoError(t, old.Put(binary.BigEndian.AppendUint64(nil, uint64(evs[i].ID)), event))
			}
			return nil
		}))
		require.Equal(t, len(evs), i)
		require.NoError(t, old.SetSequence(runs.Sequence()))
		require.NoError(t, tx.DeleteBucket([]byte("events_v2")))
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte{0, 0, 0, 0, 0, 0, 0, 9})
	}))
	require.NoError(t, db.Close())

	var out, errs bytes.Buffer
	ctx := context.Background()
	require.NoError(t, run(ctx, []string{"migrate", "--data", dir}, &out, &errs))
	out.Reset()
	require.NoError(t, run(ctx, []string{"verify", "--data", dir, "--anchor", head.Anchor()}, &out, &errs))
	assert.Contains(t, out.String(), fmt.Sprintf("intact: %d events, head %s", len(evs), head.Anchor()))
}
