package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// settleStaleReviewRequests (6→7) marks read every unread "waiting for
// your review" notice whose measure is no longer submitted: before
// version 7, approving or returning a measure left those requests unread
// for every officer they went to. It reads the unread index only.
func settleStaleReviewRequests(tx *bbolt.Tx) error {
	var stale []*Notification
	err := tx.Bucket(bInboxUnread).ForEach(func(k, _ []byte) error {
		var n Notification
		if err := get(tx, bInbox, btoi(k[8:]), "notification", &n); err != nil {
			return err
		}
		if n.Kind != KindSubmitted {
			return nil
		}
		var t ledger.Task
		if v := tx.Bucket(bTasks).Get(itob(n.TaskID)); v != nil {
			if err := unmarshal(v, &t); err != nil {
				return err
			}
		}
		if t.Status != ledger.StatusSubmitted {
			stale = append(stale, &n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, n := range stale { // not inside ForEach: markRead deletes from the bucket walked
		if err := markRead(tx, n); err != nil {
			return err
		}
	}
	return nil
}
