package app

import "rectify/internal/ledger"

// batchStore is what the batch use cases need from storage.
type batchStore interface {
	Scope(u *ledger.User) ledger.Scope
	Batches(scope ledger.Scope) ([]*ledger.Batch, error)
	FindBatch(scope ledger.Scope, id int64) (*ledger.Batch, error)
	CreateBatch(actor *ledger.User, b *ledger.Batch) error
	UpdateBatch(actor *ledger.User, id int64, fn func(*ledger.Batch)) (*ledger.Batch, error)
}

// BatchInput is a batch as a form or a JSON body gives it; nil fields are
// left as they are (on create: defaults). Dates are the raw YYYY-MM-DD text
// so that both front ends share one parser and one error.
type BatchInput struct {
	Title           *string
	SourceType      *string
	BranchID        int64
	StartedOn       *string
	ReviewAfterDays *int
	WarnDays        *int
}

// apply copies the given fields onto b; a window given as 0 is refused
// rather than silently replaced by the default.
func (in *BatchInput) apply(b *ledger.Batch) error {
	if in.Title != nil {
		b.Title = *in.Title
	}
	if in.SourceType != nil {
		b.SourceType = ledger.SourceType(*in.SourceType)
	}
	if in.StartedOn != nil {
		d, err := parseDate("started_on", *in.StartedOn, true)
		if err != nil {
			return err
		}
		b.StartedOn = d
	}
	if in.ReviewAfterDays != nil {
		if *in.ReviewAfterDays == 0 {
			return fieldReason("review_after_days", "field.range", "review_after_days must be 1–3650")
		}
		b.ReviewAfterDays = *in.ReviewAfterDays
	}
	if in.WarnDays != nil {
		if *in.WarnDays == 0 {
			return fieldReason("warn_days", "field.range", "warn_days must be 1–365")
		}
		b.WarnDays = *in.WarnDays
	}
	return nil
}

// Batches lists the batches the actor sees, newest first.
func (s *Service) Batches(actor *ledger.User) ([]*ledger.Batch, error) {
	st := s.st
	return st.Batches(st.Scope(actor))
}

// Batch returns one batch the actor sees.
func (s *Service) Batch(actor *ledger.User, id int64) (*ledger.Batch, error) {
	st := s.st
	return st.FindBatch(st.Scope(actor), id)
}

// CreateBatch adds a batch (问题来源) for a branch the actor manages.
func (s *Service) CreateBatch(actor *ledger.User, in BatchInput) (*ledger.Batch, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	b := &ledger.Batch{BranchID: in.BranchID}
	if err := in.apply(b); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	if err := s.st.CreateBatch(actor, b); err != nil {
		return nil, err
	}
	return b, nil
}

// UpdateBatch changes a batch's title, source, dates and windows; its
// branch stays.
func (s *Service) UpdateBatch(actor *ledger.User, id int64, in BatchInput) (*ledger.Batch, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	st := s.st
	cur, err := st.FindBatch(st.Scope(actor), id)
	if err != nil {
		return nil, err
	}
	// Check the whole result before the store's transaction runs, so a
	// refusal changes nothing.
	next := *cur
	if err := in.apply(&next); err != nil {
		return nil, err
	}
	if err := next.Validate(); err != nil {
		return nil, err
	}
	return st.UpdateBatch(actor, id, func(b *ledger.Batch) { _ = in.apply(b) })
}
