package web_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminPageShowsTheChainHeadAndVerifiesOnRequest(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.loginAdmin()
	head, err := a.st.ChainHead()
	require.NoError(t, err)
	body := a.get(c, "/admin").Body.String()
	assert.Contains(t, body, head.Anchor())
	assert.Contains(t, body, "尚未校验")

	w := a.post(c, "/admin/chain/verify", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	body = a.get(c, "/admin?done=verified").Body.String()
	assert.Contains(t, body, "完好，共")
	assert.NotContains(t, body, "尚未校验")

	officer := a.login("jiwei")
	assert.Equal(t, http.StatusForbidden, a.post(officer, "/admin/chain/verify", nil).Code)
}
