package store

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJobRunsRememberTheLastSuccessAndNeverGoBack(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	at := time.Date(2026, 11, 26, 8, 30, 0, 0, shanghai)
	require.NoError(t, s.RecordJobRun("overdue", at, 3, time.Second, nil))
	require.NoError(t, s.RecordJobRun("overdue", at.Add(-48*time.Hour), 1, time.Second, nil))
	require.NoError(t, s.RecordJobRun("overdue", at.Add(time.Hour), 0, time.Second, errors.New("disk full")))
	runs, err := s.JobRuns()
	require.NoError(t, err)
	r := runs["overdue"]
	require.NotNil(t, r)
	assert.True(t, r.LastRunAt.Equal(at), "a run as of an earlier time does not move it back")
	assert.Equal(t, date("2026-11-26"), r.LastDay)
	assert.Equal(t, "disk full", r.LastError)
	assert.EqualValues(t, 2, r.Runs)
	require.NoError(t, s.RecordJobRun("overdue", at.Add(24*time.Hour), 0, time.Second, nil))
	runs, err = s.JobRuns()
	require.NoError(t, err)
	assert.Empty(t, runs["overdue"].LastError, "a success clears the error")
	assert.Equal(t, date("2026-11-27"), runs["overdue"].LastDay)
}
