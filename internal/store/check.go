package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"
	bberrors "go.etcd.io/bbolt/errors"

	"rectify/internal/ledger"
)

var errTimeout = bberrors.ErrTimeout

// recordBuckets hold one encoded JSON record per key; check decodes each,
// since bbolt's page check cannot see a flipped byte inside a value.
var recordBuckets = [][]byte{bBranches, bUsers, bBatches, bProblems, bTasks, bProgress, bEvidence, bEvents, bReviews}

// checkRecords decodes every record and every packed index, returning up
// to max problems.
func checkRecords(tx *bbolt.Tx, max int) []string {
	var problems []string
	for _, name := range recordBuckets {
		b := tx.Bucket(name)
		if b == nil {
			continue
		}
		events := string(name) == string(bEvents)
		_ = b.ForEach(func(k, v []byte) error {
			var err error
			if events { // events have their own encoding (the audit chain's)
				_, err = decodeEvent(k, v)
			} else {
				var raw json.RawMessage
				err = decode(v, &raw)
			}
			if err != nil && len(problems) < max {
				problems = append(problems, fmt.Sprintf("bucket %s: record %x does not decode: %v", name, k, err))
			}
			return nil
		})
	}
	for _, name := range packedBuckets {
		if b := tx.Bucket(name); b != nil && len(problems) < max {
			if err := (packed{b}).check(); err != nil {
				problems = append(problems, fmt.Sprintf("index %s: %v", name, err))
			}
		}
	}
	return problems
}

// EvidenceRef is one evidence file the database refers to.
type EvidenceRef struct {
	SHA256 string
	Size   int64
}

// evidenceRefs lists every distinct evidence file of the ledger.
func evidenceRefs(tx *bbolt.Tx) ([]EvidenceRef, error) {
	seen := map[string]bool{}
	var out []EvidenceRef
	err := tx.Bucket(bEvidence).ForEach(func(_, v []byte) error {
		var e ledger.Evidence
		if err := unmarshal(v, &e); err != nil {
			return err
		}
		if len(e.SHA256) == 64 && !seen[e.SHA256] {
			seen[e.SHA256] = true
			out = append(out, EvidenceRef{SHA256: e.SHA256, Size: e.Size})
		}
		return nil
	})
	return out, err
}

// evidencePath is where dir keeps the file with this SHA-256.
func evidencePath(dir, sha string) string {
	return filepath.Join(dir, "evidence", sha[:2], sha)
}

// checkEvidence reports every referenced evidence file that is missing
// or has the wrong size in dir.
func checkEvidence(dir string, refs []EvidenceRef, max int) []string {
	var problems []string
	for _, r := range refs {
		fi, err := os.Stat(evidencePath(dir, r.SHA256))
		switch {
		case len(problems) >= max:
			return problems
		case err != nil:
			problems = append(problems, fmt.Sprintf("evidence file %s is missing", r.SHA256))
		case fi.Size() != r.Size:
			problems = append(problems, fmt.Sprintf("evidence file %s has %d bytes, the ledger says %d", r.SHA256, fi.Size(), r.Size))
		}
	}
	return problems
}

// CheckReport is what Check found.
type CheckReport struct {
	Schema   int64
	Evidence int
	// Problems are damage to the database; EvidenceProblems are evidence
	// files missing or of the wrong size.
	Problems         []string
	EvidenceProblems []string
}

// OK is true when nothing is wrong.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 && len(r.EvidenceProblems) == 0 }

// CheckDir checks the database of dir without changing it: bbolt's page
// check, a decode of every record, and the evidence files it refers to.
// It never creates or migrates anything; a server running on dir holds
// the lock, so CheckDir then fails with ErrLocked.
func CheckDir(dir string) (*CheckReport, error) {
	path := filepath.Join(dir, DBFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, ErrNoDatabase)
	}
	db, err := openBolt(path, &bbolt.Options{Timeout: timeoutDefault, ReadOnly: true})
	if err != nil {
		if errorsIsTimeout(err) {
			return nil, ErrLocked
		}
		return &CheckReport{Problems: []string{err.Error()}}, nil
	}
	defer db.Close()
	rep := &CheckReport{Problems: checkBolt(db, 20)}
	if len(rep.Problems) > 0 {
		return rep, nil
	}
	var refs []EvidenceRef
	_ = db.View(func(tx *bbolt.Tx) error {
		if m := tx.Bucket(bMeta); m != nil {
			if v := m.Get([]byte("schema_version")); len(v) == 8 {
				rep.Schema = btoi(v)
			}
		}
		if tx.Bucket(bEvidence) != nil {
			refs, err = evidenceRefs(tx)
		}
		return nil
	})
	if err != nil {
		rep.Problems = append(rep.Problems, err.Error())
	}
	rep.Evidence = len(refs)
	rep.EvidenceProblems = checkEvidence(dir, refs, 20)
	return rep, nil
}
