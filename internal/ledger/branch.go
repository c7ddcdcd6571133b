package ledger

import (
	"sort"
	"strings"
	"time"
)

// Branch is an organisational unit (党委, 总支, 支部); branches form a tree.
type Branch struct {
	ID        int64     `json:"id"`
	ParentID  int64     `json:"parent_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks the fields a caller supplies.
func (b *Branch) Validate() error {
	b.Name = strings.TrimSpace(b.Name)
	if err := LimitBranchName.Required(b.Name); err != nil {
		return err
	} else if b.ParentID < 0 {
		return FieldErrorf("parent_id", "parent_id must be a branch id or 0 for a root")
	}
	return nil
}

// Tree is an immutable snapshot of all branches, for scope checks and
// roll-ups without touching the database. Build a new one on every change.
type Tree struct {
	byID     map[int64]*Branch
	parent   map[int64]int64 // effective parent: 0 for roots, never a cycle
	children map[int64][]int64
	order    []int64 // depth-first, children sorted by id
}

// NewTree indexes branches; branches whose parent is missing, or whose
// parents lead back to themselves, become roots.
func NewTree(branches []*Branch) *Tree {
	t := &Tree{byID: make(map[int64]*Branch, len(branches)),
		parent: make(map[int64]int64, len(branches)), children: map[int64][]int64{}}
	for _, b := range branches {
		t.byID[b.ID] = b
	}
	for _, b := range branches {
		p := b.ParentID
		if _, ok := t.byID[p]; !ok || t.inCycle(b.ID) {
			p = 0
		}
		t.parent[b.ID] = p
		t.children[p] = append(t.children[p], b.ID)
	}
	for _, ids := range t.children {
		sort.Slice(ids, func(i, j int) bool {
			return ids[i] < ids[j]
		})
	}
	t.walk(0, func(id int64) { t.order = append(t.order, id) })
	return t
}

// inCycle reports whether following ParentID from id comes back to id.
func (t *Tree) inCycle(id int64) bool {
	p := t.byID[id].ParentID
	for steps := 0; steps <= len(t.byID); steps++ {
		if p == id {
			return true
		}
		b, ok := t.byID[p]
		if !ok {
			return false
		}
		p = b.ParentID
	}
	return false // a cycle above id that does not pass through it
}

func (t *Tree) walk(id int64, fn func(int64)) {
	for _, c := range t.children[id] {
		fn(c)
		t.walk(c, fn)
	}
}

// Get returns the branch with id, or nil.
func (t *Tree) Get(id int64) *Branch { return t.byID[id] }

// Len returns the number of branches.
func (t *Tree) Len() int { return len(t.byID) }

// Children returns the direct children of id (0 for the roots).
func (t *Tree) Children(id int64) []int64 { return t.children[id] }

// All returns every branch id in depth-first order.
func (t *Tree) All() []int64 { return t.order }

// Contains reports whether branch id lies in the subtree rooted at root
// (root itself included). Root 0 contains every branch.
func (t *Tree) Contains(root, id int64) bool {
	if _, ok := t.byID[id]; !ok {
		return false
	}
	for ; id != 0; id = t.parent[id] {
		if id == root {
			return true
		}
	}
	return root == 0
}

// Subtree returns root and all its descendants in depth-first order.
func (t *Tree) Subtree(root int64) []int64 {
	if root == 0 {
		return t.order
	}
	if _, ok := t.byID[root]; !ok {
		return nil
	}
	out := []int64{root}
	t.walk(root, func(id int64) { out = append(out, id) })
	return out
}

// Depth returns how many ancestors id has.
func (t *Tree) Depth(id int64) int {
	return len(t.Path(id)) - 1
}

// Path returns the names from the root down to id, for display.
func (t *Tree) Path(id int64) []string {
	var names []string
	for ; t.byID[id] != nil; id = t.parent[id] {
		names = append([]string{t.byID[id].Name}, names...)
	}
	return names
}
