// Package demo loads a realistic demo ledger — a 机关党委 with its 支部,
// two batches, a few dozen problems and measures in every state — so a new
// installation has something to show.
package demo

import (
	"fmt"
	"os"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// Password is the password of every demo user unless
// RECTIFY_DEMO_PASSWORD sets another.
const Password = "rectify-demo"

var admin = &ledger.User{ID: 0, Login: "system", Role: ledger.RoleAdmin}

// Load fills an empty ledger; a ledger that already has batches is left
// alone, so restarting with --demo changes nothing.
func Load(st *store.Store) error { return load(st, true) }

// LoadWithoutEffect is Load without the 举一反三 and the rebound flag, for
// tests that count those from none.
func LoadWithoutEffect(st *store.Store) error { return load(st, false) }

func load(st *store.Store, effect bool) error {
	if bs, err := st.Batches(st.Scope(admin)); err != nil || len(bs) > 0 {
		return err
	}
	pw := os.Getenv("RECTIFY_DEMO_PASSWORD")
	if pw == "" {
		pw = Password
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	l := &loader{st: st, hash: hash, today: st.Today(), users: map[string]*ledger.User{}, branches: map[string]int64{}}
	steps := []func() error{l.makeBranches, l.makeUsers, l.makeBatches, l.makeLedger}
	if effect {
		steps = append(steps, l.makeEffect)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type loader struct {
	st       *store.Store
	hash     string
	today    ledger.Date
	users    map[string]*ledger.User
	branches map[string]int64
	batches  []*ledger.Batch
}

func (l *loader) makeBranches() error {
	tree := []struct{ name, parent string }{
		{"市直机关党委", ""},
		{"办公室党支部", "市直机关党委"},
		{"综合业务党总支", "市直机关党委"},
		{"业务一科党支部", "综合业务党总支"},
		{"业务二科党支部", "综合业务党总支"},
		{"财务审计党支部", "市直机关党委"},
		{"离退休干部党支部", "市直机关党委"},
	}
	for _, b := range tree {
		br := &ledger.Branch{Name: b.name, ParentID: l.branches[b.parent]}
		if err := l.st.CreateBranch(admin, br); err != nil {
			return fmt.Errorf("branch %s: %w", b.name, err)
		}
		l.branches[b.name] = br.ID
	}
	return nil
}

func (l *loader) makeUsers() error {
	people := []struct {
		login, name string
		role        ledger.Role
		branch      string
	}{
		{"jiwei", "周纪委", ledger.RoleOfficer, "市直机关党委"},
		{"lingdao", "郑书记", ledger.RoleLeader, "市直机关党委"},
		{"bgs_jw", "吴委员", ledger.RoleOfficer, "办公室党支部"},
		{"zhangsan", "张三", ledger.RoleMember, "办公室党支部"},
		{"lisi", "李四", ledger.RoleMember, "办公室党支部"},
		{"wangwu", "王五", ledger.RoleMember, "业务一科党支部"},
		{"zhaoliu", "赵六", ledger.RoleMember, "业务一科党支部"},
		{"sunqi", "孙七", ledger.RoleMember, "业务二科党支部"},
		{"zhouba", "周八", ledger.RoleMember, "财务审计党支部"},
		{"wujiu", "吴九", ledger.RoleMember, "财务审计党支部"},
		{"zhengshi", "郑十", ledger.RoleMember, "离退休干部党支部"},
	}
	for _, p := range people {
		u := &ledger.User{Login: p.login, Name: p.name, Role: p.role, BranchID: l.branches[p.branch]}
		if err := l.st.CreateUser(admin, u, l.hash); err != nil {
			return fmt.Errorf("user %s: %w", p.login, err)
		}
		l.users[p.login] = u
	}
	return nil
}

func (l *loader) makeBatches() error {
	for _, b := range []*ledger.Batch{
		{Title: "市委第三巡察组反馈意见整改", SourceType: ledger.SourcePatrol, BranchID: l.branches["市直机关党委"],
			StartedOn: l.today.AddDays(-75), ReviewAfterDays: 90, WarnDays: 7},
		{Title: "2025年度组织生活会查摆问题整改", SourceType: ledger.SourceOrgLife, BranchID: l.branches["市直机关党委"],
			StartedOn: l.today.AddDays(-200), ReviewAfterDays: 60, WarnDays: 10},
	} {
		if err := l.st.CreateBatch(admin, b); err != nil {
			return err
		}
		l.batches = append(l.batches, b)
	}
	return nil
}
