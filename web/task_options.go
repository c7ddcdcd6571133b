package web

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"rectify/internal/ledger"
)

// sorts are the orders of the 台账, by query value.
var sorts = []struct{ key, label string }{
	{"seq", "按编号"},
	{"due", "按时限（早→晚）"},
	{"-due", "按时限（晚→早）"},
	{"light", "按红黄绿灯"},
	{"status", "按状态"},
	{"owner", "按责任人"},
}

func sortKey(v string) string {
	for _, s := range sorts {
		if s.key == v {
			return v
		}
	}
	return "seq"
}

var lightRank = map[ledger.Light]int{ledger.LightRed: 0, ledger.LightYellow: 1, ledger.LightGreen: 2, ledger.LightDone: 3}

var statusRank = map[ledger.Status]int{ledger.StatusOpen: 0, ledger.StatusInProgress: 1, ledger.StatusSubmitted: 2, ledger.StatusClosed: 3}

// sortTasks orders tasks by key, then by id so that the order is stable.
// A task without a due date (长期坚持) sorts after every dated one.
func sortTasks(ts []*ledger.Task, key string) {
	due := func(t *ledger.Task) ledger.Date {
		if t.DueOn.IsZero() {
			return 99991231
		}
		return t.DueOn
	}
	by := map[string]func(a, b *ledger.Task) int{
		"due":    func(a, b *ledger.Task) int { return cmp.Compare(due(a), due(b)) },
		"-due":   func(a, b *ledger.Task) int { return cmp.Compare(due(b), due(a)) },
		"light":  func(a, b *ledger.Task) int { return cmp.Compare(lightRank[a.Light], lightRank[b.Light]) },
		"status": func(a, b *ledger.Task) int { return cmp.Compare(statusRank[a.Status], statusRank[b.Status]) },
		"owner":  func(a, b *ledger.Task) int { return strings.Compare(a.OwnerName, b.OwnerName) },
	}[key]
	if by == nil {
		return
	}
	slices.SortStableFunc(ts, func(a, b *ledger.Task) int {
		return cmp.Or(by(a, b), cmp.Compare(a.ID, b.ID))
	})
}

// fillTaskOptions lists the choices of the filter form, marking the
// current ones.
func (h *Handler) fillTaskOptions(scope ledger.Scope, p *tasksPage) error {
	f := p.Filter
	for _, s := range sorts {
		p.Sorts = append(p.Sorts, option{s.key, s.label, s.key == p.Sort})
	}
	p.Statuses = []option{{"", "全部状态", f.Status == ""}}
	for _, s := range ledger.Statuses {
		p.Statuses = append(p.Statuses, option{string(s), s.Label(), s == f.Status})
	}
	p.Lights = []option{{"", "全部", f.Light == ""}}
	// 已销号 is a status, offered by the status filter, not a light.
	for _, l := range []ledger.Light{ledger.LightRed, ledger.LightYellow, ledger.LightGreen} {
		p.Lights = append(p.Lights, option{string(l), l.Label(), l == f.Light})
	}
	batches, err := h.st.Batches(scope)
	if err != nil {
		return err
	}
	p.Batches = []option{{"", "全部批次", f.BatchID == 0}}
	for _, b := range batches {
		p.Batches = append(p.Batches, option{id(b.ID), b.Title, b.ID == f.BatchID})
	}
	users, err := h.st.Users(scope)
	if err != nil {
		return err
	}
	p.Owners = []option{{"", "全部责任人", f.OwnerID == 0}}
	for _, u := range users {
		if u.Role == ledger.RoleMember || u.Role == ledger.RoleOfficer {
			p.Owners = append(p.Owners, option{id(u.ID), u.Name, u.ID == f.OwnerID})
		}
	}
	p.Branches = branchOptions(scope, f.BranchID, "全部单位")
	return nil
}

// branchOptions lists the branches the scope sees, indented by depth.
func branchOptions(scope ledger.Scope, selected int64, all string) []option {
	out := []option{{"", all, selected == 0}}
	ids := scope.Tree.Subtree(scope.Root())
	if len(ids) == 0 {
		return out
	}
	top := scope.Tree.Depth(ids[0])
	for _, b := range ids {
		indent := strings.Repeat("　", max(0, scope.Tree.Depth(b)-top))
		out = append(out, option{id(b), indent + scope.Tree.Get(b).Name, b == selected})
	}
	return out
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
