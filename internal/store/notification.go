package store

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Buckets of notifications, delivery and scheduled work. They are created
// at open like every other bucket.
var (
	bNoticeKeys = []byte("idx_notice_key_v1")        // idempotency key → unix seconds written
	bInbox      = []byte("notifications_v1")         // id → Notification
	bInboxUser  = []byte("idx_notification_user_v1") // user‖notification
	// bInboxUnread holds user‖notification of unread ones only.
	bInboxUnread = []byte("idx_notification_unread_v1")
	bPending     = []byte("digest_items_v1")    // target‖seq → pendingItem (not yet in a digest)
	bOutbox      = []byte("outbox_v1")          // id → OutboxRow
	bOutboxNext  = []byte("idx_outbox_next_v1") // next attempt (unix ns)‖row, pending and failed only
	bOutboxKey   = []byte("idx_outbox_key_v1")  // idempotency key → row
	bChannels    = []byte("channels_v1")        // id → Channel
	bJobRuns     = []byte("job_runs_v1")        // job name → JobRun
	bJobState    = []byte("job_state_v1")       // free-form key → JSON, for jobs' memory
)

func init() {
	allBucketNames = append(allBucketNames, bNoticeKeys, bInbox, bInboxUser, bInboxUnread, bPending,
		bOutbox, bOutboxNext, bOutboxKey, bChannels, bJobRuns, bJobState)
}

// Kinds of the in-app notices the store writes itself, with the task
// action that causes them. The jobs use the same strings (notify.Kind*).
const (
	KindSubmitted = "submitted"
	KindApproved  = "approved"
	KindRejected  = "rejected"
)

