package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/demo"
	"rectify/internal/notify"
	"rectify/internal/store"
)

func TestOnlyAnAdminReachesTheUserBranchAndChannelPages(t *testing.T) {
	f := newPlanFixture(t)
	ch := channelFixture
	require.NoError(t, f.st.CreateChannel(system, &ch))
	zhang := itoa(f.user("zhangsan").ID)
	for _, c := range []struct{ path string }{
		{"/admin/users/" + zhang}, {"/admin/users/" + zhang + "/password"}, {"/admin/branches/" + itoa(f.office)},
		{"/admin/branches/" + itoa(f.office) + "/delete"}, {"/admin/channels/" + itoa(ch.ID)},
		{"/admin/channels/" + itoa(ch.ID) + "/test"}, {"/admin/channels/" + itoa(ch.ID) + "/delete"},
	} {
		for name, who := range map[string]*http.Cookie{"officer": f.officer, "member": f.member} {
			before := f.events()
			w := f.post(who, c.path, url.Values{"name": {"改名"}, "password": {"new-password-1"}, "disabled": {"1"}})
			assert.Equal(t, http.StatusForbidden, w.Code, "%s posting %s", name, c.path)
			assert.Equal(t, before, f.events())
			if !strings.HasSuffix(c.path, "/password") && !strings.HasSuffix(c.path, "/delete") && !strings.HasSuffix(c.path, "/test") {
				assert.Equal(t, http.StatusForbidden, f.get(who, c.path).Code, c.path)
			}
		}
	}
}

func TestAnAdminEditsAUserKeepingInputOnRefusal(t *testing.T) {
	f := newPlanFixture(t)
	admin := f.loginAdmin()
	lisi := f.user("lisi")
	path := "/admin/users/" + itoa(lisi.ID)
	form := url.Values{"name": {"李四"}, "role": {"member"}, "branch_id": {itoa(f.office)}, "email": {"lisi@example.org"},
		"phone": {"电话号码"}}
	before := f.events()
	w := f.post(admin, path, form)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "电话只能包含数字")
	assert.Contains(t, w.Body.String(), `value="lisi@example.org"`, "the e-mail typed is kept")
	assert.Equal(t, before, f.events())

	form.Set("phone", "0571-8888 1234")
	w = f.post(admin, path, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	got := f.user("lisi")
	assert.Equal(t, "lisi@example.org", got.Email)
	assert.Equal(t, "0571-8888 1234", got.Phone)
}

