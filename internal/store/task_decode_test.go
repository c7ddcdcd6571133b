package store

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Stored tasks are read by ledger.ParseTaskJSON, not encoding/json; a
// reader must get the same task either way, in every stored form.
func TestStoredTasksReadAsEncodingJSONReadsThem(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-10")
	o := newOrg(t, s)
	created := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-30")
	full := *created
	full.ID = created.ID + 1
	full.Description, full.Remark = `整改 <b>"记录"</b> & 台账 \ 换行`+"\n\u2028", "备注\t说明"
	full.SupportDepts, full.OwnerName, full.LeadDept = []string{"宣传部", "<纪委>"}, "张三", "组织部"
	full.Extension = &ledger.Extension{RequestedBy: o.member.ID, RequestedOn: date("2026-03-01"), DueOn: date("2026-06-30"), Reason: "需协调"}
	full.Returned = &ledger.Returned{Reason: "材料不全", By: o.officer.ID, ByName: "李委员", At: time.Date(2026, 3, 2, 9, 30, 0, 123, time.UTC)}
	full.SubmittedOn, full.ClosedOn, full.OnTime, full.Percent = date("2026-03-05"), date("2026-03-06"), true, 100
	records := map[string]func(tx *bbolt.Tx) error{
		"a task as CreateTask stored it": func(*bbolt.Tx) error { return nil },
		"every optional field set, in the codec": func(tx *bbolt.Tx) error {
			return put(tx, bTasks, full.ID, &full)
		},
		"plain JSON from before the codec": func(tx *bbolt.Tx) error {
			return tx.Bucket(bTasks).Put(itob(full.ID), []byte(`{"id":`+itoa(full.ID)+`,"branch_id":`+itoa(o.first.ID)+`,"description":"旧记录","due_on":"2026-01-31"}`))
		},
		"JSON the fast reader declines (spaces, an unknown key)": func(tx *bbolt.Tx) error {
			return tx.Bucket(bTasks).Put(itob(full.ID), []byte(`{ "id": `+itoa(full.ID)+`, "branch_id": `+itoa(o.first.ID)+`, "colour": "red" }`))
		},
	}
	for name, write := range records {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, s.DB().Update(write))
			id := full.ID
			if name == "a task as CreateTask stored it" {
				id = created.ID
			}
			raw := rawTask(t, s, id)
			if name != "JSON the fast reader declines (spaces, an unknown key)" {
				assert.True(t, parseStoredTask(raw, &ledger.Task{}), "read without encoding/json")
			}
			var want ledger.Task
			require.NoError(t, unmarshal(raw, &want))
			want.Show(s.Today())
			got, err := s.FindTask(s.Scope(o.admin), id)
			require.NoError(t, err)
			assert.Equal(t, &want, got)
		})
	}
	t.Run("a damaged record is an error, as before", func(t *testing.T) {
		require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error {
			return tx.Bucket(bTasks).Put(itob(full.ID), []byte(`{"id":1,"description":"cut`))
		}))
		_, err := s.FindTask(s.Scope(o.admin), full.ID)
		assert.ErrorContains(t, err, "corrupt record")
	})
}

func TestExpandKeysV1IsTheKeyDecoder(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	inputs := [][]byte{nil, {}, {0x00}, {0x01, 0x02, 0x1f, 0x20}, []byte("plain 中文 \xff")}
	for range 2000 {
		b := make([]byte, r.IntN(300))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = byte(r.IntN(0x20))
			} else {
				b[i] = byte(r.IntN(256))
			}
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		assert.Equal(t, keyDecoder.Replace(string(in)), string(expandKeysV1([]byte("x"), in))[1:], "%q", in)
	}
}
