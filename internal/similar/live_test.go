package similar

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAChangeHeardDuringTheBuildWinsOverTheStoreReadItRaced(t *testing.T) {
	l := NewLive()
	ctx := context.Background()
	err := l.Build(func(put func(Doc)) error {
		put(Doc{ID: 1, BranchID: 1, Text: "公务用车管理不严格"})
		put(Doc{ID: 2, BranchID: 1, Text: "党费收缴不及时"})
		// While the build reads, problem 1 is rewritten and 2 deleted.
		l.Changed(Doc{ID: 1, BranchID: 1, Text: "会议记录不规范"}, false)
		l.Changed(Doc{ID: 2}, true)
		return nil
	})
	require.NoError(t, err)
	hits, err := l.Search(ctx, Query{Text: "会议记录填写不完整", Limit: 5})
	require.NoError(t, err)
	require.Len(t, hits, 1)
	assert.Equal(t, int64(1), hits[0].ID)
	hits, _ = l.Search(ctx, Query{Text: "党费收缴不及时", Limit: 5})
	assert.Empty(t, hits, "a problem deleted during the build is not found")
	assert.Equal(t, 1, l.Len())
}

func TestASearchBeforeTheBuildWaitsOrGivesUpWithItsContext(t *testing.T) {
	l := NewLive()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := l.Search(ctx, Query{Text: "x"})
	assert.ErrorIs(t, err, context.Canceled)
}

// A build that failed must not leave every later search waiting for a
// build that will never finish: each answers the build's error at once.
func TestASearchAfterAFailedBuildAnswersTheBuildError(t *testing.T) {
	l := NewLive()
	broken := errors.New("problem 7: unreadable record")
	require.ErrorIs(t, l.Build(func(put func(Doc)) error { return broken }), broken)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { time.Sleep(2 * time.Second); cancel() }()
	_, err := l.Search(ctx, Query{Text: "公务用车"})
	assert.ErrorIs(t, err, broken)
	_, err = l.Recurring(ctx, nil, 2, 10)
	assert.ErrorIs(t, err, broken)
}
