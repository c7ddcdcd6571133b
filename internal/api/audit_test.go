package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTheAdminSeesTheChainHeadAndVerifiesIt(t *testing.T) {
	e := newEnv(t)
	var status struct {
		Head struct {
			Seq  int64  `json:"seq"`
			Hash string `json:"hash"`
			Algo string `json:"algo"`
		} `json:"head"`
		Anchor           string          `json:"anchor"`
		LastVerification json.RawMessage `json:"last_verification"`
	}
	require.NoError(t, json.Unmarshal(e.must(http.StatusOK, "GET", "/admin/chain", "admin", nil).Body.Bytes(), &status))
	assert.Positive(t, status.Head.Seq, "setting up the org wrote events")
	assert.Len(t, status.Head.Hash, 64)
	assert.Equal(t, "sha256", status.Head.Algo)
	assert.JSONEq(t, "null", string(status.LastVerification), "never verified yet")

	var v struct {
		OK     bool  `json:"ok"`
		Events int64 `json:"events"`
	}
	require.NoError(t, json.Unmarshal(e.must(http.StatusOK, "POST", "/admin/chain/verify", "admin", nil).Body.Bytes(), &v))
	assert.True(t, v.OK)
	assert.Equal(t, status.Head.Seq, v.Events)

	require.NoError(t, json.Unmarshal(e.must(http.StatusOK, "GET", "/admin/chain", "admin", nil).Body.Bytes(), &status))
	assert.Contains(t, string(status.LastVerification), `"ok":true`)

	for _, who := range []string{"officer", "leader", "member1"} {
		wantError(t, e.do("GET", "/admin/chain", who, nil), http.StatusForbidden, "forbidden", "")
		wantError(t, e.do("POST", "/admin/chain/verify", who, nil), http.StatusForbidden, "forbidden", "")
	}
}
