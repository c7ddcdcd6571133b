package similar

import (
	"context"
	"sync"
)

// Live is an index that is built in the background from the store while
// the store goes on changing: changes heard during the build are queued and
// applied after it, in order, so a problem edited or deleted mid-build is
// never left in its older state. Searches wait until the build is done.
type Live struct {
	idx   *Index
	ready chan struct{}

	mu       sync.Mutex
	building bool
	queued   []change
	// failed is the build's error, set before ready closes: searches then
	// answer it rather than wait for a build that will not come.
	failed error
}

type change struct {
	doc     Doc
	deleted bool
}

// NewLive returns a live index that is not yet built: call Changed from
// the store's watcher first, then Build.
func NewLive() *Live {
	return &Live{idx: New(), ready: make(chan struct{}), building: true}
}

// Changed records one committed write.
func (l *Live) Changed(d Doc, deleted bool) {
	l.mu.Lock()
	if l.failed != nil {
		l.mu.Unlock()
		return // nobody will read the index; do not queue for ever
	}
	if l.building {
		l.queued = append(l.queued, change{d, deleted})
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	l.apply(change{d, deleted})
}

func (l *Live) apply(c change) {
	if c.deleted {
		l.idx.Remove(c.doc.ID)
	} else {
		l.idx.Put(c.doc)
	}
}

// Build reads every document through each, then applies what changed
// meanwhile and opens the index to searches. It is called once. When each
// fails, searches answer its error from then on.
func (l *Live) Build(each func(put func(Doc)) error) error {
	if err := each(l.idx.Put); err != nil {
		l.mu.Lock()
		l.failed, l.queued, l.building = err, nil, false
		l.mu.Unlock()
		close(l.ready)
		return err
	}
	for {
		l.mu.Lock()
		q := l.queued
		l.queued = nil
		if len(q) == 0 {
			l.building = false
			l.mu.Unlock()
			close(l.ready)
			return nil
		}
		l.mu.Unlock()
		for _, c := range q {
			l.apply(c)
		}
	}
}

// Search waits for the build (or ctx) and searches.
func (l *Live) Search(ctx context.Context, q Query) ([]Hit, error) {
	if err := l.wait(ctx); err != nil {
		return nil, err
	}
	return l.idx.Search(q), nil
}

// wait waits for the build or ctx, and answers the build's error if it
// failed.
func (l *Live) wait(ctx context.Context) error {
	select {
	case <-l.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed
}

// Len is the number of documents indexed so far.
func (l *Live) Len() int { return l.idx.Len() }
