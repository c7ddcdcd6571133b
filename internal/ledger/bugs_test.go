package ledger_test

// Tests for bugs found while writing the ledger tests. Each fails against
// the code as it stands; the fix is described in the report that came with
// these tests, and each test should pass unchanged once it is applied.

import (
	"context"
	"os"
	"os/exec"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// Submit decides OnTime after it has set the status to submitted and the
// last report to today, so ReportMissed can never be true there: a 长期坚持
// task without a due date counted as on time however late its reports were,
// even when the overdue scan had recorded it.
func TestBugLongTermTaskWithMissedReportIsNotOnTime(t *testing.T) {
	t.Run("a long-term task submitted after a missed report is late", func(t *testing.T) {
		task := longTermTask("2026-09-01") // report due 2026-10-01, none made
		require.True(t, task.Overdue(day("2026-11-26")))
		require.NoError(t, task.Submit(day("2026-11-26"), "已形成长效机制", 0))
		assert.False(t, task.OnTime)
	})
	t.Run("a long-term task recorded overdue is late even after catching up", func(t *testing.T) {
		task := longTermTask("2026-09-01")
		require.True(t, task.MarkOverdue(day("2026-10-02")))
		require.NoError(t, task.Progress(day("2026-10-05"), 50))
		require.NoError(t, task.Submit(day("2026-10-20"), "已形成长效机制", 0))
		assert.False(t, task.OnTime)
	})
}

// cyclicTree holds corrupt parents: 2 and 3 name each other, 4 names itself.
func cyclicTree() *ledger.Tree {
	return ledger.NewTree([]*ledger.Branch{
		{ID: 1, Name: "党委"},
		{ID: 2, ParentID: 3, Name: "甲支部"},
		{ID: 3, ParentID: 2, Name: "乙支部"},
		{ID: 4, ParentID: 4, Name: "丙支部"},
		{ID: 5, ParentID: 2, Name: "甲支部党小组"},
	})
}

// NewTree walks only from root 0, so branches in a parent cycle (and all
// below them) are left out of All and Subtree(0): an admin's roll-up
// silently drops their tasks although Scope.Sees lets the admin open them.
func TestBugEveryBranchIsInTheTreeEvenWithACycle(t *testing.T) {
	all := cyclicTree().All()
	assert.ElementsMatch(t, []int64{1, 2, 3, 4, 5}, all)
}

// NewTree treats a branch naming itself as parent as a root, but Depth
// and Path follow ParentID and go round until their length guard stops
// them: depth 5 and the name repeated six times.
func TestBugBranchNamingItselfAsParentIsShownAsARoot(t *testing.T) {
	tree := cyclicTree()
	assert.Equal(t, 0, tree.Depth(4))
	assert.Equal(t, []string{"丙支部"}, tree.Path(4))
}

func TestBugPathThroughACycleNamesEachBranchOnce(t *testing.T) {
	tree := cyclicTree()
	for _, id := range []int64{2, 3, 5} {
		path := tree.Path(id)
		compact := slices.Compact(slices.Sorted(slices.Values(path)))
		assert.Len(t, compact, len(path), "path of %d repeats names: %v", id, path)
		assert.Equal(t, len(path)-1, tree.Depth(id), "depth of %d must match its path %v", id, path)
	}
}

// Subtree on a branch in a parent cycle recurses until the goroutine stack
// overflows, which kills the whole server process. The walk runs in a child
// process so that the crash is reported as this test's failure.
func TestBugSubtreeOfABranchInACycleReturns(t *testing.T) {
	if os.Getenv("LEDGER_BUG_CYCLE_CHILD") == "1" {
		debug.SetMaxStack(8 << 20) // crash in milliseconds, not after 1 GB
		tree := cyclicTree()
		for _, root := range []int64{0, 1, 2, 3, 4, 5} {
			sub := tree.Subtree(root)
			for _, id := range []int64{1, 2, 3, 4, 5} {
				assert.Equal(t, tree.Contains(root, id), slices.Contains(sub, id),
					"Subtree(%d) = %v must agree with Contains(%d, %d)", root, sub, root, id)
			}
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestBugSubtreeOfABranchInACycleReturns$", "-test.v")
	cmd.Env = append(os.Environ(), "LEDGER_BUG_CYCLE_CHILD=1")
	out, err := cmd.CombinedOutput()
	var why []string
	for line := range strings.Lines(string(out)) {
		if strings.Contains(line, "Messages:") || strings.Contains(line, "fatal error:") || strings.Contains(line, "stack exceeds") {
			why = append(why, strings.TrimSpace(line))
		}
	}
	assert.NoError(t, err, "the walk in the child process failed:\n%s", strings.Join(why, "\n"))
}
