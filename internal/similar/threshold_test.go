package similar

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFlagThresholdOnTheLabelledSet reports, for every pair the index
// scores at or above FlagThreshold, how many are truly the same subject;
// the rebound check flags at that threshold for an officer to confirm.
func TestFlagThresholdOnTheLabelledSet(t *testing.T) {
	set := loadLabelled(t)
	x := New()
	groupOf := map[int64]int{}
	for _, l := range set {
		x.Put(l.doc)
		groupOf[l.doc.ID] = l.group
	}
	same, other := 0, 0
	for _, l := range set {
		for _, h := range x.Search(Query{Text: l.doc.Text, Category: l.doc.Category, Exclude: l.doc.ID, Limit: 100}) {
			if h.Score < FlagThreshold {
				continue
			}
			if groupOf[h.ID] == l.group {
				same++
			} else {
				other++
			}
		}
	}
	precision := float64(same) / float64(same+other)
	recall := float64(same) / float64(len(set)*7)
	t.Logf("flag threshold %.2f: %d same-subject pairs, %d others: precision %.2f, recall %.2f", FlagThreshold, same, other, precision, recall)
	assert.GreaterOrEqual(t, precision, 0.8)
	assert.GreaterOrEqual(t, recall, 0.4)
}
