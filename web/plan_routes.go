package web

import "github.com/gin-gonic/gin"

// planPageFiles are the pages officers keep the ledger with, and the
// admin's edit pages; parsed with the others at start.
var planPageFiles = map[string][]string{
	"batches":      {"layout", "batches"},
	"batch":        {"layout", "batch"},
	"batch_form":   {"layout", "batch_form", "fields"},
	"problem":      {"layout", "problem"},
	"problem_form": {"layout", "problem_form", "fields"},
	"measure_form": {"layout", "measure_form", "fields"},
	"withdrawn":    {"layout", "withdrawn"},
	"handover":     {"layout", "handover", "fields"},
	"user_form":    {"layout", "user_form", "fields"},
	"branch_form":  {"layout", "branch_form", "fields"},
	"channel_form": {"layout", "channel_form", "fields"},
}

// allPageFiles is every page: the pages of pageFiles and planPageFiles.
func allPageFiles() map[string][]string {
	all := make(map[string][]string, len(pageFiles)+len(planPageFiles))
	for _, m := range []map[string][]string{pageFiles, planPageFiles} {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}

// registerPlan adds the plan pages (GET shows, POST changes: no state
// changes on GET). Static segments (/tasks/new, /tasks/reassign) win over
// the task id in gin's router.
func (h *Handler) registerPlan(a *gin.RouterGroup) {
	a.GET("/batches", h.batchList)
	a.GET("/batches/new", h.batchNew)
	a.POST("/batches", h.batchCreate)
	a.GET("/batches/:id", h.batchShow)
	a.GET("/batches/:id/edit", h.batchEdit)
	a.POST("/batches/:id/edit", h.batchUpdate)
	a.GET("/problems/new", h.problemNew)
	a.POST("/problems", h.problemCreate)
	a.GET("/problems/:id", h.problemShow)
	a.GET("/problems/:id/edit", h.problemEdit)
	a.POST("/problems/:id/edit", h.problemUpdate)
	a.POST("/problems/:id/delete", h.problemDelete)
	a.GET("/tasks/new", h.measureNew)
	a.POST("/tasks", h.measureCreate)
	a.GET("/tasks/:id/edit", h.measureEdit)
	a.POST("/tasks/:id/edit", h.measureUpdate)
	a.POST("/tasks/:id/withdraw", h.measureWithdraw)
	a.GET("/tasks/reassign", h.handoverForm)
	a.POST("/tasks/reassign", h.handoverPost)
	a.GET("/admin/users/:id", h.userEdit)
	a.POST("/admin/users/:id", h.userUpdate)
	a.POST("/admin/users/:id/password", h.userPassword)
	a.GET("/admin/branches/:id", h.branchEdit)
	a.POST("/admin/branches/:id", h.branchUpdate)
	a.POST("/admin/branches/:id/delete", h.branchDelete)
	a.GET("/admin/channels/:id", h.channelEdit)
	a.POST("/admin/channels/:id", h.channelUpdate)
	a.POST("/admin/channels/:id/delete", h.channelDelete)
	a.POST("/admin/channels/:id/test", h.channelTest)
}
