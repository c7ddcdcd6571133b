package store

import (
	"encoding/binary"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// 整改成效 counters, kept with the task counters in the transaction of each
// task write, so the figures cost what the branches hold, not the tasks:
// a sparse histogram of days to 销号 per branch, and closed and on-time
// counts per branch and quarter of closing.
var (
	bCloseDays    = []byte("effect_close_days_v1") // branch → (day, count) uvarint pairs
	bCloseQuarter = []byte("effect_quarter_v1")    // branch‖quarter → closed‖on time
)

// effectOf is what one task adds to the effect counters.
type effectOf struct {
	closed  bool
	branch  int64
	days    int
	quarter ledger.Quarter
	onTime  bool
}

func taskEffect(t *ledger.Task) effectOf {
	if t == nil {
		return effectOf{}
	}
	d, ok := ledger.DaysToClose(t)
	if !ok {
		return effectOf{}
	}
	return effectOf{closed: true, branch: t.BranchID, days: d, quarter: ledger.QuarterOf(t.ClosedOn), onTime: t.OnTime}
}

// adjustEffect moves a task's contribution from before to after.
func adjustEffect(tx *bbolt.Tx, before, after *ledger.Task) error {
	b, a := taskEffect(before), taskEffect(after)
	if b == a {
		return nil
	}
	if b.closed {
		if err := addEffect(tx, b, -1); err != nil {
			return err
		}
	}
	if a.closed {
		return addEffect(tx, a, 1)
	}
	return nil
}

func addEffect(tx *bbolt.Tx, e effectOf, sign int64) error {
	days := tx.Bucket(bCloseDays)
	h := decodeCloseDays(days.Get(itob(e.branch)))
	h.Add(ledger.CloseDays{e.days: 1}, sign)
	if err := putOrDelete(days, itob(e.branch), encodeCloseDays(h)); err != nil {
		return err
	}
	quarters := tx.Bucket(bCloseQuarter)
	k := key(itob(e.branch), quarterKey(e.quarter))
	c := decodeQuarter(quarters.Get(k))
	c.Closed += sign
	if e.onTime {
		c.OnTime += sign
	}
	var v []byte
	if c.Closed != 0 {
		v = encodeQuarter(c)
	}
	return putOrDelete(quarters, k, v)
}

func putOrDelete(b *bbolt.Bucket, k, v []byte) error {
	if len(v) == 0 {
		return b.Delete(k)
	}
	return b.Put(k, v)
}

func quarterKey(q ledger.Quarter) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, uint32(q))
	return b
}

func encodeCloseDays(h ledger.CloseDays) []byte {
	var v []byte
	for d, n := range h {
		v = binary.AppendUvarint(v, uint64(d))
		v = binary.AppendUvarint(v, uint64(n))
	}
	return v
}

func decodeCloseDays(v []byte) ledger.CloseDays {
	h := ledger.CloseDays{}
	for len(v) > 0 {
		d, n1 := binary.Uvarint(v)
		if n1 <= 0 {
			break
		}
		c, n2 := binary.Uvarint(v[n1:])
		if n2 <= 0 {
			break
		}
		h[int(d)] += int64(c)
		v = v[n1+n2:]
	}
	return h
}

// decodeDayCounts reads a stored histogram (encodeCloseDays) as a slice
// by days, for the dashboard's roll-up.
func decodeDayCounts(v []byte) ledger.DayCounts {
	// Two passes: the days are stored in no order, and sizing the slice
	// once costs less than growing it.
	top := -1
	for w := v; len(w) > 0; {
		d, n1 := binary.Uvarint(w)
		if n1 <= 0 {
			break
		}
		_, n2 := binary.Uvarint(w[n1:])
		if n2 <= 0 {
			break
		}
		if d <= ledger.MaxCloseDays {
			top = max(top, int(d))
		}
		w = w[n1+n2:]
	}
	c := make(ledger.DayCounts, top+1)
	for len(v) > 0 {
		d, n1 := binary.Uvarint(v)
		if n1 <= 0 {
			break
		}
		n, n2 := binary.Uvarint(v[n1:])
		if n2 <= 0 {
			break
		}
		if d <= ledger.MaxCloseDays {
			c[d] += int64(n)
		}
		v = v[n1+n2:]
	}
	return c
}

func encodeQuarter(c ledger.QuarterCount) []byte {
	v := make([]byte, 16)
	binary.BigEndian.PutUint64(v, uint64(c.Closed))
	binary.BigEndian.PutUint64(v[8:], uint64(c.OnTime))
	return v
}