// Notification is one row of a user's in-app inbox.
type Notification struct {
	ID          int64       `json:"id"`
	UserID      int64       `json:"user_id"`
	Kind        string      `json:"kind"`
	TaskID      int64       `json:"task_id"`
	Key         string      `json:"key"`
	Title       string      `json:"title,omitempty"`
	BranchID    int64       `json:"branch_id,omitempty"`
	DueOn       ledger.Date `json:"due_on,omitempty"`
	DaysOverdue int         `json:"days_overdue,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	Read        bool        `json:"read"`
}

// Recipient is a user a notice is for. Email is set when the user has an
// address; whether mail is sent depends on an e-mail channel covering
// BranchID.
type Recipient struct {
	UserID   int64
	BranchID int64
	Email    string
}

// DigestItem is what a channel or e-mail shows of one notice: metadata
// only, never the problem or measure text.
type DigestItem struct {
	Kind        string       `json:"kind"`
	TaskID      int64        `json:"task_id"`
	Branch      string       `json:"branch,omitempty"`
	DueOn       ledger.Date  `json:"due_on,omitempty"`
	Light       ledger.Light `json:"light,omitempty"`
	DaysOverdue int          `json:"days_overdue,omitempty"`
	Key         string       `json:"key"`
}

// Notice is one notification cause: who is told what, under a stable
// idempotency key such as "overdue:task:42:2026-11-26". A notice whose key
// was ever written before is dropped whole, so a rerun or a race adds
// nothing.
type Notice struct {
	Key      string
	Kind     string
	TaskID   int64
	BranchID int64 // the task's branch: channels covering it get the item
	Title    string
	Item     DigestItem
	To       []Recipient
	// Job names the run whose per-channel digest carries the item to
	// robots and e-mail; empty keeps the notice in-app only.
	Job string
}

// notice writes n in tx unless its key exists; it reports whether it did.
func (s *Store) notice(tx *bbolt.Tx, now time.Time, n Notice) (bool, error) {
	if n.Key == "" || n.Kind == "" {
		return false, fmt.Errorf("store: notice needs a key and a kind")
	}
	keys := tx.Bucket(bNoticeKeys)
	if keys.Get([]byte(n.Key)) != nil {
		return false, nil
	}
	if err := keys.Put([]byte(n.Key), itob(now.Unix())); err != nil {
		return false, err
	}
	seen := map[int64]bool{}
	for _, r := range n.To {
		if r.UserID == 0 || seen[r.UserID] {
			continue
		}
		seen[r.UserID] = true
		row := Notification{UserID: r.UserID, Kind: n.Kind, TaskID: n.TaskID, Key: n.Key, Title: n.Title,
			BranchID: n.BranchID, DueOn: n.Item.DueOn, DaysOverdue: n.Item.DaysOverdue, CreatedAt: now.UTC()}
		if err := addInbox(tx, &row); err != nil {
			return false, err
		}
	}
	if n.Job == "" {
		return true, nil
	}
	item := n.Item
	item.Kind, item.TaskID, item.Key = n.Kind, n.TaskID, n.Key
	return true, s.queueItem(tx, now, n, item, seen)
}

// queueItem adds the item to the pending digest of every enabled robot
// channel covering the task's branch, and of every recipient with an
// address whose branch an enabled e-mail channel covers.
func (s *Store) queueItem(tx *bbolt.Tx, now time.Time, n Notice, item DigestItem, to map[int64]bool) error {
	chs, err := enabledChannels(tx)
	if err != nil {
		return err
	}
	tree := s.Tree()
	for _, c := range chs {
		if c.Type != ChannelEmail && c.Covers(tree, n.BranchID) {
			if err := addPending(tx, targetChannel, c.ID, n.Job, now, item); err != nil {
				return err
			}
		}
	}
	mailed := map[int64]bool{}
	for _, r := range n.To {
		if r.Email == "" || mailed[r.UserID] || !to[r.UserID] || !emailCovers(chs, tree, r.BranchID) {
			continue
		}
		mailed[r.UserID] = true
		if err := addPending(tx, targetEmail, r.UserID, n.Job, now, item); err != nil {
			return err
		}
	}
	return nil
}

func addInbox(tx *bbolt.Tx, n *Notification) error {
	id, err := nextID(tx, bInbox)
	if err != nil {
		return err
	}
	n.ID = id
	if err := put(tx, bInbox, id, n); err != nil {
		return err
	}
	if !n.Read {
		if err := tx.Bucket(bInboxUnread).Put(key(itob(n.UserID), itob(id)), nil); err != nil {
			return err
		}
	}
	return tx.Bucket(bInboxUser).Put(key(itob(n.UserID), itob(id)), nil)
}

// markRead sets n read and drops it from the unread index.
func markRead(tx *bbolt.Tx, n *Notification) error {
	n.Read = true
	if err := put(tx, bInbox, n.ID, n); err != nil {
		return err
	}
	return tx.Bucket(bInboxUnread).Delete(key(itob(n.UserID), itob(n.ID)))
}

// UnreadCount is how many of the user's notifications are unread: a
// count of index keys, nothing decoded.
func (s *Store) UnreadCount(userID int64) (int, error) {
	n := 0
	err := s.db.View(func(tx *bbolt.Tx) error {
		n = len(prefixIDs(tx, bInboxUnread, itob(userID)))
		return nil
	})
	return n, err
}

// NoticesSeen reports, for each key, whether a notice with it was written.
// Jobs use it to skip settled candidates without opening a write
// transaction; the write re-checks.
func (s *Store) NoticesSeen(keys []string) ([]bool, error) {
	out := make([]bool, len(keys))
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bNoticeKeys)
		for i, k := range keys {
			out[i] = b.Get([]byte(k)) != nil
		}
		return nil
	})
	return out, err
}

// Notifications lists a user's inbox, newest first, at most limit rows.
func (s *Store) Notifications(userID int64, unreadOnly bool, limit int) ([]*Notification, error) {
	if limit <= 0 || limit > MaxPageSize {
		limit = MaxPageSize
	}
	out := []*Notification{}
	index := bInboxUser
	if unreadOnly {
		index = bInboxUnread
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(index).Cursor()
		p := itob(userID)
		k, _ := c.Seek(itob(userID + 1))
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		for ; k != nil && hasPrefix(k, p) && len(out) < limit; k, _ = c.Prev() {
			var n Notification
			if err := get(tx, bInbox, pairSecond(k), "notification", &n); err != nil {
				return err
			}
			if !unreadOnly || !n.Read {
				out = append(out, &n)
			}
		}
		return nil
	})
	return out, err
}

// MarkNotificationRead marks one of the user's notifications read;
// another user's is "not found".
func (s *Store) MarkNotificationRead(userID, id int64) (*Notification, error) {
	ns, err := s.MarkNotificationsRead(userID, []int64{id})
	if err != nil {
		return nil, err
	}
	return ns[0], nil
}

// MarkNotificationsRead marks several of the user's notifications read in
// one transaction: all of them, or none if any is not the user's.
func (s *Store) MarkNotificationsRead(userID int64, ids []int64) ([]*Notification, error) {
	var out []*Notification
	err := s.update(func(tx *bbolt.Tx) error {
		out = out[:0]
		for _, id := range ids {
			var n Notification
			if err := get(tx, bInbox, id, "notification", &n); err != nil {
				return err
			}
			if n.UserID != userID {
				return ledger.Errorf(ledger.ENOTFOUND, "notification %d not found", id)
			}
			if !n.Read {
				if err := markRead(tx, &n); err != nil {
					return err
				}
			}
			out = append(out, &n)
		}
		return nil
	})
	return out, err
}

// MarkAllNotificationsRead marks every unread notification of the user
// read and returns how many changed.
func (s *Store) MarkAllNotificationsRead(userID int64) (int, error) {
	changed := 0
	err := s.update(func(tx *bbolt.Tx) error {
		changed = 0
		for _, id := range prefixIDs(tx, bInboxUnread, itob(userID)) {
			var n Notification
			if err := get(tx, bInbox, id, "notification", &n); err != nil {
				return err
			}
			changed++
			if err := markRead(tx, &n); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

// noticeTaskAction tells the next person in line about a lifecycle step,
// in-app, in the step's own transaction: the reviewer (or the branch's
// officers) of a submission, the owner of an approval or rejection. Its
// key names the event the step is about to append.
func (s *Store) noticeTaskAction(tx *bbolt.Tx, actor *ledger.User, t *ledger.Task, kind string) error {
	var to []Recipient
	if kind == KindSubmitted && t.ReviewerID != 0 {
		to = []Recipient{{UserID: t.ReviewerID}}
	} else if kind == KindSubmitted {
		p, err := s.peopleIn(tx)
		if err != nil {
			return err
		}
		to = p.Nearest(ledger.RoleOfficer, t.BranchID)
	} else {
		to = []Recipient{{UserID: t.OwnerID}}
	}
	var others []Recipient
	for _, r := range to {
		if r.UserID != actor.ID {
			others = append(others, r)
		}
	}
	k := fmt.Sprintf("%s:task:%d:event:%d", kind, t.ID, tx.Bucket(bEvents).Sequence()+1)
	title := ""
	if kind == KindRejected && t.Returned != nil {
		title = t.Returned.Reason // in-app only: robots get metadata alone
	}
	_, err := s.notice(tx, s.now(), Notice{Key: k, Kind: kind, TaskID: t.ID, BranchID: t.BranchID,
		Title: title, Item: DigestItem{DueOn: t.DueOn}, To: others})
	if err != nil || kind == KindSubmitted {
		return err
	}
	return s.settleReviewRequests(tx, actor, t)
}

// settleReviewRequests marks read the "waiting for your review" notices
// of a task that has just been approved or rejected, for everyone they
// went to: a request already acted on is not work to do. It reads the
// unread index of those few people only.
func (s *Store) settleReviewRequests(tx *bbolt.Tx, actor *ledger.User, t *ledger.Task) error {
	p, err := s.peopleIn(tx)
	if err != nil {
		return err
	}
	to := append(p.Nearest(ledger.RoleOfficer, t.BranchID), Recipient{UserID: actor.ID}, Recipient{UserID: t.ReviewerID})
	seen := map[int64]bool{0: true}
	for _, r := range to {
		if seen[r.UserID] {
			continue
		}
		seen[r.UserID] = true
		for _, id := range prefixIDs(tx, bInboxUnread, itob(r.UserID)) {
			var n Notification
			if err := get(tx, bInbox, id, "notification", &n); err != nil {
				return err
			}
			if n.Kind == KindSubmitted && n.TaskID == t.ID {
				if err := markRead(tx, &n); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// UnreadAbout returns the ids of the user's unread notifications about a
// task, from the unread index: opening the task marks them read without a
// write transaction on every page view.
func (s *Store) UnreadAbout(userID, taskID int64) ([]int64, error) {
	var out []int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range prefixIDs(tx, bInboxUnread, itob(userID)) {
			var n Notification
			if err := get(tx, bInbox, id, "notification", &n); err != nil {
				return err
			}
			if n.TaskID == taskID {
				out = append(out, id)
			}
		}
		return nil
	})
	return out, err
}
