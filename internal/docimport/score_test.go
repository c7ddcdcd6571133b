package docimport

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The corpus under testdata/corpus holds documents written for these
// tests in the shapes users bring (tables with merged cells, two-row
// headers, PDF copies, first-person materials, audit reports, two
// documents in one file, GB18030). Each has a .want.json golden file
// written by hand: what a careful person would take from it. The scorer
// compares the parser's answer field by field.

var bootstrap = flag.Bool("bootstrap-want", false, "write missing .want.json files from the parser's answer, for review")

// wantDoc is one document of a golden file; only what is scored.
type wantDoc struct {
	Title    string        `json:"title"`
	Author   string        `json:"author,omitempty"`
	Problems []wantProblem `json:"problems"`
	Causes   []string      `json:"causes"`
	Measures []wantMeasure `json:"measures"`
}

type wantProblem struct {
	Category string `json:"category,omitempty"`
	Title    string `json:"title"`
	// Progress is the first clause of the problem's progress note.
	Progress string `json:"progress,omitempty"`
	Done     bool   `json:"done,omitempty"`
}

type wantMeasure struct {
	Title    string `json:"title"`
	Owner    string `json:"owner,omitempty"`
	LeadDept string `json:"lead_dept,omitempty"`
	DueOn    string `json:"due_on,omitempty"`
	Kind     string `json:"kind,omitempty"`
	// Problem is the title of the problem the measure answers, when the
	// document ties them (a table).
	Problem string `json:"problem,omitempty"`
}

// wantOf reduces a parse result to the golden file's shape.
func wantOf(res *Result) []wantDoc {
	var out []wantDoc
	for _, d := range res.Documents {
		w := wantDoc{Title: d.Title, Author: d.Author, Problems: []wantProblem{}, Causes: []string{}, Measures: []wantMeasure{}}
		for _, p := range d.Problems {
			progress, _ := firstClause(p.Progress)
			w.Problems = append(w.Problems, wantProblem{Category: p.Category, Title: p.Title, Progress: progress, Done: p.Done})
		}
		for _, c := range d.Causes {
			w.Causes = append(w.Causes, c.Title)
		}
		for _, m := range d.Measures {
			wm := wantMeasure{Title: m.Title, Owner: m.Owner, LeadDept: m.LeadDept, DueOn: m.DueOn, Kind: m.Kind}
			if m.Problem > 0 && m.Problem <= len(d.Problems) {
				wm.Problem = d.Problems[m.Problem-1].Title
			}
			w.Measures = append(w.Measures, wm)
		}
		out = append(out, w)
	}
	return out
}

// fields are what the scorer counts, each as a multiset of keys: a key
// names the document and entry, so an owner is only right on the right
// measure of the right document.
var fields = []string{"titles", "authors", "problems", "categories", "causes", "measures", "links",
	"owners", "depts", "dates", "kinds", "progress", "done"}

func keys(docs []wantDoc) map[string][]string {
	k := map[string][]string{}
	add := func(field string, parts ...string) {
		k[field] = append(k[field], strings.Join(parts, "|"))
	}
	for i, d := range docs {
		doc := fmt.Sprint(i)
		add("titles", doc, d.Title)
		for _, p := range d.Problems {
			add("problems", doc, p.Title)
			addIf(add, "categories", p.Category, doc, p.Title)
			addIf(add, "progress", p.Progress, doc, p.Title)
			if p.Done {
				add("done", doc, p.Title)
			}
		}
		addIf(add, "authors", d.Author, doc)
		for _, c := range d.Causes {
			add("causes", doc, c)
		}
		for _, m := range d.Measures {
			add("measures", doc, m.Title)
			addIf(add, "links", m.Problem, doc, m.Title)
			addIf(add, "owners", m.Owner, doc, m.Title)
			addIf(add, "depts", m.LeadDept, doc, m.Title)
			addIf(add, "dates", m.DueOn, doc, m.Title)
			addIf(add, "kinds", m.Kind, doc, m.Title)
		}
	}
	return k
}

func addIf(add func(string, ...string), field, value string, parts ...string) {
	if value != "" {
		add(field, append(parts, value)...)
	}
}

// tally counts, for one field, keys found, expected and both.
type tally struct{ got, want, hit int }