func decodeQuarter(v []byte) ledger.QuarterCount {
	if len(v) != 16 {
		return ledger.QuarterCount{}
	}
	return ledger.QuarterCount{Closed: int64(binary.BigEndian.Uint64(v)), OnTime: int64(binary.BigEndian.Uint64(v[8:]))}
}

// fillEffect (migration) counts every closed task of an older file.
func fillEffect(tx *bbolt.Tx) error {
	return tx.Bucket(bTasks).ForEach(func(_, v []byte) error {
		var t ledger.Task
		if err := unmarshal(v, &t); err != nil {
			return err
		}
		if e := taskEffect(&t); e.closed {
			return addEffect(tx, e, 1)
		}
		return nil
	})
}

// Effects answers the 整改成效 of root (0: the scope's own root) rolled up
// over its subtree, and of each of its child branches rolled up over
// theirs, as the dashboard's rows are. Only branches the scope sees count.
func (s *Store) Effects(scope ledger.Scope, root int64) (total ledger.Effect, rows []ledger.Effect, err error) {
	if root == 0 {
		root = scope.Root()
	}
	if root != 0 && !scope.Sees(root) {
		return total, nil, ledger.Reasonf(ledger.ENOTFOUND, "branch.not_found", "branch not found").WithField("branch_id")
	}
	tree := scope.Tree
	err = s.db.View(func(tx *bbolt.Tx) error {
		rebounds, err := confirmedRebounds(tx)
		if err != nil {
			return err
		}
		one := func(branch int64, name string) ledger.Effect {
			days, quarters, n := ledger.CloseDays{}, map[ledger.Quarter]ledger.QuarterCount{}, int64(0)
			for _, id := range tree.Subtree(branch) {
				if !scope.Sees(id) {
					continue
				}
				days.Add(decodeCloseDays(tx.Bucket(bCloseDays).Get(itob(id))), 1)
				branchQuarters(tx, id, quarters)
				n += rebounds[id]
			}
			return ledger.NewEffect(branch, name, days, quarters, n)
		}
		total = one(root, branchName(tree, root))
		for _, c := range tree.Children(root) {
			if scope.Sees(c) {
				rows = append(rows, one(c, branchName(tree, c)))
			}
		}
		return nil
	})
	return total, rows, err
}

func branchName(tree *ledger.Tree, id int64) string {
	if b := tree.Get(id); b != nil {
		return b.Name
	}
	return "全部"
}

func branchQuarters(tx *bbolt.Tx, branch int64, into map[ledger.Quarter]ledger.QuarterCount) {
	c := tx.Bucket(bCloseQuarter).Cursor()
	prefix := itob(branch)
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		q := ledger.Quarter(binary.BigEndian.Uint32(k[8:]))
		qc := decodeQuarter(v)
		sum := into[q]
		sum.Closed += qc.Closed
		sum.OnTime += qc.OnTime
		into[q] = sum
	}
}

// confirmedRebounds counts confirmed rebounds per branch; flags are few
// (one per suspected return), so a walk of them is cheap.
func confirmedRebounds(tx *bbolt.Tx) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := tx.Bucket(bRebounds).ForEach(func(_, v []byte) error {
		var r ledger.Rebound
		if err := unmarshal(v, &r); err != nil {
			return err
		}
		if r.Status == ledger.ReboundConfirmed {
			out[r.BranchID]++
		}
		return nil
	})
	return out, err
}

// rowEffect is what a dashboard row's 成效 figures are made of, summed up
// the tree with the counters.
type rowEffect struct {
	days     ledger.DayCounts
	rebounds int64
}

// loadRowEffects reads each row's own histogram and confirmed rebounds.
func loadRowEffects(tx *bbolt.Tx, rows map[int64]*BranchRow) error {
	rebounds, err := confirmedRebounds(tx)
	if err != nil {
		return err
	}
	days := tx.Bucket(bCloseDays)
	for id, r := range rows {
		r.effect = &rowEffect{days: decodeDayCounts(days.Get(itob(id))), rebounds: rebounds[id]}
	}
	return nil
}

func (e *rowEffect) add(o *rowEffect) {
	if e == nil || o == nil {
		return
	}
	e.days.Add(o.days)
	e.rebounds += o.rebounds
}

// finish sets the row's figures: rebound rate over its closed measures,
// and the median days to 销号 (null when none is closed).
func (e *rowEffect) finish(r *BranchRow) {
	if e == nil {
		return
	}
	rate, median := ledger.RowFigures(e.days, e.rebounds)
	r.ReboundRate, r.MedianDaysToClose = &rate, median
}