func TestAResetPasswordEndsTheUsersSessions(t *testing.T) {
	f := newPlanFixture(t)
	admin := f.loginAdmin()
	path := "/admin/users/" + itoa(f.user("zhangsan").ID) + "/password"
	w := f.post(admin, path, url.Values{"password": {"short"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "密码至少 10 个字符")
	assert.Equal(t, http.StatusOK, f.get(f.member, "/my").Code, "a refused reset leaves the session")

	w = f.post(admin, path, url.Values{"password": {"new-password-1"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.NotEqual(t, http.StatusOK, f.get(f.member, "/my").Code, "the old session is gone")
	w = f.post(nil, "/login", url.Values{"login": {"zhangsan"}, "password": {demo.Password}})
	assert.NotEqual(t, http.StatusSeeOther, w.Code, "the old password no longer works")
	w = f.post(nil, "/login", url.Values{"login": {"zhangsan"}, "password": {"new-password-1"}})
	assert.Equal(t, http.StatusSeeOther, w.Code)
}

func TestADisabledUserCannotLogInAndIsOfferedNowhereAsOwner(t *testing.T) {
	f := newPlanFixture(t)
	admin := f.loginAdmin()
	lisi := f.user("lisi")
	w := f.post(admin, "/admin/users/"+itoa(lisi.ID), url.Values{"name": {"李四"}, "role": {"member"},
		"branch_id": {itoa(f.office)}, "disabled": {"1"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = f.post(nil, "/login", url.Values{"login": {"lisi"}, "password": {demo.Password}})
	assert.NotEqual(t, http.StatusSeeOther, w.Code)
	for _, p := range []string{"/problems/new?batch_id=" + itoa(f.batch), "/tasks/new?problem_id=" + itoa(f.problem), taskPath(f.task, "edit")} {
		body := f.get(f.officer, p).Body.String()
		assert.NotContains(t, body, `value="`+itoa(lisi.ID)+`"`, p)
		assert.Contains(t, body, "张三（办公室党支部）", p)
	}
	assert.NotContains(t, f.get(f.officer, "/tasks/reassign?from_owner_id="+itoa(f.user("zhangsan").ID)).Body.String(),
		`<option value="`+itoa(lisi.ID)+`">李四（办公室党支部）`, "nor as a new owner in a handover")
	before := f.events()
	w = f.post(f.officer, "/tasks", url.Values{"problem_id": {itoa(f.problem)}, "description": {"x"}, "due_on": {"2026-12-31"},
		"owner_id": {itoa(lisi.ID)}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "已停用的用户不能作责任人")
	assert.Equal(t, before, f.events())
}

func TestABranchIsRenamedMovedAndDeletedOnlyWhenEmpty(t *testing.T) {
	f := newPlanFixture(t)
	admin := f.loginAdmin()
	path := "/admin/branches/" + itoa(f.office)
	w := f.post(admin, path, url.Values{"name": {"办公室党支部（综合）"}, "parent_id": {itoa(f.office)}})
	assert.Equal(t, http.StatusBadRequest, w.Code, "not under itself")
	assert.Contains(t, w.Body.String(), `value="办公室党支部（综合）"`)
	w = f.post(admin, path, url.Values{"name": {"办公室党支部（综合）"}, "parent_id": {itoa(f.branchID("市直机关党委"))}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "办公室党支部（综合）", f.st.Tree().Get(f.office).Name)

	before := f.events()
	w = f.post(admin, path+"/delete", nil)
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "不能删除")
	assert.Equal(t, before, f.events())
}

type answer struct{ err error }

func (a answer) Send(context.Context, notify.Channel, notify.Digest) error { return a.err }

func TestAChannelIsEditedDisabledTestedAndDeleted(t *testing.T) {
	f := newPlanFixture(t)
	admin := f.loginAdmin()
	ch := channelFixture
	require.NoError(t, f.st.CreateChannel(system, &ch))
	path := "/admin/channels/" + itoa(ch.ID)

	w := f.post(admin, path, url.Values{"type": {"dingtalk"}, "branch_id": {""}, "url": {"ftp://robot"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), `id="f-url-e"`)
	w = f.post(admin, path, url.Values{"type": {"wecom"}, "branch_id": {itoa(f.office)}, "url": {""}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	got, err := f.st.FindChannel(ch.ID)
	require.NoError(t, err)
	assert.False(t, got.Enabled, "unchecked: disabled")
	assert.Equal(t, f.office, got.BranchID)
	assert.Equal(t, channelFixture.URL, got.URL, "an empty URL keeps the stored one")
	assert.NotContains(t, f.get(admin, path).Body.String(), "secret-key", "the key never goes back to the browser")

	f.api.App().SetChannelSender(answer{err: errors.New("notify: wecom: code 93000: invalid webhook url")})
	w = f.post(admin, path+"/test", nil)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "测试消息发送失败")
	assert.Contains(t, w.Body.String(), "invalid webhook url")
	f.api.App().SetChannelSender(answer{})
	assert.Contains(t, f.post(admin, path+"/test", nil).Body.String(), "测试消息已发送")

	w = f.post(admin, path+"/delete", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	_, err = f.st.FindChannel(ch.ID)
	assert.Error(t, err)
	assert.True(t, strings.HasPrefix(w.Header().Get("Location"), "/admin"))
}

var _ = store.ChannelWeCom
