// Package store keeps the ledger in one bbolt file: records as JSON under
// 8-byte big-endian IDs, and the secondary indexes and counters that keep
// dashboards and scheduled scans cheap, always written in the same
// transaction as the record they describe.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
	bberrors "go.etcd.io/bbolt/errors"

	"rectify/internal/ledger"
)

// Options configure Open.
type Options struct {
	// Now is the clock; the store reads it for timestamps and "today".
	Now func() time.Time
	// Location is the deployment's time zone for calendar dates.
	Location *time.Location
	// NoSync skips fsync; only the benchmark generator uses it.
	NoSync bool
	// Timeout is how long to wait for the file lock.
	Timeout time.Duration
	// Migrate lets Open upgrade an older schema, after keeping a copy of
	// the file as rectify.db.schema-N. Only serve and `rectify migrate`
	// set it: a read-only command must not change the file under an
	// operator who is about to back it up before an upgrade.
	Migrate bool
	// MustExist refuses to create a database where there is none.
	MustExist bool
	// ChainHash names the hash of new audit events: "sha256" (default)
	// or "sm3".
	ChainHash string
}

// Store is the bbolt-backed ledger.
type Store struct {
	db  *bbolt.DB
	dir string
	now func() time.Time
	loc *time.Location
	// chainAlgo hashes new events; each event names its own algorithm.
	chainAlgo hashAlgo

	treeMu sync.Mutex
	tree   atomic.Pointer[ledger.Tree]
	// maxWarn is the largest warn_days of any batch, bounding the due-soon
	// range scan.
	maxWarn atomic.Int64

	// late is today's overdue and due-soon counts (latecache.go), kept
	// current by saveTask.
	late lateCache

	sessions sessionCache
	// sessionsPruned is when expired sessions were last deleted.
	sessionsPruned atomic.Pointer[time.Time]
	people         peopleCache
	// problemWatch hears of committed problem writes (see WatchProblems).
	problemWatch atomic.Pointer[problemWatcher]
}

// timeoutDefault is how long Open waits for the file lock.
const timeoutDefault = time.Second

func errorsIsTimeout(err error) bool { return errors.Is(err, bberrors.ErrTimeout) }

// ErrLocked is returned when another process holds the database.
var ErrLocked = errors.New("the database is in use by another rectify process (is a server already running on this data folder?)")

// Open opens (creating if needed) dir/rectify.db, creates every bucket,
// runs pending migrations and loads the branch tree.
func Open(dir string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.Timeout == 0 {
		opt.Timeout = timeoutDefault
	}
	path := filepath.Join(dir, DBFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if opt.MustExist {
			return nil, fmt.Errorf("%s: %w", path, ErrNoDatabase)
		}
		if signs := signsOfEarlierLedger(dir); len(signs) > 0 {
			return nil, &MissingDatabaseError{Dir: dir, Signs: signs}
		}
	}
	algo, err := parseChainHash(opt.ChainHash)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "evidence"), 0o750); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	db, err := openBolt(path, &bbolt.Options{
		Timeout: opt.Timeout,
		NoSync:  opt.NoSync,
		// The freelist is written at each commit: without it, Open must walk
		// every page to rebuild it (seconds on a million-task file).
		NoFreelistSync: false,
		FreelistType:   bbolt.FreelistMapType,
	})
	if errorsIsTimeout(err) {
		return nil, ErrLocked
	} else if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	removeLeftovers(dir)
	// Concurrent writers are grouped into one fsync by db.Batch; a batch
	// as large as the usual concurrency amortises the commit best.
	db.MaxBatchSize = 64
	db.MaxBatchDelay = 2 * time.Millisecond
	s := &Store{db: db, dir: dir, now: opt.Now, loc: opt.Location, chainAlgo: algo}
	err = guardCorrupt(path, func() error {
		if err := checkLength(db); err != nil {
			return err
		}
		if err := s.migrate(opt.Migrate); err != nil {
			return err
		}
		return s.loadCaches()
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return s.db.Close()
}

// DB exposes the bbolt handle to tests and the benchmark generator.
func (s *Store) DB() *bbolt.DB { return s.db }

// Dir is the data folder.
func (s *Store) Dir() string { return s.dir }

// Today is the calendar date now in the deployment's time zone.
func (s *Store) Today() ledger.Date { return ledger.DateOf(s.now().In(s.loc)) }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Location is the deployment's time zone.
func (s *Store) Location() *time.Location { return s.loc }

// Tree returns the current branch tree snapshot.
func (s *Store) Tree() *ledger.Tree { return s.tree.Load() }

// Scope returns the scope of user u over the current tree.
func (s *Store) Scope(u *ledger.User) ledger.Scope {
	return ledger.Scope{User: u, Tree: s.Tree()}
}

func (s *Store) loadCaches() error {
	return s.db.View(func(tx *bbolt.Tx) error {
		if err := s.reloadTree(tx); err != nil {
			return err
		}
		var mw int64 = ledger.DefaultWarnDays
		if v := tx.Bucket(bMeta).Get(kMaxWarn); v != nil {
			mw = max(mw, btoi(v))
		}
		err := tx.Bucket(bBatches).ForEach(func(_, v []byte) error {
			var b ledger.Batch
			if err := unmarshal(v, &b); err != nil {
				return err
			}
			mw = max(mw, int64(b.WarnDays))
			return nil
		})
		s.maxWarn.Store(mw)
		return err
	})
}

// update runs fn in a read-write transaction. Writes from concurrent
// requests are grouped by db.Batch, so fn may run twice and must not have
// effects outside tx.
func (s *Store) update(fn func(tx *bbolt.Tx) error) error {
	return s.db.Batch(fn)
}
