package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

// similarLimit is how many 相似问题 a form shows while one types.
const similarLimit = 5

// similarItem is one 相似问题 as the page's script shows it.
type similarItem struct {
	app.SimilarProblem
	Branch string `json:"branch"`
	URL    string `json:"url"`
}

// similarJSON answers the problems most like the text being typed into a
// problem form, for static/app.js. It runs under the page's session and
// cross-origin check like every form, not under the API's bearer token:
// the page has no token. The answer is JSON; a refusal is JSON too, with
// the Chinese message.
func (h *Handler) similarJSON(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	u := api.CurrentUser(c)
	branch, _ := strconv.ParseInt(c.PostForm("branch_id"), 10, 64)
	items, err := h.app.SimilarToText(c.Request.Context(), u, app.SimilarQuery{Text: c.PostForm("text"),
		Category: c.PostForm("category"), BranchID: branch, Limit: similarLimit})
	if err != nil {
		code := ledger.ErrorCode(err)
		c.JSON(statusOf(code), gin.H{"error": code, "reason": ledger.ReasonOf(err), "message": messageOf(err)})
		return
	}
	scope := h.st.Scope(u)
	out := make([]similarItem, len(items))
	for i, it := range items {
		out[i] = similarItem{SimilarProblem: it, Branch: branchName(scope, it.BranchID), URL: "/problems/" + id(it.ProblemID)}
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}
