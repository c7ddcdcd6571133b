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
	// depth and height are computed once per tree: asking a branch's
	// depth for every row of a page must not walk the chain above it
	// each time (a chain of 1,000 branches made the dashboard take 4 s).
	depth  map[int64]int // ancestors of a branch
	height map[int64]int // levels below a branch in its subtree
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
	t.measure()
	return t
}

// measure fills depth (parents come before children in order) and height
// (children after parents, so walk order backwards).
func (t *Tree) measure() {
	t.depth = make(map[int64]int, len(t.order))
	t.height = make(map[int64]int, len(t.order))
	for _, id := range t.order {
		if p := t.parent[id]; p != 0 {
			t.depth[id] = t.depth[p] + 1
		}
	}
	for i := len(t.order) - 1; i >= 0; i-- {
		id := t.order[i]
		if p := t.parent[id]; p != 0 {
			t.height[p] = max(t.height[p], t.height[id]+1)
		}
	}
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
	if root == 0 {
		return true
	}
	// Climb only as far as root's own depth: a branch no deeper than root
	// can only be root itself.
	for stop := t.Depth(root); id != 0 && t.depth[id] >= stop; id = t.parent[id] {
		if id == root {
			return true
		}
	}
	return false
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

// Depth returns how many ancestors id has (-1 for an unknown branch).
func (t *Tree) Depth(id int64) int {
	if t.byID[id] == nil {
		return -1
	}
	return t.depth[id]
}

// Path returns the names from the root down to id, for display.
func (t *Tree) Path(id int64) []string {
	if t.byID[id] == nil {
		return nil
	}
	names := make([]string, t.depth[id]+1)
	for i := len(names) - 1; i >= 0; i, id = i-1, t.parent[id] {
		names[i] = t.byID[id].Name
	}
	return names
}

// CheckPlacement refuses to put branch id (0 for a new one) under parent
// when that would make the tree deeper than MaxBranchDepth.
func (t *Tree) CheckPlacement(id, parent int64) error {
	if parent == 0 || t.byID[parent] == nil {
		return nil
	}
	below := 0
	if t.byID[id] != nil {
		below = t.height[id]
	}
	if t.depth[parent]+1+below > MaxBranchDepth {
		e := Reasonf(EINVALID, ReasonBranchTooDeep, "branches may nest at most %d levels below a root", MaxBranchDepth)
		e.Field = "parent_id"
		return e
	}
	return nil
}
