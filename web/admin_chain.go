package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"rectify/internal/store"
)

// chainCard is the admin page's view of the audit chain: the head to copy
// somewhere off the server, and how the last verification went.
type chainCard struct {
	Head store.ChainHead
	Last *store.Verification
}

func (h *Handler) loadChain() (*chainCard, error) {
	head, err := h.st.ChainHead()
	if err != nil {
		return nil, err
	}
	last, err := h.st.LastVerification()
	return &chainCard{Head: head, Last: last}, err
}

// adminVerifyChain walks the whole chain now and shows the outcome on the
// admin page.
func (h *Handler) adminVerifyChain(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	if _, err := h.st.VerifyChain(); err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?done=verified")
}
