package jobs

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// digestTitles is each user's digest titles, oldest first.
func (f *fixture) digestTitles() map[string][]string {
	out := map[string][]string{}
	for _, u := range []*ledger.User{f.admin, f.partyOfficer, f.leader, f.officer, f.member, f.leader1, f.officer2, f.member2} {
		ns, err := f.st.Notifications(u.ID, false, 0)
		require.NoError(f.t, err)
		for i := len(ns) - 1; i >= 0; i-- {
			if ns[i].Kind == notify.KindDigest {
				out[u.Login] = append(out[u.Login], ns[i].Title)
			}
		}
	}
	return out
}

func (f *fixture) row(key string) *store.OutboxRow {
	f.t.Helper()
	for _, r := range f.deliveries() {
		if r.Key == key {
			return r
		}
	}
	f.t.Fatalf("no outbox row %s", key)
	return nil
}

func TestTheWeeklyDigestSummarisesEachReadersScope(t *testing.T) {
	f := newFixture(t, "2026-11-16")
	robot := f.channel(f.party.ID, store.ChannelWeCom, "https://robot.example/send?key=k")
	f.channel(f.first.ID, store.ChannelEmail, "")
	mail := "li@example.gov.cn"
	_, err := f.st.UpdateUser(f.admin, f.officer.ID, store.UserUpdate{Email: &mail})
	require.NoError(t, err)
	short := &ledger.Batch{Title: "专项督查", SourceType: ledger.SourceSupervision, BranchID: f.party.ID,
		StartedOn: day("2026-11-01"), ReviewAfterDays: 10}
	require.NoError(t, f.st.CreateBatch(f.partyOfficer, short))
	problem3 := &ledger.Problem{BatchID: short.ID, BranchID: f.first.ID, Description: "台账不规范"}
	require.NoError(t, f.st.CreateProblem(f.officer, problem3))

	a := f.task(f.problem1, f.member.ID, "2026-11-25") // overdue since 11-26: new that week
	b := f.task(f.problem1, f.member.ID, "2026-12-02") // due in the week of 11-30
	f.task(f.problem1, f.member.ID, "2026-11-10")      // overdue long before: not new
	f.task(f.problem1, f.member.ID, "2026-12-20")      // later
	e := f.task(problem3, f.member.ID, "2026-12-31")   // closed 11-24, 回头看 due 12-04
	g := f.task(f.problem2, f.member2.ID, "2026-11-27")

	assert.Equal(t, 6, f.run(NameDigest, "2026-11-23 08:00"), "five staff and one robot")
	f.on("2026-11-24")
	f.closeTask(e)

	assert.Equal(t, 6, f.run(NameDigest, "2026-11-30 08:00"))
	assert.Equal(t, 0, f.run(NameDigest, "2026-12-02 08:00"), "one digest a week")
	// The week of 11-23: a (11-25) is due in 第一支部, g (11-27) in 第二支部.
	one, two := "整改周报：新增逾期0项 本周到期1项 待回头看0项 完成率0.0%", "整改周报：新增逾期0项 本周到期2项 待回头看0项 完成率0.0%"
	assert.Equal(t, map[string][]string{
		"wang": {two, "整改周报：新增逾期2项 本周到期1项 待回头看1项 完成率16.7%（较上周+16.7）"},
		"zhao": {two, "整改周报：新增逾期2项 本周到期1项 待回头看1项 完成率16.7%（较上周+16.7）"},
		"li":   {one, "整改周报：新增逾期1项 本周到期1项 待回头看1项 完成率20.0%（较上周+20.0）"},
		"sun":  {one, "整改周报：新增逾期1项 本周到期1项 待回头看1项 完成率20.0%（较上周+20.0）"},
		"chen": {one, "整改周报：新增逾期1项 本周到期0项 待回头看0项 完成率0.0%（较上周+0.0）"},
	}, f.digestTitles(), "members get none")

	ch := f.row(fmt.Sprintf("digest:channel:%d:2026-11-30", robot.ID))
	assert.Equal(t, "整改周报：新增逾期2项 本周到期1项 待回头看1项 完成率16.7%（较上周+16.7）", ch.Title)
	assert.Equal(t, []store.DigestItem{
		{Kind: notify.KindOverdue, TaskID: a.ID, Branch: "第一支部", DueOn: day("2026-11-25"), Light: ledger.LightRed, DaysOverdue: 5},
		{Kind: notify.KindOverdue, TaskID: g.ID, Branch: "第二支部", DueOn: day("2026-11-27"), Light: ledger.LightRed, DaysOverdue: 3},
		{Kind: notify.KindDueSoon, TaskID: b.ID, Branch: "第一支部", DueOn: day("2026-12-02"), Light: ledger.LightYellow},
		{Kind: notify.KindReviewDue, TaskID: e.ID, Branch: "第一支部", DueOn: day("2026-12-04"), Light: ledger.LightDone},
	}, ch.Items)
	mailRow := f.row(fmt.Sprintf("digest:email:%d:2026-11-30", f.officer.ID))
	assert.Equal(t, store.TargetEmail, mailRow.Target)
	assert.Len(t, mailRow.Items, 3, "李委员's scope: 第一支部")
	for _, r := range f.deliveries() {
		if r.Target == store.TargetEmail {
			assert.Equal(t, f.officer.ID, r.UserID, "mail only to 李委员, who has an address")
		}
	}
}
