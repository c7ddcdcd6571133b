package ledger_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// chain is n branches, each the child of the one before.
func chain(n int) *ledger.Tree {
	bs := make([]*ledger.Branch, n)
	for i := range bs {
		bs[i] = &ledger.Branch{ID: int64(i + 1), ParentID: int64(i), Name: fmt.Sprintf("第%d级", i+1)}
	}
	return ledger.NewTree(bs)
}

// Issue 12 item 11: a chain of 1,000 nested branches made the dashboard
// take 4.3 s and /admin 7.5 s, because Depth built the whole path above a
// branch (prepending name by name) every time it was asked. Depth is now
// computed once per tree: asking it costs no allocation at all, and a
// path costs one.
func TestDepthAndPathOfADeepChainCostNothingPerBranch(t *testing.T) {
	tree := chain(1000)
	for _, id := range []int64{1, 2, 500, 1000} {
		assert.Equal(t, int(id-1), tree.Depth(id))
		path := tree.Path(id)
		require.Len(t, path, int(id))
		assert.Equal(t, "第1级", path[0])
		assert.Equal(t, fmt.Sprintf("第%d级", id), path[len(path)-1])
	}
	assert.Equal(t, -1, tree.Depth(4242))
	assert.Nil(t, tree.Path(4242))
	allocs := testing.AllocsPerRun(3, func() {
		for _, id := range tree.All() {
			_ = tree.Depth(id)
		}
	})
	assert.Zero(t, allocs, "Depth of every branch allocates nothing")
	assert.Equal(t, 1.0, testing.AllocsPerRun(3, func() { _ = tree.Path(1000) }), "a path is one slice")
	assert.True(t, tree.Contains(1, 1000))
	assert.False(t, tree.Contains(1000, 1))
	assert.True(t, tree.Contains(0, 1000))
}

func TestBranchesNestAtMostMaxBranchDepthLevels(t *testing.T) {
	tree := chain(ledger.MaxBranchDepth + 1) // depths 0 … MaxBranchDepth
	deepest := int64(ledger.MaxBranchDepth + 1)
	assert.NoError(t, tree.CheckPlacement(0, deepest-1), "a child at the deepest level is fine")
	err := tree.CheckPlacement(0, deepest)
	require.Error(t, err, "one level more is refused")
	assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
	assert.Equal(t, "parent_id", ledger.ErrorField(err))
	assert.Equal(t, "branch.too_deep", ledger.ErrorReason(err))
	other := ledger.NewTree(append(chainBranches(3, 100), chainBranches(ledger.MaxBranchDepth, 200)...))
	assert.Error(t, other.CheckPlacement(101, 200+ledger.MaxBranchDepth-1), "moving a subtree counts the levels below it")
	assert.NoError(t, other.CheckPlacement(102, 200+ledger.MaxBranchDepth-1), "a leaf fits where its subtree would not")
	assert.NoError(t, other.CheckPlacement(101, 0), "a root may always be a root")
}

func chainBranches(n int, first int64) []*ledger.Branch {
	bs := make([]*ledger.Branch, n)
	for i := range bs {
		p := int64(0)
		if i > 0 {
			p = first + int64(i-1)
		}
		bs[i] = &ledger.Branch{ID: first + int64(i), ParentID: p, Name: "x"}
	}
	return bs
}

func BenchmarkDepthOfEveryBranchInAChainOf1000(b *testing.B) {
	tree := chain(1000)
	for b.Loop() {
		for _, id := range tree.All() {
			_ = tree.Depth(id)
		}
	}
}
