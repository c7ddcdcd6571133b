package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestAWrongStateOrInputChangesNothing(t *testing.T) {
	tests := []struct {
		name  string
		stage stage
		act   func(s *Store, o *org, id int64) error
		code  string
	}{
		{"progress on a submitted task is a conflict", atSubmitted, func(s *Store, o *org, id int64) error {
			_, err := s.AddProgress(o.member, id, "补充", 90)
			return err
		}, ledger.ECONFLICT},
		{"progress on a closed task is a conflict", atClosed, func(s *Store, o *org, id int64) error {
			_, err := s.AddProgress(o.member, id, "补充", 90)
			return err
		}, ledger.ECONFLICT},
		{"submitting twice is a conflict", atSubmitted, func(s *Store, o *org, id int64) error {
			_, err := s.Submit(o.member, id, "再次提交")
			return err
		}, ledger.ECONFLICT},
		{"submitting a closed task is a conflict", atClosed, func(s *Store, o *org, id int64) error {
			_, err := s.Submit(o.member, id, "再次提交")
			return err
		}, ledger.ECONFLICT},
		{"approving an open task is a conflict", atOpen, func(s *Store, o *org, id int64) error {
			_, err := s.Approve(o.officer, id, "")
			return err
		}, ledger.ECONFLICT},
		{"approving a task in progress is a conflict", atInProgress, func(s *Store, o *org, id int64) error {
			_, err := s.Approve(o.officer, id, "")
			return err
		}, ledger.ECONFLICT},
		{"approving a closed task again is a conflict and schedules no second review", atClosed, func(s *Store, o *org, id int64) error {
			_, err := s.Approve(o.officer, id, "")
			return err
		}, ledger.ECONFLICT},
		{"rejecting an open task is a conflict", atOpen, func(s *Store, o *org, id int64) error {
			_, err := s.Reject(o.officer, id, "不合格")
			return err
		}, ledger.ECONFLICT},
		{"an extension for a submitted task is a conflict", atSubmitted, func(s *Store, o *org, id int64) error {
			_, err := s.RequestExtension(o.member, id, date("2026-05-01"), "需协调")
			return err
		}, ledger.ECONFLICT},
		{"a second extension while one is pending is a conflict", atExtensionPending, func(s *Store, o *org, id int64) error {
			_, err := s.RequestExtension(o.member, id, date("2026-05-30"), "再延")
			return err
		}, ledger.ECONFLICT},
		{"deciding an extension nobody asked for is a conflict", atInProgress, func(s *Store, o *org, id int64) error {
			_, err := s.DecideExtension(o.officer, id, true, "")
			return err
		}, ledger.ECONFLICT},
		{"reopening an open task is a conflict", atOpen, func(s *Store, o *org, id int64) error {
			_, err := s.Reopen(o.officer, id, date("2026-05-01"), "反弹")
			return err
		}, ledger.ECONFLICT},
		{"evidence for a closed task is a conflict", atClosed, func(s *Store, o *org, id int64) error {
			_, err := s.AddEvidence(o.officer, id, &ledger.Evidence{Name: "补充.pdf", SHA256: "cd34"})
			return err
		}, ledger.ECONFLICT},
		{"a submission with neither note nor evidence is refused", atInProgress, func(s *Store, o *org, id int64) error {
			_, err := s.Submit(o.member, id, "  ")
			return err
		}, ledger.EINVALID},
		{"a rejection without a reason is refused", atSubmitted, func(s *Store, o *org, id int64) error {
			_, err := s.Reject(o.officer, id, "")
			return err
		}, ledger.EINVALID},
		{"a reopen with a due date in the past is refused", atClosed, func(s *Store, o *org, id int64) error {
			_, err := s.Reopen(o.officer, id, date("2026-03-01"), "反弹")
			return err
		}, ledger.EINVALID},
		{"a progress percent over 100 is refused", atOpen, func(s *Store, o *org, id int64) error {
			_, err := s.AddProgress(o.member, id, "进展", 101)
			return err
		}, ledger.EINVALID},
		{"an extension to an earlier date is refused", atInProgress, func(s *Store, o *org, id int64) error {
			_, err := s.RequestExtension(o.member, id, date("2026-03-10"), "需协调")
			return err
		}, ledger.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestStore(t, "2026-03-02")
			o := newOrg(t, s)
			task := tt.stage(t, s, o)
			snap := snapshotOf(t, s, task.ID)

			err := tt.act(s, o, task.ID)

			assert.Equal(t, tt.code, ledger.ErrorCode(err), "error %v", err)
			assert.Equal(t, snap, snapshotOf(t, s, task.ID), "nothing changed")
		})
	}
}

// snapshot is what a refused action must leave as it was.
type snapshot struct {
	task                                []byte
	events, progress, evidence, reviews int
}

func snapshotOf(t *testing.T, s *Store, id int64) snapshot {
	return snapshot{rawTask(t, s, id), eventCount(t, s), keyCount(t, s, bProgress),
		keyCount(t, s, bEvidence), keyCount(t, s, bReviews)}
}

func TestAnOfficerCannotApproveTheirOwnWork(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.officer.ID, "2026-03-20")
	_, err := s.RequestExtension(o.officer, task.ID, date("2026-04-10"), "需协调")
	require.NoError(t, err)

	t.Run("nor decide their own extension", func(t *testing.T) {
		snap := snapshotOf(t, s, task.ID)
		_, err := s.DecideExtension(o.officer, task.ID, true, "")
		assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err))
		assert.Equal(t, snap, snapshotOf(t, s, task.ID))
	})
	_, err = s.DecideExtension(o.partyOfficer, task.ID, false, "不同意")
	require.NoError(t, err)
	_, err = s.Submit(o.officer, task.ID, "已完成")
	require.NoError(t, err)
	for _, act := range []struct {
		name string
		do   func() error
	}{
		{"approve", func() error { _, err := s.Approve(o.officer, task.ID, ""); return err }},
		{"reject", func() error { _, err := s.Reject(o.officer, task.ID, "重做"); return err }},
	} {
		t.Run("nor "+act.name+" it", func(t *testing.T) {
			snap := snapshotOf(t, s, task.ID)
			assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(act.do()))
			assert.Equal(t, snap, snapshotOf(t, s, task.ID))
		})
	}
	t.Run("an officer of the 党委 above may approve it", func(t *testing.T) {
		got, err := s.Approve(o.partyOfficer, task.ID, "同意")
		require.NoError(t, err)
		assert.Equal(t, ledger.StatusClosed, got.Status)
	})
}
