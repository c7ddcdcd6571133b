package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.etcd.io/bbolt"
)

// Compact rewrites dir/rectify.db with every page full (bbolt.Compact
// fills pages completely), reclaiming the half-empty pages that random
// index inserts leave.
//
// It holds the database's exclusive lock throughout, so a running server
// or a second compaction is refused with ErrLocked. rectify.db exists at
// every instant: the copy is written to a temporary file of its own,
// checked, and renamed over rectify.db in one atomic step; the file as it
// was is kept as rectify.db.before-compact through a hard link made before
// the swap. A damaged database is refused: compacting it would replace
// the kept copy with a second damaged one.
func Compact(dir string) (before, after int64, err error) {
	return compact(dir, nil)
}

// compact is Compact with a hook run just before the swap, where tests
// inject a failure (a kill at the worst moment).
func compact(dir string, beforeSwap func() error) (before, after int64, err error) {
	path := filepath.Join(dir, DBFile)
	fi, err := os.Stat(path)
	if err != nil {
		if signs := signsOfEarlierLedger(dir); len(signs) > 0 {
			return 0, 0, &MissingDatabaseError{Dir: dir, Signs: signs}
		}
		return 0, 0, fmt.Errorf("store: compact %s: %w", path, ErrNoDatabase)
	}
	src, err := openBolt(path, &bbolt.Options{Timeout: timeoutDefault})
	if errorsIsTimeout(err) {
		return 0, 0, ErrLocked
	} else if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	if problems := checkBolt(src, 5); len(problems) > 0 {
		return 0, 0, fmt.Errorf("store: compact: the database is damaged, nothing was changed (run rectify check): %s", strings.Join(problems, "; "))
	}
	tmp, err := compactInto(dir, src)
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(tmp) // a no-op once renamed
	fo, err := os.Stat(tmp)
	if err != nil {
		return 0, 0, err
	}
	if err := keepBeforeCompact(dir); err != nil {
		return 0, 0, err
	}
	if beforeSwap != nil {
		if err := beforeSwap(); err != nil {
			return 0, 0, err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, 0, fmt.Errorf("store: compact: %w", err)
	}
	return fi.Size(), fo.Size(), syncDir(dir)
}

// compactInto writes a compacted, checked and synced copy of src to a new
// temporary file in dir and returns its name.
func compactInto(dir string, src *bbolt.DB) (string, error) {
	f, err := os.CreateTemp(dir, ".compact-*.db")
	if err != nil {
		return "", fmt.Errorf("store: compact: %w", err)
	}
	tmp := f.Name()
	f.Close()
	fail := func(err error) (string, error) {
		os.Remove(tmp)
		return "", fmt.Errorf("store: compact: %w", err)
	}
	dst, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: timeoutDefault})
	if err != nil {
		return fail(err)
	}
	if err := bbolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		return fail(err)
	}
	problems := checkBolt(dst, 5)
	if err := dst.Close(); err != nil {
		return fail(err)
	}
	if len(problems) > 0 {
		return fail(fmt.Errorf("the compacted copy fails its check: %s", strings.Join(problems, "; ")))
	}
	return tmp, nil
}

// keepBeforeCompact makes rectify.db.before-compact another name of the
// current database (a hard link: no copy, and no moment without
// rectify.db), replacing the copy kept by an earlier compaction.
func keepBeforeCompact(dir string) error {
	link := filepath.Join(dir, ".compact-keep")
	_ = os.Remove(link)
	if err := os.Link(filepath.Join(dir, DBFile), link); err != nil {
		return fmt.Errorf("store: compact: keep the old file: %w", err)
	}
	return os.Rename(link, filepath.Join(dir, DBFile+".before-compact"))
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
