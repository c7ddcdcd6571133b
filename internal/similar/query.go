package similar

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Query is what to look for.
type Query struct {
	Text     string
	Category string
	// Exclude is a problem never returned (the one being compared).
	Exclude int64
	// Allow says whether a branch is in the caller's scope; nil allows all.
	Allow func(branchID int64) bool
	// Below, when set, admits only documents with a lower ID (recorded
	// earlier), before ranking, so later ones cannot crowd them out.
	Below int64
	Limit int
}

// Hit is one similar problem, with a score in [0, 1]: 1 is the query's own
// text, 0 nothing in common.
type Hit struct {
	ID       int64
	BranchID int64
	BatchID  int64
	Score    float64
}

// MinScore is the least score worth showing: below it two texts share a
// character or two of official prose and nothing else.
const MinScore = 0.05

// FlagThreshold is the score at which two problems are flagged as possibly
// the same (a rebound for an officer to confirm): on the labelled set, 84 %
// of the pairs at or above it are the same subject, and half of all
// same-subject pairs reach it (TestFlagThresholdOnTheLabelledSet).
const FlagThreshold = 0.2

// maxQueryTerms bounds the distinct grams a query walks.
const maxQueryTerms = 400

// maxLimit bounds the hits a query returns.
const maxLimit = 100

type weighted struct {
	term   int32
	weight float64
}

// Search returns the best matches of q, best first.
func (x *Index) Search(q Query) []Hit {
	limit := min(max(q.Limit, 1), maxLimit)
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.live == 0 {
		return nil
	}
	terms, self := x.queryTerms(q)
	if self == 0 {
		return nil
	}
	acc := x.accumulate(terms)
	hits := x.top(acc, q, limit, self)
	x.scratch.Put(acc)
	return hits
}

// queryTerms weighs the query's grams by BM25's idf, boilerplate and
// category damped; self is the score the query's own text would get as a
// document, the yardstick that turns scores into [0, 1].
func (x *Index) queryTerms(q Query) ([]weighted, float64) {
	text := map[string]int{}
	grams(q.Text, maxQueryRunes, text)
	addConcepts(truncateRunes(q.Text, maxQueryRunes), text)
	cat := map[string]int{}
	grams(q.Category, 200, cat)
	qlen := 0
	for _, c := range text {
		qlen += c
	}
	for g := range cat {
		if text[g] == 0 {
			qlen++
		}
	}
	n := float64(x.live)
	norm := k1 * (1 - b + b*float64(qlen)/(x.totalLen/max(n, 1)))
	var out []weighted
	self := 0.0
	add := func(g string, tf int, w float64) {
		t, ok := x.terms[g]
		if !ok || len(out) >= maxQueryTerms {
			return
		}
		w *= termWeight(g) * x.idf(t, n)
		out = append(out, weighted{t, w})
		f := float64(tf)
		self += w * f * (k1 + 1) / (f + norm)
	}
	for g, tf := range text {
		add(g, tf, 1)
	}
	for g := range cat {
		if text[g] == 0 {
			add(g, 1, categoryWeight)
		}
	}
	return out, self
}

// idf is BM25's inverse document frequency. Postings of removed documents
// still count in df until a rebuild, so df may exceed the live count: the
// numerator is clamped, keeping every weight positive.
func (x *Index) idf(t int32, n float64) float64 {
	df := float64(len(x.postings[t].docs))
	return math.Log(1 + (max(n-df, 0)+0.5)/(df+0.5))
}

// termWeight damps boilerplate pairs and single characters and lifts
// concepts of the 纪检 vocabulary.
func termWeight(g string) float64 {
	switch {
	case strings.HasPrefix(g, conceptPrefix):
		return conceptWeight
	case boilerplate[g]:
		return boilerplateWeight
	case utf8.RuneCountInString(g) == 1:
		return unigramWeight
	}
	return 1
}

// accumulator sums the scores of the documents a query touches; the list
// of touched slots spares a scan of every document.
type accumulator struct {
	score   []float32
	touched []int32
}

func (x *Index) accumulate(terms []weighted) *accumulator {
	acc, _ := x.scratch.Get().(*accumulator)
	if acc == nil || len(acc.score) < len(x.docs) {
		acc = &accumulator{score: make([]float32, len(x.docs)+len(x.docs)/4)}
	}
	avg := float32(x.totalLen / float64(max(x.live, 1)))
	if avg == 0 {
		avg = 1
	}
	for _, w := range terms {
		pl := &x.postings[w.term]
		for i, s := range pl.docs {
			d := &x.docs[s]
			if d.dead {
				continue
			}
			f := float32(pl.tfs[i])
			v := float32(w.weight) * f * (k1 + 1) / (f + k1*(1-b+b*d.length/avg))
			if acc.score[s] == 0 {
				acc.touched = append(acc.touched, s)
			}
			acc.score[s] += v
		}
	}
	return acc
}

// top picks the best limit hits in scope and clears the accumulator for
// its next use.
func (x *Index) top(acc *accumulator, q Query, limit int, self float64) []Hit {
	var hits []Hit
	for _, s := range acc.touched {
		v := acc.score[s]
		acc.score[s] = 0
		d := &x.docs[s]
		score := min(float64(v)/self, 1)
		if score < MinScore || d.id == q.Exclude || (q.Below != 0 && d.id >= q.Below) || (q.Allow != nil && !q.Allow(d.branch)) {
			continue
		}
		hits = pushTop(hits, Hit{ID: d.id, BranchID: d.branch, BatchID: d.batch, Score: score}, limit)
	}
	acc.touched = acc.touched[:0]
	sort.Slice(hits, func(i, j int) bool { return better(hits[i], hits[j]) })
	return hits
}

func better(a, b Hit) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ID < b.ID
}

// pushTop keeps the limit best hits; limit is small (≤ 100), so a linear
// replacement of the worst beats a heap's bookkeeping.
func pushTop(hits []Hit, h Hit, limit int) []Hit {
	if len(hits) < limit {
		return append(hits, h)
	}
	worst := 0
	for i := range hits {
		if better(hits[worst], hits[i]) {
			worst = i
		}
	}
	if better(h, hits[worst]) {
		hits[worst] = h
	}
	return hits
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n--; n < 0 {
			return s[:i]
		}
	}
	return s
}
