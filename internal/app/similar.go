package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"rectify/internal/ledger"
	"rectify/internal/similar"
)

// similarStore is what the similar-problem use cases read.
type similarStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindProblem(scope ledger.Scope, id int64) (*ledger.Problem, error)
	ProblemClosures(ids []int64) (map[int64]ledger.ProblemClosure, error)
}

// Limits of a similar-problem query.
const (
	similarDefaultLimit = 10
	similarMaxLimit     = 50
	similarMaxText      = 2000 // characters of typed text read
)

// SimilarProblem is one problem that reads like the one asked about.
type SimilarProblem struct {
	ProblemID   int64   `json:"problem_id"`
	BranchID    int64   `json:"branch_id"`
	BatchID     int64   `json:"batch_id"`
	Category    string  `json:"category"`
	Description string  `json:"description"`
	Score       float64 `json:"score"`
	SameBranch  bool    `json:"same_branch"`
	Closed      bool    `json:"closed"`
}

// SimilarQuery asks for problems like a text being typed: BranchID, when
// set, is the branch the new problem is for (same_branch is relative to
// it; otherwise to the caller's own branch).
type SimilarQuery struct {
	Text     string `json:"text"`
	Category string `json:"category"`
	BranchID int64  `json:"branch_id"`
	Limit    int    `json:"limit"`
}

// UseSimilar gives the service its similar-problem index.
func (s *Service) UseSimilar(l *similar.Live) { s.similar = l }

// SimilarToProblem lists the problems in the caller's scope most like
// problem id (never id itself), best first.
func (s *Service) SimilarToProblem(ctx context.Context, u *ledger.User, id int64, limit int) ([]SimilarProblem, error) {
	scope := s.st.Scope(u)
	p, err := s.st.FindProblem(scope, id)
	if err != nil {
		return nil, err
	}
	q := similar.Query{Text: p.Description, Category: p.Category, Exclude: p.ID, Limit: limit}
	return s.searchSimilar(ctx, scope, q, p.BranchID)
}

// SimilarToText lists the problems in the caller's scope most like a text.
func (s *Service) SimilarToText(ctx context.Context, u *ledger.User, in SimilarQuery) ([]SimilarProblem, error) {
	scope := s.st.Scope(u)
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return nil, ledger.Reasonf(ledger.EINVALID, "field.required", "text is required").WithField("text")
	}
	if utf8.RuneCountInString(text) > similarMaxText {
		return nil, ledger.Reasonf(ledger.EINVALID, "field.too_long", "text must be at most %d characters", similarMaxText).WithField("text")
	}
	branch := in.BranchID
	if branch == 0 {
		branch = u.BranchID
	} else if !scope.Sees(branch) {
		return nil, ledger.Reasonf(ledger.ENOTFOUND, "branch.not_found", "branch not found").WithField("branch_id")
	}
	q := similar.Query{Text: text, Category: in.Category, Limit: in.Limit}
	return s.searchSimilar(ctx, scope, q, branch)
}

func (s *Service) searchSimilar(ctx context.Context, scope ledger.Scope, q similar.Query, branch int64) ([]SimilarProblem, error) {
	if q.Limit < 0 || q.Limit > similarMaxLimit {
		return nil, ledger.Reasonf(ledger.EINVALID, "field.out_of_range", "limit must be between 1 and %d", similarMaxLimit).WithField("limit")
	}
	if q.Limit == 0 {
		q.Limit = similarDefaultLimit
	}
	if s.similar == nil {
		return nil, ledger.Errorf(ledger.EINTERNAL, "similar-problem index not configured")
	}
	q.Allow = scope.Sees
	hits, err := s.similar.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.similarItems(scope, hits, branch)
}

// similarItems reads each hit's problem again through the scope, so the
// answer shows the problem as it is now and nothing the caller may not see.
func (s *Service) similarItems(scope ledger.Scope, hits []similar.Hit, branch int64) ([]SimilarProblem, error) {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	closures, err := s.st.ProblemClosures(ids)
	if err != nil {
		return nil, err
	}
	out := make([]SimilarProblem, 0, len(hits))
	for _, h := range hits {
		p, err := s.st.FindProblem(scope, h.ID)
		if ledger.ErrorCode(err) == ledger.ENOTFOUND {
			continue // deleted since it was indexed, or out of scope
		} else if err != nil {
			return nil, err
		}
		out = append(out, SimilarProblem{ProblemID: p.ID, BranchID: p.BranchID, BatchID: p.BatchID,
			Category: p.Category, Description: p.Description, Score: round3(h.Score),
			SameBranch: p.BranchID == branch, Closed: closures[p.ID].Closed})
	}
	return out, nil
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// SimilarDoc is how a problem enters the similar-problem index.
func SimilarDoc(p *ledger.Problem) similar.Doc {
	return similar.Doc{ID: p.ID, BranchID: p.BranchID, BatchID: p.BatchID, Category: p.Category, Text: p.Description}
}

// similarFeed is the store as the index's source.
type similarFeed interface {
	WatchProblems(w func(p *ledger.Problem, deleted bool))
	EachProblem(fn func(*ledger.Problem) error) error
}

// StartSimilar watches the store's problem writes and builds the index
// from every problem in the background, so start-up does not wait for it;
// a query made before the build is done waits for it. A failed build is
// reported on done. Each write also wakes written, when given, without
// ever blocking the writer (the rebound check listens there).
func StartSimilar(st similarFeed, written chan<- struct{}) (live *similar.Live, done <-chan error) {
	live = similar.NewLive()
	st.WatchProblems(func(p *ledger.Problem, deleted bool) {
		live.Changed(SimilarDoc(p), deleted)
		if written != nil {
			select {
			case written <- struct{}{}:
			default:
			}
		}
	})
	ch := make(chan error, 1)
	go func() {
		ch <- live.Build(func(put func(similar.Doc)) error {
			return st.EachProblem(func(p *ledger.Problem) error {
				put(SimilarDoc(p))
				return nil
			})
		})
	}()
	return live, ch
}
