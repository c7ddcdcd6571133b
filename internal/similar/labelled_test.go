package similar

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type labelled struct {
	doc   Doc
	group int
}

// loadLabelled reads testdata/labelled.txt: groups of problems an officer
// would call the same, spread over 20 branches and 5 batches in order.
func loadLabelled(t testing.TB) []labelled {
	f, err := os.Open("testdata/labelled.txt")
	require.NoError(t, err)
	defer f.Close()
	var out []labelled
	group := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			group++
		default:
			cat, text, ok := strings.Cut(line, "|")
			require.True(t, ok, line)
			i := int64(len(out))
			out = append(out, labelled{group: group, doc: Doc{ID: i + 1, BranchID: i%20 + 1, BatchID: i/20%5 + 1, Category: cat, Text: text}})
		}
	}
	require.NoError(t, sc.Err())
	return out
}

func TestPrecisionAndRecallAtFiveOnTheLabelledSet(t *testing.T) {
	set := loadLabelled(t)
	require.GreaterOrEqual(t, len(set), 300)
	x := New()
	size := map[int]int{}
	branches := map[int64]bool{}
	for _, l := range set {
		x.Put(l.doc)
		size[l.group]++
		branches[l.doc.BranchID] = true
	}
	require.GreaterOrEqual(t, len(branches), 20)
	groupOf := map[int64]int{}
	for _, l := range set {
		groupOf[l.doc.ID] = l.group
	}
	var precision, recall float64
	for _, l := range set {
		hits := x.Search(Query{Text: l.doc.Text, Category: l.doc.Category, Exclude: l.doc.ID, Limit: 5})
		found := 0
		for _, h := range hits {
			if groupOf[h.ID] == l.group {
				found++
			}
		}
		precision += float64(found) / 5
		recall += float64(found) / float64(size[l.group]-1)
	}
	n := float64(len(set))
	t.Logf("labelled set: %d problems, %d groups, %d branches: precision@5 %.3f, recall@5 %.3f", len(set), len(size), len(branches), precision/n, recall/n)
	assert.GreaterOrEqual(t, precision/n, 0.8)
}
