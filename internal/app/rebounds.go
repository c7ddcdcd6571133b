package app

import (
	"context"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/similar"
)

// reboundStore is what the rebound use cases read and write.
type reboundStore interface {
	ReboundChecked() (int64, error)
	ProblemsAfter(after int64, limit int) ([]*ledger.Problem, error)
	FlagRebounds(checkedUpTo int64, flags []*ledger.Rebound) error
	DecideRebound(actor *ledger.User, id int64, confirm bool, note string) (*ledger.Rebound, error)
	ReboundsOf(scope ledger.Scope, problemID int64, status ledger.ReboundStatus) ([]*ledger.Rebound, error)
	Location() *time.Location
}

// reboundBatch is how many new problems one pass of the check reads.
const reboundBatch = 500

// CheckRebounds reads the problems written since the last check and flags
// each that reads like (score ≥ similar.FlagThreshold) an earlier problem
// of the same branch closed within ledger.ReboundWindowDays. The flags
// and the check's mark move in one transaction, so a crash repeats a pass
// and never loses or doubles one. It answers how many flags it wrote.
func (s *Service) CheckRebounds(ctx context.Context) (int, error) {
	if s.similar == nil {
		return 0, nil
	}
	flagged := 0
	for {
		after, err := s.st.ReboundChecked()
		if err != nil {
			return flagged, err
		}
		ps, err := s.st.ProblemsAfter(after, reboundBatch)
		if err != nil || len(ps) == 0 {
			return flagged, err
		}
		var flags []*ledger.Rebound
		for _, p := range ps {
			fs, err := s.reboundsOf(ctx, p)
			if err != nil {
				return flagged, err
			}
			flags = append(flags, fs...)
		}
		if err := s.st.FlagRebounds(ps[len(ps)-1].ID, flags); err != nil {
			return flagged, err
		}
		flagged += len(flags)
	}
}

// reboundsOf finds the earlier closed problems of p's branch that p may be
// the return of.
func (s *Service) reboundsOf(ctx context.Context, p *ledger.Problem) ([]*ledger.Rebound, error) {
	hits, err := s.similar.Search(ctx, similar.Query{Text: p.Description, Category: p.Category, Exclude: p.ID, Below: p.ID,
		Allow: func(b int64) bool { return b == p.BranchID }, Limit: 10})
	if err != nil {
		return nil, err
	}
	var earlier []similar.Hit
	var ids []int64
	for _, h := range hits {
		if h.Score >= similar.FlagThreshold {
			earlier = append(earlier, h)
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	closures, err := s.st.ProblemClosures(ids)
	if err != nil {
		return nil, err
	}
	since := ledger.DateOf(p.CreatedAt.In(s.st.Location())).AddDays(-ledger.ReboundWindowDays)
	var out []*ledger.Rebound
	for _, h := range earlier {
		if c := closures[h.ID]; c.Closed && c.ClosedOn >= since {
			out = append(out, &ledger.Rebound{ProblemID: p.ID, EarlierProblemID: h.ID, BranchID: p.BranchID,
				Score: round3(h.Score), Source: ledger.ReboundSimilar, Status: ledger.ReboundPending})
		}
	}
	return out, nil
}

// RunReboundChecks runs CheckRebounds whenever wake fires (a problem was
// written) and at least every interval, until ctx ends; errors are handed
// to report and the loop goes on.
func (s *Service) RunReboundChecks(ctx context.Context, wake <-chan struct{}, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.CheckRebounds(ctx); err != nil && ctx.Err() == nil {
			report(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
	}
}

// DecideRebound confirms or dismisses a flagged rebound; dismissing needs
// a note.
func (s *Service) DecideRebound(u *ledger.User, id int64, confirm bool, note string) (*ledger.Rebound, error) {
	return s.st.DecideRebound(u, id, confirm, note)
}

// Rebounds lists the flags on a problem (either side of the link), or
// with problemID 0 every flag in the caller's scope with the status.
func (s *Service) Rebounds(u *ledger.User, problemID int64, status ledger.ReboundStatus) ([]*ledger.Rebound, error) {
	switch status {
	case "", ledger.ReboundPending, ledger.ReboundConfirmed, ledger.ReboundDismissed:
	default:
		return nil, ledger.Reasonf(ledger.EINVALID, "field.invalid", "status must be pending, confirmed or dismissed").WithField("status")
	}
	scope := s.st.Scope(u)
	if problemID != 0 {
		if _, err := s.st.FindProblem(scope, problemID); err != nil {
			return nil, err
		}
	}
	return s.st.ReboundsOf(scope, problemID, status)
}
