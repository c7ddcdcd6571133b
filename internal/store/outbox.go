package store

import (
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Delivery states of an outbox row.
const (
	StatePending = "pending" // waiting for its first attempt, or claimed by a sender
	StateSent    = "sent"
	StateFailed  = "failed" // an attempt failed; another is scheduled
	StateDead    = "dead"   // given up: a permanent error or too many attempts
)

// Targets of an outbox row.
const (
	TargetChannel = "channel" // a robot channel: ChannelID
	TargetEmail   = "email"   // one user's mailbox: UserID
)

const (
	targetChannel byte = 'c'
	targetEmail   byte = 'u'
)

// OutboxRow is one message to one destination: a digest of items under a
// stable idempotency key, delivered at least once.
type OutboxRow struct {
	ID        int64        `json:"id"`
	Key       string       `json:"key"`
	Job       string       `json:"job"`
	Target    string       `json:"target"`
	ChannelID int64        `json:"channel_id,omitempty"`
	UserID    int64        `json:"user_id,omitempty"`
	Title     string       `json:"title,omitempty"`
	Items     []DigestItem `json:"items"`
	State     string       `json:"state"`
	Attempts  int          `json:"attempts"`
	NextAt    time.Time    `json:"next_attempt_at"`
	LastError string       `json:"last_error,omitempty"`
	// Claimed is set while a sender holds the row (until FinishDelivery);
	// a claim found at start-up belongs to a process that died.
	Claimed   bool       `json:"claimed,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

// pendingItem waits in digest_items_v1 for the end of its job's run,
// when all items of one target become one outbox row.
type pendingItem struct {
	Job  string     `json:"job"`
	At   time.Time  `json:"at"`
	Item DigestItem `json:"item"`
}

func addPending(tx *bbolt.Tx, target byte, id int64, job string, now time.Time, it DigestItem) error {
	b := tx.Bucket(bPending)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	k := key([]byte{target}, itob(id), itob(int64(seq)))
	return b.Put(k, marshal(pendingItem{Job: job, At: now.UTC(), Item: it}))
}

func nextKey(at time.Time, id int64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(at.UnixNano()))
	binary.BigEndian.PutUint64(k[8:], uint64(id))
	return k
}

// saveOutbox writes row, keeping the key and next-attempt indexes.
func saveOutbox(tx *bbolt.Tx, before, row *OutboxRow) error {
	next := tx.Bucket(bOutboxNext)
	if before != nil && (before.State == StatePending || before.State == StateFailed) {
		if err := next.Delete(nextKey(before.NextAt, before.ID)); err != nil {
			return err
		}
	}
	if row.State == StatePending || row.State == StateFailed {
		if err := next.Put(nextKey(row.NextAt, row.ID), nil); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bOutboxKey).Put([]byte(row.Key), itob(row.ID)); err != nil {
		return err
	}
	return put(tx, bOutbox, row.ID, row)
}

// insertOutbox adds a new pending row due at once, unless its key exists.
func insertOutbox(tx *bbolt.Tx, now time.Time, row *OutboxRow) (bool, error) {
	if tx.Bucket(bOutboxKey).Get([]byte(row.Key)) != nil {
		return false, nil
	}
	id, err := nextID(tx, bOutbox)
	if err != nil {
		return false, err
	}
	row.ID, row.State, row.Attempts = id, StatePending, 0
	row.NextAt, row.CreatedAt = now.UTC(), now.UTC()
	return true, saveOutbox(tx, nil, row)
}

// FlushFilter selects the pending items FlushDigests gathers.
type FlushFilter struct {
	Job    string      // only this job's items; "" for all
	Before time.Time   // only items queued before; zero for all
	Day    ledger.Date // names the digests' keys
	Now    time.Time
}

// FlushDigests turns the pending items of each (target, job) into one
// outbox row, in one transaction that also deletes the items: an item is
// in exactly one row, however often or concurrently this runs. The row's
// key is job:target:id:day, with #2, #3… for further runs that day.
func (s *Store) FlushDigests(f FlushFilter) (int, error) {
	var queued bool
	if err := s.db.View(func(tx *bbolt.Tx) error {
		_, order, err := pendingGroups(tx, f)
		queued = len(order) > 0
		return err
	}); err != nil || !queued {
		return 0, err // nothing queued: no write transaction
	}
	made := 0
	err := s.update(func(tx *bbolt.Tx) error {
		made = 0
		groups, order, err := pendingGroups(tx, f)
		if err != nil {
			return err
		}
		for _, g := range order {
			row := groups[g]
			row.Key = uniqueOutboxKey(tx, fmt.Sprintf("%s:%s:%d:%s", row.Job, row.Target, row.ChannelID+row.UserID, f.Day))
			if _, err := insertOutbox(tx, f.Now, row.OutboxRow); err != nil {
				return err
			}
			for _, k := range row.keys {
				if err := tx.Bucket(bPending).Delete(k); err != nil {
					return err
				}
			}
			made++
		}
		return nil
	})
	return made, err
}

type pendingGroup struct {
	*OutboxRow
	keys [][]byte
}

func pendingGroups(tx *bbolt.Tx, f FlushFilter) (map[string]*pendingGroup, []string, error) {
	groups := map[string]*pendingGroup{}
	var order []string
	err := tx.Bucket(bPending).ForEach(func(k, v []byte) error {
		var p pendingItem
		if err := unmarshal(v, &p); err != nil {
			return err
		}
		if f.Job != "" && p.Job != f.Job || !f.Before.IsZero() && !p.At.Before(f.Before) {
			return nil
		}
		g := string(k[:9]) + p.Job
		if groups[g] == nil {
			row := &OutboxRow{Job: p.Job, Target: TargetChannel, ChannelID: btoi(k[1:9])}
			if k[0] == targetEmail {
				row.Target, row.ChannelID, row.UserID = TargetEmail, 0, btoi(k[1:9])
			}
			groups[g] = &pendingGroup{OutboxRow: row}
			order = append(order, g)
		}
		groups[g].Items = append(groups[g].Items, p.Item)
		groups[g].keys = append(groups[g].keys, append([]byte(nil), k...))
		return nil
	})
	sort.Strings(order)
	return groups, order, err
}

func uniqueOutboxKey(tx *bbolt.Tx, base string) string {
	k := base
	for n := 2; tx.Bucket(bOutboxKey).Get([]byte(k)) != nil; n++ {
		k = fmt.Sprintf("%s#%d", base, n)
	}
	return k
}

// ClaimDeliveries takes up to limit rows due at now for one attempt: each
// gets its attempt counted and its next attempt moved to now+lease, in one
// transaction, so no other sender takes it meanwhile. A sender that dies
// before FinishDelivery leaves the row to be claimed again after the
// lease: delivery is at least once, under the same key.
func (s *Store) ClaimDeliveries(now time.Time, lease time.Duration, limit int) ([]*OutboxRow, error) {
	var due bool
	_ = s.db.View(func(tx *bbolt.Tx) error {
		k, _ := tx.Bucket(bOutboxNext).Cursor().First()
		due = k != nil && int64(binary.BigEndian.Uint64(k)) <= now.UnixNano()
		return nil
	})
	if !due {
		return nil, nil // the usual minute: no write transaction
	}
	var out []*OutboxRow
	err := s.update(func(tx *bbolt.Tx) error {
		out = nil
		var ids []int64
		c := tx.Bucket(bOutboxNext).Cursor()
		for k, _ := c.First(); k != nil && len(ids) < limit; k, _ = c.Next() {
			if int64(binary.BigEndian.Uint64(k)) > now.UnixNano() {
				break
			}
			ids = append(ids, pairSecond(k))
		}
		for _, id := range ids {
			var row OutboxRow
			if err := get(tx, bOutbox, id, "outbox row", &row); err != nil {
				return err
			}
			before := row
			row.Attempts++
			row.NextAt, row.Claimed = now.Add(lease).UTC(), true
			if err := saveOutbox(tx, &before, &row); err != nil {
				return err
			}
			c := row
			out = append(out, &c)
		}
		return nil
	})
	return out, err
}

// ReleaseClaims makes every claimed row due at now again. Only a process
// holding the database calls it at start, so every claim it finds was
// left by a sender that died mid-delivery: without this, those messages
// would wait out their lease.
func (s *Store) ReleaseClaims(now time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bbolt.Tx) error {
		n = 0
		var ids []int64
		c := tx.Bucket(bOutboxNext).Cursor()
		for k, _ := c.Seek(nextKey(now, 0)); k != nil; k, _ = c.Next() {
			ids = append(ids, btoi(k[8:]))
		}
		for _, id := range ids {
			var row OutboxRow
			if err := get(tx, bOutbox, id, "outbox row", &row); err != nil {
				return err
			}
			if !row.Claimed {
				continue
			}
			before := row
			row.Claimed, row.NextAt = false, now.UTC()
			if err := saveOutbox(tx, &before, &row); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// DeliveryOutcome is the result of one claimed attempt.
type DeliveryOutcome struct {
	ID      int64
	Attempt int       // the row's Attempts when claimed
	Sent    bool      // delivered
	Dead    bool      // give up
	Error   string    // why it failed
	NextAt  time.Time // when to retry a failure that is not dead
	At      time.Time // when the attempt ended
}

// FinishDelivery records an attempt's outcome. A row already sent or dead
// stays so, and a failure reported by a sender whose claim has since
// lapsed and been taken by another is ignored.
func (s *Store) FinishDelivery(o DeliveryOutcome) error {
	return s.update(func(tx *bbolt.Tx) error {
		var row OutboxRow
		if err := get(tx, bOutbox, o.ID, "outbox row", &row); err != nil {
			return err
		}
		if row.State == StateSent || row.State == StateDead || !o.Sent && row.Attempts != o.Attempt {
			return nil
		}
		before := row
		row.Claimed = false
		switch {
		case o.Sent:
			at := o.At.UTC()
			row.State, row.SentAt, row.LastError = StateSent, &at, ""
		case o.Dead:
			row.State, row.LastError = StateDead, o.Error
		default:
			row.State, row.LastError, row.NextAt = StateFailed, o.Error, o.NextAt.UTC()
		}
		return saveOutbox(tx, &before, &row)
	})
}

// Deliveries lists outbox rows, newest first, optionally of one state.
func (s *Store) Deliveries(state string, limit int) ([]*OutboxRow, error) {
	if limit <= 0 || limit > MaxPageSize {
		limit = MaxPageSize
	}
	out := []*OutboxRow{}
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bOutbox).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var row OutboxRow
			if err := unmarshal(v, &row); err != nil {
				return err
			}
			if state == "" || row.State == state {
				out = append(out, &row)
			}
		}
		return nil
	})
	return out, err
}

// FindDelivery returns one outbox row.
func (s *Store) FindDelivery(id int64) (*OutboxRow, error) {
	var row OutboxRow
	err := s.db.View(func(tx *bbolt.Tx) error { return get(tx, bOutbox, id, "outbox row", &row) })
	return &row, err
}
