package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

// The officer's side of 举一反三 and rebounds on 我的待办: self-checks to
// answer and rebound flags to decide. Each form posts to the same use case
// as the JSON API; a refused form shows 我的待办 again with the input kept
// and the reason beside the field.

func (h *Handler) registerEffect(g *gin.RouterGroup) {
	g.GET("/effect", h.effect)
	g.POST("/cascades/:id/answer", h.answerCascade)
	g.POST("/rebounds/:id/confirm", h.decideRebound(true))
	g.POST("/rebounds/:id/dismiss", h.decideRebound(false))
	g.POST("/problems/similar.json", h.similarJSON)
	g.GET("/problems/:id/cascade", h.cascadePageGet)
	g.POST("/problems/:id/cascade", h.startCascade)
}

// effectWork is the 举一反三 and rebound part of 我的待办.
type effectWork struct {
	SelfChecks []selfCheck
	Rebounds   []reboundFlag
}

// selfCheck is one branch's self-check waiting for an answer.
type selfCheck struct {
	CascadeID, BranchID int64
	Branch              string
	Category            string
	Source              string // the problem found elsewhere
	SourceBranch        string
	DueOn               ledger.Date
	Late                bool
	Answer, Note        string // the input of a refused form, kept
	Error, ErrorField   string
	ErrorReason         string
}

// reboundFlag is one possible rebound waiting for the officer's decision.
type reboundFlag struct {
	ID                int64
	Branch            string
	Problem, Earlier  string
	ProblemCategory   string
	EarlierCategory   string
	Score             string
	Review            bool // flagged by a 回头看 rather than by similarity
	Note              string
	Error, ErrorField string
	ErrorReason       string
	Dismissing        bool // the refused form was 不是反弹
}

// effectForm is a refused self-check or rebound form: what was typed and
// why it was refused, to show beside the field.
type effectForm struct {
	CascadeID, BranchID, ReboundID int64
	Answer, Note                   string
	Dismiss                        bool
	Err                            error
}

// effectDone confirm a successful answer or decision after the redirect.
var effectDone = map[string]string{
	"cascade-exists":  "已记录自查结果：存在该问题，已转为本单位的整改问题，请制定整改措施。",
	"cascade-absent":  "已记录自查结果：不存在该问题。",
	"rebound-confirm": "已确认为反弹问题，两个问题已关联。",
	"rebound-dismiss": "已确认不是反弹。",
}

// allUnits reads a cascade's source problem for the branches asked: the
// cascade itself shares the problem's text with them (an answer of 存在
// copies it into the branch), even when the problem's own branch is
// outside their scope.
var allUnits = &ledger.User{Login: "system", Role: ledger.RoleAdmin}

// loadEffectWork fills the 举一反三 and rebound sections of 我的待办 for
// an officer (or admin); form, when not nil, is a refused form to show.
func (h *Handler) loadEffectWork(u *ledger.User, form *effectForm) (effectWork, error) {
	var w effectWork
	if u.Role != ledger.RoleOfficer && u.Role != ledger.RoleAdmin {
		return w, nil
	}
	scope := h.st.Scope(u)
	today := h.st.Today()
	cs, err := h.app.WaitingCascades(u)
	if err != nil {
		return w, err
	}
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.SourceProblemID)
	}
	sources, err := h.st.ProblemsByID(h.st.Scope(allUnits), ids)
	if err != nil {
		return w, err
	}
	for _, c := range cs {
		for _, it := range c.Items {
			if it.Answer != "" || (it.OwnerID != u.ID && !scope.Manages(it.BranchID)) {
				continue
			}
			sc := selfCheck{CascadeID: c.ID, BranchID: it.BranchID, Branch: branchName(scope, it.BranchID),
				DueOn: c.DueOn, Late: c.DueOn < today}
			if p := sources[c.SourceProblemID]; p != nil {
				sc.Source, sc.Category = p.Description, p.Category
				sc.SourceBranch = branchName(h.st.Scope(allUnits), p.BranchID)
			}
			if form != nil && form.CascadeID == c.ID && form.BranchID == it.BranchID {
				sc.Answer, sc.Note = form.Answer, form.Note
				sc.Error, sc.ErrorField, sc.ErrorReason = messageOf(form.Err), refusedField(form.Err), ledger.ReasonOf(form.Err)
			}
			w.SelfChecks = append(w.SelfChecks, sc)
		}
	}
	w.Rebounds, err = h.loadRebounds(u, form)
	return w, err
}

func (h *Handler) loadRebounds(u *ledger.User, form *effectForm) ([]reboundFlag, error) {
	scope := h.st.Scope(u)
	rs, err := h.app.Rebounds(u, 0, ledger.ReboundPending)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ProblemID, r.EarlierProblemID)
	}
	ps, err := h.st.ProblemsByID(scope, ids)
	if err != nil {
		return nil, err
	}
	var out []reboundFlag
	for _, r := range rs {
		if !scope.Manages(r.BranchID) {
			continue
		}
		f := reboundFlag{ID: r.ID, Branch: branchName(scope, r.BranchID), Review: r.Source != ledger.ReboundSimilar}
		if r.Score > 0 {
			f.Score = strconv.FormatFloat(r.Score, 'f', 2, 64)
		}
		if p := ps[r.ProblemID]; p != nil {
			f.Problem, f.ProblemCategory = p.Description, p.Category
		}
		if p := ps[r.EarlierProblemID]; p != nil {
			f.Earlier, f.EarlierCategory = p.Description, p.Category
		}
		if form != nil && form.ReboundID == r.ID {
			f.Note, f.Dismissing = form.Note, form.Dismiss
			f.Error, f.ErrorField, f.ErrorReason = messageOf(form.Err), refusedField(form.Err), ledger.ReasonOf(form.Err)
		}
		out = append(out, f)
	}
	return out, nil
}

