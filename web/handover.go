package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

type handoverPage struct {
	base
	Form   *form
	People []*ledger.User // whose measures may be handed over
	To     []*ledger.User // who may take them: active members and officers
	From   *ledger.User
	Tasks  []*ledger.Task
	Today  ledger.Date
}

// handoverForm is 整改责任交接: pick a person, see their unfinished
// measures, choose all or some, name the new owner and the reason.
func (h *Handler) handoverForm(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f := newForm()
	f.Values["from_owner_id"], f.Values["to_owner_id"], f.Values["reason"] = c.Query("from_owner_id"), "", ""
	h.renderHandover(c, http.StatusOK, u, f, true)
}

func (h *Handler) renderHandover(c *gin.Context, status int, u *ledger.User, f *form, checkAll bool) {
	p := &handoverPage{base: base{Title: "整改责任交接", Nav: "batches"}, Form: f, Today: h.st.Today()}
	all, err := h.app.Users(u)
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, x := range all {
		if x.Role == ledger.RoleMember || x.Role == ledger.RoleOfficer {
			p.People = append(p.People, x)
			if !x.Disabled {
				p.To = append(p.To, x)
			}
		}
	}
	if from := f.idField("from_owner_id"); from != 0 {
		delete(f.Errors, "from_owner_id")
		p.Tasks, err = h.app.HandoverCandidates(u, from)
		if err != nil {
			f.explain(err)
		}
		for _, x := range p.People {
			if x.ID == from {
				p.From = x
			}
		}
		if checkAll {
			for _, t := range p.Tasks {
				f.Lists["task_ids"] = append(f.Lists["task_ids"], id(t.ID))
			}
		}
	}
	if n, err := strconv.Atoi(c.Query("done")); err == nil && status == http.StatusOK {
		p.Flash = "已交接 " + strconv.Itoa(n) + " 项整改措施，新责任人已收到通知。"
	}
	p.Error = f.summary()
	h.render(c, status, "handover", p)
}

// handoverPost handles POST /tasks/reassign.
func (h *Handler) handoverPost(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, "from_owner_id", "to_owner_id", "reason")
		f.Values["task_ids"] = ""
		f.Lists["task_ids"] = c.PostFormArray("task_ids")
		in := app.HandoverInput{FromOwnerID: f.idField("from_owner_id"), ToOwnerID: f.idField("to_owner_id"), Reason: f.V("reason")}
		if c.PostForm("chosen") == "1" {
			// The list was shown: what is ticked is the choice, and
			// nothing ticked is not "all".
			in.TaskIDs = []int64{}
		}
		for _, v := range f.Lists["task_ids"] {
			n, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil {
				f.Errors["task_ids"] = "请从列表中选择措施。"
			}
			in.TaskIDs = append(in.TaskIDs, n)
		}
		if f.Any() {
			h.renderHandover(c, http.StatusBadRequest, u, f, false)
			return
		}
		var n int
		if n, err = h.app.Reassign(u, in); err == nil && n == 0 {
			f.Errors["from_owner_id"] = "该责任人没有可交接的未完成措施。"
			h.renderHandover(c, http.StatusBadRequest, u, f, false)
			return
		}
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/tasks/reassign?done="+strconv.Itoa(n))
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderHandover(c, status, u, f, false)
	}
}
