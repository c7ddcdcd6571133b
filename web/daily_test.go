package web_test

import (
	"strings"

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
