package similar

import (
	"context"
	"sort"
	"strings"
)

// Recurrence is a 方面 (category) and how widely it recurs.
type Recurrence struct {
	Category string `json:"category"`
	Batches  int    `json:"batches"`
	Branches int    `json:"branches"`
	Problems int    `json:"problems"`
}

// internCategory numbers a category by its normalised name: "作风建设方面"
// and "作风建设" are one.
func (x *Index) internCategory(c string) int32 {
	return x.internNormal(normalCategory(c))
}

// internNormal numbers an already normalised name.
func (x *Index) internNormal(c string) int32 {
	if id, ok := x.categoryIDs[c]; ok {
		return id
	}
	id := int32(len(x.categories))
	x.categories = append(x.categories, c)
	x.categoryIDs[c] = id
	return id
}

func normalCategory(c string) string {
	c = strings.TrimSpace(c)
	c = strings.TrimSuffix(c, "的问题")
	c = strings.TrimSuffix(c, "问题")
	c = strings.TrimSuffix(c, "方面")
	return strings.TrimSpace(c)
}

// Recurring lists the categories that recur in at least minBatches
// batches among the problems allow admits, most widespread first, at most
// limit. It walks the index's document list, not the store: a few
// milliseconds for the 330,000 problems of the benchmark ledger.
func (x *Index) Recurring(allow func(branch int64) bool, minBatches, limit int) []Recurrence {
	type acc struct {
		batches, branches map[int64]bool
		problems          int
	}
	x.mu.RLock()
	by := map[int32]*acc{}
	for i := range x.docs {
		d := &x.docs[i]
		if d.dead || x.categories[d.category] == "" || (allow != nil && !allow(d.branch)) {
			continue
		}
		a := by[d.category]
		if a == nil {
			a = &acc{batches: map[int64]bool{}, branches: map[int64]bool{}}
			by[d.category] = a
		}
		a.batches[d.batch], a.branches[d.branch] = true, true
		a.problems++
	}
	var out []Recurrence
	for c, a := range by {
		if len(a.batches) >= minBatches {
			out = append(out, Recurrence{Category: x.categories[c], Batches: len(a.batches), Branches: len(a.branches), Problems: a.problems})
		}
	}
	x.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Batches != b.Batches {
			return a.Batches > b.Batches
		}
		if a.Problems != b.Problems {
			return a.Problems > b.Problems
		}
		return a.Category < b.Category
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Recurring waits for the build (or ctx) and counts recurring categories.
func (l *Live) Recurring(ctx context.Context, allow func(branch int64) bool, minBatches, limit int) ([]Recurrence, error) {
	if err := l.wait(ctx); err != nil {
		return nil, err
	}
	return l.idx.Recurring(allow, minBatches, limit), nil
}
