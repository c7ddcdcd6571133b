package store

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// encodeV1 is what schema 7 wrote for a record's JSON.
func encodeV1(raw []byte) []byte {
	return append([]byte{codecKeysV1}, keyEncoder.Replace(string(raw))...)
}

// downgradeToSchema7 rewrites every record and event body as schema 7
// stored it (json.Marshal, then the version-1 key substitution), and one
// task as the plain JSON of still older files.
func downgradeToSchema7(t *testing.T, s *Store, plainTask int64) {
	t.Helper()
	require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error {
		for _, name := range codecBuckets {
			err := rewriteValues(tx.Bucket(name), func(k, v []byte) ([]byte, error) {
				raw, err := recordJSON(v)
				if string(name) == string(bTasks) && btoi(k) == plainTask {
					return raw, err
				}
				return encodeV1(raw), err
			})
			require.NoError(t, err)
		}
		eventsBackToV1(t, tx)
		err := rewriteValues(tx.Bucket(bEventsV1), func(k, v []byte) ([]byte, error) {
			e, err := decodeEvent(k, v)
			require.NoError(t, err)
			raw, err := json.Marshal(&e.rec)
			return append(append([]byte(nil), v[:2+hashSize]...), encodeV1(raw)...), err
		})
		require.NoError(t, err)
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(7))
	}))
}

func hasBucket(t *testing.T, s *Store, name []byte) bool {
	t.Helper()
	has := false
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error { has = tx.Bucket(name) != nil; return nil }))
	return has
}

// trailOf is every event as the API shows it, and the head.
func trailOf(t *testing.T, s *Store) ([]*ledger.Event, ChainHead) {
	t.Helper()
	evs, err := s.EventsSince(0, 1<<30)
	require.NoError(t, err)
	head, err := s.ChainHead()
	require.NoError(t, err)
	return evs, head
}

// ledgerSnapshot is every record's JSON by bucket and key, and every event
// as the API shows it (with its hash).
type ledgerSnapshot struct {
	records map[string]map[string]string
	events  []*ledger.Event
	head    ChainHead
}

func snapshotLedger(t *testing.T, s *Store) ledgerSnapshot {
	t.Helper()
	snap := ledgerSnapshot{records: map[string]map[string]string{}}
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		for _, name := range codecBuckets {
			m := map[string]string{}
			require.NoError(t, tx.Bucket(name).ForEach(func(k, v []byte) error {
				raw, err := recordJSON(v)
				m[string(k)] = string(raw)
				return err
			}))
			snap.records[string(name)] = m
		}
		return nil
	}))
	if !hasBucket(t, s, bEvents) {
		return snap // downgraded to one event per key: see trailOf
	}
	snap.events, snap.head = trailOf(t, s)
	return snap
}

func TestTheCodecMigrationRepacksEveryRecordAndKeepsTheChain(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 21)
	for range 300 {
		sim.step()
	}
	o := sim.o
	odd := &ledger.Task{ProblemID: o.problem1.ID, Description: "换行\n<b>&\u2028\"引号\"\\", Kind: ledger.KindDeadline,
		OwnerID: o.member.ID, DueOn: date("2026-04-01"), LeadDept: "2026-04-01", Remark: "open"}
	require.NoError(t, db.s.CreateTask(o.officer, odd))
	_, err := db.s.AddProgress(o.member, odd.ID, "进展\t1.0 \u003c", 30)
	require.NoError(t, err)

	events, head := trailOf(t, db.s)
	downgradeToSchema7(t, db.s, odd.ID)
	before := snapshotLedger(t, db.s)
	before.events, before.head = events, head
	require.NotEmpty(t, before.records[string(bTasks)])
	require.Greater(t, len(before.events), 50)
	assert.Equal(t, byte('{'), []byte(before.records[string(bTasks)][string(itob(odd.ID))])[0])

	s := db.Reopen()
	after := snapshotLedger(t, s)
	assert.Equal(t, before.records, after.records, "every record decodes to the JSON it had")
	assert.Equal(t, before.events, after.events, "every event, its changes, before/after and hash are unchanged")
	assert.Equal(t, before.head, after.head, "the chain head is byte-identical")
	requireChainOK(t, s)

	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Equal(t, int64(SchemaVersion), schemaVersion(tx))
		for _, name := range codecBuckets {
			require.NoError(t, tx.Bucket(name).ForEach(func(k, v []byte) error {
				assert.Equal(t, byte(codecPackedV3), v[0], "bucket %s key %x is repacked", name, k)
				return nil
			}))
		}
		return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			run, err := parseRun(k, v)
			require.NoError(t, err)
			for i, body := range run.bodies {
				assert.Contains(t, []byte{codecPackedV3, codecTaskEventV3}, body[0], "event %d is repacked", run.first+int64(i))
			}
			return nil
		})
	}))
	got, err := s.FindTask(s.Scope(o.officer), odd.ID)
	require.NoError(t, err)
	assert.Equal(t, odd.Description, got.Description)
}

func TestTheCodecMigrationStopsAtAnEventThatDoesNotDecodeAndNamesIt(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	task := mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	downgradeToSchema7(t, db.s, 0)
	// An entity id written 7.0 does not decode into the event; the
	// migration must not guess at it.
	var id int64
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		k, v := tx.Bucket(bEventsV1).Cursor().Last()
		id = btoi(k)
		e, err := decodeEvent(k, v)
		require.NoError(t, err)
		raw, _ := json.Marshal(&e.rec)
		raw = []byte(`{"entity_id":` + itoa(task.ID) + `.0,` + string(raw[1:]))
		return tx.Bucket(bEventsV1).Put(k, append(append([]byte(nil), v[:2+hashSize]...), encodeV1(raw)...))
	}))
	require.NoError(t, db.s.Close())
	db.s = nil
	_, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai, NoSync: true, Migrate: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "migrate 7→8")
	assert.Contains(t, err.Error(), itoa(id))
}
