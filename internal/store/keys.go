package store

import (
	"encoding/binary"
	"fmt"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Bucket names carry a version so a migration can rebuild one beside the
// old and switch over.
var (
	bMeta          = []byte("meta")
	bBranches      = []byte("branches_v1")
	bUsers         = []byte("users_v1")
	bUserLogin     = []byte("idx_user_login_v1") // lower(login) → user id
	bSessions      = []byte("sessions_v1")       // sha256(token) → session
	bBatches       = []byte("batches_v1")
	bProblems      = []byte("problems_v1")
	bProblemBatch  = []byte("idx_problem_batch_v2") // the packed indexes: see index_codec.go
	bTasks         = []byte("tasks_v1")
	bTaskDue       = []byte("idx_task_due_v2")
	bTaskReport    = []byte("idx_task_report_v2")
	bTaskBranch    = []byte("idx_task_branch_v2")
	bTaskOwner     = []byte("idx_task_owner_v2")
	bTaskProblem   = []byte("idx_task_problem_v2")
	bTaskStatus    = []byte("idx_task_status_v2")
	bTaskImport    = []byte("idx_task_import_v1") // import key → task
	bBranchDue     = []byte("idx_task_branch_due_v2")
	bBranchReport  = []byte("idx_task_branch_report_v2")
	bCounters      = []byte("counters_v1") // branch‖batch → Counts
	bProgress      = []byte("progress_v1") // task‖id → note
	bEvidence      = []byte("evidence_v1") // task‖id → metadata
	bEvents        = []byte("events_v1")   // id → event
	bEventTask     = []byte("idx_event_task_v2")
	bReviews       = []byte("reviews_v1")
	bReviewDue     = []byte("idx_review_due_v2")
	bReviewTask    = []byte("idx_review_task_v2")
	bTaskWeek      = []byte("idx_task_week_v2")
	bTaskExtension = []byte("idx_task_extension_v2")
	allBucketNames = [][]byte{bMeta, bBranches, bUsers, bUserLogin, bSessions, bBatches, bProblems,
		bProblemBatch, bTasks, bTaskDue, bTaskReport, bTaskBranch, bTaskOwner, bTaskProblem, bTaskStatus,
		bTaskImport, bBranchDue, bBranchReport, bCounters, bProgress, bEvidence, bEvents, bEventTask, bReviews, bReviewDue, bReviewTask,
		bTaskWeek, bTaskExtension, bRebounds, bReboundProblem, bReboundPending, bCascades, bCascadeProblem, bCascadeBranch,
		bCloseDays, bCloseQuarter}
)

func itob(v int64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, uint64(v))
	return b
}

func btoi(b []byte) int64 { return int64(binary.BigEndian.Uint64(b)) }

// key joins parts into one composite key.
func key(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

func marshal(v any) []byte { return encode(v) }

func unmarshal(b []byte, v any) error {
	if err := decode(b, v); err != nil {
		return fmt.Errorf("store: corrupt record %T: %w", v, err)
	}
	return nil
}

// get reads id from bucket into v, or returns ENOTFOUND naming what.
func get(tx *bbolt.Tx, bucket []byte, id int64, what string, v any) error {
	b := tx.Bucket(bucket).Get(itob(id))
	if b == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "%s %d not found", what, id)
	}
	return unmarshal(b, v)
}

func put(tx *bbolt.Tx, bucket []byte, id int64, v any) error {
	b := tx.Bucket(bucket)
	// Ids grow, so records are appended at the right edge: pack pages full
	// instead of bbolt's half-full default split.
	b.FillPercent = 0.95
	return b.Put(itob(id), marshal(v))
}

// nextID allocates the next id of bucket.
func nextID(tx *bbolt.Tx, bucket []byte) (int64, error) {
	id, err := tx.Bucket(bucket).NextSequence()
	return int64(id), err
}

// prefixIDs returns the trailing 8-byte ids of every key starting with
// prefix, in the indexes that keep one key per entry (notifications,
// rebounds, cascades); the packed ones are read through index_codec.go.
func prefixIDs(tx *bbolt.Tx, bucket, prefix []byte) []int64 {
	var ids []int64
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, btoi(k[len(k)-8:]))
	}
	return ids
}

func hasPrefix(k, p []byte) bool {
	return len(k) >= len(p) && string(k[:len(p)]) == string(p)
}
