package store

import (
	"path/filepath"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// EvidencePath is where the bytes of a file with this SHA-256 live. The
// name is derived from the content, never from the uploader.
func (s *Store) EvidencePath(sha string) string {
	return filepath.Join(s.dir, "evidence", sha[:2], sha)
}

// AddEvidence records an uploaded file whose bytes are already stored at
// EvidencePath(e.SHA256).
func (s *Store) AddEvidence(actor *ledger.User, taskID int64, e *ledger.Evidence) (*ledger.Task, error) {
	return s.actOnTask(actor, taskID, ledger.ActEvidence, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		if t.Status == ledger.StatusClosed {
			return "", ledger.Reasonf(ledger.ECONFLICT, ledger.ReasonEvidenceClosed, "cannot add evidence to a closed task")
		}
		id, err := nextID(tx, bEvidence)
		if err != nil {
			return "", err
		}
		// Cleaned here too, so no front end can store a misleading name.
		e.Name = ledger.CleanFileName(e.Name)
		e.ID, e.TaskID, e.UploadedBy, e.At = id, taskID, actor.ID, s.now().UTC()
		return e.Name, tx.Bucket(bEvidence).Put(key(itob(taskID), itob(id)), marshal(e))
	})
}

// EvidenceFiles lists a task's evidence, oldest first.
func (s *Store) EvidenceFiles(scope ledger.Scope, taskID int64) ([]*ledger.Evidence, error) {
	var out []*ledger.Evidence
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := s.visibleTask(tx, scope, taskID); err != nil {
			return err
		}
		c := tx.Bucket(bEvidence).Cursor()
		p := itob(taskID)
		for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
			var e ledger.Evidence
			if err := unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, &e)
		}
		return nil
	})
	return out, err
}

// FindEvidence returns one file's metadata; the file must belong to the
// task, and the task must be visible to the scope.
func (s *Store) FindEvidence(scope ledger.Scope, taskID, id int64) (*ledger.Evidence, error) {
	var e ledger.Evidence
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := s.visibleTask(tx, scope, taskID); err != nil {
			return err
		}
		v := tx.Bucket(bEvidence).Get(key(itob(taskID), itob(id)))
		if v == nil {
			return ledger.Errorf(ledger.ENOTFOUND, "evidence %d not found", id)
		}
		return unmarshal(v, &e)
	})
	return &e, err
}
