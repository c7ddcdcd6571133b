package notify

import (
	"net/url"
	"sort"
	"strings"
)

// MaskURL shows a webhook URL without its secret: query values (WeCom's
// key, DingTalk's access_token) and long path segments (Feishu's hook
// token) keep only their last four characters.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return ""
	}
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if len(s) > 16 {
			segs[i] = mask(s)
		}
	}
	// RawPath keeps the stars literal ('*' is valid in a path).
	u.Path = strings.Join(segs, "/")
	u.RawPath = u.Path
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range q[k] {
			m := mask(v)
			parts = append(parts, url.QueryEscape(k)+"="+m[:4]+url.QueryEscape(m[4:]))
		}
	}
	u.RawQuery = strings.Join(parts, "&")
	u.User = nil
	return u.String()
}

func mask(v string) string {
	if len(v) > 8 {
		return "****" + v[len(v)-4:]
	}
	return "****"
}
