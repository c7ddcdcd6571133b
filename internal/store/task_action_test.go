package store

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// stage brings a fresh task of 第一支部, owned by the member and due
// 2026-03-20, to a point of its lifecycle.
type stage func(t *testing.T, s *Store, o *org) *ledger.Task

func atOpen(t *testing.T, s *Store, o *org) *ledger.Task {
	return mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-03-20")
}

func atInProgress(t *testing.T, s *Store, o *org) *ledger.Task {
	task := atOpen(t, s, o)
	_, err := s.AddProgress(o.member, task.ID, "已制定整改方案", 30)
	require.NoError(t, err)
	return task
}

func atSubmitted(t *testing.T, s *Store, o *org) *ledger.Task {
	task := atInProgress(t, s, o)
	_, err := s.Submit(o.member, task.ID, "已完成，附会议记录")
	require.NoError(t, err)
	return task
}

func atClosed(t *testing.T, s *Store, o *org) *ledger.Task {
	task := atSubmitted(t, s, o)
	_, err := s.Approve(o.officer, task.ID, "同意销号")
	require.NoError(t, err)
	return task
}

func atExtensionPending(t *testing.T, s *Store, o *org) *ledger.Task {
	task := atInProgress(t, s, o)
	_, err := s.RequestExtension(o.member, task.ID, date("2026-04-30"), "需等上级文件下发")
	require.NoError(t, err)
	return task
}

func decodeTask(t *testing.T, raw json.RawMessage) *ledger.Task {
	t.Helper()
	var task ledger.Task
	require.NoError(t, json.Unmarshal(raw, &task))
	return &task
}