// refusedField is the form field a refusal names, or "" for the whole form.
func refusedField(err error) string {
	if ledger.ErrorCode(err) != ledger.EINVALID {
		return ""
	}
	return ledger.ErrorField(err)
}

// answerCascade records a branch's answer to its self-check.
func (h *Handler) answerCascade(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	cid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	branch, _ := strconv.ParseInt(c.PostForm("branch_id"), 10, 64)
	form := &effectForm{CascadeID: cid, BranchID: branch, Answer: c.PostForm("answer"), Note: c.PostForm("note")}
	if _, form.Err = h.app.AnswerCascade(api.CurrentUser(c), cid, branch, form.Answer, form.Note); form.Err != nil {
		h.effectFormFailed(c, form)
		return
	}
	c.Redirect(http.StatusSeeOther, "/my?done=cascade-"+form.Answer+"#self-checks")
}

// decideRebound confirms or dismisses a rebound flag.
func (h *Handler) decideRebound(confirm bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
		rid, err := pathInt(c, "id")
		if err != nil {
			h.fail(c, err)
			return
		}
		form := &effectForm{ReboundID: rid, Note: c.PostForm("note"), Dismiss: !confirm}
		if _, form.Err = h.app.DecideRebound(api.CurrentUser(c), rid, confirm, form.Note); form.Err != nil {
			h.effectFormFailed(c, form)
			return
		}
		done := "rebound-confirm"
		if !confirm {
			done = "rebound-dismiss"
		}
		c.Redirect(http.StatusSeeOther, "/my?done="+done+"#rebounds")
	}
}

// effectFormFailed answers a refused form: forbidden and not-found get
// the error page; invalid input or a changed state shows 我的待办 again.
func (h *Handler) effectFormFailed(c *gin.Context, form *effectForm) {
	code := ledger.ErrorCode(form.Err)
	if code != ledger.EINVALID && code != ledger.ECONFLICT && code != ledger.ETOOLARGE {
		h.fail(c, form.Err)
		return
	}
	h.showMy(c, statusOf(code), form)
}

// addEffectWork puts the self-checks and rebound flags on 我的待办, with
// the message of a finished form or the refusal of one whose item is gone
// (answered meanwhile by someone else).
func (h *Handler) addEffectWork(c *gin.Context, p *myPage, form *effectForm) error {
	w, err := h.loadEffectWork(api.CurrentUser(c), form)
	if err != nil {
		return err
	}
	p.Effect = w
	if form == nil {
		p.Flash = effectDone[c.Query("done")]
		return nil
	}
	shown := false
	for _, s := range w.SelfChecks {
		shown = shown || s.Error != ""
	}
	for _, r := range w.Rebounds {
		shown = shown || r.Error != ""
	}
	if !shown {
		p.Error, p.ErrorReason = messageOf(form.Err), ledger.ReasonOf(form.Err)
	}
	return nil
}

func init() {
	for k, v := range map[string]string{
		"cascade.note_required": "请写明本单位是如何自查的（例如查阅了哪些记录、访谈了哪些人）。",
		"cascade.answered":      "该自查已经作答，请刷新页面查看。",
		"rebound.note_required": "请说明这两个问题为什么不是同一个问题。",
		"rebound.decided":       "该反弹提示已经处理，请刷新页面查看。",
	} {
		reasonMessages[k] = v
	}
	fieldMessages["answer"] = "请选择自查结果：存在或不存在。"
}

// openCascade is one 举一反三 still waiting for an answer, as the
// dashboard rolls it up.
type openCascade struct {
	Source string
	DueOn  ledger.Date
	Late   bool
	ledger.CascadeRollup
}

// openCascades rolls up the 举一反三 with a self-check still unanswered in
// the viewer's scope: N branches asked, M answered, K found it, O late.
// Only cascades whose source problem the viewer sees are counted; a
// branch officer asked by someone above finds theirs on 我的待办.
func (h *Handler) openCascades(u *ledger.User) ([]openCascade, error) {
	waiting, err := h.app.WaitingCascades(u)
	if err != nil {
		return nil, err
	}
	open := map[int64]bool{}
	var sources []int64
	for _, c := range waiting {
		if !open[c.ID] {
			open[c.ID] = true
			sources = append(sources, c.SourceProblemID)
		}
	}
	slices.Sort(sources)
	sources = slices.Compact(sources)
	ps, err := h.st.ProblemsByID(h.st.Scope(u), sources)
	if err != nil {
		return nil, err
	}
	today := h.st.Today()
	var out []openCascade
	for _, src := range sources {
		p := ps[src]
		if p == nil {
			continue
		}
		cs, err := h.app.CascadesOf(u, src)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if open[c.ID] {
				out = append(out, openCascade{Source: p.Description, DueOn: c.DueOn, Late: c.DueOn < today, CascadeRollup: c.Rollup})
			}
		}
	}
	return out, nil
}
