package web

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryEmbeddedPageParses(t *testing.T) {
	pages, err := parsePages(assets, (&Handler{}).funcs())
	require.NoError(t, err)
	assert.Len(t, pages, len(allPageFiles()))
}

func TestABrokenTemplateFailsStartUpNotTheFirstRequest(t *testing.T) {
	files := fstest.MapFS{}
	for _, names := range allPageFiles() {
		for _, f := range names {
			files["templates/"+f+".html"] = &fstest.MapFile{Data: []byte(`{{define "page"}}ok{{end}}{{define "content"}}{{end}}`)}
		}
	}
	_, err := parsePages(files, (&Handler{}).funcs())
	require.NoError(t, err, "the stand-in templates are fine")

	files["templates/task.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{if .Task}}unclosed{{end}`)}
	_, err = parsePages(files, (&Handler{}).funcs())
	assert.ErrorContains(t, err, "template task")

	files["templates/task.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{noSuchFunc .}}{{end}}`)}
	_, err = parsePages(files, (&Handler{}).funcs())
	assert.ErrorContains(t, err, "noSuchFunc")

	delete(files, "templates/admin.html")
	_, err = parsePages(files, (&Handler{}).funcs())
	assert.Error(t, err, "a missing template file")
}

func TestRatesAreShownAsPercentages(t *testing.T) {
	for rate, want := range map[float64]string{0: "0%", 1: "100%", 0.6667: "66.7%", 0.5: "50%", 0.0004: "0%"} {
		assert.Equal(t, want, pct(rate), "%v", rate)
	}
}

func TestChartScaleEndsOnARoundNumberInFourSteps(t *testing.T) {
	for n, want := range map[int64]int64{0: 4, 3: 4, 5: 8, 9: 12, 13: 20, 21: 40, 77: 80, 101: 200, 380: 400, 1234: 2000} {
		got := niceCeil(n)
		assert.Equal(t, want, got, "%d", n)
		assert.GreaterOrEqual(t, got, n)
		assert.Zero(t, got%4)
	}
}
