package store

import (
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// JobRun is what is remembered of a scheduled job: its last successful
// run, which decides whether a run was missed while the server was down,
// and its last failure.
type JobRun struct {
	Name          string      `json:"name"`
	LastRunAt     time.Time   `json:"last_run_at"` // the time the last successful run was "as of"
	LastDay       ledger.Date `json:"last_day"`    // its calendar day in the deployment's zone
	Notifications int         `json:"notifications"`
	TookMS        int64       `json:"took_ms"`
	Runs          int64       `json:"runs"`
	LastError     string      `json:"last_error,omitempty"`
	LastErrorAt   *time.Time  `json:"last_error_at,omitempty"`
}

// RecordJobRun remembers a run of job name as of at. A success moves
// LastRunAt forward (never back, so a run "as of" an earlier time cannot
// cause a second catch-up); a failure only records the error.
func (s *Store) RecordJobRun(name string, at time.Time, notifications int, took time.Duration, runErr error) error {
	return s.update(func(tx *bbolt.Tx) error {
		r := JobRun{Name: name}
		if v := tx.Bucket(bJobRuns).Get([]byte(name)); v != nil {
			if err := unmarshal(v, &r); err != nil {
				return err
			}
		}
		if runErr != nil {
			t := at.UTC()
			r.LastError, r.LastErrorAt = runErr.Error(), &t
		} else {
			if at.After(r.LastRunAt) {
				r.LastRunAt, r.LastDay = at.UTC(), ledger.DateOf(at.In(s.loc))
			}
			r.Notifications, r.TookMS, r.LastError, r.LastErrorAt = notifications, took.Milliseconds(), "", nil
			r.Runs++
		}
		return tx.Bucket(bJobRuns).Put([]byte(name), marshal(&r))
	})
}

// JobRuns returns what is remembered of every job that has run, by name.
func (s *Store) JobRuns() (map[string]*JobRun, error) {
	out := map[string]*JobRun{}
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bJobRuns).ForEach(func(k, v []byte) error {
			var r JobRun
			if err := unmarshal(v, &r); err != nil {
				return err
			}
			out[string(k)] = &r
			return nil
		})
	})
	return out, err
}

// State reads a job's remembered value under key into v; false if none.
func (jt *JobTx) State(key string, v any) (bool, error) {
	b := jt.tx.Bucket(bJobState).Get([]byte(key))
	if b == nil {
		return false, nil
	}
	return true, unmarshal(b, v)
}

// PutState remembers v under key, in the job's transaction.
func (jt *JobTx) PutState(key string, v any) error {
	return jt.tx.Bucket(bJobState).Put([]byte(key), marshal(v))
}