func (t *tally) add(got, want []string) {
	left := map[string]int{}
	for _, w := range want {
		left[w]++
	}
	for _, g := range got {
		if left[g] > 0 {
			left[g]--
			t.hit++
		}
	}
	t.got += len(got)
	t.want += len(want)
}

func (t tally) scores() (p, r, f1 float64) {
	p, r = ratio(t.hit, t.got), ratio(t.hit, t.want)
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// corpusFiles lists the documents in dir.
func corpusFiles(t testing.TB, dir string) []string {
	files, err := filepath.Glob(filepath.Join(dir, "*.*"))
	require.NoError(t, err)
	var out []string
	for _, f := range files {
		if ext := filepath.Ext(f); ext == ".txt" || ext == ".docx" {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

func wantPath(doc string) string {
	return strings.TrimSuffix(doc, filepath.Ext(doc)) + ".want.json"
}

// TestCorpusScore parses the corpus, prints precision, recall and F1 per
// field, and holds the overall F1 at corpusF1Floor or better.
func TestCorpusScore(t *testing.T) {
	docs := corpusFiles(t, "testdata/corpus")
	require.GreaterOrEqual(t, len(docs), 20, "the corpus has at least 20 documents")
	assert.GreaterOrEqual(t, score(t, docs), corpusF1Floor, "overall F1 over the corpus")
}

// TestHeldOutScore prints the scores on testdata/heldout, documents
// written (golden files included) after the parser was tuned on the
// corpus. Four batches scored F1 0.835 (five documents), 0.769 (three),
// 0.835 (three) and 0.869 (three) on their first run; the faults they
// showed were fixed in general form, so the set is no longer unseen, and
// new documents belong here before any fix they prompt. Only a crash or
// a missing golden file fails it.
func TestHeldOutScore(t *testing.T) {
	score(t, corpusFiles(t, "testdata/heldout"))
}

// score parses docs, logs each difference from its golden file and the
// scores per field, and returns the overall F1.
func score(t *testing.T, docs []string) float64 {
	totals := map[string]*tally{}
	for _, f := range fields {
		totals[f] = &tally{}
	}
	for _, file := range docs {
		res, err := ParseFile(file)
		require.NoError(t, err, file)
		got := wantOf(res)
		want := readWant(t, file, got)
		gk, wk := keys(got), keys(want)
		for _, f := range fields {
			var one tally
			one.add(gk[f], wk[f])
			totals[f].add(gk[f], wk[f])
			if one.hit != one.got || one.hit != one.want {
				t.Logf("%s %s: missing %v, wrong %v", filepath.Base(file), f, minus(wk[f], gk[f]), minus(gk[f], wk[f]))
			}
		}
	}
	var all tally
	t.Logf("%d documents", len(docs))
	t.Logf("%-10s %9s %9s %9s %6s %6s", "field", "precision", "recall", "F1", "found", "wanted")
	for _, f := range fields {
		p, r, f1 := totals[f].scores()
		t.Logf("%-10s %9.3f %9.3f %9.3f %6d %6d", f, p, r, f1, totals[f].got, totals[f].want)
		all.got, all.want, all.hit = all.got+totals[f].got, all.want+totals[f].want, all.hit+totals[f].hit
	}
	p, r, f1 := all.scores()
	t.Logf("%-10s %9.3f %9.3f %9.3f %6d %6d", "all", p, r, f1, all.got, all.want)
	return f1
}

// minus is a − b as multisets.
func minus(a, b []string) []string {
	left := map[string]int{}
	for _, x := range b {
		left[x]++
	}
	var out []string
	for _, x := range a {
		if left[x] > 0 {
			left[x]--
			continue
		}
		out = append(out, x)
	}
	return out
}

func readWant(t *testing.T, file string, got []wantDoc) []wantDoc {
	path := wantPath(file)
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) && *bootstrap {
		b, err = json.MarshalIndent(got, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, append(b, '\n'), 0o644))
	}
	require.NoError(t, err, "write %s by hand (or -bootstrap-want, then review it)", path)
	var want []wantDoc
	require.NoError(t, json.Unmarshal(b, &want), path)
	return want
}

// corpusF1Floor is the overall F1 the parser must keep on the corpus.
const corpusF1Floor = 0.95
