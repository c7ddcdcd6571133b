package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/app"
	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type similarFixture struct {
	st  *store.Store
	svc *app.Service
}

// openSimilarDemo opens the demo ledger with the index built as a server
// builds it: watching first, then reading every problem.
func openSimilarDemo(t *testing.T) *similarFixture {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, demo.LoadWithoutEffect(st))
	live, done := app.StartSimilar(st, nil)
	require.NoError(t, <-done)
	svc := app.New(st, time.Now)
	svc.UseSimilar(live)
	return &similarFixture{st: st, svc: svc}
}

func (f *similarFixture) user(t *testing.T, login string) *ledger.User {
	u, _, err := f.st.FindUserByLogin(login)
	require.NoError(t, err)
	return u
}

func (f *similarFixture) addProblem(t *testing.T, branch, category, text string) *ledger.Problem {
	admin := &ledger.User{Role: ledger.RoleAdmin, Login: "system"}
	bs, err := f.st.Batches(f.st.Scope(admin))
	require.NoError(t, err)
	p := &ledger.Problem{BatchID: bs[0].ID, BranchID: f.branchID(t, branch), Category: category, Description: text}
	require.NoError(t, f.st.CreateProblem(admin, p))
	return p
}

func (f *similarFixture) branchID(t *testing.T, name string) int64 {
	tree := f.st.Tree()
	for _, id := range tree.All() {
		if tree.Get(id).Name == name {
			return id
		}
	}
	t.Fatalf("no branch %s", name)
	return 0
}

func TestSimilarProblemsNeverLeaveTheCallersSubtree(t *testing.T) {
	f := openSimilarDemo(t)
	ctx := context.Background()
	// The same problem in two branches: a member of 办公室党支部 sees only
	// his own branch's, the 机关党委 officer both.
	mine := f.addProblem(t, "办公室党支部", "组织建设方面", "党费收缴不及时，部分党员连续三个月未交纳党费")
	theirs := f.addProblem(t, "财务审计党支部", "组织建设方面", "党费收缴不规范，个别党员未按月交纳党费")

	member := f.user(t, "zhangsan")
	items, err := f.svc.SimilarToText(ctx, member, app.SimilarQuery{Text: "党员未按时交纳党费", Limit: 50})
	require.NoError(t, err)
	require.NotEmpty(t, items)
	memberScope := f.st.Scope(member)
	for _, it := range items {
		assert.True(t, memberScope.Sees(it.BranchID), "problem %d of branch %d is outside the member's scope", it.ProblemID, it.BranchID)
		assert.NotEqual(t, theirs.ID, it.ProblemID)
	}
	assert.Equal(t, mine.ID, items[0].ProblemID)

	officer := f.user(t, "jiwei")
	items, err = f.svc.SimilarToProblem(ctx, officer, mine.ID, 5)
	require.NoError(t, err)
	require.NotEmpty(t, items)
	assert.Equal(t, theirs.ID, items[0].ProblemID, "the other branch's 党费 problem is the best match")
	assert.False(t, items[0].SameBranch)
	for _, it := range items {
		assert.NotEqual(t, mine.ID, it.ProblemID, "never the problem itself")
	}
}

func TestAProblemOutsideTheScopeIsNotFoundAndAnEditIsSeenAtOnce(t *testing.T) {
	f := openSimilarDemo(t)
	ctx := context.Background()
	theirs := f.addProblem(t, "财务审计党支部", "财务管理方面", "报销票据审核不严，存在白条入账")
	_, err := f.svc.SimilarToProblem(ctx, f.user(t, "zhangsan"), theirs.ID, 5)
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))

	officer := f.user(t, "jiwei")
	_, err = f.st.UpdateProblem(&ledger.User{Role: ledger.RoleAdmin}, theirs.ID, func(p *ledger.Problem) {
		p.Description = "涉密计算机违规连接互联网"
	})
	require.NoError(t, err)
	items, err := f.svc.SimilarToText(ctx, officer, app.SimilarQuery{Text: "涉密计算机连接互联网"})
	require.NoError(t, err)
	require.NotEmpty(t, items)
	assert.Equal(t, theirs.ID, items[0].ProblemID)
	assert.Equal(t, "涉密计算机违规连接互联网", items[0].Description)
}

func TestSimilarQueriesRefuseBadInput(t *testing.T) {
	f := openSimilarDemo(t)
	ctx := context.Background()
	officer := f.user(t, "jiwei")
	_, err := f.svc.SimilarToText(ctx, officer, app.SimilarQuery{Text: "  "})
	assert.Equal(t, "text", ledger.ErrorField(err))
	_, err = f.svc.SimilarToText(ctx, officer, app.SimilarQuery{Text: "党费", Limit: 51})
	assert.Equal(t, "limit", ledger.ErrorField(err))
	_, err = f.svc.SimilarToText(ctx, officer, app.SimilarQuery{Text: string(make([]rune, 2001))})
	assert.Equal(t, "text", ledger.ErrorField(err))
	_, err = f.svc.SimilarToText(ctx, f.user(t, "zhangsan"), app.SimilarQuery{Text: "党费", BranchID: f.branchID(t, "财务审计党支部")})
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
}
