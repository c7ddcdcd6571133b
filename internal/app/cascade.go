package app

import (
	"slices"

	"rectify/internal/ledger"
)

// cascadeStore is what the 举一反三 use cases read and write.
type cascadeStore interface {
	Today() ledger.Date
	CreateCascade(actor *ledger.User, req ledger.CascadeRequest) (*ledger.Cascade, error)
	AnswerCascade(actor *ledger.User, cascadeID, branchID int64, answer ledger.CascadeAnswer, note string) (*ledger.Cascade, error)
	CascadesOf(scope ledger.Scope, problemID int64) ([]*ledger.Cascade, error)
	WaitingCascades(scope ledger.Scope) ([]*ledger.Cascade, error)
}

// CascadeInput is a 举一反三 as the API and the form send it: the branches
// to ask (or all under the caller), and by when.
type CascadeInput struct {
	BranchIDs []int64 `json:"branch_ids"`
	AllUnder  bool    `json:"all_under"`
	DueOn     string  `json:"due_on"`
}

// StartCascade sends problem id to other branches, each to check itself
// for the same problem by the due date. With AllUnder, every branch the
// caller manages but the problem's own is asked.
func (s *Service) StartCascade(u *ledger.User, problemID int64, in CascadeInput) (*ledger.Cascade, error) {
	if u.Role != ledger.RoleOfficer && u.Role != ledger.RoleAdmin {
		return nil, ledger.Reasonf(ledger.EFORBIDDEN, "role.forbidden", "only an officer starts a 举一反三")
	}
	due, err := ledger.ParseDate(in.DueOn)
	if err != nil {
		return nil, ledger.Reasonf(ledger.EINVALID, "field.date", "due_on must be a date (YYYY-MM-DD)").WithField("due_on")
	}
	if due < s.st.Today() {
		return nil, ledger.Reasonf(ledger.EINVALID, "cascade.due_past", "due_on must not be before today").WithField("due_on")
	}
	scope := s.st.Scope(u)
	p, err := s.st.FindProblem(scope, problemID)
	if err != nil {
		return nil, err
	}
	branches := slices.Clone(in.BranchIDs)
	if in.AllUnder {
		branches = managedBranches(scope, p.BranchID)
	}
	slices.Sort(branches)
	branches = slices.Compact(branches)
	switch {
	case len(branches) == 0:
		return nil, ledger.Reasonf(ledger.EINVALID, "field.required", "choose at least one branch").WithField("branch_ids")
	case len(branches) > ledger.MaxCascadeBranches:
		return nil, ledger.Reasonf(ledger.EINVALID, "field.too_many", "at most %d branches at once", ledger.MaxCascadeBranches).WithField("branch_ids")
	}
	return s.st.CreateCascade(u, ledger.CascadeRequest{SourceProblemID: problemID, BranchIDs: branches, DueOn: due})
}

// managedBranches lists every branch the scope manages but except.
func managedBranches(scope ledger.Scope, except int64) []int64 {
	var out []int64
	for _, id := range scope.Tree.Subtree(scope.Root()) {
		if id != except && scope.Manages(id) {
			out = append(out, id)
		}
	}
	return out
}

// AnswerCascade records a branch's self-check answer: "exists" (存在,
// recorded as a problem of the branch) or "absent" (不存在, with a note).
func (s *Service) AnswerCascade(u *ledger.User, cascadeID, branchID int64, answer, note string) (*ledger.Cascade, error) {
	return s.st.AnswerCascade(u, cascadeID, branchID, ledger.CascadeAnswer(answer), note)
}

// CascadeView is a cascade with its roll-up as of today.
type CascadeView struct {
	*ledger.Cascade
	Rollup ledger.CascadeRollup `json:"rollup"`
}

// CascadesOf lists the 举一反三 started from a problem, with roll-ups.
func (s *Service) CascadesOf(u *ledger.User, problemID int64) ([]CascadeView, error) {
	cs, err := s.st.CascadesOf(s.st.Scope(u), problemID)
	return s.views(cs), err
}

// WaitingCascades lists the self-checks still to answer in the caller's
// scope: a branch officer's 举一反三 to-do.
func (s *Service) WaitingCascades(u *ledger.User) ([]CascadeView, error) {
	cs, err := s.st.WaitingCascades(s.st.Scope(u))
	return s.views(cs), err
}

func (s *Service) views(cs []*ledger.Cascade) []CascadeView {
	today := s.st.Today()
	out := make([]CascadeView, len(cs))
	for i, c := range cs {
		out[i] = CascadeView{Cascade: c, Rollup: c.Rollup(today)}
	}
	return out
}
