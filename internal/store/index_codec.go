package store

import (
	"encoding/binary"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// The date indexes (due, report and 回头看; global, or per branch under a
// branch prefix) share one layout, written and read only here:
//
//	key   [prefix ‖] date(4) ‖ id(8)
//	value due:     branch(8) ‖ batch(8) ‖ warn_days(2)
//	      report:  branch(8) ‖ batch(8) ‖ due_on(4)
//	      review:  branch(8)
//
// The value's length tells its kind.

// dateEntry is one decoded entry of a date index.
type dateEntry struct {
	Date     ledger.Date // the key's date
	ID       int64       // task, or review for the 回头看 index
	BranchID int64
	BatchID  int64
	WarnDays int         // due indexes
	DueOn    ledger.Date // report indexes
}

const (
	dueValueLen    = 18
	reportValueLen = 20
)

func dueValue(branch, batch int64, warn int) []byte {
	v := key(itob(branch), itob(batch), []byte{0, 0})
	binary.BigEndian.PutUint16(v[16:], uint16(warn))
	return v
}

func reportValue(branch, batch int64, due ledger.Date) []byte {
	return key(itob(branch), itob(batch), dtob(due))
}

// dateKey is [prefix ‖] date ‖ id.
func dateKey(prefix []byte, d ledger.Date, id int64) []byte { return key(prefix, dtob(d), itob(id)) }

// decodeDateEntry reads an entry whose key starts with a prefix of n bytes.
func decodeDateEntry(k []byte, n int, v []byte) dateEntry {
	e := dateEntry{Date: btod(k[n : n+4]), ID: btoi(k[n+4 : n+12])}
	if len(v) >= 8 {
		e.BranchID = btoi(v[:8])
	}
	if len(v) >= 16 {
		e.BatchID = btoi(v[8:16])
	}
	switch len(v) {
	case dueValueLen:
		e.WarnDays = int(binary.BigEndian.Uint16(v[16:18]))
	case reportValueLen:
		e.DueOn = btod(v[16:20])
	}
	return e
}

// scanDates calls fn for each entry of bucket under prefix with its date
// in [from, to], in date order.
func scanDates(tx *bbolt.Tx, bucket, prefix []byte, from, to ledger.Date, fn func(e dateEntry)) {
	c := tx.Bucket(bucket).Cursor()
	for k, v := c.Seek(key(prefix, dtob(from))); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		e := decodeDateEntry(k, len(prefix), v)
		if e.Date > to {
			return
		}
		fn(e)
	}
}

// pairKey is a 16-byte key of two ids (branch‖batch, user‖notification…);
// splitPair reads it back.
func splitPair(k []byte) (int64, int64) { return btoi(k[:8]), btoi(k[8:16]) }

func pairSecond(k []byte) int64 { _, b := splitPair(k); return b }
