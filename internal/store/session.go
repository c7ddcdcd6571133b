package store

import (
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Session is a login: the store keeps only the SHA-256 of its token.
type Session struct {
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CreateSession stores a session under the token's hash. At most once
// per PruneEvery it also deletes the expired sessions, in the same
// transaction: sessions only pile up through logins, so pruning on login
// bounds them without a job, and costs one scan of the bucket an hour.
func (s *Store) CreateSession(tokenHash []byte, sess Session) error {
	now := s.now()
	prune := s.sessionsPruned.Load() == nil || now.Sub(*s.sessionsPruned.Load()) >= PruneEvery
	return s.update(func(tx *bbolt.Tx) error {
		if prune {
			deleteSessionsWhere(tx, func(old Session) bool { return !now.Before(old.ExpiresAt) })
			s.sessionsPruned.Store(&now)
		}
		return tx.Bucket(bSessions).Put(tokenHash, marshal(sess))
	})
}

// PruneEvery is how often a login also deletes expired sessions.
const PruneEvery = time.Hour

// FindSession returns the live session's user; expired, unknown and
// disabled-user sessions are EUNAUTHORIZED.
func (s *Store) FindSession(tokenHash []byte) (*ledger.User, error) {
	now := s.now()
	if u, ok := s.sessions.get(tokenHash, now); ok {
		return u, nil
	}
	gen := s.sessions.gen.Load()
	var rec userRecord
	var expires time.Time
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bSessions).Get(tokenHash)
		if v == nil {
			return ledger.Errorf(ledger.EUNAUTHORIZED, "session expired or unknown; please log in")
		}
		var sess Session
		if err := unmarshal(v, &sess); err != nil {
			return err
		}
		if !now.Before(sess.ExpiresAt) {
			return ledger.Errorf(ledger.EUNAUTHORIZED, "session expired; please log in")
		}
		if err := get(tx, bUsers, sess.UserID, "user", &rec); err != nil || rec.Disabled {
			return ledger.Errorf(ledger.EUNAUTHORIZED, "account unavailable")
		}
		expires = sess.ExpiresAt
		return nil
	})
	if err == nil {
		s.sessions.put(tokenHash, gen, &rec.User, expires)
	}
	return &rec.User, err
}

// DeleteSession revokes one session (logout).
func (s *Store) DeleteSession(tokenHash []byte) error {
	return s.update(func(tx *bbolt.Tx) error {
		s.sessions.invalidateOnCommit(tx)
		return tx.Bucket(bSessions).Delete(tokenHash)
	})
}

func deleteSessionsOf(tx *bbolt.Tx, userID int64) {
	deleteSessionsWhere(tx, func(sess Session) bool { return sess.UserID == userID })
}

// deleteSessionsWhere collects keys first: deleting under a bbolt cursor
// can skip the element after each deletion.
func deleteSessionsWhere(tx *bbolt.Tx, match func(Session) bool) int {
	var doomed [][]byte
	_ = tx.Bucket(bSessions).ForEach(func(k, v []byte) error {
		var sess Session
		if unmarshal(v, &sess) != nil || match(sess) {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		return nil
	})
	for _, k := range doomed {
		_ = tx.Bucket(bSessions).Delete(k)
	}
	return len(doomed)
}

// PruneSessions deletes expired sessions; it returns how many. serve
// calls it at start; CreateSession repeats it hourly.
func (s *Store) PruneSessions() (int, error) {
	n := 0
	now := s.now()
	err := s.db.Update(func(tx *bbolt.Tx) error {
		n = deleteSessionsWhere(tx, func(sess Session) bool { return !now.Before(sess.ExpiresAt) })
		return nil
	})
	if err == nil {
		s.sessionsPruned.Store(&now)
	}
	return n, err
}
