package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// This file holds reads of the ledger page and the inbox (package web).
// LatestNotes returns the latest progress note of each given task the
// scope sees, for the 完成情况 column: one cursor seek per task, so a page
// of the ledger costs its rows, not the tasks' whole histories.
func (s *Store) LatestNotes(scope ledger.Scope, ids []int64) (map[int64]*ledger.ProgressNote, error) {
	out := make(map[int64]*ledger.ProgressNote, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bProgress).Cursor()
		for _, id := range ids {
			if _, err := s.visibleTask(tx, scope, id); err != nil {
				continue
			}
			// Only the key matters here: the entry before the next task's.
			k, _ := c.Seek(itob(id + 1))
			var v []byte
			if k == nil {
				k, v = c.Last()
			} else {
				k, v = c.Prev()
			}
			if k == nil || !hasPrefix(k, itob(id)) {
				continue
			}
			var n ledger.ProgressNote
			if err := unmarshal(v, &n); err != nil {
				return err
			}
			out[id] = &n
		}
		return nil
	})
	return out, err
}

// VisibleTasksByID returns the tasks with the given ids that the scope sees, in
// one transaction; ids it does not see are left out.
func (s *Store) VisibleTasksByID(scope ledger.Scope, ids []int64) (map[int64]*ledger.Task, error) {
	out := make(map[int64]*ledger.Task, len(ids))
	today := s.Today()
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			if _, done := out[id]; done || id == 0 {
				continue
			}
			t, err := s.visibleTask(tx, scope, id)
			if ledger.ErrorCode(err) == ledger.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			t.Show(today)
			out[id] = t
		}
		return nil
	})
	return out, err
}
