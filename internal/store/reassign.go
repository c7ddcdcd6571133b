package store

import (
	"fmt"
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Handover is a 整改责任交接: measures of From go to To, for Reason. An
// empty TaskIDs means every unfinished measure of From that the actor
// manages.
type Handover struct {
	From, To int64
	TaskIDs  []int64
	Reason   string
}

// ReassignTasks hands measures over in one transaction: each gets a
// "reassign" event with the reason, and the new owner one in-app notice
// listing them all. Named measures that are not From's, or whose owner is
// fixed (submitted or closed: four eyes), refuse the whole handover.
func (s *Store) ReassignTasks(actor *ledger.User, h Handover) ([]int64, error) {
	scope := s.Scope(actor)
	var moved []int64
	err := s.update(func(tx *bbolt.Tx) error {
		moved = moved[:0]
		ids, all := h.TaskIDs, len(h.TaskIDs) == 0
		if all {
			ids = indexIDs(tx, bTaskOwner, h.From)
		}
		var first *ledger.Task
		for _, id := range ids {
			t, err := s.visibleTask(tx, scope, id)
			if err != nil {
				return &ledger.Error{Code: ledger.ENOTFOUND, Field: "task_ids", Message: fmt.Sprintf("task %d not found", id)}
			}
			if all && (!t.Status.Unfinished() || !scope.Manages(t.BranchID)) {
				continue
			}
			if err := s.handOver(tx, scope, actor, t, h); err != nil {
				return err
			}
			if first == nil {
				first = t
			}
			moved = append(moved, id)
		}
		if first == nil {
			return nil
		}
		return s.noticeHandover(tx, h.To, first, moved)
	})
	return moved, err
}

func (s *Store) handOver(tx *bbolt.Tx, scope ledger.Scope, actor *ledger.User, t *ledger.Task, h Handover) error {
	if err := scope.CanAct(ledger.ActUpdate, t); err != nil {
		return err
	}
	if t.OwnerID != h.From {
		return &ledger.Error{Code: ledger.ECONFLICT, Field: "task_ids", Reason: "task.not_owned",
			Message: fmt.Sprintf("task %d is not owned by user %d", t.ID, h.From)}
	}
	if t.OwnerLocked() {
		return &ledger.Error{Code: ledger.ECONFLICT, Field: "task_ids", Reason: "task.owner_locked",
			Message: fmt.Sprintf("task %d is %s: its owner cannot change", t.ID, t.Status)}
	}
	before := t.Clone()
	t.OwnerID, t.OwnerName = h.To, ""
	if err := s.checkPeople(tx, t); err != nil {
		return &ledger.Error{Code: ledger.EINVALID, Field: "to_owner_id", Reason: "owner.unfit",
			Message: fmt.Sprintf("the new owner cannot take task %d: must be an active member or officer of its branch or above", t.ID)}
	}
	t.UpdatedAt = s.now().UTC()
	if err := s.saveTask(tx, before, t); err != nil {
		return err
	}
	return s.appendEvent(tx, actor.ID, "task", t.ID, t.ID, ledger.ActReassign, h.Reason, before, t)
}

// noticeHandover tells the new owner once, naming the measures by number
// only (notices never carry the ledger's text).
func (s *Store) noticeHandover(tx *bbolt.Tx, to int64, first *ledger.Task, ids []int64) error {
	nums := make([]string, 0, len(ids))
	for i, id := range ids {
		if i == 20 {
			nums = append(nums, "…")
			break
		}
		nums = append(nums, fmt.Sprintf("#%d", id))
	}
	title := fmt.Sprintf("%d 项整改措施已移交给您：%s", len(ids), strings.Join(nums, "、"))
	key := fmt.Sprintf("%s:user:%d:event:%d", KindReassigned, to, tx.Bucket(bEvents).Sequence())
	_, err := s.notice(tx, s.now(), Notice{Key: key, Kind: KindReassigned, TaskID: first.ID, BranchID: first.BranchID,
		Title: title, Item: DigestItem{DueOn: first.DueOn}, To: []Recipient{{UserID: to}}})
	return err
}