func TestEveryLifecycleActionWritesOneEventWithBeforeAndAfter(t *testing.T) {
	tests := []struct {
		name    string
		stage   stage
		act     func(s *Store, o *org, id int64) (*ledger.Task, error)
		action  ledger.Action
		want    ledger.Status
		changes []string
		check   func(t *testing.T, s *Store, o *org, task *ledger.Task)
	}{
		{"a progress report puts an open task in progress and keeps the note", atOpen,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.AddProgress(o.member, id, "已召开专题会", 40)
			},
			ledger.ActProgress, ledger.StatusInProgress, []string{"status", "percent", "last_report_on"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, 40, task.Percent)
				notes, err := s.ProgressNotes(s.Scope(o.member), task.ID)
				require.NoError(t, err)
				require.Len(t, notes, 1)
				assert.Equal(t, "已召开专题会", notes[0].Note)
			}},
		{"the owner's submission waits for 销号 and counts as on time before the due date", atInProgress,
			func(s *Store, o *org, id int64) (*ledger.Task, error) { return s.Submit(o.member, id, "整改完成") },
			ledger.ActSubmit, ledger.StatusSubmitted, []string{"status", "submitted_on", "percent", "on_time"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, date("2026-03-02"), task.SubmittedOn)
				assert.True(t, task.OnTime)
			}},
		{"an officer's approval closes the task and schedules its 回头看 review_after_days later", atSubmitted,
			func(s *Store, o *org, id int64) (*ledger.Task, error) { return s.Approve(o.officer, id, "同意") },
			ledger.ActApprove, ledger.StatusClosed, []string{"status", "closed_on"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, date("2026-03-02"), task.ClosedOn)
				rs, err := s.Reviews(s.Scope(o.officer), ReviewFilter{TaskID: task.ID})
				require.NoError(t, err)
				require.Len(t, rs, 1)
				assert.Equal(t, task.ClosedOn.AddDays(o.batch.ReviewAfterDays), rs[0].DueOn)
				assert.False(t, rs[0].Done)
			}},
		{"an officer's rejection sends the task back to work", atSubmitted,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.Reject(o.officer, id, "佐证材料不足")
			},
			ledger.ActReject, ledger.StatusInProgress, []string{"status", "submitted_on", "on_time", "percent"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Zero(t, task.SubmittedOn)
				assert.False(t, task.OnTime)
			}},
		{"an extension request leaves the due date until decided", atInProgress,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.RequestExtension(o.member, id, date("2026-04-30"), "需协调")
			},
			ledger.ActRequestExtension, ledger.StatusInProgress, []string{"extension"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				require.NotNil(t, task.Extension)
				assert.Equal(t, date("2026-04-30"), task.Extension.DueOn)
				assert.Equal(t, date("2026-03-20"), task.DueOn)
			}},
		{"a granted extension moves the due date and remembers the original", atExtensionPending,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.DecideExtension(o.officer, id, true, "")
			},
			ledger.ActApproveExtension, ledger.StatusInProgress, []string{"due_on", "original_due_on", "extension"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, date("2026-04-30"), task.DueOn)
				assert.Equal(t, date("2026-03-20"), task.OriginalDueOn)
				assert.Nil(t, task.Extension)
			}},
		{"a refused extension keeps the due date", atExtensionPending,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.DecideExtension(o.officer, id, false, "理由不充分")
			},
			ledger.ActRejectExtension, ledger.StatusInProgress, []string{"extension"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, date("2026-03-20"), task.DueOn)
				assert.Nil(t, task.Extension)
			}},
		{"a reopen puts a closed task back to work and drops its pending 回头看", atClosed,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.Reopen(o.officer, id, date("2026-05-01"), "督查发现问题反弹")
			},
			ledger.ActReopen, ledger.StatusOpen, []string{"status", "due_on", "closed_on", "submitted_on", "percent"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, date("2026-05-01"), task.DueOn)
				pending, err := s.Reviews(s.Scope(o.officer), ReviewFilter{})
				require.NoError(t, err)
				assert.Empty(t, pending)
			}},
		{"an officer's edit of the due date is recorded like any change", atOpen,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				due := date("2026-06-30")
				return s.UpdateTask(o.officer, id, TaskUpdate{DueOn: &due})
			},
			ledger.ActUpdate, ledger.StatusOpen, []string{"due_on"},
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				assert.Equal(t, date("2026-06-30"), task.DueOn)
			}},
		{"an evidence upload is recorded on the task", atInProgress,
			func(s *Store, o *org, id int64) (*ledger.Task, error) {
				return s.AddEvidence(o.member, id, &ledger.Evidence{Name: "会议记录.pdf", Size: 10, SHA256: "ab12"})
			},
			ledger.ActEvidence, ledger.StatusInProgress, nil,
			func(t *testing.T, s *Store, o *org, task *ledger.Task) {
				files, err := s.EvidenceFiles(s.Scope(o.member), task.ID)
				require.NoError(t, err)
				require.Len(t, files, 1)
				assert.Equal(t, o.member.ID, files[0].UploadedBy)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestStore(t, "2026-03-02")
			o := newOrg(t, s)
			task := tt.stage(t, s, o)
			events := eventCount(t, s)
			trail, err := s.TaskEvents(s.Scope(o.officer), task.ID)
			require.NoError(t, err)
			was, err := s.FindTask(s.Scope(o.officer), task.ID)
			require.NoError(t, err)

			got, err := tt.act(s, o, task.ID)
			require.NoError(t, err)

			assert.Equal(t, tt.want, got.Status)
			assert.Equal(t, events+1, eventCount(t, s), "exactly one event")
			after, err := s.TaskEvents(s.Scope(o.officer), task.ID)
			require.NoError(t, err)
			require.Len(t, after, len(trail)+1, "the event is on the task's trail")
			ev := after[len(after)-1]
			assert.Equal(t, tt.action, ev.Action)
			assert.Equal(t, "task", ev.Entity)
			assert.Equal(t, task.ID, ev.EntityID)
			assert.Equal(t, s.Now().UTC(), ev.At)
			stored, err := s.FindTask(s.Scope(o.officer), task.ID)
			require.NoError(t, err)
			assertEventDescribes(t, ev, was, stored, tt.changes)
			tt.check(t, s, o, stored)
		})
	}
}

