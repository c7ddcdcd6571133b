package web_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

func TestEveryPlanPageRendersForAnOfficerAndAnAdmin(t *testing.T) {
	a := newTestApp(t)
	task := a.task("")
	officer := a.login("jiwei")
	admin := a.loginAdmin()
	for _, p := range []string{"/batches", "/batches/new", "/batches/1", "/batches/1/edit",
		"/problems/new?batch_id=1", "/problems/" + itoa(task.ProblemID), "/problems/" + itoa(task.ProblemID) + "/edit",
		"/tasks/new?problem_id=" + itoa(task.ProblemID), taskPath(task, "edit"),
		"/tasks/reassign", "/tasks/reassign?from_owner_id=" + itoa(a.user("zhangsan").ID)} {
		w := a.get(officer, p)
		assert.Equal(t, http.StatusOK, w.Code, "%s: %s", p, w.Body.String())
	}
	require.NoError(t, a.st.CreateChannel(system, &channelFixture))
	for _, p := range []string{"/admin/users/" + itoa(a.user("zhangsan").ID), "/admin/branches/" + itoa(a.branchID("办公室党支部")),
		"/admin/channels/" + itoa(channelFixture.ID)} {
		w := a.get(admin, p)
		assert.Equal(t, http.StatusOK, w.Code, "%s: %s", p, w.Body.String())
	}
}

var _ = ledger.RoleAdmin

var channelFixture = store.Channel{Type: store.ChannelWeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key", Enabled: true}
