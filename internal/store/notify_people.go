package store

import (
	"sort"
	"sync"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// People answers who is responsible for a branch, from one snapshot of the
// active users: the jobs take it once per run rather than per task.
type People struct {
	tree     *ledger.Tree
	byID     map[int64]*ledger.User
	byBranch map[int64][]*ledger.User
}

// People returns a snapshot of the active users over the current tree.
func (s *Store) People() (*People, error) {
	var p *People
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		p, err = s.peopleIn(tx)
		return err
	})
	return p, err
}

// peopleCache keeps the last People snapshot: a submission without a
// reviewer asks it for the branch's officers, and decoding every user on
// each submission would cost what the user table holds. Any user write
// bumps the users' generation (s.sessions.gen) when it commits, and a
// new tree is a new pointer, so a stale snapshot is never used.
type peopleCache struct {
	mu   sync.Mutex
	gen  uint64
	tree *ledger.Tree
	p    *People
}

// peopleIn returns the snapshot, reading the users in tx when it is stale.
// A People is never changed after it is built, so callers may share it.
func (s *Store) peopleIn(tx *bbolt.Tx) (*People, error) {
	gen, tree := s.sessions.gen.Load(), s.Tree()
	c := &s.people
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p != nil && c.gen == gen && c.tree == tree {
		return c.p, nil
	}
	p, err := peopleTx(tx, tree)
	if err != nil {
		return nil, err
	}
	c.gen, c.tree, c.p = gen, tree, p
	return p, nil
}

func peopleTx(tx *bbolt.Tx, tree *ledger.Tree) (*People, error) {
	p := &People{tree: tree, byID: map[int64]*ledger.User{}, byBranch: map[int64][]*ledger.User{}}
	err := tx.Bucket(bUsers).ForEach(func(_, v []byte) error {
		var rec userRecord
		if err := unmarshal(v, &rec); err != nil {
			return err
		}
		if rec.Disabled {
			return nil
		}
		u := rec.User
		p.byID[u.ID] = &u
		p.byBranch[u.BranchID] = append(p.byBranch[u.BranchID], &u)
		return nil
	})
	return p, err
}

// User returns an active user as a recipient.
func (p *People) User(id int64) (Recipient, bool) {
	u := p.byID[id]
	if u == nil {
		return Recipient{}, false
	}
	return recipientOf(u), true
}

// Staff returns the active leaders and officers, by id: the readers of
// the weekly digest.
func (p *People) Staff() []*ledger.User {
	var out []*ledger.User
	for _, u := range p.byID {
		if u.Role == ledger.RoleLeader || u.Role == ledger.RoleOfficer {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Nearest returns the users of role at branch or, when it has none, at
// its nearest ancestor that has some: a 支部 without its own 纪检委员 is
// looked after by the 党委's.
func (p *People) Nearest(role ledger.Role, branch int64) []Recipient {
	b := p.tree.Get(branch)
	for steps := 0; b != nil && steps <= p.tree.Len(); steps++ {
		if rs := p.at(role, b.ID); len(rs) > 0 {
			return rs
		}
		b = p.tree.Get(b.ParentID)
	}
	return nil
}

// Above returns the users of role nearest above branch (its parent or
// further up); for a root branch, its own.
func (p *People) Above(role ledger.Role, branch int64) []Recipient {
	b := p.tree.Get(branch)
	if b == nil {
		return nil
	}
	if b.ParentID == 0 || p.tree.Get(b.ParentID) == nil {
		return p.Nearest(role, branch)
	}
	return p.Nearest(role, b.ParentID)
}

func (p *People) at(role ledger.Role, branch int64) []Recipient {
	var out []Recipient
	for _, u := range p.byBranch[branch] {
		if u.Role == role {
			out = append(out, recipientOf(u))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out
}

func recipientOf(u *ledger.User) Recipient {
	return Recipient{UserID: u.ID, BranchID: u.BranchID, Email: u.Email}
}
