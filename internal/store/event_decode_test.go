package store

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"
)

// TestTheFastEventDecodeReadsWhatUnmarshalReads decodes every event body
// of a ledger built by random operations, and odd hand-written ones, both
// ways: the fast path either agrees with json.Unmarshal or declines.
func TestTheFastEventDecodeReadsWhatUnmarshalReads(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 99)
	for range 300 {
		sim.step()
	}
	var inputs [][]byte
	require.NoError(t, db.s.DB().View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			run, err := parseRun(k, v)
			require.NoError(t, err)
			for _, body := range run.bodies {
				raw, err := recordJSON(body)
				if body[0] == codecTaskEventV3 {
					raw, err = unpackJSON(nil, body[1:])
				}
				require.NoError(t, err)
				inputs = append(inputs, raw)
			}
			return nil
		})
	}))
	require.Greater(t, len(inputs), 100)
	for _, odd := range []string{
		`{"entity":"task","entity_id":3,"at":"2026-03-02T10:00:00.5+08:00","actor_id":1,"action":"update","note":"引号\"在此"}`,
		`{"entity":"task","Entity_ID":3,"at":"2026-03-02T10:00:00Z","actor_id":1,"action":"update"}`,
		`{"entity":"task","entity_id":3.0,"at":"2026-03-02T10:00:00Z","actor_id":1,"action":"update"}`,
		`{"entity":"task","entity_id":3,"at":"2026-03-02T10:00:00Z","actor_id":1,"action":"update","old":null,"new":{},"data":null}`,
		`{"entity":"task","entity_id":3,"at":"2026-03-02T10:00:00Z","actor_id":1,"action":"update","new":{"a":[1,{"b":"c"}],"d":"\u003c"},"extra":1}`,
		`{"entity":"task","entity_id":3,"at":"2026-03-02T10:00:00Z","actor_id":-0,"action":"update","note":"` + "\xff" + `"}`,
		`{"entity":"task","entity_id":3,"entity_id":4,"at":"2026-03-02T10:00:00Z","actor_id":1,"action":"x"}`,
		`{"entity":"task", "entity_id":3}`,
		`{"entity_id":3.0,"entity":"task","entity_id":3,"at":"2026-03-02T10:00:00Z","actor_id":1,"action":"x"}`,
		`{"at":"not a time"}`,
		`{"entity_id":99999999999999999999}`,
		`null`, `[]`, `{}`,
	} {
		inputs = append(inputs, []byte(odd))
	}
	fast := 0
	for _, raw := range inputs {
		var got, want eventRecord
		if !decodeEventJSON(raw, &got) {
			continue
		}
		fast++
		require.NoError(t, json.Unmarshal(raw, &want), "%s: the fast path took what Unmarshal refuses", raw)
		assert.Equal(t, want, got, "%s", raw)
	}
	assert.Greater(t, fast, len(inputs)*9/10, "the bodies the writer produces take the fast path")
}
