package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

// problemEdit shows a problem's text for editing.
func (h *Handler) problemEdit(c *gin.Context) {
	u, pr, ok := h.managedProblem(c)
	if !ok {
		return
	}
	f := newForm()
	f.Values = map[string]string{"batch_id": id(pr.BatchID), "branch_id": id(pr.BranchID), "category": pr.Category,
		"description": pr.Description, "cause": pr.Cause, "leader": pr.Leader}
	h.renderProblemForm(c, http.StatusOK, u, f, pr.ID)
}

// managedProblem loads the problem of the path for a plan page, after
// the role check (mayPlan), and returns the signed-in user with it.
func (h *Handler) managedProblem(c *gin.Context) (*ledger.User, *ledger.Problem, bool) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return nil, nil, false
	}
	pid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return nil, nil, false
	}
	pr, err := h.app.Problem(u, pid)
	if err == nil && !h.st.Scope(u).Manages(pr.BranchID) {
		err = ledger.Errorf(ledger.EFORBIDDEN, "not yours to plan")
	}
	if err != nil {
		h.fail(c, err)
		return nil, nil, false
	}
	return u, pr, true
}

// problemUpdate handles POST /problems/{id}/edit.
func (h *Handler) problemUpdate(c *gin.Context) {
	u, pr, ok := h.managedProblem(c)
	if !ok {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, problemFields...)
		f.Values["batch_id"], f.Values["branch_id"] = id(pr.BatchID), id(pr.BranchID)
		in := app.ProblemInput{Category: f.ptr("category"), Description: f.ptr("description"), Cause: f.ptr("cause"), Leader: f.ptr("leader")}
		if _, err = h.app.UpdateProblem(u, pr.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/problems/"+id(pr.ID)+"?done=edited")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderProblemForm(c, status, u, f, pr.ID)
	}
}

// problemDelete handles POST /problems/{id}/delete, for a problem entered
// by mistake that has no measures.
func (h *Handler) problemDelete(c *gin.Context) {
	u, pr, ok := h.managedProblem(c)
	if !ok {
		return
	}
	err := readForm(c)
	if err == nil {
		if err = h.app.DeleteProblem(u, pr.ID); err == nil {
			c.Redirect(http.StatusSeeOther, "/batches/"+id(pr.BatchID)+"?done=deleted")
			return
		}
	}
	if ledger.ErrorCode(err) == ledger.ECONFLICT {
		h.renderError(c, http.StatusConflict, "不能删除", "该问题下还有整改措施，不能删除。如措施录入有误，请先逐条撤销。")
		return
	}
	h.fail(c, err)
}
