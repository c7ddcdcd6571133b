package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The task answers are written without encoding/json; a client must not
// see a byte of difference, whatever the task holds.
func TestATaskAnswerIsWhatEncodingJSONWrites(t *testing.T) {
	e := newEnv(t)
	odd := e.createTaskOn(e.problem, "officer1", "member1", "2026-04-30", `整改 <b>"记录"</b> & 台账 \ 换行`+"\n\u2028").ID
	extended := e.extendedTask()
	returned := e.submittedTask()
	e.must(http.StatusOK, "POST", taskPath(returned, "reject"), "officer1", map[string]string{"reason": "材料不全 <补充>"})
	closed, _ := e.closedTask()
	e.must(http.StatusOK, "PATCH", taskPath(odd, ""), "officer1", map[string]any{
		"support_depts": []string{"宣传部", "<纪委>"}, "remark": "备注 & 说明", "owner_name": "张三"})
	for name, id := range map[string]int64{"odd texts and support departments": odd, "a pending extension": extended,
		"a returned submission": returned, "a closed task": closed} {
		t.Run(name, func(t *testing.T) {
			rec := e.must(http.StatusOK, "GET", taskPath(id, ""), "officer1", nil)
			stored, err := e.st.FindTask(e.st.Scope(e.users["admin"]), id)
			require.NoError(t, err)
			want, err := json.Marshal(stored)
			require.NoError(t, err)
			assert.Equal(t, string(want), rec.Body.String())
			assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
		})
	}
	t.Run("an action's answer", func(t *testing.T) {
		rec := e.must(http.StatusOK, "POST", taskPath(odd, "progress"), "member1", map[string]any{"note": "进展 <1>", "percent": 30})
		stored, err := e.st.FindTask(e.st.Scope(e.users["admin"]), odd)
		require.NoError(t, err)
		want, err := json.Marshal(stored)
		require.NoError(t, err)
		assert.Equal(t, string(want), rec.Body.String())
	})
}
