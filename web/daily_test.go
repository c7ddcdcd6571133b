package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"

	"github.com/stretchr/testify/require"
)

// unreadOf is the header's unread count of a user.
func (a *testApp) unreadOf(login string) int {
	n, err := a.st.UnreadCount(a.user(login).ID)
	require.NoError(a.t, err)
	return n
}

func excerpt(body, near string) string {
	i := strings.Index(body, near)
	if i < 0 {
		return "(absent)"
	}
	return body[max(0, i-300):min(len(body), i+300)]
}

func TestARefusedReviewKeepsItsChoiceBesideTheField(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	officer := a.login("jiwei")
	closed := a.task("对照规范补齐会议记录")
	reviews := pendingReviews(t, a, closed)
	require.Len(t, reviews, 1)
	w := a.post(officer, taskPath(closed, "review"), url.Values{"review_id": {itoa(reviews[0].ID)},
		"outcome": {"rebound"}, "note": {""}, "due_on": {a.st.Today().AddDays(30).String()}, "from": {"/my"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `value="rebound" checked`, "the choice is kept")
	assert.NotContains(t, body, `value="consolidated" checked`)
	assert.Contains(t, body, `value="`+a.st.Today().AddDays(30).String()+`"`, "the date is kept")
	assert.Regexp(t, `id="rv-note"[^>]*aria-invalid="true"`, body, "the note is marked")
	assert.Contains(t, body, `<p class="field-error" id="e-rv-note">`, "the message sits beside the note")
	assert.Contains(t, body, `<a href="/my">我的待办</a>`, "the breadcrumb still leads back")
	assert.Equal(t, ledger.StatusClosed, a.reload(closed).Status, "nothing changed")

	again := a.get(officer, taskPath(closed, "review"))
	assert.Equal(t, http.StatusSeeOther, again.Code, "reopening the refused post's address is not a 404")
	assert.Equal(t, taskPath(closed)+"#act-review", again.Header().Get("Location"))
	assert.Equal(t, http.StatusNotFound, a.get(officer, taskPath(closed, "nonsense")).Code)
}

func TestSubmittingWithoutNoteOrEvidenceIsCheckedByTheBrowserFirst(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	member := a.login("zhangsan")
	own := a.task("全面梳理内部管理制度")
	page := a.get(member, taskPath(own)).Body.String()
	assert.Regexp(t, `<textarea id="s-note" name="note" rows="3" required`, page,
		"required before the confirm dialog can appear")
}
