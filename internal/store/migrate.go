package store

import (
	"fmt"
	"path/filepath"

	"go.etcd.io/bbolt"
)

// SchemaVersion is the version this binary writes.
const SchemaVersion = 9

// migrations[i] upgrades a database from version i to i+1. Version 0 is a
// fresh file; its migration only records the version, since every bucket
// is created at open.
var migrations = []func(tx *bbolt.Tx) error{
	func(tx *bbolt.Tx) error { return nil },
	addBranchDateIndexes,
	addWeekAndExtensionIndexes,
	addUnreadIndex,
	fillEffect,
	chainEvents,
	settleStaleReviewRequests,
	func(tx *bbolt.Tx) error { return nil }, // 7→8: the record codec's step; a placeholder until it is merged
	packIndexes,
}

// addUnreadIndex (3→4) lists every unread notification in the unread
// index, so the header's unread count reads keys instead of decoding a
// user's whole inbox.
func addUnreadIndex(tx *bbolt.Tx) error {
	b := tx.Bucket(bInboxUnread)
	return tx.Bucket(bInbox).ForEach(func(_, v []byte) error {
		var n Notification
		if err := unmarshal(v, &n); err != nil {
			return err
		}
		if n.Read {
			return nil
		}
		return b.Put(key(itob(n.UserID), itob(n.ID)), nil)
	})
}

// addBranchDateIndexes (1→2) fills the per-branch due-date and
// report-date indexes from the tasks of a version-1 database.
func addBranchDateIndexes(tx *bbolt.Tx) error {
	return fillPackedIndexes(tx, bBranchDue, bBranchReport)
}

// addWeekAndExtensionIndexes (2→3) fills the week index of the progress
// chart and the pending-extension index from the tasks of a version-2
// database.
func addWeekAndExtensionIndexes(tx *bbolt.Tx) error {
	return fillPackedIndexes(tx, bTaskWeek, bTaskExtension)
}

// OldSchemaError is a database older than this binary, opened by a
// command that may not migrate it.
type OldSchemaError struct {
	Dir     string
	Version int64
}

func (e *OldSchemaError) Error() string {
	return fmt.Sprintf("the database in %s has schema %d and this rectify needs %d; this command does not upgrade it. "+
		"Back it up with the rectify you had, then run `rectify migrate --data %s` (or start `rectify serve`), "+
		"which keep a copy of the old file as %s.schema-%d first", e.Dir, e.Version, SchemaVersion, e.Dir, DBFile, e.Version)
}

// schemaVersion reads the recorded version; a database without a meta
// bucket is new (0).
func schemaVersion(tx *bbolt.Tx) int64 {
	if m := tx.Bucket(bMeta); m != nil {
		if b := m.Get([]byte("schema_version")); len(b) == 8 {
			return btoi(b)
		}
	}
	return 0
}

// migrate creates missing buckets and, when allowed, upgrades an older
// schema after keeping a copy of the file as it was.
func (s *Store) migrate(allowed bool) error {
	var v int64
	fresh := false
	_ = s.db.View(func(tx *bbolt.Tx) error {
		v, fresh = schemaVersion(tx), tx.Bucket(bMeta) == nil
		return nil
	})
	if v > SchemaVersion {
		return fmt.Errorf("store: database schema %d is newer than this binary (%d); upgrade rectify", v, SchemaVersion)
	}
	if v < SchemaVersion && !fresh {
		if !allowed {
			return &OldSchemaError{Dir: s.dir, Version: v}
		}
		keep := filepath.Join(s.dir, fmt.Sprintf("%s.schema-%d", DBFile, v))
		if err := s.copyDBFile(keep); err != nil {
			return fmt.Errorf("store: keep a copy before migrating: %w", err)
		}
	}
	return s.db.Update(func(tx *bbolt.Tx) error {
		for _, name := range allBucketNames {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("store: create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bMeta)
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("store: migrate %d→%d: %w", v, v+1, err)
			}
		}
		return meta.Put([]byte("schema_version"), itob(SchemaVersion))
	})
}
