package store

import (
	"encoding/binary"
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
	if err := preflight(path); err != nil {
		return nil, err
	}
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
		if fi, err := os.Stat(db.Path()); err == nil && fi.Size() < tx.Size() {
			problems = append(problems, fmt.Sprintf("the file has %d bytes but the database says %d: it was truncated", fi.Size(), tx.Size()))
			return nil
		}
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

// preflight reads the two meta pages of path before bbolt does and
// refuses a file shorter than the newer one says: bbolt would fault (or
// panic while holding the file lock) reading the missing pages.
func preflight(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports (or creates) it
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	var best struct{ txid, need uint64 }
	found := false
	pageSize := int64(0)
	for _, off := range []int64{0, 4096, 16384, 65536} {
		m, ok := readMeta(f, off)
		if !ok {
			continue
		}
		if pageSize == 0 {
			pageSize = int64(m.pageSize)
		}
		if off != 0 && off != pageSize {
			continue
		}
		if !found || m.txid > best.txid {
			best.txid, best.need, found = m.txid, m.pgid*uint64(m.pageSize), true
		}
	}
	if !found {
		return &CorruptError{Path: path, Err: errors.New("neither meta page is valid")}
	}
	if uint64(fi.Size()) < best.need {
		return &CorruptError{Path: path, Err: fmt.Errorf("the file has %d bytes but the database says %d: it was truncated", fi.Size(), best.need)}
	}
	return nil
}

type metaPage struct {
	pageSize uint32
	pgid     uint64
	txid     uint64
}

// readMeta reads a bbolt meta page at off: a 16-byte page header, then
// magic, version, page size, flags, root bucket (16), freelist, pgid, txid.
func readMeta(f *os.File, off int64) (metaPage, bool) {
	b := make([]byte, 72)
	if _, err := f.ReadAt(b, off); err != nil {
		return metaPage{}, false
	}
	le := binary.LittleEndian
	if le.Uint32(b[16:]) != 0xED0CDAED {
		return metaPage{}, false
	}
	return metaPage{pageSize: le.Uint32(b[24:]), pgid: le.Uint64(b[56:]), txid: le.Uint64(b[64:])}, true
}

// checkLength refuses a file shorter than its meta page says: a
// truncated copy, whose missing pages would fault on first read.
func checkLength(db *bbolt.DB) error {
	return db.View(func(tx *bbolt.Tx) error {
		if fi, err := os.Stat(db.Path()); err == nil && fi.Size() < tx.Size() {
			return &CorruptError{Path: db.Path(), Err: fmt.Errorf("the file has %d bytes but the database says %d: it was truncated", fi.Size(), tx.Size())}
		}
		return nil
	})
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
