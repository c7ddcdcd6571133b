// Package notify delivers reminder digests to the outside world: WeCom
// (企业微信), DingTalk (钉钉) and Feishu (飞书) group robots, and e-mail.
//
// The package knows nothing of the ledger's storage or jobs; callers hand it a
// Channel and a Digest and get back an error that says whether trying again
// later could help (IsRetryable). The outbox that retries uses NextAttempt and
// MaxAttempts from here so the schedule lives next to the code that fails.
//
// What a message may say is deliberately narrow: the ledger is confidential
// (巡察 material is handled on the 内网), so an Item carries only a task number,
// branch, due date, light, days overdue and a link — never the problem or the
// measure text. There is no field to put them in, so no caller can leak them.
//
// Webhook URLs are entered by users, so every outbound HTTP connection goes
// through a dialer that refuses loopback, private, link-local and similar
// addresses (checked on the resolved IP at dial time), unless an administrator
// allowed the range with RECTIFY_WEBHOOK_ALLOW.
package notify
