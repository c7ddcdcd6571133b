package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

// cascadePage is 举一反三 for one problem: the problems like it in the
// viewer's scope, the rebound flags on it, the 举一反三 already sent with
// their roll-ups, and, for an officer, the form to send it to branches.
type cascadePage struct {
	base
	Problem   *ledger.Problem
	Branch    string
	Similar   []similarItem
	Rebounds  []reboundLink
	Sent      []sentCascade
	CanSend   bool
	Choices   []branchChoice
	AllUnder  bool
	DueOn     string
	ErrField  string
	FormError string
}

// branchChoice is one branch the officer may ask, indented by depth.
type branchChoice struct {
	ID      int64
	Name    string
	Indent  string
	Checked bool
}

type reboundLink struct {
	Other   *ledger.Problem
	Earlier bool // Other is the closed problem this one may be the return of
	Status  string
	Score   string
}

type sentCascade struct {
	DueOn ledger.Date
	ledger.CascadeRollup
	Items []sentItem
}

type sentItem struct {
	Branch string
	Answer string
	Note   string
}

var reboundStatusLabel = map[ledger.ReboundStatus]string{
	ledger.ReboundPending: "待确认", ledger.ReboundConfirmed: "已确认反弹", ledger.ReboundDismissed: "不是反弹",
}

var answerLabel = map[ledger.CascadeAnswer]string{"": "未作答", ledger.CascadeExists: "存在", ledger.CascadeAbsent: "不存在"}

func (h *Handler) cascadePageGet(c *gin.Context) { h.showCascadePage(c, http.StatusOK, nil, nil) }

// showCascadePage renders the page; in and err, when given, are a refused
// form to show again.
func (h *Handler) showCascadePage(c *gin.Context, status int, in *app.CascadeInput, formErr error) {
	u := api.CurrentUser(c)
	pid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	scope := h.st.Scope(u)
	pr, err := h.st.FindProblem(scope, pid)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &cascadePage{base: base{Title: "举一反三", Nav: "tasks"}, Problem: pr, Branch: branchName(scope, pr.BranchID),
		CanSend: u.Role == ledger.RoleOfficer || u.Role == ledger.RoleAdmin, DueOn: h.st.Today().AddDays(14).String()}
	if err := h.fillCascadePage(c, u, p); err != nil {
		h.fail(c, err)
		return
	}
	p.Flash = map[string]string{"sent": "已下发举一反三，各单位纪检委员将收到自查通知。"}[c.Query("done")]
	if in != nil {
		p.AllUnder, p.DueOn = in.AllUnder, in.DueOn
		for i := range p.Choices {
			p.Choices[i].Checked = slices.Contains(in.BranchIDs, p.Choices[i].ID)
		}
		p.FormError, p.ErrorReason, p.ErrField = messageOf(formErr), ledger.ReasonOf(formErr), refusedField(formErr)
		if p.ErrField == "" {
			p.Error = p.FormError // not about one field: shown at the top
		}
	}
	h.render(c, status, "cascade", p)
}

func (h *Handler) fillCascadePage(c *gin.Context, u *ledger.User, p *cascadePage) error {
	scope := h.st.Scope(u)
	items, err := h.app.SimilarToProblem(c.Request.Context(), u, p.Problem.ID, 10)
	if err != nil && ledger.ErrorCode(err) != ledger.EINTERNAL {
		return err
	}
	for _, it := range items {
		p.Similar = append(p.Similar, similarItem{SimilarProblem: it, Branch: branchName(scope, it.BranchID), URL: "/problems/" + id(it.ProblemID) + "/cascade"})
	}
	rs, err := h.app.Rebounds(u, p.Problem.ID, "")
	if err != nil {
		return err
	}
	for _, r := range rs {
		other, earlier := r.EarlierProblemID, true
		if other == p.Problem.ID {
			other, earlier = r.ProblemID, false
		}
		op, err := h.st.FindProblem(scope, other)
		if err != nil {
			continue
		}
		l := reboundLink{Other: op, Earlier: earlier, Status: reboundStatusLabel[r.Status]}
		if r.Score > 0 {
			l.Score = strconv.FormatFloat(r.Score, 'f', 2, 64)
		}
		p.Rebounds = append(p.Rebounds, l)
	}
	cs, err := h.app.CascadesOf(u, p.Problem.ID)
	if err != nil {
		return err
	}
	for _, cv := range cs {
		s := sentCascade{DueOn: cv.DueOn, CascadeRollup: cv.Rollup}
		for _, it := range cv.Items {
			s.Items = append(s.Items, sentItem{Branch: branchName(scope, it.BranchID), Answer: answerLabel[it.Answer], Note: it.Note})
		}
		p.Sent = append(p.Sent, s)
	}
	if p.CanSend {
		for _, b := range scope.Tree.Subtree(scope.Root()) {
			if b != p.Problem.BranchID && scope.Manages(b) {
				depth := scope.Tree.Depth(b) - scope.Tree.Depth(scope.Root())
				if scope.Root() == 0 {
					depth = scope.Tree.Depth(b)
				}
				p.Choices = append(p.Choices, branchChoice{ID: b, Name: branchName(scope, b), Indent: indent(depth)})
			}
		}
	}
	return nil
}

func indent(depth int) string {
	s := ""
	for range max(depth, 0) {
		s += "　"
	}
	return s
}

// startCascade sends the problem to the branches chosen.
func (h *Handler) startCascade(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	pid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	in := app.CascadeInput{AllUnder: c.PostForm("all_under") != "", DueOn: c.PostForm("due_on")}
	for _, v := range c.PostFormArray("branch_ids") {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.BranchIDs = append(in.BranchIDs, n)
		}
	}
	if _, err := h.app.StartCascade(api.CurrentUser(c), pid, in); err != nil {
		code := ledger.ErrorCode(err)
		if code != ledger.EINVALID && code != ledger.ECONFLICT && code != ledger.EUNPROCESS {
			h.fail(c, err)
			return
		}
		h.showCascadePage(c, statusOf(code), &in, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/problems/"+id(pid)+"/cascade?done=sent")
}
