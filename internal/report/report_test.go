package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/report"
	"rectify/internal/store"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) set(day string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := mustDate(day).Time()
	c.now = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, time.UTC)
}

func mustDate(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type fixture struct {
	st                      *store.Store
	admin, officer          *ledger.User
	party, first, second    *ledger.Branch
	batch                   *ledger.Batch
	member1, member2        *ledger.User
	closedOK, rebound, late *ledger.Task
}

// newFixture records a batch through spring 2026: a measure closed and
// consolidated, one closed and found rebounded, one extended, one asking
// for an extension, one overdue with progress, one untouched.
func newFixture(t *testing.T) *fixture {
	c := &clock{}
	c.set("2026-03-01")
	st, err := store.Open(t.TempDir(), store.Options{Now: c.Now, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Check()); require.NoError(t, st.Close()) })
	f := &fixture{st: st, admin: &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}}
	require.NoError(t, st.CreateUser(nil, f.admin, "x"))
	branch := func(parent int64, name string) *ledger.Branch {
		b := &ledger.Branch{ParentID: parent, Name: name}
		require.NoError(t, st.CreateBranch(f.admin, b))
		return b
	}
	user := func(login, name string, role ledger.Role, b int64) *ledger.User {
		u := &ledger.User{Login: login, Name: name, Role: role, BranchID: b}
		require.NoError(t, st.CreateUser(f.admin, u, "x"))
		return u
	}
	f.party, f.first, f.second = branch(0, "机关党委"), nil, nil
	f.first, f.second = branch(f.party.ID, "第一党支部"), branch(f.party.ID, "第二党支部")
	f.officer = user("jw", "纪委员", ledger.RoleOfficer, f.party.ID)
	f.member1, f.member2 = user("zs", "张三", ledger.RoleMember, f.first.ID), user("ls", "李四", ledger.RoleMember, f.second.ID)
	f.batch = &ledger.Batch{Title: "市委巡察反馈意见整改", SourceType: ledger.SourcePatrol, BranchID: f.party.ID,
		StartedOn: mustDate("2026-03-01"), ReviewAfterDays: 30}
	require.NoError(t, st.CreateBatch(f.officer, f.batch))
	problem := func(b int64, desc string) *ledger.Problem {
		p := &ledger.Problem{BatchID: f.batch.ID, BranchID: b, Description: desc}
		require.NoError(t, st.CreateProblem(f.officer, p))
		return p
	}
	task := func(p *ledger.Problem, desc string, owner int64, due string) *ledger.Task {
		task := &ledger.Task{ProblemID: p.ID, Description: desc, OwnerID: owner, DueOn: mustDate(due)}
		require.NoError(t, st.CreateTask(f.officer, task))
		return task
	}
	p1 := problem(f.first.ID, "会议记录<不规范> & 不完整\x01")
	p2 := problem(f.second.ID, "党费收缴不及时")
	f.closedOK = task(p1, "补齐会议记录", f.member1.ID, "2026-03-31")
	f.rebound = task(p1, "建立记录检查制度", f.member1.ID, "2026-03-31")
	extended := task(p1, "开展专项检查", f.member1.ID, "2026-04-30")
	asking := task(p2, "建立党费台账", f.member2.ID, "2026-06-30")
	f.late = task(p2, "补缴党费", f.member2.ID, "2026-05-31")
	task(p2, "公示收缴情况", f.member2.ID, "2026-09-30")

	c.set("2026-03-20")
	for _, id := range []int64{f.closedOK.ID, f.rebound.ID} {
		_, err = st.Submit(f.member1, id, "已完成")
		require.NoError(t, err)
		_, err = st.Approve(f.officer, id, "")
		require.NoError(t, err)
	}
	_, err = st.RequestExtension(f.member1, extended.ID, mustDate("2026-07-31"), "检查组人员抽调")
	require.NoError(t, err)
	_, err = st.DecideExtension(f.officer, extended.ID, true, "")
	require.NoError(t, err)
	c.set("2026-06-10")
	_, err = st.AddProgress(f.member2, f.late.ID, "已收缴八成", 80)
	require.NoError(t, err)
	_, err = st.RequestExtension(f.member2, asking.ID, mustDate("2026-08-31"), "财务系统升级")
	require.NoError(t, err)
	reviews, err := st.Reviews(st.Scope(f.admin), store.ReviewFilter{})
	require.NoError(t, err)
	for _, r := range reviews {
		outcome, note, due := ledger.OutcomeConsolidated, "", ledger.Date(0)
		if r.TaskID == f.rebound.ID {
			outcome, note, due = ledger.OutcomeRebound, "检查流于形式", mustDate("2026-07-15")
		}
		_, err = st.DecideReview(f.officer, r.ID, outcome, note, due)
		require.NoError(t, err)
	}
	c.set("2026-06-15")
	return f
}

// write renders the report for a user and returns the file's parts.
func (f *fixture) write(t *testing.T, u *ledger.User, branch int64) (report.Summary, map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.Write(&buf, f.st, report.Options{Scope: f.st.Scope(u), Batch: f.batch, BranchID: branch,
		Unit: "机关党委", Today: f.st.Today(), Now: f.st.Now()})
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		parts[zf.Name] = string(b)
	}
	return sum, parts
}

// paragraphs returns the text of each w:p of document.xml, failing on
// XML that is not well-formed.
func paragraphs(t *testing.T, doc string) []string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	var out []string
	var cur strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err, "document.xml is well-formed")
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "t"
			if e.Name.Local == "br" {
				cur.WriteString("\n")
			}
		case xml.EndElement:
			inText = false
			if e.Name.Local == "p" {
				out = append(out, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(e)
			}
		}
	}
}

