// Package similar finds problems that read alike: 举一反三 across branches
// and 反弹 within one. It is an in-memory BM25 index over character pairs
// of each problem's description and category, built once from the store
// and kept current as problems are written. It does no I/O and knows no
// scope rules beyond the branch filter its caller passes.
package similar

import (
	"math"
	"sync"
)

// Doc is one problem as the index sees it.
type Doc struct {
	ID       int64
	BranchID int64
	BatchID  int64
	Category string
	Text     string // the description
}

// BM25 parameters: the usual values; b < 1 so a long description is not
// punished for the boilerplate around its point.
const (
	k1 = 1.2
	b  = 0.75
	// categoryWeight scales the grams of a category: 方面 headings are
	// broad and shared by many unrelated problems.
	categoryWeight = 0.5
	unigramWeight  = 0.3
	conceptWeight  = 2.0
	maxDocRunes    = 4000
)

// Index is safe for concurrent use: queries share a read lock, writes take
// the write lock for the time of one document.
type Index struct {
	mu       sync.RWMutex
	terms    map[string]int32
	postings []postingList
	docs     []docMeta
	slot     map[int64]int32
	// categories interns the 方面 names, for the recurrence count.
	categories  []string
	categoryIDs map[string]int32
	live        int
	totalLen    float64
	scratch     sync.Pool
}

// postingList keeps documents and term frequencies in two parallel slices
// (5 bytes a posting rather than a padded 8).
type postingList struct {
	docs []int32
	tfs  []uint8
}

type docMeta struct {
	id, branch, batch int64
	length            float32
	category          int32 // into Index.categories
	dead              bool
}

// New returns an empty index.
func New() *Index {
	return &Index{terms: map[string]int32{}, slot: map[int64]int32{}, categoryIDs: map[string]int32{}}
}

// Len is the number of documents the index holds.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

// Put adds d, replacing an earlier version with the same ID.
func (x *Index) Put(d Doc) {
	counts := docGrams(d)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(d.ID)
	s := int32(len(x.docs))
	length := 0
	for _, c := range counts {
		length += c
	}
	x.docs = append(x.docs, docMeta{id: d.ID, branch: d.BranchID, batch: d.BatchID, length: float32(length),
		category: x.internCategory(d.Category)})
	x.slot[d.ID] = s
	x.live++
	x.totalLen += float64(length)
	for g, c := range counts {
		t, ok := x.terms[g]
		if !ok {
			t = int32(len(x.postings))
			x.terms[g] = t
			x.postings = append(x.postings, postingList{})
		}
		pl := &x.postings[t]
		pl.docs = append(pl.docs, s)
		pl.tfs = append(pl.tfs, uint8(min(c, math.MaxUint8)))
	}
	x.maybeCompactLocked()
}

// Remove drops the document with id, if the index holds it. Its postings
// stay, skipped by queries, until the dead outnumber the living and the
// index compacts itself.
func (x *Index) Remove(id int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(id)
	x.maybeCompactLocked()
}

func (x *Index) removeLocked(id int64) {
	s, ok := x.slot[id]
	if !ok {
		return
	}
	x.docs[s].dead = true
	x.totalLen -= float64(x.docs[s].length)
	x.live--
	delete(x.slot, id)
}

// docGrams counts the grams of a document: the description at full
// weight, the category's as extra occurrences only when the description
// lacks them, so a category never outweighs the text.
func docGrams(d Doc) map[string]int {
	counts := map[string]int{}
	grams(d.Text, maxDocRunes, counts)
	addConcepts(d.Text, counts)
	cat := map[string]int{}
	grams(d.Category, 200, cat)
	for g := range cat {
		if counts[g] == 0 {
			counts[g] = 1
		}
	}
	return counts
}