func TestDecideReview(t *testing.T) {
	setup := func(t *testing.T) (*Store, *testClock, *org, *ledger.Task, *ledger.Review) {
		s, clock := newTestStore(t, "2026-03-02")
		o := newOrg(t, s)
		task := atClosed(t, s, o)
		clock.AddDays(o.batch.ReviewAfterDays)
		due, err := s.Reviews(s.Scope(o.officer), ReviewFilter{DueBefore: s.Today()})
		require.NoError(t, err)
		require.Len(t, due, 1, "the 回头看 is due review_after_days after closing")
		return s, clock, o, task, due[0]
	}
	t.Run("consolidated records one review event and leaves the task closed", func(t *testing.T) {
		s, _, o, task, r := setup(t)
		snap := snapshotOf(t, s, task.ID)
		got, err := s.DecideReview(o.officer, r.ID, ledger.OutcomeConsolidated, "整改成效巩固", 0)
		require.NoError(t, err)
		assert.True(t, got.Done)
		assert.Equal(t, snap.task, rawTask(t, s, task.ID))
		assert.Equal(t, snap.events+1, eventCount(t, s))
		ev := lastEvent(t, s)
		assert.Equal(t, ledger.ActReview, ev.Action)
		assert.Equal(t, task.ID, ev.TaskID, "the review event is on the task's trail")
		assert.JSONEq(t, `false`, string(mustField(t, ev.Before, "done")))
		assert.JSONEq(t, `"consolidated"`, string(mustField(t, ev.After, "outcome")))
		pending, err := s.Reviews(s.Scope(o.officer), ReviewFilter{})
		require.NoError(t, err)
		assert.Empty(t, pending)
	})
	t.Run("rebound reopens the task with the new due date, recording the reopen and the review", func(t *testing.T) {
		s, _, o, task, r := setup(t)
		events := eventCount(t, s)
		newDue := s.Today().AddDays(30)
		_, err := s.DecideReview(o.officer, r.ID, ledger.OutcomeRebound, "制度执行出现反弹", newDue)
		require.NoError(t, err)
		got, err := s.FindTask(s.Scope(o.officer), task.ID)
		require.NoError(t, err)
		assert.Equal(t, ledger.StatusOpen, got.Status)
		assert.Equal(t, newDue, got.DueOn)
		// Three records change, the task, a confirmed rebound of its problem
		// and the review, and each keeps its own entry with before and after.
		evs, err := s.EventsSince(int64(events), 10)
		require.NoError(t, err)
		require.Len(t, evs, 3)
		assert.Equal(t, ledger.ActReopen, evs[0].Action)
		assert.Equal(t, ledger.StatusClosed, decodeTask(t, evs[0].Before).Status)
		assert.Equal(t, ledger.StatusOpen, decodeTask(t, evs[0].After).Status)
		assert.Equal(t, ledger.ActFlagRebound, evs[1].Action)
		assert.JSONEq(t, `"confirmed"`, string(mustField(t, evs[1].After, "status")))
		assert.Equal(t, ledger.ActReview, evs[2].Action)
		assert.JSONEq(t, `"rebound"`, string(mustField(t, evs[2].After, "outcome")))
	})
	t.Run("a second decision is a conflict and changes nothing", func(t *testing.T) {
		s, _, o, task, r := setup(t)
		_, err := s.DecideReview(o.officer, r.ID, ledger.OutcomeConsolidated, "", 0)
		require.NoError(t, err)
		snap := snapshotOf(t, s, task.ID)
		_, err = s.DecideReview(o.officer, r.ID, ledger.OutcomeRebound, "反弹", s.Today().AddDays(10))
		assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
		assert.Equal(t, snap, snapshotOf(t, s, task.ID))
	})
	t.Run("a rebound without a note or with a past due date changes nothing", func(t *testing.T) {
		s, _, o, task, r := setup(t)
		snap := snapshotOf(t, s, task.ID)
		_, err := s.DecideReview(o.officer, r.ID, ledger.OutcomeRebound, "", s.Today().AddDays(10))
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
		_, err = s.DecideReview(o.officer, r.ID, ledger.OutcomeRebound, "反弹", s.Today().AddDays(-1))
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
		assert.Equal(t, snap, snapshotOf(t, s, task.ID))
	})
}

func mustField(t *testing.T, raw json.RawMessage, name string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	require.Contains(t, m, name)
	return m[name]
}

// assertEventDescribes checks an event's before and after against the
// task as it was and as it is: every field they hold has the value it had
// or has, and each changed field is there with its old and new value.
func assertEventDescribes(t *testing.T, ev *ledger.Event, was, is *ledger.Task, changes []string) {
	t.Helper()
	wasF, isF := taskFields(t, was), taskFields(t, is)
	before, after := jsonFields(t, ev.Before), jsonFields(t, ev.After)
	for k, v := range before {
		assert.Equal(t, wasF[k], v, "before.%s is the old value", k)
	}
	for k, v := range after {
		assert.Equal(t, isF[k], v, "after.%s is the new value", k)
	}
	for _, k := range changes {
		require.NotEqual(t, wasF[k], isF[k], "the action changes %s", k)
		assert.Equal(t, wasF[k], before[k], "before names the old %s", k)
		assert.Equal(t, isF[k], after[k], "after names the new %s", k)
	}
}

// taskFields is a task as the trail records it: JSON fields, no light.
func taskFields(t *testing.T, task *ledger.Task) map[string]string {
	c := *task
	c.Light = ""
	raw, err := json.Marshal(&c)
	require.NoError(t, err)
	return jsonFields(t, raw)
}

// jsonFields maps each field of a JSON object to its compact value.
func jsonFields(t *testing.T, raw json.RawMessage) map[string]string {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	out := map[string]string{}
	for k, v := range m {
		var buf bytes.Buffer
		require.NoError(t, json.Compact(&buf, v))
		out[k] = buf.String()
	}
	return out
}
