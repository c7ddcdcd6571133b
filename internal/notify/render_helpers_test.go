package notify

import "strconv"

// Render returns what Send would post for d on a channel of type ch: the
// JSON body for robots (unsigned: Feishu's timestamp and sign are added at
// send time) or the plain text of an e-mail. Only tests use it (production
// sends through each channel's send function); the output holds only Item
// metadata.
func Render(ch ChannelType, d Digest) ([]byte, error) {
	switch ch {
	case WeCom:
		return renderWeCom(d)
	case DingTalk:
		return renderDingTalk(d)
	case Feishu:
		return renderFeishu(d, "", "")
	case Email:
		return []byte(renderEmailText(d)), nil
	}
	return nil, fieldErr("type", "unknown channel type "+strconv.Quote(string(ch)))
}
