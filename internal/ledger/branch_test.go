package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// orgTree is a small organisation:
//
//	1 党委
//	  2 第一支部
//	    4 第一党小组
//	  3 第二支部
//	  6 第三支部
//	5 机关党委
//	9 离退休支部 (its parent 99 was deleted)
func orgTree() *ledger.Tree {
	return ledger.NewTree([]*ledger.Branch{
		{ID: 6, ParentID: 1, Name: "第三支部"},
		{ID: 4, ParentID: 2, Name: "第一党小组"},
		{ID: 9, ParentID: 99, Name: "离退休支部"},
		{ID: 1, Name: "党委"},
		{ID: 3, ParentID: 1, Name: "第二支部"},
		{ID: 5, Name: "机关党委"},
		{ID: 2, ParentID: 1, Name: "第一支部"},
	})
}

func TestTreeContains(t *testing.T) {
	tree := orgTree()
	tests := []struct {
		name     string
		root, id int64
		want     bool
	}{
		{"a branch contains itself", 2, 2, true},
		{"a 党委 contains its 支部", 1, 2, true},
		{"a 党委 contains its 支部's 党小组", 1, 4, true},
		{"a 支部 does not contain its sibling", 2, 3, false},
		{"a 支部 does not contain its parent", 2, 1, false},
		{"a 党委 does not contain another 党委's branches", 5, 2, false},
		{"an unknown branch is in no subtree", 1, 77, false},
		{"an unknown branch is not even under root 0", 0, 77, false},
		{"id 0 is not a branch", 1, 0, false},
		{"root 0 contains every branch", 0, 4, true},
		{"a branch whose parent was deleted is a root", 0, 9, true},
		{"a branch whose parent was deleted is under no other branch", 1, 9, false},
		{"an unknown root contains nothing", 77, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tree.Contains(tt.root, tt.id))
		})
	}
}

func TestTreeSubtree(t *testing.T) {
	tree := orgTree()
	tests := []struct {
		name string
		root int64
		want []int64
	}{
		{"a 党委 lists itself, then each 支部 followed by its own children", 1, []int64{1, 2, 4, 3, 6}},
		{"a 支部 lists itself and its 党小组", 2, []int64{2, 4}},
		{"a leaf lists only itself", 4, []int64{4}},
		{"root 0 lists every branch, roots in id order", 0, []int64{1, 2, 4, 3, 6, 5, 9}},
		{"an unknown branch lists nothing", 77, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tree.Subtree(tt.root))
		})
	}
	t.Run("siblings keep creation (id) order, so 第一、第二、第三支部 read in sequence", func(t *testing.T) {
		assert.Equal(t, []int64{2, 3, 6}, tree.Children(1))
	})
	t.Run("All is the whole tree in the same order as Subtree(0)", func(t *testing.T) {
		assert.Equal(t, tree.Subtree(0), tree.All())
		assert.Equal(t, 7, tree.Len())
	})
}

func TestTreeDepthAndPath(t *testing.T) {
	tree := orgTree()
	tests := []struct {
		name  string
		id    int64
		depth int
		path  []string
	}{
		{"a root has no ancestors", 1, 0, []string{"党委"}},
		{"a 支部 has one", 2, 1, []string{"党委", "第一支部"}},
		{"a 党小组 has two", 4, 2, []string{"党委", "第一支部", "第一党小组"}},
		{"a branch whose parent was deleted is shown as a root", 9, 0, []string{"离退休支部"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.depth, tree.Depth(tt.id))
			assert.Equal(t, tt.path, tree.Path(tt.id))
		})
	}
	t.Run("an unknown branch has no path", func(t *testing.T) {
		assert.Empty(t, tree.Path(77))
		assert.Nil(t, tree.Get(77))
	})
}

// within fails the test if fn does not return in a second, so that a tree
// walk that loops forever is reported instead of hanging the suite.
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatalf("%s did not return: it loops on the cycle", what)
	}
}

func TestTreeWithCorruptParentsStillAnswers(t *testing.T) {
	// 2 and 3 name each other as parent; 4 names itself.
	tree := ledger.NewTree([]*ledger.Branch{
		{ID: 1, Name: "党委"},
		{ID: 2, ParentID: 3, Name: "甲支部"},
		{ID: 3, ParentID: 2, Name: "乙支部"},
		{ID: 4, ParentID: 4, Name: "丙支部"},
	})
	t.Run("Contains terminates and keeps the cycle out of other subtrees", func(t *testing.T) {
		within(t, "Contains", func() {
			assert.False(t, tree.Contains(1, 2))
			assert.False(t, tree.Contains(1, 4))
			assert.True(t, tree.Contains(0, 3), "an admin's root 0 still sees every branch")
		})
	})
	t.Run("Depth and Path terminate", func(t *testing.T) {
		within(t, "Depth and Path", func() {
			tree.Depth(2)
			tree.Depth(4)
			tree.Path(2)
			tree.Path(4)
		})
	})
	t.Run("a branch naming itself as parent is a root", func(t *testing.T) {
		assert.Contains(t, tree.Children(0), int64(4))
		assert.Equal(t, []int64{4}, tree.Subtree(4))
	})
}

func TestBranchValidate(t *testing.T) {
	tests := []struct {
		name   string
		branch ledger.Branch
		field  string
	}{
		{"a name is required", ledger.Branch{Name: ""}, "name"},
		{"a name of spaces is no name", ledger.Branch{Name: "  \t "}, "name"},
		{"a name over 100 characters is refused", ledger.Branch{Name: strings.Repeat("支", 101)}, "name"},
		{"a negative parent is refused", ledger.Branch{Name: "第一支部", ParentID: -1}, "parent_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.branch.Validate()
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
		})
	}
	t.Run("100 Chinese characters are allowed and the name is trimmed", func(t *testing.T) {
		b := ledger.Branch{Name: " " + strings.Repeat("支", 100) + " ", ParentID: 1}
		require.NoError(t, b.Validate())
		assert.Equal(t, strings.Repeat("支", 100), b.Name)
	})
	t.Run("a root branch has parent 0", func(t *testing.T) {
		b := ledger.Branch{Name: "党委"}
		assert.NoError(t, b.Validate())
	})
}
