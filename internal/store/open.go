package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"go.etcd.io/bbolt"
)

// IsDiskFull reports whether err comes from a full disk (or quota).
func IsDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// DBFile is the database's name inside the data folder.
const DBFile = "rectify.db"

// MissingDatabaseError is Open's refusal to create a new, empty ledger in
// a folder that held one before: starting afresh there would hide the
// loss behind a working, empty server with a new admin.
type MissingDatabaseError struct {
	Dir   string
	Signs []string
}

func (e *MissingDatabaseError) Error() string {
	return fmt.Sprintf("%s has no %s, but it held a ledger before (%s). Nothing was created. "+
		"Restore the newest good backup into an empty folder and use that folder:\n"+
		"  rectify restore BACKUP --data NEW_FOLDER\n"+
		"(nightly backups are in %s). If rectify.db.before-compact is listed, it is the database as it was "+
		"before the last compaction: move it back to %s, then run rectify check.",
		e.Dir, DBFile, strings.Join(e.Signs, ", "), filepath.Join(e.Dir, "backups"), DBFile)
}

// ErrNoDatabase is Open's answer with MustExist when there is no database.
var ErrNoDatabase = errors.New("no database in this data folder")

// CorruptError is a database that bbolt cannot open or check.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s is damaged (%v). Do not write to it. Keep the file for inspection, "+
		"restore the newest good backup with\n  rectify restore BACKUP --data NEW_FOLDER\n"+
		"and start rectify on NEW_FOLDER; rectify check --data NEW_FOLDER confirms it is sound", e.Path, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// signsOfEarlierLedger lists what in dir shows that a ledger lived there:
// the database's kept copies, its temporary files, evidence and backups.
func signsOfEarlierLedger(dir string) []string {
	var signs []string
	top, _ := filepath.Glob(filepath.Join(dir, DBFile+".*"))
	tmp, _ := filepath.Glob(filepath.Join(dir, ".compact-*"))
	for _, p := range append(top, tmp...) {
		signs = append(signs, filepath.Base(p))
	}
	for _, sub := range []string{"evidence", "backups"} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		n := 0
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), ".") {
				n++
			}
		}
		if n > 0 {
			signs = append(signs, fmt.Sprintf("%d files in %s/", n, sub))
		}
	}
	return signs
}

// tempPatterns are the temporary files a crash can leave behind, relative
// to the data folder. Open removes them once it holds the database lock,
// so no other process of this folder is writing them.
var tempPatterns = []string{
	".compact-*",
	".compact-keep",
	"evidence/.upload-*",
	"backups/.download-*",
	"backups/.backup-*",
	".backup-*",
}

// removeLeftovers deletes the temporary files of earlier, crashed runs.
func removeLeftovers(dir string) {
	for _, pat := range tempPatterns {
		ms, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, m := range ms {
			_ = os.RemoveAll(m)
		}
	}
}

// openBolt opens a bbolt file, turning the panics and memory faults of a
// damaged file into a CorruptError: bbolt trusts its meta and page
// headers, so a truncated file faults when a page past its end is read.
func openBolt(path string, opt *bbolt.Options) (db *bbolt.DB, err error) {
	gerr := guardCorrupt(path, func() error {
		db, err = bbolt.Open(path, 0o600, opt)
		return nil
	})
	if gerr != nil {
		return nil, gerr
	}
	if err != nil && !errors.Is(err, errTimeout) && !os.IsPermission(err) {
		return nil, &CorruptError{Path: path, Err: err}
	}
	return db, err
}

// checkBolt runs bbolt's consistency check over every page and decodes
// every record, returning every problem found (at most max) as errors. A
// fault or panic while reading is a problem too.
func checkBolt(db *bbolt.DB, max int) (problems []string) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			problems = append(problems, fmt.Sprintf("reading the file failed: %v", r))
		}
	}()
	_ = db.View(func(tx *bbolt.Tx) error {
		// Walk every page here first: bbolt's own check runs in a goroutine
		// of its own, where a damaged page's panic cannot be recovered.
		_ = tx.ForEach(func(_ []byte, b *bbolt.Bucket) error { walkBucket(b); return nil })
		for err := range tx.Check() {
			if len(problems) < max {
				problems = append(problems, err.Error())
			}
		}
		if len(problems) > 0 {
			return nil
		}
		problems = append(problems, checkRecords(tx, max)...)
		return nil
	})
	return problems
}

// walkBucket reads every key and value of b and its nested buckets, so
// every page is visited (and a damaged one panics) in this goroutine.
func walkBucket(b *bbolt.Bucket) {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			if nb := b.Bucket(k); nb != nil {
				walkBucket(nb)
			}
		}
	}
}

// guardCorrupt runs fn, turning a panic or memory fault from a damaged
// page into a CorruptError of path.
func guardCorrupt(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: path, Err: fmt.Errorf("%v", r)}
		}
	}()
	return fn()
}