func TestReportIsAWellFormedWordPackage(t *testing.T) {
	f := newFixture(t)
	_, parts := f.write(t, f.admin, 0)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/_rels/document.xml.rels", "word/fontTable.xml", "word/settings.xml", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml"} {
		require.Contains(t, parts, name)
		dec := xml.NewDecoder(strings.NewReader(parts[name]))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, name)
		}
	}
	assert.Contains(t, parts["word/styles.xml"], `w:eastAsia="仿宋_GB2312"`)
	assert.Contains(t, parts["word/fontTable.xml"], `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`)
	assert.Contains(t, parts["word/document.xml"], "<w:tbl>")
	assert.Contains(t, parts["word/document.xml"], "会议记录&lt;不规范&gt; &amp; 不完整", "text is escaped and control characters dropped")
}

func TestReportShowsTotalsBranchesOpenItemsAndLookBacks(t *testing.T) {
	f := newFixture(t)
	sum, parts := f.write(t, f.admin, 0)
	assert.Equal(t, report.Summary{Tasks: 6, Open: 5, Rebounds: 1}, sum)
	text := strings.Join(paragraphs(t, parts["word/document.xml"]), "\n")
	for _, want := range []string{
		"关于市委巡察反馈意见整改情况的报告",
		"（截至2026年6月15日）",
		"本批次共有问题2个、整改措施6项。截至2026年6月15日，已销号1项，待审核0项，正在整改1项，尚未开始4项；整改完成率16.7%，按时完成率50.0%。",
		"目前逾期未完成1项，0项临近整改时限。",
		// per-branch table: name, problems, measures, closed, submitted, in progress, open, overdue, rates
		"机关党委\n2\n6\n1\n0\n1\n4\n1\n16.7%\n50.0%",
		"　第一党支部\n1\n3\n1\n0\n0\n2\n0\n33.3%\n100.0%",
		"　第二党支部\n1\n3\n0\n0\n1\n2\n1\n0.0%\n0.0%",
		"截至2026年6月15日，尚有5项整改措施未完成销号，具体如下：",
		"原定2026年4月30日\n延期至2026年7月31日\n未开始\n延期原因：检查组人员抽调",
		"2026年6月30日\n（申请延期至2026年8月31日）\n未开始\n延期原因：财务系统升级",
		"补缴党费\n（问题：党费收缴不及时）\n李四\n2026年5月31日\n逾期15天\n最新进展：已收缴八成",
		"2026年7月15日\n未开始\n回头看发现反弹：检查流于形式\n最新进展：提交销号：已完成",
		"对已销号的整改措施，已开展“回头看”2项，其中巩固1项、反弹1项；待开展“回头看”0项，其中已到期0项。",
		"建立记录检查制度\n2026年6月10日\n检查流于形式\n2026年7月15日",
		"机关党委\n2026年6月15日",
	} {
		assert.Contains(t, text, want)
	}
}

func TestReportFollowsTheReadersScope(t *testing.T) {
	f := newFixture(t)
	leader := &ledger.User{Login: "ld", Name: "支书", Role: ledger.RoleLeader, BranchID: f.second.ID}
	require.NoError(t, f.st.CreateUser(f.admin, leader, "x"))
	sum, parts := f.write(t, leader, 0)
	assert.Equal(t, report.Summary{Tasks: 3, Open: 3}, sum)
	text := strings.Join(paragraphs(t, parts["word/document.xml"]), "\n")
	assert.NotContains(t, text, "会议记录", "nothing of another 支部")
	assert.Contains(t, text, "本批次共有问题1个、整改措施3项。")
}

func TestTheFooterAnchorsTheAuditTrailAsItStood(t *testing.T) {
	f := newFixture(t)
	head, err := f.st.ChainHead()
	require.NoError(t, err)
	_, parts := f.write(t, f.admin, 0)
	footer := strings.Join(paragraphs(t, parts["word/footer1.xml"]), "\n")
	assert.Contains(t, footer, "留痕校验值 "+head.Anchor())
	a, err := store.ParseAnchor(head.Anchor())
	require.NoError(t, err)
	v, err := f.st.VerifyChain(a)
	require.NoError(t, err)
	assert.True(t, v.OK, "the printed anchor verifies against the trail")
}

func TestReportCountsTheEffectOfRectification(t *testing.T) {
	f := newFixture(t)
	_, parts := f.write(t, f.admin, 0)
	text := strings.Join(paragraphs(t, parts["word/document.xml"]), "\n")
	// One measure stays closed; the 回头看 that found the other rebounded
	// reopened it and recorded a confirmed rebound.
	assert.Contains(t, text, "从各批次累计看，全部单位已销号整改措施1项，确认反弹问题1个，反弹率100.0%；从录入措施到销号用时中位数19天，按时完成率100.0%。")
	assert.Contains(t, text, "机关党委\n1\n1\n100.0%\n19天\n100.0%\n合计")

	leader := &ledger.User{Login: "ld", Name: "支书", Role: ledger.RoleLeader, BranchID: f.second.ID}
	require.NoError(t, f.st.CreateUser(f.admin, leader, "x"))
	_, parts = f.write(t, leader, 0)
	text = strings.Join(paragraphs(t, parts["word/document.xml"]), "\n")
	assert.Contains(t, text, "第二党支部（含下级单位）已销号整改措施0项，确认反弹问题0个")
}
