package similar

// minDeadToCompact spares a small index from compacting at every edit.
const minDeadToCompact = 32

// maybeCompactLocked drops the slots and postings of removed and replaced
// documents once they outnumber the live ones. Every edit of a problem
// puts it again, so without this the index would keep each version ever
// written and queries would walk them all. Compacting costs one pass over
// the postings under the write lock, and happens only after as many
// removals as there are live documents, so it is amortised over them.
func (x *Index) maybeCompactLocked() {
	dead := len(x.docs) - x.live
	if dead <= max(x.live, minDeadToCompact) {
		return
	}
	remap := make([]int32, len(x.docs))
	docs := make([]docMeta, 0, x.live)
	oldCategories := x.categories
	x.categories, x.categoryIDs = nil, map[string]int32{}
	for s, d := range x.docs {
		if d.dead {
			remap[s] = -1
			continue
		}
		remap[s] = int32(len(docs))
		x.slot[d.id] = remap[s]
		d.category = x.internNormal(oldCategories[d.category])
		docs = append(docs, d)
	}
	terms := make(map[string]int32, len(x.terms))
	postings := make([]postingList, 0, len(x.postings))
	for g, t := range x.terms {
		var kept postingList
		old := &x.postings[t]
		for i, s := range old.docs {
			if n := remap[s]; n >= 0 {
				kept.docs = append(kept.docs, n)
				kept.tfs = append(kept.tfs, old.tfs[i])
			}
		}
		if len(kept.docs) > 0 {
			terms[g] = int32(len(postings))
			postings = append(postings, kept)
		}
	}
	x.docs, x.terms, x.postings = docs, terms, postings
}
